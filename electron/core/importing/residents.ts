// Excel import of residents with their households (issue 3, item 5).
//   1. probe the file (fileCheck.ts): not an xlsx, broken, empty, huge → BAD_FILE at once;
//   2. stream the sheet with exceljs, find the header row, check every row (rows.ts);
//   3. each good row, as it comes: its grid, household and any stored person with its ID looked up,
//      then written with prepared statements (ResidentPass), in one transaction for the whole file.
// One pass, so the job holds per row only what the checks need (issue 7: its memory ≤ 1.1× the
// plain reader's). A dry run checks and counts the same way and writes nothing. A real run with
// problems rolls back unless skipInvalid; a cancel between batches throws CANCELLED and rolls back.
import { setFlagsFromString } from 'node:v8';
import { sql, type SQL } from 'drizzle-orm';
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
import { compile } from '../db/query';
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
  glimpses: RowGlimpse[];
  badRows: Set<number>;
  totalRows: number;
  problems: ProblemSink;
  idColumn: MappedColumn;
  /** What the pass did (or, in a dry run, would do) with the good rows. */
  pass: ResidentPass;
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
  if (opts.dryRun) {
    const read = await readResidents(ctx, probe, opts, () => new ResidentPass(ctx, { write: false, skipInvalid: true }));
    return makeReport(read, true);
  }
  // One pass over the file: each good row is written as it is read, inside one transaction, so the
  // job holds no more of the file than the reader does. Problems without skipInvalid, a cancel or a
  // failure roll it all back. A second visit of the sheet (merged cells, known only at its end) starts
  // over in a new transaction: a savepoint would copy every page it changes into a sub-journal.
  return inStreamingTransaction(ctx, async () => {
    let visits = 0;
    let knownRepeats: ReadonlySet<string> = new Set();
    const newPass = () => {
      if (visits++ > 0) {
        ctx.ledger.sqlite.exec('rollback');
        beginImmediate(ctx);
      }
      return new ResidentPass(ctx, { write: true, skipInvalid: opts.skipInvalid, knownRepeats });
    };
    let read = await readResidents(ctx, probe, opts, newPass);
    if (opts.skipInvalid && read.pass.repeatsOfStored.size > 0) {
      // A stored person updated by a row whose ID came again later: read once more, those IDs left alone from the start.
      knownRepeats = read.pass.repeatsOfStored;
      read = await readResidents(ctx, probe, opts, newPass);
    }
    checkCancel(ctx);
    if (read.problems.total > 0 && !opts.skipInvalid) {
      const report = { ...makeReport(read, false), added: 0, updated: 0, householdsAdded: 0, skipped: read.totalRows };
      throw new ImportRefusedError(report, { rows: read.badRows.size, problems: read.problems.total });
    }
    read.pass.finish();
    return makeReport(read, false);
  });
}

/**
 * Like inImportTransaction, for work that awaits (a file read as it is written): begun and ended by
 * hand, since a better-sqlite3 transaction function must be synchronous. On a connection already in
 * a transaction (another job in this process) it refuses rather than nest.
 */
export async function inStreamingTransaction<T>(ctx: ServiceContext, fn: () => Promise<T>): Promise<T> {
  const sqlite = ctx.ledger.sqlite;
  if (sqlite.inTransaction) throw busyElsewhere();
  beginImmediate(ctx);
  try {
    const value = await fn();
    sqlite.exec('commit');
    return value;
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec('rollback');
    throw err;
  }
}

function beginImmediate(ctx: ServiceContext) {
  try {
    ctx.ledger.sqlite.exec('begin immediate');
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw busyElsewhere();
    throw err;
  }
}

const busyElsewhere = () =>
  new AppError('CONFLICT', '数据库正在被另一个程序（或本软件的另一个窗口、命令行）写入，导入没有进行，数据库未改动。请稍后再试。');

/**
 * An import's checks and writes in one immediate transaction of its own (long writes are not wrapped
 * by dispatch): a refusal, a cancel or any failure leaves the database as it was.
 */
export function inImportTransaction<T>(ctx: ServiceContext, fn: () => T): T {
  try {
    return ctx.ledger.sqlite.transaction(fn).immediate();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw busyElsewhere();
    throw err;
  }
}

// ───── 1–2. Reading ─────

/** Makes the pass a visit of the data sheet feeds its good rows to (a fresh one for each visit). */
type PassFactory = () => ResidentPass;

