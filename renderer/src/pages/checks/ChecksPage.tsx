// 数据检查: the consistency checks over the ledgers (无网格, 保障对象已离开, 监护人已离开, 帮教小组为空, 日期顺序错误),
// grouped by kind, each with links to the ledger entry and the person.
import { CheckCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import type { CheckItem } from '../../../../shared/contract/records';
import type { Town } from '../../../../shared/contract/town';
import { call } from '../../api';
import { PrintButton, usePrint } from '../../components/listTools';
import { LedgerTag, openEntry, useLoad } from '../../components/ledger/common';
import { useGridTree } from '../../gridData';
import { PersonDrawer } from '../people/PersonDrawer';

const KINDS: { kind: CheckItem['kind']; hint: string; color: string }[] = [
  { kind: '无网格', hint: '待办和报表无法归到村（社区）。请在人员或住户信息中指定网格。', color: 'red' },
  { kind: '保障对象已离开', hint: '低保保障对象已迁出或死亡。请复核：减发、停发，或修改保障对象。', color: 'volcano' },
  { kind: '监护人已离开', hint: '患者的监护人已迁出或死亡。请在患者信息中更换监护人。', color: 'orange' },
  { kind: '帮教小组为空', hint: '在册帮教对象还没有帮教小组。请在帮教档案中编辑帮教小组。', color: 'gold' },
  { kind: '日期顺序错误', hint: '登记的日期前后矛盾。请核对原始材料后更正。', color: 'purple' },
];

export function ChecksPage({ town }: { town: Town }) {
  const { tree } = useGridTree();
  const { value, error, loading, reload } = useLoad(() => call('checks.list', {}), []);
  const [person, setPerson] = useState<number | null>(null);
  const { print } = usePrint();
  const groups = useMemo(() => KINDS.map((k) => ({ ...k, items: (value ?? []).filter((i) => i.kind === k.kind) })).filter((g) => g.items.length), [value]);

  return (
    <div data-testid="checks-page">
      <div className="page-head">
        <h1 className="page-title">数据检查</h1>
        <Space className="no-print">
          <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
            重新检查
          </Button>
          <PrintButton onClick={() => void print()} disabled={!value?.length} />
        </Space>
      </div>
      <div className="print-title">{town.name}台账数据检查清单</div>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {value ? (
        <div className="summary-bar" data-testid="checks-summary">
          <span>
            共发现 <b>{value.length}</b> 个问题
          </span>
          {KINDS.map((k) => {
            const n = value.filter((i) => i.kind === k.kind).length;
            return (
              <span key={k.kind} className={n ? '' : 'muted'}>
                {k.kind} <b>{n}</b>
              </span>
            );
          })}
        </div>
      ) : null}
      {value && value.length === 0 ? (
        <Result icon={<CheckCircleOutlined style={{ color: '#389e0d' }} />} title="没有发现问题" subTitle="三类台账的网格、保障对象、监护人、帮教小组和日期都一致。" data-testid="checks-empty" />
      ) : null}
      {groups.map((g) => (
        <Card
          key={g.kind}
          size="small"
          className="check-group"
          title={
            <Space>
              <Tag color={g.color}>{g.kind}</Tag>
              <span>{g.items.length} 项</span>
              <span className="muted" style={{ fontWeight: 400, fontSize: 13 }}>
                {g.hint}
              </span>
            </Space>
          }
          data-testid={`check-group-${g.kind}`}
        >
          <Table<CheckItem>
            size="small"
            rowKey={(r, i) => `${r.ledger}-${r.entryId}-${r.residentId}-${i}`}
            pagination={false}
            dataSource={g.items}
            columns={[
              { title: '序号', width: 52, align: 'right', render: (_v, _r, i) => i + 1 },
              { title: '台账', dataIndex: 'ledger', width: 110, render: (l: CheckItem['ledger']) => (l ? <LedgerTag ledger={l} /> : '') },
              { title: '姓名', dataIndex: 'name', width: 100 },
              { title: '问题', dataIndex: 'message' },
              {
                title: '去处理',
                width: 170,
                className: 'no-print',
                render: (_: unknown, r) => (
                  <Space size={4}>
                    {r.ledger && r.entryId ? (
                      <Button size="small" type="link" onClick={() => openEntry(r.ledger!, r.entryId!)} data-testid="check-open-entry">
                        打开台账
                      </Button>
                    ) : null}
                    {r.residentId ? (
                      <Button size="small" type="link" onClick={() => setPerson(r.residentId)} data-testid="check-open-person">
                        人员信息
                      </Button>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      ))}
      {person !== null ? <PersonDrawer id={person} tree={tree} onClose={() => setPerson(null)} onOpen={setPerson} onChanged={reload} /> : null}
    </div>
  );
}
