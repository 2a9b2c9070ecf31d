// report.members: the persons (households, grids, staff) behind one count of T1–T4 — a village's or 合计's — with the
// columns that explain why they count. The list comes from the very rule that computes the figure: the indicator
// functions return the members of each count (releasedMembers, patientMembers, lowIncomeMembers, gridMembers) and the
// figures are their sizes, so the list and the figure cannot disagree.
//
// Decisions:
// - Only count columns have members. A rate or an amount has none of its own (its numerator and denominator are count
//   columns beside it, each clickable), so asking for one is refused with a message saying so.
// - T3's 人 columns count 保障人数, not households: their rows are the households, each with its 人数, and `total`
//   (the figure) is the sum of 人数; every other list has total = its number of rows.
// - 合计 lists the members of every village row in row order (villages by code, then 未划分网格), as 合计 sums them;
//   a 网格员 serving grids in two villages counts in both rows, so 合计 lists them twice, once per village.
// - The month-end columns (状态, 分类, 最近帮教, 危险性 …) are computed from the same dated facts the rule read, so an old
//   month shows the situation of that month, not today's. Names, grids and villages are today's.
// - Village rows are asked for by 统计用区划代码; the 未划分网格 row by that very name.
import { asc, eq, isNull } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import type { ReportMembers } from '../../../shared/contract/reports';
import {
  diagnosisTable, extremePovertySupportTable, labelOf, lowIncomeClassTable, medicationTable, releasedClassTable, residenceKindTable,
  staffRoleTable,
} from '../../../shared/codes';
import { hasMembers, MEMBER_FIGURES } from '../../../shared/reports/members';
import { ALL_TABLES, type TableColumn } from '../../../shared/reports/tables';
import { workerMembers } from '../visits/members';
import { GRID_MEMBER_KIND, gridMembers, type GridMembers } from '../../../shared/rules/gridIndicators';
import {
  inHospitalAsOf, isCompleteFollowUp, lowIncomeExit, lowIncomeMembers, patientMembers, patientRiskAsOf, patientStatusAsOf, releasedClassAsOf,
  releasedMembers, statusAsOf, type LowIncomeFacts, type LowIncomeMembers, type PatientFacts, type PatientMembers, type ReleasedMembers,
  type ReleasedPersonFacts,
} from '../../../shared/rules/indicators';
import { lastDayOfMonth } from '../../../shared/rules/dates';
import type { ServiceContext } from '../context';
import { grid, household, lowIncome, patient, releasedPerson, resident, staff, village as villageTable } from '../db/schema';
import { validationError } from '../errors';
import { loadLowIncomeFacts } from '../ledgers/lowIncome/facts';
import { loadPatientFacts } from '../ledgers/patient/facts';
import { loadReleasedFacts } from '../ledgers/released/facts';
import { NO_VILLAGE } from '../records/indicators';
import { getRules } from '../rules/service';
import { checkReportMonth } from './figures';
import { loadT5Inputs, t5MembersByVillage } from '../events/t5';
import { selectEvents } from '../events/service';
import type { T5Members } from '../../../shared/rules/t5';
import { loadGridFacts, type LoadedGridFacts } from './gridFacts';

type Cell = string | number | null;
type Row = Record<string, Cell>;
type Column = ReportMembers['columns'][number];

const monthText = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;
const col = (key: string, label: string, width = 11): Column => ({ key, label, width });

interface VillageRow {
  /** null: the 未划分网格 row. */
  id: number | null;
  name: string;
}

interface Scope {
  /** The village rows asked for, in row order: one, or every row for 合计. */
  rows: VillageRow[];
  label: string;
}

