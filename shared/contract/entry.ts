// What the three key-group ledgers share: the person an entry is about, its status changes, team,
// available steps, due items and the list filter.
import { z } from 'zod';
import type { helpTeamRoleTable } from '../codes/ledger';
import { codeOf, dateString, id, optionalDate, phone, requiredText } from './common';

/** Who a ledger entry is about, as lists show them. */
export const entryPerson = z.object({
  residentId: z.number(),
  idNumber: z.string(),
  name: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  phone: z.string(),
  currentAddress: z.string(),
  residentStatus: z.string(),
  villageId: z.number().nullable(),
  villageName: z.string().nullable(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
});
export type EntryPerson = z.infer<typeof entryPerson>;

export const statusChangeRow = z.object({ id: z.number(), fromStatus: z.string().nullable(), toStatus: z.string(), date: z.string(), reason: z.string() });

export const teamMemberRow = z.object({
  id: z.number(),
  staffId: z.number().nullable(),
  residentId: z.number().nullable(),
  name: z.string(),
  phone: z.string(),
  role: z.string(),
  fromDate: z.string().nullable(),
  toDate: z.string().nullable(),
});
export type TeamMemberRow = z.infer<typeof teamMemberRow>;

/** A member is a staff member, a resident, or just a name and phone. */
export const teamMemberInput = (roles: typeof helpTeamRoleTable) =>
  z.object({
    staffId: id.nullable().optional(),
    residentId: id.nullable().optional(),
    name: requiredText('成员姓名', 20),
    phone,
    role: codeOf(roles),
    fromDate: optionalDate('加入日期'),
  });

/** A step of the entry's state machine: may it be done now, and if not, why (shared/rules/ledgerMachines.ts). */
export const stepView = z.object({
  step: z.string(),
  label: z.string(),
  /** Status changes: the status it leads to. */
  to: z.string().nullable(),
  available: z.boolean(),
  reason: z.string().nullable(),
});
export type StepViewDto = z.infer<typeof stepView>;

/** A due item of one entry, as the person page shows it. */
export const entryDue = z.object({ kind: z.string(), dueDate: z.string(), state: z.enum(['逾期', '今日到期', '即将到期']).nullable(), daysLate: z.number() });

export const listFilter = z.object({
  query: z.string().trim().max(40).default(''),
  villageId: id.optional(),
  gridId: id.optional(),
  /** Empty: the entries still on the ledger. '全部' for every entry. */
  status: z.string().optional(),
});

/** 作废 an entry registered by mistake, or a step recorded by mistake: the reason is kept in its history. */
export const voidReason = requiredText('作废原因', 200);
export const entryVoidInput = z.object({ id, reason: voidReason });

/** 更正 the date of one of the entry's status changes (`changeId`, from its statusChanges). */
export const statusCorrectInput = z.object({ id, changeId: id, date: dateString('变更日期'), reason: requiredText('更正原因', 200) });
/** 作废 the entry's latest status change: the entry is back in the status before it. */
export const statusVoidInput = z.object({ id, changeId: id, reason: voidReason });
