// 一表通 (issue 9 item 5): a county form the tests build with exceljs (title, merged two-row header, a styled data row
// with a formula, a 合计 row of SUM formulas, a footer, print area and print titles) inspected, mapped, saved and filled
// for a month; read back: each village's figures against report.figures, 合计, formulas shifted, merges and print area
// moved, styles kept. A placeholder form, a list form, unknown placeholders and unmapped columns listed with sheet and
// cell before anything is written; a corrupt file, an .xls, an encrypted file; the CLI; a filled form through soffice.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { shiftFormula } from '../../electron/core/countyForms/workbook';
import type { FormMapping } from '../../shared/contract/countyForms';
import { FORM_FIGURES, placeholdersIn, substitute, suggestFigure } from '../../shared/reports/countyForms';
import { cli } from '../helpers/cli';
import { BORDER, countyWorkbook, FILL } from '../helpers/countyForm';
import { fails, makeTown, ok, releasedPerson, type TestTown } from '../helpers/recordsTown';

let town: TestTown;

async function fillTown() {
  const { east, willow } = town.grids;
  await releasedPerson(town, town.resident('张三', { gridId: east }), { release: '2026-10-10', report: '2026-10-15', cls: 'key' });
  await releasedPerson(town, town.resident('李四', { gridId: east }), { release: '2026-10-20', handover: null });
  await releasedPerson(town, town.resident('王五', { gridId: willow }), { release: '2026-01-10', report: '2026-01-15' });
}

