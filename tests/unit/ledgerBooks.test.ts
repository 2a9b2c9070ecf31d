// Ledgers that print (issue 9 item 3): the five ledger definitions, the one renderer (full column set + 打印 sheet),
// writeLedgerBook for the package, report.ledger through dispatch and the CLI, read back with exceljs; two converted
// with LibreOffice and the printed text measured with pdftotext -bbox (never under 9 pt), one page rendered to PNG.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USER } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { generateDemoTown } from '../../electron/core/demo/generate';
import { LEDGER_BOOKS, writeLedgerBook, type LedgerBookId } from '../../electron/core/reports/ledgerBooks';
import { PRINT_MAX_ROWS } from '../../electron/core/xlsx/ledgerWorkbook';
import {
  LEDGERS, LEDGER_IDS, MIN_PRINTED_PT, PRINT_SHEET, columnPoints, fitsPaper, linesIn, printableWidth, rowHeight, type LedgerDefinition,
} from '../../shared/reports/ledgers';
import { cli } from '../helpers/cli';
import { fails, help, makeTown, ok, patientEntry, releasedPerson, review, type TestTown } from '../helpers/recordsTown';
import { openTempLedger } from '../helpers/tempLedger';
import { readParts } from '../helpers/zipParts';

const AT = '2026-11-30T10:00:00+08:00';
const PNG_DIR = join(__dirname, '..', '..', 'test-results', 'ledgers');

let town: TestTown;
const ids: Record<string, string> = {};

/** 柳河村: a released person (key, with 帮教 record), a patient with a guardian; 东关社区: a 低保 household of two,
 *  35 more residents so the print sheet runs over pages, the two staff of makeTown. 石桥村: nobody. */
beforeAll(async () => {
  town = await makeTown('2026-11-23');
  const ctx = town.t.ctx;
  const { east, willow } = town.grids;
  const rel = town.resident('张帮教', { gridId: willow, birth: '1985-02-03' });
  const relId = await releasedPerson(town, rel, { release: '2026-01-10', report: '2026-01-15', cls: 'key' });
  await ok(call(ctx, 'record.add', help(relId, '2026-10-31')));
  const guardian = town.resident('李监护', { gridId: willow, birth: '1960-01-01' });
  const pat = town.resident('王患者', { gridId: willow, birth: '1990-07-07' });
  await patientEntry(town, pat, { registered: '2026-03-01', risk: 2, guardian });
  const h = town.household('H001', east);
  const head = town.resident('赵户主', { householdId: h, relation: '02', birth: '1970-03-03' });
  const member = town.resident('赵成员', { householdId: h, relation: '20', birth: '1972-04-04' });
  const li = await ok(call(ctx, 'lowIncome.register', { householdId: h, memberIds: [head, member], confirmedOn: '2026-03-20', area: '农村', class: 'A', monthlyAmount: 350.5 }));
  await ok(call(ctx, 'record.add', review(li.id, '2026-09-20', '不变')));
  for (let i = 1; i <= 35; i++) town.resident(`居民${i}`, { gridId: east, birth: `19${50 + i}-01-01` });
  // idNumberFor numbers IDs per run: look them up rather than predict them.
  for (const name of ['张帮教', '王患者', '赵户主']) {
    ids[name] = (town.t.ctx.ledger.sqlite.prepare('select id_number as id from resident where name = ?').get(name) as { id: string }).id;
  }
  mkdirSync(PNG_DIR, { recursive: true });
}, 60_000);
afterAll(() => town.t.close());

async function readBook(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}
const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);
/** The cells' text (stacked print cells are rich text). */
const rowTexts = (ws: ExcelJS.Worksheet, n: number) => {
  const out: string[] = [];
  ws.getRow(n).eachCell({ includeEmpty: true }, (c) => out.push(c.text));
  return out;
};

// ───────────────────────────────────────────── definitions