/** The village rows of the answer; a code (or 未划分网格) that is no row of the caller's table is refused. */
function scopeOf(ctx: ServiceContext, village: string | undefined, hasLoose: boolean): Scope {
  const villages = ctx.ledger.db.select({ id: villageTable.id, code: villageTable.code, name: villageTable.name }).from(villageTable).orderBy(asc(villageTable.code)).all();
  const all: VillageRow[] = villages.map((v) => ({ id: v.id, name: v.name }));
  if (hasLoose) all.push({ id: null, name: NO_VILLAGE });
  if (village === undefined) return { rows: all, label: '合计' };
  if (village === NO_VILLAGE) {
    if (!hasLoose) throw validationError(`本月报表没有「${NO_VILLAGE}」这一行`, [{ path: ['village'], message: `没有「${NO_VILLAGE}」这一行` }]);
    return { rows: [{ id: null, name: NO_VILLAGE }], label: NO_VILLAGE };
  }
  const found = villages.find((v) => v.code === village);
  if (!found) throw validationError(`没有区划代码为 ${village} 的村（社区）`, [{ path: ['village'], message: `没有代码为 ${village} 的村（社区）` }]);
  return { rows: [{ id: found.id, name: found.name }], label: found.name };
}

/** Facts grouped by their row, as monthIndicators groups them: a village the table does not know is 未划分网格. */
function byRow<T extends { villageId: number | null }>(items: readonly T[], known: ReadonlySet<number>): Map<number | null, T[]> {
  const out = new Map<number | null, T[]>();
  for (const it of items) {
    const key = it.villageId !== null && known.has(it.villageId) ? it.villageId : null;
    const list = out.get(key);
    if (list) list.push(it);
    else out.set(key, [it]);
  }
  return out;
}

function knownVillages(ctx: ServiceContext): Set<number> {
  return new Set(ctx.ledger.db.select({ id: villageTable.id }).from(villageTable).all().map((v) => v.id));
}

