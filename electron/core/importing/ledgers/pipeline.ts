// One import pipeline for the three key-group ledgers; each ledger is a small definition (its columns,
// and how a row — or, for 低保, a household's rows — becomes an entry with its history).
//   1. probe the file and read the first sheet whose header has the ID column      — 读取文件
//   2. read each cell by its column's kind (codes as labels or codes, dates in every form) and check
//      the ID and name; the same ID twice in the file fails both rows
//   3. in one immediate transaction, each entry in a savepoint of its own: the person matched by ID in
//      实有人口 or created there (with household and grid), then the ledger's own services, in the order a
//      staffer would use the forms (register, 衔接, 报到, 分类, records …), so a row is refused with the
//      reasons the forms give                                                       — 写入数据库
//   4. a dry run rolls the whole transaction back: its report is exactly what the real run would do; a
//      real run with problems rolls back too unless skipInvalid (then the refused entries' savepoints
//      alone were rolled back). A cancel between entries rolls everything back.
import type { ZodType } from 'zod';
import { contract, type ChannelParsed } from '../../../../shared/contract';
import type { ImportProblem, LedgerImportReport } from '../../../../shared/contract/importing';
import { personInput } from '../../../../shared/contract/people';
import { resolveCode } from '../../../../shared/codes';
import { riskLevelTable } from '../../../../shared/codes/ledger';
import { checkIdAgainstToday, normalizeIdNumber } from '../../../../shared/rules/idNumber';
import { describeIssues } from '../../../../shared/zodMessages';
import type { ServiceContext } from '../../context';
import { AppError } from '../../errors';
import { shortPath } from '../../files/safeOutput';
import { cellDate, cellRaw, cleanCompact, cleanName, cleanText, rawText, type Raw } from '../cells';
import { MAX_DATA_ROWS, probeWorkbook, type WorkbookProbe } from '../fileCheck';
import { ImportRefusedError } from '../residents';
import { ProblemSink } from '../rows';
import { EXPLANATION_CELL, FOOTER_LINE, readDataSheet, rowTexts, type SheetPass, type SheetSummary } from '../sheets';
import { matchLedgerHeader, nameIndex, PERSON_COLUMNS, type LedgerColumn, type MatchedColumn } from './columns';
import { PeopleOnFile } from './people';
import type { ApplyKit, CellValue, LedgerDefinition, LedgerImportOptions, LedgerRow, Tally } from './types';

export type { ApplyKit, CellValue, LedgerDefinition, LedgerImportOptions, LedgerRow, Tally } from './types';

const HEADER_SCAN_ROWS = 30;
const PREVIEW_ROWS = 200;
const DATE_HINT = '（可写成 2021-11-10、2021.11.10、2021/11/10、2021年11月10日 或 20211110）';
const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1', '√', '✓', '✔', '有']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '0', '×', '✗', '不是', '非', '无']);

const cancelled = () => new AppError('CANCELLED', '已取消导入，数据库未改动');

/** A refusal already placed on its row and column; the entry's savepoint rolls back. */
class EntryRefused extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super('entry refused');
  }
}

/** Ends a dry run's transaction (rolled back) with its report. */
class DryRunDone extends Error {
  constructor(readonly report: LedgerImportReport) {
    super('dry run');
  }
}

/** The resident import's refusal, with the ledger report's own counts. */
export class LedgerImportRefusedError extends ImportRefusedError {
  constructor(
    readonly ledgerReport: LedgerImportReport,
    counts: { rows: number; problems: number },
  ) {
    super(ledgerReport, counts);
  }

  override toInfo() {
    const { ledger, residentsAdded, residentsMatched, recordsAdded } = this.ledgerReport;
    return { ...super.toInfo(), ledger, residentsAdded, residentsMatched, recordsAdded };
  }
}

interface ReadSheet {
  sheet: string;
  matched: MatchedColumn[];
  byKey: Map<string, MatchedColumn>;
  /** Every data row, those with problems too (a household's other rows need to know). */
  rows: LedgerRow[];
  totalRows: number;
  badRows: Set<number>;
  problems: ProblemSink;
  glimpses: { row: number; idNumber: string; name: string; grid: string; household: string }[];
  headerRow: number;
  /** What the sheet reading noticed (another data sheet, a hidden sheet read) and the file's sheets. */
  warnings: string[];
  sheets: SheetSummary[];
}

