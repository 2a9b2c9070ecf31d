// The boundary import as a long job (issue 11): map.import.preview and map.import.run go to the job worker
// through dispatch, report progress in their stages, and a cancel — in the worker while the features are
// checked, or on this thread while writing — leaves the boundaries exactly as they were.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobRunner, ServiceContext } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { createJobRunner } from '../../electron/core/jobs/runner';
import { fails, ok } from '../helpers/results';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';

const GRIDS = 20;
/** Features the town does not have, to give the checking stage some length (the limit is 5,000). */
const STRANGERS = 3000;

/** A many-sided polygon around a centre (so each feature has real checking to do). */
function ring(cx: number, cy: number, r = 0.002, sides = 40): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < sides; i++) pts.push([cx + r * Math.cos((2 * Math.PI * i) / sides), cy + r * Math.sin((2 * Math.PI * i) / sides)]);
  pts.push(pts[0]!);
  return pts;
}

let t: TempLedger;
let file: string;
let villageId: number;
let gridIds: number[];
const boundaries = () =>
  JSON.stringify([
    t.ctx.ledger.sqlite.prepare('select * from village_boundary order by village_id').all(),
    t.ctx.ledger.sqlite.prepare('select * from grid_boundary order by grid_id').all(),
  ]);

beforeEach(async () => {
  t = openTempLedger();
  await ok(call(t.ctx, 'town.setup', { name: '青石镇', code: '320121100000' }));
  const v = await ok(call(t.ctx, 'village.create', { code: '320121100201', name: '东村' }));
  villageId = v.id;
  const features: unknown[] = [{ type: 'Feature', properties: { code: v.code }, geometry: { type: 'Polygon', coordinates: [ring(118.95, 32.05, 0.06, 80)] } }];
  gridIds = [];
  for (let i = 0; i < GRIDS; i++) {
    const g = await ok(call(t.ctx, 'grid.create', { villageId: v.id, kind: '综合网格', name: `第${i + 1}网格` }));
    gridIds.push(g.id);
    features.push({ type: 'Feature', properties: { code: g.code }, geometry: { type: 'Polygon', coordinates: [ring(118.9 + (i % 5) * 0.01, 32.0 + Math.floor(i / 5) * 0.01)] } });
  }
  for (let i = 0; i < STRANGERS; i++) {
    features.push({ type: 'Feature', properties: { code: `32012199${String(i).padStart(7, '0')}`, name: `外镇${i}` }, geometry: { type: 'Polygon', coordinates: [ring(119 + (i % 60) * 0.01, 33 + Math.floor(i / 60) * 0.01)] } });
  }
  file = join(t.dir, '全镇边界.geojson');
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  // One boundary already there: a cancelled import must leave it as it was.
  await ok(call(t.ctx, 'map.setBoundary', { kind: 'grid', id: gridIds[0]!, geometry: { type: 'Polygon', coordinates: [ring(118.9, 32.0, 0.001, 8)] } }));
});
afterEach(() => t.close());

/** The job runner, noting which channels it was handed. */
function watchedRunner(): { runner: JobRunner; ran: string[] } {
  const inner = createJobRunner();
  const ran: string[] = [];
  return { ran, runner: { run: (ctx, channel, input) => (ran.push(channel), inner.run(ctx, channel, input)) } };
}

