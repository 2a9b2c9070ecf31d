// Consistency checks over the ledgers: things that are stored but should not be so, shown as a list to fix.
//
// Decisions where the docs are silent:
// - 无网格 covers a grid that has been closed (撤销) as well as none; 低保 looks at the household's grid.
// - 保障对象已离开: one item per 在保 household listing every covered member who has 迁出 or 死亡.
// - 帮教小组为空 is checked for persons on the register (在册帮教, 脱管); before the 衔接 there is no team yet.
// - 日期顺序错误 is checked on every entry, open or closed: 报到/安置 before 释放, 衔接 before 通知书, 帮教记录 before
//   释放, 报到 before 衔接, 帮教协议 before 释放, 随访/肇事肇祸 after 建档 only, 初次发病 after 建档, 复核/退出 before 确认, 公示 ending after 确认.
import { inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { CheckItem } from '../../../shared/contract/records';
import type { ServiceContext } from '../context';
import { rows } from '../db/query';
import { grid, household, lowIncome, lowIncomeMember, patient, record, releasedPerson, resident, teamMember } from '../db/schema';
import { HEAD_NAME, PATIENT_OPEN, RELEASED_OPEN, lowIncomeE, patientE, releasedE } from './entries';

const ORDER: CheckItem['kind'][] = ['无网格', '保障对象已离开', '监护人已离开', '帮教小组为空', '日期顺序错误'];

// res/p a resident (p the patient, g their guardian), g a grid, h a household, m/m2 covered members, c a record, t a team member.
const res = alias(resident, 'r');
const p = alias(resident, 'p');
const guardian = alias(resident, 'g');
const g = alias(grid, 'g');
const h = alias(household, 'h');
const m = alias(lowIncomeMember, 'm');
const m2 = alias(lowIncomeMember, 'm2');
const c = alias(record, 'c');
const t = alias(teamMember, 't');

type Resident = typeof resident.$inferSelect;
type PersonRow = { entryId: number; residentId: number } & Pick<Resident, 'name' | 'idNumber'>;
type GridPart = { gridName: string | null; closedOn: string | null };
type HouseholdPart = { entryId: number; number: string; headName: string | null };

export function listChecks(ctx: ServiceContext): CheckItem[] {
  const db = ctx.ledger.sqlite;
  const li = lowIncomeE;
  const items: CheckItem[] = [];
  const who = (p: { name: string; idNumber: string }) => `${p.name}（${p.idNumber}）`;

  // ───── 无网格
  const noGrid = (ledger: 'released' | 'patient', table: typeof releasedPerson | typeof patient, e: typeof releasedE | typeof patientE, open: readonly string[], word: string) => {
    const found = rows(db, sql<PersonRow & GridPart>`select ${e.id} as entryId, ${res.id} as residentId, ${res.name} as name, ${res.idNumber} as idNumber, ${g.name} as gridName, ${g.closedOn} as closedOn
         from ${table} ${e} join ${resident} ${res} on ${res.id} = ${e.residentId} left join ${grid} ${g} on ${g.id} = ${res.gridId}
         where ${inArray(e.status, [...open])} and ${e.voidedOn} is null and (${res.gridId} is null or ${g.closedOn} is not null) order by ${res.name}, ${e.id}`);
    for (const r of found) {
      const why = r.gridName ? `所属网格「${r.gridName}」已于 ${r.closedOn} 撤销` : '没有所属网格';
      items.push({
        kind: '无网格', ledger, entryId: r.entryId, residentId: r.residentId, name: r.name,
        message: `${word}${who(r)}${why}，待办和报表无法归到村（社区），请在人员信息中指定网格`,
      });
    }
  };
  noGrid('released', releasedPerson, releasedE, RELEASED_OPEN, '刑满释放人员');
  noGrid('patient', patient, patientE, PATIENT_OPEN, '严重精神障碍患者');
  for (const r of rows(db, sql<HouseholdPart & GridPart>`select ${li.id} as entryId, ${h.number} as number, ${HEAD_NAME} as headName, ${g.name} as gridName, ${g.closedOn} as closedOn
       from ${lowIncome} ${li} join ${household} ${h} on ${h.id} = ${li.householdId} left join ${grid} ${g} on ${g.id} = ${h.gridId}
       where ${li.status} = '在保' and ${li.voidedOn} is null and (${h.gridId} is null or ${g.closedOn} is not null) order by ${h.number}`)) {
    const name = r.headName ?? `户号 ${r.number}`;
    const why = r.gridName ? `所属网格「${r.gridName}」已于 ${r.closedOn} 撤销` : '没有所属网格';
    items.push({
      kind: '无网格', ledger: 'lowIncome', entryId: r.entryId, residentId: null, name,
      message: `低保户 ${name}（户号 ${r.number}）${why}，请在住户信息中指定网格`,
    });
  }

  // ───── 保障对象已离开
  const leftMembers = rows(db, sql<HouseholdPart & { residentId: number; covered: number } & Pick<Resident, 'name' | 'status' | 'leftOn'>>`select ${li.id} as entryId, ${h.number} as number, ${HEAD_NAME} as headName,
         ${res.id} as residentId, ${res.name} as name, ${res.status} as status, ${res.leftOn} as leftOn,
         (select count(*) from ${lowIncomeMember} ${m2} where ${m2.lowIncomeId} = ${li.id}) as covered
       from ${lowIncome} ${li} join ${household} ${h} on ${h.id} = ${li.householdId} join ${lowIncomeMember} ${m} on ${m.lowIncomeId} = ${li.id} join ${resident} ${res} on ${res.id} = ${m.residentId}
       where ${li.status} = '在保' and ${li.voidedOn} is null and ${res.status} in ('迁出', '死亡') order by ${li.id}, ${res.id}`);
  const byEntry = new Map<number, typeof leftMembers>();
  for (const m of leftMembers) byEntry.set(m.entryId, [...(byEntry.get(m.entryId) ?? []), m]);
  for (const [entryId, members] of byEntry) {
    const first = members[0]!;
    const household = first.headName ? `${first.headName}户（户号 ${first.number}）` : `户号 ${first.number}`;
    const list = members.map((m) => `${m.name}（${m.leftOn ? `${m.leftOn} ` : ''}${m.status}）`).join('、');
    const all = members.length >= first.covered;
    items.push({
      kind: '保障对象已离开', ledger: 'lowIncome', entryId, residentId: members.length === 1 ? first.residentId : null, name: first.headName ?? household,
      message: all
        ? `低保户 ${household}的保障对象已全部离开：${list}，仍为在保状态，请办理停保`
        : `低保户 ${household}的保障对象${list}已离开，请复核保障人数和月保障金额`,
    });
  }

  // ───── 监护人已离开
  const pe = patientE;
  for (const r of rows(db, sql<PersonRow & { guardianName: string } & Pick<Resident, 'status' | 'leftOn'>>`select ${pe.id} as entryId, ${p.id} as residentId, ${p.name} as name, ${p.idNumber} as idNumber,
         ${guardian.name} as guardianName, ${guardian.status} as status, ${guardian.leftOn} as leftOn
       from ${patient} ${pe} join ${resident} ${p} on ${p.id} = ${pe.residentId} join ${resident} ${guardian} on ${guardian.id} = ${pe.guardianResidentId}
       where ${inArray(pe.status, [...PATIENT_OPEN])} and ${pe.voidedOn} is null and ${guardian.status} <> '在册' order by ${p.name}, ${pe.id}`)) {
    items.push({
      kind: '监护人已离开', ledger: 'patient', entryId: r.entryId, residentId: r.residentId, name: r.name,
      message: `严重精神障碍患者${who(r)}的监护人${r.guardianName}已于 ${r.leftOn ?? '（日期不详）'} ${r.status}，请重新确定监护人`,
    });
  }

  // ───── 帮教小组为空
  const re = releasedE;
  for (const r of rows(db, sql<PersonRow & { status: string }>`select ${re.id} as entryId, ${res.id} as residentId, ${res.name} as name, ${res.idNumber} as idNumber, ${re.status} as status
       from ${releasedPerson} ${re} join ${resident} ${res} on ${res.id} = ${re.residentId}
       where ${re.status} in ('在册帮教', '脱管') and ${re.voidedOn} is null
         and not exists (select 1 from ${teamMember} ${t} where ${t.ledger} = 'released' and ${t.entryId} = ${re.id} and ${t.toDate} is null)
       order by ${res.name}, ${re.id}`)) {
    items.push({
      kind: '帮教小组为空', ledger: 'released', entryId: r.entryId, residentId: r.residentId, name: r.name,
      message: `帮教对象${who(r)}（${r.status}）尚未建立帮教小组，请落实帮教责任人`,
    });
  }

  // ───── 日期顺序错误
  const order = (ledger: CheckItem['ledger'], entryId: number, residentId: number | null, name: string, message: string) =>
    items.push({ kind: '日期顺序错误', ledger, entryId, residentId, name, message });

  type ReleasedDates = Pick<typeof releasedPerson.$inferSelect, 'releaseDate' | 'handoverOn' | 'reportedOn' | 'placedOn' | 'agreementSignedOn'> & { noticeOn: string | null };
  const released = rows(db, sql<PersonRow & ReleasedDates>`select ${re.id} as entryId, ${res.id} as residentId, ${res.name} as name, ${res.idNumber} as idNumber,
         ${re.releaseDate} as releaseDate, ${re.noticeReceivedOn} as noticeOn, ${re.handoverOn} as handoverOn, ${re.reportedOn} as reportedOn, ${re.placedOn} as placedOn,
         ${re.agreementSignedOn} as agreementSignedOn
       from ${releasedPerson} ${re} join ${resident} ${res} on ${res.id} = ${re.residentId} where ${re.voidedOn} is null order by ${res.name}, ${re.id}`);
  for (const e of released) {
    if (e.reportedOn && e.reportedOn < e.releaseDate) order('released', e.entryId, e.residentId, e.name, `${who(e)}的报到日期（${e.reportedOn}）早于释放日期（${e.releaseDate}）`);
    if (e.handoverOn && e.noticeOn && e.handoverOn < e.noticeOn) order('released', e.entryId, e.residentId, e.name, `${who(e)}的衔接日期（${e.handoverOn}）早于通知书收到日期（${e.noticeOn}）`);
    // Old data entered before the core refused it: 报到 before the 衔接, a 帮教协议 before the release.
    if (e.reportedOn && e.handoverOn && e.reportedOn < e.handoverOn) order('released', e.entryId, e.residentId, e.name, `${who(e)}的报到日期（${e.reportedOn}）早于衔接日期（${e.handoverOn}）`);
    if (e.agreementSignedOn && e.agreementSignedOn < e.releaseDate) order('released', e.entryId, e.residentId, e.name, `${who(e)}的帮教协议签订日期（${e.agreementSignedOn}）早于释放日期（${e.releaseDate}）`);
    if (e.placedOn && e.placedOn < e.releaseDate) order('released', e.entryId, e.residentId, e.name, `${who(e)}的安置日期（${e.placedOn}）早于释放日期（${e.releaseDate}）`);
  }
  for (const r of rows(db, sql<PersonRow & { startOn: string; firstOn: string; n: number }>`select ${re.id} as entryId, ${p.id} as residentId, ${p.name} as name, ${p.idNumber} as idNumber,
         ${re.releaseDate} as startOn, min(${c.date}) as firstOn, count(*) as n
       from ${record} ${c} join ${releasedPerson} ${re} on ${re.id} = ${c.entryId} join ${resident} ${p} on ${p.id} = ${re.residentId}
       where ${c.voidedOn} is null and ${re.voidedOn} is null and ${c.ledger} = 'released' and ${c.date} < ${re.releaseDate} group by ${re.id} order by ${p.name}, ${re.id}`)) {
    order('released', r.entryId, r.residentId, r.name, `${who(r)}有 ${r.n} 条帮教记录早于释放日期（${r.startOn}），最早为 ${r.firstOn}`);
  }

  for (const r of rows(db, sql<PersonRow & { startOn: string; onsetOn: string }>`select ${pe.id} as entryId, ${p.id} as residentId, ${p.name} as name, ${p.idNumber} as idNumber,
         ${pe.registeredOn} as startOn, ${pe.firstOnsetOn} as onsetOn
       from ${patient} ${pe} join ${resident} ${p} on ${p.id} = ${pe.residentId}
       where ${pe.voidedOn} is null and ${pe.firstOnsetOn} is not null and ${pe.firstOnsetOn} > ${pe.registeredOn} order by ${p.name}, ${pe.id}`)) {
    order('patient', r.entryId, r.residentId, r.name, `${who(r)}的初次发病日期（${r.onsetOn}）晚于建档日期（${r.startOn}）`);
  }
  for (const r of rows(db, sql<PersonRow & { startOn: string; kind: string; firstOn: string; n: number }>`select ${pe.id} as entryId, ${p.id} as residentId, ${p.name} as name, ${p.idNumber} as idNumber,
         ${pe.registeredOn} as startOn, ${c.kind} as kind, min(${c.date}) as firstOn, count(*) as n
       from ${record} ${c} join ${patient} ${pe} on ${pe.id} = ${c.entryId} join ${resident} ${p} on ${p.id} = ${pe.residentId}
       where ${c.voidedOn} is null and ${pe.voidedOn} is null and ${c.ledger} = 'patient' and ${c.date} < ${pe.registeredOn} group by ${pe.id}, ${c.kind} order by ${p.name}, ${pe.id}, ${c.kind}`)) {
    const what = r.kind === 'followUp' ? '随访记录' : r.kind === 'incident' ? '肇事肇祸记录' : '记录';
    order('patient', r.entryId, r.residentId, r.name, `${who(r)}有 ${r.n} 条${what}早于建档日期（${r.startOn}），最早为 ${r.firstOn}`);
  }

  type LowIncomeDates = Pick<typeof lowIncome.$inferSelect, 'confirmedOn' | 'exitOn' | 'publicityFrom' | 'publicityTo'> & { firstReview: string | null; earlyReviews: number };
  const households = rows(db, sql<HouseholdPart & LowIncomeDates>`select ${li.id} as entryId, ${h.number} as number, ${HEAD_NAME} as headName, ${li.confirmedOn} as confirmedOn,
         ${li.exitOn} as exitOn, ${li.publicityFrom} as publicityFrom, ${li.publicityTo} as publicityTo,
         (select min(${c.date}) from ${record} ${c} where ${c.ledger} = 'lowIncome' and ${c.entryId} = ${li.id} and ${c.kind} = 'review' and ${c.voidedOn} is null) as firstReview,
         (select count(*) from ${record} ${c} where ${c.ledger} = 'lowIncome' and ${c.entryId} = ${li.id} and ${c.kind} = 'review' and ${c.voidedOn} is null and ${c.date} < ${li.confirmedOn}) as earlyReviews
       from ${lowIncome} ${li} join ${household} ${h} on ${h.id} = ${li.householdId} where ${li.voidedOn} is null order by ${h.number}, ${li.id}`);
  for (const e of households) {
    const name = e.headName ?? `户号 ${e.number}`;
    const household = e.headName ? `低保户 ${e.headName}户（户号 ${e.number}）` : `低保户 户号 ${e.number}`;
    if (e.earlyReviews > 0) order('lowIncome', e.entryId, null, name, `${household}有 ${e.earlyReviews} 条复核记录早于确认日期（${e.confirmedOn}），最早为 ${e.firstReview}`);
    if (e.exitOn && e.exitOn < e.confirmedOn) order('lowIncome', e.entryId, null, name, `${household}的退出日期（${e.exitOn}）早于确认日期（${e.confirmedOn}）`);
    if (e.publicityFrom && e.publicityTo && e.publicityTo > e.confirmedOn) {
      order('lowIncome', e.entryId, null, name, `${household}的公示期（${e.publicityFrom} 至 ${e.publicityTo}）在确认日期（${e.confirmedOn}）之后才结束，应先公示期满再确认`);
    }
  }

  return items.map((item, i) => ({ item, i })).sort((a, b) => ORDER.indexOf(a.item.kind) - ORDER.indexOf(b.item.kind) || a.i - b.i).map((x) => x.item);
}
