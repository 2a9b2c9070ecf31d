// The person page's ledger section: the person's place in every ledger, buttons to put the person into a ledger
// or record a 走访, and one timeline of everything about the person (person.timeline), newest first.
import { FileAddOutlined, HistoryOutlined } from '@ant-design/icons';
import { Alert, App, Button, ConfigProvider, Empty, Segmented, Space, Spin, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { LEDGERS, type LedgerName, type TimelineEvent } from '../../../../shared/contract/records';
import { RecordActions } from './RecordRevision';
import { call } from '../../api';
import { lowIncomeMachine, patientMachine, releasedMachine } from '../../../../shared/rules/ledgerMachines';
import { LedgerTag, ledgerShort, openEntry, StatusTag, useLoad } from './common';
import { LowIncomeFormDialog } from './LowIncomeFormDialog';
import { PatientFormDialog } from './PatientFormDialog';
import { RecordDialog } from './RecordDialog';
import { ReleasedRegisterDialog } from './ReleasedRegisterDialog';

/** Statuses that keep an entry on its ledger, from the ledgers' state machines. */
const OPEN: Record<LedgerName, readonly string[]> = { released: releasedMachine.open, patient: patientMachine.open, lowIncome: lowIncomeMachine.open };
const timelineColors: Record<LedgerName, string> = { released: '#2f54eb', patient: '#722ed1', lowIncome: '#13a8a8' };

export interface PersonLedgersProps {
  residentId: number;
  name: string;
  idNumber: string;
  phone?: string;
  /** 在册, 迁出 or 死亡: only a person still here can be put into a ledger. */
  status: string;
  householdId: number | null;
  householdNumber?: string | null;
  /** Called after something was added, so the page around can refresh. */
  onChanged?: () => void;
}

type Dialog = 'released' | 'patient' | 'lowIncome' | 'visit' | null;

export function PersonLedgers({ residentId, name, idNumber, phone, status, householdId, householdNumber, onChanged }: PersonLedgersProps) {
  const { message } = App.useApp();
  const { value, error, loading, reload } = useLoad(() => call('person.timeline', { residentId }), [residentId]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [only, setOnly] = useState<'all' | LedgerName | 'other'>('all');
  const present = status === '在册';
  const places = value?.ledgers ?? [];
  const openIn = (l: LedgerName) => places.some((p) => p.ledger === l && OPEN[l].includes(p.status));
  const events = useMemo(
    () => (value?.events ?? []).filter((e) => only === 'all' || (only === 'other' ? e.ledger === null : e.ledger === only)),
    [value, only],
  );
  const resident = { id: residentId, name, idNumber, phone, householdId };

  const done = (text: string, entry?: { ledger: LedgerName; id: number }) => {
    setDialog(null);
    reload();
    onChanged?.();
    message.success(text);
    if (entry) openEntry(entry.ledger, entry.id);
  };

  const addButtons: { ledger: LedgerName; label: string; disabled: string | null }[] = [
    { ledger: 'released', label: '列入安置帮教', disabled: !present ? `已${status}` : openIn('released') ? '已在安置帮教台账中' : null },
    { ledger: 'patient', label: '列入严重精神障碍患者', disabled: !present ? `已${status}` : openIn('patient') ? '已在患者台账中' : null },
    { ledger: 'lowIncome', label: '本户列入低保', disabled: !present ? `已${status}` : !householdId ? '未登记所在户' : openIn('lowIncome') ? '本户已在保' : null },
  ];

  return (
    <div className="person-ledgers" data-testid="person-ledgers">
      <Typography.Title level={5} style={{ marginBottom: 8 }}>
        重点人群台账
      </Typography.Title>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {loading && !value ? <Spin size="small" /> : null}
      {value ? (
        <>
          {places.length ? (
            <div className="ledger-places" data-testid="ledger-places">
              {places.map((p) => (
                <div key={`${p.ledger}-${p.entryId}`} className="ledger-place" onClick={() => openEntry(p.ledger, p.entryId)} title="打开台账" data-testid={`ledger-place-${p.ledger}`}>
                  <Space size={4}>
                    <LedgerTag ledger={p.ledger} />
                    <StatusTag status={p.status} />
                    <span className="muted" style={{ fontSize: 12 }}>
                      自 {p.since}
                    </span>
                  </Space>
                  <div className="place-summary">{p.summary}</div>
                </div>
              ))}
            </div>
          ) : (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              不在任何重点人群台账中。
            </Typography.Paragraph>
          )}
          <Space wrap style={{ marginBottom: 16 }}>
            {addButtons.map((b) => (
              <Tooltip key={b.ledger} title={b.disabled}>
                <Button size="small" icon={<FileAddOutlined />} disabled={!!b.disabled} onClick={() => setDialog(b.ledger)} data-testid={`person-add-${b.ledger}`}>
                  {b.label}
                </Button>
              </Tooltip>
            ))}
            <Button size="small" type="primary" ghost onClick={() => setDialog('visit')} disabled={!present && !householdId} data-testid="person-add-visit">
              登记走访记录
            </Button>
          </Space>

          <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 10 }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              <HistoryOutlined /> 时间线
            </Typography.Title>
            <Segmented
              size="small"
              value={only}
              onChange={(v) => setOnly(v as typeof only)}
              options={[
                { value: 'all', label: '全部' },
                ...LEDGERS.filter((l) => value.events.some((e) => e.ledger === l)).map((l) => ({ value: l, label: ledgerShort[l] })),
                ...(value.events.some((e) => e.ledger === null) ? [{ value: 'other', label: '走访及其他' }] : []),
              ]}
            />
            <span className="muted" style={{ fontSize: 12 }}>
              共 {value.events.length} 条，新的在上
            </span>
          </div>
          {events.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有记录" />
          ) : (
            <div className="timeline-wrap" data-testid="timeline">
              <ConfigProvider theme={{ components: { Timeline: { itemPaddingBottom: 10 } } }}>
              <Timeline
                mode="start"
                titleSpan="96px"
                items={events.map((e, i) => ({
                  key: i,
                  color: e.ledger ? timelineColors[e.ledger] : 'gray',
                  title: <span className="timeline-date">{e.date}</span>,
                  content: <TimelineContent event={e} onChanged={reload} />,
                }))}
              />
              </ConfigProvider>
            </div>
          )}
        </>
      ) : null}

      {dialog === 'released' ? (
        <ReleasedRegisterDialog resident={resident} onCancel={() => setDialog(null)} onDone={(e) => done(`已列入安置帮教台账：${e.name}`, { ledger: 'released', id: e.id })} />
      ) : null}
      {dialog === 'patient' ? (
        <PatientFormDialog resident={resident} onCancel={() => setDialog(null)} onDone={(e) => done(`已列入严重精神障碍患者台账：${e.name}`, { ledger: 'patient', id: e.id })} />
      ) : null}
      {dialog === 'lowIncome' ? (
        <LowIncomeFormDialog householdId={householdId} onCancel={() => setDialog(null)} onDone={(e) => done(`已登记低保户：户号 ${e.householdNumber}`, { ledger: 'lowIncome', id: e.id })} />
      ) : null}
      {dialog === 'visit' ? (
        <RecordDialog
          target={{ kind: 'visit', residentId: present ? residentId : null, householdId, subject: name, householdSubject: householdNumber ? `户号 ${householdNumber}` : undefined }}
          onCancel={() => setDialog(null)}
          onDone={() => done('已保存走访记录')}
        />
      ) : null}
    </div>
  );
}

/** One event; a voided one struck through with its reason, a corrected one with what changed and why. */
function TimelineContent({ event: e, onChanged }: { event: TimelineEvent; onChanged: () => void }) {
  return (
    <div data-testid="timeline-event" className={e.voided ? 'timeline-voided' : undefined}>
      <div className="timeline-title">
        {e.ledger ? <LedgerTag ledger={e.ledger} /> : <Tag>{e.kind}</Tag>}
        <span className="timeline-text">{e.title}</span>
        {e.voided ? <Tag color="red" data-testid="timeline-voided">已作废</Tag> : null}
        {e.recordId !== null && !e.voided ? <RecordActions record={{ id: e.recordId }} what={`${e.title}（${e.date}）`} onChanged={onChanged} /> : null}
      </div>
      {e.detail ? <div className="timeline-detail timeline-text">{e.detail}</div> : null}
      {e.voided ? <div className="timeline-detail timeline-void-reason">{e.voided.on} 作废：{e.voided.reason}</div> : null}
      {e.corrections.map((c, i) => (
        <div key={i} className="timeline-detail timeline-correction" data-testid="timeline-correction">
          {c.on} 更正（{c.reason}）：{c.what}
        </div>
      ))}
    </div>
  );
}
