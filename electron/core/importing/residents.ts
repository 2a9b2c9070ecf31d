// Excel import of residents with their households (issue 3, item 5).
//   1. probe the file (fileCheck.ts): not an xlsx, broken, empty, huge → BAD_FILE at once;
//   2. stream the sheet with exceljs, find the header row, check every row (rows.ts)      — 读取文件
//   3. match against the database: existing persons by ID, grids, households               — 检查数据
//   4. write everything in one transaction with prepared statements                        — 写入数据库
// A dry run stops after 3. A real run with problems writes nothing unless skipInvalid; a cancel
// between batches throws CANCELLED and the transaction rolls back.
import { setFlagsFromString } from 'node:v8';
import { count, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { ImportReport } from '../../../shared/contract/importing';
import type { ServiceContext } from '../context';
import { AppError } from '../errors';
import { shortPath } from '../files/safeOutput';
import { gridLookup, type GridRow } from './gridLookup';
import { nameKeys } from '../people/searchKeys';
import { cellRaw, rawText } from './cells';
import { FIELD, matchHeader, REQUIRED_FIELDS, requiredColumnsText, type MappedColumn } from './columns';
import { MAX_DATA_ROWS, probeWorkbook, type WorkbookProbe } from './fileCheck';
import { PERSON_COLUMNS, ProblemSink, RowParser, type ParsedRow, type RowGlimpse } from './rows';
import { EXPLANATION_CELL, FOOTER_LINE, readDataSheet, rowTexts, type SheetPass, type SheetSummary, type SheetVisit } from './sheets';
import { compile, prepare } from '../db/query';
import { statement } from '../db/statements';
import { household as householdTable, householdTag, resident } from '../db/schema';

export interface ImportOptions {
  dryRun: boolean;
  skipInvalid: boolean;
  /** The sheet the staffer chose; default: the first (visible before hidden) with a header row. */
  sheet?: string;
}

/** An import refused because of problems: nothing was written. Carries the report for the CLI and the UI. */
export class ImportRefusedError extends AppError {
  constructor(
    readonly report: ImportReport,
    counts: { rows: number; problems: number },
  ) {
    super(
      'VALIDATION',
      `文件中 ${counts.rows} 行有问题（共 ${counts.problems} 处），没有导入任何数据。请改正后重新导入，` +
        `或选择「跳过有问题的行」只导入其余 ${report.totalRows - counts.rows} 行。`,
      report.problems,
    );
  }

  override toInfo() {
    const { added, updated, skipped, householdsAdded, totalRows, sheet, dryRun } = this.report;
    return { ...super.toInfo(), dryRun, sheet, totalRows, added, updated, skipped, householdsAdded };
  }
}

const HEADER_SCAN_ROWS = 30;
const PREVIEW_ROWS = 200;
const BATCH = 1000;
const PREFERRED_SHEET = /人口|居民|人员|户籍|花名册|名单|名册/;

const cancelled = () => new AppError('CANCELLED', '已取消导入，数据库未改动');

function checkCancel(ctx: ServiceContext) {
  if (ctx.signal?.aborted) throw cancelled();
}

interface ReadResult {
  sheet: string;
  headerRow: number;
  columns: MappedColumn[];
  /** Parsed good rows; an entry becomes null when a later check fails it. */
  records: (ParsedRow | null)[];
  glimpses: RowGlimpse[];
  badRows: Set<number>;
  totalRows: number;
  problems: ProblemSink;
  idColumn: MappedColumn;
  warnings: string[];
  sheets: SheetSummary[];
}

/**
 * V8's allocation-site pretenuring misfires on exceljs's streaming reader: in about one run in three
 * it starts allocating the per-cell objects in old space, and reading 100,000 rows then takes twice
 * as long with twice the memory (measured: 3.3 s → 6.5 s, peak RSS 290 → 590 MB). Turning it off is
 * safe in plain Node (the CLI, the benchmark, the tests). The Electron main process should do the
 * same at start-up; it is not done from here because an embedder that freezes V8's flags aborts on
 * a late change.
 */
let pretenuringChecked = false;
function avoidPretenuring() {
  if (pretenuringChecked) return;
  pretenuringChecked = true;
  if (process.versions.electron) return;
  try {
    setFlagsFromString('--no-allocation-site-pretenuring');
  } catch {
    // Keep V8's defaults.
  }
}

export async function importResidents(ctx: ServiceContext, path: string, opts: ImportOptions): Promise<ImportReport> {
  checkCancel(ctx);
  avoidPretenuring();
  const probe = probeWorkbook(path);
  const read = await readResidents(ctx, probe, opts);
  checkCancel(ctx);
  if (opts.dryRun) {
    const plan = planImport(ctx, read);
    return makeReport(read, plan, true);
  }
  return inImportTransaction(ctx, () => {
    const plan = planImport(ctx, read);
    if (read.problems.total > 0 && !opts.skipInvalid) {
      const report = { ...makeReport(read, plan, false), added: 0, updated: 0, householdsAdded: 0, skipped: read.totalRows };
      throw new ImportRefusedError(report, { rows: read.badRows.size, problems: read.problems.total });
    }
    writePlan(ctx, plan);
    return makeReport(read, plan, false);
  });
}

/**
 * An import's checks and writes in one immediate transaction of its own (long writes are not wrapped
 * by dispatch): a refusal, a cancel or any failure leaves the database as it was.
 */
export function inImportTransaction<T>(ctx: ServiceContext, fn: () => T): T {
  try {
    return ctx.ledger.sqlite.transaction(fn).immediate();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      throw new AppError('CONFLICT', '数据库正在被另一个程序（或本软件的另一个窗口、命令行）写入，导入没有进行，数据库未改动。请稍后再试。');
    }
    throw err;
  }
}

