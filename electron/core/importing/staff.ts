// Excel import of the town's staff roster (网格员花名册), and its template.
//   1. probe the file; read the data sheet (sheets.ts: choice, merges, truncation), find the header
//      under any merged title rows, check every row                                  — 读取文件
//   2. match: staff by ID number (update) or new; grids by code or name            — 检查数据
//   3. write through the staff services in one transaction                         — 写入数据库
// A dry run stops after 2; a real run with problems writes nothing unless skipInvalid.
import { isNotNull } from 'drizzle-orm';
import { excel } from '../xlsx/excel';
import type { ImportReport } from '../../../shared/contract/importing';
import { staffInput } from '../../../shared/contract/grid';
import { labelOf, resolveCode } from '../../../shared/codes';
import { staffRoleTable } from '../../../shared/codes/grid';
import { checkIdAgainstToday, normalizeIdNumber } from '../../../shared/rules/idNumber';
import type { ServiceContext } from '../context';
import { staff } from '../db/schema';
import { AppError } from '../errors';
import { shortPath, writeOutputFile, type OutputGuard } from '../files/safeOutput';
import { createStaff, getStaff, updateStaff } from '../grids/staff';
import { cellDate, cellRaw, cleanCompact, cleanName, cleanText, rawText, type Raw } from './cells';
import { matchColumns, type ColumnDef, type MatchedColumn } from './columns';
import { MAX_DATA_ROWS, probeWorkbook, type WorkbookProbe } from './fileCheck';
import { gridLookup, type GridRefKind, type GridRow } from './gridLookup';
import { ImportRefusedError, inImportTransaction, type ImportOptions } from './residents';
import { ProblemSink } from './rows';
import { isExplanationRow, isFooterRow, readDataSheet, rowTexts, type SheetPass, type SheetSummary, type SheetVisit } from './sheets';
import { writeTemplateHeader, writeTemplateNotes } from './templateSheets';

type StaffKey = 'name' | 'idNumber' | 'phone' | 'role' | 'gridCode' | 'gridName' | 'grid' | 'startDate' | 'endDate' | 'note';

interface StaffColumn extends ColumnDef<StaffKey> {
  explain: string;
  width: number;
  required?: boolean;
  text?: boolean;
  /** A header variant only, not a template column. */
  readOnly?: boolean;
}

export const STAFF_COLUMNS: readonly StaffColumn[] = [
  { key: 'name', label: '姓名', required: true, width: 10, aliases: ['网格员姓名', '人员姓名', '名字'], explain: '必填，不超过20字' },
  { key: 'idNumber', label: '公民身份号码', required: true, text: true, width: 22,
    aliases: ['身份证号', '身份证号码', '身份证', '公民身份证号', '公民身份证号码', '居民身份证号码', '身份号码', '证件号码'],
    explain: '18位（旧的15位也可），必填；已登记的网格员按此号码更新' },
  { key: 'phone', label: '联系电话', text: true, width: 14, aliases: ['电话', '手机号码', '手机', '手机号', '电话号码', '联系方式'], explain: '手机或固定电话，选填' },
  { key: 'role', label: '职务', required: true, width: 12,
    aliases: ['角色', '网格职务', '岗位', '职位', '网格角色', '担任职务', '人员类别', '类别', '身份', '网格员类别', '网格员类型'],
    explain: '如 专职网格员 或 02，必填，见「取值说明」' },
  { key: 'grid', label: '所在网格', required: true, width: 24,
    aliases: ['网格', '所属网格', '服务网格', '负责网格', '责任网格', '所在网格名称', '网格名称及编码'],
    explain: '15位网格编码或网格名称（重名时写「村名+网格名」）；服务多个网格用 、分隔' },
  { key: 'gridCode', label: '网格编码', readOnly: true, text: true, width: 18, aliases: ['网格代码', '所属网格编码', '网格编号'], explain: '' },
  { key: 'gridName', label: '网格名称', readOnly: true, width: 14, aliases: ['所属网格名称'], explain: '' },
  { key: 'startDate', label: '任职日期', width: 12,
    aliases: ['任职时间', '上岗日期', '上岗时间', '入职日期', '入职时间', '聘用日期', '聘用时间', '任职起始日期', '开始日期'],
    explain: '如 2021-11-10、2021.11.10、2021年11月10日，选填' },
  { key: 'endDate', label: '离任日期', width: 12, aliases: ['离任时间', '离职日期', '离职时间', '卸任日期', '任职结束日期'], explain: '已离任的填写，选填' },
  { key: 'note', label: '备注', width: 20, aliases: [], explain: '选填，不超过200字' },
];
const TEMPLATE_COLUMNS = STAFF_COLUMNS.filter((c) => !c.readOnly);
const COLUMN: Record<StaffKey, StaffColumn> = Object.fromEntries(STAFF_COLUMNS.map((c) => [c.key, c])) as Record<StaffKey, StaffColumn>;
const NEEDED: readonly (StaffKey | readonly StaffKey[])[] = ['name', ['idNumber', 'role', 'grid', 'gridCode', 'gridName']];

