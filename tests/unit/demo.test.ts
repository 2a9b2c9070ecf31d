import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_STAFF_ROLES } from '../../shared/codes/grid';
import { ageOn, normalizeIdNumber } from '../../shared/rules/idNumber';
import { checkGridCode, checkVillageCode, guessVillageType } from '../../shared/rules/regionCode';
import { call } from '../../electron/core/dispatch';
import { ok } from '../helpers/results';
import { AppError } from '../../electron/core/errors';
import { DEMO_TOWN, generateDemoTown, type DemoResult } from '../../electron/core/demo/generate';
import { Rng } from '../../electron/core/demo/random';
import { cli } from '../helpers/cli';
import { openTempLedger, tempDir, type TempLedger } from '../helpers/tempLedger';

const TODAY = '2026-11-23';
const RESIDENTS = 2000;

const open: TempLedger[] = [];
function fresh(): TempLedger {
  const t = openTempLedger({ today: TODAY });
  open.push(t);
  return t;
}
afterEach(() => {
  while (open.length) open.pop()!.close();
});

/** Everything generated except the timestamps. */
function dataHash(t: TempLedger): string {
  const db = t.ctx.ledger.sqlite;
  const h = createHash('sha256');
  for (const table of ['town', 'village', 'grid', 'staff', 'staff_grid', 'household', 'household_tag', 'resident']) {
    const rows = db.prepare(`select * from ${table} order by rowid`).all() as Record<string, unknown>[];
    for (const row of rows) {
      delete row.created_at;
      delete row.updated_at;
      h.update(JSON.stringify(row));
    }
  }
  return h.digest('hex');
}

const all = <T>(t: TempLedger, sql: string, ...params: unknown[]) => t.ctx.ledger.sqlite.prepare(sql).all(...params) as T[];
const one = <T>(t: TempLedger, sql: string, ...params: unknown[]) => t.ctx.ledger.sqlite.prepare(sql).get(...params) as T;

interface ResidentRow {
  id: number;
  id_number: string;
  name: string;
  sex: string;
  birth_date: string;
  household_id: number | null;
  relation: string | null;
  grid_id: number | null;
  residence_kind: string;
  marital: string | null;
  inflow_reason: string | null;
  inflow_date: string | null;
  dwelling_type: string | null;
  name_pinyin: string;
  name_initials: string;
}

let town: TempLedger;
let summary: DemoResult;
let progress: [number, number, string][];

beforeAll(() => {
  town = openTempLedger({ today: TODAY });
  progress = [];
  summary = generateDemoTown({ ...town.ctx, progress: (d, n, s) => progress.push([d, n, s]) }, { residents: RESIDENTS, seed: 7 });
  return () => town.close();
});

