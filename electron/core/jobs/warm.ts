// What a spare job worker does while it waits (runner.ts): it loads the libraries the month's package uses and runs
// the package's own writers on made-up figures — every statutory table as xlsx and PDF, a trend chart, the PDFs
// joined, a zip — twice, so their hot code is compiled and optimised before staff click 生成. Measured on the 100k
// bench town: ~1.5 s of V8's compiling moved off the package. No data is read: no database is open yet, and no file
// is written.
import JSZip from 'jszip';
import type { TrendPoint } from '../../../shared/contract/reports';
import { trendChart } from '../../../shared/reports/charts';
import { ALL_TABLES, type FigureRow, type TableDefinition } from '../../../shared/reports/tables';
import { PDF_FONT } from '../pdf/render';
import { chartSvg } from '../reports/chartSvg';
import { tablePdfBuffer } from '../reports/tablePdf';
import { buildTableWorkbook } from '../reports/tableXlsx';
import { excel } from '../xlsx/excel';

const SAMPLE = { text: '示例村', count: 3, money: 1234.5, rate: 0.5, score: 90, index: 1 } as const;

/** Rows of made-up figures for a table: every figure a column shows (and a rate divides) has a value. */
function sampleRows(def: TableDefinition, n: number): FigureRow[] {
  return Array.from({ length: n }, (_, i) => {
    const row: Record<string, unknown> = {};
    for (const c of def.columns) {
      if (c.figure) row[c.figure] = c.kind === 'text' ? `${SAMPLE.text}${i + 1}` : SAMPLE[c.kind];
      if (c.rateOf) {
        row[c.rateOf.numerator] = SAMPLE.count;
        row[c.rateOf.denominator] = SAMPLE.count * 2;
      }
    }
    return row;
  });
}

const samplePoints = (): TrendPoint[] =>
  Array.from({ length: 12 }, (_, i) => ({
    month: `2025-${String(i + 1).padStart(2, '0')}`, released: 40 + i, releasedKey: 3, outOfContact: i % 2, reportOverdue: 1, patients: 60, patientsStable: 50,
    highRisk: 2, lowIncomeHouseholds: 300, lowIncomePersons: 520, residents: 100_000, households: 33_000, disputesFound: 12, disputesResolved: 10,
  }));

async function onePass(): Promise<void> {
  const pdfs: Buffer[] = [];
  for (const def of Object.values(ALL_TABLES)) {
    const input = { def, townName: '预热镇', month: '2025-12', rows: sampleRows(def, 24), filledOn: '2026-01-05' };
    await buildTableWorkbook(input).xlsx.writeBuffer();
    pdfs.push(await tablePdfBuffer(input));
  }
  await chartSvg(trendChart(samplePoints(), 'released', PDF_FONT.body), 480, 260);
  const { PDFDocument } = await import('pdf-lib');
  const joined = await PDFDocument.create({ updateMetadata: false });
  for (const pdf of pdfs) {
    const part = await PDFDocument.load(pdf, { updateMetadata: false });
    for (const page of await joined.copyPages(part, part.getPageIndices())) joined.addPage(page);
  }
  await joined.save({ useObjectStreams: false });
}

export async function warmUp(): Promise<void> {
  // A county form is read and written by exceljs too.
  const ExcelJS = excel();
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('预热').addRow(['村（社区）', '合计', 0.5]);
  await new ExcelJS.Workbook().xlsx.load(await wb.xlsx.writeBuffer());
  await onePass();
  await onePass();
  const zip = new JSZip();
  zip.file('预热.txt', '预热');
  await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
