// 实有人口台账 export: read back with exceljs.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { expectErr, expectOk, makeId, seedTown, type Town } from '../helpers/peopleFixtures';

let t: TempLedger;
let town: Town;
const HEAD = makeId('19800315', '011');
const WIFE = makeId('19820520', '022');
const MIGRANT = makeId('19950505', '062', '410102');
const GONE = makeId('19500101', '071');

beforeEach(async () => {
  t = openTempLedger({ today: '2026-11-23' });
  town = seedTown(t.ctx);
  const h = expectOk(await call(t.ctx, 'household.create', { gridId: town.grid1, tags: ['01', '04'], address: '东村1组5号' }));
  expectOk(await call(t.ctx, 'person.create', {
    idNumber: HEAD, name: '张三', householdId: h.id, relation: '户主', ethnicity: '01', education: '61', political: '13', marital: '20',
    phone: '13812345678', registeredAddress: '东村1组5号', currentAddress: '东村1组5号', occupation: '务农',
  }));
  expectOk(await call(t.ctx, 'person.create', { idNumber: WIFE, name: '李四', householdId: h.id, relation: '妻', ethnicity: '回族' }));
  expectOk(await call(t.ctx, 'person.create', {
    idNumber: MIGRANT, name: '陈流', gridId: town.grid3, residenceKind: '流动', inflowReason: '务工', certificateType: '居住证',
    inflowDate: '2024-03-01', dwellingType: '租赁房屋', keyConcern: true,
  }));
  const gone = expectOk(await call(t.ctx, 'person.create', { idNumber: GONE, name: '张老', gridId: town.grid1 }));
  expectOk(await call(t.ctx, 'person.leave', { id: gone.id, kind: '死亡', date: '2026-01-02', reason: '病故' }));
});
afterEach(() => t.close());

async function readBack(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet('实有人口')!;
  const header = (ws.getRow(3).values as unknown[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.Cell>[] = [];
  for (let r = 4; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1)])));
  }
  return { ws, header, rows };
}