describe('the demo town', () => {
  it('sets up the demo town and reports counts that match the database', () => {
    expect(summary.town).toEqual(DEMO_TOWN);
    expect(summary.residents).toBe(RESIDENTS);
    expect(one<{ n: number }>(town, 'select count(*) as n from resident').n).toBe(RESIDENTS);
    expect(one<{ n: number }>(town, 'select count(*) as n from household').n).toBe(summary.households);
    expect(one<{ n: number }>(town, 'select count(*) as n from village').n).toBe(summary.villages);
    expect(one<{ n: number }>(town, 'select count(*) as n from grid').n).toBe(summary.grids);
    expect(one<{ n: number }>(town, 'select count(*) as n from staff').n).toBe(summary.staff);
    expect(summary.villages).toBeGreaterThanOrEqual(2);
    expect(progress).toContainEqual([RESIDENTS, RESIDENTS, '生成人员']);
    expect(progress.map((p) => p[2])).toContain('生成低保户台账');
    expect(progress.at(-1)).toEqual([RESIDENTS, RESIDENTS, '完成']);
  });

  it('is deterministic: same seed gives the same data, another seed other data', () => {
    const again = fresh();
    generateDemoTown(again.ctx, { residents: RESIDENTS, seed: 7 });
    expect(dataHash(again)).toBe(dataHash(town));
    const other = fresh();
    generateDemoTown(other.ctx, { residents: RESIDENTS, seed: 8 });
    expect(dataHash(other)).not.toBe(dataHash(town));
  });

  it('gives every resident and staff member a valid, unique ID number that agrees with sex and birth date', () => {
    const rows = all<ResidentRow>(town, 'select * from resident');
    for (const r of rows) {
      const check = normalizeIdNumber(r.id_number);
      expect(check.ok, `${r.name} ${r.id_number}`).toBe(true);
      if (!check.ok) continue;
      expect(check.idNumber).toBe(r.id_number);
      expect(check.sex).toBe(r.sex);
      expect(check.birthDate).toBe(r.birth_date);
      expect(r.birth_date <= TODAY).toBe(true);
      expect(r.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
      expect(r.name_initials.length).toBeGreaterThanOrEqual(2);
      expect(r.name_pinyin).toMatch(/^[a-z]+$/);
    }
    const staff = all<{ id_number: string; phone: string; role: string }>(town, 'select * from staff');
    for (const s of staff) {
      expect(normalizeIdNumber(s.id_number).ok).toBe(true);
      expect(s.phone).toMatch(/^1\d{10}$/);
    }
    const ids = [...rows.map((r) => r.id_number), ...staff.map((s) => s.id_number)];
    expect(new Set(ids).size).toBe(ids.length);
    // Locals carry the town's county code.
    const locals = rows.filter((r) => r.residence_kind === '1');
    expect(locals.filter((r) => r.id_number.startsWith(DEMO_TOWN.code.slice(0, 6))).length / locals.length).toBeGreaterThan(0.8);
  });

  it('codes villages and grids by the rules, 社区 001–199 and 村 200–399', () => {
    const villages = all<{ id: number; code: string; name: string; type: string }>(town, 'select * from village');
    for (const v of villages) {
      expect(checkVillageCode(v.code, DEMO_TOWN.code).ok).toBe(true);
      expect(v.type).toBe(guessVillageType(v.code));
      expect(v.name.endsWith(v.type)).toBe(true);
    }
    expect(villages.some((v) => v.type === '社区')).toBe(true);
    expect(villages.some((v) => v.type === '村')).toBe(true);
    const grids = all<{ code: string; kind: '综合网格' | '专属网格'; name: string; vcode: string }>(
      town,
      'select g.code, g.kind, g.name, v.code as vcode from grid g join village v on v.id = g.village_id',
    );
    for (const g of grids) expect(checkGridCode(g.code, g.vcode, g.kind), g.code).toEqual({ ok: true, code: g.code });
    expect(grids.some((g) => g.kind === '专属网格')).toBe(true);
    expect(grids.filter((g) => g.kind === '综合网格').every((g) => /^第[一二三四五六七八九十]+网格$/.test(g.name))).toBe(true);
  });

  it('builds households of 1–6 with one 户主 and relations that fit ages and sexes', () => {
    const rows = all<ResidentRow>(town, 'select * from resident order by household_id, id');
    const byHousehold = new Map<number, ResidentRow[]>();
    for (const r of rows) {
      expect(r.household_id).not.toBeNull();
      byHousehold.set(r.household_id!, [...(byHousehold.get(r.household_id!) ?? []), r]);
    }
    const male = new Set(['11', '20', '28', '41', '43', '51', '53', '55']);
    const female = new Set(['12', '30', '38', '42', '44', '52', '54', '56']);
    for (const members of byHousehold.values()) {
      expect(members.length).toBeGreaterThanOrEqual(1);
      expect(members.length).toBeLessThanOrEqual(6);
      const heads = members.filter((m) => m.relation === '02');
      expect(heads).toHaveLength(1);
      const head = heads[0]!;
      const headAge = ageOn(head.birth_date, TODAY);
      expect(headAge).toBeGreaterThanOrEqual(18);
      const spouses = members.filter((m) => m.relation === '10');
      expect(spouses.length).toBeLessThanOrEqual(1);
      for (const s of spouses) {
        expect(s.sex).not.toBe(head.sex);
        expect(s.marital).toBe(head.marital);
      }
      for (const m of members) {
        const age = ageOn(m.birth_date, TODAY);
        if (male.has(m.relation!)) expect(m.sex, m.relation!).toBe('1');
        if (female.has(m.relation!)) expect(m.sex, m.relation!).toBe('2');
        if (m.relation === '20' || m.relation === '30') expect(headAge - age).toBeGreaterThanOrEqual(15);
        if (m.relation!.startsWith('4')) expect(headAge - age).toBeGreaterThanOrEqual(30);
        if (m.relation!.startsWith('5')) expect(age - headAge).toBeGreaterThanOrEqual(10);
        if (age < 16) expect(m.marital).toBeNull();
        expect(m.residence_kind).toBe(head.residence_kind);
        expect(m.grid_id).toBe(head.grid_id);
      }
    }
  });

  it('has some 流动人口 with their items, some tags, grids short of staff and residents in no grid', () => {
    const rows = all<ResidentRow>(town, 'select * from resident');
    const migrants = rows.filter((r) => r.residence_kind === '2');
    expect(migrants.length / rows.length).toBeGreaterThan(0.03);
    expect(migrants.length / rows.length).toBeLessThan(0.11);
    for (const m of migrants) {
      expect(m.inflow_reason).toMatch(/^\d{2}$/);
      expect(m.inflow_date! >= m.birth_date && m.inflow_date! <= TODAY).toBe(true);
      expect(m.dwelling_type).toMatch(/^\d{2}$/);
      expect(m.id_number.slice(0, 6)).not.toBe(DEMO_TOWN.code.slice(0, 6));
    }
    expect(rows.filter((r) => r.residence_kind === '1').every((r) => r.inflow_reason === null)).toBe(true);

    const tagged = one<{ n: number }>(town, 'select count(distinct household_id) as n from household_tag').n;
    expect(tagged / summary.households).toBeGreaterThan(0.02);
    expect(tagged / summary.households).toBeLessThan(0.3);

    const noGrid = one<{ h: number; r: number }>(
      town,
      'select (select count(*) from household where grid_id is null) as h, (select count(*) from resident where grid_id is null) as r',
    );
    expect(noGrid.h).toBeGreaterThanOrEqual(1);
    expect(noGrid.r).toBeGreaterThanOrEqual(1);
    expect(noGrid.r).toBeLessThan(RESIDENTS * 0.01);

    const grids = all<{ id: number }>(town, 'select id from grid');
    const roles = all<{ grid_id: number; role: string }>(town, 'select sg.grid_id, s.role from staff_grid sg join staff s on s.id = sg.staff_id');
    const short = grids.filter((g) => REQUIRED_STAFF_ROLES.some((role) => !roles.some((r) => r.grid_id === g.id && r.role === role)));
    expect(short.length).toBeGreaterThanOrEqual(1);
    expect(short.length).toBeLessThan(grids.length);
    // Household numbers are unique (the schema says so too).
    const numbers = all<{ number: string }>(town, 'select number from household');
    expect(new Set(numbers.map((n) => n.number)).size).toBe(numbers.length);
  });

  it('keeps 综合网格 at 300–500 households in a town of realistic size', () => {
    const t = fresh();
    generateDemoTown(t.ctx, { residents: 12_000, seed: 3 });
    const sizes = all<{ n: number }>(
      t,
      "select count(h.id) as n from grid g left join household h on h.grid_id = g.id where g.kind = '综合网格' group by g.id",
    );
    expect(sizes.length).toBeGreaterThanOrEqual(8);
    for (const s of sizes) {
      expect(s.n).toBeGreaterThanOrEqual(300);
      expect(s.n).toBeLessThanOrEqual(500);
    }
  });

  it('refuses a database that already has villages or residents, and changes nothing', async () => {
    const before = dataHash(town);
    let err: unknown;
    try {
      generateDemoTown(town.ctx, { residents: 100, seed: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONFLICT');
    expect((err as AppError).message).toContain('空数据库');
    expect(dataHash(town)).toBe(before);

    const t = fresh();
    await ok(call(t.ctx, 'town.setup', { name: '城关镇', code: '320121100000' }));
    t.ctx.ledger.sqlite.prepare("insert into village (code, name, type, created_at, updated_at) values ('320121100001', '东街社区', '社区', 'x', 'x')").run();
    expect(() => generateDemoTown(t.ctx, { residents: 100, seed: 1 })).toThrow(/空数据库/);
    expect(one<{ n: number }>(t, 'select count(*) as n from resident').n).toBe(0);
  });

  it('fills a town that was set up but is still empty, under its own code', async () => {
    const t = fresh();
    await ok(call(t.ctx, 'town.setup', { name: '城关街道', code: '320121002000' }));
    const r = generateDemoTown(t.ctx, { residents: 300, seed: 5 });
    expect(r.town).toEqual({ name: '城关街道', code: '320121002000' });
    const codes = all<{ code: string }>(t, 'select code from village');
    expect(codes.every((c) => c.code.startsWith('320121002'))).toBe(true);
  });

  it('answers the demo.load channel only on a database marked as the demo', async () => {
    const t = fresh();
    const refused = await call(t.ctx, 'demo.load', { residents: 50, seed: 2 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('不是演示数据库') });
    expect(one<{ n: number }>(t, 'select count(*) as n from resident').n).toBe(0);
    expect(one<{ n: number }>(t, 'select count(*) as n from town').n).toBe(0);

    await ok(call(t.ctx, 'demo.prepare', {}));
    const r = await call(t.ctx, 'demo.load', { residents: 50, seed: 2 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject({ residents: 50, town: DEMO_TOWN });
    const again = await call(t.ctx, 'demo.load', { residents: 50 });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('CONFLICT');
  });
});

describe('the seeded generator', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (let i = 0; i < 1000; i++) {
      const n = a.int(3, 7);
      expect(n >= 3 && n <= 7).toBe(true);
    }
  });
});

describe('cli demo', () => {
  it('generates a town and prints the counts as one JSON object', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'demo.db');
      const r = await cli('demo', '--db', db, '--residents', '300', '--seed', '4', '--json');
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
      expect(r.json()).toMatchObject({ residents: 300, town: DEMO_TOWN });
      expect(r.json().households).toBeGreaterThan(50);
      const info = await cli('info', '--db', db, '--json');
      expect(info.json().counts.resident).toBe(300);
      const again = await cli('demo', '--db', db, '--residents', '300', '--json');
      expect(again.code).toBe(1);
      expect(again.json().error.code).toBe('CONFLICT');
    } finally {
      cleanup();
    }
  });

  it('exits 2 on bad arguments', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'bad.db');
      const missing = await cli('demo', '--db', db, '--json');
      expect(missing.code).toBe(2);
      expect(missing.json().error.message).toContain('--residents');
      const notNumber = await cli('demo', '--db', db, '--residents', '很多');
      expect(notNumber.code).toBe(2);
      expect(notNumber.stderr).toContain('用法');
      expect((await cli('demo', '--db', db, '--residents', '5')).code).toBe(2);
      expect((await cli('demo', '--db', db, '--residents', '300', '--seed', '1.5')).code).toBe(2);
      expect((await cli('demo', '--residents', '300')).code).toBe(2);
    } finally {
      cleanup();
    }
  });
});

