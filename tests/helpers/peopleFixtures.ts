// Shared set-up for the people tests: a town with two villages and three grids (one closed), and
// valid ID numbers built with the real check digit.
import type { ServiceContext } from '../../electron/core/context';
import { checkDigit } from '../../shared/rules/idNumber';

/** An 18-character ID: 320121 + birth (YYYYMMDD) + 3-digit sequence (odd = 男) + check digit. */
export function makeId(birth: string, seq: string, area = '320121'): string {
  const first17 = `${area}${birth}${seq}`;
  return first17 + checkDigit(first17);
}

/** The same ID with a wrong check digit. */
export function wrongCheck(id: string): string {
  const right = id[17]!;
  const wrong = right === '1' ? '2' : '1';
  return id.slice(0, 17) + wrong;
}

export interface Town {
  eastVillage: number;
  westVillage: number;
  /** 320121100201001 in 东村 */
  grid1: number;
  /** 320121100201002 in 东村 */
  grid2: number;
  /** 320121100202001 in 西村 */
  grid3: number;
  /** 320121100202002 in 西村, closed */
  closedGrid: number;
}

export function seedTown(ctx: ServiceContext): Town {
  const db = ctx.ledger.sqlite;
  const now = '2026-01-01T00:00:00.000+08:00';
  db.prepare(`INSERT INTO town (id, name, code, created_at, updated_at) VALUES (1, '城关镇', '320121100000', ?, ?)`).run(now, now);
  const village = (code: string, name: string) =>
    Number(db.prepare(`INSERT INTO village (code, name, type, created_at, updated_at) VALUES (?, ?, '村', ?, ?)`).run(code, name, now, now).lastInsertRowid);
  const grid = (villageId: number, code: string, name: string, closedOn: string | null = null) =>
    Number(
      db
        .prepare(`INSERT INTO grid (village_id, code, name, kind, closed_on, close_reason, created_at, updated_at) VALUES (?, ?, ?, '综合网格', ?, ?, ?, ?)`)
        .run(villageId, code, name, closedOn, closedOn ? '合并' : null, now, now).lastInsertRowid,
    );
  const eastVillage = village('320121100201', '东村');
  const westVillage = village('320121100202', '西村');
  return {
    eastVillage,
    westVillage,
    grid1: grid(eastVillage, '320121100201001', '东村一网格'),
    grid2: grid(eastVillage, '320121100201002', '东村二网格'),
    grid3: grid(westVillage, '320121100202001', '西村一网格'),
    closedGrid: grid(westVillage, '320121100202002', '西村二网格', '2026-06-30'),
  };
}

/** Closes a grid the way grid.close would (used after households were placed in it). */
export function closeGrid(ctx: ServiceContext, gridId: number, on = '2026-10-01') {
  ctx.ledger.sqlite.prepare(`UPDATE grid SET closed_on = ?, close_reason = '撤并' WHERE id = ?`).run(on, gridId);
}

export function expectOk<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

export function expectErr(r: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; problems?: { field?: string; message: string }[] } }) {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}
