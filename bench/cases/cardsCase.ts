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
    const ratios: number[] = [];
    let bytes = 0;
    let cards: CardData[] = [];
    const appWay = () =>
      timed(async () => {
        const heads = lowIncomeHeads(ctx);
        cards = entries.map((e) => cardData(ctx, e.group, e.entryId, heads));
        return pdfBuffer(cardsDocument(cards, '青石镇', WHEN));
      });
    const rawWay = () => timed(() => pdfBuffer(cardsDocument(cards, '青石镇', WHEN)));
    // Pairs in alternating order (the host's speed drifts by ±20 % here, and whichever side runs second inherits the
    // first's garbage): the ratio is the median of the pairs' ratios. The raw side needs the cards read once first.
    cards = entries.map((e) => cardData(ctx, e.group, e.entryId, lowIncomeHeads(ctx)));
    const pairs = Math.max(5, env.runs);
    for (let i = 0; i < pairs; i++) {
      const first = i % 2 === 0 ? await appWay() : await rawWay();
      const second = i % 2 === 0 ? await rawWay() : await appWay();
      const [a, r] = i % 2 === 0 ? [first, second] : [second, first];
      app.push(a.ms);
      raw.push(r.ms);
      ratios.push(a.ms / r.ms);
      bytes = a.value.length;
      env.log(`  pair ${i + 1}: app ${Math.round(a.ms)} ms, raw pdfmake ${Math.round(r.ms)} ms (${round(a.ms / r.ms, 3)}×), ${round(bytes / 1024 ** 2, 2)} MB`);
    }
    const value = median(app);
    const baseline = median(raw);
    const ratio = median(ratios);
    const mb = bytes / 1024 ** 2;
    return {
      measures: [
        { name: `${entries.length} archive cards in one PDF (median of paired ratios)`, value, unit: 'ms', baseline, ratio, goal: '≤ 1.2×', met: ratio <= 1.2, samples: app, baselineSamples: raw },
        { name: 'archive cards PDF size', value: mb, unit: 'MB', goal: '≤ 3 MB', met: mb <= 3 },
      ],
      notes: ['基线 = 同样的页面（事先读好的数据）直接交给 pdfmake 排版'],
    };
  },
};
