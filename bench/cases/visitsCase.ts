// Issue 12's figures for grid workers' visits on the demo town (a year of visits, ~50,000 at 100,000 residents):
// the 走访 list's first page with its count (no filter, and one worker's month), and T6's figures for a month
// (each ≤ 200 ms); 周巡查 for the month's last week (≤ 200 ms) and 年评比 for its year (12 months of T6, ≤ 2 s).
import { sql } from 'drizzle-orm';
import { dispatch } from '../../electron/core/dispatch';
import { row } from '../../electron/core/db/query';
import { record } from '../../electron/core/db/schema';
import { type BenchCase, type BenchEnv, type Measure, median, round, timed, ok } from '../lib';
import { BENCH_LAST_MONTH } from '../town';

const MONTH = BENCH_LAST_MONTH;


export const visitsCase: BenchCase = {
  name: 'visits',
  title: '走访：走访记录列表、T6 网格员履职考核',
  async run(env: BenchEnv) {
    const { ctx } = env.town!;
    const visits = row(ctx.ledger.sqlite, sql<{ n: number }>`select count(*) as n from ${record} where ${record.kind} = 'visit'`)!.n;
    const runs = Math.max(5, env.runs);
    const time = async (fn: () => Promise<unknown>) => {
      const xs: number[] = [];
      for (let i = 0; i < runs; i++) xs.push((await timed(fn)).ms);
      return xs;
    };
    const list = await time(() => ok(dispatch(ctx, 'visit.list', { limit: 50 })));
    const first = await ok<{ rows: { staffId: number | null }[] }>(dispatch(ctx, 'visit.list', { limit: 1 }));
    const staffId = first.rows[0]?.staffId ?? undefined;
    const worker = await time(() => ok(dispatch(ctx, 'visit.list', { staffId, month: MONTH, limit: 50 })));
    const t6 = await time(() => ok(dispatch(ctx, 'visit.assessment', { month: MONTH })));
    const weekDay = `${MONTH}-25`;
    const week = await time(() => ok(dispatch(ctx, 'visit.assessment', { week: weekDay })));
    const year = await time(() => ok(dispatch(ctx, 'visit.assessment', { year: MONTH.slice(0, 4) })));
    env.log(`  ${visits} visits; list ${round(median(list), 1)} ms, one worker's month ${round(median(worker), 1)} ms, T6 ${round(median(t6), 1)} ms, week ${round(median(week), 1)} ms, year ${round(median(year), 1)} ms`);
    const measures: Measure[] = [
      { name: 'visit list, first page + count', value: median(list), unit: 'ms', goal: '≤ 200 ms', met: median(list) <= 200, samples: list },
      { name: `visit list, one worker in ${MONTH}`, value: median(worker), unit: 'ms', goal: '≤ 200 ms', met: median(worker) <= 200, samples: worker },
      { name: `T6 figures for ${MONTH}`, value: median(t6), unit: 'ms', goal: '≤ 200 ms', met: median(t6) <= 200, samples: t6 },
      { name: `周巡查 for the week of ${weekDay}`, value: median(week), unit: 'ms', goal: '≤ 200 ms', met: median(week) <= 200, samples: week },
      { name: `年评比 for ${MONTH.slice(0, 4)}`, value: median(year), unit: 'ms', goal: '≤ 2000 ms', met: median(year) <= 2000, samples: year },
    ];
    return { measures, notes: [`${visits} 条走访记录`] };
  },
};
