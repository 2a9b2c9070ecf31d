// The demo town's event desk: a year of events and disputes (about one per fifteen residents), each reported in a grid
// by its 网格员 or by a caller, with parties from the grid, and moved along the flow through the same service writes
// staff use (insertEvent, applyStep), so every state and deadline the demo shows is one the machine allows. Most steps
// are taken in time, some late, a few sent back or supervised; the last weeks' events are still open.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import type { EventStep } from '../../../shared/contract/events';
import { addDays } from '../../../shared/rules/dates';
import type { ServiceContext } from '../context';
import { grid, resident, staff, staffGrid } from '../db/schema';
import { allCategories, applyStep, insertEvent, voidEvent } from '../events/service';
import type { Rng } from './random';

const TITLES: Record<string, readonly string[]> = {
  D01: ['夫妻因家务琐事发生争吵', '赡养老人费用分担争议', '离婚后子女抚养问题纠纷'],
  D02: ['宅前排水沟堵塞引发邻里争执', '邻居装修噪音扰民', '楼上漏水影响楼下住户', '树木遮挡采光引发矛盾'],
  D03: ['宅基地边界争议', '建房占用公共通道', '房屋出租押金纠纷'],
  D04: ['承包地边界不清发生争执', '山林承包期满续包争议'],
  D05: ['拆迁补偿标准存在异议', '征地青苗补偿纠纷'],
  D06: ['工地拖欠农民工工资', '务工受伤赔偿争议'],
  D07: ['诊疗费用争议', '医疗效果不满引发纠纷'],
  D08: ['物业费收缴争议', '小区停车位管理纠纷'],
  D09: ['网购商品质量纠纷', '预付卡退费争议'],
  D10: ['电动车与行人碰撞赔偿纠纷', '车辆剐蹭赔偿争议'],
  D11: ['养殖场异味影响周边群众', '小作坊排放污水'],
  D99: ['集体收益分配争议', '其他矛盾纠纷'],
  E01: ['道路井盖缺失存在安全隐患', '老旧电线私拉乱接', '河道护栏损坏'],
  E02: ['夜间有人聚集滋扰', '发现可疑人员出没'],
  E03: ['垃圾堆放未及时清运', '河道漂浮物较多'],
  E04: ['路灯损坏影响夜间出行', '低保政策咨询', '自来水压力不足'],
  E99: ['其他事件'],
};

const CATEGORY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['D02', 25], ['D01', 15], ['D03', 12], ['D04', 8], ['D06', 8], ['D08', 6], ['D09', 5], ['D10', 5], ['D05', 4], ['D11', 4], ['D07', 3], ['D99', 5],
  ['E01', 12], ['E03', 8], ['E04', 8], ['E02', 4], ['E99', 2],
];
const SOURCES: readonly (readonly [string, number])[] = [['01', 55], ['02', 15], ['03', 10], ['04', 10], ['05', 5], ['99', 5]];
const LINES = ['综治工作平台', '市场监管平台', '综合执法平台', '便民服务平台'] as const;

