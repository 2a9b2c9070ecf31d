// Records (帮教, 随访, 走访, 复核, 肇事肇祸), the "today" list of due items, a person's timeline,
// the month's indicators, consistency checks.
import { z } from 'zod';
import {
  followUpClassTable, hospitalizationTable, lockingTable, medicationTable, recordMethodTable, reviewResultTable,
} from '../codes/ledger';
import { channel, read, write, type EntityRefs } from './define';
import { codeOf, dateString, exportResult, id, optionalCodeOf, optionalDate, outputPath, requiredText, text } from './common';
import { money } from './lowIncome';

export const RECORD_KINDS = ['help', 'followUp', 'visit', 'review', 'incident'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export const recordKindLabels: Record<RecordKind, string> = { help: '帮教记录', followUp: '随访记录', visit: '走访记录', review: '复核记录', incident: '肇事肇祸' };

export const LEDGERS = ['released', 'patient', 'lowIncome'] as const;
export type LedgerName = (typeof LEDGERS)[number];
export const ledgerLabels: Record<LedgerName, string> = { released: '刑满释放人员', patient: '严重精神障碍患者', lowIncome: '低保户' };

export const recordRow = z.object({
  id: z.number(),
  kind: z.enum(RECORD_KINDS),
  ledger: z.enum(LEDGERS).nullable(),
  entryId: z.number().nullable(),
  residentId: z.number().nullable(),
  householdId: z.number().nullable(),
  date: z.string(),
  method: z.string(),
  staffId: z.number().nullable(),
  staffName: z.string(),
  content: z.string(),
  risk: z.number().nullable(),
  medication: z.string().nullable(),
  followUpClass: z.string().nullable(),
  hospitalization: z.string().nullable(),
  locking: z.string().nullable(),
  nextFollowUpOn: z.string().nullable(),
  reviewResult: z.string().nullable(),
  /** 元 */
  newAmount: z.number().nullable(),
  createdAt: z.string(),
  /** 作废: the date and reason; a voided record counts nowhere. */
  voidedOn: z.string().nullable(),
  voidReason: z.string().nullable(),
});
export type RecordRow = z.infer<typeof recordRow>;

const recordBase = {
  date: dateString('记录日期'),
  method: codeOf(recordMethodTable),
  /** The staff member who did it, or a typed name. */
  staffId: id.nullable().optional(),
  staffName: text('经办人', 20),
  content: text('内容', 2000),
};

/** What the form sends; which extra fields apply depends on the kind. */
export const recordInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('help'), releasedPersonId: id, ...recordBase, content: requiredText('帮教内容', 2000) }),
  z.object({
    kind: z.literal('followUp'),
    patientId: id,
    ...recordBase,
    risk: z.number({ error: '请选择危险性评估等级' }).int().min(0, '危险性等级为 0–5 级').max(5, '危险性等级为 0–5 级'),
    medication: codeOf(medicationTable),
    followUpClass: codeOf(followUpClassTable),
    hospitalization: codeOf(hospitalizationTable),
    locking: optionalCodeOf(lockingTable),
    /** Suggested from the rule; staff may set it earlier, not later than the rule allows. */
    nextFollowUpOn: optionalDate('下次随访日期'),
  }),
  z.object({ kind: z.literal('visit'), residentId: id.nullable().optional(), householdId: id.nullable().optional(), ...recordBase, content: requiredText('走访情况', 2000) }),
  z.object({ kind: z.literal('review'), lowIncomeId: id, ...recordBase, result: codeOf(reviewResultTable), newAmount: money('调整后月保障金额').nullable().optional(), exitReason: z.string().optional() }),
]);
export type RecordInput = z.input<typeof recordInput>;

/** 更正 or 作废 needs its reason, kept in the record's history. */
export const revisionReason = requiredText('原因', 200);

/**
 * 更正 a record: the record's fields as they should be (the form starts from the stored ones), with the reason; a
 * field left out keeps its stored value. Which fields apply depends on the record's kind, as for record.add; the
 * entry and the kind stay.
 */
