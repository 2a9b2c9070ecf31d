// What opening the map page asks of the core on the demo town: map.layers (every grid's boundary and
// figures) and map.points (the key-group persons with a point), as the page calls them. The page's own
// drawing is timed in a browser by bench/mapPage.ts.
import { call } from '../../electron/core/dispatch';
import { type BenchCase, type BenchEnv, median, timed } from '../lib';
import { addMapData } from '../mapTown';

export const mapCase: BenchCase = {
  name: 'map',
  title: '打开地图页（核心部分）',
  async run(env: BenchEnv) {
    const ctx = env.town!.ctx;
    const added = addMapData(ctx, 300);
    env.log(`  boundaries for ${added.villages} villages, ${added.grids} grids; ${added.points} households placed`);
    const runs: number[] = [];
    let pointCount = 0;
    for (let i = 0; i < env.runs; i++) {
      const r = await timed(async () => {
        const [layers, points] = await Promise.all([call(ctx, 'map.layers', {}), call(ctx, 'map.points', {})]);
        if (!layers.ok) throw new Error(layers.error.message);
        if (!points.ok) throw new Error(points.error.message);
        return points.value.points.length;
      });
      pointCount = r.value;
      runs.push(r.ms);
    }
    const ms = median(runs);
    return {
      measures: [{ name: `map.layers + map.points (${added.grids} grids, ${pointCount} points)`, value: ms, unit: 'ms', goal: '≤ 1000 ms (with the page)', met: ms <= 1000, samples: runs }],
    };
  },
};