export const STAFF_TEMPLATE_SHEET = '网格员花名册';
const VALUES_SHEET = '取值说明';
const HEADER_SCAN_ROWS = 30;
const PREVIEW_ROWS = 200;
const PREFERRED_SHEET = /网格员|花名册|名册|名单|人员/;
/** Short forms towns write for the roles (the table's labels and codes are accepted as well). */
const ROLE_ALIASES = new Map([
  ['专职', '02'], ['兼职', '03'], ['指导员', '04'], ['党小组长', '05'], ['网格党小组组长', '05'], ['专职网格管理员', '02'], ['兼职网格管理员', '03'],
]);
const DATE_HINT = '（可写成 2021-11-10、2021.11.10、2021/11/10、2021年11月10日 或 20211110）';
const GRID_SPLIT = /[、,，;；\n]+/;

const cancelled = () => new AppError('CANCELLED', '已取消导入，数据库未改动');

interface StaffRow {
  row: number;
  name: string;
  idNumber: string;
  phone: string | null;
  role: string;
  grids: GridRow[];
  startDate: string | null;
  endDate: string | null;
  note: string | null;
}

interface StaffRead {
  sheet: string;
  columns: MatchedColumn<StaffKey>[];
  rows: StaffRow[];
  glimpses: { row: number; idNumber: string; name: string; grid: string; role: string }[];
  badRows: Set<number>;
  totalRows: number;
  problems: ProblemSink;
}

export async function importStaff(ctx: ServiceContext, path: string, opts: ImportOptions): Promise<ImportReport> {
  if (ctx.signal?.aborted) throw cancelled();
  const probe = probeWorkbook(path);
  const looked: string[] = [];
  const found = await readDataSheet(
    ctx,
    probe,
    { sheet: opts.sheet, preferred: PREFERRED_SHEET, isHeader: (t) => matchColumns(t, STAFF_COLUMNS, NEEDED) !== null, headerScanRows: HEADER_SCAN_ROWS },
    (pass) => readStaffSheet(ctx, pass, probe),
    looked,
  );
  if (!found) {
    throw new AppError(
      'BAD_FILE',
      `在文件「${shortPath(probe.file)}」中没有找到网格员花名册的表头行（已查看工作表 ${looked.map((n) => `「${n}」`).join('、')} 的前 ${HEADER_SCAN_ROWS} 行）。` +
        '必需的列：「姓名」「公民身份号码」「职务」（也可写作 角色、岗位）和「所在网格」（也可写作 网格、网格编码、网格名称）。请使用网格员导入模板，或把表头改成这些列名。',
    );
  }
  const read = found.result;
  if (ctx.signal?.aborted) throw cancelled();
  if (opts.dryRun) return makeReport(read, plan(ctx, read), true, found.warnings, found.sheets);
  return inImportTransaction(ctx, () => {
    const p = plan(ctx, read);
    if (read.problems.total > 0 && !opts.skipInvalid) {
      const report = { ...makeReport(read, p, false, found.warnings, found.sheets), added: 0, updated: 0, skipped: read.totalRows };
      throw new ImportRefusedError(report, { rows: read.badRows.size, problems: read.problems.total });
    }
    write(ctx, p);
    return makeReport(read, p, false, found.warnings, found.sheets);
  });
}

// ───── Reading ─────

