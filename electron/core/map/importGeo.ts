// Boundary import (issue 11) from GeoJSON, KML/KMZ (@tmcw/togeojson) or a zipped Shapefile (shpjs, its .prj
// read): each feature matched to a village or grid by code or by name, its geometry cleaned and validated
// (geo.ts), GCJ-02 converted when assumed. The preview writes nothing; the run writes every match in one
// immediate transaction of its own (a long write: dispatch opens none), or nothing when a feature is invalid and
// skipInvalid is not set. Both are long jobs run in the job worker: progress in the stages 读取文件, 检查边界 and
// 写入数据库, and a cancel between features throws CANCELLED (the transaction rolls back).
//
// Decisions:
// - 'auto' assumes WGS-84 / CGCS2000 (天地图, surveyed data; the two differ by centimetres) unless the file says
//   GCJ-02: a GeoJSON `crs` naming GCJ, a .prj naming GCJ, or a file name with gcj/高德/腾讯 in it. KML is WGS-84
//   by its specification. The reason is always stated, so staff can re-run with the other choice.
// - A feature whose geometry is bad is a problem even when it matches nothing (the file needs fixing either way);
//   two features for the same village or grid: the second is a problem.
// - Names: a grid-name property (with a village-name property, or a name "村名+网格名") finds the grid; a
//   plain name finds a village first, then a grid by its own name when that is unique in the town.
import { statSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { shortPath } from '../files/safeOutput';
import type * as Xmldom from '@xmldom/xmldom';
import type * as ToGeoJson from '@tmcw/togeojson';
import type * as Shpjs from 'shpjs';
import { lazyModule } from '../lazyModule';
import { isNull } from 'drizzle-orm';
import type { ChannelOutput, ChannelParsed } from '../../../shared/contract';
import type { BoundaryGeometry, ImportPreview } from '../../../shared/contract/map';
import type { ServiceContext } from '../context';
import { grid, gridBoundary, village, villageBoundary } from '../db/schema';
import { AppError, notFound, validationError } from '../errors';
import { cleanGeometry } from './geo';
import { storeBoundary } from './boundaries';
import { isZip, readZip } from './zip';

const xmldom = lazyModule<typeof Xmldom>('@xmldom/xmldom');
const toGeoJson = lazyModule<typeof ToGeoJson>('@tmcw/togeojson');
// shpjs's `require` build is its browser bundle (it reaches for `self`): in Node only its ES module works, which
// is imported (asynchronously) before a file is read; parseGeoFile then finds it loaded.
let shpjsModule: typeof Shpjs | undefined;
const loadShpjs = async () => {
  shpjsModule ??= await import('shpjs');
};
const shpjs = (): typeof Shpjs => {
  if (!shpjsModule) throw new Error('shpjs is not loaded: call loadShpjs() first');
  return shpjsModule;
};

export const MAX_FILE_BYTES = 50 * 1024 * 1024;
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
export const MAX_FEATURES = 5000;

interface RawFeature {
  geometry: unknown;
  properties: Record<string, unknown>;
}
interface Parsed {
  format: ImportPreview['format'];
  features: RawFeature[];
  /** What the file itself says about its coordinates. */
  crsHint: { crs: 'wgs84' | 'gcj02'; reason: string } | null;
}

const cancelled = () => new AppError('CANCELLED', '已取消导入边界，数据库未改动');
function checkCancel(ctx: ServiceContext) {
  if (ctx.signal?.aborted) throw cancelled();
}
/** Progress every few features: enough to move the bar, not a message per polygon. */
const PROGRESS_EVERY = 10;
/** In the job's worker, a cancel arrives as a message: the checking stage lets it in between features. */
const yieldToMessages = () => new Promise<void>((resolve) => setImmediate(resolve));

const tooMany = (n: number) => validationError(`文件中有 ${n} 个要素，超过 ${MAX_FEATURES} 个：请只导出村（社区）和网格的边界图层`);

function readInput(path: string): Buffer {
  let size: number;
  try {
    const s = statSync(path);
    if (!s.isFile()) throw validationError(`「${basename(path)}」不是文件`);
    size = s.size;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw notFound(`找不到文件「${shortPath(path)}」，请确认文件还在原来的位置，或重新选择`);
  }
  if (size === 0) throw validationError(`「${basename(path)}」是空文件`);
  if (size > MAX_FILE_BYTES) throw validationError(`「${basename(path)}」有 ${(size / 1024 / 1024).toFixed(1)} MB，超过 ${MAX_FILE_BYTES / 1024 / 1024} MB，不像是边界文件`);
  return readFileSync(path);
}

function featuresOf(json: unknown): RawFeature[] {
  const j = json as { type?: unknown; features?: unknown; geometry?: unknown; properties?: unknown };
  if (j && j.type === 'FeatureCollection' && Array.isArray(j.features)) {
    if (j.features.length > MAX_FEATURES) throw tooMany(j.features.length);
    return j.features.map((f) => {
      const x = (f ?? {}) as { geometry?: unknown; properties?: unknown };
      return { geometry: x.geometry ?? null, properties: x.properties && typeof x.properties === 'object' ? (x.properties as Record<string, unknown>) : {} };
    });
  }
  if (j && j.type === 'Feature') return [{ geometry: j.geometry ?? null, properties: (j.properties as Record<string, unknown>) ?? {} }];
  if (j && (j.type === 'Polygon' || j.type === 'MultiPolygon')) return [{ geometry: j, properties: {} }];
  throw validationError('文件是 JSON，但不是 GeoJSON（应为 FeatureCollection 或 Feature）');
}

function parseKml(text: string): RawFeature[] {
  const invalid = () => validationError('文件不是有效的 KML（XML 格式有误或缺少 kml 元素）');
  const errors: string[] = [];
  let doc;
  try {
    doc = new (xmldom().DOMParser)({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(text, 'text/xml');
  } catch {
    throw invalid();
  }
  if (errors.length || !doc.documentElement || doc.getElementsByTagName('kml').length === 0) throw invalid();
  let fc;
  try {
    fc = toGeoJson().kml(doc as unknown as Document);
  } catch {
    throw invalid();
  }
  if (fc.features.length > MAX_FEATURES) throw tooMany(fc.features.length);
  return fc.features.map((f) => ({ geometry: f.geometry, properties: (f.properties ?? {}) as Record<string, unknown> }));
}

function decodeDbfName(dbf: Buffer, cpg: string | undefined): string {
  if (cpg) return cpg;
  // No .cpg: UTF-8 when the records decode as UTF-8, else GBK (what Chinese GIS software writes by default).
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf);
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

function parseShapefileZip(buf: Buffer): Parsed {
  const entries = readZip(buf, MAX_UNZIPPED_BYTES);
  const kmlEntry = entries.find((e) => /\.kml$/i.test(e.name));
  const shp = entries.find((e) => /\.shp$/i.test(e.name) && !e.name.includes('__MACOSX'));
  if (!shp) {
    if (kmlEntry) return { format: 'kml', features: parseKml(kmlEntry.read().toString('utf8')), crsHint: { crs: 'wgs84', reason: 'KMZ 中的 KML 按规定使用 WGS-84 经纬度' } };
    throw validationError('压缩包中没有 .shp 文件：Shapefile 请把 .shp、.dbf、.prj（及 .cpg）一起打包成 zip');
  }
  const base = shp.name.slice(0, -4);
  const sibling = (ext: string) => entries.find((e) => e.name.toLowerCase() === `${base}.${ext}`.toLowerCase());
  const prjText = sibling('prj')?.read().toString('utf8').trim();
  const dbfEntry = sibling('dbf');
  const cpg = sibling('cpg')?.read().toString('utf8').trim();
  let geometries: unknown[];
  try {
    geometries = shpjs().parseShp(shp.read(), prjText) as unknown[];
  } catch {
    throw validationError(`「${basename(shp.name)}」不是有效的 Shapefile（.shp 已损坏或不完整）`);
  }
  if (geometries.length > MAX_FEATURES) throw tooMany(geometries.length);
  let records: Record<string, unknown>[] = [];
  if (dbfEntry) {
    const dbf = dbfEntry.read();
    try {
      records = shpjs().parseDbf(dbf, decodeDbfName(dbf, cpg)) as Record<string, unknown>[];
    } catch {
      throw validationError(`「${basename(dbfEntry.name)}」（属性表）已损坏，无法读取要素的名称和代码`);
    }
  }
  let crsHint: Parsed['crsHint'];
  if (!prjText) crsHint = { crs: 'wgs84', reason: '压缩包中没有 .prj，坐标按 WGS-84/CGCS2000 经纬度读取' };
  else {
    const name = /^\w+\["([^"]+)"/.exec(prjText)?.[1] ?? '未命名坐标系';
    crsHint = /gcj/i.test(prjText)
      ? { crs: 'gcj02', reason: `.prj 为「${name}」，注明 GCJ-02` }
      : { crs: 'wgs84', reason: `按 .prj（${name}）换算为 WGS-84/CGCS2000 经纬度` };
  }
  return { format: 'shp', features: geometries.map((g, i) => ({ geometry: g ?? null, properties: records[i] ?? {} })), crsHint };
}

export function parseGeoFile(path: string): Parsed {
  const buf = readInput(path);
  if (isZip(buf)) return parseShapefileZip(buf);
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const head = text.trimStart().slice(0, 200);
  if (head.startsWith('<')) {
    if (!/<kml[\s>]/i.test(text.slice(0, 4000))) throw validationError(`「${basename(path)}」是 XML，但不是 KML`);
    return { format: 'kml', features: parseKml(text), crsHint: { crs: 'wgs84', reason: 'KML 按规定使用 WGS-84 经纬度' } };
  }
  if (head.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw validationError(`「${basename(path)}」不是有效的 JSON（内容不完整或有误）`);
    }
    const crsName = String((json as { crs?: { properties?: { name?: unknown } } }).crs?.properties?.name ?? '');
    const crsHint: Parsed['crsHint'] = /gcj/i.test(crsName)
      ? { crs: 'gcj02', reason: `文件声明坐标系为「${crsName}」（GCJ-02）` }
      : /4326|4490|CRS84|WGS/i.test(crsName)
        ? { crs: 'wgs84', reason: `文件声明坐标系为「${crsName}」` }
        : null;
    return { format: 'geojson', features: featuresOf(json), crsHint };
  }
  throw validationError(`「${basename(path)}」不是边界文件：请选择 GeoJSON（.geojson/.json）、KML/KMZ 或 Shapefile 压缩包（.zip）`);
}

function decideCrs(path: string, parsed: Parsed, choice: 'auto' | 'wgs84' | 'gcj02'): { crs: 'wgs84' | 'gcj02'; reason: string } {
  if (choice === 'wgs84') return { crs: 'wgs84', reason: '按所选：WGS-84/CGCS2000（天地图）经纬度，不作换算' };
  if (choice === 'gcj02') return { crs: 'gcj02', reason: '按所选：GCJ-02（高德、腾讯等网络地图），已换算为 WGS-84' };
  if (parsed.crsHint?.crs === 'gcj02') return { crs: 'gcj02', reason: `${parsed.crsHint.reason}，已换算为 WGS-84` };
  if (/gcj|高德|腾讯|amap/i.test(basename(path))) return { crs: 'gcj02', reason: '文件名表明来自 GCJ-02 网络地图（高德、腾讯等），已换算为 WGS-84' };
  if (parsed.crsHint) return parsed.crsHint;
  return { crs: 'wgs84', reason: '文件未声明坐标系，按 WGS-84/CGCS2000（天地图）经纬度处理；如来自高德、腾讯等网络地图，请选择 GCJ-02 重新预检' };
}

// ───── Matching ─────

const CODE_KEYS = ['code', '编码', '代码', '网格编码', '网格代码', '村编码', '村代码', '村社区代码', 'gridcode', 'grid_code', 'bm', 'dm', 'qhdm'];
const GRID_NAME_KEYS = ['网格名称', '网格名', 'gridname', 'grid_name', 'wgmc'];
const VILLAGE_NAME_KEYS = ['村名', '村名称', '村社区', '村社区名称', '村（社区）', '所属村', '所属村社区', '所属村（社区）', 'village', 'village_name', 'cunming'];
const NAME_KEYS = ['name', '名称', 'mc', 'title'];

function prop(properties: Record<string, unknown>, keys: readonly string[]): string {
  const lower = new Map(Object.entries(properties).map(([k, v]) => [k.trim().toLowerCase(), v]));
  for (const k of keys) {
    const v = lower.get(k);
    if (v !== undefined && v !== null && String(v).trim() !== '') return String(v).trim();
  }
  return '';
}

const squash = (s: string) => s.replace(/[\s()（）\-_·]/g, '');

interface Target {
  kind: 'village' | 'grid';
  id: number;
  code: string;
  name: string;
  villageName: string;
}

type MatchResult = { ok: true; target: Target } | { ok: false; reason: string };

function loadTargets(ctx: ServiceContext) {
  const db = ctx.ledger.db;
  const villages = db.select({ id: village.id, code: village.code, name: village.name }).from(village).all();
  const vName = new Map(villages.map((v) => [v.id, v.name]));
  const grids = db.select({ id: grid.id, code: grid.code, name: grid.name, villageId: grid.villageId }).from(grid).where(isNull(grid.closedOn)).all();
  return {
    villages: villages.map((v): Target => ({ kind: 'village', id: v.id, code: v.code, name: v.name, villageName: v.name })),
    grids: grids.map((g): Target => ({ kind: 'grid', id: g.id, code: g.code, name: g.name, villageName: vName.get(g.villageId) ?? '' })),
    hasBoundary: {
      village: new Set(db.select({ id: villageBoundary.villageId }).from(villageBoundary).all().map((r) => r.id)),
      grid: new Set(db.select({ id: gridBoundary.gridId }).from(gridBoundary).all().map((r) => r.id)),
    },
  };
}

function matchFeature(t: ReturnType<typeof loadTargets>, properties: Record<string, unknown>, by: 'code' | 'name'): MatchResult {
  if (by === 'code') {
    const raw = prop(properties, CODE_KEYS);
    if (!raw) return { ok: false, reason: '没有代码属性（如 code、编码、网格编码），无法按代码匹配；可改为按名称匹配' };
    const code = raw.replace(/\.0+$/, '').replace(/\s/g, '');
    const hit = t.grids.find((g) => g.code === code) ?? t.villages.find((v) => v.code === code);
    return hit ? { ok: true, target: hit } : { ok: false, reason: `代码「${code.slice(0, 30)}」不是本镇任何村（社区）或未撤销网格的代码` };
  }
  const gridName = prop(properties, GRID_NAME_KEYS);
  const villageName = prop(properties, VILLAGE_NAME_KEYS);
  const name = prop(properties, NAME_KEYS);
  const inVillage = (list: Target[]) => (villageName ? list.filter((g) => squash(g.villageName) === squash(villageName)) : list);
  const pick = (list: Target[], label: string): MatchResult => {
    if (list.length === 1) return { ok: true, target: list[0]! };
    if (list.length === 0) return { ok: false, reason: `找不到名为「${label.slice(0, 30)}」的${villageName ? `${villageName.slice(0, 20)}的` : ''}网格或村（社区）` };
    return { ok: false, reason: `有 ${list.length} 个网格名为「${label.slice(0, 30)}」（${list.map((g) => g.villageName).slice(0, 4).join('、')}），请在属性中注明所属村（社区），或改按代码匹配` };
  };
  if (gridName) return pick(inVillage(t.grids.filter((g) => squash(g.name) === squash(gridName))), gridName);
  if (!name && villageName) {
    const v = t.villages.filter((x) => squash(x.name) === squash(villageName));
    return v.length === 1 ? { ok: true, target: v[0]! } : { ok: false, reason: `找不到名为「${villageName.slice(0, 30)}」的村（社区）` };
  }
  if (!name) return { ok: false, reason: '没有名称属性（如 name、名称、网格名称），无法按名称匹配；可改为按代码匹配' };
  const n = squash(name);
  if (!villageName) {
    const v = t.villages.filter((x) => squash(x.name) === n);
    if (v.length === 1) return { ok: true, target: v[0]! };
  }
  const byFull = t.grids.filter((g) => squash(g.villageName + g.name) === n);
  if (byFull.length === 1) return { ok: true, target: byFull[0]! };
  return pick(inVillage(t.grids.filter((g) => squash(g.name) === n)), name);
}

interface Analysis {
  preview: ChannelOutput<'map.import.preview'>;
  valid: { target: Target; geometry: BoundaryGeometry }[];
  source: string;
}

async function analyse(ctx: ServiceContext, input: ChannelParsed<'map.import.preview'>): Promise<Analysis> {
  checkCancel(ctx);
  ctx.progress?.(0, 1, '读取文件');
  await loadShpjs();
  const parsed = parseGeoFile(input.path);
  ctx.progress?.(1, 1, '读取文件');
  checkCancel(ctx);
  if (parsed.features.length === 0) throw validationError(`「${basename(input.path)}」中没有任何要素`);
  const crs = decideCrs(input.path, parsed, input.crs);
  const targets = loadTargets(ctx);
  const preview: ImportPreview = { format: parsed.format, crsAssumed: crs.crs, crsReason: crs.reason, features: parsed.features.length, matches: [], unmatched: [], problems: [] };
  const valid: Analysis['valid'] = [];
  const taken = new Map<string, number>();
  const total = parsed.features.length;
  for (const [index, f] of parsed.features.entries()) {
    if (index % PROGRESS_EVERY === 0) {
      ctx.progress?.(index, total, '检查边界');
      await yieldToMessages();
      checkCancel(ctx);
    }
    const featureName = (prop(f.properties, GRID_NAME_KEYS) || prop(f.properties, NAME_KEYS) || prop(f.properties, VILLAGE_NAME_KEYS) || `第 ${index + 1} 个要素`).slice(0, 60);
    const featureCode = prop(f.properties, CODE_KEYS).slice(0, 30);
    const cleaned = cleanGeometry(f.geometry, { gcj02: crs.crs === 'gcj02' });
    if (!cleaned.ok) {
      preview.problems.push({ index, name: featureName, reason: cleaned.reason });
      continue;
    }
    const m = matchFeature(targets, f.properties, input.match);
    if (!m.ok) {
      preview.unmatched.push({ index, name: featureName, reason: m.reason });
      continue;
    }
    const key = `${m.target.kind}:${m.target.id}`;
    const earlier = taken.get(key);
    if (earlier !== undefined) {
      preview.problems.push({ index, name: featureName, reason: `与第 ${earlier + 1} 个要素对应同一个${m.target.kind === 'grid' ? '网格' : '村（社区）'}「${m.target.name}」，只能导入一个` });
      continue;
    }
    taken.set(key, index);
    preview.matches.push({
      index, featureName, featureCode, kind: m.target.kind, id: m.target.id, code: m.target.code,
      name: m.target.kind === 'grid' ? `${m.target.villageName}${m.target.name}` : m.target.name,
      replaces: targets.hasBoundary[m.target.kind].has(m.target.id),
    });
    valid.push({ target: m.target, geometry: cleaned.geometry });
  }
  ctx.progress?.(total, total, '检查边界');
  checkCancel(ctx);
  const source = `导入：${basename(input.path)}（${crs.crs === 'gcj02' ? 'GCJ-02 已换算' : 'WGS-84/CGCS2000'}）`.slice(0, 200);
  return { preview, valid, source };
}

export async function previewImport(ctx: ServiceContext, input: ChannelParsed<'map.import.preview'>): Promise<ChannelOutput<'map.import.preview'>> {
  return (await analyse(ctx, input)).preview;
}

export async function importBoundaries(ctx: ServiceContext, input: ChannelParsed<'map.import.run'>): Promise<ChannelOutput<'map.import.run'>> {
  const { preview, valid, source } = await analyse(ctx, input);
  if (preview.problems.length && !input.skipInvalid) {
    const list = preview.problems.slice(0, 5).map((p) => `第 ${p.index + 1} 个要素「${p.name}」：${p.reason}`).join('；');
    throw validationError(
      `有 ${preview.problems.length} 个要素的边界有问题，未导入任何边界：${list}${preview.problems.length > 5 ? '……' : ''}。请修正文件，或选择跳过有问题的要素`,
      preview.problems.slice(0, 50).map((p) => ({ field: `第 ${p.index + 1} 个要素`, row: p.index + 1, message: p.reason })),
    );
  }
  if (valid.length === 0) throw validationError(`「${basename(input.path)}」中没有能对应到本镇村（社区）或网格的要素，未导入任何边界`);
  writeAll(ctx, () =>
    valid.forEach((v, i) => {
      if (i % PROGRESS_EVERY === 0) {
        ctx.progress?.(i, valid.length, '写入数据库');
        checkCancel(ctx);
      }
      storeBoundary(ctx, v.target.kind, v.target.id, v.geometry, source);
    }),
  );
  ctx.progress?.(valid.length, valid.length, '写入数据库');
  return { ...preview, written: valid.length };
}

/** The run's writes in one immediate transaction of its own: a cancel or any failure leaves the boundaries as they were. */
function writeAll(ctx: ServiceContext, fn: () => void) {
  try {
    ctx.ledger.sqlite.transaction(fn).immediate();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      throw new AppError('CONFLICT', '数据库正在被另一个程序（或本软件的另一个窗口、命令行）写入，边界没有导入，数据库未改动。请稍后再试。');
    }
    throw err;
  }
}
