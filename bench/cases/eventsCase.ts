// Issue 12's figures on a town with 5,000 events: the 事件 list's first page (every event's working-day limits
// judged), the overdue filter, and T5 for a month (≤ 200 ms each). A town with fewer events (a smaller
// BENCH_RESIDENTS) is topped up to 5,000 through the event service first, unmeasured.
import { count } from 'drizzle-orm';
import { dispatch } from '../../electron/core/dispatch';
import { Rng } from '../../electron/core/demo/random';
import { generateDemoEvents } from '../../electron/core/demo/events';
import { event } from '../../electron/core/db/schema';
import { loadT5Inputs, t5Month } from '../../electron/core/events/t5';
import { type BenchCase, type BenchEnv, type Measure, median, round, timed, ok, commitElsewhere } from '../lib';
import { BENCH_TODAY } from '../town';

const TARGET = 5000;
const MONTH = BENCH_TODAY.slice(0, 7);


export const eventsCase: BenchCase = {
  name: 'events',
  title: '事件：列表（含工作日时限）、逾期筛选、T5 统计（5,000 件事件）',
  async run(env: BenchEnv) {
    const { ctx } = env.town!;
    const have = () => ctx.ledger.db.select({ n: count() }).from(event).get()?.n ?? 0;
    for (let seed = 100; have() < TARGET; seed++) {
      const missing = TARGET - have();
      ctx.ledger.sqlite.transaction(() => generateDemoEvents(ctx, new Rng(seed), missing * 15))();
    }
    const events = have();
    env.log(`  ${events} events`);
    const runs = Math.max(5, env.runs);
    // T5 and the figures are timed after a change each time (their facts are kept while nothing changed).
    const elsewhere = commitElsewhere(env.town!.path);
    const measure = async (fn: () => Promise<unknown>, afterChange = false) => {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        if (afterChange) elsewhere.run();
        samples.push((await timed(fn)).ms);
      }
      return samples;
    };
    const list = await measure(() => ok(dispatch(ctx, 'event.list', { limit: 50 })));
    const overdue = await measure(() => ok(dispatch(ctx, 'event.list', { overdue: true, limit: 50 })));
    const t5 = await measure(async () => t5Month(loadT5Inputs(ctx), MONTH), true);
    const figures = await measure(() => ok(dispatch(ctx, 'report.figures', { month: MONTH })), true);
    elsewhere.close();
    const m = (name: string, samples: number[], goal = 200): Measure => ({ name, value: median(samples), unit: 'ms', goal: `≤ ${goal} ms`, met: median(samples) <= goal, samples });
    env.log(`  list ${round(median(list), 1)} ms, overdue ${round(median(overdue), 1)} ms, T5 ${round(median(t5), 1)} ms, T1–T5 figures ${round(median(figures), 1)} ms`);
    return {
      measures: [m('event list, first page of 50', list), m('event list, overdue only', overdue), m(`T5 for ${MONTH}`, t5), m(`T1–T5 figures for ${MONTH} (report.figures)`, figures, 400)],
      notes: [`${events} 件事件`],
    };
  },
};
