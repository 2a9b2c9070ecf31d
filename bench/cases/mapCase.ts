// The map page's data (issue 11): map.layers (every grid's boundary and figures) and map.points (key-group persons at
// their households) on the demo town, through dispatch as the page calls them. The goal is the whole page
// open in ≤ 1 s; the core's share is measured here (the page's drawing is measured in the e2e bench of the page).
import { call } from '../../electron/core/dispatch';
import { type BenchCase, type BenchEnv, median, timed } from '../lib';

export const mapCase: BenchCase = {
  name: 'map',
  title: '网格地图数据（map.layers + map.points）',
  async run(env: BenchEnv) {
    const { ctx } = env.town!;
    const samples: number[] = [];
    let grids = 0;
    let points = 0;
    for (let i = 0; i < env.runs; i++) {
      const r = await timed(async () => {
        const layers = await call(ctx, 'map.layers', {});
        const pts = await call(ctx, 'map.points', {});
        if (!layers.ok || !pts.ok) throw new Error(layers.ok ? (pts as { error: { message: string } }).error.message : layers.error.message);
        return { layers: layers.value, points: pts.value };
      });
      samples.push(r.ms);
      grids = r.value.layers.grids.filter((g) => g.geometry).length;
      points = r.value.points.points.length;
      env.log(`  run ${i + 1}: ${Math.round(r.ms)} ms, ${grids} grids with boundaries, ${points} key-group points`);
    }
    const value = median(samples);
    return {
      measures: [{ name: `map layers (${grids} grids) + ${points} key-group points`, value, unit: 'ms', goal: '≤ 1000 ms (whole page)', met: value <= 1000, samples }],
      notes: ['经 dispatch 调用，与地图页相同；含审计记录'],
    };
  },
};
