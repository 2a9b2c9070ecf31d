// 刑满释放人员 (安置帮教): the ledger entry, its steps and records, as the contract sees them.
import { z } from 'zod';
import { handoverTable, helpTeamRoleTable, originalCrimeTable, placementTable, releasedClassTable, releasedStatusTable } from '../codes/ledger';
import { channel, read, write } from './define';
import { codeOf, dateString, exportResult, id, optionalCodeOf, optionalDate, outputPath, requiredText, text } from './common';
import { entryDue, entryPerson, entryVoidInput, listFilter, statusChangeRow, stepView, statusCorrectInput, statusVoidInput, teamMemberInput, teamMemberRow, voidReason } from './entry';

/** The step channels of one entry name the entry, so its village decides. */
const writeReleased = write<{ id: number }>({ refs: (i) => ({ released: [i.id] }) }, { keyGroup: true });

/** Steps of an entry that may be corrected, and those that may be voided (a 衔接 only while nothing after it rests on it). */
export const RELEASED_CORRECTABLE_STEPS = ['handover', 'report', 'agreement', 'place'] as const;
export const RELEASED_VOIDABLE_STEPS = ['handover', 'report', 'agreement', 'place'] as const;
export const releasedStepLabels: Record<(typeof RELEASED_CORRECTABLE_STEPS)[number], string> = { handover: '衔接', report: '报到', agreement: '帮教协议', place: '安置' };

export const releasedPersonRow = entryPerson.extend({
  id: z.number(),
  releaseDate: z.string(),
  termEnd: z.string(),
  crime: z.string().nullable(),
  class: z.string(),
  status: z.string(),
  statusSince: z.string(),
  handoverOn: z.string().nullable(),
  reportedOn: z.string().nullable(),
  placed: z.boolean(),
  teamSize: z.number(),
  lastHelpOn: z.string().nullable(),
  /** The most pressing due item, if any. */
  nextDue: entryDue.nullable(),
});
export type ReleasedPersonRow = z.infer<typeof releasedPersonRow>;

export const releasedPersonDetail = releasedPersonRow.extend({
  noticeReceivedOn: z.string().nullable(),
  prison: z.string(),
  sentence: z.string(),
  recidivist: z.boolean(),
  endedInCorrection: z.boolean(),
  handoverCode: z.string().nullable(),
  agreementSignedOn: z.string().nullable(),
  classAssessedOn: z.string().nullable(),
  placementCode: z.string().nullable(),
  placedOn: z.string().nullable(),
  unplacedReason: z.string(),
  reoffendOn: z.string().nullable(),
  reoffendCrime: z.string(),
  note: z.string(),
  assessments: z.array(z.object({ id: z.number(), date: z.string(), class: z.string(), reason: z.string() })),
  team: z.array(teamMemberRow),
  statusChanges: z.array(statusChangeRow),
  dues: z.array(entryDue),
  steps: z.array(stepView),
});
export type ReleasedPersonDetail = z.infer<typeof releasedPersonDetail>;

export const releasedRegisterInput = z.object({
  residentId: id,
  /** 释放通知书 收到日期: registering from a notice starts the entry as 待衔接. */
  noticeReceivedOn: optionalDate('通知书收到日期'),
  prison: text('服刑场所', 60),
  crime: optionalCodeOf(originalCrimeTable),
  sentence: text('原判刑期', 30),
  releaseDate: dateString('释放日期'),
  recidivist: z.boolean().default(false),
  endedInCorrection: z.boolean().default(false),
  /** Registering directly (without a notice) may give the 衔接 at once. */
  handoverOn: optionalDate('衔接日期'),
  handoverCode: optionalCodeOf(handoverTable),
  class: codeOf(releasedClassTable).default('general'),
  note: text('备注', 500),
});
export type ReleasedRegisterInput = z.input<typeof releasedRegisterInput>;

