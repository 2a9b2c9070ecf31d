// The offline grid map (issue 11): boundaries of villages and grids, household and key-group points,
// boundary import (GeoJSON, KML, zipped Shapefile) with a dry run, the geometry checks and the export.
import { z } from 'zod';
import { channel, read, write } from './define';
import { exportResult, id, inputPath, outputPath } from './common';

/** Longitude/latitude in WGS-84 / CGCS2000 (as 天地图 uses). */
export const lon = z.number({ error: '请填写经度' }).finite().min(-180, '经度应在 -180 至 180 之间').max(180, '经度应在 -180 至 180 之间');
export const lat = z.number({ error: '请填写纬度' }).finite().min(-90, '纬度应在 -90 至 90 之间').max(90, '纬度应在 -90 至 90 之间');

/** Bounds on one boundary: generous for a surveyed village outline, small enough to keep a reply sane. */
export const MAX_RING_POINTS = 50_000;
export const MAX_RINGS = 500;

const position = z.tuple([lon, lat]);
const ring = z
  .array(position)
  .min(4, '多边形的每一圈至少要有 4 个点（首尾相同）')
  .max(MAX_RING_POINTS, `多边形的一圈不超过 ${MAX_RING_POINTS} 个点`);
const polygonRings = z.array(ring).min(1, '多边形没有坐标').max(MAX_RINGS, `多边形不超过 ${MAX_RINGS} 圈`);

export const polygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: polygonRings });
export const multiPolygonGeometry = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(polygonRings).min(1, '多边形没有坐标').max(MAX_RINGS, `多边形不超过 ${MAX_RINGS} 块`),
});
/** A boundary as stored: a GeoJSON Polygon or MultiPolygon. */
export const boundaryGeometry = z.union([polygonGeometry, multiPolygonGeometry], { error: '边界应为多边形（面）' });
export type BoundaryGeometry = z.infer<typeof boundaryGeometry>;

/** What the themes colour by, per village and per grid. */
export const mapFigures = z.object({
  households: z.number(),
  residents: z.number(),
  /** Key-group persons (安置帮教 in 帮教期, 严重精神障碍患者 in care, 低保户 members) counted once each. */
  keyGroup: z.number(),
  /** Key-group persons per 1,000 residents (0 with no residents). */
  keyGroupPer1000: z.number(),
  /** Due items of the 今日待办 list that are overdue. */
  overdue: z.number(),
  /** 1+3 roles still missing (for a village: summed over its grids). */
  staffingGap: z.number(),
});
export type MapFigures = z.infer<typeof mapFigures>;
export const MAP_THEMES = ['households', 'residents', 'keyGroupPer1000', 'overdue', 'staffingGap'] as const;
export type MapTheme = (typeof MAP_THEMES)[number];
export const mapThemeLabels: Record<MapTheme, string> = {
  households: '户数',
  residents: '人数',
  keyGroupPer1000: '重点人员（每千人）',
  overdue: '逾期事项',
  staffingGap: '1+3 缺配',
};

export const mapVillage = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  geometry: boundaryGeometry.nullable(),
  figures: mapFigures,
});
export const mapGrid = z.object({
  id: z.number(),
  villageId: z.number(),
  code: z.string(),
  name: z.string(),
  geometry: boundaryGeometry.nullable(),
  figures: mapFigures,
});
export type MapVillage = z.infer<typeof mapVillage>;
export type MapGrid = z.infer<typeof mapGrid>;
export const mapLayers = z.object({ villages: z.array(mapVillage), grids: z.array(mapGrid) });
export type MapLayers = z.infer<typeof mapLayers>;

export const keyGroupKind = z.enum(['released', 'patient', 'lowIncome'], { error: '人员类别应为 安置帮教、严重精神障碍患者 或 低保户' });
export type KeyGroupKind = z.infer<typeof keyGroupKind>;

