// Person search latency (name, name infix, pinyin initials, ID-number and phone fragments) over the
// demo town, against a plain LIKE '%q%' scan over name / id_number / phone in the same run.
//
// BENCH_SEARCH_BIG=1000000 also measures a county-sized database: a copy of the demo town grown by
// SQL (each round re-inserts the town's residents under another county's ID prefix and new phones;
// the triggers index them as any insert would), so it takes about a minute, not a demo generation.
import { join } from 'node:path';
import type { ServiceContext } from '../../electron/core/context';
import { Rng } from '../../electron/core/demo/random';
import { dispatch } from '../../electron/core/dispatch';
import { type BenchCase, type BenchEnv, type Measure, percentile } from '../lib';
import { openContext, removeDb } from '../town';

type Kind = 'name' | 'infix' | 'initials' | 'id' | 'phone';
const KINDS: Kind[] = ['name', 'infix', 'initials', 'id', 'phone'];

interface Sample {
  name: string;
  name_initials: string;
  id_number: string;
  phone: string;
}

/**
 * Queries drawn from the town: full names and surname + first given character; the name without its
 * surname (an infix); full and partial initials; 4–8 digits of an ID; 4–8 digits of a mobile number.
 */
export function drawQueries(samples: Sample[], perKind: number, seed = 11): Record<Kind, string[]> {
  const rng = new Rng(seed);
  const out: Record<Kind, string[]> = { name: [], infix: [], initials: [], id: [], phone: [] };
  const withPhone = samples.filter((s) => /^1\d{10}$/.test(s.phone));
  const longNames = samples.filter((s) => s.name.length >= 2);
  for (let i = 0; i < perKind; i++) {
    const s = rng.pick(samples);
    out.name.push(rng.chance(0.6) ? s.name : s.name.slice(0, 2));
    out.infix.push(rng.pick(longNames).name.slice(1));
    const t = rng.pick(samples);
    out.initials.push(rng.chance(0.6) || t.name_initials.length < 3 ? t.name_initials : t.name_initials.slice(0, 2));
    const u = rng.pick(samples);
    const len = rng.int(4, 8);
    const start = rng.int(6, 18 - len);
    out.id.push(u.id_number.slice(start, start + len));
    if (withPhone.length) {
      const p = rng.pick(withPhone).phone;
      const plen = rng.int(4, 8);
      const pstart = rng.int(3, 11 - plen);
      out.phone.push(p.slice(pstart, pstart + plen));
    }
  }
  return out;
}

const labels: Record<Kind, string> = { name: 'name', infix: 'name infix', initials: 'initials', id: 'ID fragment', phone: 'phone fragment' };

