// The statutory tables T1–T4 (reports.md) as data: one definition each — title, the columns (label, the merged group
// header above it, width, kind, the figure it shows), paper and orientation. One xlsx renderer and one PDF renderer
// (electron/core/reports) lay out any definition, so the screen, the file and the printout agree; adding a column is
// an edit here (and a test).
//
// Decisions:
// - A figure is named by its key in the contract's row of that table (`registered`, `risk.3` for an element of a
//   list), so a definition is plain JSON and a county-form mapping can name the same figures later.
// - 合计 is computed here from the village rows by each column's rule: counts summed, money summed in 分, rates
//   recomputed from the summed numerator and denominator (never averaged); a zero denominator gives null, shown "—".
//   The indicator functions compute the same 合计 independently; the tests hold the two equal.
// - The header has two rows when any column has a group: a grouped column shows its group (merged across the run of
//   adjacent columns of the same group) above its label; an ungrouped column's label spans both rows.
// - 序号 numbers the village rows; the 合计 row has no 序号.
// - Rates are percentages with 2 decimals in the figures (66.67); the xlsx stores them as fractions (0.6667) with a
//   0.00% format, so they stay numbers.
import { disputeCategoryTable } from '../codes/event';
import { rate } from '../rules/indicators';

/** score: a 0–100 mark with one decimal (T6 得分); its 合计 is the rows' average, not a sum. */
export type ColumnKind = 'index' | 'text' | 'count' | 'money' | 'rate' | 'score';

export interface TableColumn {
  label: string;
  /** The merged header above this column (adjacent columns with the same group share one cell). */
  group?: string;
  /** Width in characters (xlsx) — the PDF uses the same proportions. */
  width: number;
  kind: ColumnKind;
  /** The figure shown: a key of the table's row (`risk.3` = element 3 of the list `risk`). Not for index. */
  figure?: string;
  /** For a rate: the figures it divides, so 合计 recomputes it from the sums. */
  rateOf?: { numerator: string; denominator: string };
}

/** T1–T5 have a row per 村/社区 (from report.figures); T6 a row per grid worker (visit.assessment). */
export type VillageTableId = 'T1' | 'T2' | 'T3' | 'T4' | 'T5';
export type TableId = VillageTableId | 'T6';

export interface TableDefinition<Id extends TableId = TableId> {
  id: Id;
  /** 表名; the title is 镇名 + 表名. */
  name: string;
  /** The sheet name (≤ 31 characters). */
  sheet: string;
  columns: readonly TableColumn[];
  paper: 'A4' | 'A3';
  orientation: 'landscape' | 'portrait';
  units: string;
  /** The signature line under the table; {填报日期} is replaced by the date the table is made. */
  footer: string;
}

const FOOTER = '单位负责人：　　　　审核人：　　　　填表人：　　　　联系电话：　　　　　　填报日期：{填报日期}';
const UNITS = '单位：人、户、元、%';
const lead: TableColumn[] = [
  { label: '序号', width: 5, kind: 'index' },
  { label: '村（社区）', width: 14, kind: 'text', figure: 'village' },
];
const count = (label: string, figure: string, group?: string, width = 8): TableColumn => ({ label, figure, group, width, kind: 'count' });
const money = (label: string, figure: string, group?: string, width = 12): TableColumn => ({ label, figure, group, width, kind: 'money' });
const rateCol = (label: string, figure: string, numerator: string, denominator: string, group?: string): TableColumn => ({
  label, figure, group, width: 9, kind: 'rate', rateOf: { numerator, denominator },
});

