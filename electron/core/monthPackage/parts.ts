// What a month's package holds, part by part, in the order they are made. Each part returns its files (path inside
// the package, bytes); xlsx bytes are made reproducible afterwards (bytes.ts). A new document in the package is one
// more entry here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportFigures, ReportTableId } from '../../../shared/contract/reports';
import { ALL_TABLES } from '../../../shared/reports/tables';
import type { ServiceContext } from '../context';
import { countyFormNames, fillCountyForm, getCountyForm } from '../countyForms/service';
import { LEDGER_BOOKS, writeLedgerBook } from '../reports/ledgerBooks';
import { monthlyReportBuffer } from '../reports/monthlyReport';
import { tablePdfBuffer } from '../reports/tablePdf';
import { buildTableWorkbook, type TableInput } from '../reports/tableXlsx';
import { tableRows } from '../reports/service';
import { AppError } from '../errors';
import { runTask } from '../jobs/tasks';
import { beforeBackupHere, discardCopy, placeCopyHere, takeBackupHere, verifiedCopySchema, type VerifiedCopy } from '../backup/service';
import type { BackupKind } from '../backup/store';

export interface PartFile {
  name: string;
  content: Buffer;
  /**
   * Written by our own xlsx writer dated the generation time (xlsx/zipWriter.ts): reproducible as it is, so it is
   * not unzipped and zipped again (for the 实有人口 ledger, ~20 MB, that took a tenth of a second on the job's thread).
   */
  dated?: true;
}

export interface PartEnv {
  ctx: ServiceContext;
  month: string;
  figures: ReportFigures;
  /** ISO time of the generation: every date written into a file comes from it, never from the clock. */
  generatedAt: string;
  /** A private folder for parts whose writers take a path; removed after the build. */
  staging: string;
}

export interface PackagePart {
  /** Shown as the progress stage. */
  stage: string;
  /** Started first and awaited last: its work runs in a task worker beside the other parts (jobs/tasks.ts). */
  beside?: boolean;
  build(env: PartEnv): Promise<PartFile[]>;
}

const TABLE_IDS: ReportTableId[] = ['T1', 'T2', 'T3', 'T4', 'T5'];
/** T6 网格员履职考核表 (issue 12): its own xlsx and PDF beside T1–T5's (a row per grid worker, not per village). */
const WORKER_TABLE: ReportTableId = 'T6';

/** Each table's rows once per package: the xlsx and the PDF parts share them (T6's assessment reads every visit). */
const inputs = new WeakMap<PartEnv, Map<ReportTableId, TableInput>>();
function tableInput(env: PartEnv, id: ReportTableId): TableInput {
  let byId = inputs.get(env);
  if (!byId) inputs.set(env, (byId = new Map()));
  let input = byId.get(id);
  if (!input) byId.set(id, (input = { def: ALL_TABLES[id], townName: env.figures.townName, month: env.month, rows: tableRows(env.ctx, env.figures, id), filledOn: env.ctx.today() }));
  return input;
}

export const tableFileName = (id: ReportTableId) => `${id}_${ALL_TABLES[id].name}.xlsx`;

/** Four PDFs of different paper (A4, A3) as one file: pdfmake keeps one paper size per document, so they are joined. */
async function joinPdfs(parts: Buffer[], generatedAt: string, title: string): Promise<Buffer> {
  // Loaded here, not at start-up: only the package joins PDFs.
  const { PDFDocument } = await import('pdf-lib');
  const out = await PDFDocument.create({ updateMetadata: false });
  for (const part of parts) {
    const doc = await PDFDocument.load(part, { updateMetadata: false });
    for (const page of await out.copyPages(doc, doc.getPageIndices())) out.addPage(page);
  }
  const when = new Date(generatedAt);
  out.setTitle(title);
  out.setCreator('乡镇综治台账');
  out.setProducer('乡镇综治台账');
  out.setCreationDate(when);
  out.setModificationDate(when);
  return Buffer.from(await out.save({ useObjectStreams: false }));
}

/** A name staff gave (a county form's) made safe as a file name on Windows. */
export const fileSafe = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/[. ]+$/, '').slice(0, 80) || '未命名';

/** Part of a package: its own progress would run 0…n inside the package's, so a part's writer gets none. */
const quiet = (ctx: ServiceContext): ServiceContext => ({ ...ctx, progress: undefined });

