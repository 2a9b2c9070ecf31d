// One 严重精神障碍患者: facts, guardian, 以奖代补 (eligibility with its reason, 监护责任书, 年审), 肇事肇祸, the
// 关爱帮扶小组, status changes, and the 随访记录 with the structured 随访 form.
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { careTeamRoleTable, diagnosisTable, isCoveredDiagnosis, labelOf, relationTable, treatmentTable } from '../../../../shared/codes';
import type { PatientDetail } from '../../../../shared/contract/patient';
import type { RecordRow } from '../../../../shared/contract/records';
import type { Town } from '../../../../shared/contract/town';
import type { RuleSettings } from '../../../../shared/rules/ruleSettings';
import { call } from '../../api';
import { CardButton } from '../../components/ledger/cardButtons';
import { PrintButton, usePrint } from '../../components/listTools';
import { DueText, RiskTag, StatusTag, useRules } from '../../components/ledger/common';
import { EntryDues, FactsCard, personFacts, StatusHistory, TeamCard } from '../../components/ledger/detailParts';
import { PatientFormDialog } from '../../components/ledger/PatientFormDialog';
import { RecordDialog } from '../../components/ledger/RecordDialog';
import { RecordTable } from '../../components/ledger/RecordTable';
import { EntryRevisionButtons, PatientAwardRevisionButtons, StatusChangeRevisionLinks } from '../../components/ledger/RecordRevision';
import { PatientStepDialog, type PatientStep } from '../../components/ledger/steps';
import { StepButton, stepState } from '../../components/ledger/stepViews';
import { navigate } from '../../useRoute';
import { useEntryPage } from './entryPage';

type DialogStep = Extract<PatientStep, 'changeStatus' | 'awardAgreement' | 'awardReview' | 'incident'>;

/** Why a patient is (or is not) a 以奖代补 对象, in words. */
export function awardReason(e: PatientDetail, rules: RuleSettings | null): string {
  const threshold = rules?.awardRiskThreshold ?? 3;
  const reasons: string[] = [];
  if (e.risk >= threshold) reasons.push(`危险性 ${e.risk} 级${e.riskAssessedOn ? `（${e.riskAssessedOn} 评估）` : ''}，达到 ${threshold} 级`);
  if (e.incidentCount > 0) reasons.push(`有肇事肇祸史 ${e.incidentCount} 次${e.lastIncidentOn ? `（最近 ${e.lastIncidentOn}）` : ''}`);
  if (reasons.length) return reasons.join('；');
  return `危险性 ${e.risk} 级，低于 ${threshold} 级，且无肇事肇祸史`;
}