export async function importLedger(ctx: ServiceContext, def: LedgerDefinition, path: string, opts: LedgerImportOptions): Promise<LedgerImportReport> {
  if (ctx.signal?.aborted) throw cancelled();
  const probe = probeWorkbook(path);
  const read = await readLedgerSheet(ctx, def, probe, opts.sheet);
  if (ctx.signal?.aborted) throw cancelled();
  const sqlite = ctx.ledger.sqlite;
  const run = sqlite.transaction(() => {
    const outcome = applyAll(ctx, def, read, probe.file, opts.dryRun ? '检查数据' : '写入数据库');
    const report = makeReport(def, read, outcome, opts.dryRun);
    if (opts.dryRun) throw new DryRunDone(report);
    if (read.problems.total > 0 && !opts.skipInvalid) {
      const refused = { ...report, added: 0, updated: 0, householdsAdded: 0, residentsAdded: 0, residentsMatched: 0, recordsAdded: 0, skipped: read.totalRows };
      throw new LedgerImportRefusedError(refused, { rows: read.badRows.size, problems: read.problems.total });
    }
    return report;
  });
  try {
    return run.immediate();
  } catch (err) {
    if (err instanceof DryRunDone) return err.report;
    if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      throw new AppError('CONFLICT', '数据库正在被另一个程序（或本软件的另一个窗口、命令行）写入，导入没有进行，数据库未改动。请稍后再试。');
    }
    throw err;
  }
}

// ───── 1–2. Reading ─────

async function readLedgerSheet(ctx: ServiceContext, def: LedgerDefinition, probe: WorkbookProbe, sheet: string | undefined): Promise<ReadSheet> {
  const all = [...PERSON_COLUMNS, ...def.columns];
  const byName = nameIndex(all);
  const looked: string[] = [];
  // The same sheet reading as every import: the staffer's sheet or visible ones first, merges filled, cut-off sheets refused.
  const found = await readDataSheet(
    ctx,
    probe,
    { sheet, preferred: def.preferredSheet, isHeader: (texts) => matchLedgerHeader(texts, byName) !== null, headerScanRows: HEADER_SCAN_ROWS },
    async (pass) => {
      const read = await readSheet(ctx, def, pass, probe, byName, all);
      return read ? { result: read, headerRow: read.headerRow } : null;
    },
    looked,
  );
  if (found) return { ...found.result, warnings: found.warnings, sheets: found.sheets };
  const required = all.filter((c) => c.required).map((c) => `「${c.label}」`).join('、');
  throw new AppError(
    'BAD_FILE',
    `在文件「${shortPath(probe.file)}」中没有找到${def.title}台账的表头行（已查看工作表 ${looked.map((n) => `「${n}」`).join('、')} 的前 ${HEADER_SCAN_ROWS} 行）。` +
      `必需的列：${required}。请使用${def.title}导入模板，或把表头改成模板中的列名。`,
  );
}