async function readStaffSheet(ctx: ServiceContext, pass: SheetPass, probe: WorkbookProbe): Promise<SheetVisit<StaffRead> | null> {
  const sheet = pass.info.name;
  const problems = new ProblemSink();
  const grids = gridLookup(ctx);
  let columns: MatchedColumn<StaffKey>[] | null = null;
  let byKey = new Map<StaffKey, MatchedColumn<StaffKey>>();
  let headerRow = 0;
  let firstAfterHeader = true;
  let dataRows = 0;
  const rows: StaffRow[] = [];
  const glimpses: StaffRead['glimpses'] = [];
  const badRows = new Set<number>();
  const firstById = new Map<string, StaffRow | number>();
  const total = Math.max(pass.info.rows ?? 1, 1);

  for await (const row of pass.rows) {
    const values = pass.values(row);
    if (!columns) {
      columns = matchColumns(rowTexts(values), STAFF_COLUMNS, NEEDED);
      if (!columns) {
        if (row.number >= HEADER_SCAN_ROWS) return null;
        continue;
      }
      headerRow = row.number;
      byKey = new Map(columns.filter((c) => c.key).map((c) => [c.key!, c]));
      const missing = (['name', 'idNumber', 'role'] as const).filter((k) => !byKey.has(k)).map((k) => `「${COLUMN[k].label}」`);
      if (!byKey.has('grid') && !byKey.has('gridCode') && !byKey.has('gridName')) missing.push('「所在网格」');
      if (missing.length) {
        throw new AppError('BAD_FILE', `工作表「${sheet}」第 ${headerRow} 行是表头，但缺少必需的列：${missing.join('、')}。请使用网格员导入模板，或补上这些列。`);
      }
      continue;
    }
    const raw = (k: StaffKey): Raw => {
      const c = byKey.get(k);
      return c ? cellRaw(values[c.col]) : null;
    };
    if (firstAfterHeader) {
      firstAfterHeader = false;
      if (isExplanationRow(rowTexts(values))) continue;
    }
    const texts = columns.filter((c) => c.key).map((c) => rawText(cellRaw(values[c.col])).trim());
    if (texts.every((t) => t === '')) continue;
    if (isFooterRow(rowTexts(values))) continue;
    dataRows++;
    if (dataRows > MAX_DATA_ROWS) throw new AppError('BAD_FILE', `工作表「${sheet}」超过 ${MAX_DATA_ROWS} 行，不像是网格员花名册，请检查文件。`);
    if (dataRows % 200 === 0) {
      ctx.progress?.(row.number, Math.max(total, row.number), '读取文件');
      if (ctx.signal?.aborted) throw cancelled();
    }

    const before = problems.total;
    const fail = (k: StaffKey, message: string) => {
      const c = byKey.get(k)!;
      problems.push({ sheet, row: row.number, column: `${c.letter}（${c.header}）`, field: COLUMN[k].label, message });
    };

    const name = cleanName(raw('name'));
    if (!name) fail('name', '缺少姓名（必填）');
    else {
      const checked = staffInput.shape.name.safeParse(name);
      if (!checked.success) fail('name', checked.error.issues[0]?.message ?? '姓名不正确');
    }

    let idNumber = '';
    const idRaw = raw('idNumber');
    if (idRaw === null || rawText(idRaw).trim() === '') fail('idNumber', '缺少公民身份号码（必填，用来识别网格员是否已登记）');
    else {
      const id = checkIdAgainstToday(normalizeIdNumber(typeof idRaw === 'number' ? idRaw : rawText(idRaw)), ctx.today());
      if (!id.ok) fail('idNumber', id.reason);
      else idNumber = id.idNumber;
    }

    let role = '';
    const roleText = cleanCompact(raw('role'));
    if (!roleText) fail('role', `缺少职务（必填，可填：${staffRoleTable.entries.map((e) => e.label).join('、')}）`);
    else {
      role = resolveCode(staffRoleTable, roleText) ?? ROLE_ALIASES.get(roleText) ?? '';
      if (!role) fail('role', `职务「${roleText}」不在代码表中（可填：${staffRoleTable.entries.map((e) => `${e.label}（${e.code}）`).join('、')}）`);
    }

    let phone: string | null = null;
    const phoneText = cleanText(raw('phone'));
    if (phoneText) {
      const checked = staffInput.shape.phone.safeParse(phoneText);
      if (checked.success) phone = checked.data;
      else fail('phone', `「${phoneText}」不是电话号码（${checked.error.issues[0]?.message ?? '格式不正确'}）`);
    }

    // 所在网格: a code column first, then a mixed one, then a name column; several grids split by 、
    const staffGrids: GridRow[] = [];
    let gridText = '';
    for (const [key, kind] of [['gridCode', 'code'], ['grid', 'any'], ['gridName', 'name']] as const satisfies readonly (readonly [StaffKey, GridRefKind])[]) {
      if (!byKey.has(key)) continue;
      const text = cleanText(raw(key));
      if (!text) continue;
      gridText = text;
      for (const part of text.split(GRID_SPLIT)) {
        const item = kind === 'name' ? part.trim() : part.replace(/\s/g, '');
        if (!item) continue;
        const found = grids.find(item, kind);
        if (typeof found === 'string') fail(key, found);
        else if (!staffGrids.includes(found)) staffGrids.push(found);
      }
      if (staffGrids.length === 0 && problems.total === before) fail(key, `所在网格「${text}」里没有网格编码或名称`);
      break;
    }
    if (!gridText) {
      const key = (['grid', 'gridCode', 'gridName'] as const).find((k) => byKey.has(k))!;
      fail(key, '缺少所在网格（必填：15位网格编码或网格名称）');
    }

    const date = (k: 'startDate' | 'endDate'): string | null => {
      const r = raw(k);
      if (r === null || rawText(r).trim() === '') return null;
      const d = cellDate(r, probe.date1904);
      if (!d) fail(k, `${COLUMN[k].label}「${rawText(r).trim()}」不是有效日期${DATE_HINT}`);
      return d;
    };
    const startDate = byKey.has('startDate') ? date('startDate') : null;
    const endDate = byKey.has('endDate') ? date('endDate') : null;
    if (startDate && endDate && endDate < startDate) fail('endDate', `离任日期 ${endDate} 早于任职日期 ${startDate}`);

    let note: string | null = null;
    const noteText = cleanText(raw('note'));
    if (noteText) {
      const checked = staffInput.shape.note.safeParse(noteText);
      if (checked.success) note = checked.data;
      else fail('note', checked.error.issues[0]?.message ?? '备注不正确');
    }

    if (glimpses.length < PREVIEW_ROWS) glimpses.push({ row: row.number, idNumber: idNumber || cleanCompact(idRaw).toUpperCase(), name, grid: gridText, role: role ? labelOf(staffRoleTable, role) : roleText });
    const bad = problems.total > before;
    if (bad) badRows.add(row.number);

    // The same person on two rows: one row per grid served is how many rosters list it (grids merged);
    // a different name or role is a contradiction, and neither row is trusted.
    // A row with problems of its own is named by them and left out.
    if (bad) continue;
    const first = firstById.get(idNumber);
    const rec: StaffRow = { row: row.number, name, idNumber, phone, role, grids: staffGrids, startDate, endDate, note };
    if (first === undefined) {
      rows.push(rec);
      firstById.set(idNumber, rec);
      continue;
    }
    const firstRow = typeof first === 'number' ? first : first.row;
    if (typeof first !== 'number' && first.name === name && first.role === role) {
      for (const g of staffGrids) if (!first.grids.includes(g)) first.grids.push(g);
      continue;
    }
    const idColumn = byKey.get('idNumber')!;
    const message = (other: number) => `公民身份号码 ${idNumber} 与第 ${other} 行重复，但姓名或职务不同，两行都不会导入，请核对后改正`;
    problems.push({ sheet, row: row.number, column: `${idColumn.letter}（${idColumn.header}）`, field: COLUMN.idNumber.label, message: message(firstRow) });
    badRows.add(row.number);
    if (typeof first !== 'number') {
      problems.push({ sheet, row: firstRow, column: `${idColumn.letter}（${idColumn.header}）`, field: COLUMN.idNumber.label, message: message(row.number) });
      rows.splice(rows.indexOf(first), 1);
      badRows.add(firstRow);
      firstById.set(idNumber, firstRow);
    }
  }
  if (!columns) return null;
  if (dataRows === 0) throw new AppError('BAD_FILE', `工作表「${sheet}」只有表头（第 ${headerRow} 行），下面没有网格员。请填好后再导入。`);
  ctx.progress?.(total, total, '读取文件');
  return { headerRow, result: { sheet, columns, rows, glimpses, badRows, totalRows: dataRows, problems } };
}