export const T1: TableDefinition<'T1'> = {
  id: 'T1',
  name: '刑满释放人员安置帮教工作情况统计表',
  sheet: 'T1 安置帮教',
  paper: 'A4',
  orientation: 'landscape',
  units: UNITS,
  footer: FOOTER,
  columns: [
    ...lead,
    count('在册帮教对象', 'registered'),
    count('其中重点帮教', 'key'),
    count('本月收到通知书', 'noticesThisMonth', '衔接情况'),
    count('本月已衔接', 'handedOverThisMonth', '衔接情况'),
    rateCol('衔接率', 'handoverRate', 'handedOverThisMonth', 'noticesThisMonth', '衔接情况'),
    count('已安置', 'placed', '安置情况'),
    rateCol('安置率', 'placementRate', 'placed', 'registered', '安置情况'),
    count('已落实帮教', 'helped', '帮教情况'),
    rateCol('帮教率', 'helpRate', 'helped', 'registered', '帮教情况'),
    count('本年人数', 'reoffendThisYear', '重新犯罪'),
    rateCol('重新犯罪率', 'reoffendRate', 'reoffendThisYear', 'registered', '重新犯罪'),
    count('脱管', 'outOfContact'),
    count('本月期满解除', 'releasedThisMonth'),
    count('报到逾期', 'reportOverdue'),
  ],
};

export const T2: TableDefinition<'T2'> = {
  id: 'T2',
  name: '严重精神障碍患者服务管理情况统计表',
  sheet: 'T2 严重精神障碍患者',
  paper: 'A3',
  orientation: 'landscape',
  units: UNITS,
  footer: FOOTER,
  columns: [
    ...lead,
    count('在册患者', 'registered'),
    count('年在管', 'managedThisYear', '管理情况'),
    rateCol('管理率', 'managementRate', 'managedThisYear', 'registered', '管理情况'),
    count('规范管理', 'standardManaged', '管理情况'),
    rateCol('规范管理率', 'standardRate', 'standardManaged', 'registered', '管理情况'),
    count('服药', 'medicated', '服药情况'),
    rateCol('服药率', 'medicationRate', 'medicated', 'registered', '服药情况'),
    count('规律服药', 'regularMedicated', '服药情况'),
    rateCol('规律服药率', 'regularMedicationRate', 'regularMedicated', 'registered', '服药情况'),
    count('居家患者', 'atHome', '病情'),
    count('稳定', 'stable', '病情'),
    rateCol('稳定率', 'stableRate', 'stable', 'atHome', '病情'),
    ...[0, 1, 2, 3, 4, 5].map((level) => count(`${level}级`, `risk.${level}`, '危险性评估', 6)),
    count('对象', 'awardEligible', '以奖代补'),
    count('已签监护责任书', 'awardSigned', '以奖代补'),
    count('本月肇事肇祸', 'incidentsThisMonth'),
  ],
};

export const T3: TableDefinition<'T3'> = {
  id: 'T3',
  name: '最低生活保障情况月报表',
  sheet: 'T3 低保',
  paper: 'A3',
  orientation: 'landscape',
  units: UNITS,
  footer: FOOTER,
  columns: [
    ...lead,
    count('户', 'urbanHouseholds', '城市低保', 6),
    count('人', 'urbanPersons', '城市低保', 6),
    money('当月保障金', 'urbanAmount', '城市低保'),
    count('户', 'ruralHouseholds', '农村低保', 6),
    count('人', 'ruralPersons', '农村低保', 6),
    money('当月保障金', 'ruralAmount', '农村低保'),
    count('户', 'newHouseholds', '本月新增', 6),
    count('人', 'newPersons', '本月新增', 6),
    count('户', 'stoppedHouseholds', '本月停保', 6),
    count('人', 'stoppedPersons', '本月停保', 6),
    count('增发户', 'increasedHouseholds', '本月调整', 7),
    count('减发户', 'decreasedHouseholds', '本月调整', 7),
    count('集中', 'extremeConcentrated', '特困供养', 6),
    count('分散', 'extremeDispersed', '特困供养', 6),
    count('本月应复核', 'reviewDue', '复核'),
    count('已复核', 'reviewed', '复核'),
    count('户', 'totalHouseholds', '合计', 6),
    count('人', 'totalPersons', '合计', 6),
    money('保障金', 'totalAmount', '合计'),
  ],
};