async function readSheet(
  ctx: ServiceContext,
  def: LedgerDefinition,
  pass: SheetPass,
  probe: WorkbookProbe,
  byName: ReadonlyMap<string, LedgerColumn>,
  all: readonly LedgerColumn[],
): Promise<ReadSheet | null> {
  const sheet = pass.info.name;
  let matched: MatchedColumn[] | null = null;
  let byKey = new Map<string, MatchedColumn>();
  let headerRow = 0;
  let firstAfterHeader = true;
  const problems = new ProblemSink();
  const rows: LedgerRow[] = [];
  const badRows = new Set<number>();
  const glimpses: ReadSheet['glimpses'] = [];
  const firstById = new Map<string, { row: number; flagged: boolean }>();
  let totalRows = 0;
  const today = ctx.today();

  const fail = (row: number, c: MatchedColumn | undefined, label: string, message: string) => {
    problems.push({ sheet, row, column: c ? `${c.letter}（${c.header}）` : '', field: label, message });
    badRows.add(row);
  };

  for await (const r of pass.rows) {
    const values = pass.values(r);
    if (!matched) {
      matched = matchLedgerHeader(rowTexts(values), byName);
      if (!matched) {
        if (r.number >= HEADER_SCAN_ROWS) return null;
        continue;
      }
      headerRow = r.number;
      byKey = new Map(matched.filter((m) => m.column).map((m) => [m.column!.key, m]));
      const missing = all.filter((c) => c.required && !byKey.has(c.key));
      if (missing.length) {
        throw new AppError(
          'BAD_FILE',
          `工作表「${sheet}」第 ${headerRow} 行是表头，但缺少必需的列：${missing.map((c) => `「${c.label}」`).join('、')}（${def.title}台账）。`,
        );
      }
      continue;
    }
    const cells = values.map((v) => cellRaw(v));
    if (firstAfterHeader) {
      firstAfterHeader = false;
      if (cells.filter((c) => EXPLANATION_CELL.test(rawText(c))).length >= 2) continue;
    }
    const known = [...byKey.values()];
    if (known.every((m) => isEmpty(cells[m.col] ?? null))) continue;
    const idCol = byKey.get('idNumber')!;
    if (isEmpty(cells[idCol.col] ?? null) && isFooter(cells)) continue;

    totalRows++;
    if (totalRows > MAX_DATA_ROWS) {
      throw new AppError('BAD_FILE', `工作表「${sheet}」超过了一次导入的上限 ${MAX_DATA_ROWS.toLocaleString('zh-CN')} 行，请拆分成几个文件分别导入。`);
    }
    const out = new Map<string, CellValue>();
    for (const m of known) {
      const c = m.column!;
      if (c.key === 'idNumber' || c.key === 'name') continue;
      const raw = cells[m.col] ?? null;
      if (isEmpty(raw)) continue;
      const read = readCell(c, raw, probe.date1904);
      if (read.ok) out.set(c.key, read.value);
      else fail(r.number, m, c.label, read.message);
    }
    // 公民身份号码 and 姓名, as the resident import checks them.
    const idRaw = cells[idCol.col] ?? null;
    let idNumber = '';
    if (isEmpty(idRaw)) fail(r.number, idCol, '公民身份号码', '缺少公民身份号码（必填）');
    else {
      const id = checkIdAgainstToday(normalizeIdNumber(typeof idRaw === 'number' ? idRaw : rawText(idRaw)), today);
      if (id.ok) idNumber = id.idNumber;
      else fail(r.number, idCol, '公民身份号码', id.reason);
    }
    const nameCol = byKey.get('name')!;
    const name = cleanName(cells[nameCol.col] ?? null);
    if (!name) fail(r.number, nameCol, '姓名', '缺少姓名（必填）');
    else {
      const checked = personInput.shape.name.safeParse(name);
      if (!checked.success) fail(r.number, nameCol, '姓名', checked.error.issues[0]?.message ?? '姓名格式不正确');
    }
    if (glimpses.length < PREVIEW_ROWS) {
      const grid = ['gridCode', 'grid', 'gridName'].map((k) => out.get(k)).find((v) => v) ?? '';
      glimpses.push({ row: r.number, idNumber: idNumber || cleanCompact(idRaw).toUpperCase(), name, grid: String(grid), household: String(out.get('householdNumber') ?? '') });
    }
    rows.push({ row: r.number, idNumber, name, values: out });
    if (idNumber) {
      const first = firstById.get(idNumber);
      if (!first) firstById.set(idNumber, { row: r.number, flagged: false });
      else {
        // The same person twice: neither row is trusted; both are named.
        fail(r.number, idCol, '公民身份号码', `公民身份号码 ${idNumber} 与第 ${first.row} 行重复（同一人出现了两次），两行都不会导入，请核对后只保留一行`);
        if (!first.flagged) {
          first.flagged = true;
          fail(first.row, idCol, '公民身份号码', `公民身份号码 ${idNumber} 与第 ${r.number} 行重复（同一人出现了两次），两行都不会导入，请核对后只保留一行`);
        }
      }
    }
    if (totalRows % 200 === 0) {
      ctx.progress?.(r.number, Math.max(r.number, totalRows), '读取文件');
      if (ctx.signal?.aborted) throw cancelled();
    }
  }
  if (!matched) return null;
  if (totalRows === 0) throw new AppError('BAD_FILE', `工作表「${sheet}」只有表头（第 ${headerRow} 行），下面没有数据行。请填好${def.title}信息后再导入。`);
  ctx.progress?.(totalRows, totalRows, '读取文件');
  return { sheet, matched, byKey, rows, totalRows, badRows, problems, glimpses, headerRow, warnings: [], sheets: [] };
}

function isEmpty(raw: Raw): boolean {
  return raw === null || (typeof raw === 'string' && raw.trim() === '');
}

function isFooter(cells: readonly Raw[]): boolean {
  let text = '';
  for (const c of cells) {
    const t = rawText(c).trim();
    if (!t) continue;
    if (text) return false;
    text = t;
  }
  return FOOTER_LINE.test(text);
}

