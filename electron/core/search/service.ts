// The header search: residents as the person search finds them (every kind an index lookup), the
// households found by 户号 (trigram index for 4+ digits, a range on household_number below that) and
// the households of the residents found, and the ledger entries of both. Scope comes from the
// caller's connection: every table read here, the search index included, is shadowed by scope.ts.
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { ChannelOutput, ChannelParsed } from '../../../shared/contract';
import type { ServiceContext } from '../context';
import { rows } from '../db/query';
import { grid, household, lowIncome, lowIncomeMember, patient, releasedPerson, resident, village } from '../db/schema';
import { ftsPhrase, householdFts } from '../db/searchIndex';
import { isHeadRelation } from '../people/rows';
import { classifyQuery, normalizeQuery, searchPersons } from '../people/search';

type Output = ChannelOutput<'search.everywhere'>;
type HouseholdHit = Output['households'][number];

/** The smallest string above every string that starts with `prefix`. */
const prefixEnd = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/** Households whose 户号 contains the digits (4+) or starts with them (1–3), best first. */
function householdsByNumber(ctx: ServiceContext, digits: string, limit: number): number[] {
  const q = digits.toUpperCase();
  const found =
    q.length >= 4
      ? rows(
          ctx.ledger.sqlite,
          sql<{ id: number; number: string }>`SELECT ${householdFts.rowid} AS id, ${householdFts.number} AS number FROM ${householdFts} WHERE ${householdFts.number} MATCH ${ftsPhrase(q)}`,
        )
      : rows(
          ctx.ledger.sqlite,
          sql<{ id: number; number: string }>`SELECT ${household.id} AS id, ${household.number} AS number FROM ${household}
            WHERE ${household.number} >= ${q} AND ${household.number} < ${prefixEnd(q)} ORDER BY ${household.number} LIMIT ${limit}`,
        );
  const rank = (n: string) => (n === q ? 0 : n.startsWith(q) ? 1 : 2);
  return found
    .sort((a, b) => rank(a.number) - rank(b.number) || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))
    .slice(0, limit)
    .map((x) => x.id);
}

function householdRows(ctx: ServiceContext, ids: number[]): HouseholdHit[] {
  if (ids.length === 0) return [];
  const h = alias(household, 'h');
  const g = alias(grid, 'g');
  const v = alias(village, 'v');
  const r = alias(resident, 'r');
  const found = rows(
    ctx.ledger.sqlite,
    sql<HouseholdHit>`SELECT ${h.id} AS id, ${h.number} AS number, ${h.address} AS address, ${v.name} AS villageName, ${g.name} AS gridName,
        (SELECT ${r.name} FROM ${resident} ${r} WHERE ${r.householdId} = ${h.id} AND ${isHeadRelation(r.relation)}
          ORDER BY ${r.status} <> '在册', ${r.relation} DESC, ${r.id} LIMIT 1) AS headName,
        (SELECT count(*) FROM ${resident} ${r} WHERE ${r.householdId} = ${h.id} AND ${r.status} = '在册') AS memberCount
      FROM ${household} ${h} LEFT JOIN ${grid} ${g} ON ${g.id} = ${h.gridId} LEFT JOIN ${village} ${v} ON ${v.id} = ${g.villageId}
      WHERE ${h.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
  );
  const byId = new Map(found.map((x) => [x.id, x]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The ledger entries of the residents and households found: 帮教 and 患者 by person, 低保 by household or member. */
function ledgerEntries(ctx: ServiceContext, residentIds: number[], householdIds: number[]): Output['ledgers'] {
  if (residentIds.length === 0 && householdIds.length === 0) return [];
  const people = JSON.stringify(residentIds);
  const homes = JSON.stringify(householdIds);
  const r = alias(resident, 'r');
  const li = alias(lowIncome, 'li');
  type Raw = { ledger: 'released' | 'patient' | 'lowIncome'; entryId: number; residentId: number | null; name: string | null; status: string };
  const found = rows(
    ctx.ledger.sqlite,
    sql<Raw>`SELECT 'released' AS ledger, ${releasedPerson.id} AS entryId, ${releasedPerson.residentId} AS residentId, ${r.name} AS name, ${releasedPerson.status} AS status
        FROM ${releasedPerson} JOIN ${resident} ${r} ON ${r.id} = ${releasedPerson.residentId}
        WHERE ${releasedPerson.residentId} IN (SELECT value FROM json_each(${people}))
      UNION ALL
      SELECT 'patient', ${patient.id}, ${patient.residentId}, ${r.name}, ${patient.status}
        FROM ${patient} JOIN ${resident} ${r} ON ${r.id} = ${patient.residentId}
        WHERE ${patient.residentId} IN (SELECT value FROM json_each(${people}))
      UNION ALL
      SELECT 'lowIncome', ${li.id}, hr.id, coalesce(hr.name, '户号 ' || hh.number), ${li.status}
        FROM ${lowIncome} ${li} JOIN ${household} hh ON hh.id = ${li.householdId}
        LEFT JOIN ${resident} hr ON hr.id = (SELECT ${r.id} FROM ${resident} ${r} WHERE ${r.householdId} = ${li.householdId} AND ${isHeadRelation(r.relation)}
          ORDER BY ${r.status} <> '在册', ${r.relation} DESC, ${r.id} LIMIT 1)
        WHERE ${li.householdId} IN (SELECT value FROM json_each(${homes}))
           OR ${li.id} IN (SELECT ${lowIncomeMember.lowIncomeId} FROM ${lowIncomeMember} WHERE ${lowIncomeMember.residentId} IN (SELECT value FROM json_each(${people})))`,
  );
  const order = new Map(residentIds.map((id, i) => [id, i]));
  const ledgerOrder = { released: 0, patient: 1, lowIncome: 2 };
  return found
    .map((x) => ({ ...x, name: x.name ?? '' }))
    .sort((a, b) => (order.get(a.residentId ?? -1) ?? 1e9) - (order.get(b.residentId ?? -1) ?? 1e9) || ledgerOrder[a.ledger] - ledgerOrder[b.ledger] || a.entryId - b.entryId);
}

export function searchEverywhere(ctx: ServiceContext, input: ChannelParsed<'search.everywhere'>): Output {
  const text = normalizeQuery(input.query);
  const kind = classifyQuery(text);
  if (kind === 'none') return { residents: { total: 0, totalAtLeast: false, rows: [] }, households: [], ledgers: [] };
  // Everyone, those who left too (shown with their status): a staffer looks someone up by what they know.
  const residents = searchPersons(ctx, { query: text, status: '全部', noGrid: false, offset: 0, limit: input.limit });
  const byNumber = kind === 'digits' ? householdsByNumber(ctx, text, input.limit) : [];
  const ofResidents = residents.rows.map((p) => p.householdId).filter((id): id is number => id !== null);
  const householdIds = [...new Set([...byNumber, ...ofResidents])].slice(0, input.limit);
  return {
    residents,
    households: householdRows(ctx, householdIds),
    ledgers: ledgerEntries(ctx, residents.rows.map((p) => p.id), byNumber),
  };
}
