// 月度工作报告 (reports.md "PDF documents"): cover (town, month, date); 一、基本情况 (T4); 二、三、四、 one section per
// key group with its figures, one chart (ECharts SVG rendered in Node) and a short table; 五、待办与逾期; 六、本月工作情况
// (the staff's text, table month_note); the signature and date block. GB/T 9704 page geometry (domain.md Part 2 §7).
//
// Decisions:
// - Page: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm (so right 26 mm, bottom 35 mm); text 3号 (16 pt) at a 29 pt
//   line pitch, paragraphs indented 2 字, headings 一、 bold; the short tables in 五号 (10.5 pt) to fit the 版心.
// - 页码 "— n —" in 4号 below the 版心, odd pages right and even pages left with 1 字 of space; the cover has none
//   and the first page after it is 1.
// - Everything printed is a function of (figures, month, generatedAt) and what the database holds for the month
//   (the note, the due dates): no clock is read, so the same inputs give the same bytes.
// - 待办与逾期 as of the month's last day, or the generation date when the month is not over yet.
// - The ten most overdue list names and villages, not ID numbers: the report goes to the county's meeting, not a ledger.
// - The town's map (issue 11), when grids have boundaries: grids coloured by key-group persons per 1,000 residents,
//   the figure the county watches most; drawn as SVG in Node (mapSvg.ts). Its figures are today's, as the map is.
import type { EChartsOption } from 'echarts';
import type { DueItem } from '../../../shared/contract/records';
import { DUE_KINDS } from '../../../shared/contract/records';
import type { ReportFigures } from '../../../shared/contract/reports';
import { riskChart, villageChart } from '../../../shared/reports/charts';
import { rateText } from '../../../shared/reports/tables';
import type { ServiceContext } from '../context';
import { validationError } from '../errors';
import { guardOf } from '../files/safeOutput';
import { PDF_FONT, pdfBuffer, writeBuffer } from '../pdf/render';
import { dueList } from '../records/due';
import { NO_VILLAGE } from '../records/indicators';
import { chartSvg } from './chartSvg';
import { reportFigures } from './figures';
import { getMonthNote } from './monthNote';
import { townMapSvg, type TownMap } from './mapSvg';
import { mapLayers } from '../map/service';

const MM = 72 / 25.4;
const MARGINS = [28 * MM, 37 * MM, 26 * MM, 35 * MM] as const; // left, top, right, bottom
const TEXT_WIDTH = 156 * MM;
const BODY_SIZE = 16;
const LINE = 29 / BODY_SIZE;
const TABLE_SIZE = 10.5;
// Rendered at the printed size, so the chart's 10 px labels print at 10 pt.
const CHART = { width: Math.round(TEXT_WIDTH), height: 250 } as const;

type Node = Record<string, unknown>;

