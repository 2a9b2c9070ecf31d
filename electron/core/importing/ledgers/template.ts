// A ledger's import template, like the resident one: the data sheet (header row, a row explaining each
// column, text format where Excel would mangle numbers, dropdowns for code columns) and 取值说明 with every
// code table the columns use, plus the ledger's notes. Its headers are the names the import knows first.
import { excel } from '../../xlsx/excel';
import { riskLevelTable } from '../../../../shared/codes/ledger';
import type { CodeEntry } from '../../../../shared/codes';
import { writeOutputFile, type OutputGuard } from '../../files/safeOutput';
import { VALUES_SHEET } from '../template';
import { PERSON_COLUMNS, type LedgerColumn } from './columns';
import type { LedgerDefinition } from './types';
import { writeTemplateHeader, writeTemplateNotes } from '../templateSheets';

const PREPARED_ROWS = 2000;
const FONT = { name: '宋体', size: 11 };
const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE8EEF7' } };


const YES_NO: CodeEntry[] = [
  { code: '是', label: '是', aliases: ['1', 'Y', '√', '有'] },
  { code: '否', label: '否', aliases: ['0', 'N', '无', '空白'] },
];

/** The values a column takes, for 取值说明; null for free text, dates and numbers. */
function valuesOf(c: LedgerColumn): { entries: readonly CodeEntry[]; standard: string } | null {
  if (c.kind === 'code' && c.table) return { entries: c.table.entries, standard: c.table.standard ?? '' };
  if (c.kind === 'yesno') return { entries: YES_NO, standard: '' };
  if (c.kind === 'risk') return { entries: riskLevelTable.entries, standard: riskLevelTable.standard ?? '' };
  return null;
}

export function ledgerTemplateColumns(def: LedgerDefinition): LedgerColumn[] {
  // 网格 (code or name in one column) is a header the import reads, not a template column.
  return [...PERSON_COLUMNS.filter((c) => c.key !== 'grid'), ...def.columns];
}

export async function writeLedgerTemplate(def: LedgerDefinition, path: string, guard: OutputGuard): Promise<void> {
  const wb = new (excel().Workbook)();
  wb.creator = '乡镇综治台账';
  wb.created = new Date();
  const ws = wb.addWorksheet(def.sheetName, { views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }] });
  const values = wb.addWorksheet(VALUES_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  const columns = ledgerTemplateColumns(def);

  // ── 取值说明 ──
  values.columns = [{ width: 18 }, { width: 8 }, { width: 34 }, { width: 30 }, { width: 18 }];
  values.mergeCells('A1:E1');
  values.getCell('A1').value = `${def.title}台账导入：下列各列可以填写「代码」或「名称」，也可以填写「也可填写」中的写法；导入时统一保存为代码。`;
  values.getCell('A1').font = { ...FONT, bold: true };
  values.getCell('A1').alignment = { wrapText: true, vertical: 'middle' };
  values.getRow(1).height = 32;
  const head = values.getRow(2);
  head.values = ['列名', '代码', '名称', '也可填写', '依据标准'];
  head.eachCell((c) => {
    c.font = { ...FONT, bold: true };
    c.fill = HEAD_FILL;
    c.border = BORDER;
  });
  const lists = new Map<string, string>();
  let r = 3;
  for (const c of columns) {
    const v = valuesOf(c);
    if (!v) continue;
    const first = r;
    for (const e of v.entries) {
      const row = values.getRow(r++);
      row.values = [c.label, e.code, e.label, (e.aliases ?? []).join('、'), v.standard];
      row.eachCell((cell) => {
        cell.font = FONT;
        cell.border = BORDER;
      });
      row.getCell(2).numFmt = '@';
    }
    lists.set(c.key, `'${VALUES_SHEET}'!$C$${first}:$C$${r - 1}`);
  }
  r++;
  writeTemplateNotes(values, r, [
    ...def.notes,
    '日期可写成 2021-11-10、2021.11.10、2021/11/10、2021年11月10日、20211110，或 Excel 的日期格式。表头上方可以有标题行。',
  ], 'E', 32);

  // ── data sheet ──
  const text = new Set(['idNumber', 'phone', 'householdNumber', 'gridCode', 'certificateNumber', 'guardianPhone']);
  writeTemplateHeader(
    ws,
    columns.map((c) => ({ label: c.label, required: c.required, explain: c.explain, width: c.width, text: text.has(c.key), list: lists.get(c.key) })),
    PREPARED_ROWS,
  );
  await writeOutputFile(path, guard, (out) => wb.xlsx.write(out));
}
