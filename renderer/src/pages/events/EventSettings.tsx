// 设置 of the event desk: 节假日调整 (the town's corrections to the working-day calendar: a day made a holiday or a
// working day, with a note; whether this and next year's national calendar is known) and 事件类别 (the built-in
// GB/T 31000 items and the town's own, which the town adds and stops using).
import { App, Button, Card, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { call, errorMessage } from '../../api';
import { applyProblems, DateField, todayString } from '../../components/fields';
import { useLoad } from '../../components/ledger/common';

export function CalendarCard() {
  const { message } = App.useApp();
  const [year, setYear] = useState(() => Number(todayString().slice(0, 4)));
  const status = useLoad(() => call('calendar.status', { date: `${year}-06-01` }), [year]);
  const list = useLoad(() => call('calendar.list', { year }), [year]);
  const [form] = Form.useForm<{ date: string; workday: boolean; note?: string }>();
  const save = async (v: { date: string; workday: boolean; note?: string }) => {
    try {
      await call('calendar.set', { date: v.date, workday: v.workday, note: v.note ?? '' });
      message.success('已保存');
      form.resetFields();
      list.reload();
      status.reload();
    } catch (err) {
      applyProblems(form, err);
      message.error(errorMessage(err));
    }
  };
  const clear = async (date: string) => {
    try {
      await call('calendar.clear', { date });
      list.reload();
      status.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const s = status.value;
  return (
    <Card title="节假日调整" style={{ maxWidth: 760, marginBottom: 16 }} data-testid="calendar-card">
      <p className="muted">
        事件的受理、分流、办结时限按工作日计算：法定节假日和调休上班日取自国家安排；每年的安排公布较晚，或本镇另有调整时，在这里更正某一天是上班还是放假，更正优先。
      </p>
      {s ? (
        <Space style={{ marginBottom: 12 }} wrap>
          <Tag color={s.known ? 'green' : 'orange'}>{s.year} 年国家节假日{s.known ? '已收录' : '未收录（暂按周一至周五）'}</Tag>
          <Tag color={s.nextKnown ? 'green' : 'orange'}>{s.nextYear} 年{s.nextKnown ? '已收录' : '未收录'}</Tag>
          <span className="muted">本年本镇调整 {s.corrections} 天</span>
        </Space>
      ) : null}
      <Form form={form} layout="inline" onFinish={save} initialValues={{ workday: false }} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="date" rules={[{ required: true, message: '请选择日期' }]}>
          <DateField placeholder="日期" />
        </Form.Item>
        <Form.Item name="workday">
          <Radio.Group options={[{ value: false, label: '放假' }, { value: true, label: '上班' }]} />
        </Form.Item>
        <Form.Item name="note">
          <Input placeholder="说明，如：镇里统一补休" maxLength={100} style={{ width: 220 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="calendar-save">
          保存
        </Button>
      </Form>
      <Space style={{ marginBottom: 8 }}>
        年份
        <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
      </Space>
      <Table
        size="small"
        rowKey="date"
        pagination={false}
        dataSource={list.value ?? []}
        locale={{ emptyText: `${year} 年没有本镇的调整` }}
        columns={[
          { title: '日期', dataIndex: 'date', width: 120 },
          { title: '本镇安排', dataIndex: 'workday', width: 90, render: (w: boolean) => (w ? <Tag color="blue">上班</Tag> : <Tag color="red">放假</Tag>) },
          { title: '国家安排', dataIndex: 'national', width: 90, render: (w: boolean) => (w ? '上班' : '放假') },
          { title: '说明', dataIndex: 'note' },
          {
            title: '',
            width: 80,
            render: (_: unknown, r: { date: string }) => (
              <Popconfirm title="取消这一天的调整？" okText="取消调整" cancelText="返回" onConfirm={() => void clear(r.date)}>
                <Button size="small" type="link">
                  取消调整
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}

export function EventCategoryCard() {
  const { message } = App.useApp();
  const list = useLoad(() => call('eventCategory.list', { includeClosed: true }), []);
  const [form] = Form.useForm<{ name: string; kind: 'dispute' | 'event' }>();
  const add = async (v: { name: string; kind: 'dispute' | 'event' }) => {
    try {
      await call('eventCategory.create', v);
      message.success('已添加');
      form.resetFields();
      list.reload();
    } catch (err) {
      applyProblems(form, err);
      message.error(errorMessage(err));
    }
  };
  const close = async (code: string) => {
    try {
      await call('eventCategory.close', { code, on: todayString() });
      list.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  return (
    <Card title="事件类别" style={{ maxWidth: 760, marginBottom: 16 }} data-testid="category-card">
      <p className="muted">内置 GB/T 31000 矛盾纠纷类别和常见事件类别；本镇可以增加自己的类别，不再使用的可以停用（已有事件仍保留原类别）。</p>
      <Form form={form} layout="inline" onFinish={add} initialValues={{ kind: 'event' }} style={{ marginBottom: 12 }}>
        <Form.Item name="name" rules={[{ required: true, message: '请填写类别名称' }]}>
          <Input placeholder="类别名称" maxLength={30} />
        </Form.Item>
        <Form.Item name="kind">
          <Select style={{ width: 130 }} options={[{ value: 'dispute', label: '矛盾纠纷' }, { value: 'event', label: '其他事件' }]} />
        </Form.Item>
        <Button htmlType="submit" data-testid="category-add">
          添加
        </Button>
      </Form>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={list.value ?? []}
        scroll={{ y: 320 }}
        columns={[
          { title: '代码', dataIndex: 'code', width: 70 },
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kind', width: 100, render: (k: string) => (k === 'dispute' ? '矛盾纠纷' : '其他事件') },
          { title: '来源', dataIndex: 'builtIn', width: 80, render: (b: boolean) => (b ? '内置' : '本镇') },
          {
            title: '状态',
            width: 140,
            render: (_: unknown, r: { code: string; builtIn: boolean; closedOn: string | null }) =>
              r.closedOn ? (
                <Tag>已于 {r.closedOn} 停用</Tag>
              ) : r.builtIn ? (
                '使用中'
              ) : (
                <Popconfirm title="停用这个类别？" okText="停用" cancelText="取消" onConfirm={() => void close(r.code)}>
                  <Button size="small" type="link">
                    停用
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}
