// 周巡查、月考核、年评比 as tables: one column list per period, read by the 报表 page (screen and print) and by the
// xlsx export (visit.assessment.export), so the two never differ.
import type { AssessmentOut, T6Row, WeekRow, YearRow } from '../contract/visits';

export type AssessmentColumnKind = 'index' | 'text' | 'count' | 'rate' | 'score';

export interface AssessmentColumn<R> {
  key: string;
  header: string;
  /** Width in characters. */
  width: number;
  kind: AssessmentColumnKind;
  value: (row: R) => string | number | null;
}

const text = <R>(key: string, header: string, width: number, value: (r: R) => string): AssessmentColumn<R> => ({ key, header, width, kind: 'text', value });
const count = <R>(key: string, header: string, value: (r: R) => number): AssessmentColumn<R> => ({ key, header, width: 8, kind: 'count', value });
const pct = <R>(key: string, header: string, value: (r: R) => number | null): AssessmentColumn<R> => ({ key, header, width: 10, kind: 'rate', value });
const score = <R>(key: string, header: string, value: (r: R) => number | null, width = 8): AssessmentColumn<R> => ({ key, header, width, kind: 'score', value });

type Worker = { worker: string; village: string; grids: string };
const who = <R extends Worker>(): AssessmentColumn<R>[] => [
  text('worker', '网格员', 10, (r) => r.worker),
  text('village', '村（社区）', 12, (r) => r.village),
  text('grids', '网格', 18, (r) => r.grids),
];

export const MONTH_COLUMNS: AssessmentColumn<T6Row>[] = [
  ...who<T6Row>(),
  count('households', '户数', (r) => r.households),
  count('due', '应走访', (r) => r.due),
  count('visited', '已走访', (r) => r.visited),
  pct('visitRate', '走访率', (r) => r.visitRate),
  pct('keyVisitRate', '重点户走访率', (r) => r.keyVisitRate),
  count('reported', '上报事件', (r) => r.reported),
  count('closedInTime', '按期办结', (r) => r.closedInTime),
  pct('closedInTimeRate', '按期办结率', (r) => r.closedInTimeRate),
  score('score', '得分', (r) => r.score),
];

export const WEEK_COLUMNS: AssessmentColumn<WeekRow>[] = [
  ...who<WeekRow>(),
  count('households', '户数', (r) => r.households),
  count('due', '本周应走访', (r) => r.due),
  count('visited', '本周已走访', (r) => r.visited),
  pct('visitRate', '走访率', (r) => r.visitRate),
  count('keyDue', '重点户应访', (r) => r.keyDue),
  count('keyVisited', '重点户已访', (r) => r.keyVisited),
  pct('keyVisitRate', '重点户走访率', (r) => r.keyVisitRate),
  count('visits', '走访次数', (r) => r.visits),
  count('findings', '发现问题', (r) => r.findings),
  count('reported', '上报事件', (r) => r.reported),
];

export const YEAR_COLUMNS: AssessmentColumn<YearRow>[] = [
  { key: 'rank', header: '排名', width: 6, kind: 'count', value: (r) => r.rank },
  ...who<YearRow>(),
  ...Array.from({ length: 12 }, (_, i) => score<YearRow>(`m${i + 1}`, `${i + 1}月`, (r) => r.scores[i] ?? null, 6)),
  score('average', '年度平均分', (r) => r.average, 10),
  text('grade', '等级', 8, (r) => r.grade ?? '—'),
];

const monthText = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;

/** The table of one period: its title, the line under it, the columns and the rows (合计 last where there is one). */
export function assessmentTable(out: AssessmentOut): { title: string; subtitle: string; columns: AssessmentColumn<never>[]; rows: unknown[] } {
  switch (out.period) {
    case 'month':
      return { title: `${out.townName}网格员月考核表`, subtitle: monthText(out.month), columns: MONTH_COLUMNS as AssessmentColumn<never>[], rows: [...out.rows, { ...out.total, worker: '合计', village: '', grids: '' }] };
    case 'week':
      return { title: `${out.townName}网格员周巡查表`, subtitle: out.weekNumber, columns: WEEK_COLUMNS as AssessmentColumn<never>[], rows: [...out.rows, out.total] };
    case 'year': {
      const g = out.grades;
      const counted = out.months.length ? `计入 ${monthText(out.months[0]!)}—${monthText(out.months[out.months.length - 1]!)}` : '';
      return {
        title: `${out.townName}网格员${out.year}年度评比表`,
        subtitle: `${counted}　优秀：排名前 ${g.excellentShare}%（${g.places} 名）且平均分不低于 ${g.excellentMinScore} 分；不合格：平均分低于 ${g.passScore} 分`,
        columns: YEAR_COLUMNS as AssessmentColumn<never>[],
        rows: out.rows,
      };
    }
  }
}

/** A cell as the screen and the printout show it. */
export function cellText(col: AssessmentColumn<never>, row: unknown): string {
  const v = col.value(row as never);
  if (v === null) return col.kind === 'text' ? '' : '—';
  if (col.kind === 'rate') return `${Number(v).toFixed(2)}%`;
  if (col.kind === 'score') return Number(v).toFixed(1);
  return String(v);
}