export const recordCorrectInput = z.object({
  id,
  reason: revisionReason,
  date: dateString('记录日期').optional(),
  method: codeOf(recordMethodTable).optional(),
  staffId: id.nullable().optional(),
  staffName: z.string().trim().max(20, '经办人不超过20个字').optional(),
  content: z.string().trim().max(2000, '内容不超过2000个字').optional(),
  risk: z.number().int().min(0, '危险性等级为 0–5 级').max(5, '危险性等级为 0–5 级').nullable().optional(),
  medication: optionalCodeOf(medicationTable),
  followUpClass: optionalCodeOf(followUpClassTable),
  hospitalization: optionalCodeOf(hospitalizationTable),
  locking: optionalCodeOf(lockingTable),
  nextFollowUpOn: optionalDate('下次随访日期'),
  result: optionalCodeOf(reviewResultTable),
  newAmount: money('调整后月保障金额').nullable().optional(),
});
export type RecordCorrectInput = z.input<typeof recordCorrectInput>;

/** One 更正 or 作废, as the history shows it. */
export const revisionRow = z.object({
  id: z.number(),
  subject: z.enum(['record', 'released', 'patient', 'lowIncome']),
  subjectId: z.number(),
  action: z.enum(['correct', 'void']),
  step: z.string().nullable(),
  /** 字段: 原值 → 新值, in Chinese. */
  changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
  reason: z.string(),
  byName: z.string(),
  createdAt: z.string(),
});
export type RevisionRow = z.infer<typeof revisionRow>;

/** 住户走访 (issue 12): a household not yet visited in its period (重点户 monthly, 普通户 quarterly by default). */
export const DUE_KINDS = ['待登记衔接', '报到逾期', '首次走访', '帮教走访', '分类复评', '期满待解除', '随访', '以奖代补年审', '低保复核', '事件受理', '事件分流', '事件办结', '住户走访'] as const;
/** What a due item is about: an entry of a key-group ledger, or an event (事件, its id in entryId). */
export const DUE_SUBJECTS = [...LEDGERS, 'event'] as const;
export type DueSubject = (typeof DUE_SUBJECTS)[number];
export type DueKind = (typeof DUE_KINDS)[number];

export const dueItem = z.object({
  kind: z.enum(DUE_KINDS),
  /** null for 住户走访: then entryId is the household's id. */
  ledger: z.enum(DUE_SUBJECTS).nullable(),
  entryId: z.number(),
  personId: z.number().nullable(),
  householdId: z.number().nullable(),
  idNumber: z.string(),
  name: z.string(),
  villageId: z.number().nullable(),
  village: z.string().nullable(),
  gridId: z.number().nullable(),
  grid: z.string().nullable(),
  dueDate: z.string(),
  state: z.enum(['逾期', '今日到期', '即将到期']),
  /** Negative when not yet due. */
  daysLate: z.number(),
  /** Staff in the person's team or serving the grid, for the staff filter. */
  staffIds: z.array(z.number()),
});
export type DueItem = z.infer<typeof dueItem>;

export const dueFilter = z.object({
  date: dateString('日期'),
  villageId: id.optional(),
  gridId: id.optional(),
  kind: z.enum(DUE_KINDS).optional(),
  staffId: id.optional(),
});

export const timelineEvent = z.object({
  date: z.string(),
  ledger: z.enum(LEDGERS).nullable(),
  /** 登记, 状态变更, 分类评估, 帮教记录, 随访记录 … */
  kind: z.string(),
  title: z.string(),
  detail: z.string(),
  recordId: z.number().nullable(),
  /** A voided record or entry: shown struck through with the reason. */
  voided: z.object({ on: z.string(), reason: z.string() }).nullable(),
  /** 更正 made to it, newest last. */
  corrections: z.array(z.object({ on: z.string(), reason: z.string(), what: z.string() })),
});
export type TimelineEvent = z.infer<typeof timelineEvent>;

export const checkItem = z.object({
  kind: z.enum(['无网格', '保障对象已离开', '监护人已离开', '帮教小组为空', '日期顺序错误']),
  ledger: z.enum(LEDGERS).nullable(),
  entryId: z.number().nullable(),
  residentId: z.number().nullable(),
  name: z.string(),
  message: z.string(),
});
export type CheckItem = z.infer<typeof checkItem>;