export function generateDemoEvents(ctx: ServiceContext, rng: Rng, residents: number): number {
  const db = ctx.ledger.db;
  const today = ctx.today();
  const categories = allCategories(ctx);
  const grids = db.select({ id: grid.id, villageId: grid.villageId, name: grid.name }).from(grid).where(isNull(grid.closedOn)).orderBy(asc(grid.id)).all();
  if (!grids.length) return 0;
  const staffOf = new Map<number, { id: number; name: string }[]>();
  for (const s of db.select({ gridId: staffGrid.gridId, id: staff.id, name: staff.name }).from(staffGrid).innerJoin(staff, eq(staff.id, staffGrid.staffId)).orderBy(asc(staff.id)).all()) {
    staffOf.set(s.gridId, [...(staffOf.get(s.gridId) ?? []), { id: s.id, name: s.name }]);
  }
  const peopleOf = new Map<number, number[]>();
  for (const r of db.select({ id: resident.id, gridId: resident.gridId }).from(resident).where(and(eq(resident.status, '在册'))).orderBy(asc(resident.id)).all()) {
    if (r.gridId === null) continue;
    const list = peopleOf.get(r.gridId);
    if (list) list.push(r.id);
    else peopleOf.set(r.gridId, [r.id]);
  }
  // About one a year per fifteen residents (200 in the default town of 3,000), at most 5,000.
  const total = Math.min(5000, Math.max(1, Math.round(residents / 15)));
  let made = 0;
  for (let n = 0; n < total; n++) {
    if (n % 50 === 0) ctx.progress?.(n, total, '生成事件');
    const g = rng.pick(grids);
    const category = rng.weighted(CATEGORY_WEIGHTS);
    const source = rng.weighted(SOURCES);
    const workers = staffOf.get(g.id) ?? [];
    const worker = workers.length ? rng.pick(workers) : null;
    const people = peopleOf.get(g.id) ?? [];
    const dispute = category.startsWith('D');
    const partyCount = dispute ? rng.int(1, 2) : rng.chance(0.4) ? 1 : 0;
    const parties = Array.from({ length: Math.min(partyCount, people.length) }, (_, i) => ({ residentId: rng.pick(people), name: '', phone: '', role: i === 0 ? '当事人' : '对方当事人' }));
    const unique = parties.filter((p, i) => parties.findIndex((q) => q.residentId === p.residentId) === i);
    const reportedOn = addDays(today, -rng.int(0, 364));
    const input: ChannelParsed<'event.create'> = {
      source,
      category,
      villageId: g.villageId,
      gridId: g.id,
      place: `${g.name}辖区`,
      title: rng.pick(TITLES[category] ?? ['其他事件']),
      description: '',
      involved: dispute ? rng.int(2, 6) : rng.int(1, 3),
      reportedOn,
      reporterStaffId: source === '01' && worker ? worker.id : null,
      reporterName: source === '01' && worker ? worker.name : source === '04' ? '12345热线' : source === '05' ? '上级交办' : '来访群众',
      sourceRecordId: null,
      parties: unique,
      attachments: [],
      note: '',
      lon: null,
      lat: null,
    };
    const id = insertEvent(ctx, input, categories);
    made++;
    if (rng.chance(0.01)) {
      // Entered twice by mistake.
      voidEvent(ctx, { id, on: reportedOn, reason: '重复上报' });
      continue;
    }
    let on = reportedOn;
    // Some recent events are stuck at a step (the overdue ones the 今日待办 and the list show in red).
    const stallAfter = reportedOn >= addDays(today, -45) && rng.chance(0.25) ? rng.int(0, 3) : Infinity;
    let done = 0;
    const step = (s: EventStep, delay: number, extra: Partial<ChannelParsed<'event.step'>> = {}): boolean => {
      const next = addDays(on, delay);
      if (next > today || done++ >= stallAfter) return false;
      on = next;
      applyStep(ctx, { id, step: s, on, note: extra.note ?? '', ...extra });
      return true;
    };
    const late = rng.chance(0.12);
    if (!step('accept', late ? rng.int(3, 6) : rng.int(0, 2), { note: '已受理' })) continue;
    if (rng.chance(0.05)) {
      if (!step('dispatch', rng.int(0, 2), { assignee: rng.pick(LINES) })) continue;
      if (!step('return', rng.int(0, 1), { note: '不属本平台职责，请重新分流' })) continue;
    }
    if (late && rng.chance(0.5) && !step('supervise', 0, { note: '请加快办理' })) continue;
    const assignee = rng.chance(0.7) ? rng.pick(LINES) : `${g.name.replace(/网格.*$/, '')}村（社区）`;
    if (!step('dispatch', late ? rng.int(2, 5) : rng.int(0, 2), { assignee })) continue;
    if (!step('handle', rng.int(1, late ? 6 : 3), { note: dispute ? '经调解，双方达成一致' : '已现场处置' })) continue;
    if (!step('check', rng.int(0, 2), { note: '核查属实' })) continue;
    if (!step('close', rng.int(0, 1))) continue;
    if (rng.chance(0.85)) step('rate', rng.int(1, 5), { satisfaction: rng.weighted([['1', 70], ['2', 22], ['3', 8]]) });
  }
  ctx.progress?.(total, total, '生成事件');
  return made;
}