type Read = { ok: true; value: CellValue } | { ok: false; message: string };

const CHINESE_LEVEL: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5 };

/** One cell by its column's kind. */
export function readCell(c: LedgerColumn, raw: Raw, date1904: boolean): Read {
  const shown = rawText(raw).trim();
  switch (c.kind) {
    case 'text': {
      const text = c.key === 'householdNumber' || c.key === 'gridCode' || c.key === 'phone' ? cleanCompact(raw) : cleanText(raw);
      if (c.max && text.length > c.max) return { ok: false, message: `${c.label}不超过${c.max}个字（现有 ${text.length} 个字）` };
      return { ok: true, value: text };
    }
    case 'date': {
      const date = cellDate(raw, date1904);
      return date ? { ok: true, value: date } : { ok: false, message: `${c.label}「${shown}」不是有效日期${DATE_HINT}` };
    }
    case 'code': {
      const text = cleanText(raw);
      const code = resolveCode(c.table!, text);
      if (code !== null) return { ok: true, value: code };
      const allowed = c.table!.entries.length <= 12 ? `可填写：${c.table!.entries.map((e) => e.label).join('、')}` : '可填写的值见导入模板的「取值说明」';
      return { ok: false, message: `${c.table!.name}「${text}」不在代码表中（${allowed}）` };
    }
    case 'yesno': {
      const text = cleanCompact(raw).toUpperCase();
      if (YES.has(text)) return { ok: true, value: true };
      if (NO.has(text)) return { ok: true, value: false };
      return { ok: false, message: `${c.label}应填「是」或「否」，不能是「${shown}」` };
    }
    case 'int': {
      const text = typeof raw === 'number' ? String(raw) : cleanCompact(raw).replace(/[次人口个]$/, '');
      if (!/^\d{1,4}$/.test(text)) return { ok: false, message: `${c.label}应为整数，不能是「${shown}」` };
      return { ok: true, value: Number(text) };
    }
    case 'money': {
      const text = typeof raw === 'number' ? String(raw) : cleanCompact(raw).replace(/[,，]/g, '').replace(/元(\/月)?$|每月$/, '');
      if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, message: `${c.label}应为金额（元），如 650 或 650.50，不能是「${shown}」` };
      return { ok: true, value: Number(text) };
    }
    case 'risk': {
      const text = cleanCompact(raw);
      if (/^0[1-6]$/.test(text)) {
        return { ok: false, message: `${c.label}「${text}」有歧义（有的系统用 01–06 表示 0–5 级）：请写 0–5 或「0级」–「5级」` };
      }
      const code = resolveCode(riskLevelTable, text) ?? (/^([零〇一二三四五])级?$/.exec(text) ? String(CHINESE_LEVEL[text[0]!]) : null);
      return code !== null ? { ok: true, value: Number(code) } : { ok: false, message: `${c.label}应为 0–5 级，不能是「${shown}」` };
    }
  }
}

// ───── 3. Applying ─────

interface Outcome {
  tally: Tally;
  /** Rows whose entry stands, with the household number it ended in. */
  done: Map<number, { household: string }>;
}

const emptyTally = (): Tally => ({ entries: 0, residentsAdded: 0, residentsMatched: 0, residentsUpdated: 0, householdsAdded: 0, records: 0 });

