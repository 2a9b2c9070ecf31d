// Builds the xlsx files the import tests read: small hand-made sheets (any cell values, title rows,
// text-formatted columns), big generated resident files through exceljs's streaming writer, and
// broken files. Also valid ID numbers and the town/village/grid rows an import needs.
import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Sqlite } from '../../electron/core/db/open';
import { checkDigit } from '../../shared/rules/idNumber';

/** A valid 18-digit ID: region (6) + birth date (YYYYMMDD) + sequence (3; odd = male) + check digit. */
export function makeId(birth = '19900305', seq = 123, region = '320102'): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

/** The legacy 15-digit form of an ID born in the 1900s. */
export function to15(id18: string): string {
  if (id18.slice(6, 8) !== '19') throw new Error('only 19xx births have a 15-digit form');
  return id18.slice(0, 6) + id18.slice(8, 17);
}

/** The same ID with a wrong check digit. */
export function withBadCheckDigit(id18: string): string {
  const wrong = '10X98765432'.split('').find((c) => c !== id18[17])!;
  return id18.slice(0, 17) + wrong;
}

export type Cell = string | number | boolean | Date | null | undefined | { richText: { text: string }[] } | { formula: string; result: string | number };

export interface SheetSpec {
  name: string;
  /** Row 1 first; each row's first element is column A. */
  rows: Cell[][];
  /** 1-based columns to format as text ("@"). */
  textColumns?: number[];
  /** 1-based columns whose Date cells get a Chinese date format. */
  dateColumns?: number[];
  /** Ranges to merge, e.g. "M3:M11" (the value goes in the range's first cell). */
  merges?: string[];
  hidden?: boolean;
}

/** Writes a small workbook with exceljs (in memory, like a file saved by Excel); date1904 as old Mac Excel files have it. */
export async function writeXlsx(path: string, sheets: SheetSpec[], opts: { date1904?: boolean } = {}): Promise<string> {
  const wb = new ExcelJS.Workbook();
  if (opts.date1904) wb.properties.date1904 = true;
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name, spec.hidden ? { state: 'hidden' } : {});
    spec.rows.forEach((cells, r) => {
      const row = ws.getRow(r + 1);
      cells.forEach((value, c) => {
        if (value === undefined) return;
        const cell = row.getCell(c + 1);
        cell.value = value as ExcelJS.CellValue;
        if (spec.textColumns?.includes(c + 1)) cell.numFmt = '@';
        if (value instanceof Date) cell.numFmt = spec.dateColumns?.includes(c + 1) ? 'yyyy"年"m"月"d"日"' : 'yyyy-mm-dd';
      });
      row.commit();
    });
    for (const range of spec.merges ?? []) ws.mergeCells(range);
  }
  await wb.xlsx.writeFile(path);
  return path;
}

/** A UTC-midnight Date, as exceljs gives Excel dates. */
export const excelDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

// ───── Big generated files ─────

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国文志红梅春燕海波鹏辉林斌宇浩凯晨欣怡佳琪子涵雨轩梓萱一诺嘉懿俊熙';

export const BIG_HEADER = [
  '序号', '公民身份号码', '姓名', '性别', '出生日期', '民族', '文化程度', '政治面貌', '婚姻状况', '联系电话',
  '户籍地址', '现住址', '户号', '与户主关系', '户标签', '网格编码', '人员类别',
];

export interface BigFileOptions {
  /** Grid codes to spread the rows over (15 digits). */
  gridCodes: string[];
  /** First sequence number (to make different IDs in several files). */
  start?: number;
  /** false: text as inline strings in the sheet itself (some exporters do this) instead of sharedStrings.xml. */
  sharedStrings?: boolean;
}