// ───── 1–2. Reading ─────

async function readResidents(ctx: ServiceContext, probe: WorkbookProbe, opts: Pick<ImportOptions, 'sheet'>): Promise<ReadResult> {
  // Sheets named like 人口 first (visible before hidden), then the others in workbook order; the first with a header is read.
  const looked: string[] = [];
  const found = await readDataSheet(
    ctx,
    probe,
    { sheet: opts.sheet, preferred: PREFERRED_SHEET, isHeader: (texts) => matchHeader(texts) !== null, headerScanRows: HEADER_SCAN_ROWS },
    (pass) => readSheet(ctx, pass, probe),
    looked,
  );
  if (found) return { ...found.result, warnings: found.warnings, sheets: found.sheets };
  throw new AppError(
    'BAD_FILE',
    `在文件「${shortPath(probe.file)}」中没有找到表头行（已查看工作表 ${looked.map((n) => `「${n}」`).join('、')} 的前 ${HEADER_SCAN_ROWS} 行）。` +
      `必需的列：${requiredColumnsText()}；其余列（性别、民族、联系电话、现住址、户号、与户主关系、网格编码等）可选。请使用导入模板，或把表头改成这些列名。`,
  );
}

const EDUCATION_1984_HINT = /1984/;

type SheetResult = Omit<ReadResult, 'warnings' | 'sheets'>;

