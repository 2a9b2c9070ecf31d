// The demo town's key-group ledgers: about 3 released persons, 4 patients and 20 低保 households per
// 1,000 residents, each with a year of records and a realistic share of overdue items. Written through
// the same ledger services staff use (register, steps, record.add), so the demo never holds a state the
// app itself could not reach.
import { and, asc, eq, gte, inArray, isNotNull, lte, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { ReleasedClass } from '../../../shared/codes/ledger';
import { addDays, addMonths, addYears, daysBetween } from '../../../shared/rules/dates';
import type { ServiceContext } from '../context';
import { assessReleased, agreementReleased, changeReleasedStatus, handoverReleased, placeReleased, registerReleased, reportReleased, teamReleased } from '../ledgers/released/service';
import { changePatientStatus, recordIncident, registerPatient, savePatientTeam, signAwardAgreement } from '../ledgers/patient/service';
import { registerLowIncome } from '../ledgers/lowIncome/service';
import { addRecord } from '../records/records';
import { getRules } from '../rules/service';
import type { Rng } from './random';
import { rows } from '../db/query';
import { grid, household as householdTable, householdTag, resident, staff, staffGrid, village } from '../db/schema';

export interface DemoLedgerCounts {
  releasedPersons: number;
  patients: number;
  lowIncomeHouseholds: number;
  records: number;
}

type Candidate = Pick<typeof resident.$inferSelect, 'id' | 'name' | 'sex' | 'birthDate' | 'householdId' | 'gridId'>;

type StaffPick = Pick<typeof staff.$inferSelect, 'id' | 'name' | 'phone'>;

const CONTENT = {
  help: ['了解近期思想和就业情况，情绪稳定', '与家属沟通，督促其遵纪守法', '走访了解生活状况，提醒按时报到', '协助联系就业岗位，本人表示愿意参加', '讲解安置帮教政策，本人无异常'],
  followUp: ['患者在家，情绪平稳，按时服药', '家属反映睡眠欠佳，已提醒复诊', '精防医生面访，症状控制尚可', '电话随访，监护人表示情况稳定', '患者外出务工，与家属电话联系'],
  visit: ['入户了解家庭生活情况', '走访核实家庭人口和收入变化', '了解老人身体状况，无特殊困难'],
  review: ['入户核查家庭收入与财产，情况无变化', '核对家庭成员就业情况', '复核家庭经济状况，按规定调整保障金'],
} as const;

/** Where a person was held: women only in the women's prison or the 看守所, men never there; the 未管所 only for those released before 18. */
export const DEMO_PRISONS = {
  men: ['省第一监狱', '省第三监狱', '市看守所'],
  women: ['省女子监狱', '市看守所'],
  juvenile: '省未成年犯管教所',
} as const;

function prisonFor(rng: Rng, sex: string, ageAtRelease: number): string {
  if (ageAtRelease < 18) return DEMO_PRISONS.juvenile;
  return pick(rng, sex === '2' ? DEMO_PRISONS.women : DEMO_PRISONS.men);
}

/** Share of patients in hospital today: admitted weeks ago, their follow-ups since say so. */
const HOSPITALIZED_SHARE = 0.05;

function pick<T>(rng: Rng, items: readonly T[]): T {
  return rng.pick(items);
}

function age(birthDate: string, today: string): number {
  return Math.floor(daysBetween(birthDate, today) / 365.25);
}

/** Takes n distinct items, deterministically for the seed. */
function sample<T>(rng: Rng, items: T[], n: number): T[] {
  return rng.shuffle([...items]).slice(0, Math.max(0, Math.min(n, items.length)));
}

export function generateDemoLedgers(ctx: ServiceContext, rng: Rng, residents: number): DemoLedgerCounts {
  const db = ctx.ledger.db;
  const today = ctx.today();
  const rules = getRules(ctx);
  const counts: DemoLedgerCounts = { releasedPersons: 0, patients: 0, lowIncomeHouseholds: 0, records: 0 };

  const staffByGrid = new Map<number, StaffPick[]>();
  const staffRows = db
    .select({ gridId: staffGrid.gridId, id: staff.id, name: staff.name, phone: staff.phone })
    .from(staffGrid)
    .innerJoin(staff, eq(staff.id, staffGrid.staffId))
    .where(inArray(staff.role, ['01', '02', '03']))
    .orderBy(asc(staff.id))
    .all();
  for (const r of staffRows) {
    const list = staffByGrid.get(r.gridId) ?? [];
    list.push({ id: r.id, name: r.name, phone: r.phone });
    staffByGrid.set(r.gridId, list);
  }
  const staffFor = (gridId: number | null): StaffPick | null => {
    const list = gridId === null ? undefined : staffByGrid.get(gridId);
    return list && list.length ? pick(rng, list) : null;
  };
  const author = (gridId: number | null) => {
    const s = staffFor(gridId);
    return s ? { staffId: s.id, staffName: '' } : { staffId: null, staffName: '综治中心' };
  };

  const adults: Candidate[] = db
    .select({ id: resident.id, name: resident.name, sex: resident.sex, birthDate: resident.birthDate, householdId: resident.householdId, gridId: resident.gridId })
    .from(resident)
    .where(
      and(eq(resident.status, '在册'), isNotNull(resident.gridId), lte(resident.birthDate, addYears(today, -20)), gte(resident.birthDate, addYears(today, -70))),
    )
    .orderBy(asc(resident.id))
    .all();
  const used = new Set<number>();
  const take = (pool: Candidate[], n: number, weight: (c: Candidate) => number) => {
    const out: Candidate[] = [];
    for (const c of sample(rng, pool, pool.length)) {
      if (out.length >= n) break;
      if (used.has(c.id) || !rng.chance(weight(c))) continue;
      used.add(c.id);
      out.push(c);
    }
    return out;
  };
  const stepDate = (d: string) => (d > today ? today : d);

  // ───── 刑满释放人员 ─────
  const releasedPeople = take(adults, Math.round((residents * 3) / 1000), (c) => (c.sex === '1' ? 0.9 : 0.12) * (age(c.birthDate, today) < 60 ? 1 : 0.2));
  for (const p of releasedPeople) {
    ctx.progress?.(counts.releasedPersons, releasedPeople.length, '生成安置帮教台账');
    const roll = rng.next();
    const endedInCorrection = rng.chance(0.15);
    const term = endedInCorrection ? rules.releasedTermYearsAfterCorrection : rules.releasedTermYears;
    // A few notices just arrived (release still ahead or days ago), a few terms just ended, most in between.
    const releaseDate =
      roll < 0.06
        ? addDays(today, rng.int(-10, 25))
        : roll < 0.1
          ? addDays(addYears(today, -term), -rng.int(1, 40))
          : roll < 0.115
            ? addDays(today, -rng.int(35, 60)) // released weeks ago and not yet reported: 报到逾期
            : addDays(today, -rng.int(60, term * 365 - 60));
    const noticeReceivedOn = stepDate(addDays(releaseDate, -rng.int(20, 35)));
    const cls = rng.weighted<ReleasedClass>([['key', 2], ['general', 6], ['loose', 2]]);
    const entry = registerReleased(ctx, {
      residentId: p.id,
      noticeReceivedOn,
      prison: prisonFor(rng, p.sex, age(p.birthDate, releaseDate)),
      crime: rng.weighted([['05', 5], ['06', 3], ['02', 2], ['04', 2], ['03', 1]]),
      sentence: `${rng.int(1, 8)}年${rng.chance(0.5) ? `${rng.int(1, 11)}个月` : ''}`,
      releaseDate,
      recidivist: rng.chance(0.12),
      endedInCorrection,
      handoverOn: null,
      handoverCode: null,
      class: cls,
      note: '',
    });
    counts.releasedPersons++;
    const id = entry.id;
    if (roll < 0.06 && rng.chance(0.6)) continue; // still 待衔接: the notice's 7 days run
    const handoverOn = stepDate(addDays(releaseDate, rng.int(0, 3)));
    if (handoverOn < noticeReceivedOn) continue;
    handoverReleased(ctx, { id, date: handoverOn, code: rng.weighted([['03', 4], ['01', 2], ['06', 2], ['02', 1]]) });
    if (roll >= 0.1 && roll < 0.115) continue; // 报到逾期
    const drawn = addDays(releaseDate, rng.chance(0.05) ? rng.int(31, 45) : rng.int(1, 20));
    const reportOn = drawn < handoverOn ? handoverOn : drawn; // one reports after being handed over, never before
    if (reportOn > today) continue; // 报到 still ahead
    reportReleased(ctx, { id, date: reportOn });
    const staff = staffFor(p.gridId);
    teamReleased(ctx, {
      id,
      members: [
        ...(staff ? [{ staffId: staff.id, residentId: null, name: staff.name, phone: staff.phone, role: '03', fromDate: reportOn }] : []),
        { staffId: null, residentId: null, name: pick(rng, ['周建国', '陈立新', '黄海涛', '刘志强']), phone: '', role: '01', fromDate: reportOn },
        { staffId: null, residentId: null, name: pick(rng, ['吴秀兰', '郑桂英', '孙卫东']), phone: '', role: '02', fromDate: reportOn },
      ].slice(0, rng.chance(0.04) ? 0 : 3),
    });
    if (rng.chance(0.9)) agreementReleased(ctx, { id, date: stepDate(addDays(reportOn, rng.int(0, 10))) });
    if (rng.chance(0.75)) placeReleased(ctx, { id, code: rng.weighted([['06', 4], ['05', 2], ['01', 2], ['07', 1], ['02', 1]]), date: stepDate(addDays(reportOn, rng.int(10, 120))), unplacedReason: '' });
    else placeReleased(ctx, { id, code: null, date: null, unplacedReason: pick(rng, ['年龄偏大，暂无合适岗位', '身体原因暂不能就业', '本人正在联系外出务工']) });

    // A year of 帮教记录 by the class's cycle; some persons fall behind so the today list has overdue items.
    const cycle = rules.visitCycleMonths[cls];
    let visit = addDays(reportOn, rng.int(1, 7));
    const yearAgo = addYears(today, -1);
    if (visit < yearAgo) visit = addDays(yearAgo, rng.int(0, 20));
    const behind = rng.chance(0.12);
    const stopAt = behind ? addMonths(today, -cycle - 1) : today;
    let assessedOn = handoverOn;
    let currentClass = cls;
    while (visit <= stopAt && visit <= today) {
      addRecord(ctx, { kind: 'help', releasedPersonId: id, date: visit, method: rng.weighted([['家访', 5], ['面谈', 3], ['电话', 2]]), ...author(p.gridId), content: pick(rng, CONTENT.help) });
      counts.records++;
      // 分类复评 every 6 months, mostly on time.
      if (addMonths(assessedOn, rules.reassessMonths) <= addDays(visit, 20) && rng.chance(0.95)) {
        const next = rng.chance(0.8) ? currentClass : rng.pick(['key', 'general', 'loose'] as const);
        assessReleased(ctx, { id, date: visit, class: next, reason: next === currentClass ? '定期复评，维持原分类' : '根据近期表现调整分类' });
        assessedOn = visit;
        currentClass = next;
      }
      visit = addDays(addMonths(visit, rules.visitCycleMonths[currentClass]), -rng.int(0, 6));
    }
    const tail = rng.next();
    const since = addDays(today, -rng.int(5, 90));
    if (tail < 0.03 && since >= reportOn) changeReleasedStatus(ctx, { id, to: '脱管', date: since, reason: '外出务工后失去联系' });
  }

  // ───── 严重精神障碍患者 ─────
  const patientPeople = take(adults, Math.round((residents * 4) / 1000), () => 1);
  const slot = sql.placeholder;
  const household = db
    .select({ id: resident.id, name: resident.name, phone: resident.phone, relation: resident.relation })
    .from(resident)
    .where(and(eq(resident.householdId, slot('householdId')), ne(resident.id, slot('id')), eq(resident.status, '在册'), lte(resident.birthDate, slot('adultBorn'))))
    .orderBy(asc(resident.relation))
    .limit(1)
    .prepare();
  for (const p of patientPeople) {
    ctx.progress?.(counts.patients, patientPeople.length, '生成严重精神障碍患者台账');
    const registeredOn = addDays(today, -rng.int(20, 6 * 365));
    const risk = rng.weighted([[0, 50], [1, 20], [2, 15], [3, 10], [4, 4], [5, 1]]);
    const guardian = p.householdId ? (household.get({ householdId: p.householdId, id: p.id, adultBorn: addYears(today, -18) })) : undefined;
    const prior = rng.chance(0.08) ? rng.int(1, 3) : 0;
    const entry = registerPatient(ctx, {
      residentId: p.id,
      registeredOn,
      diagnosis: rng.weighted([['01', 60], ['04', 12], ['03', 6], ['05', 8], ['06', 8], ['02', 4], ['07', 2]]),
      firstOnsetOn: addDays(registeredOn, -rng.int(30, 3000)),
      priorIncidentCount: prior,
      priorLastIncidentOn: prior ? addDays(registeredOn, -rng.int(30, 900)) : null,
      risk,
      treatment: rng.weighted([['02', 80], ['04', 8], ['03', 7], ['01', 5]]),
      hospital: pick(rng, ['县精神卫生中心', '市第四人民医院', '镇卫生院精防门诊']),
      guardianResidentId: guardian?.id ?? null,
      guardianName: guardian ? '' : pick(rng, ['张桂兰', '李建华', '王秀英']),
      guardianPhone: guardian ? '' : '139' + String(rng.int(10_000_000, 99_999_999)),
      guardianRelation: guardian ? rng.weighted([['10', 4], ['50', 3], ['20', 2], ['30', 1]]) : '97',
      note: '',
    });
    counts.patients++;
    const id = entry.id;
    const staff = staffFor(p.gridId);
    savePatientTeam(ctx, {
      id,
      members: [
        ...(staff ? [{ staffId: staff.id, residentId: null, name: staff.name, phone: staff.phone, role: '01', fromDate: registeredOn }] : []),
        { staffId: null, residentId: null, name: pick(rng, ['赵医生', '钱医生', '孙医生']), phone: '', role: '03', fromDate: registeredOn },
        { staffId: null, residentId: null, name: pick(rng, ['民警马强', '民警杨帆']), phone: '', role: '04', fromDate: registeredOn },
      ],
    });
    // Follow-ups over the last year by the stability class; a few patients are overdue. A patient in
    // hospital was admitted weeks ago: the follow-ups from then on say 目前正在住院.
    let date = addDays(registeredOn > addYears(today, -1) ? registeredOn : addYears(today, -1), rng.int(3, 14));
    const behind = rng.chance(0.1);
    const admittedOn = !behind && rng.chance(HOSPITALIZED_SHARE) ? addDays(today, -rng.int(1, 60)) : null;
    const hospitalized = admittedOn !== null && admittedOn > date;
    let lastRisk = risk;
    while (date <= (behind ? addMonths(today, -4) : hospitalized ? addDays(admittedOn, -1) : today)) {
      lastRisk = Math.max(0, Math.min(5, lastRisk + rng.weighted([[0, 8], [-1, 1], [1, 1]])));
      const cls = lastRisk >= 3 ? '1' : lastRisk >= 1 ? '2' : '3';
      const r = addRecord(ctx, {
        kind: 'followUp',
        patientId: id,
        date,
        method: rng.weighted([['家访', 4], ['面谈', 3], ['电话', 3]]),
        ...author(p.gridId),
        content: pick(rng, CONTENT.followUp),
        risk: lastRisk,
        medication: rng.weighted([['1', 7], ['2', 2], ['3', 1]]),
        followUpClass: cls,
        // 期间曾住院 now and then: a short stay between two follow-ups.
        hospitalization: rng.chance(0.03) ? '2' : '0',
        locking: '1',
        nextFollowUpOn: null,
      });
      counts.records++;
      date = r.nextFollowUpOn && r.nextFollowUpOn > date ? addDays(r.nextFollowUpOn, -rng.int(0, 5)) : addMonths(date, 3);
    }
    if (rng.chance(0.02)) {
      // On or after 建档: an earlier one belongs in the entry's 肇事肇祸次数, not in its records.
      recordIncident(ctx, { id, date: addDays(today, -rng.int(1, Math.min(200, daysBetween(registeredOn, today)))), content: '与邻居发生冲突，砸坏门窗' });
      counts.records++;
    }
    const detail = { eligible: lastRisk >= rules.awardRiskThreshold || prior > 0 };
    if (detail.eligible && rng.chance(0.8)) {
      try {
        signAwardAgreement(ctx, { id, date: addDays(today, -rng.int(30, 400)) });
      } catch {
        // Not eligible on that date after all (risk assessed later): leave it unsigned, as staff would.
      }
    }
    if (hospitalized) {
      // The admission itself is a follow-up (the family's call), then one a month by phone while in hospital.
      for (let on = admittedOn; on <= today; on = addMonths(on, 1)) {
        addRecord(ctx, {
          kind: 'followUp',
          patientId: id,
          date: on,
          method: '电话',
          ...author(p.gridId),
          content: on === admittedOn ? '病情波动，家属送县精神卫生中心住院治疗' : '患者仍在住院治疗，与家属电话联系',
          risk: lastRisk,
          medication: '1',
          followUpClass: lastRisk >= 3 ? '1' : lastRisk >= 1 ? '2' : '3',
          hospitalization: '1',
          locking: '1',
          nextFollowUpOn: null,
        });
        counts.records++;
      }
      changePatientStatus(ctx, { id, to: '住院', date: admittedOn, reason: '病情波动，入院治疗' });
    }
  }

  // ───── 低保户 ─────
  const h = alias(householdTable, 'h');
  const g = alias(grid, 'g');
  const v = alias(village, 'v');
  const r = alias(resident, 'r');
  const t = alias(householdTag, 't');
  const households = rows(
    ctx.ledger.sqlite,
    sql<{ id: number; gridId: number; villageType: string; size: number; poor: number }>`select ${h.id} as id, ${h.gridId} as gridId, ${v.type} as villageType,
         (select count(*) from ${resident} ${r} where ${r.householdId} = ${h.id} and ${r.status} = '在册') as size,
         exists(select 1 from ${householdTag} ${t} where ${t.householdId} = ${h.id} and ${t.tag} in ('01', '02')) as poor
       from ${householdTable} ${h} join ${grid} ${g} on ${g.id} = ${h.gridId} join ${village} ${v} on ${v.id} = ${g.villageId} order by ${h.id}`,
  );
  const wanted = Math.round((residents * 20) / 1000);
  const chosen = [
    ...sample(rng, households.filter((h) => h.poor && h.size > 0), wanted),
  ];
  if (chosen.length < wanted) {
    const taken = new Set(chosen.map((h) => h.id));
    chosen.push(...sample(rng, households.filter((h) => !taken.has(h.id) && h.size > 0 && h.size <= 4), wanted - chosen.length));
  }
  const members = db
    .select({ id: resident.id })
    .from(resident)
    .where(and(eq(resident.householdId, slot('householdId')), eq(resident.status, '在册')))
    .orderBy(asc(resident.relation), asc(resident.id))
    .prepare();
  let serial = 1;
  for (const h of chosen) {
    ctx.progress?.(counts.lowIncomeHouseholds, chosen.length, '生成低保户台账');
    const area = h.villageType === '社区' ? '城市' : '农村';
    const cls = rng.weighted([['A', 4], ['B', 3], ['C', 3]]) as 'A' | 'B' | 'C';
    const confirmedOn = addDays(today, -rng.int(15, 4 * 365));
    const ids = members.all({ householdId: h.id }).map((m) => m.id);
    const covered = ids.slice(0, Math.max(1, rng.chance(0.7) ? ids.length : rng.int(1, ids.length)));
    const perPerson = area === '城市' ? rng.int(600, 820) : rng.int(420, 620);
    const entry = registerLowIncome(ctx, {
      householdId: h.id,
      confirmedOn,
      certificateNumber: `${area === '城市' ? 'CS' : 'NC'}${String(serial++).padStart(6, '0')}`,
      area,
      class: cls,
      memberIds: covered,
      monthlyAmount: perPerson * covered.length,
      extremePoverty: rng.chance(0.06) ? rng.pick(['集中', '分散'] as const) : null,
      publicityFrom: addDays(confirmedOn, -rng.int(7, 20)),
    });
    counts.lowIncomeHouseholds++;
    let amount = perPerson * covered.length;
    // The reviews held since 确认; a few households are behind, by less than two months.
    const behind = rng.chance(0.08);
    const held: string[] = [];
    for (let date = confirmedOn; ; ) {
      const next = addDays(addMonths(date, rules.lowIncomeReviewMonths[cls]), -rng.int(0, 10));
      if (next > today || (behind && next > addMonths(today, -2))) break;
      held.push(next);
      date = next;
    }
    // Only the last year is written as records (the demo keeps "a year of records"), but always the
    // latest review, so no household's next 复核 looks years overdue.
    const yearAgo = addYears(today, -1);
    for (const [i, next] of held.entries()) {
      if (next < yearAgo && i < held.length - 1) continue;
      const result = rng.weighted([['不变', 80], ['增发', 7], ['减发', 9], ['停发', 4]]) as '不变' | '增发' | '减发' | '停发';
      const newAmount = result === '增发' ? amount + rng.int(50, 200) : result === '减发' ? Math.max(100, amount - rng.int(50, 200)) : null;
      addRecord(ctx, {
        kind: 'review',
        lowIncomeId: entry.id,
        date: next,
        method: '家访',
        ...author(h.gridId),
        content: pick(rng, CONTENT.review),
        result,
        newAmount,
        exitReason: result === '停发' ? '01' : undefined,
      });
      counts.records++;
      if (newAmount !== null) amount = newAmount;
      if (result === '停发') break;
    }
  }
  return counts;
}