async function writeWorkbook(wb: ExcelJS.Workbook, name: string): Promise<string> {
  const path = join(town.t.dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

async function readBack(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

const formula = (c: ExcelJS.Cell) => (c.value as ExcelJS.CellFormulaValue).formula;
// exceljs writes a formula's cached 0 but reads it back as no result.
const result = (c: ExcelJS.Cell) => (c.value as ExcelJS.CellFormulaValue).result ?? 0;

describe('placeholder syntax and suggestions', () => {
  it('names every figure once and suggests figures from county labels', () => {
    const names = FORM_FIGURES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('村.在册帮教对象');
    expect(names).toContain('村.城市低保/户');
    expect(names).toContain('村.实有人口/合计');
    expect(suggestFigure('在册人数/帮教对象', 'village')).toBe('村.在册帮教对象');
    expect(suggestFigure('衔接情况/衔接率', 'village')).toBe('村.衔接率');
    expect(suggestFigure('衔接情况/收到通知书', 'village')).toBe('村.本月收到通知书');
    expect(suggestFigure('户数', 'village')).toBe('村.户数');
    expect(suggestFigure('农村低保/户', 'village')).toBe('村.农村低保/户');
    expect(suggestFigure('村（社区）', 'village')).toBe('村.名称');
    expect(suggestFigure('公民身份号码', 'person', 'released')).toBe('人.身份证号');
    expect(suggestFigure('莫名其妙', 'village')).toBeNull();
    expect(placeholdersIn('填报单位：{镇名}综治中心 {统计期}')).toEqual(['镇名', '统计期']);
    expect(substitute('{镇名}表{不知道}', (n) => (n === '镇名' ? '城关镇' : null))).toBe('城关镇表{不知道}');
  });

  it('shifts formulas as Excel does when rows are inserted under the data row', () => {
    expect(shiftFormula('SUM(C5:C5)', 5, 2)).toBe('SUM(C5:C7)');
    expect(shiftFormula('C6*2+$D$6', 5, 2)).toBe('C8*2+$D$8');
    expect(shiftFormula('SUM(C1:C4)', 5, 2)).toBe('SUM(C1:C4)');
    expect(shiftFormula('E5-F5', 5, 2, 7)).toBe('E7-F7');
    expect(shiftFormula('E5/$E$5', 5, 2, 6)).toBe('E6/$E$5');
    // Text in quotes and function names are not references.
    expect(shiftFormula('IF(C6=0,"C6",LOG10(C6))', 5, 1)).toBe('IF(C7=0,"C6",LOG10(C7))');
  });
});

describe('countyForm channels', () => {
  beforeEach(async () => {
    town = await makeTown('2026-11-23');
    await fillTown();
  });
  afterEach(() => town.t.close());

  it('inspects the header (merged groups joined), maps, refuses unmapped columns, saves and fills a month', async () => {
    const formPath = await writeWorkbook(countyWorkbook(), '县表.xlsx');
    const ctx = town.t.ctx;
    const seen = await ok(call(ctx, 'countyForm.inspect', { path: formPath }));
    expect(seen.suggestedSheet).toBe('帮教月报');
    const sheet = seen.sheets.find((s) => s.name === '帮教月报')!;
    const m = sheet.mapping!;
    expect(m).toMatchObject({ kind: 'villages', headerFrom: 3, headerTo: 4, dataRow: 5, totalRow: 6 });
    expect(m.columns.map((c) => c.label)).toEqual(['序号', '村（社区）', '在册人数/帮教对象', '在册人数/其中重点', '衔接情况/收到通知书', '衔接情况/已衔接', '衔接情况/衔接率', '户数']);
    expect(m.columns.map((c) => c.figure)).toEqual(['村.序号', '村.名称', '村.在册帮教对象', null, '村.本月收到通知书', '村.本月已衔接', '村.衔接率', '村.户数']);

    // Saved unfinished, the fill lists the column still open, with sheet and cell, and writes nothing.
    await ok(call(ctx, 'countyForm.save', { name: '县帮教月报', path: formPath, mapping: m }));
    const out = join(town.t.dir, '填好.xlsx');
    const refused = await fails(call(ctx, 'countyForm.fill', { name: '县帮教月报', month: '2026-10', path: out }));
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toContain('D列「在册人数/其中重点」');
    expect((refused as { problems?: unknown[] }).problems).toEqual([expect.objectContaining({ sheet: '帮教月报', column: 'D', row: 5 })]);
    expect(existsSync(out)).toBe(false);

    const mapping: FormMapping = { ...m, columns: m.columns.map((c) => (c.column === 4 ? { ...c, figure: '村.其中重点帮教' } : c)) };
    await ok(call(ctx, 'countyForm.save', { name: '县帮教月报', path: formPath, mapping }));
    expect((await ok(call(ctx, 'countyForm.list', {}))).map((f) => f.name)).toEqual(['县帮教月报']);
    expect((await ok(call(ctx, 'countyForm.get', { name: '县帮教月报' }))).mapping.columns[3]!.figure).toBe('村.其中重点帮教');

    const filled = await ok(call(ctx, 'countyForm.fill', { name: '县帮教月报', month: '2026-10', path: out }));
    const figures = await ok(call(ctx, 'report.figures', { month: '2026-10' }));
    const villages = figures.t1.rows;
    expect(filled.rows).toBe(villages.length);
    const wb = await readBack(out);
    const ws = wb.getWorksheet('帮教月报')!;
    const n = villages.length;
    villages.forEach((v, i) => {
      const r = 5 + i;
      const t4 = figures.t4.rows.find((x) => x.village === v.village)!;
      expect(ws.getCell(r, 1).value).toBe(i + 1);
      expect(ws.getCell(r, 2).value).toBe(v.village);
      expect([3, 4, 5, 6].map((c) => ws.getCell(r, c).value)).toEqual([v.registered, v.key, v.noticesThisMonth, v.handedOverThisMonth]);
      // A rate under the form's % format is a fraction; no notice this month gives —.
      expect(ws.getCell(r, 7).value).toBe(v.handoverRate === null ? '—' : v.handoverRate / 100);
      expect(ws.getCell(r, 8).value).toBe(t4.households);
      expect(formula(ws.getCell(r, 9))).toBe(`E${r}-F${r}`);
      // The data row's style on every village.
      expect(ws.getCell(r, 3).fill).toEqual(FILL);
      expect(ws.getCell(r, 3).font?.name).toBe('仿宋');
      expect(ws.getCell(r, 3).border?.left?.style).toBe('thin');
      expect(ws.getRow(r).height).toBe(22);
    });
    expect(figures.t1.total.registered).toBeGreaterThan(1);
    // 合计: the form's SUM formulas grown over the villages, with the app's totals as their values; the rate recomputed.
    const total = 5 + n;
    expect(ws.getCell(total, 2).value).toBe('合计');
    expect(formula(ws.getCell(total, 3))).toBe(`SUM(C5:C${4 + n})`);
    expect(result(ws.getCell(total, 3))).toBe(figures.t1.total.registered);
    expect(result(ws.getCell(total, 8))).toBe(figures.t4.total.households);
    const rate = figures.t1.total.handoverRate;
    expect(ws.getCell(total, 7).value).toBe(rate === null ? '—' : rate / 100);
    // References below the data row moved; the merges and print area with them; the header untouched.
    expect(formula(ws.getCell('K1'))).toBe(`C${total}*2`);
    expect(ws.model.merges).toEqual(expect.arrayContaining(['A1:I1', 'A2:E2', 'A3:A4', 'C3:D3', 'E3:G3', `A${total + 1}:I${total + 1}`]));
    expect(ws.model.merges).not.toContain('A7:I7');
    expect(ws.getCell(total + 1, 1).value).toContain('填表人');
    expect(ws.pageSetup.printArea).toBe(`A1:I${total + 1}`);
    expect(wb.getWorksheet('说明')!.getCell('A1').value).toBe('本表由各乡镇每月5日前报送');

    // The same data and day give the same cells (the lead normalizes zip timestamps).
    const again = join(town.t.dir, '填好2.xlsx');
    await ok(call(ctx, 'countyForm.fill', { name: '县帮教月报', month: '2026-10', path: again }));
    const ws2 = (await readBack(again)).getWorksheet('帮教月报')!;
    expect(ws2.getSheetValues()).toEqual(ws.getSheetValues());

    await ok(call(ctx, 'countyForm.remove', { name: '县帮教月报' }));
    expect(await ok(call(ctx, 'countyForm.list', {}))).toEqual([]);
    expect((await fails(call(ctx, 'countyForm.fill', { name: '县帮教月报', month: '2026-10', path: out }))).message).toContain('没有名为「县帮教月报」');
  });

  it('fills a form that carries its mapping as placeholders, in text too, and adds 合计 when the form has none', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表1');
    ws.getCell('A1').value = '{镇名}网格化管理情况（{统计期}）';
    ws.mergeCells('A1:E1');
    ['村', '网格数', '人口', '1+3配齐率', '备注'].forEach((v, i) => (ws.getCell(2, i + 1).value = v));
    ['{村.名称}', '{村.网格/综合}', '{村.实有人口/合计}', '{村.1+3配齐率}', '{留空}'].forEach((v, i) => (ws.getCell(3, i + 1).value = v));
    ws.getCell('A5').value = '填报日期：{填报日期}';
    const path = await writeWorkbook(wb, '占位符.xlsx');
    const seen = await ok(call(town.t.ctx, 'countyForm.inspect', { path }));
    expect(seen.usesPlaceholders).toBe(true);
    expect(seen.placeholders.every((p) => p.unknown.length === 0)).toBe(true);
    const out = join(town.t.dir, '占位符-填好.xlsx');
    // Not saved: the placeholders are the mapping.
    await ok(call(town.t.ctx, 'countyForm.fill', { formPath: path, month: '2026-10', path: out }));
    const f = await ok(call(town.t.ctx, 'report.figures', { month: '2026-10' }));
    const back = (await readBack(out)).getWorksheet('表1')!;
    expect(back.getCell('A1').value).toBe('城关镇网格化管理情况（2026年10月）');
    const n = f.t4.rows.length;
    f.t4.rows.forEach((r, i) => {
      expect(back.getCell(3 + i, 1).value).toBe(r.village);
      expect(back.getCell(3 + i, 2).value).toBe(r.comprehensiveGrids);
      expect(back.getCell(3 + i, 3).value).toBe(r.residents);
      // No % format here: the rate as the figures give it, — without grids.
      expect(back.getCell(3 + i, 4).value).toBe(r.staffingRate ?? '—');
      expect(back.getCell(3 + i, 5).value).toBeNull();
    });
    expect(back.getCell(3 + n, 1).value).toBe('合计');
    expect(back.getCell(3 + n, 3).value).toBe(f.t4.total.residents);
    expect(back.getCell(3 + n + 2, 1).value).toBe('填报日期：2026年11月23日');
    // Saved with what inspect found: the placeholders are its mapping.
    const saved = await ok(call(town.t.ctx, 'countyForm.save', { name: '占位', path, mapping: seen.sheets[0]!.mapping! }));
    expect(saved.mapping.columns.map((c) => c.figure)).toEqual(['村.名称', '村.网格/综合', '村.实有人口/合计', '村.1+3配齐率', '留空']);
  });

  it('fills a list form one row per person of the key group', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('帮教对象名单');
    ws.getCell('A1').value = '刑满释放人员帮教对象名单';
    ws.mergeCells('A1:F1');
    ['序号', '姓名', '性别', '公民身份号码', '所在村', '罪名'].forEach((v, i) => (ws.getCell(2, i + 1).value = v));
    for (let c = 1; c <= 6; c++) ws.getCell(3, c).border = BORDER;
    ws.getCell('A4').value = '{镇名}综治中心';
    const path = await writeWorkbook(wb, '名单.xlsx');
    const seen = await ok(call(town.t.ctx, 'countyForm.inspect', { path }));
    const m = seen.sheets[0]!.mapping!;
    expect(m).toMatchObject({ kind: 'persons', group: 'released', dataRow: 3, totalRow: null });
    expect(m.columns.map((c) => c.figure)).toEqual(['人.序号', '人.姓名', '人.性别', '人.身份证号', '人.村', '人.罪名']);
    await ok(call(town.t.ctx, 'countyForm.save', { name: '名单', path, mapping: m }));
    const out = join(town.t.dir, '名单-填好.xlsx');
    expect((await ok(call(town.t.ctx, 'countyForm.fill', { name: '名单', month: '2026-10', path: out }))).rows).toBe(3);
    const back = (await readBack(out)).getWorksheet('帮教对象名单')!;
    const list = await ok(call(town.t.ctx, 'released.list', {}));
    list.forEach((p, i) => {
      expect(back.getCell(3 + i, 2).value).toBe(p.name);
      expect(back.getCell(3 + i, 4).value).toBe(p.idNumber);
      expect(back.getCell(3 + i, 5).value).toBe(p.villageName);
      expect(back.getCell(3 + i, 4).border?.top?.style).toBe('thin');
    });
    expect(back.getCell(3 + 3, 1).value).toBe('城关镇综治中心');
    // A village figure has no place in a list form.
    const bad = { ...m, columns: m.columns.map((c, i) => (i === 5 ? { ...c, figure: '村.在册帮教对象' } : c)) };
    await ok(call(town.t.ctx, 'countyForm.save', { name: '名单', path, mapping: bad }));
    expect((await fails(call(town.t.ctx, 'countyForm.fill', { name: '名单', month: '2026-10', path: join(town.t.dir, 'x.xlsx') }))).message).toContain('不能用在人员名单');
  });

  it('lists unknown placeholders with sheet and cell before anything is written', async () => {
    const wb = countyWorkbook();
    const ws = wb.getWorksheet('帮教月报')!;
    ws.getCell('C5').value = '{村.在册帮教对象}';
    ws.getCell('D5').value = '{村.重点人数}';
    ws.getCell('A2').value = '填报单位：{乡镇名称}';
    wb.getWorksheet('说明')!.getCell('B3').value = '{人.姓名}';
    const path = await writeWorkbook(wb, '未知.xlsx');
    const seen = await ok(call(town.t.ctx, 'countyForm.inspect', { path }));
    expect(seen.placeholders.filter((p) => p.unknown.length).map((p) => `${p.sheet}!${p.cell}`)).toEqual(['帮教月报!A2', '帮教月报!D5']);
    const out = join(town.t.dir, '未知-填好.xlsx');
    const e = await fails(call(town.t.ctx, 'countyForm.fill', { formPath: path, month: '2026-10', path: out }));
    const problems = (e as { problems?: { sheet: string; column: string; row: number; message: string }[] }).problems!;
    expect(problems.map((p) => `${p.sheet}!${p.column}${p.row}`)).toEqual(expect.arrayContaining(['帮教月报!A2', '帮教月报!D5', '说明!B3']));
    expect(e.message).toContain('{乡镇名称}');
    expect(existsSync(out)).toBe(false);
  });

  it('gives a clear Chinese message for a corrupt file, an .xls, an encrypted file; refuses a future month', async () => {
    const good = await writeWorkbook(countyWorkbook(), 'ok.xlsx');
    const corrupt = join(town.t.dir, '坏.xlsx');
    writeFileSync(corrupt, readFileSync(good).subarray(0, 900));
    expect((await fails(call(town.t.ctx, 'countyForm.inspect', { path: corrupt }))).message).toContain('损坏');
    // An OLE compound file: what Excel 97–2003 writes, and what an .xlsx with an open password is wrapped in.
    const ole = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    const xls = join(town.t.dir, '旧表.xlsx');
    writeFileSync(xls, ole);
    expect((await fails(call(town.t.ctx, 'countyForm.inspect', { path: xls }))).message).toContain('旧版 Excel（.xls）');
    const encrypted = Buffer.concat([ole, Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(512)]);
    const locked = join(town.t.dir, '加密.xlsx');
    writeFileSync(locked, encrypted);
    const e = await fails(call(town.t.ctx, 'countyForm.inspect', { path: locked }));
    expect(e.code).toBe('BAD_FILE');
    expect(e.message).toContain('设有打开密码');
    expect((await fails(call(town.t.ctx, 'countyForm.fill', { formPath: corrupt, month: '2026-10', path: join(town.t.dir, 'y.xlsx') }))).message).toContain('损坏');
    // A form without placeholders or mapping cannot be filled; a future month is refused.
    expect((await fails(call(town.t.ctx, 'countyForm.fill', { formPath: good, month: '2026-10', path: join(town.t.dir, 'y.xlsx') }))).message).toContain('还没有保存对应关系');
    const ph = countyWorkbook();
    ph.getWorksheet('帮教月报')!.getCell('B5').value = '{村.名称}';
    const phPath = await writeWorkbook(ph, 'ph.xlsx');
    expect((await fails(call(town.t.ctx, 'countyForm.fill', { formPath: phPath, month: '2026-12', path: join(town.t.dir, 'y.xlsx') }))).message).toContain('还没有到');
    expect((await fails(call(town.t.ctx, 'countyForm.get', { name: '' }))).message).toContain('报表名称');
    expect(existsSync(join(town.t.dir, 'y.xlsx'))).toBe(false);
  });

  it('report form-save / form through the CLI; the filled form converts with LibreOffice to a page with ink', async () => {
    const ph = countyWorkbook();
    const ws = ph.getWorksheet('帮教月报')!;
    ['{村.序号}', '{村.名称}', '{村.在册帮教对象}', '{村.其中重点帮教}', '{村.本月收到通知书}', '{村.本月已衔接}', '{村.衔接率}', '{村.户数}'].forEach((v, i) => (ws.getCell(5, i + 1).value = v));
    ws.getCell('A2').value = '填报单位（盖章）：{镇名}综治中心　　统计期：{统计期}';
    const formPath = await writeWorkbook(ph, '县表-占位符.xlsx');
    const db = town.t.ctx.ledger.path;
    const saved = await cli('report', 'form-save', formPath, '--name', '县表', '--db', db);
    expect(saved.stderr).toBe('');
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('已保存县级报表「县表」');
    const out = join(town.t.dir, 'cli-填好.xlsx');
    const r = await cli('report', 'form', formPath, '--mapping', '县表', '--db', db, '--month', '2026-10', '--out', out, '--today', '2026-11-23', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().rows).toBe(3);
    const back = (await readBack(out)).getWorksheet('帮教月报')!;
    expect(back.getCell('A2').value).toBe('填报单位（盖章）：城关镇综治中心　　统计期：2026年10月');
    const f = await ok(call(town.t.ctx, 'report.figures', { month: '2026-10' }));
    expect([back.getCell('B5').value, back.getCell('C5').value]).toEqual([f.t1.rows[0]!.village, f.t1.rows[0]!.registered]);
    const bad = await cli('report', 'form', formPath, '--db', db, '--month', '2026-13', '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('YYYY-MM');
    const inspect = await cli('report', 'form-inspect', formPath);
    expect(inspect.code).toBe(0);
    expect(JSON.parse(inspect.stdout).mapping.dataRow).toBe(5);
    // The table command is still there under the same name.
    expect((await cli('report', 'table', 'T9', '--db', db, '--month', '2026-10', '--out', out)).stderr).toContain('T1、T2、T3、T4、T5 或 T6');

    const pdfDir = join(town.t.dir, 'pdf');
    mkdirSync(pdfDir);
    execFileSync('soffice', ['-env:UserInstallation=file:///tmp/lo-h-form', '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, out], { stdio: 'pipe', timeout: 120_000 });
    const pdf = join(pdfDir, 'cli-填好.pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('城关镇综治中心');
    expect(text).toContain('合计');
    execFileSync('pdftoppm', ['-r', '40', '-gray', '-f', '1', '-l', '1', '-singlefile', pdf, join(pdfDir, 'page')]);
    const pgm = readFileSync(join(pdfDir, 'page.pgm'));
    const data = pgm.subarray(pgm.indexOf('255\n') + 4);
    expect(data.reduce((n, v) => n + (v < 128 ? 1 : 0), 0) / data.length).toBeGreaterThan(0.002);
    // A real Excel 97–2003 file, as LibreOffice writes it: refused with the .xls message.
    execFileSync('soffice', ['-env:UserInstallation=file:///tmp/lo-h-form', '--headless', '--convert-to', 'xls', '--outdir', pdfDir, formPath], { stdio: 'pipe', timeout: 120_000 });
    const xls = await fails(call(town.t.ctx, 'countyForm.inspect', { path: join(pdfDir, '县表-占位符.xls') }));
    expect(xls.message).toContain('旧版 Excel（.xls）');
    if (process.env.COUNTY_FORM_PNG) execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, process.env.COUNTY_FORM_PNG]);
  }, 180_000);
});
