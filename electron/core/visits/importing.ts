// Excel import of a week's visits (走访登记表) written on paper or in a phone note, and its template. The same reader
// and rules as the resident import: the data sheet read safely (merged cells filled, explanation row skipped), every
// row checked with its sheet, row, column and reason; a dry run first; then all or nothing, or skip the bad rows.
//
// Decisions where the docs are silent:
// - 网格员 is matched by 公民身份号码 or by name among the staff the caller sees; a name two staff share is refused
//   (write the ID number). 户号 names the household; 被走访人身份证号 names a person (their household is used when 户号
//   is empty; when both are given the person must live in that household). One of the two is required.
// - A visit already on file (same household or person, date, worker and 发现情况) is not added twice: the row is
//   reported as 跳过 with no problem, so importing the same week twice is harmless.
import { excel } from '../xlsx/excel';
import { sql } from 'drizzle-orm';
import type { ImportReport } from '../../../shared/contract/importing';
import { recordMethodTable } from '../../../shared/codes/ledger';
import { resolveCode } from '../../../shared/codes';
import { normalizeIdNumber } from '../../../shared/rules/idNumber';
import type { ServiceContext } from '../context';
import { AppError } from '../errors';
import { shortPath, writeOutputFile, type OutputGuard } from '../files/safeOutput';
import { rows as allRows } from '../db/query';
import { household, record, resident, staff } from '../db/schema';
import { cellDate, cellRaw, cleanCompact, cleanName, cleanText, rawText, type Raw } from '../importing/cells';
import { matchColumns, type ColumnDef, type MatchedColumn } from '../importing/columns';
import { MAX_DATA_ROWS, probeWorkbook, type WorkbookProbe } from '../importing/fileCheck';
import { ImportRefusedError, inImportTransaction, type ImportOptions } from '../importing/residents';
import { ProblemSink } from '../importing/rows';
import { isExplanationRow, isFooterRow, readDataSheet, rowTexts, type SheetPass, type SheetSummary, type SheetVisit } from '../importing/sheets';
import { writeTemplateHeader, writeTemplateNotes } from '../importing/templateSheets';
import { insertVisit } from './service';

type VisitKey = 'date' | 'worker' | 'household' | 'idNumber' | 'name' | 'method' | 'content';

interface VisitColumn extends ColumnDef<VisitKey> {
  explain: string;
  width: number;
  required?: boolean;
  text?: boolean;
}

export const VISIT_COLUMNS: readonly VisitColumn[] = [
  { key: 'date', label: '走访日期', required: true, width: 12, aliases: ['日期', '走访时间', '时间', '入户日期'], explain: '如 2026-11-10、2026.11.10、2026年11月10日，必填，不能晚于今天' },
  { key: 'worker', label: '网格员', required: true, width: 12, aliases: ['走访人', '走访网格员', '网格员姓名', '经办人', '网格员身份证号'], explain: '网格员姓名或公民身份号码，必填；重名时写身份证号' },
  { key: 'household', label: '户号', text: true, width: 16, aliases: ['住户户号', '户编号', '走访户号'], explain: '被走访住户的户号；与被走访人身份证号至少填一项' },
  { key: 'idNumber', label: '被走访人身份证号', text: true, width: 22, aliases: ['被走访人公民身份号码', '公民身份号码', '身份证号', '身份证号码'], explain: '走访的人（如重点人员），选填' },
  { key: 'name', label: '被走访人姓名', width: 10, aliases: ['户主姓名', '姓名', '户主', '被走访人'], explain: '仅供核对，选填' },
  { key: 'method', label: '走访方式', width: 10, aliases: ['方式', '记录方式'], explain: '面谈、家访、电话或其他，空白为家访' },
  { key: 'content', label: '发现情况', required: true, width: 40, aliases: ['走访情况', '走访内容', '情况记录', '民情记录', '内容', '发现问题'], explain: '必填，不超过2000字' },
];
const COLUMN: Record<VisitKey, VisitColumn> = Object.fromEntries(VISIT_COLUMNS.map((c) => [c.key, c])) as Record<VisitKey, VisitColumn>;
const NEEDED: readonly (VisitKey | readonly VisitKey[])[] = ['date', ['worker', 'content']];

export const VISIT_TEMPLATE_SHEET = '走访登记表';
const VALUES_SHEET = '取值说明';
const HEADER_SCAN_ROWS = 30;
const PREVIEW_ROWS = 200;
const PREFERRED_SHEET = /走访|民情|登记/;
const DATE_HINT = '（可写成 2026-11-10、2026.11.10、2026/11/10、2026年11月10日 或 20261110）';

const cancelled = () => new AppError('CANCELLED', '已取消导入，数据库未改动');