/** A key-group person on the map, at their household's point. */
export const keyGroupPoint = z.object({
  group: keyGroupKind,
  /** The ledger entry (released / patient / lowIncome id): the person's page in that ledger. */
  entryId: z.number(),
  residentId: z.number(),
  /** Masked for the map (张*三): a point is seen by whoever stands by the screen. */
  name: z.string(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
});
export type KeyGroupPoint = z.infer<typeof keyGroupPoint>;

export const householdPoint = z.object({
  householdId: z.number(),
  number: z.string(),
  address: z.string(),
  gridId: z.number().nullable(),
  residents: z.number(),
  lon: z.number(),
  lat: z.number(),
});
export type HouseholdPoint = z.infer<typeof householdPoint>;

export const matchBy = z.enum(['code', 'name'], { error: '匹配方式应为按代码或按名称' });
export const crsChoice = z.enum(['auto', 'wgs84', 'gcj02'], { error: '坐标系应为自动判断、WGS-84（天地图）或 GCJ-02（高德、腾讯）' });
export const importInput = z.object({
  path: inputPath,
  match: matchBy.default('code'),
  crs: crsChoice.default('auto'),
});

export const importMatch = z.object({
  /** 0-based index of the feature in the file. */
  index: z.number(),
  featureName: z.string(),
  featureCode: z.string(),
  kind: z.enum(['village', 'grid']),
  id: z.number(),
  code: z.string(),
  name: z.string(),
  /** It already has a boundary, which the import replaces. */
  replaces: z.boolean(),
});
export const importIssue = z.object({ index: z.number(), name: z.string(), reason: z.string() });
export const importPreview = z.object({
  format: z.enum(['geojson', 'kml', 'shp']),
  crsAssumed: z.enum(['wgs84', 'gcj02']),
  /** Why, in Chinese (the .prj said …, the points fall where GCJ-02 puts them …, chosen by the user). */
  crsReason: z.string(),
  features: z.number(),
  matches: z.array(importMatch),
  unmatched: z.array(importIssue),
  problems: z.array(importIssue),
});
export type ImportPreview = z.infer<typeof importPreview>;

export const boundaryKind = z.enum(['village', 'grid'], { error: '边界类型应为村（社区）或网格' });
const boundaryRefs = (i: { kind: 'village' | 'grid'; id: number }) => (i.kind === 'village' ? { village: [i.id] } : { grid: [i.id] });

export const mapWarning = z.object({
  kind: z.enum(['selfIntersection', 'outsideVillage', 'overlap', 'uncovered']),
  message: z.string(),
  villageId: z.number(),
  gridId: z.number().nullable(),
  /** overlap: the other grid. */
  otherGridId: z.number().nullable(),
  /** The part outside the village, the overlap, or the uncovered part (null when there is nothing to draw). */
  geometry: boundaryGeometry.nullable(),
  /** Area of that part in square metres. */
  areaM2: z.number().nullable(),
  /** uncovered: share of the village not covered by any grid, in %. */
  percent: z.number().nullable(),
});
export type MapWarning = z.infer<typeof mapWarning>;

/** A line drawn across a boundary to split it (longitude/latitude, in order). */
export const splitLine = z
  .array(position)
  .min(2, '分割线至少要有两个点')
  .max(2000, '分割线不超过 2000 个点');
export const MAX_SPLIT_PIECES = 50;
const splitInput = z.object({ kind: boundaryKind, id, line: splitLine });
export const splitPiece = z.object({
  /** 0-based, largest first: the same line gives the same numbering. */
  index: z.number(),
  geometry: boundaryGeometry,
  areaM2: z.number(),
});
export type SplitPiece = z.infer<typeof splitPiece>;
export const splitPreview = z.object({
  kind: boundaryKind,
  id: z.number(),
  name: z.string(),
  villageId: z.number(),
  pieces: z.array(splitPiece),
  /** The village's open grids, which pieces may be given to. */
  grids: z.array(z.object({ id: z.number(), name: z.string(), hasBoundary: z.boolean() })),
});
export type SplitPreview = z.infer<typeof splitPreview>;
/** Each piece's grid (by index), or null to give it to none. */
const splitAssign = z.array(id.nullable()).min(2, '分割后至少有两块').max(MAX_SPLIT_PIECES, `分割后不超过 ${MAX_SPLIT_PIECES} 块`);
const splitRefs = (i: { kind: 'village' | 'grid'; id: number; assign: (number | null)[] }) => {
  const grids = i.assign.filter((g): g is number => g !== null);
  return i.kind === 'village' ? { village: [i.id], grid: grids } : { grid: [i.id, ...grids] };
};

export const mapChannels = {
  'map.layers': channel(z.object({}).strict(), mapLayers, read('rows')),
  'map.points': channel(
    z.object({ groups: z.array(keyGroupKind).max(3).optional() }),
    z.object({ points: z.array(keyGroupPoint), withoutPoint: z.number() }),
    read('rows', { keyGroup: true, mask: 'list' }),
  ),
  'map.households': channel(z.object({ gridId: id.optional() }), z.object({ points: z.array(householdPoint), withoutPoint: z.number() }), read('rows')),
  /** Places a household on the map, or (point null) takes it off. */
  'household.setPoint': channel(
    z.object({ householdId: id, point: z.object({ lon, lat }).nullable() }),
    z.object({ householdId: z.number(), point: z.object({ lon: z.number(), lat: z.number() }).nullable() }),
    write({ refs: (i) => ({ household: [i.householdId] }) }),
  ),
  /** Dry run: what the file holds and what would be written; nothing is written. */
  /** A long job (a boundary file can be 50 MB): in the job worker, with progress and cancel. */
  'map.import.preview': channel(importInput, importPreview, read('town', { long: true })),
  /** Writes every matched boundary in one transaction of its own; problems refuse the whole import unless skipInvalid; a cancel leaves nothing. */
  'map.import.run': channel(importInput.extend({ skipInvalid: z.boolean().default(false) }), importPreview.extend({ written: z.number() }), write('town', { long: true })),
  'map.setBoundary': channel(
    z.object({ kind: boundaryKind, id, geometry: boundaryGeometry }),
    z.object({ kind: boundaryKind, id: z.number(), warnings: z.array(mapWarning) }),
    write({ refs: boundaryRefs }),
  ),
  /** Cuts a village's or a grid's boundary by a line: the pieces, nothing written. */
  'map.split.preview': channel(splitInput, splitPreview, read('rows')),
  /**
   * The same cut, each piece given to a grid of the village (a village: the grids' new boundaries; a grid: its
   * own pieces stay, the others join the neighbouring grids they are given to), in one transaction.
   */
  'map.split.save': channel(
    splitInput.extend({ assign: splitAssign }),
    z.object({ kind: boundaryKind, id: z.number(), written: z.array(z.object({ gridId: z.number(), name: z.string() })), warnings: z.array(mapWarning) }),
    write({ refs: splitRefs }),
  ),
  'map.clearBoundary': channel(z.object({ kind: boundaryKind, id }), z.object({ kind: boundaryKind, id: z.number(), cleared: z.boolean() }), write({ refs: boundaryRefs })),
  'map.check': channel(z.object({}).strict(), z.object({ warnings: z.array(mapWarning) }), read('rows')),
  /** A GeoJSON FeatureCollection of the caller's village and grid boundaries with their figures. */
  'map.export': channel(z.object({ path: outputPath }), exportResult, read('rows')),
};