const rate = z.number().nullable();
export const t1Row = z.object({
  village: z.string(), registered: z.number(), key: z.number(), noticesThisMonth: z.number(), handedOverThisMonth: z.number(), handoverRate: rate,
  placed: z.number(), placementRate: rate, helped: z.number(), helpRate: rate, reoffendThisYear: z.number(), reoffendRate: rate,
  outOfContact: z.number(), releasedThisMonth: z.number(), reportOverdue: z.number(),
});
export const t2Row = z.object({
  village: z.string(), registered: z.number(), managedThisYear: z.number(), managementRate: rate, standardManaged: z.number(), standardRate: rate,
  medicated: z.number(), medicationRate: rate, regularMedicated: z.number(), regularMedicationRate: rate, atHome: z.number(), stable: z.number(), stableRate: rate,
  risk: z.array(z.number()).length(6), awardEligible: z.number(), awardSigned: z.number(), incidentsThisMonth: z.number(),
});
export const t3Row = z.object({
  village: z.string(),
  urbanHouseholds: z.number(), urbanPersons: z.number(), urbanAmount: z.number(),
  ruralHouseholds: z.number(), ruralPersons: z.number(), ruralAmount: z.number(),
  newHouseholds: z.number(), newPersons: z.number(), stoppedHouseholds: z.number(), stoppedPersons: z.number(),
  increasedHouseholds: z.number(), decreasedHouseholds: z.number(), extremeConcentrated: z.number(), extremeDispersed: z.number(),
  reviewDue: z.number(), reviewed: z.number(), totalHouseholds: z.number(), totalPersons: z.number(), totalAmount: z.number(),
});
export const monthIndicators = z.object({
  month: z.string(),
  t1: z.object({ rows: z.array(t1Row), total: t1Row }),
  t2: z.object({ rows: z.array(t2Row), total: t2Row }),
  t3: z.object({ rows: z.array(t3Row), total: t3Row }),
});
export type MonthIndicators = z.infer<typeof monthIndicators>;


/** A record names its entry (or, for a 走访, the person or household visited). */
const recordRefs = (i: z.output<typeof recordInput>): EntityRefs => {
  switch (i.kind) {
    case 'help': return { released: [i.releasedPersonId] };
    case 'followUp': return { patient: [i.patientId] };
    case 'visit': return { resident: [i.residentId], household: [i.householdId] };
    case 'review': return { lowIncome: [i.lowIncomeId] };
  }
};

export const recordChannels = {
  'record.add': channel(recordInput, recordRow.extend({ nextDue: z.object({ kind: z.string(), dueDate: z.string() }).nullable() }),
    write({ refs: recordRefs }, { keyGroup: true }),
  ),
  /** 更正: the record's fields as they should be, with the reason; due dates and figures follow. */
  'record.correct': channel(recordCorrectInput, recordRow, write({ refs: (i) => ({ record: [i.id] }) }, { keyGroup: true })),
  /** 作废: a record entered by mistake counts nowhere any more; it stays, with the reason. */
  'record.void': channel(z.object({ id, reason: revisionReason }), recordRow, write({ refs: (i) => ({ record: [i.id] }) }, { keyGroup: true })),
  /** One record, voided or not (the 更正 form starts from it). */
  'record.get': channel(z.object({ id }), recordRow, read('rows', { keyGroup: true })),
  /** The 更正 and 作废 of a record. */
  'record.history': channel(z.object({ id }), z.array(revisionRow), read('rows', { keyGroup: true })),
  'record.list': channel(
    z.object({
      ledger: z.enum(LEDGERS).optional(), entryId: id.optional(), residentId: id.optional(), householdId: id.optional(), kind: z.enum(RECORD_KINDS).optional(),
      /** Voided records too (struck through); without it only the records that stand. */
      includeVoided: z.boolean().optional(),
    }),
    z.array(recordRow),
    read('rows', { keyGroup: true }),
  ),
  /** For 随访: the next date the rule suggests after a follow-up of this class on this date. */
  'record.suggestNextFollowUp': channel(z.object({ date: dateString('随访日期'), followUpClass: codeOf(followUpClassTable) }), z.object({ date: z.string(), latest: z.string() }), read('none')),
  'due.list': channel(dueFilter, z.object({ items: z.array(dueItem), counts: z.record(z.string(), z.object({ overdue: z.number(), today: z.number(), upcoming: z.number() })) }), read('rows', { keyGroup: true, mask: 'list' })),
  'due.export': channel(dueFilter.extend({ path: outputPath }), exportResult, read('rows', { keyGroup: true, long: true })),
  'person.timeline': channel(
    z.object({ residentId: id }),
    z.object({
      ledgers: z.array(z.object({ ledger: z.enum(LEDGERS), entryId: z.number(), status: z.string(), since: z.string(), summary: z.string() })),
      events: z.array(timelineEvent),
    }),
    read('rows', { keyGroup: true }),
  ),
  'indicators.month': channel(z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM') }), monthIndicators, read('rows')),
  'checks.list': channel(z.object({}).strict(), z.array(checkItem), read('rows', { keyGroup: true })),
};
