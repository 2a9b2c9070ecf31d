// What a spare job worker does while it waits (runner.ts): it loads the libraries the month's package uses and runs
// each once on a few words of made-up text — a workbook, a chart, a PDF in both bundled fonts, a joined PDF, a zip —
// so the package's first file is not also the first run of each library. No data is read: no database is open yet.
import JSZip from 'jszip';
import { excel } from '../xlsx/excel';
import { chartSvg } from '../reports/chartSvg';
import { PDF_FONT, pdfBuffer } from '../pdf/render';

export async function warmUp(): Promise<void> {
  const ExcelJS = excel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('预热', { pageSetup: { paperSize: 9, orientation: 'landscape' } });
  ws.addRow(['村（社区）', '合计', 0.5]);
  ws.mergeCells('A2:C2');
  // Written, then read back, as a county form is.
  await new ExcelJS.Workbook().xlsx.load(await wb.xlsx.writeBuffer());
  const svg = await chartSvg(
    { xAxis: { type: 'category', data: ['一月', '二月'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [1, 2] }, { type: 'line', data: [2, 1] }] },
    240,
    120,
  );
  const pdf = await pdfBuffer({
    content: [
      { text: '预热文字 月度工作报告', font: PDF_FONT.title, bold: true, fontSize: 16 },
      { text: '网格 帮教 随访 2026 年', font: PDF_FONT.body },
      { table: { headerRows: 1, body: [['村', '合计'], ['一', '1']] } },
      { svg, width: 120 },
    ],
    defaultStyle: { font: PDF_FONT.body },
  });
  const { PDFDocument } = await import('pdf-lib');
  const joined = await PDFDocument.create({ updateMetadata: false });
  const part = await PDFDocument.load(pdf, { updateMetadata: false });
  for (const page of await joined.copyPages(part, part.getPageIndices())) joined.addPage(page);
  await joined.save({ useObjectStreams: false });
  const zip = new JSZip();
  zip.file('预热.txt', '预热');
  await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