// ───── Matching and writing ─────

interface StaffPlan {
  items: { rec: StaffRow; existingId: number | null }[];
  added: number;
  updated: number;
}

function plan(ctx: ServiceContext, read: StaffRead): StaffPlan {
  const known = new Map(
    ctx.ledger.db
      .select({ id: staff.id, idNumber: staff.idNumber })
      .from(staff)
      .where(isNotNull(staff.idNumber))
      .all()
      .map((s) => [s.idNumber!, s.id]),
  );
  const items = read.rows.map((rec) => ({ rec, existingId: known.get(rec.idNumber) ?? null }));
  const added = items.filter((i) => i.existingId === null).length;
  return { items, added, updated: items.length - added };
}

function write(ctx: ServiceContext, p: StaffPlan) {
  const total = p.items.length;
  p.items.forEach(({ rec, existingId }, i) => {
    if (i % 100 === 0) {
      ctx.progress?.(i, total, '写入数据库');
      if (ctx.signal?.aborted) throw cancelled();
    }
    const gridIds = rec.grids.map((g) => g.id);
    if (existingId === null) {
      createStaff(ctx, { name: rec.name, idNumber: rec.idNumber, phone: rec.phone ?? '', role: rec.role, gridIds, startDate: rec.startDate ?? undefined, endDate: rec.endDate ?? undefined, note: rec.note ?? '' });
      return;
    }
    // Cells the file leaves empty keep what is stored; the grids are the file's.
    const old = getStaff(ctx, existingId);
    updateStaff(ctx, {
      id: existingId, name: rec.name, idNumber: rec.idNumber, phone: rec.phone ?? old.phone, role: rec.role, gridIds,
      startDate: rec.startDate ?? old.startDate ?? undefined, endDate: rec.endDate ?? old.endDate ?? undefined, note: rec.note ?? old.note,
    });
  });
  ctx.progress?.(total, total, '写入数据库');
}

