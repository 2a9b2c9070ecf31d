// 低保公示表 (reports.md "PDF documents"): the households 在保 at a month's end, with 户主, 保障人数, 月保障金额 and the
// 户主's ID number masked (320102********1234), for posting in the village. One page per 村/社区 (each village posts
// its own), or one village. Read on the caller's scoped connection.
//
// Decisions:
// - 在保 at the month's end: registered (确认日期) by then, not voided, and not exited by then.
// - The amount is the entry's monthly amount as the ledger holds it now (复核 adjustments rewrite it).
// - 公示期 by default: the month's first working day (Monday–Friday; public holidays are not known to the app) and
//   the six days after it, the usual seven-day posting; staff may give their own dates.
// - A village with no household 在保 gets no page; a scope with none at all gets one page that says so.
import type { ChannelParsed } from '../../../shared/contract';
import { lowIncomeAreaTable } from '../../../shared/codes/ledger';
import { labelOf } from '../../../shared/codes/table';
import { addDays, chineseDate, lastDayOfMonth } from '../../../shared/rules/dates';
import { maskIdNumber } from '../../../shared/rules/idNumber';
import type { ServiceContext } from '../context';
import { AppError, validationError } from '../errors';
import { guardOf } from '../files/safeOutput';
import { queryLowIncome } from '../ledgers/lowIncome/service';
import { PDF_FONT, pdfBuffer, writeBuffer } from '../pdf/render';
import { generationDate, villageByCode } from './cards';
import { checkReportMonth } from './figures';

export type PostingInput = ChannelParsed<'report.posting'>;

export interface PostingRow { village: string; head: string; idNumber: string; area: string; persons: number; amount: number }

/** The first Monday–Friday of the month and six days after it. */
export function defaultPostingPeriod(month: string): { from: string; to: string } {
  let from = `${month}-01`;
  const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
  while (weekday(from) === 0 || weekday(from) === 6) from = addDays(from, 1);
  return { from, to: addDays(from, 6) };
}

export function postingRows(ctx: ServiceContext, month: string, villageId?: number): PostingRow[] {
  const end = lastDayOfMonth(month);
  return queryLowIncome(ctx, { query: '', status: '全部', ...(villageId !== undefined ? { villageId } : {}) })
    .filter((r) => r.confirmedOn <= end && (r.exitOn === null || r.exitOn > end))
    .map((r) => ({
      village: r.villageName ?? '未划分网格',
      head: r.headName ?? '（无户主）',
      idNumber: r.headIdNumber ? maskIdNumber(r.headIdNumber) : '',
      area: labelOf(lowIncomeAreaTable, r.area),
      persons: r.coveredCount,
      amount: r.monthlyAmountFen / 100,
    }));
}

const money = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const th = (text: string) => ({ text, bold: true, alignment: 'center', fillColor: '#f2f2f2' });

