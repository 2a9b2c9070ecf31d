// One 低保户: facts, covered members, the 复核 records with the 复核 form (不变/增发/减发/停发), exit and history.
import { ArrowLeftOutlined, AuditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { labelOf, lowIncomeClassTable, lowIncomeExitReasonTable, relationTable } from '../../../../shared/codes';
import type { LowIncomeDetail } from '../../../../shared/contract/lowIncome';
import type { Town } from '../../../../shared/contract/town';
import { call } from '../../api';
import { CardButton } from '../../components/ledger/cardButtons';
import { PrintButton, usePrint } from '../../components/listTools';
import { DueText, placeText, StatusTag, yuan } from '../../components/ledger/common';
import { EntryDues, FactsCard, StatusHistory } from '../../components/ledger/detailParts';
import { LowIncomeFormDialog } from '../../components/ledger/LowIncomeFormDialog';
import { RecordDialog } from '../../components/ledger/RecordDialog';
import { RecordTable } from '../../components/ledger/RecordTable';
import { EntryRevisionButtons, LowIncomeExitRevisionButtons } from '../../components/ledger/RecordRevision';
import { LowIncomeExitDialog } from '../../components/ledger/steps';
import { StepButton, stepState } from '../../components/ledger/stepViews';
import { navigate } from '../../useRoute';
import { useEntryPage } from './entryPage';

type Member = LowIncomeDetail['members'][number];

export function LowIncomeDetailView({ id, town }: { id: number; town: Town }) {
  const page = useEntryPage('lowIncome', id, () => call('lowIncome.get', { id }));
  const { entry, records, refresh, message, openPerson: setPerson } = page;
  const [reviewing, setReviewing] = useState(false);
  const [editing, setEditing] = useState(false);
  const [exiting, setExiting] = useState(false);
  const { printing, print } = usePrint();

  const e = entry.value;
  if (!e) return page.pending;
  // 复核 may be recorded while the household is 在保: the same rule as its other steps.
  const open = stepState(e.steps, 'review').available;
  const reviews = (records.value ?? []).filter((r) => r.kind === 'review');
  const title = `${e.headName ?? ''}户`;

  return (
    <div data-testid="low-income-detail">
      <div className="entry-head">
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('lowIncome')} className="no-print">
          返回名单
        </Button>
        <h1 className="page-title">{title}</h1>
        <span className="entry-sub mono">户号 {e.householdNumber}</span>
        <StatusTag status={e.status} />
        <Tag color="blue">
          {e.area}低保 · {e.class}类
        </Tag>
        <span className="entry-sub">
          月保障金 <b>{yuan(e.monthlyAmount)}</b> 元 · 保障 {e.coveredCount} 人
        </span>
        <span className="entry-sub">
          下次复核：<DueText due={e.nextDue} showKind={false} />
        </span>
        <Space className="entry-actions no-print">
          <StepButton steps={e.steps} step="review" type="primary" icon={<AuditOutlined />} onClick={() => setReviewing(true)} data-testid="add-review">
            复核
          </StepButton>
          <StepButton steps={e.steps} step="edit" onClick={() => setEditing(true)} data-testid="low-income-edit">
            修改
          </StepButton>
          <StepButton steps={e.steps} step="exit" danger onClick={() => setExiting(true)} data-testid="low-income-exit">
            退出低保
          </StepButton>
          <LowIncomeExitRevisionButtons entry={e} onChanged={refresh} />
          <EntryRevisionButtons ledger="lowIncome" id={e.id} what={title} onChanged={refresh} onVoided={() => navigate('lowIncome')} />
          <CardButton group="lowIncome" entryId={e.id} name={title} />
          <PrintButton onClick={() => void print()} />
        </Space>
      </div>
      <div className="print-title">
        {town.name}低保户档案：{title}（户号 {e.householdNumber}）
      </div>
      {!open ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`已于 ${e.exitOn ?? e.nextDue?.dueDate ?? ''} 停保${e.exitReason ? `：${labelOf(lowIncomeExitReasonTable, e.exitReason)}` : ''}`}
          description={e.exitNote || undefined}
          data-testid="exit-alert"
        />
      ) : null}
      <Row gutter={12}>
        <Col span={15}>
          <FactsCard
            items={[
              { key: 'head', label: '户主', children: e.headName ?? '' },
              { key: 'headId', label: '户主身份号码', children: <span className="mono">{e.headIdNumber ?? ''}</span> },
              { key: 'grid', label: '村·网格', children: placeText(e) || <Tag color="red">无网格</Tag> },
              { key: 'addr', label: '住址', children: e.address },
              { key: 'confirmed', label: '确认日期', children: e.confirmedOn },
              { key: 'cert', label: '低保证号', children: e.certificateNumber },
              { key: 'area', label: '城市/农村', children: `${e.area}低保` },
              { key: 'class', label: '分类', children: labelOf(lowIncomeClassTable, e.class) },
              { key: 'amount', label: '月保障金额', children: `${yuan(e.monthlyAmount)} 元` },
              { key: 'count', label: '保障人数', children: `${e.coveredCount} 人` },
              { key: 'ep', label: '特困供养', children: e.extremePoverty ? `${e.extremePoverty}供养` : '否' },
              { key: 'pub', label: '公示', children: e.publicityFrom ? `${e.publicityFrom} 至 ${e.publicityTo ?? ''}` : <span className="muted">未登记</span> },
            ]}
          />
          <Card size="small" className="entry-card" title="家庭成员">
            <Table<Member>
              size="small"
              rowKey="residentId"
              pagination={false}
              dataSource={e.members}
              data-testid="low-income-members"
              columns={[
                { title: '姓名', dataIndex: 'name', width: 90, render: (n: string, m) => <a onClick={() => setPerson(m.residentId)}>{n}</a> },
                { title: '与户主关系', dataIndex: 'relation', width: 100, render: (r: string | null) => labelOf(relationTable, r) },
                { title: '公民身份号码', dataIndex: 'idNumber', width: 190, render: (v: string) => <span className="id-cell">{v}</span> },
                { title: '人员状态', dataIndex: 'residentStatus', width: 80, render: (s: string) => (s === '在册' ? s : <Tag color="red">{s}</Tag>) },
                { title: '保障对象', dataIndex: 'covered', render: (c: boolean) => (c ? <Tag color="green">是</Tag> : <span className="muted">否</span>) },
              ]}
            />
          </Card>
        </Col>
        <Col span={9}>
          <EntryDues dues={e.dues} steps={e.steps} onAct={open ? () => setReviewing(true) : undefined} closedText={open ? undefined : '已停保，没有待办'} />
          <StatusHistory changes={e.statusChanges} />
        </Col>
      </Row>
      <Card size="small" className="entry-card" title={`复核记录（${reviews.length} 次）`}>
        <RecordTable rows={reviews} kind="review" loading={records.loading} printing={printing} testId="review-records" onChanged={refresh} />
      </Card>

      {reviewing ? (
        <RecordDialog
          target={{ kind: 'review', lowIncomeId: e.id, subject: `${title}（户号 ${e.householdNumber}）`, currentAmount: e.monthlyAmount }}
          onCancel={() => setReviewing(false)}
          onDone={(r) => {
            setReviewing(false);
            message.success(`已保存复核：${r.reviewResult ?? ''}`);
            refresh();
          }}
        />
      ) : null}
      {editing ? (
        <LowIncomeFormDialog
          entry={e}
          onCancel={() => setEditing(false)}
          onDone={(next) => {
            setEditing(false);
            entry.setValue(next);
            message.success('已保存');
          }}
        />
      ) : null}
      {exiting ? (
        <LowIncomeExitDialog
          entry={e}
          onCancel={() => setExiting(false)}
          onDone={(next) => {
            setExiting(false);
            entry.setValue(next);
            message.success('已退出低保');
          }}
        />
      ) : null}
      {page.dialogs()}
    </div>
  );
}
