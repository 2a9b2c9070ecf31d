// The same table definition as a PDF page (pdfmake 0.3, Noto Sans SC embedded as a subset): title, 填报单位 /
// 统计期 / 单位, the header with the same merges, villages and 合计, the signature line; the header repeated on every
// page (under a 续 line with the title and period) and 第 n 页 共 m 页 at the foot. Column widths keep the definition's proportions across the printable width.
import { chineseDate } from '../../../shared/rules/dates';
import { figureOf, headerLayout, periodLabel, rateText, type TableColumn } from '../../../shared/reports/tables';
import type { OutputGuard } from '../files/safeOutput';
import { PDF_FONT, pdfBuffer, writePdf } from '../pdf/render';
import { bodyRows, type TableInput } from './tableXlsx';

/** Points (1/72 inch) of the landscape pages. */
const PAGE = { A4: { width: 841.89, height: 595.28 }, A3: { width: 1190.55, height: 841.89 } } as const;
const MARGIN = 28;
function pdfCell(col: TableColumn, row: Record<string, unknown>, index: number | null): string {
  if (col.kind === 'index') return index === null ? '' : String(index);
  const v = figureOf(row, col.figure!);
  if (col.kind === 'rate') return rateText(v as number | null);
  if (col.kind === 'score') return v === null ? '—' : Number(v).toFixed(1);
  if (col.kind === 'money') return Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return String(v ?? '');
}

export function tableDocument(input: TableInput): Record<string, unknown> {
  const { def } = input;
  const page = PAGE[def.paper];
  const pageWidth = def.orientation === 'landscape' ? page.width : page.height;
  const usable = pageWidth - 2 * MARGIN;
  const units = def.columns.reduce((s, c) => s + c.width, 0);
  // pdfmake adds 2 × 4 pt of padding (and a border) to every column's width.
  const widths = def.columns.map((c) => (c.width / units) * usable - 9);
  const header = headerLayout(def);
  const headRows: Record<string, unknown>[][] = Array.from({ length: header.rows }, () => def.columns.map(() => ({})));
  for (const h of header.cells) {
    headRows[h.row]![h.col] = { text: h.label, bold: true, alignment: 'center', rowSpan: h.rowSpan, colSpan: h.colSpan, fontSize: 9, verticalAlignment: 'middle' };
  }
  const body = bodyRows(def, input.rows).map((b) =>
    def.columns.map((col) => ({
      text: pdfCell(col, b.row, b.index),
      bold: b.index === null,
      alignment: col.kind === 'text' ? 'left' : 'center',
    })),
  );
  return {
    pageSize: def.paper,
    pageOrientation: def.orientation,
    pageMargins: [MARGIN, 40, MARGIN, 36],
    defaultStyle: { font: PDF_FONT.body, fontSize: 9 },
    info: { title: `${input.townName}${def.name}`, creator: '乡镇综治台账', producer: '乡镇综治台账', creationDate: new Date(`${input.filledOn}T00:00:00Z`) },
    // From page 2 on, the title and period above the repeated header, as the xlsx repeats its title rows.
    header: (current: number) =>
      current > 1 ? { text: `${input.townName}${def.name}（续）　${periodLabel(input.month)}`, alignment: 'center', fontSize: 9, margin: [MARGIN, 18, MARGIN, 0] } : null,
    footer: (current: number, count: number) => ({ text: `第 ${current} 页 共 ${count} 页`, alignment: 'center', fontSize: 9, margin: [0, 12, 0, 0] }),
    content: [
      { text: `${input.townName}${def.name}`, fontSize: 16, bold: true, alignment: 'center', margin: [0, 0, 0, 8] },
      {
        columns: [
          { text: `填报单位：${input.townName}综治中心（盖章）`, alignment: 'left' },
          { text: periodLabel(input.month), alignment: 'center' },
          { text: def.units, alignment: 'right' },
        ],
        margin: [0, 0, 0, 4],
      },
      { table: { headerRows: header.rows, widths, body: [...headRows, ...body] }, layout: { paddingTop: () => 3, paddingBottom: () => 3 } },
      { text: def.footer.replace('{填报日期}', chineseDate(input.filledOn)), margin: [0, 10, 0, 0] },
    ],
  };
}

export async function tablePdfBuffer(input: TableInput): Promise<Buffer> {
  return pdfBuffer(tableDocument(input));
}

export async function writeTablePdf(path: string, input: TableInput, guard: OutputGuard): Promise<void> {
  await writePdf(path, tableDocument(input), guard);
}
