// The resident import template: sheet 人口信息 (header row, a row explaining each column, text
// format where Excel would mangle numbers, dropdowns for code columns) and sheet 取值说明 with the
// allowed values of every code column. Its headers are the names the importer recognises first.
import { excel } from '../xlsx/excel';
import { writeOutputFile, type OutputGuard } from '../files/safeOutput';
import { TEMPLATE_FIELDS, type FieldDef } from './columns';
import { writeTemplateHeader, writeTemplateNotes } from './templateSheets';

export const TEMPLATE_SHEET = '人口信息';
export const VALUES_SHEET = '取值说明';
/** Rows of the data sheet that get text format and dropdowns. */
const PREPARED_ROWS = 5000;

const FONT = { name: '宋体', size: 11 };
const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };


export function templateHeader(f: FieldDef): string {
  return f.required ? `*${f.label}` : f.label;
}

const KEY_CONCERN_VALUES = [
  { code: '是', label: '是', aliases: ['1', 'Y', '√'] },
  { code: '否', label: '否', aliases: ['0', 'N', '空白'] },
];

export async function writeResidentTemplate(path: string, guard: OutputGuard): Promise<void> {
  const wb = new (excel().Workbook)();
  wb.creator = '乡镇综治台账';
  wb.created = new Date();
  const ws = wb.addWorksheet(TEMPLATE_SHEET, { views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }] });
  const values = wb.addWorksheet(VALUES_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });

  // ── 取值说明 ──
  values.columns = [{ width: 16 }, { width: 8 }, { width: 30 }, { width: 30 }, { width: 16 }];
  values.mergeCells('A1:E1');
  values.getCell('A1').value = '取值说明：下列各列可以填写「代码」或「名称」，也可以填写「也可填写」中的写法；导入时统一保存为代码。';
  values.getCell('A1').font = { ...FONT, bold: true };
  values.getCell('A1').alignment = { wrapText: true, vertical: 'middle' };
  values.getRow(1).height = 32;
  const head = values.getRow(2);
  head.values = ['列名', '代码', '名称', '也可填写', '依据标准'];
  head.eachCell((c) => {
    c.font = { ...FONT, bold: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    c.border = BORDER;
  });
  const listRanges = new Map<string, string>();
  let r = 3;
  const addBlock = (f: FieldDef, entries: readonly { code: string; label: string; aliases?: readonly string[] }[], standard: string) => {
    const first = r;
    for (const e of entries) {
      const row = values.getRow(r++);
      row.values = [f.label, e.code, e.label, (e.aliases ?? []).join('、'), standard];
      row.eachCell((c) => {
        c.font = FONT;
        c.border = BORDER;
      });
      row.getCell(2).numFmt = '@';
    }
    listRanges.set(f.key, `'${VALUES_SHEET}'!$C$${first}:$C$${r - 1}`);
  };
  for (const f of TEMPLATE_FIELDS) {
    if (f.table) addBlock(f, f.table.entries, f.key === 'education' ? 'GB/T 4658-2006（列名写成「文化程度(1984)」时按1984版读取）' : (f.table.standard ?? ''));
    else if (f.key === 'keyConcern') addBlock(f, KEY_CONCERN_VALUES, '');
  }
  r++;
  writeTemplateNotes(values, r, [
    '公民身份号码：18位，末位可以是 X；旧的15位号码会自动升为18位；性别、出生日期以身份证号为准，填写的须与之一致。',
    '网格编码：15位 = 12位村/社区统计用区划代码 + 3位网格序号（001–899 综合网格，901–999 专属网格）；也可在「网格名称」列填写网格名称。',
    '户号：同一户的人填写相同户号；本软件已有的户号会沿用，新的户号会新建一户（住址取现住址）。户标签可填多个，用 、或 , 分隔。',
    '已在册的人员（身份证号相同）会按文件更新；文件中空白的格子不会清除已有的信息。',
  ], 'E');

  // ── 人口信息 ──
  writeTemplateHeader(
    ws,
    TEMPLATE_FIELDS.map((f) => ({ label: f.label, required: f.required, explain: f.explain, width: f.width, text: f.text, list: f.key === 'householdTags' ? undefined : listRanges.get(f.key) })),
    PREPARED_ROWS,
  );

  await writeOutputFile(path, guard, (out) => wb.xlsx.write(out));
}