export const releasedChannels = {
  'released.list': channel(listFilter, z.array(releasedPersonRow), read('rows', { keyGroup: true, mask: 'list' })),
  'released.get': channel(z.object({ id }), releasedPersonDetail, read('rows', { keyGroup: true })),
  'released.register': channel(releasedRegisterInput, releasedPersonDetail, write({ refs: (i) => ({ resident: [i.residentId] }) }, { keyGroup: true })),
  /** Corrects the notice facts (not the status, which moves only through the steps below). */
  'released.update': channel(
    releasedRegisterInput.omit({ residentId: true, handoverOn: true, handoverCode: true, class: true }).extend({ id }),
    releasedPersonDetail,
    writeReleased,
  ),
  'released.handover': channel(z.object({ id, date: dateString('衔接日期'), code: codeOf(handoverTable) }), releasedPersonDetail, writeReleased),
  'released.report': channel(z.object({ id, date: dateString('报到日期') }), releasedPersonDetail, writeReleased),
  'released.agreement': channel(z.object({ id, date: dateString('帮教协议签订日期') }), releasedPersonDetail, writeReleased),
  'released.assess': channel(z.object({ id, date: dateString('评估日期'), class: codeOf(releasedClassTable), reason: requiredText('评估理由', 200) }), releasedPersonDetail, writeReleased),
  'released.place': channel(
    z.object({ id, code: optionalCodeOf(placementTable), date: optionalDate('安置日期'), unplacedReason: text('未安置原因', 200) }),
    releasedPersonDetail,
    writeReleased,
  ),
  'released.reoffend': channel(z.object({ id, date: dateString('重新犯罪日期'), crime: requiredText('罪名', 60) }), releasedPersonDetail, writeReleased),
  /** 脱管, back to 在册帮教, 期满解除 (on/after 期满日), 死亡, 迁出 — each dated with a reason. */
  'released.changeStatus': channel(z.object({ id, to: codeOf(releasedStatusTable), date: dateString('变更日期'), reason: requiredText('变更原因', 200) }), releasedPersonDetail, writeReleased),
  'released.team': channel(z.object({ id, members: z.array(teamMemberInput(helpTeamRoleTable)) }), releasedPersonDetail, writeReleased),
  /** 作废 an entry registered by mistake: it leaves the lists, due items and figures, and stays on the timeline. */
  'released.void': channel(entryVoidInput, releasedPersonDetail, writeReleased),
  /** 更正 a recorded step (衔接, 报到, 帮教协议, 安置): its date (and code), with the reason. */
  'released.correctStep': channel(
    z.object({
      id, step: z.enum(RELEASED_CORRECTABLE_STEPS), date: dateString('日期'), code: z.string().trim().max(4).optional(), reason: requiredText('更正原因', 200),
    }),
    releasedPersonDetail,
    writeReleased,
  ),
  /** 作废 a step recorded by mistake (衔接 back to 待衔接, 报到, 帮教协议, 安置): it is as if not done, with the reason kept. */
  'released.voidStep': channel(z.object({ id, step: z.enum(RELEASED_VOIDABLE_STEPS), reason: voidReason }), releasedPersonDetail, writeReleased),
  /** 更正 the date of a status change (脱管, 重新犯罪, 期满解除 …); not the one made at registration, nor the 衔接's (correctStep). */
  'released.correctStatus': channel(statusCorrectInput, releasedPersonDetail, writeReleased),
  /** 作废 the latest status change, recorded by mistake: back to the status before it (the 衔接's: voidStep). */
  'released.voidStatus': channel(statusVoidInput, releasedPersonDetail, writeReleased),
  /** 更正 a 分类评估: its date (not the registration's) and class, with the reason; the entry takes its latest standing class. */
  'released.correctAssessment': channel(
    z.object({ id, assessmentId: id, date: dateString('评估日期'), class: codeOf(releasedClassTable), reason: requiredText('更正原因', 200) }),
    releasedPersonDetail,
    writeReleased,
  ),
  /** 作废 a 分类评估 recorded by mistake (not the registration's): the class falls back to the latest one standing. */
  'released.voidAssessment': channel(z.object({ id, assessmentId: id, reason: voidReason }), releasedPersonDetail, writeReleased),
  /** 刑满释放人员台账 */
  'released.export': channel(listFilter.extend({ path: outputPath }), exportResult, read('rows', { keyGroup: true, long: true })),
};