describe('实有人口台账 export', () => {
  it('writes the base record with labels, full IDs as text, household head and tags', async () => {
    const path = join(t.dir, '实有人口.xlsx');
    const r = expectOk(await call(t.ctx, 'person.export', { path }));
    expect(r).toEqual({ path, rows: 3 });
    const { ws, header, rows } = await readBack(path);
    expect(ws.getCell('A1').value).toBe('城关镇实有人口台账');
    expect(String(ws.getCell('A2').value)).toContain('共 3 人');
    expect(header).toEqual(expect.arrayContaining([
      '公民身份号码', '姓名', '曾用名', '性别', '出生日期', '民族', '籍贯', '婚姻状况', '政治面貌', '学历', '宗教信仰', '职业', '联系电话',
      '户籍地址', '现住址', '户号', '户主姓名', '户主公民身份号码', '与户主关系', '人口类别', '流入原因', '办证类型', '证件号码', '登记日期',
      '证件到期日期', '住所类型', '重点关注', '户标签', '村（社区）', '网格',
    ]));
    expect(header).not.toContain('状态');
    // 台账 order: 东村 (household: head, then wife) before 西村
    expect(rows.map((x) => x['姓名']!.value)).toEqual(['张三', '李四', '陈流']);
    const head = rows[0]!;
    expect(head['公民身份号码']!.value).toBe(HEAD);
    expect(head['公民身份号码']!.type).toBe(ExcelJS.ValueType.String);
    expect(head['公民身份号码']!.numFmt).toBe('@');
    expect(head['联系电话']!.value).toBe('13812345678');
    expect(head['联系电话']!.numFmt).toBe('@');
    expect(Object.fromEntries(['性别', '民族', '学历', '政治面貌', '婚姻状况', '与户主关系', '人口类别', '户标签', '村（社区）', '网格', '年龄'].map((k) => [k, head[k]!.value]))).toEqual({
      性别: '男', 民族: '汉族', 学历: '普通高中毕业', 政治面貌: '群众', 婚姻状况: '已婚', 与户主关系: '户主', 人口类别: '户籍人口',
      户标签: '低保五保户、空巢老人户', '村（社区）': '东村', 网格: '东村一网格', 年龄: 46,
    });
    expect(head['户号']!.value).toBe('3201211002010010001');
    const wife = rows[1]!;
    expect(wife['户主姓名']!.value).toBe('张三');
    expect(wife['户主公民身份号码']!.value).toBe(HEAD);
    expect(wife['与户主关系']!.value).toBe('妻');
    expect(wife['民族']!.value).toBe('回族');
    const migrant = rows[2]!;
    expect(Object.fromEntries(['人口类别', '流入原因', '办证类型', '登记日期', '住所类型', '重点关注'].map((k) => [k, migrant[k]!.value]))).toEqual({
      人口类别: '流动人口', 流入原因: '务工', 办证类型: '居住证', 登记日期: '2024-03-01', 住所类型: '租赁房屋', 重点关注: '是',
    });
  });

  it('follows the list filters; 全部 adds the leaving columns', async () => {
    const path = join(t.dir, 'west.xlsx');
    expect(expectOk(await call(t.ctx, 'person.export', { path, villageId: town.westVillage })).rows).toBe(1);
    expect((await readBack(path)).rows.map((x) => x['姓名']!.value)).toEqual(['陈流']);
    const byQuery = join(t.dir, 'zs.xlsx');
    expect(expectOk(await call(t.ctx, 'person.export', { path: byQuery, query: 'zs' })).rows).toBe(1);
    const tagged = join(t.dir, 'tag.xlsx');
    expect(expectOk(await call(t.ctx, 'person.export', { path: tagged, tag: '空巢老人户' })).rows).toBe(2);
    const all = join(t.dir, 'all.xlsx');
    expect(expectOk(await call(t.ctx, 'person.export', { path: all, status: '全部' })).rows).toBe(4);
    const back = await readBack(all);
    expect(back.header.slice(-3)).toEqual(['状态', '离开日期', '离开原因']);
    const gone = back.rows.find((x) => x['姓名']!.value === '张老')!;
    expect([gone['状态']!.value, gone['离开日期']!.value, gone['离开原因']!.value, gone['年龄']!.value]).toEqual(['死亡', '2026-01-02', '病故', 76]);
    const none = join(t.dir, 'none.xlsx');
    expect(expectOk(await call(t.ctx, 'person.export', { path: none, query: '没有这个人' })).rows).toBe(0);
    expect((await readBack(none)).header).toContain('公民身份号码');
  });

  it('refuses a missing or unusable path and leaves no half-written file', async () => {
    expect(expectErr(await call(t.ctx, 'person.export', { path: '' })).message).toContain('保存位置');
    expect(expectErr(await call(t.ctx, 'person.export', {})).code).toBe('VALIDATION');
    const blocker = join(t.dir, 'blocker');
    writeFileSync(blocker, 'a file where a folder should be');
    const bad = expectErr(await call(t.ctx, 'person.export', { path: join(blocker, 'x.xlsx') }));
    expect(bad.code).toBe('VALIDATION');
    expect(bad.message).toContain('blocker');
    const dir = join(t.dir, 'out');
    mkdirSync(join(dir, 'taken.xlsx'), { recursive: true });
    const onDir = expectErr(await call(t.ctx, 'person.export', { path: join(dir, 'taken.xlsx') }));
    expect(onDir.message).toContain('是一个文件夹');
    // the temp file was removed: only the folder that was in the way is there
    expect(readdirSync(dir)).toEqual(['taken.xlsx']);
    expect(readdirSync(join(dir, 'taken.xlsx'))).toEqual([]);
    // and the database connection is not left busy by the abandoned export
    expect(expectOk(await call(t.ctx, 'person.search', {})).total).toBe(3);
  });
});

describe('住户一览表 export', () => {
  it('writes every matching household with its head, size and tags; a bad path is refused', async () => {
    const path = join(t.dir, '住户.xlsx');
    const all = expectOk(await call(t.ctx, 'household.export', { path }));
    expect(all.rows).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('户')!;
    expect(ws.getCell('A1').value).toBe('城关镇住户一览表');
    const header = (ws.getRow(3).values as unknown[]).slice(1).map(String);
    const row = Object.fromEntries(header.map((h, i) => [h, ws.getRow(4).getCell(i + 1).value]));
    expect(row).toMatchObject({ 户主: '张三', 户主公民身份号码: HEAD, 在册人数: 2, 户标签: '低保五保户、空巢老人户', 网格: expect.any(String) });
    // The same filters as the 户 view: a query that matches nobody gives an empty list, not an error.
    expect(expectOk(await call(t.ctx, 'household.export', { path: join(t.dir, '无.xlsx'), query: '不存在的户' })).rows).toBe(0);
    expectErr(await call(t.ctx, 'household.export', { path: '' }));
  });
});
