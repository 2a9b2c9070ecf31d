// One 刑满释放人员: the notice facts with the computed 期满日, the steps (衔接, 报到, 协议, 分类评估, 安置, 重新犯罪,
// 状态变更), the 帮教小组, the assessments and status history, and the 帮教记录 with 新增帮教记录.
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Tag } from 'antd';
import { useState } from 'react';
import { handoverTable, helpTeamRoleTable, labelOf, originalCrimeTable, placementTable, releasedClassTable } from '../../../../shared/codes';
import type { ReleasedPersonDetail } from '../../../../shared/contract/released';
import type { Town } from '../../../../shared/contract/town';
import { call } from '../../api';
import { CardButton } from '../../components/ledger/cardButtons';
import { PrintButton, usePrint } from '../../components/listTools';
import { classColors, DueText, StatusTag } from '../../components/ledger/common';
import { EntryDues, FactsCard, personFacts, StatusHistory, TeamCard } from '../../components/ledger/detailParts';
import { RecordDialog } from '../../components/ledger/RecordDialog';
import { RecordTable } from '../../components/ledger/RecordTable';
import { AssessmentRevisionLinks, EntryRevisionButtons, StatusChangeRevisionLinks } from '../../components/ledger/RecordRevision';
import { ReleasedStepDialog, type ReleasedStep } from '../../components/ledger/steps';
import { dueSteps, StepButton, stepState } from '../../components/ledger/stepViews';
import { navigate } from '../../useRoute';
import { useEntryPage } from './entryPage';

type DialogStep = Exclude<ReleasedStep, 'team' | 'help'>;
/** The steps offered on the page, in the order of the 帮教 process. */
const PAGE_STEPS: { step: DialogStep; danger?: boolean }[] = [
  { step: 'handover' }, { step: 'report' }, { step: 'agreement' }, { step: 'assess' }, { step: 'place' }, { step: 'changeStatus' }, { step: 'reoffend', danger: true },
];

