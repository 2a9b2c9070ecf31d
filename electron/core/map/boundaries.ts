// Boundaries drawn or edited on the map, and the checks between them (issue 11). Slivers below a tolerance
// are not reported: boundaries digitised separately never meet to the centimetre.
import { and, eq, isNull } from 'drizzle-orm';
import type { ChannelOutput, ChannelParsed } from '../../../shared/contract';
import { MAX_SPLIT_PIECES, type BoundaryGeometry, type MapWarning } from '../../../shared/contract/map';
import type { ServiceContext } from '../context';
import { grid, gridBoundary, village, villageBoundary } from '../db/schema';
import { inWrite } from '../db/write';
import { notFound, validationError } from '../errors';
import { areaOf, cleanGeometry, minus, overlap, selfIntersection, unionOf } from './geo';
import { loadBoundaries } from './service';
import { splitByLine } from './split';

/** Parts smaller than this (m²) or this share of the grid are digitising noise. */
const MIN_AREA_M2 = 10;
const MIN_SHARE = 0.001;
/** A village less covered than this (%) is reported. */
const MIN_UNCOVERED_PERCENT = 0.5;

const m2 = (a: number) => (a >= 10_000 ? `${(a / 10_000).toFixed(2)} 公顷` : `${Math.round(a)} 平方米`);
const round1 = (v: number) => Math.round(v * 10) / 10;

interface Owner {
  kind: 'village' | 'grid';
  id: number;
  name: string;
}

function ownerOf(ctx: ServiceContext, kind: 'village' | 'grid', id: number): Owner {
  const db = ctx.ledger.db;
  if (kind === 'village') {
    const v = db.select({ id: village.id, name: village.name }).from(village).where(eq(village.id, id)).get();
    if (!v) throw notFound(`找不到编号为 ${id} 的村/社区`);
    return { kind, id, name: v.name };
  }
  const g = db.select({ id: grid.id, name: grid.name, closedOn: grid.closedOn }).from(grid).where(eq(grid.id, id)).get();
  if (!g) throw notFound(`找不到编号为 ${id} 的网格`);
  if (g.closedOn) throw validationError(`网格「${g.name}」已于 ${g.closedOn} 撤销，不能再设置边界`);
  return { kind, id, name: g.name };
}

/** Stores one boundary (replacing any), as the caller's write transaction. */
export function storeBoundary(ctx: ServiceContext, kind: 'village' | 'grid', id: number, geometry: BoundaryGeometry, source: string) {
  const db = ctx.ledger.db;
  const t = new Date().toISOString();
  const text = JSON.stringify(geometry);
  if (kind === 'village') {
    db.insert(villageBoundary).values({ villageId: id, geometry: text, source, createdAt: t, updatedAt: t })
      .onConflictDoUpdate({ target: villageBoundary.villageId, set: { geometry: text, source, updatedAt: t } }).run();
  } else {
    db.insert(gridBoundary).values({ gridId: id, geometry: text, source, createdAt: t, updatedAt: t })
      .onConflictDoUpdate({ target: gridBoundary.gridId, set: { geometry: text, source, updatedAt: t } }).run();
  }
}

export function setBoundary(ctx: ServiceContext, input: ChannelParsed<'map.setBoundary'>): ChannelOutput<'map.setBoundary'> {
  return inWrite(ctx, () => {
    const owner = ownerOf(ctx, input.kind, input.id);
    const cleaned = cleanGeometry(input.geometry);
    if (!cleaned.ok) throw validationError(`「${owner.name}」的边界：${cleaned.reason}`, [{ field: '边界', path: ['geometry'], message: cleaned.reason }]);
    storeBoundary(ctx, input.kind, input.id, cleaned.geometry, '绘制');
    const villageId = input.kind === 'village' ? input.id : ctx.ledger.db.select({ v: grid.villageId }).from(grid).where(eq(grid.id, input.id)).get()!.v;
    // The warnings that concern what was just drawn.
    const warnings = checkBoundaries(ctx).warnings.filter((w) =>
      input.kind === 'village' ? w.villageId === villageId && (w.kind === 'uncovered' || w.kind === 'outsideVillage') : w.gridId === input.id || w.otherGridId === input.id,
    );
    return { kind: input.kind, id: input.id, warnings };
  });
}

export function clearBoundary(ctx: ServiceContext, input: ChannelParsed<'map.clearBoundary'>): ChannelOutput<'map.clearBoundary'> {
  return inWrite(ctx, () => {
    ownerOf(ctx, input.kind, input.id);
    const db = ctx.ledger.db;
    const r =
      input.kind === 'village'
        ? db.delete(villageBoundary).where(eq(villageBoundary.villageId, input.id)).run()
        : db.delete(gridBoundary).where(eq(gridBoundary.gridId, input.id)).run();
    return { kind: input.kind, id: input.id, cleared: r.changes > 0 };
  });
}

