// Map data for a demo town that has none yet: each village a square in a row, its grids columns of it, and
// the households of key-group persons given points inside their grid (up to `points` of them). Written with
// plain SQL: this is set-up, not what is measured.
import type { ServiceContext } from '../electron/core/context';

const LON0 = 118.7;
const LAT0 = 31.9;
const SIZE = 0.03;

const square = (w: number, s: number, e: number, n: number) => JSON.stringify({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });

export function addMapData(ctx: ServiceContext, points = 300): { villages: number; grids: number; points: number } {
  const db = ctx.ledger.sqlite;
  const now = new Date().toISOString();
  const villages = db.prepare('select id from village order by id').all() as { id: number }[];
  const perRow = Math.ceil(Math.sqrt(villages.length));
  const gridRect = new Map<number, [number, number, number, number]>();
  let grids = 0;
  db.transaction(() => {
    const vb = db.prepare("insert or replace into village_boundary (village_id, geometry, source, created_at, updated_at) values (?, ?, 'bench', ?, ?)");
    const gb = db.prepare("insert or replace into grid_boundary (grid_id, geometry, source, created_at, updated_at) values (?, ?, 'bench', ?, ?)");
    villages.forEach((v, i) => {
      const w = LON0 + (i % perRow) * SIZE;
      const s = LAT0 + Math.floor(i / perRow) * SIZE;
      vb.run(v.id, square(w, s, w + SIZE, s + SIZE), now, now);
      const own = db.prepare('select id from grid where village_id = ? and closed_on is null order by id').all(v.id) as { id: number }[];
      own.forEach((g, j) => {
        const gw = w + (SIZE * j) / own.length;
        const ge = w + (SIZE * (j + 1)) / own.length;
        gb.run(g.id, square(gw, s, ge, s + SIZE), now, now);
        gridRect.set(g.id, [gw, s, ge, s + SIZE]);
        grids++;
      });
    });
    // Households of key-group persons first, so the key-group layer has its points.
    const homes = db
      .prepare(
        `select distinct h.id as id, h.grid_id as gridId from household h join resident r on r.household_id = h.id
         where h.grid_id is not null and r.id in (select resident_id from released_person union select resident_id from patient union select resident_id from low_income_member)
         limit ?`,
      )
      .all(points) as { id: number; gridId: number }[];
    const set = db.prepare('update household set lon = ?, lat = ? where id = ?');
    homes.forEach((h, k) => {
      const r = gridRect.get(h.gridId);
      if (!r) return;
      const f = ((k * 37) % 97) / 97;
      const g = ((k * 53) % 89) / 89;
      set.run(r[0] + (r[2] - r[0]) * (0.1 + 0.8 * f), r[1] + (r[3] - r[1]) * (0.1 + 0.8 * g), h.id);
    });
  })();
  const placed = (db.prepare('select count(*) as n from household where lon is not null').get() as { n: number }).n;
  return { villages: villages.length, grids, points: placed };
}