function makeReport(read: StaffRead, p: StaffPlan, dryRun: boolean, warnings: string[], sheets: SheetSummary[]): ImportReport {
  const byRow = new Map(p.items.map((i) => [i.rec.row, i]));
  const problems = read.problems.listed(read.sheet);
  return {
    dryRun,
    sheet: read.sheet,
    totalRows: read.totalRows,
    added: p.added,
    updated: p.updated,
    skipped: read.badRows.size,
    householdsAdded: 0,
    problems,
    warnings,
    sheets,
    columns: read.columns.map((c) => ({ column: c.letter, header: c.header, field: c.key ? COLUMN[c.key].label : null })),
    preview: read.glimpses.map((g) => {
      const item = byRow.get(g.row);
      const merged = item && item.rec.row === g.row ? item.rec.grids.map((x) => `${x.village} ${x.name}`).join('、') : '';
      return {
        row: g.row,
        action: !item || read.badRows.has(g.row) ? ('跳过' as const) : item.existingId === null ? ('新增' as const) : ('更新' as const),
        idNumber: g.idNumber,
        name: g.name,
        grid: merged || g.grid,
        // The staff preview's last column is the role (the resident preview's is the household).
        household: g.role,
      };
    }),
  };
}

// ───── Template ─────

const FONT = { name: '宋体', size: 11 };
const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Sheet 网格员花名册 (header, a row explaining each column) and 取值说明 (the roles, how to write grids and dates). */
export async function writeStaffTemplate(path: string, guard: OutputGuard): Promise<void> {
  const wb = new (excel().Workbook)();
  wb.creator = '乡镇综治台账';
  wb.created = new Date();
  const ws = wb.addWorksheet(STAFF_TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  const values = wb.addWorksheet(VALUES_SHEET);
  values.columns = [{ width: 12 }, { width: 8 }, { width: 20 }, { width: 40 }];
  values.getRow(1).values = ['列名', '代码', '名称', '也可填写'];
  values.getRow(1).eachCell((c) => {
    c.font = { ...FONT, bold: true };
    c.border = BORDER;
  });
  const shortForms = (code: string) => [...ROLE_ALIASES].filter(([, c]) => c === code).map(([a]) => a).join('、');
  staffRoleTable.entries.forEach((e, i) => {
    const row = values.getRow(i + 2);
    row.values = ['职务', e.code, e.label, shortForms(e.code)];
    row.getCell(2).numFmt = '@';
    row.eachCell((c) => {
      c.font = FONT;
      c.border = BORDER;
    });
  });
  const roleList = `'${VALUES_SHEET}'!$C$2:$C$${staffRoleTable.entries.length + 1}`;
  const r = staffRoleTable.entries.length + 3;
  writeTemplateNotes(values, r, [
    '公民身份号码：必填；已登记的网格员（身份证号相同）按文件更新，文件中空白的格子不改动已有信息，所在网格以文件为准。',
    '所在网格：15位网格编码（12位村/社区代码 + 3位序号），或网格名称；重名时写「村名+网格名」；一人服务多个网格用 、分隔，也可每个网格写一行。',
    '日期：2021-11-10、2021.11.10、2021/11/10、2021年11月10日 均可；离任日期不能早于任职日期。',
    '表头上方可以有标题行（合并单元格也可），表头行须包含姓名、公民身份号码、职务、所在网格。',
  ], 'D');
  writeTemplateHeader(
    ws,
    TEMPLATE_COLUMNS.map((c) => ({ label: c.label, required: c.required, explain: c.explain, width: c.width, text: c.text, list: c.key === 'role' ? roleList : undefined })),
    2000,
  );
  await writeOutputFile(path, guard, (out) => wb.xlsx.write(out));
}