async function readSheet(ctx: ServiceContext, pass: SheetPass, probe: WorkbookProbe): Promise<SheetVisit<SheetResult> | null> {
  const { info } = pass;
  const sheet = info.name;
  let columns: MappedColumn[] | null = null;
  let parser: RowParser | null = null;
  let headerRow = 0;
  let education1984 = false;
  let firstAfterHeader = true;
  let dataRows = 0;
  const problems = new ProblemSink();
  const records: (ParsedRow | null)[] = [];
  const glimpses: RowGlimpse[] = [];
  const badRows = new Set<number>();
  const firstById = new Map<string, { row: number; index: number; flagged: boolean }>();
  // Progress total: the smaller of <dimension> and the byte estimate (formatted empty rows inflate the first).
  const total = Math.max(Math.min(info.rows ?? Infinity, info.estimatedRows ?? Infinity), 1) || 1;

  let lastRow = 0;
  for await (const row of pass.rows) {
    const values = pass.values(row);
    lastRow = row.number;
    if (!parser) {
      const texts = rowTexts(values);
      columns = matchHeader(texts);
      if (!columns) {
        const text = texts.join(' ');
        if (EDUCATION_1984_HINT.test(text) && /学历|文化程度|4658/.test(text)) education1984 = true;
        if (row.number >= HEADER_SCAN_ROWS) return null;
        continue;
      }
      headerRow = row.number;
      const missing = REQUIRED_FIELDS.filter((f) => !columns!.some((c) => c.field === f.key));
      if (missing.length) {
        throw new AppError(
          'BAD_FILE',
          `工作表「${sheet}」第 ${headerRow} 行是表头，但缺少必需的列：${missing.map((f) => `「${f.label}」`).join('、')}。必需的列：${requiredColumnsText()}。`,
        );
      }
      // A <dimension> and a byte estimate both far beyond the limit: refuse before reading it all.
      if ((info.rows ?? 0) > MAX_DATA_ROWS + headerRow + 1000 && (info.estimatedRows ?? Infinity) > MAX_DATA_ROWS + headerRow + 1000) throw tooManyRows(probe, sheet, info.rows!);
      parser = new RowParser({ sheet, columns, date1904: probe.date1904, education1984, today: ctx.today(), problems });
      continue;
    }
    if (firstAfterHeader) {
      firstAfterHeader = false;
      // The second row of our template (and of many county templates) explains the columns.
      const explained = rowTexts(values).filter((t) => EXPLANATION_CELL.test(t)).length;
      if (explained >= 2) continue;
    }
    if (parser.isBlank(values)) continue;
    const idCell = cellRaw(values[parser.idColumn.col]);
    if ((idCell === null || rawText(idCell).trim() === '') && isFooter(values)) continue;

    dataRows++;
    if (dataRows > MAX_DATA_ROWS) throw tooManyRows(probe, sheet, info.rows ?? dataRows);
    if (glimpses.length < PREVIEW_ROWS) glimpses.push(parser.glimpse(row.number, values));
    const rec = parser.parse(row.number, values);
    const id = parser.lastIdNumber;
    let index = -1;
    if (rec) {
      index = records.length;
      records.push(rec);
    } else badRows.add(row.number);
    if (id) {
      const first = firstById.get(id);
      if (!first) firstById.set(id, { row: row.number, index, flagged: false });
      else {
        // The same person twice: neither row is trusted; both are named.
        parser.fail(row.number, parser.idColumn, `公民身份号码 ${id} 与第 ${first.row} 行重复（同一人出现了两次），两行都不会导入，请核对后只保留一行`);
        if (index >= 0) records[index] = null;
        badRows.add(row.number);
        if (!first.flagged) {
          first.flagged = true;
          parser.fail(first.row, parser.idColumn, `公民身份号码 ${id} 与第 ${row.number} 行重复（同一人出现了两次），两行都不会导入，请核对后只保留一行`);
          if (first.index >= 0) records[first.index] = null;
          badRows.add(first.row);
        }
      }
    }
    if (dataRows % BATCH === 0) {
      ctx.progress?.(row.number, Math.max(total, row.number), '读取文件');
      checkCancel(ctx);
    }
  }
  if (!parser || !columns) return null;
  if (dataRows === 0) {
    throw new AppError('BAD_FILE', `工作表「${sheet}」只有表头（第 ${headerRow} 行），下面没有数据行。请填好居民信息后再导入。`);
  }
  const last = Math.max(total, lastRow);
  ctx.progress?.(last, last, '读取文件');
  return { headerRow, result: { sheet, headerRow, columns, records, glimpses, badRows, totalRows: dataRows, problems, idColumn: parser.idColumn } };
}

function isFooter(values: readonly unknown[]): boolean {
  let text = '';
  for (const v of values) {
    const t = rawText(cellRaw(v)).trim();
    if (!t) continue;
    if (text) return false;
    text = t;
  }
  return FOOTER_LINE.test(text);
}

function tooManyRows(probe: WorkbookProbe, sheet: string, rows: number) {
  return new AppError(
    'BAD_FILE',
    `文件「${shortPath(probe.file)}」的工作表「${sheet}」约有 ${rows.toLocaleString('zh-CN')} 行，超过了一次导入的上限 ${MAX_DATA_ROWS.toLocaleString('zh-CN')} 行。请按村或网格拆分成几个文件分别导入。`,
  );
}

// ───── 3. Checking against the database ─────

interface PlannedHousehold {
  number: string;
  id: number | null;
  gridId: number | null;
  address: string;
  tags: Set<string>;
  /** From the 经度/纬度 columns: the first row of the household that gives one. */
  point: { lon: number; lat: number } | null;
}

interface PlannedPerson {
  rec: ParsedRow;
  existingId: number | null;
  gridId: number | null;
  gridLabel: string;
  household: PlannedHousehold | null;
}

interface Plan {
  people: PlannedPerson[];
  households: Map<string, PlannedHousehold>;
  added: number;
  updated: number;
  householdsAdded: number;
}

