// The lean xlsx writer behind the ledger workbooks: what it writes must read back in exceljs and in our own import
// reader exactly as written — text with XML's special characters and control characters, stacked lines, numbers,
// styles, merges, print setup — and the zip must be one `unzip -t` accepts.
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { XlsxWriter, columnLetter, xmlText } from '../../electron/core/xlsx/xlsxWriter';
import { tempDir } from '../helpers/tempLedger';

const { dir, cleanup } = tempDir();
afterAll(() => cleanup());

async function write(path: string, body: (wb: XlsxWriter) => Promise<void>, sheetNames = ['台账']) {
  const out = createWriteStream(path);
  const wb = new XlsxWriter(out, { created: new Date('2026-11-30T02:00:00Z'), creator: '乡镇综治台账', sheetNames });
  await wb.start();
  await body(wb);
  await wb.finish();
  out.end();
  await once(out, 'close');
}

describe('xlsxWriter', () => {
  it('names columns as Excel does', () => {
    expect([1, 26, 27, 52, 53, 702, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('escapes markup and drops the control characters XML cannot hold', () => {
    expect(xmlText('a<b>&"c"\u0001\u0008\u000b\td\ne')).toBe('a&lt;b&gt;&amp;&quot;c&quot;\td\ne');
  });

  it('writes cells, styles, merges and print setup that exceljs reads back as written', async () => {
    const path = join(dir, 'a.xlsx');
    const hostile = '张三 <script>&amp; "引号" \u0007响铃';
    await write(path, async (wb) => {
      const bold = wb.style({ font: { name: '宋体', size: 16, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' } });
      const text = wb.style({ font: { name: '宋体', size: 10 }, border: true, numFmt: '@', alignment: { wrapText: true } });
      const money = wb.style({ font: { name: '宋体', size: 10 }, border: true, numFmt: '0.00' });
      await wb.sheet(
        {
          name: '台账', widths: [12, 20, 9], paperSize: 8, orientation: 'landscape', scale: 100,
          margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 }, titleRows: 3, frozenRows: 3, footer: '&C第 &P 页 共 &N 页',
        },
        async (rows) => {
          rows.merge('A1:C1');
          await rows.row([{ value: '青石镇台账', style: bold }], 30);
          await rows.row([{ value: hostile, style: text }, { value: '张卫东\n男', style: text }, { value: 350.5, style: money }]);
          await rows.row([null, { value: '', style: text }, { value: Number.NaN, style: money }], 20);
          await rows.row([{ value: '320102199001011234', style: text }]);
          await rows.row([{ value: '  两头有空格 ', style: text }, { value: '中间 有空格', style: text }, { value: '制表\t符', style: text }]);
        },
      );
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('台账')!;
    expect(wb.created.toISOString()).toBe('2026-11-30T02:00:00.000Z');
    expect(ws.getCell('A1').value).toBe('青石镇台账');
    expect(ws.getCell('A1').font).toMatchObject({ name: '宋体', size: 16, bold: true });
    expect(ws.getCell('A1').isMerged && ws.getCell('C1').master.address).toBe('A1');
    expect(ws.getCell('A2').value).toBe('张三 <script>&amp; "引号" 响铃');
    expect(ws.getCell('B2').value).toEqual({ richText: [{ text: '张卫东\n男' }] });
    expect(ws.getCell('C2').value).toBe(350.5);
    expect(ws.getCell('C2').numFmt).toBe('0.00');
    expect(ws.getCell('A2').numFmt).toBe('@');
    expect(ws.getCell('A2').alignment?.wrapText).toBe(true);
    expect(ws.getCell('A2').border?.left?.style).toBe('thin');
    expect(ws.getCell('C3').value).toBeNull();
    // A long ID number stays text, every digit kept.
    expect(ws.getCell('A4').value).toBe('320102199001011234');
    expect(ws.getRow(1).height).toBe(30);
    expect(ws.columns.map((c) => c.width)).toEqual([12, 20, 9]);
    expect(ws.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', scale: 100, printTitlesRow: '1:3' });
    expect(ws.headerFooter.oddFooter).toBe('&C第 &P 页 共 &N 页');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.getCell('A5').value).toBe('  两头有空格 ');
    // Spaces at an end (and tabs) are kept by xml:space; text without them does without it (a quarter of a big sheet).
    const xml = execFileSync('unzip', ['-p', path, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
    expect(xml).toContain('<t xml:space="preserve">  两头有空格 </t>');
    expect(xml).toContain('<t xml:space="preserve">制表\t符</t>');
    expect(xml).toContain('<t>中间 有空格</t>');
    expect(xml).toContain('<t>320102199001011234</t>');
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toContain('No errors detected');
  });

  it('writes the same bytes for the same rows and date, and streams a large sheet', async () => {
    const rows = async (wb: XlsxWriter) => {
      const s = wb.style({ font: { name: '宋体', size: 10 } });
      await wb.sheet({ name: '台账', widths: [10, 10], paperSize: 9, orientation: 'portrait', scale: 100, margins: { left: 1, right: 1, top: 1, bottom: 1, header: 0, footer: 0 } }, async (r) => {
        for (let i = 0; i < 30_000; i++) await r.row([{ value: `第${i}行`, style: s }, { value: i, style: s }]);
      });
    };
    const a = join(dir, 'big-a.xlsx');
    const b = join(dir, 'big-b.xlsx');
    await write(a, rows);
    await write(b, rows);
    expect(execFileSync('cmp', [a, b]).length).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(a);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(30_000);
    expect(ws.getCell('A30000').value).toBe('第29999行');
    expect(ws.getCell('B30000').value).toBe(29999);
  });

  it('a cell larger than a whole chunk, escapes that grow the text, and rows across chunk ends all read back whole', async () => {
    // The sheet is encoded into 256 KB chunks: a 400,000-character cell (1.2 MB in UTF-8) does not fit one, markup
    // six times its length when escaped must get room for what it becomes, and many mid-size rows end chunks anywhere.
    const huge = '网格'.repeat(200_000);
    const markup = '"&<>'.repeat(20_000);
    const mid = (i: number) => `第${i}行 ${'走访记录'.repeat(40 + (i % 17))}`;
    const path = join(dir, 'chunks.xlsx');
    await write(path, async (wb) => {
      const s = wb.style({ font: { name: '宋体', size: 10 } });
      await wb.sheet({ name: '台账', widths: [40, 40], paperSize: 9, orientation: 'portrait', scale: 100, margins: { left: 1, right: 1, top: 1, bottom: 1, header: 0, footer: 0 } }, async (r) => {
        await r.row([{ value: huge, style: s }, { value: 1, style: s }]);
        await r.row([{ value: markup, style: s }, { value: '甲\n乙', style: s }]);
        for (let i = 0; i < 3000; i++) await r.row([{ value: mid(i), style: s }, { value: i + 0.5, style: s }]);
      });
    });
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toContain('No errors detected');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe(huge);
    expect(ws.getCell('B1').value).toBe(1);
    expect(ws.getCell('A2').value).toBe(markup);
    expect(ws.getCell('B2').value).toEqual({ richText: [{ text: '甲\n乙' }] });
    for (const i of [0, 1, 777, 1500, 2999]) {
      expect(ws.getCell(`A${i + 3}`).value).toBe(mid(i));
      expect(ws.getCell(`B${i + 3}`).value).toBe(i + 0.5);
    }
    expect(ws.rowCount).toBe(3002);
  });

  it('refuses a sheet it was not told about at the start', async () => {
    await expect(
      write(join(dir, 'bad.xlsx'), async (wb) => {
        await wb.sheet({ name: '别的表', widths: [10], paperSize: 9, orientation: 'portrait', scale: 100, margins: { left: 1, right: 1, top: 1, bottom: 1, header: 0, footer: 0 } }, async () => {});
      }),
    ).rejects.toThrow(/not announced/);
  });
});