/** Row i of a generated town: households of 1–4 people, valid IDs, labels and codes mixed. */
export function bigRow(i: number, opts: BigFileOptions): (string | number)[] {
  const n = (opts.start ?? 0) + i;
  const year = 1940 + (n % 70);
  const month = 1 + (n % 12);
  const day = 1 + (n % 28);
  const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  // Distinct IDs: region varies with n / 1000, sequence with n % 1000.
  const region = String(320102 + Math.floor(n / 1000) % 97 * 100 + Math.floor(n / 97_000));
  const id = makeId(birth, n % 1000, region);
  const name = SURNAMES[n % SURNAMES.length]! + GIVEN[(n * 7) % GIVEN.length]! + (n % 3 === 0 ? '' : GIVEN[(n * 13) % GIVEN.length]!);
  const household = Math.floor(n / 3);
  const member = n % 3;
  const grid = opts.gridCodes[household % opts.gridCodes.length]!;
  return [
    i + 1, id, name, Number(id[16]) % 2 === 1 ? '男' : '女', `${year}-${month}-${day}`,
    n % 10 === 0 ? '回族' : '01', n % 2 ? '初中毕业' : '61', n % 5 === 0 ? '中共党员' : '13', member === 0 ? '已婚' : '10',
    `139${String(n).padStart(8, '0')}`, `城关镇${household % 40}组${household}号`, `城关镇${household % 40}组${household}号`,
    `H${String(household).padStart(7, '0')}`, member === 0 ? '户主' : member === 1 ? '10' : '子', household % 50 === 0 ? '空巢老人户' : '',
    grid, n % 9 === 0 ? '流动' : '户籍',
  ];
}

/** Writes `rows` generated residents with exceljs's streaming writer (shared strings, as Excel does, unless told not to). */
export async function writeBigResidentFile(path: string, rows: number, opts: BigFileOptions): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: opts.sharedStrings ?? true, useStyles: false });
  const ws = wb.addWorksheet('人口信息');
  ws.addRow(['城关镇实有人口登记表']).commit();
  ws.addRow(BIG_HEADER).commit();
  for (let i = 0; i < rows; i++) ws.addRow(bigRow(i, opts)).commit();
  ws.commit();
  await wb.commit();
}

// ───── Bad files ─────

/** A copy of a good xlsx cut off in the middle, like an interrupted download. */
export function writeTruncatedCopy(source: string, path: string, keep = 0.6): string {
  const bytes = readFileSync(source);
  writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * keep)));
  return path;
}

/** A copy whose central directory is intact but a compressed entry is overwritten with garbage. */
export function writeCorruptedCopy(source: string, path: string): string {
  const bytes = Buffer.from(readFileSync(source));
  const at = bytes.indexOf(Buffer.from('xl/worksheets/sheet1.xml'));
  for (let i = at + 60; i < Math.min(at + 400, bytes.length - 100); i++) bytes[i] = (i * 31) & 0xff;
  writeFileSync(path, bytes);
  return path;
}

/** The header bytes of an Excel 97–2003 .xls (OLE2 compound file). */
export function writeOldXls(path: string): string {
  const bytes = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes);
  writeFileSync(path, bytes);
  return path;
}

// ───── Database rows an import needs ─────

export interface SeededGrids {
  villages: { id: number; code: string; name: string }[];
  grids: { id: number; code: string; name: string; villageId: number }[];
}

/**
 * Town 城关镇 (320121100000) with 东村 (320121100201: grids 第一网格 001, 第二网格 002, closed 老网格 003)
 * and 西村 (320121100202: 第一网格 001), in plain SQL.
 */
export function seedGrids(sqlite: Sqlite): SeededGrids {
  const now = new Date().toISOString();
  sqlite.prepare('insert into town (id, name, code, created_at, updated_at) values (1, ?, ?, ?, ?)').run('城关镇', '320121100000', now, now);
  const village = sqlite.prepare('insert into village (code, name, type, created_at, updated_at) values (?, ?, ?, ?, ?)');
  const grid = sqlite.prepare("insert into grid (village_id, code, name, kind, closed_on, close_reason, created_at, updated_at) values (?, ?, ?, '综合网格', ?, ?, ?, ?)");
  const villages = [
    { code: '320121100201', name: '东村' },
    { code: '320121100202', name: '西村' },
  ].map((v) => ({ ...v, id: Number(village.run(v.code, v.name, '村', now, now).lastInsertRowid) }));
  const [east, west] = villages as [SeededGrids['villages'][number], SeededGrids['villages'][number]];
  const grids = [
    { villageId: east.id, code: `${east.code}001`, name: '第一网格', closed: null },
    { villageId: east.id, code: `${east.code}002`, name: '第二网格', closed: null },
    { villageId: east.id, code: `${east.code}003`, name: '老网格', closed: '2025-01-01' },
    { villageId: west.id, code: `${west.code}001`, name: '第一网格', closed: null },
  ].map((g) => ({
    id: Number(grid.run(g.villageId, g.code, g.name, g.closed, g.closed ? '合并' : null, now, now).lastInsertRowid),
    code: g.code,
    name: g.name,
    villageId: g.villageId,
  }));
  return { villages, grids };
}