const warning = (w: Partial<MapWarning> & Pick<MapWarning, 'kind' | 'message' | 'villageId'>): MapWarning => ({
  gridId: null, otherGridId: null, geometry: null, areaM2: null, percent: null, ...w,
});

/** Every warning over the caller's boundaries: self-intersections, grids outside their village, overlaps, uncovered villages. */
export function checkBoundaries(ctx: ServiceContext): ChannelOutput<'map.check'> {
  const db = ctx.ledger.db;
  const bounds = loadBoundaries(ctx);
  const villages = db.select({ id: village.id, name: village.name }).from(village).orderBy(village.code).all();
  const grids = db.select({ id: grid.id, name: grid.name, villageId: grid.villageId }).from(grid).where(and(isNull(grid.closedOn))).orderBy(grid.code).all();
  const warnings: MapWarning[] = [];
  for (const v of villages) {
    const vGeom = bounds.villages.get(v.id) ?? null;
    if (vGeom) {
      const p = selfIntersection(vGeom);
      if (p) warnings.push(warning({ kind: 'selfIntersection', villageId: v.id, message: `${v.name}的边界自相交（约在 经度 ${p[0].toFixed(6)}、纬度 ${p[1].toFixed(6)} 处）` }));
    }
    const mine = grids.filter((g) => g.villageId === v.id).flatMap((g) => {
      const geometry = bounds.grids.get(g.id);
      return geometry ? [{ ...g, geometry, area: areaOf(geometry) }] : [];
    });
    for (const g of mine) {
      const p = selfIntersection(g.geometry);
      if (p) warnings.push(warning({ kind: 'selfIntersection', villageId: v.id, gridId: g.id, message: `${v.name}${g.name}的边界自相交（约在 经度 ${p[0].toFixed(6)}、纬度 ${p[1].toFixed(6)} 处）` }));
      if (vGeom) {
        const outside = minus(g.geometry, vGeom);
        const a = areaOf(outside);
        if (outside && a > MIN_AREA_M2 && a > g.area * MIN_SHARE) {
          warnings.push(warning({
            kind: 'outsideVillage', villageId: v.id, gridId: g.id, geometry: outside, areaM2: Math.round(a), percent: round1((a / g.area) * 100),
            message: `${v.name}${g.name}有 ${m2(a)}（${round1((a / g.area) * 100)}%）在${v.name}的边界之外`,
          }));
        }
      }
    }
    for (let i = 0; i < mine.length; i++) {
      for (let j = i + 1; j < mine.length; j++) {
        const a = mine[i]!;
        const b = mine[j]!;
        const both = overlap(a.geometry, b.geometry);
        const size = areaOf(both);
        if (both && size > MIN_AREA_M2 && size > Math.min(a.area, b.area) * MIN_SHARE) {
          warnings.push(warning({
            kind: 'overlap', villageId: v.id, gridId: a.id, otherGridId: b.id, geometry: both, areaM2: Math.round(size),
            message: `${v.name}${a.name}与${b.name}重叠 ${m2(size)}`,
          }));
        }
      }
    }
    if (vGeom) {
      const vArea = areaOf(vGeom);
      const uncovered = mine.length ? minus(vGeom, unionOf(mine.map((g) => g.geometry)) ?? mine.map((g) => g.geometry)) : vGeom;
      const a = areaOf(uncovered);
      const percent = vArea > 0 ? round1((a / vArea) * 100) : 0;
      if (percent >= MIN_UNCOVERED_PERCENT && a > MIN_AREA_M2) {
        warnings.push(warning({
          kind: 'uncovered', villageId: v.id, geometry: uncovered, areaM2: Math.round(a), percent,
          message: mine.length ? `${v.name}有 ${percent}%（${m2(a)}）不属于任何网格` : `${v.name}的网格都还没有边界（${percent}% 未覆盖）`,
        }));
      }
    }
  }
  return { warnings };
}

// ───── Splitting a boundary by a drawn line ─────

interface SplitContext {
  owner: Owner;
  villageId: number;
  grids: { id: number; name: string }[];
  pieces: { geometry: BoundaryGeometry; areaM2: number }[];
  bounds: ReturnType<typeof loadBoundaries>;
}

