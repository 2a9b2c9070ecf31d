// Household points from the resident import (issue 11): optional 经度/纬度 columns set the household's point;
// half a pair, a value off the globe, text, or a point without a 户号 is a problem on its row and column.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { ok } from '../helpers/results';
import { makeId, seedGrids, writeXlsx } from '../helpers/xlsxFixtures';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';

let t: TempLedger;
beforeEach(() => {
  t = openTempLedger();
  seedGrids(t.ctx.ledger.sqlite);
});
afterEach(() => t.close());

const point = (number: string) => t.ctx.ledger.sqlite.prepare('select lon, lat from household where number = ?').get(number) as { lon: number | null; lat: number | null } | undefined;
const HEAD = ['公民身份号码', '姓名', '户号', '与户主关系', '网格编码', '经度', '纬度'];

describe('经度/纬度 in the resident import', () => {
  it('sets the point of new and existing households, and names every bad pair', async () => {
    const path = await writeXlsx(join(t.dir, 'people.xlsx'), [
      {
        name: '人口信息',
        textColumns: [1, 3, 5],
        rows: [
          HEAD,
          [makeId('19700101', 11), '王一', 'H001', '户主', '320121100201001', 118.9012, 32.0156],
          [makeId('19720101', 12), '李一', 'H001', '配偶', '320121100201001', null, null],
          [makeId('19800101', 13), '赵二', 'H002', '户主', '320121100201001', '118.95', ''],
          [makeId('19810101', 14), '钱三', 'H003', '户主', '320121100201001', 200, 32],
          [makeId('19820101', 15), '孙四', 'H004', '户主', '320121100201001', '东经118度', 32],
          [makeId('19830101', 16), '周五', '', '', '320121100201001', 118.9, 32],
        ],
      },
    ]);
    const dry = await ok(call(t.ctx, 'import.residents.preview', { path }));
    expect(dry.columns.filter((c) => c.field === '经度' || c.field === '纬度').map((c) => c.column)).toEqual(['F', 'G']);
    expect(dry.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [4, 'G（纬度）', '经度和纬度应同时填写（只填了一个）'],
      [5, 'F（经度）', '经度「200」应在 -180 至 180 之间'],
      [6, 'F（经度）', expect.stringMatching(/经度「东经118度」不是数字/)],
      [7, 'F（经度）', '填了经纬度但没有户号：位置属于一户，请填写户号'],
    ]);
    expect(point('H001')).toBeUndefined();
    await ok(call(t.ctx, 'import.residents.run', { path, skipInvalid: true }));
    expect(point('H001')).toEqual({ lon: 118.9012, lat: 32.0156 });

    // Again without the columns: the point stays; with a new one for H001: it moves.
    const again = await writeXlsx(join(t.dir, 'again.xlsx'), [{ name: '人口信息', textColumns: [1, 3, 5], rows: [HEAD.slice(0, 5), [makeId('19700101', 11), '王一', 'H001', '户主', '320121100201001']] }]);
    await ok(call(t.ctx, 'import.residents.run', { path: again }));
    expect(point('H001')).toEqual({ lon: 118.9012, lat: 32.0156 });
    const moved = await writeXlsx(join(t.dir, 'moved.xlsx'), [{ name: '人口信息', textColumns: [1, 3, 5], rows: [HEAD, [makeId('19700101', 11), '王一', 'H001', '户主', '320121100201001', '118.91', '32.02']] }]);
    await ok(call(t.ctx, 'import.residents.run', { path: moved }));
    expect(point('H001')).toEqual({ lon: 118.91, lat: 32.02 });
    // The map sees it.
    const pts = await ok(call(t.ctx, 'map.households', {}));
    expect(pts.points.map((p) => [p.number, p.lon, p.lat])).toEqual([['H001', 118.91, 32.02]]);
  });
});
