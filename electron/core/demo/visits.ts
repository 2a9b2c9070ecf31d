// The demo town's year of grid workers' visits (issue 12), written through the visit service (insertVisit: the same
// checks as 登记走访). 重点户 are mostly visited every month and 普通户 mostly once a quarter, with gaps, so 今日待办, a
// worker's page and T6 have something to show.
//
// Decisions:
// - About one visit per two residents a year (50,000 for the 100,000-resident bench town): 重点户 are visited in
//   85% of their months (less when they would take over 60% of that budget); 普通户 share what is left by quarter
//   (5–90% of their quarters).
// - The visitor is one of the grid's workers (网格长, 专职/兼职网格员); a household in no grid or a grid without
//   workers is not visited. The day is random within the period and never after today.
import { recordMethodTable } from '../../../shared/codes/ledger';
import { addDays, addMonths, daysBetween } from '../../../shared/rules/dates';
import { cycleMonths, visitPeriod } from '../../../shared/rules/householdClass';
import type { ServiceContext } from '../context';
import { getRules } from '../rules/service';
import { gridRefs, householdInfos, workerFacts } from '../visits/facts';
import { insertVisit } from '../visits/service';
import { checkCancelled } from './people';
import type { Rng } from './random';

const FINDINGS = {
  key: ['家中情况稳定，按时服药', '了解近况，思想稳定', '反映生活困难，已告知救助政策', '家属陪同，情绪平稳', '已就业，收入稳定', '独居老人身体尚可，已提醒用电安全', '房屋漏雨，已报村委会'],
  general: ['家中正常', '无异常', '反映路灯不亮', '邻里关系和睦', '宣传反诈知识', '了解家庭成员变化', '反映垃圾清运不及时'],
};
const METHODS = recordMethodTable.entries.map((e) => e.code);

export function generateDemoVisits(ctx: ServiceContext, rng: Rng, residents: number): number {
  const today = ctx.today();
  const rules = getRules(ctx);
  const workersByGrid = new Map<number, number[]>();
  for (const w of workerFacts(ctx)) {
    if (!['01', '02', '03'].includes(w.role) || (w.endDate !== null && w.endDate < today)) continue;
    for (const g of w.gridIds) workersByGrid.set(g, [...(workersByGrid.get(g) ?? []), w.id]);
  }
  const open = new Set(gridRefs(ctx).filter((g) => g.closedOn === null).map((g) => g.id));
  const households = householdInfos(ctx, today, undefined, false).filter((h) => h.gridId !== null && open.has(h.gridId) && workersByGrid.has(h.gridId));
  const keyMonths = cycleMonths('重点户', rules);
  const generalMonths = cycleMonths('普通户', rules);
  const periods = (months: number) => Math.round(12 / months);
  const key = households.filter((h) => h.cls === '重点户');
  const budget = Math.round(residents / 2);
  // 重点户 take at most 60% of the budget (85% of their months when they are few).
  const keyOdds = key.length ? Math.min(0.85, (budget * 0.6) / (key.length * periods(keyMonths))) : 0;
  const keyVisits = key.length * periods(keyMonths) * keyOdds;
  const generalCount = households.length - key.length;
  const generalOdds = generalCount ? Math.max(0.05, Math.min(0.9, (budget - keyVisits) / (generalCount * periods(generalMonths)))) : 0;
  // The periods of the last year, newest first: the current one, then back.
  const periodStarts = (months: number) => Array.from({ length: periods(months) }, (_, i) => visitPeriod(addMonths(visitPeriod(today, months).from, -i * months), months));
  const keyPeriods = periodStarts(keyMonths);
  const generalPeriods = periodStarts(generalMonths);
  let written = 0;
  for (const h of households) {
    if (written % 2000 === 0) {
      ctx.progress?.(written, budget, '生成走访记录');
      checkCancelled(ctx);
    }
    const isKey = h.cls === '重点户';
    const odds = isKey ? keyOdds : generalOdds;
    const workers = workersByGrid.get(h.gridId!)!;
    for (const p of isKey ? keyPeriods : generalPeriods) {
      if (!rng.chance(odds)) continue;
      const last = p.to < today ? p.to : today;
      if (last < p.from) continue;
      const date = addDays(p.from, rng.int(0, daysBetween(p.from, last)));
      insertVisit(ctx, {
        householdId: h.id, residentId: null, date, staffId: rng.pick(workers),
        method: rng.chance(0.7) ? '家访' : rng.pick(METHODS),
        content: rng.pick(isKey ? FINDINGS.key : FINDINGS.general),
      });
      written++;
    }
  }
  ctx.progress?.(budget, budget, '生成走访记录');
  return written;
}
