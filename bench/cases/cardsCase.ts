// 一人一卡: 500 archive cards in one PDF — the app's way (read each card's data from the ledgers, lay out, write)
// against raw pdfmake laying out the same pages from data read beforehand (goal ≤ 1.2×), and the file size (≤ 3 MB).
import type { CardData } from '../../electron/core/reports/cards';
import { cardData, cardsDocument, lowIncomeHeads, selectEntries } from '../../electron/core/reports/cards';
import { pdfBuffer } from '../../electron/core/pdf/render';
import { type BenchCase, type BenchEnv, median, round, timed } from '../lib';

const CARDS = 500;
const WHEN = new Date('2026-06-30T00:00:00Z');

export const cardsCase: BenchCase = {
  name: 'cards',
  title: '一人一卡档案卡 500 张（一个 PDF）',
  async run(env: BenchEnv) {
    const { ctx } = env.town!;
    // The three groups in turn, so a card of each kind is among the 500.
    const entries = (['patient', 'released', 'lowIncome'] as const).flatMap((group) => selectEntries(ctx, { group, path: '' } as never)).slice(0, CARDS);
    if (entries.length < CARDS) env.log(`  only ${entries.length} key-group entries in this town`);
    // Warm the fonts once: both ways pay it the same in a long-running app.
    await pdfBuffer(cardsDocument([], 'x', WHEN));
    const app: number[] = [];
    const raw: number[] = [];
    let bytes = 0;
    let cards: CardData[] = [];
    for (let i = 0; i < env.runs; i++) {
      const a = await timed(async () => {
        const heads = lowIncomeHeads(ctx);
        cards = entries.map((e) => cardData(ctx, e.group, e.entryId, heads));
        return pdfBuffer(cardsDocument(cards, '青石镇', WHEN));
      });
      app.push(a.ms);
      bytes = a.value.length;
      const r = await timed(() => pdfBuffer(cardsDocument(cards, '青石镇', WHEN)));
      raw.push(r.ms);
      env.log(`  run ${i + 1}: app ${Math.round(a.ms)} ms, raw pdfmake ${Math.round(r.ms)} ms, ${round(bytes / 1024 ** 2, 2)} MB`);
    }
    const value = median(app);
    const baseline = median(raw);
    const mb = bytes / 1024 ** 2;
    return {
      measures: [
        { name: `${entries.length} archive cards in one PDF`, value, unit: 'ms', baseline, ratio: value / baseline, goal: '≤ 1.2×', met: value / baseline <= 1.2, samples: app, baselineSamples: raw },
        { name: 'archive cards PDF size', value: mb, unit: 'MB', goal: '≤ 3 MB', met: mb <= 3 },
      ],
      notes: ['基线 = 同样的页面（事先读好的数据）直接交给 pdfmake 排版'],
    };
  },
};