/**
 * The package's verified backup (two full checks, ~2 s at 100,000 persons), made beside the job's own work: a task
 * worker makes the copy and checks it while this thread checks the live file; then this thread places the copy — or
 * throws it away when the live file failed, so a damaged file never replaces a good backup. Without a task worker
 * (the CLI in-process, tests), all of it here and now.
 */
export async function backupBeside(ctx: ServiceContext, kind: BackupKind): Promise<void> {
  if (!ctx.tasks) return takeBackupHere(ctx, kind);
  const copying = runTask(quiet(ctx), 'backupCopy', { kind });
  const copy = async (): Promise<VerifiedCopy> => {
    const r = await copying;
    if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.problems);
    return verifiedCopySchema.parse(r.value);
  };
  try {
    beforeBackupHere(ctx);
  } catch (err) {
    await copy().then(discardCopy, () => undefined);
    throw err;
  }
  placeCopyHere(ctx, kind, await copy());
}

export const PACKAGE_PARTS: PackagePart[] = [
  {
    stage: '统计表 T1–T6（Excel）',
    async build(env) {
      const files: PartFile[] = [];
      for (const id of [...TABLE_IDS, WORKER_TABLE]) {
        const buffer = await buildTableWorkbook(tableInput(env, id)).xlsx.writeBuffer();
        files.push({ name: tableFileName(id), content: Buffer.from(buffer) });
      }
      return files;
    },
  },
  {
    stage: '统计表 T1–T6（PDF）',
    async build(env) {
      const pdfs: Buffer[] = [];
      for (const id of TABLE_IDS) pdfs.push(await tablePdfBuffer(tableInput(env, id)));
      return [
        { name: 'T1-T5_统计表.pdf', content: await joinPdfs(pdfs, env.generatedAt, `${env.figures.townName}${env.month} 统计表 T1–T5`) },
        { name: `T6_${ALL_TABLES.T6.name}.pdf`, content: await joinPdfs([await tablePdfBuffer(tableInput(env, WORKER_TABLE))], env.generatedAt, `${env.figures.townName}${env.month} ${ALL_TABLES.T6.name}`) },
      ];
    },
  },
  {
    // The ledgers with full ID numbers, for the county (each with its 打印 sheet); 实有人口 is the next part.
    stage: '台账（Excel）',
    async build(env) {
      const files: PartFile[] = [];
      for (const kind of LEDGER_BOOKS.filter((k) => k !== 'residents')) {
        const path = join(env.staging, `ledger-${kind}.xlsx`);
        const { fileName } = await writeLedgerBook(quiet(env.ctx), kind, path, { generatedAt: env.generatedAt });
        files.push({ name: `台账/${fileName}`, content: readFileSync(path), dated: true });
      }
      return files;
    },
  },
  {
    // The biggest file of the package (a row per resident): written in a worker of its own while the rest is made.
    stage: '实有人口台账（Excel）',
    beside: true,
    async build(env) {
      const path = join(env.staging, 'ledger-residents.xlsx');
      const r = await runTask(quiet(env.ctx), 'ledgerBook', { kind: 'residents', path, generatedAt: env.generatedAt });
      if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.problems);
      return [{ name: `台账/${(r.value as { fileName: string }).fileName}`, content: readFileSync(path), dated: true }];
    },
  },
  {
    stage: '月度工作报告（PDF）',
    async build(env) {
      return [{ name: `${env.figures.townName}${env.month.slice(0, 4)}年${Number(env.month.slice(5, 7))}月综治工作月度报告.pdf`, content: await monthlyReportBuffer(env.ctx, env.month, env.figures, env.generatedAt) }];
    },
  },
  {
    // Every county form the town saved (一表通), filled for the month, and its mapping beside it, so the package
    // shows how each column was filled.
    stage: '县级报表（一表通）',
    async build(env) {
      const files: PartFile[] = [];
      for (const name of countyFormNames(env.ctx)) {
        const path = join(env.staging, `form-${files.length}.xlsx`);
        await fillCountyForm(quiet(env.ctx), { name, month: env.month, path }, env.figures);
        files.push({ name: `县级报表/${fileSafe(name)}.xlsx`, content: readFileSync(path) });
        const { mapping } = getCountyForm(env.ctx, name);
        files.push({ name: `县级报表/对应关系/${fileSafe(name)}.json`, content: Buffer.from(JSON.stringify({ name, mapping }, null, 2) + '\n', 'utf8') });
      }
      return files;
    },
  },
];