function planImport(ctx: ServiceContext, read: ReadResult): Plan {
  const sqlite = ctx.ledger.sqlite;
  const db = ctx.ledger.db;
  const grids = gridLookup(ctx);
  // Existing persons: one scan into a map when the table is not much bigger than the file, else one lookup per row.
  const residentCount = db.select({ n: count() }).from(resident).get()!.n;
  let findPersonId: (idNumber: string) => number | null;
  if (residentCount <= read.records.length * 4) {
    const ids = new Map<string, number>();
    const all = prepare(sqlite, sql`select ${resident.idNumber}, ${resident.id} from ${resident}`);
    for (const r of all.stmt.raw().iterate(...all.params) as Iterable<[string, number]>) ids.set(r[0], r[1]);
    findPersonId = (idNumber) => ids.get(idNumber) ?? null;
  } else {
    const find = statement(sqlite, compile(sql`select ${resident.id} from ${resident} where ${resident.idNumber} = ?`).sql).pluck();
    findPersonId = (idNumber) => (find.get(idNumber) as number | undefined) ?? null;
  }
  const findHousehold = statement(
    sqlite,
    compile(sql`select ${householdTable.id} as id, ${householdTable.gridId} as gridId from ${householdTable} where ${householdTable.number} = ?`).sql,
  );

  const problems = read.problems;
  const fail = (rec: ParsedRow, column: MappedColumn, message: string) => {
    problems.push({ sheet: read.sheet, row: rec.row, column: `${column.letter}（${column.header}）`, field: FIELD[column.field ?? 'grid'].label, message });
    read.badRows.add(rec.row);
  };

  const people: PlannedPerson[] = [];
  const households = new Map<string, PlannedHousehold>();
  const total = read.records.length;
  let added = 0;
  let updated = 0;
  let householdsAdded = 0;
  for (let i = 0; i < total; i++) {
    if (i % (BATCH * 5) === 0 && i > 0) {
      ctx.progress?.(i, total, '检查数据');
      checkCancel(ctx);
    }
    const rec = read.records[i];
    if (!rec) continue;
    let grid: GridRow | null = null;
    if (rec.grid) {
      const found = grids.find(rec.grid.text, rec.grid.kind);
      if (typeof found === 'string') {
        fail(rec, rec.grid.column, found);
        read.records[i] = null;
        continue;
      }
      grid = found;
    }
    let household: PlannedHousehold | null = null;
    if (rec.householdNumber) {
      household = households.get(rec.householdNumber) ?? null;
      if (!household) {
        const existing = findHousehold.get(rec.householdNumber) as Pick<typeof householdTable.$inferSelect, 'id' | 'gridId'> | undefined;
        household = existing
          ? { number: rec.householdNumber, id: existing.id, gridId: existing.gridId, address: '', tags: new Set(), point: null }
          : { number: rec.householdNumber, id: null, gridId: null, address: '', tags: new Set(), point: null };
        if (!existing) householdsAdded++;
        households.set(rec.householdNumber, household);
      }
      if (household.id === null) {
        if (household.gridId === null && grid) household.gridId = grid.id;
        if (!household.address) household.address = String(rec.values[ADDRESS_INDEX] ?? rec.values[REGISTERED_INDEX] ?? '');
      }
      for (const t of rec.tags) household.tags.add(t);
      if (rec.point && !household.point) household.point = rec.point;
    }
    const existingId = findPersonId(rec.idNumber);
    if (existingId === null) added++;
    else updated++;
    people.push({ rec, existingId, gridId: grid?.id ?? null, gridLabel: grid ? `${grid.village} ${grid.name}` : '', household });
  }
  ctx.progress?.(total, total, '检查数据');
  return { people, households, added, updated, householdsAdded };
}

const ADDRESS_INDEX = PERSON_COLUMNS.findIndex((c) => c.key === 'currentAddress');
const REGISTERED_INDEX = PERSON_COLUMNS.findIndex((c) => c.key === 'registeredAddress');

// ───── 4. Writing ─────

/** Column names for an insert's list or an update's SET (unqualified, as SQLite wants them there). */
const names = (columns: readonly SQLiteColumn[]) => sql.join(columns.map((c) => sql.identifier(c.name)), sql`, `);
/** One positional parameter per column, bound at run. */
const slots = (n: number) => sql.join(Array.from({ length: n }, () => sql`?`), sql`, `);

