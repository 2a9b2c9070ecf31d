// 低保户 ledger files: one row per member (the way 民政 lists are kept), the rows of one household grouped by
// 户号, or without one by 低保证号. The household's own columns (确认日期, 低保证号, 类别, 分类, 金额 …) may be
// written on every row or only on one (the head's); rows that disagree are refused. A household with a bad
// row is not imported at all: a 低保 household with a member missing would pay the wrong 保障人数.
//
// Each member is matched in 实有人口 by ID (or created in the household); the household is the file's 户号
// (found or created), else the household a member already lives in, else a new one. The "last 复核 date"
// becomes a 复核记录 (结果 不变) marked 【导入】: the next 复核 is due from the later of 确认 and the last 复核
// record, so the record is what makes the due date right.
import { extremePovertySupportTable, lowIncomeAreaTable, lowIncomeClassTable, recordMethodTable } from '../../../../shared/codes';
import { eq } from 'drizzle-orm';
import { household, resident } from '../../db/schema';
import { registerLowIncome } from '../../ledgers/lowIncome/service';
import { addRecord } from '../../records/records';
import type { LedgerColumn } from './columns';
import type { ApplyKit, CellValue, LedgerDefinition, LedgerRow } from './types';
import { STAFF_FALLBACK } from './released';

const columns: LedgerColumn[] = [
  { key: 'certificateNumber', label: '低保证号', kind: 'text', max: 40, aliases: ['低保证号码', '低保证编号', '保障证号', '低保证'], explain: '同一户填相同的证号（没有户号时按证号分户）', width: 16 },
  { key: 'confirmedOn', label: '确认日期', required: true, kind: 'date', aliases: ['审核确认日期', '审批日期', '批准日期', '纳入日期', '纳入低保日期', '享受日期', '发证时间', '发证日期', '低保起始日期'], explain: '每户必填（可只填在户主一行）', width: 12 },
  { key: 'area', label: '低保类别', required: true, kind: 'code', table: lowIncomeAreaTable, aliases: ['城乡类别', '城市/农村', '低保类型', '保障类别'], explain: '城市 或 农村，每户必填', width: 10 },
  { key: 'class', label: '分类', kind: 'code', table: lowIncomeClassTable, aliases: ['低保分类', '分类施保类别', '施保类别', '分类管理类别'], explain: 'A、B 类每12个月复核，C 类每6个月', width: 8 },
  { key: 'monthlyAmount', label: '月保障金额', required: true, kind: 'money', aliases: ['户月保障金额', '保障金额', '月低保金', '低保金额', '月发放金额', '每月保障金'], explain: '全户每月金额（元），每户必填', width: 10 },
  { key: 'covered', label: '是否保障对象', kind: 'yesno', aliases: ['保障对象', '是否享受', '是否纳入保障', '是否享受低保'], explain: '是/否，空白为是（计入保障人数）', width: 8 },
  { key: 'extremePoverty', label: '特困供养', kind: 'code', table: extremePovertySupportTable, aliases: ['特困供养形式', '供养形式'], explain: '集中 或 分散，不是特困的空白', width: 8 },
  { key: 'publicityFrom', label: '公示开始日期', kind: 'date', aliases: ['公示日期', '公示时间'], explain: '选填', width: 12 },
  { key: 'lastReviewOn', label: '最近复核日期', kind: 'date', aliases: ['最近一次复核日期', '上次复核日期', '末次复核日期', '复核日期'], explain: '记为一条复核记录（结果不变，注明导入）；下次复核由此按分类计算', width: 12 },
  { key: 'reviewMethod', label: '复核方式', kind: 'code', table: recordMethodTable, aliases: [], explain: '面谈/家访/电话/其他，空白为其他', width: 8 },
  { key: 'reviewStaff', label: '复核人', kind: 'text', max: 20, aliases: ['经办人'], explain: '空白记为「台账导入」', width: 10 },
];

/** The household's own columns: one value for the whole household. */
const HOUSEHOLD_KEYS = ['certificateNumber', 'confirmedOn', 'area', 'class', 'monthlyAmount', 'extremePoverty', 'publicityFrom', 'lastReviewOn', 'reviewMethod', 'reviewStaff'] as const;

/** The household's value of a column and the row it was read from; rows that disagree refuse the household. */
function householdValue(kit: ApplyKit, rows: readonly LedgerRow[], key: string): { value: CellValue; row: LedgerRow } | null {
  let found: { value: CellValue; row: LedgerRow } | null = null;
  for (const r of rows) {
    const v = kit.value(r, key);
    if (v === null || v === '') continue;
    if (!found) found = { value: v, row: r };
    else if (found.value !== v) {
      kit.refuse(r, key, `同一户各行的值不一致：第 ${found.row.row} 行为「${String(found.value)}」，本行为「${String(v)}」；一户只能有一个值，可只填在户主一行`);
    }
  }
  return found;
}

