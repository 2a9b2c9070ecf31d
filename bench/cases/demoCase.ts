// Generating the demo town every other case reads: time and residents per second.
import { join } from 'node:path';
import type { DemoResult } from '../../electron/core/demo/generate';
import { dispatch } from '../../electron/core/dispatch';
import { type BenchCase, type BenchEnv, timed } from '../lib';
import { openContext, removeDb } from '../town';

export const demoCase: BenchCase = {
  name: 'demo',
  title: '生成演示乡镇',
  async run(env: BenchEnv) {
    const path = join(env.dir, 'town.db');
    removeDb(path);
    const ctx = openContext(path);
    // A demo database is marked as one first (demo.load refuses any other file).
    const marked = await dispatch(ctx, 'demo.prepare', {});
    if (!marked.ok) throw new Error(marked.error.message);
    // Through dispatch, in this process (the app hands demo.load to its worker; here the generation itself is timed).
    const r = await timed(async () => {
      const res = await dispatch(ctx, 'demo.load', { residents: env.residents, seed: 1 });
      if (!res.ok) throw new Error(res.error.message);
      return res.value as DemoResult;
    });
    env.town = { path, ctx };
    const s = r.value;
    env.log(`  ${s.villages} villages, ${s.grids} grids, ${s.staff} staff, ${s.households} households, ${s.residents} residents in ${Math.round(r.ms)} ms`);
    return {
      measures: [
        { name: `generate ${s.residents} residents`, value: r.ms, unit: 'ms' },
        { name: 'residents per second', value: (s.residents / r.ms) * 1000, unit: '/s' },
      ],
      notes: [`${s.villages} 个村（社区），${s.grids} 个网格，网格员 ${s.staff} 人，${s.households} 户，${s.residents} 人`],
    };
  },
};