describe('the demo ledgers', () => {
  it('has about 3 released persons, 4 patients and 20 低保 households per 1,000 residents, with records', () => {
    const per1000 = (n: number) => (n * 1000) / RESIDENTS;
    expect(per1000(summary.releasedPersons)).toBeCloseTo(3, 0);
    expect(per1000(summary.patients)).toBeCloseTo(4, 0);
    expect(Math.abs(per1000(summary.lowIncomeHouseholds) - 20)).toBeLessThanOrEqual(1);
    expect(one<{ n: number }>(town, 'select count(*) as n from released_person').n).toBe(summary.releasedPersons);
    expect(one<{ n: number }>(town, 'select count(*) as n from patient').n).toBe(summary.patients);
    expect(one<{ n: number }>(town, 'select count(*) as n from low_income').n).toBe(summary.lowIncomeHouseholds);
    expect(one<{ n: number }>(town, 'select count(*) as n from record').n).toBe(summary.records);
    // A year of records, none in the future.
    const span = one<{ first: string; last: string }>(town, 'select min(date) as first, max(date) as last from record');
    expect(span.last <= TODAY).toBe(true);
    expect(span.first >= '2025-10-01').toBe(true);
  });

  it('leaves some items overdue for the today list, and every ledger person in a grid', async () => {
    const due = await call(town.ctx, 'due.list', { date: TODAY });
    expect(due.ok).toBe(true);
    if (!due.ok) return;
    expect(due.value.items.some((i) => i.state === '逾期')).toBe(true);
    expect(due.value.items.every((i) => i.grid !== null)).toBe(true);
    const checks = await call(town.ctx, 'checks.list', {});
    expect(checks.ok && checks.value.filter((c) => c.kind === '日期顺序错误')).toEqual([]);
  });
});