export const lowIncomeImport: LedgerDefinition = {
  ledger: 'lowIncome',
  title: '低保户',
  sheetName: '低保户',
  preferredSheet: /低保|救助|保障/,
  columns,
  groupKey: (r) => {
    const number = r.values.get('householdNumber');
    if (number) return `户号 ${String(number)}`;
    const cert = r.values.get('certificateNumber');
    return cert ? `证号 ${String(cert)}` : `第 ${r.row} 行`;
  },
  notes: [
    '每行一名家庭成员，同一户的成员填相同的户号（没有户号时填相同的低保证号）。确认日期、低保证号、类别、分类、月保障金额等每户填一次即可（可只填在户主一行），各行填写的须一致。',
    '成员按公民身份号码在实有人口中查找，查不到时在该户新建；户号已有的沿用，新户号新建一户。「是否保障对象」为否的成员不计入保障人数。',
    '一户中任何一行有问题，该户整户不导入（以免保障人数不对）。已是低保户（在保）的户不会重复登记。',
    '「最近复核日期」记为一条复核记录（结果不变），内容注明「导入」；下次复核日期 = 确认日期或最近复核日期 + 分类的复核周期。',
  ],
  apply(kit, rows) {
    const { ctx } = kit;
    const values = new Map(HOUSEHOLD_KEYS.map((k) => [k, householdValue(kit, rows, k)]));
    const get = <T extends CellValue>(k: (typeof HOUSEHOLD_KEYS)[number]) => (values.get(k)?.value ?? null) as T | null;
    const head = rows.find((r) => kit.value(r, 'relation') === '02') ?? rows[0]!;
    const at = (k: (typeof HOUSEHOLD_KEYS)[number]) => values.get(k)?.row ?? head;

    // The household: the file's 户号, else the one a member already lives in, else a new one.
    let home = kit.people.householdOf(kit, head, false);
    if (!home) {
      for (const r of rows) {
        const lives = ctx.ledger.db
          .select({ id: household.id, number: household.number })
          .from(resident)
          .innerJoin(household, eq(household.id, resident.householdId))
          .where(eq(resident.idNumber, r.idNumber))
          .get();
        if (lives) {
          home = lives;
          break;
        }
      }
    }
    home ??= kit.people.householdOf(kit, head, true)!;
    const memberIds: number[] = [];
    for (const r of rows) {
      const id = kit.people.personOf(kit, r, home);
      if (kit.value<boolean>(r, 'covered') !== false) memberIds.push(id);
    }
    const paths = { confirmedOn: 'confirmedOn', memberIds: 'covered', monthlyAmount: 'monthlyAmount', area: 'area', class: 'class' };
    const input = kit.input(
      'lowIncome.register',
      {
        householdId: home.id,
        confirmedOn: get<string>('confirmedOn') ?? undefined,
        certificateNumber: get<string>('certificateNumber') ?? '',
        area: get<string>('area') ?? undefined,
        class: get<string>('class') ?? undefined,
        memberIds,
        monthlyAmount: get<number>('monthlyAmount') ?? undefined,
        extremePoverty: get<string>('extremePoverty'),
        publicityFrom: get<string>('publicityFrom'),
      },
      at('confirmedOn'),
      paths,
    );
    const entry = kit.step(at('confirmedOn'), kit.has('householdNumber') ? 'householdNumber' : 'idNumber', () => registerLowIncome(ctx, input), { ...paths, certificateNumber: 'certificateNumber', publicityFrom: 'publicityFrom' });
    kit.tally.entries++;
    const reviewedOn = get<string>('lastReviewOn');
    if (reviewedOn) {
      const r = at('lastReviewOn');
      const review = kit.input(
        'record.add',
        {
          kind: 'review', lowIncomeId: entry.id, date: reviewedOn, method: get<string>('reviewMethod') ?? '其他', staffName: get<string>('reviewStaff') || STAFF_FALLBACK,
          content: `【导入】台账记载的最近一次复核（文件「${kit.file}」第 ${r.row} 行）`, result: '不变',
        },
        r,
        { date: 'lastReviewOn', method: 'reviewMethod', staffName: 'reviewStaff' },
      );
      kit.step(r, 'lastReviewOn', () => addRecord(ctx, review), { date: 'lastReviewOn' });
      kit.tally.records++;
    }
  },
};