function cutBoundary(ctx: ServiceContext, input: { kind: 'village' | 'grid'; id: number; line: [number, number][] }): SplitContext {
  const owner = ownerOf(ctx, input.kind, input.id);
  const db = ctx.ledger.db;
  const villageId = input.kind === 'village' ? input.id : db.select({ v: grid.villageId }).from(grid).where(eq(grid.id, input.id)).get()!.v;
  const bounds = loadBoundaries(ctx);
  const geometry = (input.kind === 'village' ? bounds.villages : bounds.grids).get(input.id);
  if (!geometry) throw validationError(`「${owner.name}」还没有边界：请先导入或画出它的边界，再划线分割`);
  const cut = splitByLine(geometry, input.line, owner.name);
  if (!cut.ok) throw validationError(cut.reason, [{ field: '分割线', path: ['line'], message: cut.reason }]);
  if (cut.pieces.length > MAX_SPLIT_PIECES) throw validationError(`分割线把「${owner.name}」分成了 ${cut.pieces.length} 块，超过 ${MAX_SPLIT_PIECES} 块：请画一条简单些的线`);
  const grids = db.select({ id: grid.id, name: grid.name }).from(grid).where(and(eq(grid.villageId, villageId), isNull(grid.closedOn))).orderBy(grid.code).all();
  return { owner, villageId, grids, pieces: cut.pieces, bounds };
}

export function previewSplit(ctx: ServiceContext, input: ChannelParsed<'map.split.preview'>): ChannelOutput<'map.split.preview'> {
  const s = cutBoundary(ctx, input);
  return {
    kind: input.kind,
    id: input.id,
    name: s.owner.name,
    villageId: s.villageId,
    pieces: s.pieces.map((p, index) => ({ index, ...p })),
    grids: s.grids.map((g) => ({ ...g, hasBoundary: s.bounds.grids.has(g.id) })),
  };
}

export function saveSplit(ctx: ServiceContext, input: ChannelParsed<'map.split.save'>): ChannelOutput<'map.split.save'> {
  return inWrite(ctx, () => {
    const s = cutBoundary(ctx, input);
    if (input.assign.length !== s.pieces.length) {
      throw validationError(`这条线把「${s.owner.name}」分成 ${s.pieces.length} 块，但给出了 ${input.assign.length} 块的归属：请重新预览后再保存`, [{ field: '归属', path: ['assign'], message: '块数不符' }]);
    }
    const names = new Map(s.grids.map((g) => [g.id, g.name]));
    const given = new Map<number, BoundaryGeometry[]>();
    input.assign.forEach((gridId, i) => {
      if (gridId === null) return;
      if (!names.has(gridId)) {
        throw validationError(`第 ${i + 1} 块：编号为 ${gridId} 的网格不是「${s.owner.kind === 'village' ? s.owner.name : '本村（社区）'}」的在用网格，不能分给它`, [{ field: `第 ${i + 1} 块`, path: ['assign', i], message: '网格不属于本村（社区）' }]);
      }
      given.set(gridId, [...(given.get(gridId) ?? []), s.pieces[i]!.geometry]);
    });
    if (given.size === 0) throw validationError(`还没有把任何一块分给网格：请为「${s.owner.name}」分出的每一块选择网格`, [{ field: '归属', path: ['assign'], message: '未分配' }]);
    if (input.kind === 'grid' && !given.has(input.id)) {
      throw validationError(`至少要留一块给「${s.owner.name}」本身：其余的块可以分给相邻网格`, [{ field: '归属', path: ['assign'], message: '没有保留给本网格的块' }]);
    }
    const written: { gridId: number; name: string }[] = [];
    for (const [gridId, parts] of given) {
      // Splitting a grid: a piece given to a neighbour joins what the neighbour has.
      const existing = input.kind === 'grid' && gridId !== input.id ? s.bounds.grids.get(gridId) : undefined;
      const merged = unionOf(existing ? [existing, ...parts] : parts);
      const cleaned = merged ? cleanGeometry(merged) : ({ ok: false, reason: '合并后的边界为空' } as const);
      const name = names.get(gridId)!;
      if (!cleaned.ok) throw validationError(`「${name}」分到的边界：${cleaned.reason}`);
      storeBoundary(ctx, 'grid', gridId, cleaned.geometry, `划线分割：${s.owner.name}`);
      written.push({ gridId, name });
    }
    const touched = new Set(written.map((w) => w.gridId));
    const warnings = checkBoundaries(ctx).warnings.filter(
      (w) => w.villageId === s.villageId && (w.gridId === null ? w.kind === 'uncovered' : touched.has(w.gridId) || (w.otherGridId !== null && touched.has(w.otherGridId))),
    );
    return { kind: input.kind, id: input.id, written, warnings };
  });
}
