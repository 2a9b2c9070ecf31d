// Due items of the 刑满释放人员 ledger (domain.md Part 1 "刑满释放人员" and "Records and due dates"), computed for
// many entries at once: one query reads every open entry with the few dates its rules need, so the "today" list
// of a 100,000-resident town (~300 entries) costs one indexed pass, not one query per person.
//
// Which item applies in which status (domain.md names the items; where it is silent this is our choice):
// - 待登记衔接 = 通知书收到日期 + handoverDays, while 待衔接 with a notice and no 衔接.
// - 报到逾期   = 释放日期 + reportDays, while 待衔接 or 在册帮教 and no 报到 (脱管 stops it, as domain.md says).
// - 首次走访   = 报到日期 + firstVisitDays, until the first 帮教记录; in every open status (a person may report
//               before staff record the 衔接; a 脱管 person still needs to be found).
// - 帮教走访   = last 帮教记录 + the current class's cycle, once there is a first 帮教记录; every open status.
// - 分类复评   = the class's last determination + reassessMonths, while 在册帮教 or 脱管 (on the register).
//               The class given at registration is stored as the first assessment (dated with the registration);
//               a class set before the 衔接 (from the notice) is counted from the 衔接, so the base is the later of
//               the last assessment and the 衔接. An entry with neither counts from its first status change.
// - 期满待解除 = 期满日 (releasedTermEnd), while 在册帮教 or 脱管.
// Nothing is due for a closed entry (期满解除, 重新犯罪, 死亡, 迁出) or a resident who has left (迁出/死亡).
import type { z } from 'zod';
import type { entryDue } from '../../../../shared/contract/entry';
import type { ReleasedClass, ReleasedStatus } from '../../../../shared/codes/ledger';
import { daysBetween } from '../../../../shared/rules/dates';
import { releasedMachine } from '../../../../shared/rules/ledgerMachines';
import { dueState, firstVisitDue, handoverDue, reassessDue, releasedTermEnd, reportDue, visitDue } from '../../../../shared/rules/ledgerRules';
import type { RuleSettings } from '../../../../shared/rules/ruleSettings';
import type { ServiceContext } from '../../context';
import { getRules } from '../../rules/service';
import type { EntryDue } from '../dueTypes';
import { and, eq, isNull, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { rows } from '../../db/query';
import { record, releasedAssessment, releasedPerson, resident, statusChange } from '../../db/schema';
import { r, type Stored } from '../common';

export type EntryDueView = z.infer<typeof entryDue>;

/** Statuses in which an entry is still on the ledger; the others close it for good. */
export const RELEASED_OPEN_STATUSES: readonly ReleasedStatus[] = releasedMachine.open;
export const RELEASED_CLOSED_STATUSES: readonly ReleasedStatus[] = releasedMachine.states.filter((s) => !releasedMachine.open.includes(s));

export function isOpenStatus(status: string): boolean {
  return (RELEASED_OPEN_STATUSES as readonly string[]).includes(status);
}

/** What the rules need of one entry. */
export interface ReleasedDueFacts {
  id: number;
  residentId: number;
  status: ReleasedStatus;
  noticeReceivedOn: string | null;
  releaseDate: string;
  endedInCorrection: boolean;
  handoverOn: string | null;
  reportedOn: string | null;
  class: ReleasedClass;
  lastAssessedOn: string | null;
  /** The first status change's date (the registration); null only for rows written outside the service. */
  registeredOn: string | null;
  firstHelpOn: string | null;
  lastHelpOn: string | null;
}

/** The due items of one entry, by the rules; empty for a closed entry. */
export function duesOfEntry(e: ReleasedDueFacts, rules: RuleSettings): EntryDue[] {
  const out: EntryDue[] = [];
  const add = (kind: EntryDue['kind'], dueDate: string) =>
    out.push({ kind, ledger: 'released', entryId: e.id, residentId: e.residentId, householdId: null, dueDate });
  if (!isOpenStatus(e.status)) return out;
  const onRegister = e.status === '在册帮教' || e.status === '脱管';

  if (e.status === '待衔接' && e.noticeReceivedOn && !e.handoverOn) add('待登记衔接', handoverDue(e.noticeReceivedOn, rules));
  if ((e.status === '待衔接' || e.status === '在册帮教') && !e.reportedOn) add('报到逾期', reportDue(e.releaseDate, rules));
  if (e.reportedOn && !e.firstHelpOn) add('首次走访', firstVisitDue(e.reportedOn, rules));
  if (e.lastHelpOn) add('帮教走访', visitDue(e.lastHelpOn, e.class, rules));
  if (onRegister) {
    const candidates = [e.lastAssessedOn, e.handoverOn].filter((d): d is string => d !== null);
    const base = candidates.length > 0 ? candidates.reduce((a, b) => (a >= b ? a : b)) : e.registeredOn;
    if (base) add('分类复评', reassessDue(base, rules));
    add('期满待解除', releasedTermEnd(e.releaseDate, e.endedInCorrection, rules));
  }
  return out;
}

type FactsRow = Stored<Omit<ReleasedDueFacts, 'registeredOn'>> & { registeredOn: string | null; createdOn: string };

const e = alias(releasedPerson, 'e');
const a = alias(releasedAssessment, 'a');
const s = alias(statusChange, 's');
const h = alias(record, 'h');

/** `e` is an open entry of a resident still 在册. */
export const releasedOpen = () => inArray(e.status, [...RELEASED_OPEN_STATUSES]);

const factsSql = (extra: SQL) => sql<FactsRow>`
  select ${e.id} as id, ${e.residentId} as residentId, ${e.status} as status, ${e.noticeReceivedOn} as noticeReceivedOn, ${e.releaseDate} as releaseDate,
    ${e.endedInCorrection} as endedInCorrection, ${e.handoverOn} as handoverOn, ${e.reportedOn} as reportedOn, ${e.class} as class,
    substr(${e.createdAt}, 1, 10) as createdOn,
    (select max(${a.date}) from ${releasedAssessment} ${a} where ${a.releasedPersonId} = ${e.id} and ${a.voidedOn} is null) as lastAssessedOn,
    (select min(${s.date}) from ${statusChange} ${s} where ${s.ledger} = 'released' and ${s.entryId} = ${e.id} and ${s.voidedOn} is null) as registeredOn,
    (select min(${h.date}) from ${record} ${h} where ${h.ledger} = 'released' and ${h.entryId} = ${e.id} and ${h.kind} = 'help' and ${h.voidedOn} is null) as firstHelpOn,
    (select max(${h.date}) from ${record} ${h} where ${h.ledger} = 'released' and ${h.entryId} = ${e.id} and ${h.kind} = 'help' and ${h.voidedOn} is null) as lastHelpOn
  from ${releasedPerson} ${e} join ${resident} ${r} on ${r.id} = ${e.residentId}
  where ${and(releasedOpen(), eq(r.status, '在册'), isNull(e.voidedOn))}${extra}`;

/** The facts of the open entries (all of them, or the given ones). */
export function loadDueFacts(ctx: ServiceContext, entryIds?: readonly number[]): ReleasedDueFacts[] {
  const db = ctx.ledger.sqlite;
  const found =
    entryIds === undefined
      ? rows(db, factsSql(sql``))
      : entryIds.length === 0
        ? []
        : rows(db, factsSql(sql` and ${e.id} in (select value from json_each(${JSON.stringify(entryIds)}))`));
  return found.map(({ createdOn, ...f }) => ({ ...f, endedInCorrection: f.endedInCorrection === 1, registeredOn: f.registeredOn ?? createdOn }));
}

/**
 * Every due item of the ledger's open entries (or of the given entries), sorted by due date. The today list adds
 * the person's place and the state on its chosen date.
 */
export function releasedDues(ctx: ServiceContext, opts: { entryIds?: number[] } = {}): EntryDue[] {
  const rules = getRules(ctx);
  const out = loadDueFacts(ctx, opts.entryIds).flatMap((e) => duesOfEntry(e, rules));
  return out.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.entryId - b.entryId));
}

/** A due item as the entry's page shows it: its state on `today`; daysLate is negative while not yet due. */
export function dueView(due: EntryDue, today: string, rules: RuleSettings): EntryDueView {
  return { kind: due.kind, dueDate: due.dueDate, state: dueState(due.dueDate, today, rules).state, daysLate: daysBetween(due.dueDate, today) };
}

/** The most pressing item: the earliest due date (on a tie, the order of the rules above). */
export function mostPressing(dues: readonly EntryDue[]): EntryDue | null {
  let best: EntryDue | null = null;
  for (const d of dues) if (best === null || d.dueDate < best.dueDate) best = d;
  return best;
}