export const T4: TableDefinition<'T4'> = {
  id: 'T4',
  name: '网格化服务管理基础情况统计表',
  sheet: 'T4 网格化服务管理',
  paper: 'A4',
  orientation: 'landscape',
  units: UNITS,
  footer: FOOTER,
  columns: [
    ...lead,
    count('综合', 'comprehensiveGrids', '网格'),
    count('专属', 'dedicatedGrids', '网格'),
    count('超规模', 'oversizedGrids', '网格'),
    count('网格长', 'gridLeaders', '网格力量'),
    count('专职网格员', 'fullTimeStaff', '网格力量', 9),
    count('兼职网格员', 'partTimeStaff', '网格力量', 9),
    count('网格指导员', 'instructors', '网格力量', 9),
    rateCol('1+3配齐率', 'staffingRate', 'fullyStaffedGrids', 'openGrids', '网格力量'),
    count('户数', 'households', undefined, 9),
    count('合计', 'residents', '实有人口', 9),
    count('户籍', 'registeredResidents', '实有人口', 9),
    count('流动', 'floatingResidents', '实有人口', 9),
  ],
};

/** T5: the decisions behind each figure are at the top of shared/rules/t5.ts. */
export const T5: TableDefinition<'T5'> = {
  id: 'T5',
  name: '矛盾纠纷排查化解情况统计表',
  sheet: 'T5 矛盾纠纷排查化解',
  paper: 'A3',
  orientation: 'landscape',
  units: '单位：件、%',
  footer: FOOTER,
  columns: [
    ...lead,
    count('排查', 'found', '排查化解', 7),
    count('化解', 'resolved', '排查化解', 7),
    rateCol('化解率', 'resolvedRate', 'resolved', 'found', '排查化解'),
    ...disputeCategoryTable.entries.map((e, i) => count(e.label.replace(/纠纷$/, '').replace(/^其他矛盾$/, '其他'), `byCategory.${i}`, '按类别', 7)),
    count('应受理', 'acceptJudged', '受理', 7),
    count('按期受理', 'acceptOnTime', '受理', 7),
    rateCol('按期受理率', 'acceptRate', 'acceptOnTime', 'acceptJudged', '受理'),
    count('应办结', 'closeJudged', '办结', 7),
    count('按期办结', 'closeOnTime', '办结', 7),
    rateCol('按期办结率', 'closeRate', 'closeOnTime', 'closeJudged', '办结'),
    count('已评价', 'rated', '群众满意度', 7),
    count('满意', 'satisfied', '群众满意度', 7),
    rateCol('满意率', 'satisfiedRate', 'satisfied', 'rated', '群众满意度'),
  ],
};

/**
 * T6 网格员履职考核表 (issue 12): one row per grid worker, not per village; the figures and their decisions are in
 * shared/rules/workerFigures.ts. 得分 = Σ 权重 × 比率 ÷ Σ 适用的权重 × 100 (weights are rule settings).
 */
export const T6: TableDefinition<'T6'> = {
  id: 'T6',
  name: '网格员履职考核表',
  sheet: 'T6 网格员履职考核',
  paper: 'A4',
  orientation: 'landscape',
  units: '单位：户、件、%、分',
  footer: FOOTER,
  columns: [
    { label: '序号', width: 5, kind: 'index' },
    { label: '网格员', width: 9, kind: 'text', figure: 'worker' },
    { label: '村（社区）', width: 12, kind: 'text', figure: 'village' },
    { label: '负责网格', width: 16, kind: 'text', figure: 'grids' },
    count('住户', 'households', undefined, 7),
    count('应走访', 'due', '住户走访', 7),
    count('已走访', 'visited', '住户走访', 7),
    rateCol('走访率', 'visitRate', 'visited', 'due', '住户走访'),
    count('应走访', 'keyDue', '重点户走访', 7),
    count('已走访', 'keyVisited', '重点户走访', 7),
    rateCol('走访率', 'keyVisitRate', 'keyVisited', 'keyDue', '重点户走访'),
    count('上报事件', 'reported', '事件', 8),
    count('应办结', 'closeDue', '事件', 7),
    count('按期办结', 'closedInTime', '事件', 8),
    rateCol('按期办结率', 'closedInTimeRate', 'closedInTime', 'closeDue', '事件'),
    { label: '得分', width: 7, kind: 'score', figure: 'score' },
  ],
};