const ymd = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const monthTitle = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;
const n = (v: number) => v.toLocaleString('en-US');
const yuanText = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function lastDay(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

const heading = (text: string): Node => ({ text, font: PDF_FONT.body, bold: true, fontSize: BODY_SIZE, lineHeight: LINE, margin: [0, 6, 0, 2], headlineLevel: 1 });
// pdfmake trims leading white space (U+3000 too), so the 2 字 indent is its leadingIndent.
const paragraph = (text: string): Node => ({ text, leadingIndent: 2 * BODY_SIZE, fontSize: BODY_SIZE, lineHeight: LINE, alignment: 'justify' });

/** The charts drawn before the document is laid out (SVG rendering is asynchronous: echarts loads on first use). */
type Charts = Record<'released' | 'risk' | 'lowIncome', string>;

async function drawCharts(f: ReportFigures): Promise<Charts> {
  const draw = (o: EChartsOption) => chartSvg(o, CHART.width, CHART.height);
  return {
    released: await draw(villageChart(f, 'released', PDF_FONT.body)),
    risk: await draw(riskChart(f, PDF_FONT.body)),
    lowIncome: await draw(villageChart(f, 'lowIncome', PDF_FONT.body)),
  };
}

function chart(svg: string): Node {
  return { svg, width: TEXT_WIDTH, alignment: 'center', margin: [0, 4, 0, 4] };
}

/** A short table: header row bold and shaded, numbers centred, the 合计 row bold. */
function shortTable(head: string[], rows: (string | number)[][], widths?: (number | string)[]): Node {
  const cell = (v: string | number, bold = false, fill?: string): Node => ({
    text: typeof v === 'number' ? n(v) : v, bold, fillColor: fill, alignment: typeof v === 'number' || bold ? 'center' : 'left', fontSize: TABLE_SIZE,
  });
  return {
    table: {
      headerRows: 1,
      // Never a header row alone at a page foot.
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths: widths ?? head.map((_, i) => (i === 0 ? '*' : 'auto')),
      body: [head.map((h) => cell(h, true, '#eeeeee')), ...rows.map((r) => r.map((v, i) => cell(v, r[0] === '合计' && i === 0)))],
    },
    layout: { paddingTop: () => 2, paddingBottom: () => 2 },
    margin: [0, 4, 0, 8],
  };
}

const villages = <R extends { village: string }>(rows: R[]) => rows.filter((r) => r.village !== NO_VILLAGE);

function basics(f: ReportFigures): Node[] {
  const t = f.t4.total;
  const villageCount = villages(f.t4.rows).length;
  return [
    heading('一、基本情况'),
    paragraph(
      `全镇共有村（社区）${villageCount} 个，综合网格 ${n(t.comprehensiveGrids)} 个、专属网格 ${n(t.dedicatedGrids)} 个，其中超规模网格 ${n(t.oversizedGrids)} 个。` +
        `网格长 ${n(t.gridLeaders)} 人、专职网格员 ${n(t.fullTimeStaff)} 人、兼职网格员 ${n(t.partTimeStaff)} 人、网格指导员 ${n(t.instructors)} 人，` +
        `“1+3”配齐的网格 ${n(t.fullyStaffedGrids)} 个，配齐率 ${rateText(t.staffingRate)}。` +
        `实有人口 ${n(t.residents)} 人（户籍人口 ${n(t.registeredResidents)} 人、流动人口 ${n(t.floatingResidents)} 人），${n(t.households)} 户。`,
    ),
    shortTable(
      ['村（社区）', '网格', '网格员', '户数', '实有人口', '流动人口'],
      [...f.t4.rows, { ...t, village: '合计' }].map((r) => [
        r.village, r.comprehensiveGrids + r.dedicatedGrids, r.gridLeaders + r.fullTimeStaff + r.partTimeStaff, r.households, r.residents, r.floatingResidents,
      ]),
    ),
  ];
}

/** 网格分布图: the map under 基本情况, with what it shows said in words. */
function townMap(map: TownMap | null): Node[] {
  if (!map) return [];
  return [
    paragraph(`全镇网格分布及重点人员密度见下图（按网格着色，重点人员每千人）${map.missing ? `；另有 ${map.missing} 个网格尚未绘制边界，图中未显示` : ''}。`),
    { svg: map.svg, width: TEXT_WIDTH, alignment: 'center', margin: [0, 4, 0, 2] },
    { text: '图 1　网格分布及重点人员密度图', fontSize: TABLE_SIZE, alignment: 'center', margin: [0, 0, 0, 8] },
  ];
}

function released(f: ReportFigures, svg: string): Node[] {
  const t = f.t1.total;
  return [
    heading('二、安置帮教工作'),
    paragraph(
      `期末在册帮教对象 ${n(t.registered)} 人，其中重点帮教对象 ${n(t.key)} 人。本月刑满释放 ${n(t.releasedThisMonth)} 人，` +
        `收到衔接通知 ${n(t.noticesThisMonth)} 人，完成衔接 ${n(t.handedOverThisMonth)} 人，衔接率 ${rateText(t.handoverRate)}；` +
        `已安置 ${n(t.placed)} 人，安置率 ${rateText(t.placementRate)}；已落实帮教 ${n(t.helped)} 人，帮教率 ${rateText(t.helpRate)}；` +
        `本年重新犯罪 ${n(t.reoffendThisYear)} 人，重新犯罪率 ${rateText(t.reoffendRate)}；脱管 ${n(t.outOfContact)} 人，报到逾期 ${n(t.reportOverdue)} 人。`,
    ),
    chart(svg),
    shortTable(
      ['村（社区）', '在册', '重点', '帮教率', '脱管', '报到逾期'],
      [...f.t1.rows, { ...t, village: '合计' }].map((r) => [r.village, r.registered, r.key, rateText(r.helpRate), r.outOfContact, r.reportOverdue]),
    ),
  ];
}

function patients(f: ReportFigures, svg: string): Node[] {
  const t = f.t2.total;
  const high = (t.risk[3] ?? 0) + (t.risk[4] ?? 0) + (t.risk[5] ?? 0);
  return [
    heading('三、严重精神障碍患者服务管理'),
    paragraph(
      `期末在册患者 ${n(t.registered)} 人，在家居住 ${n(t.atHome)} 人；本年管理 ${n(t.managedThisYear)} 人，管理率 ${rateText(t.managementRate)}；` +
        `规范管理 ${n(t.standardManaged)} 人，规范管理率 ${rateText(t.standardRate)}；服药 ${n(t.medicated)} 人，服药率 ${rateText(t.medicationRate)}；` +
        `规律服药 ${n(t.regularMedicated)} 人，规律服药率 ${rateText(t.regularMedicationRate)}；病情稳定 ${n(t.stable)} 人，稳定率 ${rateText(t.stableRate)}。` +
        `危险性评估 3 级以上 ${n(high)} 人（0—5 级依次为 ${t.risk.map(n).join('、')} 人）。` +
        `符合以奖代补条件 ${n(t.awardEligible)} 人，已签订监护责任书 ${n(t.awardSigned)} 人；本月肇事肇祸 ${n(t.incidentsThisMonth)} 起。`,
    ),
    chart(svg),
    shortTable(
      ['村（社区）', '在册', '规范管理率', '服药率', '病情稳定', '3级以上'],
      [...f.t2.rows, { ...t, village: '合计' }].map((r) => [r.village, r.registered, rateText(r.standardRate), rateText(r.medicationRate), r.stable, (r.risk[3] ?? 0) + (r.risk[4] ?? 0) + (r.risk[5] ?? 0)]),
    ),
  ];
}

function lowIncome(f: ReportFigures, svg: string): Node[] {
  const t = f.t3.total;
  return [
    heading('四、低保工作'),
    paragraph(
      `期末在保低保户 ${n(t.totalHouseholds)} 户 ${n(t.totalPersons)} 人，当月保障金 ${yuanText(t.totalAmount)} 元；其中城市低保 ${n(t.urbanHouseholds)} 户 ${n(t.urbanPersons)} 人、` +
        `${yuanText(t.urbanAmount)} 元，农村低保 ${n(t.ruralHouseholds)} 户 ${n(t.ruralPersons)} 人、${yuanText(t.ruralAmount)} 元。` +
        `本月新增 ${n(t.newHouseholds)} 户 ${n(t.newPersons)} 人，停保 ${n(t.stoppedHouseholds)} 户 ${n(t.stoppedPersons)} 人；增发 ${n(t.increasedHouseholds)} 户、减发 ${n(t.decreasedHouseholds)} 户。` +
        `特困供养集中 ${n(t.extremeConcentrated)} 人、分散 ${n(t.extremeDispersed)} 人。本月应复核 ${n(t.reviewDue)} 户，已复核 ${n(t.reviewed)} 户。`,
    ),
    chart(svg),
    shortTable(
      ['村（社区）', '户数', '人数', '保障金（元）', '新增户', '停保户'],
      [...f.t3.rows, { ...t, village: '合计' }].map((r) => [r.village, r.totalHouseholds, r.totalPersons, yuanText(r.totalAmount), r.newHouseholds, r.stoppedHouseholds]),
    ),
  ];
}

function dues(items: DueItem[], counts: Record<string, { overdue: number; today: number; upcoming: number }>, asOf: string): Node[] {
  const kinds = DUE_KINDS.filter((k) => counts[k]);
  const sum = kinds.reduce((s, k) => ({ overdue: s.overdue + counts[k]!.overdue, today: s.today + counts[k]!.today, upcoming: s.upcoming + counts[k]!.upcoming }), { overdue: 0, today: 0, upcoming: 0 });
  const worst = items.filter((i) => i.state === '逾期').slice(0, 10);
  return [
    heading('五、待办与逾期'),
    paragraph(`截至 ${ymd(asOf)}，逾期未办 ${n(sum.overdue)} 项，当日到期 ${n(sum.today)} 项，即将到期 ${n(sum.upcoming)} 项。`),
    shortTable(
      ['事项', '逾期', '当日到期', '即将到期'],
      [...kinds.map((k) => [k, counts[k]!.overdue, counts[k]!.today, counts[k]!.upcoming]), ['合计', sum.overdue, sum.today, sum.upcoming]],
    ),
    worst.length
      ? { text: `逾期最久的 ${worst.length} 项：`, fontSize: BODY_SIZE, lineHeight: LINE }
      : paragraph('没有逾期未办的事项。'),
    ...(worst.length
      ? [
          shortTable(
            ['序号', '事项', '姓名', '村（社区）', '应办日期', '逾期天数'],
            worst.map((i, k) => [String(k + 1), i.kind, i.name, i.village ?? '未划分网格', i.dueDate, i.daysLate]),
            ['auto', 'auto', 'auto', '*', 'auto', 'auto'],
          ),
        ]
      : []),
  ];
}

function note(text: string): Node[] {
  const paragraphs = text.split('\n').map((p) => p.trim()).filter(Boolean);
  return [heading('六、本月工作情况'), ...(paragraphs.length ? paragraphs.map(paragraph) : [paragraph('（本月工作情况未填写。）')])];
}

function signature(townName: string, date: string): Node {
  return {
    unbreakable: true,
    margin: [0, 36, 0, 0],
    stack: [
      { text: '负责人：____________', fontSize: BODY_SIZE, lineHeight: LINE, alignment: 'right', margin: [0, 0, 4 * BODY_SIZE, 0] },
      { text: `${townName}综治中心（盖章）`, fontSize: BODY_SIZE, lineHeight: LINE, alignment: 'right', margin: [0, 12, 4 * BODY_SIZE, 0] },
      { text: ymd(date), fontSize: BODY_SIZE, lineHeight: LINE, alignment: 'right', margin: [0, 0, 4 * BODY_SIZE, 0] },
    ],
  };
}

function cover(townName: string, month: string, date: string): Node[] {
  return [
    { text: `${townName}综治中心`, font: PDF_FONT.title, fontSize: 26, alignment: 'center', margin: [0, 120, 0, 24] },
    { text: `${monthTitle(month)}工作报告`, font: PDF_FONT.title, bold: true, fontSize: 30, alignment: 'center', margin: [0, 0, 0, 180] },
    { text: `报送单位：${townName}综治中心`, fontSize: BODY_SIZE, alignment: 'center', lineHeight: LINE },
    { text: `统计期：${monthTitle(month)}`, fontSize: BODY_SIZE, alignment: 'center', lineHeight: LINE },
    { text: ymd(date), fontSize: BODY_SIZE, alignment: 'center', lineHeight: LINE, pageBreak: 'after' },
  ];
}

/** The document definition; `asOf` is the date 待办与逾期 is counted at. */
export function monthlyReportDocument(
  f: ReportFigures,
  date: string,
  charts: Charts,
  dueInfo: { items: DueItem[]; counts: Record<string, { overdue: number; today: number; upcoming: number }>; asOf: string },
  noteText: string,
  map: TownMap | null = null,
): Node {
  const title = `${f.townName}综治中心${monthTitle(f.month)}工作报告`;
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [...MARGINS],
    defaultStyle: { font: PDF_FONT.body, fontSize: BODY_SIZE },
    info: { title, author: `${f.townName}综治中心`, creator: '乡镇综治台账', producer: '乡镇综治台账', creationDate: new Date(`${date}T00:00:00Z`) },
    // Headings never stand alone at a page foot.
    pageBreakBefore: (node: { headlineLevel?: number; startPosition: { verticalRatio: number } }) => node.headlineLevel === 1 && node.startPosition.verticalRatio > 0.85,
    footer: (current: number) => {
      if (current === 1) return null;
      const page = current - 1;
      return {
        text: `— ${page} —`,
        fontSize: 14,
        alignment: page % 2 === 1 ? 'right' : 'left',
        margin: [MARGINS[0] + (page % 2 === 1 ? 0 : 14), 7 * MM, MARGINS[2] + (page % 2 === 1 ? 14 : 0), 0],
      };
    },
    content: [
      ...cover(f.townName, f.month, date),
      { text: title, font: PDF_FONT.title, fontSize: 22, alignment: 'center', margin: [0, 0, 0, 16] },
      ...basics(f),
      ...townMap(map),
      ...released(f, charts.released),
      ...patients(f, charts.risk),
      ...lowIncome(f, charts.lowIncome),
      ...dues(dueInfo.items, dueInfo.counts, dueInfo.asOf),
      ...note(noteText),
      signature(f.townName, date),
    ],
  };
}

