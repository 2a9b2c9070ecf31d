// The households and events behind a T6 figure (report.members with table T6): `village` names the worker by their
// staff number; without it, 合计's list — every worker's share, so a household two workers serve is listed under each.
import { sql } from 'drizzle-orm';
import type { ReportMembers } from '../../../shared/contract/reports';
import { MEMBER_FIGURES } from '../../../shared/reports/members';
import { wholeCycleDays, type T6Members } from '../../../shared/rules/workerFigures';
import type { ServiceContext } from '../context';
import { rows as allRows } from '../db/query';
import { event } from '../db/schema';
import { notFound } from '../errors';
import { addWorkdays } from '../../../shared/rules/workdays';
import { getRules } from '../rules/service';
import { lastDayOfMonth } from '../../../shared/rules/dates';
import { assessment } from './service';
import { calendarCorrections, gridRefs, householdInfos, lastVisits } from './facts';

const EVENT_KEYS: ReadonlySet<keyof T6Members> = new Set(['reported', 'closeDue', 'closedInTime']);
const col = (key: string, label: string, width = 11) => ({ key, label, width });

export function workerMembers(ctx: ServiceContext, month: string, figure: string, worker: string | undefined): Omit<ReportMembers, 'title' | 'tableName' | 'figureLabel' | 'village'> & { who: string } {
  const key = MEMBER_FIGURES.T6[figure as keyof typeof MEMBER_FIGURES.T6];
  const a = assessment(ctx, month);
  const chosen = worker === undefined ? a.rows : a.rows.filter((r) => String(r.staffId) === worker);
  if (worker !== undefined && chosen.length === 0) throw notFound(`${month} 的网格员履职考核表中没有编号为 ${worker} 的网格员`);
  const who = worker === undefined ? '合计' : chosen[0]!.worker;
  const ids = chosen.flatMap((r) => a.members.get(r.staffId)![key].map((id) => ({ id, worker: r.worker })));
  if (EVENT_KEYS.has(key)) {
    const rules = getRules(ctx);
    const corrections = calendarCorrections(ctx);
    const events = new Map(
      allRows(ctx.ledger.sqlite, sql<{ id: number; number: string; title: string; reportedOn: string; state: string }>`select ${event.id} as id, ${event.number} as number,
        ${event.title} as title, ${event.reportedOn} as reportedOn, ${event.state} as state from ${event} where ${event.id} in (select value from json_each(${JSON.stringify(ids.map((i) => i.id))}))`).map((e) => [e.id, e]),
    );
    const rows = ids.map(({ id, worker: w }) => {
      const e = events.get(id)!;
      return { worker: w, number: e.number, title: e.title, reportedOn: e.reportedOn, deadline: addWorkdays(e.reportedOn, wholeCycleDays(rules), corrections), state: e.state };
    });
    return {
      who, unit: '件', rows, total: rows.length,
      columns: [col('worker', '网格员', 9), col('number', '事件编号', 16), col('title', '事件', 24), col('reportedOn', '上报日期'), col('deadline', '办结时限'), col('state', '状态', 8)],
    };
  }
  const monthEnd = lastDayOfMonth(month);
  const infos = new Map(householdInfos(ctx, monthEnd).map((h) => [h.id, h]));
  const grids = new Map(gridRefs(ctx).map((g) => [g.id, g]));
  const last = lastVisits(ctx, monthEnd);
  const rows = ids.map(({ id, worker: w }) => {
    const h = infos.get(id)!;
    const g = h.gridId !== null ? grids.get(h.gridId) : undefined;
    return { worker: w, village: g?.village ?? '', grid: g?.name ?? '', number: h.number, head: h.headName, address: h.address, cls: h.cls, reasons: h.reasons.join('、'), lastVisit: last.get(id) ?? '' };
  });
  return {
    who, unit: '户', rows, total: rows.length,
    columns: [col('worker', '网格员', 9), col('village', '村（社区）', 12), col('grid', '网格', 12), col('number', '户号', 14), col('head', '户主', 9), col('address', '住址', 22),
      col('cls', '类别', 7), col('reasons', '重点原因', 16), col('lastVisit', '最近走访')],
  };
}