async function readResidents(ctx: ServiceContext, probe: WorkbookProbe, opts: Pick<ImportOptions, 'sheet'>, newPass: PassFactory): Promise<ReadResult> {
  // Sheets named like 人口 first (visible before hidden), then the others in workbook order; the first with a header is read.
  const looked: string[] = [];
  const found = await readDataSheet(
    ctx,
    probe,
    { sheet: opts.sheet, preferred: PREFERRED_SHEET, isHeader: (texts) => matchHeader(texts) !== null, headerScanRows: HEADER_SCAN_ROWS },
    (pass) => readSheet(ctx, pass, probe, newPass),
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

async function readSheet(ctx: ServiceContext, pass: SheetPass, probe: WorkbookProbe, newPass: PassFactory): Promise<SheetVisit<SheetResult> | null> {
  const { info } = pass;
  const sheet = info.name;
  let columns: MappedColumn[] | null = null;
  let parser: RowParser | null = null;
  let rows: ResidentPass | null = null;
  let headerRow = 0;
  let education1984 = false;
  let firstAfterHeader = true;
  let dataRows = 0;
  const problems = new ProblemSink();
  const glimpses: RowGlimpse[] = [];
  const badRows = new Set<number>();
  // The row each ID was first seen in; negative once that row is named as a duplicate.
  const firstRowOf = new Map<string, number>();
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
      rows = newPass();
      rows.start(sheet, problems);
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
    const previewed = glimpses.length < PREVIEW_ROWS;
    if (previewed) glimpses.push(parser.glimpse(row.number, values));
    const rec = parser.parse(row.number, values);
    const id = parser.lastIdNumber;
    const first = id ? firstRowOf.get(id) : undefined;
    if (id && first === undefined) firstRowOf.set(id, row.number);
    if (id && first !== undefined) {
      // The same person twice: neither row is trusted; both are named, and the first is taken back.
      parser.fail(row.number, parser.idColumn, `公民身份号码 ${id} 与第 ${Math.abs(first)} 行重复（同一人出现了两次），两行都不会导入，请核对后只保留一行`);
      badRows.add(row.number);
      if (first > 0) {
        firstRowOf.set(id, -first);
        parser.fail(first, parser.idColumn, `公民身份号码 ${id} 与第 ${row.number} 行重复（同一人出现了两次），两行都不会导入，请核对后只保留一行`);
        if (!badRows.has(first)) rows!.takeBack(id, first);
        badRows.add(first);
      }
    } else if (!rec || !rows!.accept(rec, previewed)) badRows.add(row.number);
    if (dataRows % BATCH === 0) {
      ctx.progress?.(row.number, Math.max(total, row.number), rows!.stage);
      checkCancel(ctx);
    }
  }
  if (!parser || !columns || !rows) return null;
  if (dataRows === 0) {
    throw new AppError('BAD_FILE', `工作表「${sheet}」只有表头（第 ${headerRow} 行），下面没有数据行。请填好居民信息后再导入。`);
  }
  const last = Math.max(total, lastRow);
  ctx.progress?.(last, last, rows.stage);
  return { headerRow, result: { sheet, headerRow, columns, glimpses, badRows, totalRows: dataRows, problems, idColumn: parser.idColumn, pass: rows } };
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

// ───── 3–4. Checking each good row against the database, and writing it ─────

interface HouseholdState {
  number: string;
  /** Null until a new household is written (never, in a dry run). */
  id: number | null;
  isNew: boolean;
  gridId: number | null;
  hasAddress: boolean;
  hasPoint: boolean;
  /** Rows of this file placed in it and still accepted. */
  members: number;
  index: number;
  /** A new household's insert is queued (real runs). */
  written: boolean;
}

interface PreviewNote {
  action: '新增' | '更新';
  idNumber: string;
  name: string;
  grid: string;
  household: string;
}

/** Column names for an insert's list or an update's SET (unqualified, as SQLite wants them there). */
const names = (columns: readonly SQLiteColumn[]) => sql.join(columns.map((c) => sql.identifier(c.name)), sql`, `);
/** One positional parameter per column, bound at run. */
const slots = (n: number) => sql.join(Array.from({ length: n }, () => sql`?`), sql`, `);
const setEach = (columns: readonly SQLiteColumn[]) => sql.join(columns.map((c) => sql`${sql.identifier(c.name)} = ?`), sql`, `);
/** `where column = ?`, unqualified, for an update's or a delete's single row(s). */
const whereIs = (c: SQLiteColumn) => sql`where ${sql.identifier(c.name)} = ?`;

const WRITE_BATCH = 300;
const ADDRESS_INDEX = PERSON_COLUMNS.findIndex((c) => c.key === 'currentAddress');
const REGISTERED_INDEX = PERSON_COLUMNS.findIndex((c) => c.key === 'registeredAddress');

/**
 * What one visit of the data sheet does with its good rows, one at a time as they are read: the grid
 * and household looked up, the person added or updated — written at once in a real run, only counted
 * in a dry run. It keeps per row no more than a household index, so memory does not grow with the
 * file's text. A row later found to repeat an ID is taken back (takeBack). A household keeps the
 * grid, address and tags its accepted rows gave, even from a row taken back later.
 */
class ResidentPass {
  added = 0;
  updated = 0;
  readonly stage: string;
  private write: boolean;
  private readonly skipInvalid: boolean;
  private readonly grids;
  private readonly households = new Map<string, HouseholdState>();
  private readonly householdList: HouseholdState[] = [];
  /** Row number → household index + 1 (0: none), for takeBack. */
  private rowHousehold = new Int32Array(1024);
  /** IDs an earlier reading found twice, one of them a stored person: never written. */
  private readonly knownRepeats: ReadonlySet<string>;
  /** IDs of stored persons updated by a row taken back later: the file is read again without them. */
  readonly repeatsOfStored = new Set<string>();
  /**
   * Writes wait here and go in batches: run between the reader's parsing of each row they cost ~15%
   * more (the parser's garbage pushes the B-tree pages out of the CPU's caches); a batch is only a few
   * rows' worth of memory.
   */
  private readonly pending: (() => void)[] = [];
  private readonly pinyinOf = new Map<string, { namePinyin: string; nameInitials: string }>();
  readonly preview = new Map<number, PreviewNote>();
  private readonly lastResidentBefore: number;
  private readonly residentsBefore: boolean;
  private readonly householdsBefore: boolean;
  private readonly now = new Date().toISOString();
  private sheet = '';
  private problems: ProblemSink | null = null;
  private readonly sql;

  constructor(ctx: ServiceContext, opts: { write: boolean; skipInvalid: boolean; knownRepeats?: ReadonlySet<string> }) {
    this.write = opts.write;
    this.knownRepeats = opts.knownRepeats ?? new Set();
    this.skipInvalid = opts.skipInvalid;
    this.stage = opts.write ? '读取并写入' : '读取并检查';
    this.grids = gridLookup(ctx);
    const sqlite = ctx.ledger.sqlite;
    const prepared = (q: SQL) => statement(sqlite, compile(q).sql);
    this.lastResidentBefore = opts.write ? (prepared(sql`select coalesce(max(${resident.id}), 0) from ${resident}`).pluck().get() as number) : Infinity;
    // A first import into an empty town looks nothing up: an ID seen twice is caught in the file itself.
    this.residentsBefore = prepared(sql`select exists (select 1 from ${resident})`).pluck().get() === 1;
    this.householdsBefore = prepared(sql`select exists (select 1 from ${householdTable})`).pluck().get() === 1;
    // Built once from the schema and run per row on the cached statement, with positional parameters
    // in the order of the column lists here (drizzle's prepared run costs ~60% more per row).
    const fileColumns = PERSON_COLUMNS.map((c) => resident[c.key]);
    const insertColumns = [
      resident.idNumber, resident.name, resident.sex, resident.birthDate, ...fileColumns, resident.householdId, resident.gridId,
      resident.namePinyin, resident.nameInitials, resident.createdAt, resident.updatedAt,
    ];
    // Columns the file leaves empty keep what is stored.
    const keep = (c: SQLiteColumn) => sql`${sql.identifier(c.name)} = coalesce(?, ${sql.identifier(c.name)})`;
    const h = householdTable;
    const hSet = (c: SQLiteColumn) => prepared(sql`update ${h} set ${sql.identifier(c.name)} = ? ${whereIs(h.id)}`);
    this.sql = {
      findPerson: prepared(sql`select ${resident.id} from ${resident} where ${resident.idNumber} = ?`).pluck(),
      findHousehold: prepared(sql`select ${h.id} as id, ${h.gridId} as gridId from ${h} where ${h.number} = ?`),
      insertHousehold: prepared(sql`insert into ${h} (${names([h.number, h.gridId, h.address, h.note, h.createdAt, h.updatedAt])}) values (${slots(3)}, '', ${slots(2)})`),
      householdGrid: hSet(h.gridId),
      householdAddress: hSet(h.address),
      householdPoint: prepared(sql`update ${h} set ${setEach([h.lon, h.lat])} ${whereIs(h.id)}`),
      membersGrid: prepared(sql`update ${resident} set ${setEach([resident.gridId])} ${whereIs(resident.householdId)}`),
      insertTag: prepared(sql`insert or ignore into ${householdTag} (${names([householdTag.householdId, householdTag.tag])}) values (${slots(2)})`),
      insertPerson: prepared(sql`insert into ${resident} (${names(insertColumns)}, ${sql.identifier(resident.status.name)}) values (${slots(insertColumns.length)}, '在册')`),
      updatePerson: prepared(sql`update ${resident} set ${sql.join(
        [
          setEach([resident.name, resident.sex, resident.birthDate]),
          ...fileColumns.map(keep), keep(resident.householdId), keep(resident.gridId),
          setEach([resident.namePinyin, resident.nameInitials, resident.updatedAt]),
        ],
        sql`, `,
      )} ${whereIs(resident.id)}`),
      updatedAt: prepared(sql`select ${sql.identifier(resident.updatedAt.name)} from ${resident} ${whereIs(resident.id)}`).pluck(),
      deletePerson: prepared(sql`delete from ${resident} ${whereIs(resident.id)}`),
      deleteTags: prepared(sql`delete from ${householdTag} ${whereIs(householdTag.householdId)}`),
      deleteHousehold: prepared(sql`delete from ${h} ${whereIs(h.id)}`),
    };
  }

  start(sheet: string, problems: ProblemSink) {
    this.sheet = sheet;
    this.problems = problems;
  }

  private fail(rec: ParsedRow, column: MappedColumn, message: string) {
    this.problems!.push({ sheet: this.sheet, row: rec.row, column: `${column.letter}（${column.header}）`, field: FIELD[column.field ?? 'grid'].label, message });
  }

  /** A row that parsed cleanly: false when the database says it cannot go in (its grid). */
  accept(rec: ParsedRow, previewed: boolean): boolean {
    // Once an import is refused anyway, the rest is only checked.
    if (this.write && !this.skipInvalid && this.problems!.total > 0) this.write = false;
    let grid: GridRow | null = null;
    if (rec.grid) {
      const found = this.grids.find(rec.grid.text, rec.grid.kind);
      if (typeof found === 'string') {
        this.fail(rec, rec.grid.column, found);
        return false;
      }
      grid = found;
    }
    const home = rec.householdNumber ? this.householdOf(rec, grid) : null;
    let keys = this.pinyinOf.get(rec.name);
    if (!keys) this.pinyinOf.set(rec.name, (keys = nameKeys(rec.name)));
    const existingId = this.residentsBefore ? ((this.sql.findPerson.get(rec.idNumber) as number | undefined) ?? null) : null;
    if (existingId === null) this.added++;
    else this.updated++;
    if (this.write && !this.knownRepeats.has(rec.idNumber)) {
      const personGrid = grid?.id ?? home?.gridId ?? null;
      const { namePinyin, nameInitials } = keys;
      if (existingId === null) {
        this.later(() => {
          const values = rec.values.map((v, k) => v ?? PERSON_COLUMNS[k]!.empty);
          this.sql.insertPerson.run(rec.idNumber, rec.name, rec.sex, rec.birthDate, ...values, home?.id ?? null, personGrid, namePinyin, nameInitials, this.now, this.now);
        });
      } else {
        this.later(() => {
          this.sql.updatePerson.run(rec.name, rec.sex, rec.birthDate, ...rec.values, home?.id ?? null, personGrid, namePinyin, nameInitials, this.now, existingId);
        });
      }
    }
    if (home) {
      home.members++;
      this.noteHousehold(rec.row, home.index + 1);
    }
    if (previewed) this.preview.set(rec.row, { action: existingId === null ? '新增' : '更新', idNumber: rec.idNumber, name: rec.name, grid: grid ? `${grid.village} ${grid.name}` : '', household: home?.number ?? '' });
    return true;
  }

  private householdOf(rec: ParsedRow, grid: GridRow | null): HouseholdState {
    const number = rec.householdNumber!;
    let home = this.households.get(number);
    if (!home) {
      const existing = this.householdsBefore ? (this.sql.findHousehold.get(number) as Pick<typeof householdTable.$inferSelect, 'id' | 'gridId'> | undefined) : undefined;
      home = { number, id: existing?.id ?? null, isNew: !existing, gridId: existing?.gridId ?? null, hasAddress: false, hasPoint: false, members: 0, index: this.householdList.length, written: false };
      this.households.set(number, home);
      this.householdList.push(home);
    }
    const address = String(rec.values[ADDRESS_INDEX] ?? rec.values[REGISTERED_INDEX] ?? '');
    if (home.isNew) {
      if (this.write && !home.written) {
        home.written = true;
        home.gridId = grid?.id ?? null;
        home.hasAddress = address !== '';
        const gridId = home.gridId;
        this.later(() => void (home.id = Number(this.sql.insertHousehold.run(number, gridId, address, this.now, this.now).lastInsertRowid)));
      } else {
        if (home.gridId === null && grid) {
          home.gridId = grid.id;
          // Its earlier members had no grid of their own: they take the household's, as one written at the end would.
          if (this.write) {
            const gridId = grid.id;
            this.later(() => {
              this.sql.householdGrid.run(gridId, home.id);
              this.sql.membersGrid.run(gridId, home.id);
            });
          }
        }
        if (!home.hasAddress && address) {
          home.hasAddress = true;
          if (this.write) this.later(() => this.sql.householdAddress.run(address, home.id));
        }
      }
    }
    if (this.write && rec.tags.length) this.later(() => rec.tags.forEach((t) => this.sql.insertTag.run(home.id, t)));
    // A file without 经度/纬度 leaves a point picked on the map as it was.
    if (rec.point && !home.hasPoint) {
      home.hasPoint = true;
      const { lon, lat } = rec.point;
      if (this.write) this.later(() => this.sql.householdPoint.run(lon, lat, home.id));
    }
    return home;
  }

  private noteHousehold(row: number, index: number) {
    if (row >= this.rowHousehold.length) {
      const grown = new Int32Array(Math.max(row + 1, this.rowHousehold.length * 2));
      grown.set(this.rowHousehold);
      this.rowHousehold = grown;
    }
    this.rowHousehold[row] = index;
  }

  private later(write: () => void) {
    this.pending.push(write);
    if (this.pending.length >= WRITE_BATCH) this.flush();
  }

  /** The queued writes, in the order the rows came. */
  flush() {
    for (const write of this.pending) write();
    this.pending.length = 0;
  }

  /** An accepted row whose ID turned up again later: undone, and no longer counted. */
  takeBack(idNumber: string, row: number) {
    this.flush();
    const index = row < this.rowHousehold.length ? this.rowHousehold[row]! : 0;
    if (index > 0) this.householdList[index - 1]!.members--;
    this.preview.delete(row);
    const id = (this.sql.findPerson.get(idNumber) as number | undefined) ?? null;
    if (id !== null && id > this.lastResidentBefore) {
      this.sql.deletePerson.run(id);
      this.added--;
    } else if (id !== null) {
      // A stored person this pass updated cannot be put back without a copy of every updated row (a re-import's
      // whole town): the rest is only checked, and the file is read again with this ID left alone (importResidents).
      if (this.wasUpdated(id)) {
        this.repeatsOfStored.add(idNumber);
        this.write = false;
      }
      this.updated--;
    } else this.added--;
  }

  /** Updated by this pass: its stamp is this pass's. */
  private wasUpdated(id: number): boolean {
    return this.sql.updatedAt.get(id) === this.now;
  }

  get householdsAdded(): number {
    let n = 0;
    for (const h of this.householdList) if (h.isNew && h.members > 0) n++;
    return n;
  }

  /** Before commit: a household this file created whose every row was taken back goes again. */
  finish() {
    this.flush();
    for (const h of this.householdList) {
      if (!h.isNew || h.members > 0 || h.id === null) continue;
      this.sql.deleteTags.run(h.id);
      this.sql.deleteHousehold.run(h.id);
    }
  }
}

// ───── Report ─────

function makeReport(read: ReadResult, dryRun: boolean): ImportReport {
  const { pass } = read;
  return {
    dryRun,
    sheet: read.sheet,
    totalRows: read.totalRows,
    added: pass.added,
    updated: pass.updated,
    skipped: read.badRows.size,
    householdsAdded: pass.householdsAdded,
    problems: read.problems.listed(read.sheet),
    warnings: read.warnings,
    sheets: read.sheets,
    columns: read.columns.map((c) => ({ column: c.letter, header: c.header, field: c.field ? FIELD[c.field].label : null })),
    preview: read.glimpses.map((g) => {
      const p = read.badRows.has(g.row) ? undefined : pass.preview.get(g.row);
      return {
        row: g.row,
        action: p?.action ?? ('跳过' as const),
        idNumber: p?.idNumber ?? g.idNumber,
        name: p?.name ?? g.name,
        grid: p?.grid || g.grid,
        household: p?.household || g.household,
      };
    }),
  };
}