/** The village tables (report.figures' t1–t5). */
export const TABLES = { T1, T2, T3, T4, T5 } as const;
/** Every statutory table by its id, T6 included. */
export const ALL_TABLES = { ...TABLES, T6 } as const;

export type FigureRow = Readonly<Record<string, unknown>>;

/** The value of a figure in a row: a number, null for a rate without denominator, or text (the village). */
export function figureOf(row: FigureRow, figure: string): number | string | null {
  // A computed 合计 row holds `risk.3` under that very key.
  let v: unknown = row[figure];
  const [key, index] = figure.split('.');
  if (v === undefined && index !== undefined) v = Array.isArray(row[key!]) ? (row[key!] as unknown[])[Number(index)] : undefined;
  if (v === undefined) throw new RangeError(`报表数字「${figure}」不存在`);
  return v as number | string | null;
}

/** 合计 of the village rows by each column's rule; keyed by the columns' figures. */
export function totalRow(def: TableDefinition, rows: readonly FigureRow[]): Record<string, number | string | null> {
  const sum = (figure: string) => rows.reduce((s, r) => s + Number(figureOf(r, figure) ?? 0), 0);
  const out: Record<string, number | string | null> = {};
  // Only the first text column says 合计 (T6 has three: worker, village, grids).
  let labelled = false;
  for (const col of def.columns) {
    if (!col.figure) continue;
    if (col.kind === 'text') {
      out[col.figure] = labelled ? '' : '合计';
      labelled = true;
    } else if (col.kind === 'score') {
      const marks = rows.map((r) => figureOf(r, col.figure!)).filter((v): v is number => typeof v === 'number');
      out[col.figure] = marks.length ? Math.round((marks.reduce((s, v) => s + v, 0) / marks.length) * 10) / 10 : null;
    } else if (col.kind === 'money') out[col.figure] = rows.reduce((s, r) => s + Math.round(Number(figureOf(r, col.figure!) ?? 0) * 100), 0) / 100;
    else if (col.kind === 'rate' && col.rateOf) out[col.figure] = rate(sum(col.rateOf.numerator), sum(col.rateOf.denominator));
    else out[col.figure] = sum(col.figure);
  }
  return out;
}

export interface HeaderCell {
  /** 0-based within the header. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  label: string;
}

/** The header cells with their spans: a group over its run of columns, an ungrouped label over both rows. */
export function headerLayout(def: TableDefinition): { rows: number; cells: HeaderCell[] } {
  const rows = def.columns.some((c) => c.group) ? 2 : 1;
  const cells: HeaderCell[] = [];
  def.columns.forEach((c, i) => {
    if (!c.group || rows === 1) {
      cells.push({ row: 0, col: i, rowSpan: rows, colSpan: 1, label: c.label });
      return;
    }
    if (i === 0 || def.columns[i - 1]!.group !== c.group) {
      let span = 1;
      while (def.columns[i + span]?.group === c.group) span++;
      cells.push({ row: 0, col: i, rowSpan: 1, colSpan: span, label: c.group });
    }
    cells.push({ row: 1, col: i, rowSpan: 1, colSpan: 1, label: c.label });
  });
  return { rows, cells };
}

/** 统计期：2026年11月 */
export function periodLabel(month: string): string {
  return `统计期：${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** A rate as printed: 66.67% or —. */
export function rateText(v: number | null): string {
  return v === null ? '—' : `${v.toFixed(2)}%`;
}