function villagePage(townName: string, village: string | null, rows: PostingRow[], month: string, period: { from: string; to: string }, first: boolean): Record<string, unknown>[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const persons = rows.reduce((s, r) => s + r.persons, 0);
  const amount = rows.reduce((s, r) => s + r.amount, 0);
  const body = rows.length
    ? rows.map((r, i) => [String(i + 1), r.village, r.head, r.idNumber, r.area, String(r.persons), money(r.amount)].map((text, c) => ({ text, alignment: c === 1 || c === 2 ? 'left' : 'center' })))
    : [[{ text: '本月没有在保的低保户', colSpan: 7, alignment: 'center', color: '#666666' }, {}, {}, {}, {}, {}, {}]];
  return [
    { text: `${townName}${village ?? ''}最低生活保障对象公示表`, font: PDF_FONT.title, bold: true, fontSize: 18, alignment: 'center', margin: [0, 0, 0, 8], ...(first ? {} : { pageBreak: 'before' }) },
    {
      columns: [
        { text: `保障期：${y}年${m}月`, alignment: 'left' },
        { text: `公示期：${chineseDate(period.from)}至${chineseDate(period.to)}`, alignment: 'right' },
      ],
      margin: [0, 0, 0, 6],
    },
    {
      table: {
        headerRows: 1,
        widths: [26, 70, 56, '*', 40, 48, 70],
        body: [
          ['序号', '村（社区）', '户主姓名', '公民身份号码', '类别', '保障人数', '月保障金额（元）'].map(th),
          ...body,
          [{ text: '合计', bold: true, colSpan: 5, alignment: 'center' }, {}, {}, {}, {}, { text: String(persons), bold: true, alignment: 'center' }, { text: money(amount), bold: true, alignment: 'center' }],
        ],
      },
      layout: { paddingTop: () => 4, paddingBottom: () => 4 },
    },
    { text: `共 ${rows.length} 户、${persons} 人，月保障金额合计 ${money(amount)} 元。`, margin: [0, 8, 0, 0] },
    {
      text: `公示期内，对以上对象如有异议，请向${townName}人民政府或所在村（居）民委员会反映。监督电话：＿＿＿＿＿＿＿＿`,
      margin: [0, 6, 0, 0],
    },
    { text: `${townName}人民政府（盖章）`, alignment: 'right', margin: [0, 28, 24, 0] },
    { text: chineseDate(period.from), alignment: 'right', margin: [0, 4, 36, 0] },
  ];
}

export function postingDocument(townName: string, groups: { village: string | null; rows: PostingRow[] }[], month: string, period: { from: string; to: string }, generatedAt: Date) {
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    // GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
    pageMargins: [79.4, 104.9, 73.7, 99.2],
    defaultStyle: { font: PDF_FONT.body, fontSize: 10.5 },
    info: { title: `${townName}最低生活保障对象公示表`, creator: '乡镇综治台账', producer: '乡镇综治台账', creationDate: generatedAt },
    footer: (current: number, count: number) => ({ text: `第 ${current} 页 共 ${count} 页`, alignment: 'center', fontSize: 9, margin: [0, 40, 0, 0] }),
    content: groups.flatMap((g, i) => villagePage(townName, g.village, g.rows, month, period, i === 0)),
  };
}

export async function lowIncomePostingPdf(ctx: ServiceContext, input: Omit<PostingInput, 'path'>, generatedAt: string | Date) {
  const { townName } = checkReportMonth(ctx, input.month);
  const period = { ...defaultPostingPeriod(input.month), ...(input.from ? { from: input.from } : {}), ...(input.to ? { to: input.to } : {}) };
  if (input.from && !input.to) period.to = addDays(input.from, 6);
  if (period.to < period.from) throw validationError('公示结束日期不能早于开始日期', [{ path: ['to'], message: '公示结束日期早于开始日期' }]);
  ctx.progress?.(0, 2, '读取低保台账');
  const v = input.village ? villageByCode(ctx, input.village) : null;
  const rows = postingRows(ctx, input.month, v?.id);
  const groups: { village: string | null; rows: PostingRow[] }[] = [];
  if (v) groups.push({ village: v.name, rows });
  else {
    for (const r of rows) {
      const last = groups[groups.length - 1];
      if (last && last.village === r.village) last.rows.push(r);
      else groups.push({ village: r.village, rows: [r] });
    }
    if (!groups.length) groups.push({ village: null, rows: [] });
  }
  if (ctx.signal?.aborted) throw new AppError('CANCELLED', '已取消生成公示表，没有生成任何文件');
  ctx.progress?.(1, 2, '排版 PDF');
  const buffer = await pdfBuffer(postingDocument(townName, groups, input.month, period, generationDate(generatedAt)));
  return { buffer, households: rows.length, villages: groups.filter((g) => g.rows.length).length, ...period };
}

/** For the monthly package and report.posting: the 低保公示表 written to input.path. */
export async function writeLowIncomePosting(ctx: ServiceContext, input: PostingInput, generatedAt: string | Date) {
  const { buffer, ...rest } = await lowIncomePostingPdf(ctx, input, generatedAt);
  await writeBuffer(input.path, buffer, guardOf(ctx));
  ctx.progress?.(2, 2, '完成');
  return { path: input.path, ...rest };
}
