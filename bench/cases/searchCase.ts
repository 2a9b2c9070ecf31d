// Person search latency (name, pinyin initials, ID-number fragment) over the demo town, against a
// plain LIKE '%q%' scan over name / id_number / phone.
import { Rng } from '../../electron/core/demo/random';
import { dispatch } from '../../electron/core/dispatch';
import { type BenchCase, type BenchEnv, type Measure, percentile } from '../lib';

type Kind = 'name' | 'initials' | 'id';

interface Sample {
  name: string;
  name_initials: string;
  id_number: string;
}

/** Queries drawn from the town: full names and surname + first given character; full and partial initials; 4–8 digits of an ID. */
export function drawQueries(samples: Sample[], perKind: number, seed = 11): Record<Kind, string[]> {
  const rng = new Rng(seed);
  const out: Record<Kind, string[]> = { name: [], initials: [], id: [] };
  for (let i = 0; i < perKind; i++) {
    const s = rng.pick(samples);
    out.name.push(rng.chance(0.6) ? s.name : s.name.slice(0, 2));
    const t = rng.pick(samples);
    out.initials.push(rng.chance(0.6) || t.name_initials.length < 3 ? t.name_initials : t.name_initials.slice(0, 2));
    const u = rng.pick(samples);
    const len = rng.int(4, 8);
    const start = rng.int(6, 18 - len);
    out.id.push(u.id_number.slice(start, start + len));
  }
  return out;
}

export const searchCase: BenchCase = {
  name: 'search',
  title: '人员搜索',
  async run(env: BenchEnv) {
    const { ctx } = env.town!;
    const db = ctx.ledger.sqlite;
    const samples = db.prepare("select name, name_initials, id_number from resident where status = '在册'").all() as Sample[];
    const perKind = Math.max(10, Math.round(env.queries / 3));
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
    for (const q of [...queries.name.slice(0, 10), ...queries.initials.slice(0, 10), ...queries.id.slice(0, 10)]) {
      await runSearch(q);
      runLike(q);
    }

    const measures: Measure[] = [];
    const notes: string[] = [`每类 ${perKind} 个查询，取自演示数据；基线 = status='在册' 且 name/id_number/phone LIKE '%q%' 的全表扫描`];
    const labels: Record<Kind, string> = { name: 'name', initials: 'initials', id: 'ID fragment' };
    let worstP95 = 0;
    for (const kind of ['name', 'initials', 'id'] as const) {
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
      measures.push(
        { name: `${labels[kind]} p50`, value: p50, unit: 'ms', baseline: b50, ratio: p50 / b50, samples: ms, baselineSamples: baseMs },
        { name: `${labels[kind]} p95`, value: p95, unit: 'ms', baseline: b95, ratio: p95 / b95, goal: '≤ 30 ms', met: p95 <= 30 },
      );
      notes.push(`${labels[kind]}：平均每个查询 ${Math.round(hits / queries[kind].length)} 个结果`);
      env.log(`  ${labels[kind]}: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (LIKE p50 ${b50.toFixed(2)}, p95 ${b95.toFixed(2)})`);
    }
    return { measures, notes: [...notes, `最慢一类 p95 ${worstP95.toFixed(2)} ms`] };
  },
};
