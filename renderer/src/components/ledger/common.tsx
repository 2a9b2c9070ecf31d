// What the three ledger pages, the today list and the person page share: hash parameters, status and
// due tags, masked ID numbers, links between entries, and the town's rule settings.
import { Tag, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../../shared/contract';
import type { LedgerName } from '../../../../shared/contract/records';
import type { RuleSettings } from '../../../../shared/rules/ruleSettings';
import { call, errorMessage } from '../../api';
import { navigate } from '../../useRoute';
import './ledger.css';

/** The query part of the hash (#/released?id=3 → id=3), kept current on hashchange. */
export function useHashParams(): URLSearchParams {
  const read = () => new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const [params, setParams] = useState(read);
  useEffect(() => {
    const onChange = () => setParams(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return params;
}

export function hashWith(route: string, params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${route}?${s}` : route;
}

export const ledgerRoutes: Record<LedgerName, string> = { released: 'released', patient: 'patient', lowIncome: 'lowIncome' };
export const ledgerShort: Record<LedgerName, string> = { released: '安置帮教', patient: '严重精神障碍', lowIncome: '低保' };
export const ledgerColors: Record<LedgerName, string> = { released: 'geekblue', patient: 'purple', lowIncome: 'cyan' };

export function openEntry(ledger: LedgerName, entryId: number) {
  navigate(hashWith(ledgerRoutes[ledger], { id: entryId }));
}

export function LedgerTag({ ledger }: { ledger: LedgerName }) {
  return <Tag color={ledgerColors[ledger]}>{ledgerShort[ledger]}</Tag>;
}

/** 320121********1234: enough to tell people apart in a list shown on screen. */
export function maskId(id: string | null | undefined): string {
  if (!id) return '';
  return id.length >= 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : id;
}

const statusColors: Record<string, string> = {
  待衔接: 'gold',
  在册帮教: 'green',
  脱管: 'red',
  期满解除: 'default',
  重新犯罪: 'magenta',
  死亡: 'default',
  迁出: 'default',
  在管: 'green',
  失访: 'red',
  住院: 'orange',
  在保: 'green',
  停保: 'default',
};

export function StatusTag({ status }: { status: string }) {
  return (
    <Tag color={statusColors[status] ?? 'default'} data-testid="status-tag">
      {status}
    </Tag>
  );
}

export const riskColors = ['green', 'cyan', 'gold', 'orange', 'volcano', 'red'] as const;
export const riskHex = ['#389e0d', '#08979c', '#d48806', '#d46b08', '#d4380d', '#cf1322'] as const;

export function RiskTag({ risk }: { risk: number | null | undefined }) {
  if (risk === null || risk === undefined) return <span className="muted">未评估</span>;
  return (
    <Tag color={riskColors[risk] ?? 'default'} data-testid="risk-tag">
      {risk} 级
    </Tag>
  );
}

export const classColors: Record<string, string> = { key: 'red', general: 'blue', loose: 'default' };

export interface DueLike {
  kind: string;
  dueDate: string;
  state: '逾期' | '今日到期' | '即将到期' | null;
  daysLate: number;
}

export function dueWords(d: DueLike): string {
  if (d.daysLate > 0) return `逾期 ${d.daysLate} 天`;
  if (d.daysLate === 0) return '今日到期';
  return `还有 ${-d.daysLate} 天`;
}

export const dueColors = { 逾期: 'red', 今日到期: 'orange', 即将到期: 'blue' } as const;

/**
 * "随访 2026-12-01 · 逾期 3 天" in the colour of its state; `stacked` puts the state on a second line, so a list's
 * column stays narrow enough for the whole row to fit a 1366-wide screen.
 */
export function DueText({ due, showKind = true, stacked = false }: { due: DueLike | null | undefined; showKind?: boolean; stacked?: boolean }) {
  if (!due) return <span className="muted">无</span>;
  const color = due.state === '逾期' ? '#cf1322' : due.state === '今日到期' ? '#d46b08' : due.state === '即将到期' ? '#1f5fae' : '#555';
  return (
    <span style={{ color, whiteSpace: 'nowrap' }} data-testid="due-text">
      {showKind ? `${due.kind} ` : ''}
      {due.dueDate}
      {due.state ? stacked ? <span style={{ display: 'block' }}>{dueWords(due)}</span> : <span style={{ marginLeft: 4 }}>· {dueWords(due)}</span> : null}
    </span>
  );
}

export function DaysLate({ days }: { days: number }) {
  if (days > 0)
    return (
      <b style={{ color: '#cf1322' }} data-testid="days-late">
        {days}
      </b>
    );
  if (days === 0) return <span style={{ color: '#d46b08' }}>今日</span>;
  return (
    <Tooltip title={`还有 ${-days} 天到期`}>
      <span className="muted">—</span>
    </Tooltip>
  );
}

export type RulesView = ChannelOutput<'rules.get'>;

/** The town's rule settings, read once per page (for live hints: 期满日, 公示结束, 以奖代补). */
export function useRules(): RuleSettings | null {
  const [rules, setRules] = useState<RuleSettings | null>(null);
  useEffect(() => {
    call('rules.get', {})
      .then((r) => setRules(r.rules))
      .catch(() => setRules(null));
  }, []);
  return rules;
}

/** Loads with a function, reloads on `reload()`; keeps the last value while reloading. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    fn()
      .then((v) => {
        if (!live) return;
        setValue(v);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!live) return;
        setError(errorMessage(err));
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { value, error, loading, reload, setValue };
}

export function yuan(v: number | null | undefined): string {
  if (v === null || v === undefined) return '';
  return v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** 村 over 网格 in a list cell (wrapping instead of cutting the names off); 无网格 in red. */
export function PlaceCell({ p }: { p: { villageName: string | null; gridName: string | null } }) {
  if (!p.gridName) return <Tag color="red">无网格</Tag>;
  return (
    <span className="place-cell">
      {p.villageName ?? ''}
      <span className="muted">{p.gridName}</span>
    </span>
  );
}

export function placeText(p: { villageName: string | null; gridName: string | null }): string {
  if (!p.gridName) return '';
  return `${p.villageName ?? ''}·${p.gridName}`;
}