/**
 * The 月度工作报告 of a month as PDF bytes (for the lead's monthly package). `generatedAt` is the generation time
 * (ISO date or date-time): its date is printed on the cover and the signature, and is the PDF's creation date.
 */
export async function monthlyReportBuffer(ctx: ServiceContext, month: string, figures: ReportFigures, generatedAt: string): Promise<Buffer> {
  if (!/^\d{4}-\d{2}-\d{2}/.test(generatedAt)) {
    throw validationError(`生成时间 ${generatedAt.slice(0, 40)} 不是日期`, [{ path: ['generatedAt'], message: '应为 YYYY-MM-DD' }]);
  }
  if (figures.month !== month) {
    throw validationError(`统计数字属于 ${figures.month}，与报告月份 ${month} 不符`, [{ path: ['month'], message: '月份不符' }]);
  }
  const date = generatedAt.slice(0, 10);
  const end = lastDay(month);
  const asOf = date < end ? date : end;
  const { items, counts } = dueList(ctx, { date: asOf });
  const charts = await drawCharts(figures);
  const map = townMapSvg(mapLayers(ctx), 'keyGroupPer1000', { width: Math.round(TEXT_WIDTH), height: 360, font: PDF_FONT.body });
  return pdfBuffer(monthlyReportDocument(figures, date, charts, { items, counts, asOf }, getMonthNote(ctx, month).text, map));
}

/** report.monthly: the report for the month, written to `path`, generated today. */
export async function writeMonthlyReport(ctx: ServiceContext, input: { month: string; path: string }): Promise<{ path: string; bytes: number }> {
  ctx.progress?.(0, 3, '统计数字');
  const figures = reportFigures(ctx, input.month);
  ctx.progress?.(1, 3, '生成图表与 PDF');
  const buffer = await monthlyReportBuffer(ctx, input.month, figures, ctx.today());
  ctx.progress?.(2, 3, '写入文件');
  await writeBuffer(input.path, buffer, guardOf(ctx));
  ctx.progress?.(3, 3, '完成');
  return { path: input.path, bytes: buffer.length };
}
