// A small hand-made town for the records, today-list, indicator and check tests: three villages (one left empty),
// two grids with a staff member each, and helpers that make residents and households through the people services
// (real ID checks and pinyin keys) and call the ledger channels through dispatch, as the UI does.
import { expect } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { checkDigit } from '../../shared/rules/idNumber';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { addHousehold, addPerson } from './people';

export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export async function ok<T>(p: Promise<Reply<T>> | Reply<T>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

export async function fails(p: Promise<{ ok: boolean; error?: { code: string; message: string } }>) {
  const r = await p;
  expect(r.ok, JSON.stringify(r)).toBe(false);
  return r.error!;
}

export interface TestTown {
  t: TempLedger;
  /** 东关社区 (code …001), 柳河村 (…201), 石桥村 (…202, no one lives there). */
  villages: { east: number; willow: number; empty: number };
  /** East grid in 东关社区, willow grid in 柳河村. */
  grids: { east: number; willow: number };
  /** 王芳 serves the east grid, 李强 the willow grid. */
  staff: { wang: number; li: number };
  resident(name: string, opts?: { gridId?: number | null; householdId?: number | null; relation?: string; birth?: string }): number;
  household(number: string, gridId: number | null): number;
  sql(statement: string, ...params: unknown[]): void;
  count(table: string, where?: string): number;
}

let serial = 0;

export function idNumberFor(birth: string): string {
  serial = (serial + 1) % 999;
  const first17 = `320121${birth.replace(/-/g, '')}${String(serial + 1).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

export async function makeTown(today = '2026-11-23'): Promise<TestTown> {
  const t = openTempLedger({ today });
  await ok(call(t.ctx, 'town.setup', { name: '城关镇', code: '320121100000' }));
  const willow = (await ok(call(t.ctx, 'village.create', { code: '320121100201', name: '柳河村' }))).id;
  const east = (await ok(call(t.ctx, 'village.create', { code: '320121100001', name: '东关社区' }))).id;
  const empty = (await ok(call(t.ctx, 'village.create', { code: '320121100202', name: '石桥村' }))).id;
  const gEast = (await ok(call(t.ctx, 'grid.create', { villageId: east, kind: '综合网格', name: '东关一网格' }))).id;
  const gWillow = (await ok(call(t.ctx, 'grid.create', { villageId: willow, kind: '综合网格', name: '柳河一网格' }))).id;
  const wang = (await ok(call(t.ctx, 'staff.create', { name: '王芳', role: '02', gridIds: [gEast], phone: '13900000001' }))).id;
  const li = (await ok(call(t.ctx, 'staff.create', { name: '李强', role: '02', gridIds: [gWillow], phone: '13900000002' }))).id;
  const db = t.ctx.ledger.sqlite;
  return {
    t,
    villages: { east, willow, empty },
    grids: { east: gEast, willow: gWillow },
    staff: { wang, li },
    resident(name, opts = {}) {
      const birth = opts.birth ?? '1980-05-05';
      return addPerson(t.ctx, {
        idNumber: idNumberFor(birth), name, householdId: opts.householdId ?? null, relation: opts.relation ?? null,
        gridId: opts.gridId === undefined ? (opts.householdId ? undefined : gEast) : opts.gridId,
      });
    },
    household(number, gridId) {
      return addHousehold(t.ctx, { number, gridId, address: '', tags: [] }).id;
    },
    sql(statement, ...params) {
      db.prepare(statement).run(...params);
    },
    count(table, where = '1') {
      return (db.prepare(`select count(*) as n from ${table} where ${where}`).get() as { n: number }).n;
    },
  };
}

/** A released person registered directly, handed over and reported; returns the entry id. */
export async function releasedPerson(
  town: TestTown,
  residentId: number,
  opts: { release: string; handover?: string | null; report?: string | null; cls?: string },
): Promise<number> {
  const ctx = town.t.ctx;
  const e = await ok(
    call(ctx, 'released.register', {
      residentId,
      releaseDate: opts.release,
      prison: '苏州监狱',
      crime: '05',
      sentence: '3年',
      class: opts.cls ?? 'general',
      ...(opts.handover === null ? {} : { handoverOn: opts.handover ?? opts.release, handoverCode: '06' }),
    }),
  );
  if (opts.report) await ok(call(ctx, 'released.report', { id: e.id, date: opts.report }));
  return e.id;
}

export async function patientEntry(town: TestTown, residentId: number, opts: { registered: string; risk?: number; guardian?: number | null; diagnosis?: string }) {
  const e = await ok(
    call(town.t.ctx, 'patient.register', {
      residentId,
      registeredOn: opts.registered,
      diagnosis: opts.diagnosis ?? '01',
      risk: opts.risk ?? 0,
      treatment: '02',
      ...(opts.guardian ? { guardianResidentId: opts.guardian, guardianRelation: '10' } : { guardianName: '家属', guardianPhone: '13800000000' }),
    }),
  );
  return e.id;
}

export function followUp(patientId: number, date: string, extra: Record<string, unknown> = {}) {
  return { kind: 'followUp', patientId, date, method: '家访', staffName: '赵医生', content: '', risk: 0, medication: '1', followUpClass: '3', hospitalization: '0', ...extra };
}

export function help(releasedPersonId: number, date: string, extra: Record<string, unknown> = {}) {
  return { kind: 'help', releasedPersonId, date, method: '面谈', staffName: '李强', content: '了解近况', ...extra };
}

export function review(lowIncomeId: number, date: string, result: string, extra: Record<string, unknown> = {}) {
  return { kind: 'review', lowIncomeId, date, method: '家访', staffName: '王芳', content: '入户核查', result, ...extra };
}