describe('ledger definitions', () => {
  it.each(LEDGER_IDS)('%s: print columns show file columns, fit the paper unshrunk, names are usable', (id) => {
    const def: LedgerDefinition = LEDGERS[id];
    expect(def.id).toBe(id);
    const keys = def.columns.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const c of def.print.columns) for (const k of c.keys) expect(keys).toContain(k);
    expect(fitsPaper(def.print), `${id} print width ${def.print.columns.reduce((s, c) => s + columnPoints(c.width), 0)} pt`).toBe(true);
    expect(def.sheet.length).toBeLessThanOrEqual(31);
    expect(def.fileName).toMatch(/^[^\\/:*?"<>|]+\.xlsx$/);
    // Every print column has room for its header lines' longest word, so headers wrap instead of clipping.
    for (const c of def.print.columns) expect(linesIn(c.header, c.width)).toBeLessThanOrEqual(3);
  });

  it('the package list is the definitions list', () => {
    expect([...LEDGER_BOOKS]).toEqual(['released', 'patient', 'lowIncome', 'staff', 'residents']);
  });

  it('a layout wider than its paper is caught', () => {
    const wide = { ...LEDGERS.residents.print, columns: LEDGERS.residents.columns.map((c) => ({ header: c.header, keys: [c.key], width: c.width })) };
    expect(fitsPaper(wide)).toBe(false);
    expect(printableWidth({ paper: 'A4', orientation: 'landscape' })).toBeLessThan(printableWidth({ paper: 'A3', orientation: 'landscape' }));
  });
});

// ───────────────────────────────────────────── the workbooks read back

describe('writeLedgerBook', () => {
  const expectations: Record<LedgerBookId, { rows: number; fileName: string; title: string; find: [string, string] }> = {
    released: { rows: 1, fileName: '安置帮教对象台账.xlsx', title: '城关镇刑满释放人员台账', find: ['姓名', '张帮教'] },
    patient: { rows: 1, fileName: '严重精神障碍患者台账.xlsx', title: '城关镇严重精神障碍患者台账', find: ['姓名', '王患者'] },
    lowIncome: { rows: 1, fileName: '低保户台账.xlsx', title: '城关镇低保户台账', find: ['户主姓名', '赵户主'] },
    staff: { rows: 2, fileName: '网格员花名册.xlsx', title: '城关镇网格员花名册', find: ['姓名', '王芳'] },
    residents: { rows: 40, fileName: '实有人口台账.xlsx', title: '城关镇实有人口台账', find: ['姓名', '赵户主'] },
  };

  it.each(LEDGER_IDS)('%s: full sheet, then an 打印 sheet set up to print readable on its paper', async (kind) => {
    const def = LEDGERS[kind];
    const want = expectations[kind];
    const path = join(town.t.dir, `${kind}.xlsx`);
    const r = await writeLedgerBook(town.t.ctx, kind, path, { generatedAt: AT });
    expect(r).toEqual({ rows: want.rows, fileName: want.fileName });
    const wb = await readBook(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual([def.sheet, PRINT_SHEET]);
    expect(wb.created.toISOString()).toBe(new Date(AT).toISOString());

    // Sheet 1: the full column set (实有人口 as of now leaves out the leaving columns), a clean table under one header.
    const full = wb.getWorksheet(def.sheet)!;
    expect(full.getCell('A1').value).toBe(want.title);
    const omitted = kind === 'residents' ? ['status', 'leftOn', 'leftReason'] : [];
    const headers = def.columns.filter((c) => !omitted.includes(c.key)).map((c) => c.header);
    expect(rowValues(full, 3)).toEqual(headers);
    expect(full.rowCount).toBe(3 + want.rows);
    const [findHeader, findValue] = want.find;
    const dataRows = Array.from({ length: want.rows }, (_, i) => rowValues(full, 4 + i));
    const found = dataRows.find((v) => v[headers.indexOf(findHeader)] === findValue)!;
    expect(found).toBeDefined();
    expect(full.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', scale: 100, printTitlesRow: '1:3' });
    expect(full.pageSetup.fitToPage).toBeFalsy();

    // Sheet 2: paper and orientation of the layout, 100 %, title + 填报单位 + header on every page, page numbers.
    const print = wb.getWorksheet(PRINT_SHEET)!;
    expect(print.pageSetup).toMatchObject({
      paperSize: def.print.paper === 'A3' ? 8 : 9,
      orientation: 'landscape',
      scale: 100,
      printTitlesRow: '1:3',
    });
    expect(print.pageSetup.fitToPage).toBeFalsy();
    expect(print.headerFooter.oddFooter).toBe('&C第 &P 页 共 &N 页');
    expect(print.getCell('A1').value).toBe(want.title);
    expect(print.getCell('A2').value).toBe('填报单位：城关镇综治中心（盖章）');
    expect(rowValues(print, 2)).toContain(`截至2026年11月30日　　共 ${want.rows} ${def.unit}`);
    // A print column whose items the file leaves out drops out (实有人口: 状态/离开日期).
    const printColumns = def.print.columns.filter((c) => c.keys.some((k) => !omitted.includes(k)));
    expect(printColumns.length).toBe(def.print.columns.length - (kind === 'residents' ? 1 : 0));
    expect(rowTexts(print, 3)).toEqual(printColumns.map((c) => c.header));
    expect(print.columns.map((c) => Math.round(c.width!))).toEqual(printColumns.map((c) => c.width));
    expect(full.columns.map((c) => Math.round(c.width!))).toEqual(def.columns.filter((c) => !omitted.includes(c.key)).map((c) => c.width));
    // Data cells wrap; each row is as tall as its tallest cell's lines.
    for (let n = 4; n < 4 + want.rows; n++) {
      const row = print.getRow(n);
      let lines = 1;
      printColumns.forEach((c, i) => {
        const cell = row.getCell(i + 1);
        expect(cell.alignment?.wrapText, `${kind} row ${n} col ${i + 1}`).toBe(true);
        if (cell.value !== null && cell.value !== undefined) lines = Math.max(lines, linesIn(typeof cell.value === 'number' ? cell.value.toFixed(2) : cell.text, c.width));
      });
      expect(row.height).toBeGreaterThanOrEqual(rowHeight(lines));
    }
    // Sign-off after the last row, with room for the stamp, in one row (a page break cannot part them).
    const signRow = print.getRow(4 + want.rows + 1);
    const sign = signRow.getCell(1).text;
    for (const word of ['填表人', '审核人', '负责人', '填报日期：2026年11月30日', '（单位盖章）']) expect(sign).toContain(word);
    expect(sign.indexOf('（单位盖章）')).toBeGreaterThan(sign.indexOf('填报日期'));
    expect(signRow.height).toBeGreaterThanOrEqual(120);
    expect(signRow.getCell(1).alignment?.wrapText).toBe(true);
    expect(print.rowCount).toBe(4 + want.rows + 1);

    // Nothing on either sheet is set smaller than 9 pt on paper (both print at 100 %).
    for (const ws of [full, print]) {
      const scale = (ws.pageSetup.scale ?? 100) / 100;
      ws.eachRow((row) => row.eachCell((cell) => expect((cell.font?.size ?? 11) * scale, `${ws.name} ${cell.address}`).toBeGreaterThanOrEqual(MIN_PRINTED_PT)));
    }
  });

  it('writes full ID numbers as text, stacked print cells and the 低保 amount as a number', async () => {
    const released = await readBook(join(town.t.dir, 'released.xlsx'));
    const full = released.getWorksheet(LEDGERS.released.sheet)!;
    const idCol = LEDGERS.released.columns.findIndex((c) => c.key === 'idNumber') + 1;
    expect(full.getRow(4).getCell(idCol).value).toBe(ids['张帮教']);
    expect(full.getRow(4).getCell(idCol).numFmt).toBe('@');
    const print = released.getWorksheet(PRINT_SHEET)!;
    const printed = rowTexts(print, 4);
    expect(printed[2]).toMatch(/^张帮教\n[男女]$/);
    expect(String(printed[3])).toMatch(new RegExp(`^${ids['张帮教']}(\n\\d+)?$`));
    expect(printed).toContain('重点\n否');

    const low = await readBook(join(town.t.dir, 'lowIncome.xlsx'));
    const lowPrint = low.getWorksheet(PRINT_SHEET)!;
    const amountCol = LEDGERS.lowIncome.print.columns.findIndex((c) => c.keys[0] === 'monthlyAmount') + 1;
    expect(lowPrint.getRow(4).getCell(amountCol).value).toBe(350.5);
    expect(lowPrint.getRow(4).getCell(amountCol).numFmt).toBe('0.00');
  });

  it('gives the same sheets for the same data and generatedAt', async () => {
    const a = join(town.t.dir, 'same-a.xlsx');
    const b = join(town.t.dir, 'same-b.xlsx');
    await writeLedgerBook(town.t.ctx, 'patient', a, { generatedAt: AT });
    await writeLedgerBook(town.t.ctx, 'patient', b, { generatedAt: AT });
    const pa = readParts(a);
    const pb = readParts(b);
    expect([...pa.keys()].sort()).toEqual([...pb.keys()].sort());
    for (const [name, xml] of pa) expect(pb.get(name), name).toBe(xml);
    expect(pa.get('docProps/core.xml')).toContain('2026-11-30T02:00:00');
  });

  it('refuses an unknown kind, a bad time, a town not set up; an empty town gives an empty ledger with its sign-off', async () => {
    const path = join(town.t.dir, 'bad.xlsx');
    await expect(writeLedgerBook(town.t.ctx, 'prisoners' as LedgerBookId, path, { generatedAt: AT })).rejects.toThrow(/没有「prisoners」这种台账/);
    await expect(writeLedgerBook(town.t.ctx, 'staff', path, { generatedAt: '昨天' })).rejects.toThrow(/不是有效的时间/);
    expect(existsSync(path)).toBe(false);

    const bare = openTempLedger({ today: '2026-11-23' });
    try {
      await expect(writeLedgerBook(bare.ctx, 'residents', join(bare.dir, 'x.xlsx'), { generatedAt: AT })).rejects.toThrow('尚未设置本乡镇');
      await ok(call(bare.ctx, 'town.setup', { name: '空镇', code: '320121100000' }));
      for (const kind of LEDGER_IDS) {
        const out = join(bare.dir, `${kind}.xlsx`);
        expect(await writeLedgerBook(bare.ctx, kind, out, { generatedAt: AT })).toEqual({ rows: 0, fileName: LEDGERS[kind].fileName });
        const print = (await readBook(out)).getWorksheet(PRINT_SHEET)!;
        expect(print.getCell('A1').value).toBe(`空镇${LEDGERS[kind].name}`);
        expect(print.getRow(5).getCell(1).text).toContain('填表人');
      }
    } finally {
      bare.close();
    }
  });
});

// ───────────────────────────────────────────── channel, scope, CLI

describe('report.ledger and the CLI', () => {
  it('writes a ledger through dispatch; a village-scoped caller gets only their villages', async () => {
    const path = join(town.t.dir, 'ch-residents.xlsx');
    expect(await ok(call(town.t.ctx, 'report.ledger', { ledger: 'residents', path }))).toEqual({ path, rows: 40, fileName: '实有人口台账.xlsx' });
    const scoped = { ...town.t.ctx, caller: { ...LOCAL_USER, userId: 'willow', villageScope: ['320121100201'] } };
    const willow = join(town.t.dir, 'ch-willow.xlsx');
    expect((await ok(call(scoped, 'report.ledger', { ledger: 'residents', path: willow }))).rows).toBe(3);
    const names = rowValues((await readBook(willow)).getWorksheet(LEDGERS.residents.sheet)!, 4);
    expect(names).toContain('柳河村');
    expect((await ok(call(scoped, 'report.ledger', { ledger: 'lowIncome', path: join(town.t.dir, 'ch-low.xlsx') }))).rows).toBe(0);
    const bad = await fails(call(town.t.ctx, 'report.ledger', { ledger: 'everything', path }));
    expect(bad.code).toBe('VALIDATION');
    expect(bad.message).toContain('台账应为');
  });

  it('report ledger released|patient|low-income|staff|residents through dispatch, refusing bad arguments', async () => {
    const out = join(town.t.dir, 'cli-low.xlsx');
    const r = await cli('report', 'ledger', 'low-income', '--db', town.t.path, '--out', out, '--today', '2026-11-23', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual({ path: out, rows: 1, fileName: '低保户台账.xlsx' });
    expect((await readBook(out)).worksheets.map((w) => w.name)).toEqual(['低保户台账', PRINT_SHEET]);
    const text = await cli('report', 'ledger', 'staff', '--db', town.t.path, '--out', join(town.t.dir, 'cli-staff.xlsx'));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('已生成台账（2 行');
    const unknown = await cli('report', 'ledger', 'lowIncome', '--db', town.t.path, '--out', out);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('released、patient、low-income、staff、residents');
    expect((await cli('report', 'ledger', 'staff', '--db', town.t.path, '--out', join(town.t.dir, 'a.csv'))).stderr).toContain('.xlsx');
    expect((await cli('report', 'ledger', 'staff', '--db', town.t.path, '--out', out, '--pdf', join(town.t.dir, 'a.pdf'))).stderr).toContain('不认识的选项 --pdf');
    expect((await cli('report', 'ledger', '--db', town.t.path, '--out', out)).code).toBe(2);
    // report table still asks for its month
    expect((await cli('report', 'table', 'T1', '--db', town.t.path, '--out', out)).stderr).toContain('--month');
  });
});

// ───────────────────────────────────────────── on paper: LibreOffice, pdftotext -bbox, a PNG

interface Word { page: number; text: string; height: number }

/** Words of a PDF with their heights in pt (pdftotext -bbox gives yMin/yMax per word). */
function pdfWords(pdf: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const words: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/.exec(line);
    if (m) words.push({ page, text: m[5]!, height: Number(m[4]) - Number(m[2]) });
  }
  return words;
}

function toPdf(xlsx: string, outDir: string): string {
  execFileSync('soffice', ['-env:UserInstallation=file:///tmp/lo-led', '--headless', '--convert-to', 'pdf', '--outdir', outDir, xlsx], { stdio: 'ignore', timeout: 120_000 });
  const pdf = join(outDir, xlsx.split('/').pop()!.replace(/\.xlsx$/, '.pdf'));
  expect(existsSync(pdf)).toBe(true);
  return pdf;
}

/**
 * What pdftotext -bbox reports as the height of 9 pt text printed by LibreOffice (the ascent-to-descent box, about
 * 1.3× the size, not the size itself): a calibration sheet with one 9 pt and one 10 pt cell, measured once.
 */
let ninePt: Promise<{ nine: number; ten: number }> | undefined;
function ninePtHeight() {
  ninePt ??= (async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.getCell('A1').value = '九磅字';
    ws.getCell('A1').font = { name: '宋体', size: 9 };
    ws.getCell('A2').value = '十磅字';
    ws.getCell('A2').font = { name: '宋体', size: 10 };
    const dir = join(town.t.dir, 'calibrate');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'calibrate.xlsx');
    await wb.xlsx.writeFile(path);
    const words = pdfWords(toPdf(path, dir));
    return { nine: words.find((w) => w.text === '九磅字')!.height, ten: words.find((w) => w.text === '十磅字')!.height };
  })();
  return ninePt;
}

describe('printed by LibreOffice', () => {
  it('measures the 9 pt reference first: pdftotext gives the text box, larger than the size, and growing with it', async () => {
    const { nine, ten } = await ninePtHeight();
    expect(nine).toBeGreaterThanOrEqual(8.5);
    expect(ten).toBeGreaterThan(nine);
  }, 180_000);

  it.each(['released', 'residents'] as const)('%s: every printed word is at least 9 pt; the print layout is one page wide with its titles on every page', async (kind) => {
    const def = LEDGERS[kind];
    const dir = join(town.t.dir, `pdf-${kind}`);
    mkdirSync(dir, { recursive: true });
    const xlsx = join(dir, `${kind}.xlsx`);
    await writeLedgerBook(town.t.ctx, kind, xlsx, { generatedAt: AT });
    const pdf = toPdf(xlsx, dir);
    copyFileSync(pdf, join(PNG_DIR, `${kind}.pdf`));
    copyFileSync(xlsx, join(PNG_DIR, `${kind}.xlsx`));
    const words = pdfWords(pdf);
    expect(words.length).toBeGreaterThan(50);
    const smallest = words.reduce((a, w) => (w.height < a.height ? w : a));
    // Held to the measured 9 pt box, with a little slack for rounding (8 pt text would fall about 1.3 pt short).
    const { nine } = await ninePtHeight();
    expect(smallest.height, `smallest word「${smallest.text}」on page ${smallest.page}`).toBeGreaterThanOrEqual(nine - 0.3);

    // The 打印 sheet's pages: those with its 填报单位 line. Each carries the title and every print header.
    const pages = [...new Set(words.filter((w) => w.text.startsWith('填报单位：城关镇综治中心（盖章）')).map((w) => w.page))];
    expect(pages.length).toBeGreaterThanOrEqual(kind === 'residents' ? 2 : 1);
    for (const page of pages) {
      const text = words.filter((w) => w.page === page).map((w) => w.text).join(' ');
      expect(text).toContain(`城关镇${def.name}`);
      for (const c of def.print.columns.filter((x) => x.keys[0] !== 'status' || kind !== 'residents')) {
        expect(text, `page ${page} header ${c.header}`).toContain(c.header.split('\n')[0]!);
      }
    }
    // The sign-off and the stamp's place end the last page together.
    const last = words.filter((w) => w.page === pages[pages.length - 1]).map((w) => w.text).join(' ');
    expect(last).toContain('（单位盖章）');
    expect(last).toContain('填表人：');

    // Look at it: the first page of the print layout as PNG (test-results/ledgers).
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', String(pages[0]), '-l', String(pages[0]), '-singlefile', pdf, join(PNG_DIR, `${kind}-print`)]);
    expect(readFileSync(join(PNG_DIR, `${kind}-print.png`)).length).toBeGreaterThan(5000);
  }, 240_000);
});

describe('a ledger too long to print', () => {
  it('keeps every row in the full sheet and puts only a note on the 打印 sheet above PRINT_MAX_ROWS', async () => {
    const t = openTempLedger({ today: '2026-11-23' });
    try {
      generateDemoTown(t.ctx, { residents: PRINT_MAX_ROWS + 300, seed: 4 });
      const path = join(t.dir, '实有人口.xlsx');
      const seen: number[] = [];
      const r = await writeLedgerBook({ ...t.ctx, progress: (done, total) => seen.push(done / total) }, 'residents', path, { generatedAt: '2026-11-23T08:00:00Z' });
      expect(r.rows).toBeGreaterThan(PRINT_MAX_ROWS);
      const wb = await readBook(path);
      expect(wb.worksheets[0]!.rowCount).toBeGreaterThan(r.rows);
      const print = wb.getWorksheet(PRINT_SHEET)!;
      expect(print.rowCount).toBe(1);
      expect(String(print.getCell('A1').value)).toContain('不生成打印页');
      // Progress still reaches the end: one pass, not two.
      expect(Math.max(...seen)).toBeGreaterThan(0.9);
      // A key-group ledger of the same town is short: its 打印 sheet is the full layout.
      const released = join(t.dir, '帮教.xlsx');
      await writeLedgerBook(t.ctx, 'released', released, { generatedAt: '2026-11-23T08:00:00Z' });
      expect((await readBook(released)).getWorksheet(PRINT_SHEET)!.rowCount).toBeGreaterThan(3);
    } finally {
      t.close();
    }
  });
});