interface VisitLine {
  row: number;
  date: string;
  staffId: number;
  staffName: string;
  householdId: number | null;
  residentId: number | null;
  method: string;
  content: string;
  duplicate: boolean;
}

interface VisitRead {
  sheet: string;
  columns: MatchedColumn<VisitKey>[];
  lines: VisitLine[];
  glimpses: { row: number; idNumber: string; name: string; grid: string; household: string }[];
  badRows: Set<number>;
  totalRows: number;
  problems: ProblemSink;
}

interface Lookups {
  staffByName: Map<string, { id: number; name: string }[]>;
  staffById: Map<string, { id: number; name: string }>;
  households: Map<string, number>;
  residents: Map<string, { id: number; householdId: number | null; name: string; status: string; leftOn: string | null }>;
  existing: Set<string>;
}

function lookups(ctx: ServiceContext): Lookups {
  const staffRows = allRows(ctx.ledger.sqlite, sql<{ id: number; name: string; idNumber: string | null }>`select ${staff.id} as id, ${staff.name} as name, ${staff.idNumber} as idNumber from ${staff}`);
  const staffByName = new Map<string, { id: number; name: string }[]>();
  for (const s of staffRows) staffByName.set(s.name, [...(staffByName.get(s.name) ?? []), s]);
  return {
    staffByName,
    staffById: new Map(staffRows.filter((s) => s.idNumber).map((s) => [s.idNumber!, s])),
    households: new Map(allRows(ctx.ledger.sqlite, sql<{ id: number; number: string }>`select ${household.id} as id, ${household.number} as number from ${household}`).map((h) => [h.number, h.id])),
    residents: new Map(
      allRows(ctx.ledger.sqlite, sql<{ id: number; idNumber: string; householdId: number | null; name: string; status: string; leftOn: string | null }>`select ${resident.id} as id,
        ${resident.idNumber} as idNumber, ${resident.householdId} as householdId, ${resident.name} as name, ${resident.status} as status, ${resident.leftOn} as leftOn from ${resident}`).map((r) => [r.idNumber, r]),
    ),
    existing: new Set(
      allRows(ctx.ledger.sqlite, sql<{ k: string }>`select coalesce(${record.householdId}, '') || '|' || coalesce(${record.residentId}, '') || '|' || ${record.date} || '|' || coalesce(${record.staffId}, '') || '|' || ${record.content} as k
        from ${record} where ${record.kind} = 'visit' and ${record.voidedOn} is null`).map((r) => r.k),
    ),
  };
}

const keyOf = (l: Pick<VisitLine, 'householdId' | 'residentId' | 'date' | 'staffId' | 'content'>) => `${l.householdId ?? ''}|${l.residentId ?? ''}|${l.date}|${l.staffId}|${l.content}`;

export async function importVisits(ctx: ServiceContext, path: string, opts: ImportOptions): Promise<ImportReport> {
  if (ctx.signal?.aborted) throw cancelled();
  const probe = probeWorkbook(path);
  const looked: string[] = [];
  const found = await readDataSheet(
    ctx,
    probe,
    { sheet: opts.sheet, preferred: PREFERRED_SHEET, isHeader: (t) => matchColumns(t, VISIT_COLUMNS, NEEDED) !== null, headerScanRows: HEADER_SCAN_ROWS },
    (pass) => readVisitSheet(ctx, pass, probe),
    looked,
  );
  if (!found) {
    throw new AppError(
      'BAD_FILE',
      `在文件「${shortPath(probe.file)}」中没有找到走访登记表的表头行（已查看工作表 ${looked.map((n) => `「${n}」`).join('、')} 的前 ${HEADER_SCAN_ROWS} 行）。` +
        '必需的列：「走访日期」「网格员」「发现情况」，以及「户号」或「被走访人身份证号」。请使用走访登记表模板，或把表头改成这些列名。',
    );
  }
  const read = found.result;
  if (opts.dryRun) return makeReport(read, true, found.warnings, found.sheets);
  return inImportTransaction(ctx, () => {
    if (read.problems.total > 0 && !opts.skipInvalid) {
      const report = { ...makeReport(read, false, found.warnings, found.sheets), added: 0, skipped: read.totalRows };
      throw new ImportRefusedError(report, { rows: read.badRows.size, problems: read.problems.total });
    }
    read.lines.forEach((l, i) => {
      if (i % 200 === 0) {
        ctx.progress?.(i, read.lines.length, '写入数据库');
        if (ctx.signal?.aborted) throw cancelled();
      }
      if (l.duplicate) return;
      insertVisit(ctx, { householdId: l.householdId, residentId: l.residentId, date: l.date, method: l.method, staffId: l.staffId, content: l.content });
    });
    ctx.progress?.(read.lines.length, read.lines.length, '写入数据库');
    return makeReport(read, false, found.warnings, found.sheets);
  });
}

