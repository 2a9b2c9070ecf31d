// Due items of the 严重精神障碍患者 ledger (domain.md Part 1 "Records and due dates"):
//   随访        — first = 建档 + 14 days; afterwards by the last 随访's class (稳定 3 months, 基本稳定/不稳定/未访到
//                 14 days), never more than 3 months after the last one (suggestedNextFollowUp caps it). When the
//                 last 随访 planned an earlier 下次随访日期 than the rule, that earlier date is the due date.
//   以奖代补年审 — 监护责任书 signed (or the last 年审, whichever is later) + 12 months, only while the patient is
//                 eligible (awardEligible) and the agreement is signed.
// Only entries still on the ledger (在管, 失访, 住院) whose resident is 在册 have due items.
// Set-based: one query over the open entries; the last 随访 and the incident count come from the
// record_entry index (ledger, entry_id, kind, date), so the cost grows with the patients, not the records.
import type { EntryDue } from '../dueTypes';
import { FOLLOW_UP_CLASSES, type FollowUpClass } from '../../../../shared/codes/ledger';
import { awardEligible, awardReviewDue, dueState, followUpDue } from '../../../../shared/rules/ledgerRules';
import { daysBetween } from '../../../../shared/rules/dates';
import { patientMachine } from '../../../../shared/rules/ledgerMachines';
import type { RuleSettings } from '../../../../shared/rules/ruleSettings';
import type { ServiceContext } from '../../context';
import { getRules } from '../../rules/service';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { rows } from '../../db/query';
import { patient, record, resident } from '../../db/schema';
import { r } from '../common';

/** Statuses that are still on the ledger (an open entry). */
export const PATIENT_OPEN_STATUSES = ['在管', '失访', '住院'] as const;

type PatientTableRow = typeof patient.$inferSelect;

type DueRaw = Pick<PatientTableRow, 'id' | 'residentId' | 'registeredOn' | 'risk' | 'priorIncidentCount'> & {
  householdId: number | null;
  signedOn: string | null;
  lastReviewOn: string | null;
  fuDate: string | null;
  fuClass: string | null;
  fuNext: string | null;
  incidents: number;
};

const e = alias(patient, 'e');
const f = alias(record, 'f');
const x = alias(record, 'x');

/** A record's class as the rule knows it; a missing or unknown class counts as 未访到 (the shortest cycle). */
export function followUpClassOf(code: string | null): FollowUpClass {
  return (FOLLOW_UP_CLASSES as readonly string[]).includes(code ?? '') ? (code as FollowUpClass) : '0';
}

/** The next 随访 date: the rule's date, or the planned 下次随访日期 when staff set it earlier. */
export function nextFollowUpDue(
  registeredOn: string,
  last: { date: string; class: string | null; next: string | null } | null,
  rules: RuleSettings,
): string {
  if (!last) return followUpDue(registeredOn, null, rules);
  const byRule = followUpDue(registeredOn, { date: last.date, class: followUpClassOf(last.class) }, rules);
  return last.next && last.next >= last.date && last.next < byRule ? last.next : byRule;
}

export function patientDues(ctx: ServiceContext, opts: { entryIds?: number[] } = {}): EntryDue[] {
  const rules = getRules(ctx);
  const byIds = opts.entryIds !== undefined;
  if (byIds && opts.entryIds!.length === 0) return [];
  const byEntry = byIds ? sql`and ${e.id} in (select value from json_each(${JSON.stringify(opts.entryIds)}))` : sql``;
  const found = rows(
    ctx.ledger.sqlite,
    sql<DueRaw>`select ${e.id} as id, ${e.residentId} as residentId, ${r.householdId} as householdId, ${e.registeredOn} as registeredOn, ${e.risk} as risk,
         ${e.priorIncidentCount} as priorIncidentCount, ${e.awardAgreementSignedOn} as signedOn, ${e.lastAwardReviewOn} as lastReviewOn,
         ${f.date} as fuDate, ${f.followUpClass} as fuClass, ${f.nextFollowUpOn} as fuNext,
         (select count(*) from ${record} ${x} where ${x.ledger} = 'patient' and ${x.entryId} = ${e.id} and ${x.kind} = 'incident' and ${x.voidedOn} is null) as incidents
       from ${patient} ${e}
       join ${resident} ${r} on ${r.id} = ${e.residentId}
       left join ${record} ${f} on ${f.id} = (
         select ${x.id} from ${record} ${x} where ${x.ledger} = 'patient' and ${x.entryId} = ${e.id} and ${x.kind} = 'followUp' and ${x.voidedOn} is null
         order by ${x.date} desc, ${x.id} desc limit 1)
       where ${and(inArray(e.status, [...patientMachine.open]), eq(r.status, '在册'), isNull(e.voidedOn))}
         ${byEntry}
       order by ${e.id}`,
  );

  const out: EntryDue[] = [];
  for (const p of found) {
    const base = { ledger: 'patient' as const, entryId: p.id, residentId: p.residentId, householdId: p.householdId };
    const last = p.fuDate ? { date: p.fuDate, class: p.fuClass, next: p.fuNext } : null;
    out.push({ ...base, kind: '随访', dueDate: nextFollowUpDue(p.registeredOn, last, rules) });
    const eligible = awardEligible({ lastRisk: p.risk, incidentCount: p.priorIncidentCount + p.incidents }, rules);
    if (eligible && p.signedOn) {
      const from = p.lastReviewOn && p.lastReviewOn > p.signedOn ? p.lastReviewOn : p.signedOn;
      out.push({ ...base, kind: '以奖代补年审', dueDate: awardReviewDue(from, rules) });
    }
  }
  return out;
}

export interface EntryDueView {
  kind: string;
  dueDate: string;
  state: '逾期' | '今日到期' | '即将到期' | null;
  /** today − due in days: negative while not yet due (as in the today list). */
  daysLate: number;
}

/** A due item as an entry's page shows it, on `today`. */
export function entryDueView(due: Pick<EntryDue, 'kind' | 'dueDate'>, today: string, rules: RuleSettings): EntryDueView {
  return { kind: due.kind, dueDate: due.dueDate, state: dueState(due.dueDate, today, rules).state, daysLate: daysBetween(due.dueDate, today) };
}

/** Due views grouped by entry, each list most pressing (earliest) first. */
export function duesByEntry(dues: readonly EntryDue[], today: string, rules: RuleSettings): Map<number, EntryDueView[]> {
  const map = new Map<number, EntryDueView[]>();
  for (const d of dues) {
    const list = map.get(d.entryId) ?? [];
    list.push(entryDueView(d, today, rules));
    map.set(d.entryId, list);
  }
  for (const list of map.values()) list.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  return map;
}
