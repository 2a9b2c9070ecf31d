// The today list (due.list) and a month's T1–T3 indicators (indicators.month) over the demo town's
// key-group ledgers, through the same dispatch the UI uses. Goal: each ≤ 200 ms.
import { addDays, addMonths } from '../../shared/rules/dates';
import { call } from '../../electron/core/dispatch';
import { type BenchCase, type BenchEnv, type Measure, median, percentile } from '../lib';

const GOAL_MS = 200;

export const ledgersCase: BenchCase = {
  name: 'ledgers',
  title: '今日待办与月度指标',
  async run(env: BenchEnv) {
    const { ctx } = env.town!;
    const db = ctx.ledger.sqlite;
    const today = ctx.today();
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const sizes = {
      released: count('select count(*) as n from released_person'),
      patients: count('select count(*) as n from patient'),
      lowIncome: count('select count(*) as n from low_income'),
      records: count('select count(*) as n from record'),
    };
    // Different dates and months, so no run is served by a cache the next one primed.
    const dates = Array.from({ length: 15 }, (_, i) => addDays(today, i * 9 - 60));
    const months = Array.from({ length: 12 }, (_, i) => addMonths(today, -i).slice(0, 7));
    const timed = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      const r = (await fn()) as { ok: boolean; error?: { message: string } };
      if (!r.ok) throw new Error(r.error?.message ?? 'failed');
      return performance.now() - t;
    };
    await call(ctx, 'due.list', { date: today });
    await call(ctx, 'indicators.month', { month: months[0]! });

    const dueMs: number[] = [];
    let items = 0;
    for (const date of dates) {
      dueMs.push(await timed(async () => {
        const r = await call(ctx, 'due.list', { date });
        if (r.ok) items = Math.max(items, r.value.items.length);
        return r;
      }));
    }
    const indMs: number[] = [];
    for (const month of months) indMs.push(await timed(() => call(ctx, 'indicators.month', { month })));
    const checksMs: number[] = [];
    for (let i = 0; i < 5; i++) checksMs.push(await timed(() => call(ctx, 'checks.list', {})));

    const dueMed = median(dueMs);
    const indMed = median(indMs);
    const measures: Measure[] = [
      { name: 'today list (due.list) median', value: dueMed, unit: 'ms', goal: `≤ ${GOAL_MS} ms`, met: dueMed <= GOAL_MS, samples: dueMs },
      { name: 'today list p95', value: percentile(dueMs, 95), unit: 'ms' },
      { name: 'month indicators T1–T3 median', value: indMed, unit: 'ms', goal: `≤ ${GOAL_MS} ms`, met: indMed <= GOAL_MS, samples: indMs },
      { name: 'month indicators p95', value: percentile(indMs, 95), unit: 'ms' },
      { name: 'consistency checks median', value: median(checksMs), unit: 'ms', samples: checksMs },
    ];
    return {
      measures,
      notes: [
        `台账规模：帮教对象 ${sizes.released}，患者 ${sizes.patients}，低保户 ${sizes.lowIncome}，记录 ${sizes.records}；待办最多 ${items} 项`,
        `待办取 ${dates.length} 个不同日期，指标取最近 ${months.length} 个月`,
      ],
    };
  },
};
