// Boundaries drawn or edited on the map, and the checks between them (issue 11). Slivers below a tolerance
// are not reported: boundaries digitised separately never meet to the centimetre.
import { and, eq, isNull } from 'drizzle-orm';
import type { ChannelOutput, ChannelParsed } from '../../../shared/contract';
import type { BoundaryGeometry, MapWarning } from '../../../shared/contract/map';
import type { ServiceContext } from '../context';
import { grid, gridBoundary, village, villageBoundary } from '../db/schema';
import { inWrite } from '../db/write';
import { notFound, validationError } from '../errors';
import { areaOf, cleanGeometry, minus, overlap, selfIntersection, unionOf } from './geo';
import { loadBoundaries } from './service';

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