/** Measures every kind on one database; `suffix` tells the lines of a second database apart. */
async function measure(ctx: ServiceContext, env: BenchEnv, opts: { suffix: string; goalMs: number }) {
  const db = ctx.ledger.sqlite;
  const samples = db.prepare("select name, name_initials, id_number, phone from resident where status = '在册'").all() as Sample[];
  const perKind = Math.max(10, Math.round(env.queries / KINDS.length));
  const queries = drawQueries(samples, perKind);
  const like = db.prepare(
    "select id, name, id_number, phone from resident where status = '在册' and (name like @q or id_number like @q or phone like @q)",
  );
  // Through dispatch, as the 实有人口 page calls it (validation of input and output included).
  const runSearch = async (q: string) => {
    const r = await dispatch(ctx, 'person.search', { query: q, status: '在册', offset: 0, limit: 50 });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as { total: number };
  };
  const runLike = (q: string) => like.all({ q: `%${q}%` });

  // Warm up both paths (statement caches, page cache).
  for (const kind of KINDS) {
    for (const q of queries[kind].slice(0, 10)) {
      await runSearch(q);
      runLike(q);
    }
  }

  const measures: Measure[] = [];
  const notes: string[] = [];
  const goal = `≤ ${opts.goalMs} ms 且 ≥ 20× 快于全表扫描`;
  let worstP95 = 0;
  for (const kind of KINDS) {
    if (queries[kind].length === 0) continue;
    const ms: number[] = [];
    const baseMs: number[] = [];
    let hits = 0;
    for (const q of queries[kind]) {
      let t = performance.now();
      const r = await runSearch(q);
      ms.push(performance.now() - t);
      hits += r.total;
      t = performance.now();
      runLike(q);
      baseMs.push(performance.now() - t);
    }
    const p50 = percentile(ms, 50);
    const p95 = percentile(ms, 95);
    worstP95 = Math.max(worstP95, p95);
    const b50 = percentile(baseMs, 50);
    const b95 = percentile(baseMs, 95);
    const label = `${labels[kind]}${opts.suffix}`;
    measures.push(
      { name: `${label} p50`, value: p50, unit: 'ms', baseline: b50, ratio: p50 / b50, samples: ms, baselineSamples: baseMs },
      { name: `${label} p95`, value: p95, unit: 'ms', baseline: b95, ratio: p95 / b95, goal, met: p95 <= opts.goalMs && b95 / p95 >= 20 },
    );
    notes.push(`${label}：平均每个查询 ${Math.round(hits / queries[kind].length)} 个结果`);
    env.log(`  ${label}: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (LIKE p50 ${b50.toFixed(2)}, p95 ${b95.toFixed(2)}; ${(b95 / p95).toFixed(0)}× at p95)`);
  }
  notes.unshift(`${samples.length} 名在册人员，每类 ${perKind} 个查询，取自数据本身；基线 = status='在册' 且 name/id_number/phone LIKE '%q%' 的全表扫描`);
  notes.push(`最慢一类 p95 ${worstP95.toFixed(2)} ms`);
  return { measures, notes };
}

/**
 * A copy of the town grown to at least `target` residents by SQL: each round re-inserts the town's
 * residents with the 4th–6th digits of the ID set to another county's and fresh mobile numbers (an ID
 * that would collide is skipped).
 */
export function growTown(source: ServiceContext, path: string, target: number, log: (line: string) => void): ServiceContext {
  removeDb(path);
  source.ledger.sqlite.prepare('vacuum into ?').run(path);
  const ctx = openContext(path);
  const db = ctx.ledger.sqlite;
  const columns = (db.prepare("select name from pragma_table_info('resident') where name not in ('id', 'id_number', 'phone')").pluck().all() as string[]).map((c) => `"${c}"`);
  const base = db.prepare('select max(id) from resident').pluck().get() as number;
  const insert = db.prepare(
    `insert or ignore into resident (id_number, phone, ${columns.join(', ')})
     select substr(id_number, 1, 3) || printf('%03d', ?) || substr(id_number, 7),
            case when phone = '' then '' else '1' || (3 + abs(random()) % 7) || printf('%09d', abs(random()) % 1000000000) end,
            ${columns.join(', ')}
     from resident where id <= ?`,
  );
  const t0 = performance.now();
  for (let round = 1; (db.prepare('select count(*) from resident').pluck().get() as number) < target; round++) {
    db.transaction(() => insert.run(500 + round, base))();
  }
  const n = db.prepare('select count(*) from resident').pluck().get() as number;
  log(`  grown to ${n} residents in ${Math.round(performance.now() - t0)} ms`);
  return ctx;
}

export const searchCase: BenchCase = {
  name: 'search',
  title: '人员搜索',
  async run(env: BenchEnv) {
    const town = await measure(env.town!.ctx, env, { suffix: '', goalMs: 5 });
    const big = Number(process.env.BENCH_SEARCH_BIG ?? 0);
    if (!(big > 0)) return town;
    const ctx = growTown(env.town!.ctx, join(env.dir, 'county.db'), big, env.log);
    try {
      const county = await measure(ctx, env, { suffix: ` @${Math.round(big / 1000)}k`, goalMs: 20 });
      return { measures: [...town.measures, ...county.measures], notes: [...town.notes, ...county.notes] };
    } finally {
      ctx.ledger.close();
    }
  },
};