export function ReleasedDetail({ id, town }: { id: number; town: Town }) {
  const page = useEntryPage('released', id, () => call('released.get', { id }));
  const { entry, records, refresh, message, openDue: setDue, openPerson: setPerson } = page;
  const [step, setStep] = useState<DialogStep | null>(null);
  const [adding, setAdding] = useState(false);
  const { printing, print } = usePrint();

  const e = entry.value;
  if (!e) return page.pending;
  // 帮教记录 may be added while the person is under 帮教: the same rule as the other steps of an open entry.
  const open = stepState(e.steps, 'help').available;
  const labelOfStep = (s: string) => e.steps.find((v) => v.step === s && v.to === null)?.label ?? s;
  const pressing = e.nextDue ? dueSteps[e.nextDue.kind]?.step : undefined;
  const stepDone = (label: string) => (next: ReleasedPersonDetail) => {
    setStep(null);
    entry.setValue(next);
    records.reload();
    message.success(`已保存：${label}`);
  };

  return (
    <div data-testid="released-detail">
      <div className="entry-head">
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('released')} className="no-print">
          返回名单
        </Button>
        <h1 className="page-title">
          <a onClick={() => setPerson(e.residentId)} title="查看人员信息和时间线" data-testid="entry-person">
            {e.name}
          </a>
        </h1>
        <StatusTag status={e.status} />
        <Tag color={classColors[e.class]}>{labelOf(releasedClassTable, e.class)}帮教</Tag>
        <span className="entry-sub">
          帮教期至 <b data-testid="term-end">{e.termEnd}</b>
        </span>
        <span className="entry-sub">
          下一待办：<DueText due={e.nextDue} />
        </span>
        <Space className="entry-actions no-print">
          <StepButton steps={e.steps} step="help" type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-help">
            新增帮教记录
          </StepButton>
          <EntryRevisionButtons ledger="released" id={e.id} what={e.name} steps={e} onChanged={stepDone('更正/作废步骤')} onVoided={() => navigate('released')} />
          <CardButton group="released" entryId={e.id} name={e.name} />
          <PrintButton onClick={() => void print()} />
        </Space>
      </div>
      <div className="print-title">
        {town.name}刑满释放人员帮教档案：{e.name}
      </div>
      <div className="entry-steps" data-testid="entry-steps">
        <span className="steps-label">办理：</span>
        {PAGE_STEPS.map((b) => (
          <StepButton key={b.step} steps={e.steps} step={b.step} size="small" type={b.step === pressing ? 'primary' : 'default'} danger={b.danger} onClick={() => setStep(b.step)} data-testid={`step-${b.step}`}>
            {labelOfStep(b.step)}
          </StepButton>
        ))}
        <Button size="small" type="link" onClick={() => setStep('edit')} data-testid="step-edit">
          修改通知书信息
        </Button>
      </div>
      {!open ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`已于 ${e.statusSince}「${e.status}」，帮教已结束；记录保留备查。`} /> : null}

      <Row gutter={12}>
        <Col span={15}>
          <FactsCard
            items={[
              ...personFacts(e),
              { key: 'notice', label: '通知书收到', children: e.noticeReceivedOn ?? <span className="muted">无（直接登记）</span> },
              { key: 'prison', label: '服刑场所', children: e.prison },
              { key: 'crime', label: '原罪名', children: labelOf(originalCrimeTable, e.crime) },
              { key: 'sentence', label: '原判刑期', children: `${e.sentence}${e.recidivist ? '（累犯）' : ''}` },
              { key: 'release', label: '释放日期', children: e.releaseDate },
              { key: 'term', label: '帮教期满日', children: <b>{e.termEnd}</b> },
              { key: 'corr', label: '社区矫正期满', children: e.endedInCorrection ? '是（帮教期按社区矫正计算）' : '否' },
              { key: 'handover', label: '衔接', children: e.handoverOn ? `${e.handoverOn}　${labelOf(handoverTable, e.handoverCode)}` : <span className="muted">未衔接</span> },
              { key: 'report', label: '报到日期', children: e.reportedOn ?? <span className="muted">未报到</span> },
              { key: 'agree', label: '帮教协议', children: e.agreementSignedOn ? `${e.agreementSignedOn} 签订` : <span className="muted">未签订</span> },
              { key: 'class', label: '帮教分类', children: `${labelOf(releasedClassTable, e.class)}${e.classAssessedOn ? `（${e.classAssessedOn} 评估）` : ''}` },
              {
                key: 'place',
                label: '安置',
                children: e.placed ? `${labelOf(placementTable, e.placementCode)}${e.placedOn ? `（${e.placedOn}）` : ''}` : e.unplacedReason ? `未安置：${e.unplacedReason}` : <span className="muted">未安置</span>,
              },
              ...(e.reoffendOn ? [{ key: 'reoffend', label: '重新犯罪', span: 2, children: <span style={{ color: '#c41d7f' }}>{`${e.reoffendOn}　${e.reoffendCrime}`}</span> }] : []),
              ...(e.note ? [{ key: 'note', label: '备注', span: 2, children: e.note }] : []),
            ]}
          />
        </Col>
        <Col span={9}>
          <EntryDues dues={e.dues} steps={e.steps} onAct={open ? setDue : undefined} closedText={open ? undefined : '帮教已结束，没有待办'} />
          <TeamCard title="帮教小组" team={e.team} roles={helpTeamRoleTable} onEdit={page.openTeam} disabled={!stepState(e.steps, 'team').available} />
        </Col>
      </Row>
      <Card
        size="small"
        className="entry-card"
        title={`帮教记录（${records.value?.length ?? 0} 次）`}
        extra={
          <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setAdding(true)} disabled={!open} className="no-print">
            新增帮教记录
          </Button>
        }
      >
        <RecordTable rows={records.value ?? []} loading={records.loading} printing={printing} testId="help-records" onChanged={refresh} />
      </Card>
      <Row gutter={12}>
        <Col span={12}>
          <Card size="small" className="entry-card" title="分类评估" data-testid="assessments">
            {e.assessments.length === 0 ? (
              <span className="muted">无</span>
            ) : (
              <ul className="history-list">
                {[...e.assessments].reverse().map((a) => (
                  <li key={a.id}>
                    <span className="h-date">{a.date}</span>
                    <span>
                      <Tag color={classColors[a.class]}>{labelOf(releasedClassTable, a.class)}</Tag>
                      <span className="h-reason">{a.reason}</span>
                    </span>
                    <AssessmentRevisionLinks entryId={e.id} assessment={a} first={a.id === e.assessments[0]?.id} onChanged={stepDone('更正/作废分类评估')} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </Col>
        <Col span={12}>
          <StatusHistory
            changes={e.statusChanges}
            actions={(c, latest) => <StatusChangeRevisionLinks ledger="released" entryId={e.id} change={c} latest={latest} onChanged={stepDone('更正/作废状态变更')} />}
          />
        </Col>
      </Row>

      {step ? <ReleasedStepDialog step={step} entry={e} onCancel={() => setStep(null)} onDone={stepDone(labelOfStep(step))} /> : null}
      {adding ? (
        <RecordDialog
          target={{ kind: 'help', releasedPersonId: e.id, subject: e.name }}
          onCancel={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            message.success('已保存帮教记录');
            refresh();
          }}
        />
      ) : null}
      {page.dialogs({ label: '帮教小组', subject: e.name, team: e.team, roles: helpTeamRoleTable, excludeResidentId: e.residentId, save: (members) => call('released.team', { id: e.id, members }) })}
    </div>
  );
}