export function PatientDetailView({ id, town }: { id: number; town: Town }) {
  const rules = useRules();
  const page = useEntryPage('patient', id, () => call('patient.get', { id }));
  const { entry, records, refresh, message, openDue: setDue, openPerson: setPerson } = page;
  const [step, setStep] = useState<DialogStep | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(false);
  const { printing, print } = usePrint();
  const byKind = useMemo(() => {
    const all = records.value ?? [];
    return {
      followUp: all.filter((r) => r.kind === 'followUp'),
      incident: all.filter((r) => r.kind === 'incident'),
      review: all.filter((r) => r.kind === 'visit' && r.content.startsWith('以奖代补年审')),
    };
  }, [records.value]);

  const e = entry.value;
  if (!e) return page.pending;
  // 随访 may be recorded while the patient is managed here: the same rule as the other steps of an open entry.
  const open = stepState(e.steps, 'followUp').available;
  const saved = (label: string) => (next: PatientDetail) => {
    setStep(null);
    setEditing(false);
    entry.setValue(next);
    records.reload();
    message.success(`已保存：${label}`);
  };
  const stepLabels: Record<DialogStep, string> = { changeStatus: '状态变更', awardAgreement: '监护责任书', awardReview: '以奖代补年审', incident: '肇事肇祸' };

  return (
    <div data-testid="patient-detail">
      <div className="entry-head">
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('patient')} className="no-print">
          返回名单
        </Button>
        <h1 className="page-title">
          <a onClick={() => setPerson(e.residentId)} title="查看人员信息和时间线" data-testid="entry-person">
            {e.name}
          </a>
        </h1>
        <StatusTag status={e.status} />
        <span className="entry-sub">
          危险性 <RiskTag risk={e.risk} />
        </span>
        {e.awardEligible ? (
          <Tag color="orange" data-testid="award-eligible-tag">
            以奖代补对象
          </Tag>
        ) : null}
        <span className="entry-sub">
          下一待办：<DueText due={e.nextDue} />
        </span>
        <Space className="entry-actions no-print">
          <StepButton steps={e.steps} step="followUp" type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-follow-up">
            新增随访记录
          </StepButton>
          <PatientAwardRevisionButtons entry={e} onChanged={refresh} />
          <EntryRevisionButtons ledger="patient" id={e.id} what={e.name} onChanged={refresh} onVoided={() => navigate('patient')} />
          <CardButton group="patient" entryId={e.id} name={e.name} />
          <PrintButton onClick={() => void print()} />
        </Space>
      </div>
      <div className="print-title">
        {town.name}严重精神障碍患者档案：{e.name}
      </div>
      <div className="entry-steps">
        <span className="steps-label">办理：</span>
        <StepButton steps={e.steps} step="edit" size="small" onClick={() => setEditing(true)} data-testid="patient-edit">
          修改患者信息
        </StepButton>
        <StepButton steps={e.steps} step="changeStatus" size="small" onClick={() => setStep('changeStatus')} data-testid="patient-status">
          状态变更
        </StepButton>
        <StepButton steps={e.steps} step="incident" size="small" danger onClick={() => setStep('incident')} data-testid="patient-incident">
          登记肇事肇祸
        </StepButton>
      </div>
      {!open ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`已于 ${e.statusSince}「${e.status}」，不在本地管理；记录保留备查。`} /> : null}

      <Row gutter={12}>
        <Col span={15}>
          <FactsCard
            items={[
              ...personFacts(e),
              { key: 'reg', label: '建档日期', children: e.registeredOn },
              {
                key: 'diag',
                label: '目前诊断',
                children: (
                  <>
                    {labelOf(diagnosisTable, e.diagnosis)}
                    {!isCoveredDiagnosis(e.diagnosis) ? <Tag style={{ marginLeft: 6 }}>不属六类</Tag> : null}
                  </>
                ),
              },
              { key: 'onset', label: '初次发病', children: e.firstOnsetOn ?? '' },
              {
                key: 'risk',
                label: '危险性',
                children: (
                  <>
                    <RiskTag risk={e.risk} />
                    {e.riskAssessedOn ? <span className="muted">{e.riskAssessedOn} 评估</span> : null}
                  </>
                ),
              },
              { key: 'treat', label: '治疗情况', children: labelOf(treatmentTable, e.treatment) },
              { key: 'hosp', label: '治疗医院', children: e.hospital },
              {
                key: 'incidents',
                label: '肇事肇祸',
                span: 2,
                children: e.incidentCount ? (
                  <span style={{ color: '#cf1322' }}>
                    共 {e.incidentCount} 次（既往 {e.priorIncidentCount} 次{e.priorLastIncidentOn ? `，上次 ${e.priorLastIncidentOn}` : ''}），最近 {e.lastIncidentOn}
                  </span>
                ) : (
                  '无'
                ),
              },
              ...(e.note ? [{ key: 'note', label: '备注', span: 2, children: e.note }] : []),
            ]}
          />
        </Col>
        <Col span={9}>
          <EntryDues dues={e.dues} steps={e.steps} onAct={open ? setDue : undefined} closedText={open ? undefined : '不在本地管理，没有待办'} />
          <Card size="small" className="entry-card" title="以奖代补" data-testid="award-card">
            <div className="award-box">
              {e.awardEligible ? (
                <Tag color="orange" data-testid="award-status">
                  是以奖代补对象
                </Tag>
              ) : (
                <Tag data-testid="award-status">不是以奖代补对象</Tag>
              )}
              <span className="award-reason" data-testid="award-reason">
                {awardReason(e, rules)}
              </span>
            </div>
            <Descriptions
              size="small"
              column={2}
              style={{ marginTop: 8 }}
              items={[
                { key: 'signed', label: '监护责任书', children: e.awardAgreementSignedOn ? `${e.awardAgreementSignedOn} 签订` : <span className="muted">未签订</span> },
                { key: 'review', label: '最近年审', children: e.lastAwardReviewOn ?? <span className="muted">无</span> },
              ]}
            />
            <Space className="no-print" style={{ marginTop: 6 }}>
              <StepButton steps={e.steps} step="awardAgreement" size="small" onClick={() => setStep('awardAgreement')} data-testid="award-sign">
                {e.awardAgreementSignedOn ? '重新签订' : '签订监护责任书'}
              </StepButton>
              <StepButton steps={e.steps} step="awardReview" size="small" onClick={() => setStep('awardReview')} data-testid="award-review">
                年审{byKind.review.length ? `（已 ${byKind.review.length} 次）` : ''}
              </StepButton>
            </Space>
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        className="entry-card"
        title={`随访记录（${byKind.followUp.length} 次）`}
        extra={
          <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setAdding(true)} disabled={!open} className="no-print">
            新增随访记录
          </Button>
        }
      >
        <RecordTable rows={byKind.followUp} kind="followUp" loading={records.loading} printing={printing} testId="follow-up-records" onChanged={refresh} />
      </Card>
      {byKind.incident.length ? (
        <Card size="small" className="entry-card" title={`建档后肇事肇祸（${byKind.incident.length} 次）`}>
          <Table<RecordRow>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={byKind.incident}
            columns={[
              { title: '日期', dataIndex: 'date', width: 110 },
              { title: '经过', dataIndex: 'content' },
            ]}
          />
        </Card>
      ) : null}
      <Row gutter={12}>
        <Col span={8}>
          <Card size="small" className="entry-card" title="监护人" data-testid="guardian-card">
            {e.guardianName ? (
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'name', label: '姓名', children: e.guardianResidentId ? <a onClick={() => setPerson(e.guardianResidentId)}>{e.guardianName}</a> : e.guardianName },
                  { key: 'phone', label: '电话', children: e.guardianPhone },
                  { key: 'rel', label: '与患者关系', children: labelOf(relationTable, e.guardianRelation) },
                ]}
              />
            ) : (
              <span style={{ color: '#cf1322' }}>未登记监护人，请在「修改患者信息」中填写</span>
            )}
          </Card>
        </Col>
        <Col span={8}>
          <TeamCard title="关爱帮扶小组" team={e.team} roles={careTeamRoleTable} onEdit={page.openTeam} disabled={!stepState(e.steps, 'team').available} />
        </Col>
        <Col span={8}>
          <StatusHistory
            changes={e.statusChanges}
            actions={(c, latest) => <StatusChangeRevisionLinks ledger="patient" entryId={e.id} change={c} latest={latest} onChanged={refresh} />}
          />
        </Col>
      </Row>

      {step ? <PatientStepDialog step={step} entry={e} onCancel={() => setStep(null)} onDone={saved(stepLabels[step])} /> : null}
      {editing ? <PatientFormDialog entry={e} onCancel={() => setEditing(false)} onDone={saved('患者信息')} /> : null}
      {adding ? (
        <RecordDialog
          target={{ kind: 'followUp', patientId: e.id, subject: e.name, lastRisk: e.risk }}
          onCancel={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            message.success('已保存随访记录');
            refresh();
          }}
        />
      ) : null}
      {page.dialogs({ label: '关爱帮扶小组', subject: e.name, team: e.team, roles: careTeamRoleTable, excludeResidentId: e.residentId, save: (members) => call('patient.team', { id: e.id, members }) })}
    </div>
  );
}
