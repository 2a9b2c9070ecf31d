// 低保户: the household entry, its members, exits and reviews, as the contract sees them.
import { z } from 'zod';
import { extremePovertySupportTable, lowIncomeAreaTable, lowIncomeClassTable, lowIncomeExitReasonTable } from '../codes/ledger';
import { channel, read, write } from './define';
import { codeOf, dateString, exportResult, id, optionalCodeOf, optionalDate, outputPath, requiredText, text } from './common';
import { entryDue, entryVoidInput, listFilter, statusChangeRow, stepView, voidReason } from './entry';

/** The step channels of one entry name the entry, so its village decides. */
const writeLowIncome = write<{ id: number }>({ refs: (i) => ({ lowIncome: [i.id] }) }, { keyGroup: true });

export const lowIncomeRow = z.object({
  id: z.number(),
  householdId: z.number(),
  householdNumber: z.string(),
  headName: z.string().nullable(),
  headIdNumber: z.string().nullable(),
  villageId: z.number().nullable(),
  villageName: z.string().nullable(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  address: z.string(),
  confirmedOn: z.string(),
  certificateNumber: z.string(),
  area: z.string(),
  class: z.string(),
  /** 元 */
  monthlyAmount: z.number(),
  coveredCount: z.number(),
  extremePoverty: z.string().nullable(),
  status: z.string(),
  lastReviewOn: z.string().nullable(),
  nextDue: entryDue.nullable(),
});
export type LowIncomeRow = z.infer<typeof lowIncomeRow>;

export const lowIncomeDetail = lowIncomeRow.extend({
  publicityFrom: z.string().nullable(),
  publicityTo: z.string().nullable(),
  exitOn: z.string().nullable(),
  exitReason: z.string().nullable(),
  exitNote: z.string(),
  members: z.array(z.object({ residentId: z.number(), name: z.string(), idNumber: z.string(), relation: z.string().nullable(), residentStatus: z.string(), covered: z.boolean() })),
  statusChanges: z.array(statusChangeRow),
  dues: z.array(entryDue),
  steps: z.array(stepView),
});
export type LowIncomeDetail = z.infer<typeof lowIncomeDetail>;

export const money = (label: string) =>
  z.number({ error: `请填写${label}` }).min(0, `${label}不能为负`).max(100_000, `${label}过大`).refine((v) => Math.round(v * 100) === Math.round(v * 100 * 1000) / 1000, { message: `${label}最多两位小数` });

export const lowIncomeRegisterInput = z.object({
  householdId: id,
  confirmedOn: dateString('确认日期'),
  certificateNumber: text('低保证号', 40),
  area: codeOf(lowIncomeAreaTable),
  class: codeOf(lowIncomeClassTable),
  /** Residents of the household who are covered (保障人数). */
  memberIds: z.array(id).min(1, '请至少选择一名保障对象'),
  monthlyAmount: money('月保障金额'),
  extremePoverty: optionalCodeOf(extremePovertySupportTable),
  publicityFrom: optionalDate('公示开始日期'),
});
export type LowIncomeRegisterInput = z.input<typeof lowIncomeRegisterInput>;

export const lowIncomeChannels = {
  'lowIncome.list': channel(listFilter, z.array(lowIncomeRow), read('rows', { keyGroup: true, mask: 'list' })),
  'lowIncome.get': channel(z.object({ id }), lowIncomeDetail, read('rows', { keyGroup: true })),
  'lowIncome.register': channel(lowIncomeRegisterInput, lowIncomeDetail, write({ refs: (i) => ({ household: [i.householdId] }) }, { keyGroup: true })),
  'lowIncome.update': channel(lowIncomeRegisterInput.omit({ householdId: true, confirmedOn: true }).extend({ id }), lowIncomeDetail, writeLowIncome),
  /** Leaves 低保 without a 复核 (e.g. 死亡, 迁出, 本人申请). A 复核 with 停发 closes it too. */
  'lowIncome.exit': channel(z.object({ id, date: dateString('退出日期'), reason: codeOf(lowIncomeExitReasonTable), note: text('说明', 200) }), lowIncomeDetail, writeLowIncome),
  /** 更正 the exit (退出/停保): its date, reason code and note, with the reason for the correction. Not an exit by 停发 复核. */
  'lowIncome.correctExit': channel(
    z.object({ id, date: dateString('退出日期'), exitReason: optionalCodeOf(lowIncomeExitReasonTable), note: z.string().trim().max(200, '说明不超过200个字').optional(), reason: requiredText('更正原因', 200) }),
    lowIncomeDetail,
    writeLowIncome,
  ),
  /** 作废 an exit made by mistake: the household is 在保 again, as if it had not left. Not an exit by 停发 复核. */
  'lowIncome.voidExit': channel(z.object({ id, reason: voidReason }), lowIncomeDetail, writeLowIncome),
  /** 作废 an entry registered by mistake: it leaves the lists, due items and figures, and stays on the timeline. */
  'lowIncome.void': channel(entryVoidInput, lowIncomeDetail, writeLowIncome),
  /** 低保户台账 */
  'lowIncome.export': channel(listFilter.extend({ path: outputPath }), exportResult, read('rows', { keyGroup: true, long: true })),
};