/** Name and ID number of every resident, by id. */
function residentPlaces(ctx: ServiceContext) {
  const rows = ctx.ledger.db
    .select({ id: resident.id, name: resident.name, idNumber: resident.idNumber })
    .from(resident)
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The person of each entry of a ledger (刑满释放人员 or 患者) with today's grid and village, by entry id. */
function entryPlaces(ctx: ServiceContext, entry: typeof releasedPerson | typeof patient) {
  const rows = ctx.ledger.db
    .select({ id: entry.id, name: resident.name, idNumber: resident.idNumber, gridName: grid.name })
    .from(entry)
    .innerJoin(resident, eq(resident.id, entry.residentId))
    .leftJoin(grid, eq(grid.id, resident.gridId))
    .where(isNull(entry.voidedOn))
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}

interface Members {
  unit: string;
  columns: Column[];
  rows: Row[];
  total: number;
}

const lastOf = (dates: readonly string[], end: string): string | null => dates.filter((d) => d <= end).reduce<string | null>((a, d) => (a === null || d > a ? d : a), null);

// ───────────────────────────────────────────── T1 刑满释放人员

function releasedList(ctx: ServiceContext, month: string, key: keyof ReleasedMembers, scope: Scope, known: Set<number>): Members {
  const rules = getRules(ctx);
  const end = lastDayOfMonth(month);
  const groups = byRow(loadReleasedFacts(ctx), known);
  const places = entryPlaces(ctx, releasedPerson);
  const rows: Row[] = [];
  for (const v of scope.rows) {
    const list = groups.get(v.id) ?? [];
    const facts: ReleasedPersonFacts[] = list.map((x) => x.facts);
    for (const i of releasedMembers(facts, month, rules)[key]) {
      const { entryId, facts: p } = list[i]!;
      const who = places.get(entryId);
      const status = latestChange(p.statusHistory, end);
      rows.push({
        village: v.name, grid: who?.gridName ?? '', name: who?.name ?? '', idNumber: who?.idNumber ?? '', releaseDate: p.releaseDate,
        noticeOn: p.noticeReceivedDate ?? '', handoverOn: p.handoverDate ?? '', reportedOn: p.reportDate ?? '', placedOn: p.placementDate ?? '',
        class: labelOf(releasedClassTable, releasedClassAsOf(p, end)), team: p.helpTeamSize, lastHelp: lastOf(p.helpRecordDates, end) ?? '',
        status: statusAsOf(p.statusHistory, end) ?? '', statusDate: status?.date ?? '',
      });
    }
  }
  const columns = [
    col('village', '村（社区）', 12), col('grid', '网格', 12), col('name', '姓名', 9), col('idNumber', '公民身份号码', 21), col('releaseDate', '释放日期'),
    col('noticeOn', '通知书收到'), col('handoverOn', '衔接日期'), col('reportedOn', '报到日期'), col('placedOn', '安置日期'), col('class', '帮教分类', 7),
    col('team', '帮教小组人数', 7), col('lastHelp', '最近帮教'), col('status', '月末状态', 9), col('statusDate', '状态日期'),
  ];
  return { unit: '人', columns, rows, total: rows.length };
}

function latestChange<S extends string>(history: readonly { date: string; status: S }[], date: string) {
  let found: { date: string; status: S } | null = null;
  for (const c of history) if (c.date <= date && (found === null || c.date >= found.date)) found = c;
  return found;
}

// ───────────────────────────────────────────── T2 严重精神障碍患者

function patientList(ctx: ServiceContext, month: string, key: keyof PatientMembers, scope: Scope, known: Set<number>): Members {
  const rules = getRules(ctx);
  const end = lastDayOfMonth(month);
  const start = `${month}-01`;
  const groups = byRow(loadPatientFacts(ctx), known);
  const places = entryPlaces(ctx, patient);
  const rows: Row[] = [];
  for (const v of scope.rows) {
    const list = groups.get(v.id) ?? [];
    const facts: PatientFacts[] = list.map((x) => x.facts);
    for (const i of patientMembers(facts, month, rules)[key]) {
      const { entryId, facts: p } = list[i]!;
      const who = places.get(entryId);
      const complete = p.followUps.filter((f) => isCompleteFollowUp(f) && f.date <= end);
      const last = complete.at(-1) ?? null;
      const risk = patientRiskAsOf(p, end);
      rows.push({
        village: v.name, grid: who?.gridName ?? '', name: who?.name ?? '', idNumber: who?.idNumber ?? '',
        diagnosis: p.diagnosis === null ? '' : labelOf(diagnosisTable, p.diagnosis), registeredOn: p.registeredDate, status: patientStatusAsOf(p, end) ?? '',
        lastFollowUp: last?.date ?? '', risk: risk === null ? '' : `${risk}级`, medication: last?.medication ? labelOf(medicationTable, last.medication) : '',
        inHospital: inHospitalAsOf(p, end) ? '是' : '否', agreementOn: p.guardianAgreementDate !== null && p.guardianAgreementDate <= end ? p.guardianAgreementDate : '',
        incidents: p.incidentDates.filter((d) => d >= start && d <= end).join('、'),
      });
    }
  }
  const columns = [
    col('village', '村（社区）', 12), col('grid', '网格', 12), col('name', '姓名', 9), col('idNumber', '公民身份号码', 21), col('diagnosis', '诊断', 14),
    col('registeredOn', '登记日期'), col('status', '月末状态', 8), col('lastFollowUp', '最近有效随访'), col('risk', '危险性', 7), col('medication', '服药情况', 9),
    col('inHospital', '住院', 5), col('agreementOn', '监护责任书'), col('incidents', '本月肇事肇祸', 14),
  ];
  return { unit: '人', columns, rows, total: rows.length };
}

// ───────────────────────────────────────────── T3 低保

const PERSON_KEYS = new Set<keyof LowIncomeMembers>(['urbanPersons', 'ruralPersons', 'newPersons', 'stoppedPersons', 'centralizedPersons', 'dispersedPersons', 'totalPersons']);

function lowIncomeList(ctx: ServiceContext, month: string, key: keyof LowIncomeMembers, scope: Scope, known: Set<number>): Members {
  const rules = getRules(ctx);
  const groups = byRow(loadLowIncomeFacts(ctx), known);
  const db = ctx.ledger.db;
  const entries = new Map(
    db
      .select({ id: lowIncome.id, number: household.number, gridName: grid.name, amountFen: lowIncome.monthlyAmountFen, householdId: household.id })
      .from(lowIncome)
      .innerJoin(household, eq(household.id, lowIncome.householdId))
      .leftJoin(grid, eq(grid.id, household.gridId))
      .all()
      .map((e) => [e.id, e]),
  );
  const heads = headsOfHouseholds(ctx);
  const rows: Row[] = [];
  let total = 0;
  for (const v of scope.rows) {
    const list = groups.get(v.id) ?? [];
    const facts: LowIncomeFacts[] = list.map((x) => x.facts);
    for (const { index, weight } of lowIncomeMembers(facts, month, rules)[key]) {
      const { entryId, facts: h } = list[index]!;
      const e = entries.get(entryId);
      const head = e ? heads.get(e.householdId) : undefined;
      total += weight;
      rows.push({
        village: v.name, grid: e?.gridName ?? '', number: e?.number ?? '', head: head?.name ?? '', idNumber: head?.idNumber ?? '',
        area: h.area, class: labelOf(lowIncomeClassTable, h.class).split('（')[0]!, confirmedOn: h.confirmedDate, exitOn: lowIncomeExit(h) ?? '',
        persons: PERSON_KEYS.has(key) ? weight : h.coveredCount,
        support: h.supportType ? labelOf(extremePovertySupportTable, h.supportType) : '',
      });
    }
  }
  const columns = [
    col('village', '村（社区）', 12), col('grid', '网格', 12), col('number', '户号', 14), col('head', '户主', 9), col('idNumber', '户主身份号码', 21),
    col('area', '城乡', 6), col('class', '分类', 8), col('confirmedOn', '确认日期'), col('exitOn', '停保日期'), col('persons', '保障人数', 7),
    col('support', '特困供养', 7),
  ];
  return { unit: PERSON_KEYS.has(key) ? '人（按户列出）' : '户', columns, rows, total };
}

/** 户主 of every household (relation 户主 or 本人, one still 在册 first). */
function headsOfHouseholds(ctx: ServiceContext): Map<number, { name: string; idNumber: string }> {
  const rows = ctx.ledger.db
    .select({ householdId: resident.householdId, name: resident.name, idNumber: resident.idNumber, relation: resident.relation, status: resident.status })
    .from(resident)
    .orderBy(asc(resident.id))
    .all();
  const out = new Map<number, { name: string; idNumber: string; present: boolean }>();
  for (const r of rows) {
    if (r.householdId === null || (r.relation !== '02' && r.relation !== '01')) continue;
    const had = out.get(r.householdId);
    const present = r.status === '在册';
    if (!had || (!had.present && present)) out.set(r.householdId, { name: r.name, idNumber: r.idNumber, present });
  }
  return out;
}

// ───────────────────────────────────────────── T4 网格化服务管理

function gridList(ctx: ServiceContext, month: string, key: keyof GridMembers, scope: Scope, facts: ReadonlyMap<number | null, LoadedGridFacts>): Members {
  const rules = getRules(ctx);
  const db = ctx.ledger.db;
  const grids = new Map(db.select({ id: grid.id, code: grid.code, name: grid.name, kind: grid.kind }).from(grid).all().map((g) => [g.id, g]));
  const kind = GRID_MEMBER_KIND[key];
  const rows: Row[] = [];
  const staffRows = kind === 'staff' ? new Map(db.select({ id: staff.id, name: staff.name, phone: staff.phone, role: staff.role, startDate: staff.startDate, endDate: staff.endDate }).from(staff).all().map((s) => [s.id, s])) : null;
  const households = kind === 'household' ? new Map(db.select({ id: household.id, number: household.number, address: household.address }).from(household).all().map((h) => [h.id, h])) : null;
  const heads = kind === 'household' ? headsOfHouseholds(ctx) : null;
  const people = kind === 'resident' ? residentPlaces(ctx) : null;
  const householdNumbers = kind === 'resident' ? new Map(db.select({ id: household.id, number: household.number }).from(household).all().map((h) => [h.id, h.number])) : null;
  const gridName = (id: number | null) => (id === null ? '' : (grids.get(id)?.name ?? ''));

  for (const v of scope.rows) {
    const f = facts.get(v.id);
    if (!f) continue;
    const m = gridMembers(f, month, rules);
    if (kind === 'grid') {
      // Present households and residents of each grid, as the rule counted them for 超规模.
      const hh = new Map<number, number>();
      for (const i of m.households) {
        const g = f.households[i]!.gridId;
        if (g !== null) hh.set(g, (hh.get(g) ?? 0) + 1);
      }
      const rr = new Map<number, number>();
      for (const i of m.residents) {
        const g = f.residents[i]!.gridId;
        if (g !== null) rr.set(g, (rr.get(g) ?? 0) + 1);
      }
      for (const i of m[key]) {
        const g = f.grids[i]!;
        const row = grids.get(g.id);
        rows.push({ village: v.name, code: row?.code ?? '', name: row?.name ?? '', kind: g.kind, households: hh.get(g.id) ?? 0, residents: rr.get(g.id) ?? 0, closedOn: g.closedOn ?? '' });
      }
    } else if (kind === 'staff') {
      for (const i of m[key]) {
        const s = f.staff[i]!;
        const row = staffRows!.get(f.staffIds[i]!);
        rows.push({
          village: v.name, name: row?.name ?? '', role: labelOf(staffRoleTable, s.role), grids: s.gridIds.map(gridName).join('、'), phone: row?.phone ?? '',
          startDate: s.startDate ?? '', endDate: s.endDate ?? '',
        });
      }
    } else if (kind === 'household') {
      const present = new Map<number, number>();
      for (const i of m.residents) {
        const h = f.residents[i]!.householdId;
        if (h !== null) present.set(h, (present.get(h) ?? 0) + 1);
      }
      for (const i of m[key]) {
        const h = f.households[i]!;
        const row = households!.get(h.id);
        rows.push({ village: v.name, grid: gridName(h.gridId), number: row?.number ?? '', head: heads!.get(h.id)?.name ?? '', address: row?.address ?? '', persons: present.get(h.id) ?? 0 });
      }
    } else {
      for (const i of m[key]) {
        const r = f.residents[i]!;
        const who = people!.get(f.residentIds[i]!);
        rows.push({
          village: v.name, grid: gridName(r.gridId), name: who?.name ?? '', idNumber: who?.idNumber ?? '', kind: labelOf(residenceKindTable, r.residenceKind),
          household: r.householdId === null ? '' : (householdNumbers!.get(r.householdId) ?? ''), inflowDate: r.inflowDate ?? '', status: r.status,
        });
      }
    }
  }
  const columns: Record<typeof kind, Column[]> = {
    grid: [col('village', '村（社区）', 12), col('code', '网格编码', 16), col('name', '网格名称', 14), col('kind', '类型', 9), col('households', '月末户数', 8), col('residents', '月末人口', 8), col('closedOn', '撤销日期')],
    staff: [col('village', '村（社区）', 12), col('name', '姓名', 9), col('role', '职务', 10), col('grids', '所在网格', 22), col('phone', '联系电话', 13), col('startDate', '任职日期'), col('endDate', '离任日期')],
    household: [col('village', '村（社区）', 12), col('grid', '网格', 12), col('number', '户号', 14), col('head', '户主', 9), col('address', '住址', 24), col('persons', '月末在册人数', 8)],
    resident: [col('village', '村（社区）', 12), col('grid', '网格', 12), col('name', '姓名', 9), col('idNumber', '公民身份号码', 21), col('kind', '人口类别', 9), col('household', '户号', 14), col('inflowDate', '流入日期'), col('status', '现状态', 7)],
  };
  const unit = { grid: '个网格', staff: '人', household: '户', resident: '人' }[kind];
  return { unit, columns: columns[kind], rows, total: rows.length };
}

// ───────────────────────────────────────────── T5 矛盾纠纷排查化解

/** The events behind a T5 figure, from the very members the figure counts (shared/rules/t5.ts). */
function t5List(ctx: ServiceContext, month: string, key: string, scope: Scope): Members {
  const inputs = loadT5Inputs(ctx);
  const wanted = new Set(scope.rows.map((r) => r.id));
  const ids: number[] = [];
  for (const r of t5MembersByVillage(inputs, month)) {
    if (!wanted.has(r.village.id)) continue;
    const [k, i] = key.split('.');
    const list = k === 'byCategory' ? r.members.byCategory[Number(i)]! : (r.members[k as Exclude<keyof T5Members, 'byCategory'>] as number[]);
    ids.push(...list);
  }
  const byId = new Map(selectEvents(ctx, { includeVoided: true, query: '', date: lastDayOfMonth(month) }, { ids }).rows.map((e) => [e.id, e]));
  const rows = ids.flatMap((id, n) => {
    const e = byId.get(id);
    if (!e) return [];
    const accept = e.nextDue;
    return [{
      index: n + 1, eventId: e.id, number: e.number, reportedOn: e.reportedOn, village: e.village, grid: e.grid ?? '', category: e.categoryName, title: e.title,
      state: e.stateLabel, due: accept ? `${accept.label} ${accept.dueOn}` : '', satisfaction: e.satisfactionLabel,
    }];
  });
  const columns = [col('index', '序号', 5), col('number', '事件编号', 15), col('reportedOn', '上报日期'), col('village', '村（社区）'), col('grid', '网格'), col('category', '类别', 13), col('title', '标题', 26), col('state', '月末状态', 9), col('due', '月末时限', 16), col('satisfaction', '满意度', 8)];
  return { unit: '件', columns, rows, total: rows.length };
}

// ───────────────────────────────────────────── the channel

export function reportMembers(ctx: ServiceContext, input: ChannelParsed<'report.members'>): ReportMembers {
  checkReportMonth(ctx, input.month);
  const def = ALL_TABLES[input.table];
  const column = (def.columns as readonly TableColumn[]).find((c) => c.figure === input.figure);
  if (!column) throw validationError(`${input.table} ${def.name}没有「${input.figure}」这一列`, [{ path: ['figure'], message: `${input.table} 没有这一列` }]);
  if (!hasMembers(input.table, column)) {
    const what = column.kind === 'rate' ? '比率' : column.kind === 'money' ? '金额' : '文字';
    throw validationError(`「${column.label}」是${what}，没有对应的名单；请点它所依据的人数或户数`, [{ path: ['figure'], message: `「${column.label}」没有名单` }]);
  }
  if (input.table === 'T6') {
    const { who, ...list } = workerMembers(ctx, input.month, input.figure, input.village);
    const label = column.group && !column.label.includes(column.group) ? `${column.group}·${column.label}` : column.label;
    return { title: `${who} · T6 ${label} · ${monthText(input.month)}`, tableName: def.name, figureLabel: label, village: who, ...list };
  }
  const known = knownVillages(ctx);
  let list: Members;
  let scope: Scope;
  if (input.table === 'T5') {
    scope = scopeOf(ctx, input.village, false);
    list = t5List(ctx, input.month, MEMBER_FIGURES.T5[input.figure as keyof typeof MEMBER_FIGURES.T5], scope);
  } else if (input.table === 'T4') {
    const facts = loadGridFacts(ctx);
    const loose = facts.get(null);
    scope = scopeOf(ctx, input.village, !!loose && (loose.households.length > 0 || loose.residents.length > 0));
    list = gridList(ctx, input.month, MEMBER_FIGURES.T4[input.figure as keyof typeof MEMBER_FIGURES.T4], scope, facts);
  } else {
    const loose = looseRowOf(ctx, known);
    scope = scopeOf(ctx, input.village, loose);
    if (input.table === 'T1') list = releasedList(ctx, input.month, MEMBER_FIGURES.T1[input.figure as keyof typeof MEMBER_FIGURES.T1], scope, known);
    else if (input.table === 'T2') list = patientList(ctx, input.month, MEMBER_FIGURES.T2[input.figure as keyof typeof MEMBER_FIGURES.T2], scope, known);
    else list = lowIncomeList(ctx, input.month, MEMBER_FIGURES.T3[input.figure as keyof typeof MEMBER_FIGURES.T3], scope, known);
  }
  const figureLabel = column.group && !column.label.includes(column.group) ? `${column.group}·${column.label}` : column.label;
  return {
    title: `${scope.label} · ${input.table} ${figureLabel} · ${monthText(input.month)}`,
    tableName: def.name,
    figureLabel,
    village: scope.label,
    ...list,
  };
}

/** T1–T3 show a 未划分网格 row when any of the three ledgers has an entry outside every village (monthIndicators). */
function looseRowOf(ctx: ServiceContext, known: ReadonlySet<number>): boolean {
  const outside = (rows: readonly { villageId: number | null }[]) => rows.some((r) => r.villageId === null || !known.has(r.villageId));
  return outside(loadReleasedFacts(ctx)) || outside(loadPatientFacts(ctx)) || outside(loadLowIncomeFacts(ctx));
}