async function readVisitSheet(ctx: ServiceContext, pass: SheetPass, probe: WorkbookProbe): Promise<SheetVisit<VisitRead> | null> {
  const sheet = pass.info.name;
  const problems = new ProblemSink();
  const look = lookups(ctx);
  const today = ctx.today();
  let columns: MatchedColumn<VisitKey>[] | null = null;
  let byKey = new Map<VisitKey, MatchedColumn<VisitKey>>();
  let headerRow = 0;
  let firstAfterHeader = true;
  let dataRows = 0;
  const lines: VisitLine[] = [];
  const glimpses: VisitRead['glimpses'] = [];
  const badRows = new Set<number>();
  const seen = new Set<string>();

  for await (const row of pass.rows) {
    const values = pass.values(row);
    if (!columns) {
      columns = matchColumns(rowTexts(values), VISIT_COLUMNS, NEEDED);
      if (!columns) {
        if (row.number >= HEADER_SCAN_ROWS) return null;
        continue;
      }
      headerRow = row.number;
      byKey = new Map(columns.filter((c) => c.key).map((c) => [c.key!, c]));
      const missing = (['date', 'worker', 'content'] as const).filter((k) => !byKey.has(k)).map((k) => `「${COLUMN[k].label}」`);
      if (!byKey.has('household') && !byKey.has('idNumber')) missing.push('「户号」或「被走访人身份证号」');
      if (missing.length) throw new AppError('BAD_FILE', `工作表「${sheet}」第 ${headerRow} 行是表头，但缺少必需的列：${missing.join('、')}。请使用走访登记表模板，或补上这些列。`);
      continue;
    }
    const raw = (k: VisitKey): Raw => {
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
    if (dataRows > MAX_DATA_ROWS) throw new AppError('BAD_FILE', `工作表「${sheet}」超过 ${MAX_DATA_ROWS} 行，不像是走访登记表，请检查文件。`);
    if (dataRows % 500 === 0 && ctx.signal?.aborted) throw cancelled();

    const before = problems.total;
    const fail = (k: VisitKey, message: string) => {
      const c = byKey.get(k);
      problems.push({ sheet, row: row.number, column: c ? `${c.letter}（${c.header}）` : '', field: COLUMN[k].label, message });
    };

    let date = '';
    const dateRaw = raw('date');
    if (dateRaw === null || rawText(dateRaw).trim() === '') fail('date', '缺少走访日期（必填）');
    else {
      const d = cellDate(dateRaw, probe.date1904);
      if (!d) fail('date', `走访日期「${rawText(dateRaw).trim()}」不是有效日期${DATE_HINT}`);
      else if (d > today) fail('date', `走访日期 ${d} 晚于今天（${today}）`);
      else date = d;
    }

    let worker: { id: number; name: string } | null = null;
    const workerText = cleanName(raw('worker'));
    if (!workerText) fail('worker', '缺少网格员（必填：姓名或公民身份号码）');
    else if (/^\d{15}$|^\d{17}[\dXx]$/.test(workerText)) {
      const n = normalizeIdNumber(workerText);
      worker = look.staffById.get(n.ok ? n.idNumber : workerText.toUpperCase()) ?? null;
      if (!worker) fail('worker', `找不到公民身份号码为 ${workerText} 的网格员，请先在「网格员」中登记`);
    } else {
      const named = look.staffByName.get(workerText) ?? [];
      if (named.length === 0) fail('worker', `找不到名为「${workerText}」的网格员，请先在「网格员」中登记，或核对姓名`);
      else if (named.length > 1) fail('worker', `有 ${named.length} 位网格员都叫「${workerText}」，请改写该网格员的公民身份号码`);
      else worker = named[0]!;
    }

    let householdId: number | null = null;
    const numberText = byKey.has('household') ? cleanCompact(raw('household')) : '';
    if (numberText) {
      householdId = look.households.get(numberText) ?? null;
      if (householdId === null) fail('household', `找不到户号为「${numberText}」的住户`);
    }
    let residentId: number | null = null;
    const idText = byKey.has('idNumber') ? cleanCompact(raw('idNumber')) : '';
    if (idText) {
      const n = normalizeIdNumber(idText);
      const p = look.residents.get(n.ok ? n.idNumber : idText.toUpperCase());
      if (!p) fail('idNumber', `实有人口中没有公民身份号码为 ${idText} 的人员`);
      else {
        residentId = p.id;
        if (householdId !== null && p.householdId !== householdId) fail('idNumber', `${p.name}不是户号「${numberText}」的成员，请核对`);
        if (date && p.status !== '在册' && p.leftOn && date > p.leftOn) fail('date', `${p.name}已于 ${p.leftOn} ${p.status}，不能登记此后的走访`);
      }
    }
    if (!numberText && !idText) fail(byKey.has('household') ? 'household' : 'idNumber', '请填写户号或被走访人身份证号（至少一项）');

    let method = '家访';
    const methodText = cleanCompact(raw('method'));
    if (methodText) {
      const m = resolveCode(recordMethodTable, methodText);
      if (!m) fail('method', `走访方式「${methodText}」不在代码表中（可填：${recordMethodTable.entries.map((e) => e.label).join('、')}）`);
      else method = m;
    }

    const content = cleanText(raw('content'));
    if (!content) fail('content', '缺少发现情况（必填；没有发现问题时写「无异常」）');
    else if (content.length > 2000) fail('content', `发现情况不超过2000个字（现有 ${content.length} 字）`);

    const bad = problems.total > before;
    if (bad) badRows.add(row.number);
    if (glimpses.length < PREVIEW_ROWS) {
      glimpses.push({ row: row.number, idNumber: idText, name: cleanName(raw('name')) || workerText, grid: date || rawText(dateRaw).trim(), household: numberText });
    }
    if (bad) continue;
    const line: VisitLine = { row: row.number, date, staffId: worker!.id, staffName: worker!.name, householdId, residentId, method, content, duplicate: false };
    const k = keyOf(line);
    line.duplicate = look.existing.has(k) || seen.has(k);
    seen.add(k);
    lines.push(line);
  }
  if (!columns) return null;
  if (dataRows === 0) throw new AppError('BAD_FILE', `工作表「${sheet}」只有表头（第 ${headerRow} 行），下面没有走访记录。请填好后再导入。`);
  return { headerRow, result: { sheet, columns, lines, glimpses, badRows, totalRows: dataRows, problems } };
}

function makeReport(read: VisitRead, dryRun: boolean, warnings: string[], sheets: SheetSummary[]): ImportReport {
  const byRow = new Map(read.lines.map((l) => [l.row, l]));
  const added = read.lines.filter((l) => !l.duplicate).length;
  return {
    dryRun,
    sheet: read.sheet,
    totalRows: read.totalRows,
    added,
    updated: 0,
    skipped: read.totalRows - added,
    householdsAdded: 0,
    problems: read.problems.listed(read.sheet),
    warnings,
    sheets,
    columns: read.columns.map((c) => ({ column: c.letter, header: c.header, field: c.key ? COLUMN[c.key].label : null })),
    // The preview's columns: 身份证号, 姓名 (the person, or the worker), 网格 holds the date, 户 the household number.
    preview: read.glimpses.map((g) => {
      const l = byRow.get(g.row);
      return { row: g.row, action: !l || l.duplicate ? ('跳过' as const) : ('新增' as const), idNumber: g.idNumber, name: g.name, grid: g.grid, household: g.household };
    }),
  };
}

const FONT = { name: '宋体', size: 11 };
const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Sheet 走访登记表 (header, a row explaining each column) and 取值说明 (the methods, how to name workers and households). */
export async function writeVisitTemplate(path: string, guard: OutputGuard): Promise<void> {
  const wb = new (excel().Workbook)();
  wb.creator = '乡镇综治台账';
  wb.created = new Date();
  const ws = wb.addWorksheet(VISIT_TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  const values = wb.addWorksheet(VALUES_SHEET);
  values.columns = [{ width: 12 }, { width: 10 }, { width: 30 }];
  values.getRow(1).values = ['列名', '取值', '也可填写'];
  recordMethodTable.entries.forEach((e, i) => {
    values.getRow(i + 2).values = ['走访方式', e.label, (e.aliases ?? []).filter((a) => a !== e.label).join('、')];
  });
  values.eachRow((r) => r.eachCell((c) => {
    c.font = FONT;
    c.border = BORDER;
  }));
  const methodList = `'${VALUES_SHEET}'!$B$2:$B$${recordMethodTable.entries.length + 1}`;
  writeTemplateNotes(values, recordMethodTable.entries.length + 3, [
    '一行一次走访。一周的走访可写在一张表里；同一天、同一网格员的行可以合并「走访日期」「网格员」单元格。',
    '网格员：写姓名；有重名的网格员时写公民身份号码。',
    '户号与被走访人身份证号至少填一项：走访整户写户号；走访重点人员写其身份证号（两项都写时，此人须是该户成员）。',
    '先「预检」：有问题的行会列出工作表、行号、列和原因；确认无误后再导入。已导入过的同一走访（同户、同日、同网格员、同内容）不会重复导入。',
  ], 'C');
  writeTemplateHeader(
    ws,
    VISIT_COLUMNS.map((c) => ({ label: c.label, required: c.required, explain: c.explain, width: c.width, text: c.text, list: c.key === 'method' ? methodList : undefined })),
    500,
  );
  await writeOutputFile(path, guard, (out) => wb.xlsx.write(out));
}