function writePlan(ctx: ServiceContext, plan: Plan) {
  const sqlite = ctx.ledger.sqlite;
  const now = new Date().toISOString();
  // Built once from the schema and run per row on the cached statement, with positional parameters
  // in the order of the column lists here (drizzle's prepared run costs ~60% more per row).
  const insertHousehold = statement(
    sqlite,
    compile(sql`insert into ${householdTable} (${names([householdTable.number, householdTable.gridId, householdTable.address, householdTable.note, householdTable.createdAt, householdTable.updatedAt])})
      values (${slots(3)}, '', ${slots(2)})`).sql,
  );
  const insertTag = statement(
    sqlite,
    compile(sql`insert or ignore into ${householdTag} (${names([householdTag.householdId, householdTag.tag])}) values (${slots(2)})`).sql,
  );
  const fileColumns = PERSON_COLUMNS.map((c) => resident[c.key]);
  const insertColumns = [
    resident.idNumber, resident.name, resident.sex, resident.birthDate, ...fileColumns, resident.householdId, resident.gridId,
    resident.namePinyin, resident.nameInitials, resident.createdAt, resident.updatedAt,
  ];
  const insertPerson = statement(
    sqlite,
    compile(sql`insert into ${resident} (${names(insertColumns)}, ${sql.identifier(resident.status.name)}) values (${slots(insertColumns.length)}, '在册')`).sql,
  );
  // Columns the file leaves empty keep what is stored.
  const keep = (c: SQLiteColumn) => sql`${sql.identifier(c.name)} = coalesce(?, ${sql.identifier(c.name)})`;
  const set = (c: SQLiteColumn) => sql`${sql.identifier(c.name)} = ?`;
  const updatePerson = statement(
    sqlite,
    compile(sql`update ${resident} set ${sql.join(
      [
        ...[resident.name, resident.sex, resident.birthDate].map(set), ...fileColumns.map(keep), keep(resident.householdId), keep(resident.gridId),
        ...[resident.namePinyin, resident.nameInitials, resident.updatedAt].map(set),
      ],
      sql`, `,
    )} where ${sql.identifier(resident.id.name)} = ?`).sql,
  );

  const setPoint = statement(
    sqlite,
    compile(sql`update ${householdTable} set ${sql.identifier(householdTable.lon.name)} = ?, ${sql.identifier(householdTable.lat.name)} = ? where ${sql.identifier(householdTable.id.name)} = ?`).sql,
  );
  for (const h of plan.households.values()) {
    if (h.id === null) h.id = Number(insertHousehold.run(h.number, h.gridId, h.address, now, now).lastInsertRowid);
    for (const tag of h.tags) insertTag.run(h.id, tag);
    // A file without 经度/纬度 leaves a point picked on the map as it was.
    if (h.point) setPoint.run(h.point.lon, h.point.lat, h.id);
  }
  const total = plan.people.length;
  // Names repeat a lot in a town (王伟, 张敏 …): compute each one's pinyin once.
  const pinyinOf = new Map<string, { namePinyin: string; nameInitials: string }>();
  for (let i = 0; i < total; i++) {
    if (i % BATCH === 0) {
      ctx.progress?.(i, total, '写入数据库');
      checkCancel(ctx);
    }
    const { rec, existingId, gridId, household: home } = plan.people[i]!;
    let keys = pinyinOf.get(rec.name);
    if (!keys) pinyinOf.set(rec.name, (keys = nameKeys(rec.name)));
    const personGrid = gridId ?? home?.gridId ?? null;
    if (existingId === null) {
      const values = rec.values.map((v, k) => v ?? PERSON_COLUMNS[k]!.empty);
      insertPerson.run(rec.idNumber, rec.name, rec.sex, rec.birthDate, ...values, home?.id ?? null, personGrid, keys.namePinyin, keys.nameInitials, now, now);
    } else {
      updatePerson.run(rec.name, rec.sex, rec.birthDate, ...rec.values, home?.id ?? null, personGrid, keys.namePinyin, keys.nameInitials, now, existingId);
    }
  }
  ctx.progress?.(total, total, '写入数据库');
}

// ───── Report ─────

function makeReport(read: ReadResult, plan: Plan, dryRun: boolean): ImportReport {
  const byRow = new Map(plan.people.map((p) => [p.rec.row, p]));
  const problems = read.problems.listed(read.sheet);
  return {
    dryRun,
    sheet: read.sheet,
    totalRows: read.totalRows,
    added: plan.added,
    updated: plan.updated,
    skipped: read.badRows.size,
    householdsAdded: plan.householdsAdded,
    problems,
    warnings: read.warnings,
    sheets: read.sheets,
    columns: read.columns.map((c) => ({ column: c.letter, header: c.header, field: c.field ? FIELD[c.field].label : null })),
    preview: read.glimpses.map((g) => {
      const p = byRow.get(g.row);
      return {
        row: g.row,
        action: !p || read.badRows.has(g.row) ? ('跳过' as const) : p.existingId === null ? ('新增' as const) : ('更新' as const),
        idNumber: p?.rec.idNumber ?? g.idNumber,
        name: p?.rec.name ?? g.name,
        grid: p?.gridLabel || g.grid,
        household: p?.household?.number ?? g.household,
      };
    }),
  };
}