/** `stage`: what the progress says — a dry run checks (its writes are rolled back), a run writes. */
function applyAll(ctx: ServiceContext, def: LedgerDefinition, read: ReadSheet, file: string, stage: string): Outcome {
  const sqlite = ctx.ledger.sqlite;
  const total = emptyTally();
  const done = new Map<number, { household: string }>();
  const people = new PeopleOnFile(ctx);

  // Units: one row, or the rows of one household (a bad row fails its whole household).
  const units = new Map<string, LedgerRow[]>();
  for (const r of read.rows) {
    const key = def.groupKey ? def.groupKey(r) : `row ${r.row}`;
    const list = units.get(key) ?? [];
    list.push(r);
    units.set(key, list);
  }

  const column = (key: string) => read.byKey.get(key);
  const problemAt = (row: number, key: string, message: string, field?: string): ImportProblem => {
    const c = column(key);
    const label = c?.column?.label ?? field ?? '';
    return { sheet: read.sheet, row, column: c ? `${c.letter}（${c.header}）` : '', field: label, message };
  };
  /** A service's refusal, on the column its path names when the file has it. */
  const fromError = (row: number, fallback: string, err: AppError, paths: Readonly<Record<string, string>>): ImportProblem[] => {
    const placed = (err.problems ?? [])
      .map((p) => {
        const field = p.path?.find((x): x is string => typeof x === 'string');
        const key = field ? (paths[field] ?? field) : undefined;
        return key && column(key) ? { key, p } : null;
      })
      .filter((x) => x !== null);
    if (placed.length === 0) return [problemAt(row, fallback, err.message, err.problems?.[0]?.field)];
    return [problemAt(row, placed[0]!.key, err.message, placed[0]!.p.field)];
  };

  const sameHousehold = (rows: readonly LedgerRow[], failed: ReadonlySet<number>) => {
    for (const r of rows) {
      if (failed.has(r.row) || read.badRows.has(r.row)) continue;
      read.badRows.add(r.row);
      read.problems.push(problemAt(r.row, '', `同一户的第 ${[...failed].sort((a, b) => a - b).join('、')} 行有问题，本户没有导入`));
    }
  };

  let i = 0;
  const count = units.size;
  for (const rows of units.values()) {
    if (i % 20 === 0) {
      ctx.progress?.(i, count, stage);
      if (ctx.signal?.aborted) throw cancelled();
    }
    i++;
    const badAtReading = new Set(rows.filter((r) => read.badRows.has(r.row)).map((r) => r.row));
    if (badAtReading.size > 0) {
      sameHousehold(rows, badAtReading);
      continue;
    }
    const tally = emptyTally();
    const kit: ApplyKit = {
      ctx,
      file,
      people,
      tally,
      has: (key) => read.byKey.has(key),
      text: (row, key) => {
        const v = row.values.get(key);
        return v === null || v === undefined ? '' : String(v);
      },
      value: <T extends CellValue>(row: LedgerRow, key: string) => (row.values.get(key) ?? null) as T | null,
      input: (channel, raw, row, paths = {}) => {
        const parsed = (contract[channel].input as ZodType).safeParse(raw);
        if (parsed.success) return parsed.data as ChannelParsed<typeof channel>;
        const { problems } = describeIssues(parsed.error);
        throw new EntryRefused(
          problems.map((p) => {
            const field = (p.path ?? []).find((x): x is string => typeof x === 'string');
            const key = field ? (paths[field] ?? field) : '';
            return problemAt(row.row, column(key) ? key : '', p.message, p.field);
          }),
        );
      },
      step: (row, key, fn, paths = {}) => {
        try {
          return fn();
        } catch (err) {
          if (err instanceof AppError && err.code !== 'CANCELLED') throw new EntryRefused(fromError(row.row, key, err, paths));
          throw err;
        }
      },
      refuse: (row, key, message) => {
        throw new EntryRefused([problemAt(row.row, key, message)]);
      },
    };
    try {
      sqlite.transaction(() => def.apply(kit, rows))();
    } catch (err) {
      if (!(err instanceof EntryRefused)) throw err;
      for (const p of err.problems) {
        read.problems.push(p);
        read.badRows.add(p.row);
      }
      sameHousehold(rows, new Set(err.problems.map((p) => p.row)));
      continue;
    }
    for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += tally[k];
    for (const r of rows) done.set(r.row, { household: people.householdNumberOf(r.idNumber) ?? kit.text(r, 'householdNumber') });
  }
  ctx.progress?.(count, count, stage);
  return { tally: total, done };
}

// ───── Report ─────

function makeReport(def: LedgerDefinition, read: ReadSheet, outcome: Outcome, dryRun: boolean): LedgerImportReport {
  const problems = read.problems.listed(read.sheet);
  const { tally } = outcome;
  return {
    dryRun,
    ledger: def.title,
    sheet: read.sheet,
    totalRows: read.totalRows,
    added: tally.entries,
    updated: tally.residentsUpdated,
    skipped: read.badRows.size,
    householdsAdded: tally.householdsAdded,
    residentsAdded: tally.residentsAdded,
    residentsMatched: tally.residentsMatched,
    recordsAdded: tally.records,
    problems,
    warnings: read.warnings,
    sheets: read.sheets,
    columns: read.matched.map((m) => ({ column: m.letter, header: m.header, field: m.column?.label ?? null })),
    preview: read.glimpses.map((g) => {
      const done = outcome.done.get(g.row);
      return { ...g, action: done && !read.badRows.has(g.row) ? ('新增' as const) : ('跳过' as const), household: done?.household || g.household };
    }),
  };
}