describe('map import as a long job', () => {
  it('runs the preview and the import in the worker, with progress in each stage', async () => {
    const { runner, ran } = watchedRunner();
    const events: { done: number; total: number; stage: string }[] = [];
    const ctx: ServiceContext = { ...t.ctx, jobs: runner, progress: (done, total, stage) => events.push({ done, total, stage }) };
    const before = boundaries();
    const preview = await ok(call(ctx, 'map.import.preview', { path: file }));
    expect(preview.matches).toHaveLength(GRIDS + 1);
    expect(preview.unmatched).toHaveLength(STRANGERS);
    expect(boundaries()).toBe(before);
    expect([...new Set(events.map((e) => e.stage))]).toEqual(['读取文件', '检查边界']);
    const checking = events.filter((e) => e.stage === '检查边界');
    expect(checking.length).toBeGreaterThan(100);
    expect(checking.every((e, i) => e.total === GRIDS + 1 + STRANGERS && (i === 0 || e.done >= checking[i - 1]!.done))).toBe(true);
    expect(checking.at(-1)!.done).toBe(GRIDS + 1 + STRANGERS);

    events.length = 0;
    const r = await ok(call(ctx, 'map.import.run', { path: file }));
    expect(r.written).toBe(GRIDS + 1);
    expect([...new Set(events.map((e) => e.stage))]).toEqual(['操作前备份并校验', '读取文件', '检查边界', '写入数据库']); // the run backs up first (the preview does not)
    expect(events.filter((e) => e.stage === '写入数据库').at(-1)).toEqual({ done: GRIDS + 1, total: GRIDS + 1, stage: '写入数据库' });
    expect(ran).toEqual(['map.import.preview', 'map.import.run']);
    const layers = await ok(call(t.ctx, 'map.layers', {}));
    expect(layers.grids.filter((g) => g.geometry).map((g) => g.id).sort((a, b) => a - b)).toEqual([...gridIds].sort((a, b) => a - b));
    expect(layers.villages.find((v) => v.id === villageId)!.geometry?.type).toBe('Polygon');
    // The audit log has the import, as the resident import's.
    const entry = t.ctx.ledger.sqlite.prepare("select action, summary from audit_log where channel = 'map.import.run'").get() as { action: string; summary: string } | undefined;
    expect(entry).toMatchObject({ action: 'import', summary: expect.stringContaining('全镇边界.geojson') });
  });

  it('a cancel in the worker while the features are checked: CANCELLED, nothing written', async () => {
    const { runner, ran } = watchedRunner();
    const before = boundaries();
    for (const channel of ['map.import.run', 'map.import.preview'] as const) {
      const controller = new AbortController();
      const stages: string[] = [];
      const ctx: ServiceContext = {
        ...t.ctx,
        jobs: runner,
        signal: controller.signal,
        progress: (_d, _t, stage) => {
          stages.push(stage);
          if (stage === '检查边界') controller.abort();
        },
      };
      const e = await fails(call(ctx, channel, { path: file }));
      expect(e).toMatchObject({ code: 'CANCELLED', message: '已取消导入边界，数据库未改动' });
      expect(stages).not.toContain('写入数据库');
      expect(boundaries()).toBe(before);
    }
    expect(ran).toEqual(['map.import.run', 'map.import.preview']);
  });

  it('a cancel half-way through writing rolls back the boundaries already written', async () => {
    const before = boundaries();
    const controller = new AbortController();
    const written: number[] = [];
    const ctx: ServiceContext = {
      ...t.ctx,
      signal: controller.signal,
      progress: (done, _t, stage) => {
        if (stage !== '写入数据库') return;
        written.push(done);
        // Ten boundaries are in the transaction by now.
        if (done >= 10) controller.abort();
      },
    };
    const e = await fails(call(ctx, 'map.import.run', { path: file }));
    expect(e.code).toBe('CANCELLED');
    expect(written).toEqual([0, 10]);
    expect(boundaries()).toBe(before);
  });

  it('bad input: a missing file (through the worker), a file that is not GeoJSON, an unknown match; nothing written', async () => {
    const ctx: ServiceContext = { ...t.ctx, jobs: createJobRunner() };
    const before = boundaries();
    expect(await fails(call(ctx, 'map.import.run', { path: join(t.dir, '没有的文件.geojson') }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('找不到文件') });
    const junk = join(t.dir, '坏文件.geojson');
    writeFileSync(junk, '{"type": "FeatureCollection", "features": [');
    // Each worker loads the whole core: the rest on this thread, the same dispatch.
    expect((await fails(call(t.ctx, 'map.import.preview', { path: junk }))).code).toBe('VALIDATION');
    expect((await fails(call(t.ctx, 'map.import.run', { path: file, match: 'place' }))).code).toBe('VALIDATION');
    expect(boundaries()).toBe(before);
  });
});
