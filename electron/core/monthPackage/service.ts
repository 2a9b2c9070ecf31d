// The month's county package. Generating a month builds every file into a staging folder beside the target, makes
// each file's bytes reproducible (bytes.ts), keeps the figures, the files and manifest.json in the database — the
// month is then frozen — and only then moves the folder into place (and writes the .zip). A frozen month is written
// again from the kept bytes, so what staff regenerate is exactly what was sent; reopening (with a reason) lets the
// next generation recompute.
//
// Decisions:
// - Only a caller with the whole town may generate, reopen or mark a month: the package is the town's report.
// - The package folder is `{镇名}_{YYYY}年{MM}月_综治月报` inside the folder staff choose. An existing folder of that
//   name is replaced only when its manifest.json says it is this town's package of this month; any other folder is
//   left alone and the call refused.
// - manifest.json lists every other file with size and SHA-256; its own hash is kept in the database and returned.
// - The month's state: open (never generated) → frozen → sent; frozen or sent → reopened → frozen again.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { asc, desc, eq } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import type { Manifest, MonthDetail, MonthState, MonthSummary, PackageFile, PackageResult } from '../../../shared/contract/monthPackage';
import type { ReportFigures } from '../../../shared/contract/reports';
import { headlineOf } from '../../../shared/reports/headline';
import type { ServiceContext } from '../context';
import { reportMonth, reportMonthEvent, reportMonthFile } from '../db/schema';
import { AppError, conflict, validationError } from '../errors';
import { guardOf, resolveOutputTarget, shortPath, throwIfCancelled } from '../files/safeOutput';
import { applyPdfFontSetting } from '../pdf/fontSetting';
import { writeBuffer } from '../pdf/render';
import { checkReportMonth, computeReportFigures, firstReportMonth } from '../reports/figures';
import { requireTown } from '../town/service';
import { APP_NAME, APP_VERSION } from '../version';
import { normalizeXlsx, packageZip, sha256 } from './bytes';
import { PACKAGE_PARTS, backupBeside, type PartFile } from './parts';

/** Now, on the app's calendar: today's date (pinned in tests and by --today) with the clock's time of day. */
const stampNow = (ctx: ServiceContext) => `${ctx.today()}T${new Date().toISOString().slice(11)}`;

const monthLabel = (m: string) => `${m.slice(0, 4)}年${m.slice(5, 7)}月`;
export const packageFolderName = (townName: string, month: string) => `${townName}_${monthLabel(month)}_综治月报`;
const MANIFEST = 'manifest.json';

function requireWholeTown(ctx: ServiceContext): void {
  if (ctx.caller.villageScope !== null) throw new AppError('FORBIDDEN', '月报是全乡镇的报表，只有可查看全乡镇数据的用户才能生成、重新打开或标记报送。');
}

type MonthRow = typeof reportMonth.$inferSelect;
const monthRow = (ctx: ServiceContext, month: string): MonthRow | undefined =>
  ctx.ledger.db.select().from(reportMonth).where(eq(reportMonth.month, month)).get();
const isFrozen = (r: MonthRow | undefined): r is MonthRow => !!r && (r.state === 'frozen' || r.state === 'sent');

function fileList(ctx: ServiceContext, month: string): PackageFile[] {
  return ctx.ledger.db
    .select({ name: reportMonthFile.name, size: reportMonthFile.size, sha256: reportMonthFile.sha256 })
    .from(reportMonthFile)
    .where(eq(reportMonthFile.month, month))
    .orderBy(asc(reportMonthFile.name))
    .all();
}

function summaryOf(ctx: ServiceContext, month: string, r: MonthRow | undefined): MonthSummary {
  const files = r ? fileList(ctx, month) : [];
  return {
    month,
    state: (r?.state ?? 'open') as MonthState,
    frozenAt: r?.frozenAt ?? null,
    sentOn: r?.sentOn ?? null,
    sentHow: r?.sentHow ?? null,
    files: files.length,
    bytes: files.reduce((s, f) => s + f.size, 0),
  };
}

export function monthDetail(ctx: ServiceContext, month: string): MonthDetail {
  requireWholeTown(ctx);
  checkReportMonth(ctx, month);
  const r = monthRow(ctx, month);
  const events = ctx.ledger.db.select().from(reportMonthEvent).where(eq(reportMonthEvent.month, month)).orderBy(desc(reportMonthEvent.id)).all();
  return {
    ...summaryOf(ctx, month, r),
    headline: r ? (JSON.parse(r.manifest) as Manifest).headline : null,
    fileList: r ? fileList(ctx, month) : [],
    events: events.map((e) => ({ kind: e.kind as 'frozen' | 'reopened' | 'sent', reason: e.reason, byName: e.byName, at: e.createdAt })),
  };
}

/** Every month from the first the town can report to this one, newest first. */
export function listMonths(ctx: ServiceContext): MonthSummary[] {
  requireWholeTown(ctx);
  const town = requireTown(ctx);
  const first = firstReportMonth(ctx, town.createdAt);
  const rows = new Map(ctx.ledger.db.select().from(reportMonth).all().map((r) => [r.month, r]));
  const out: MonthSummary[] = [];
  let [y, m] = ctx.today().slice(0, 7).split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month < first) break;
    out.push(summaryOf(ctx, month, rows.get(month)));
    if (--m === 0) [y, m] = [y - 1, 12];
  }
  return out;
}

function addEvent(ctx: ServiceContext, month: string, kind: 'frozen' | 'reopened' | 'sent', reason: string | null, at: string): void {
  ctx.ledger.db.insert(reportMonthEvent).values({ month, kind, reason, byUser: ctx.caller.userId, byName: ctx.caller.displayName, createdAt: at }).run();
}

export function reopenMonth(ctx: ServiceContext, input: ChannelParsed<'month.reopen'>): MonthDetail {
  requireWholeTown(ctx);
  checkReportMonth(ctx, input.month);
  const r = monthRow(ctx, input.month);
  if (!isFrozen(r)) throw conflict(`${monthLabel(input.month)}的月报${r ? '已经重新打开' : '还没有生成'}，不需要重新打开`);
  const now = stampNow(ctx);
  ctx.ledger.db.update(reportMonth).set({ state: 'reopened', updatedAt: now }).where(eq(reportMonth.month, input.month)).run();
  addEvent(ctx, input.month, 'reopened', input.reason, now);
  return monthDetail(ctx, input.month);
}

export function markSent(ctx: ServiceContext, input: ChannelParsed<'month.markSent'>): MonthDetail {
  requireWholeTown(ctx);
  checkReportMonth(ctx, input.month);
  const r = monthRow(ctx, input.month);
  if (!isFrozen(r)) throw conflict(`${monthLabel(input.month)}的月报${r ? '已重新打开，请先重新生成' : '还没有生成'}，不能标记为已报送`);
  if (input.sentOn < r.frozenAt.slice(0, 10)) {
    throw validationError(`报送日期 ${input.sentOn} 早于月报生成的日期 ${r.frozenAt.slice(0, 10)}`, [{ path: ['sentOn'], message: '报送日期不能早于生成日期' }]);
  }
  if (input.sentOn > ctx.today()) throw validationError(`报送日期 ${input.sentOn} 还没有到`, [{ path: ['sentOn'], message: '报送日期不能晚于今天' }]);
  const now = stampNow(ctx);
  ctx.ledger.db.update(reportMonth).set({ state: 'sent', sentOn: input.sentOn, sentHow: input.how, updatedAt: now }).where(eq(reportMonth.month, input.month)).run();
  addEvent(ctx, input.month, 'sent', `${input.sentOn} ${input.how}`, now);
  return monthDetail(ctx, input.month);
}

/**
 * Builds every file of the month (not yet frozen) into `staging`; returns them with reproducible bytes, in the parts'
 * order. The parts marked `beside` start first in a task worker; the verified backup (which the package takes
 * before it freezes the month) runs meanwhile on this thread, then the other parts.
 */
async function buildFiles(ctx: ServiceContext, month: string, figuresOf: () => ReportFigures, generatedAt: string, staging: string): Promise<PartFile[]> {
  const parts = PACKAGE_PARTS;
  // Cancel reaches the task worker too; a failure here stops it before the staging folder is removed.
  const side = new AbortController();
  const onAbort = () => side.abort();
  ctx.signal?.addEventListener('abort', onAbort);
  // The figures are computed when a part first needs them: the parts beside (which do not) start before.
  const env = {
    ctx: { ...ctx, signal: side.signal }, month, generatedAt, staging,
    get figures() {
      return figuresOf();
    },
  };
  const started = new Map(parts.flatMap((p, i) => (p.beside && ctx.tasks ? [[i, p.build(env).then((files) => ({ files }), (error: unknown) => ({ error }))] as const] : [])));
  // The verified backup, beside too (without a task worker: here, first); waited for before the month is frozen.
  const backup = ctx.backupFirst?.takeWith((kind) => backupBeside(ctx, kind));
  // Its failure is thrown where it is awaited, not reported as unhandled while the parts run.
  backup?.catch(() => undefined);
  try {
    const built: PartFile[][] = parts.map(() => []);
    // The parts made here first, those started beside last (awaiting one earlier would hold up the rest).
    const order = [...parts.keys()].sort((a, b) => Number(started.has(a)) - Number(started.has(b)));
    for (const [step, i] of order.entries()) {
      const part = parts[i]!;
      throwIfCancelled(guardOf(ctx));
      ctx.progress?.(step, parts.length + 2, part.stage);
      const early = started.get(i);
      let files: PartFile[];
      if (early) {
        const r = await early;
        if ('error' in r) throw r.error;
        files = r.files;
      } else {
        files = await part.build(env);
      }
      built[i] = (await Promise.all(files.map(async (f) => ({ name: f.name, content: /\.xlsx$/i.test(f.name) && !f.dated ? await normalizeXlsx(f.content, generatedAt) : f.content }))));
    }
    await backup;
    return built.flat();
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    if (started.size > 0) {
      side.abort();
      await Promise.all(started.values());
    }
    // A backup still being written is let finish: its copy is verified or removed by the task itself.
    await backup?.catch(() => undefined);
  }
}

function manifestOf(ctx: ServiceContext, month: string, figures: ReportFigures, generatedAt: string, files: PartFile[]): Buffer {
  const town = requireTown(ctx);
  const m: Manifest = {
    format: 'zongzhi-monthly/1',
    app: { name: APP_NAME, version: APP_VERSION },
    town: { name: town.name, code: town.code },
    month,
    generatedAt,
    headline: headlineOf(figures),
    files: [...files].sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => ({ name: f.name, size: f.content.length, sha256: sha256(f.content) })),
  };
  return Buffer.from(JSON.stringify(m, null, 2) + '\n', 'utf8');
}

function freeze(ctx: ServiceContext, month: string, figures: ReportFigures, manifest: Buffer, generatedAt: string, files: PartFile[]): void {
  ctx.ledger.sqlite
    .transaction(() => {
      const db = ctx.ledger.db;
      db.delete(reportMonthFile).where(eq(reportMonthFile.month, month)).run();
      const values = { state: 'frozen', figures: JSON.stringify(figures), manifest: manifest.toString('utf8'), frozenAt: generatedAt, sentOn: null, sentHow: null, updatedAt: generatedAt };
      db.insert(reportMonth).values({ month, ...values, createdAt: generatedAt }).onConflictDoUpdate({ target: reportMonth.month, set: values }).run();
      for (const f of [...files, { name: MANIFEST, content: manifest }]) {
        db.insert(reportMonthFile).values({ month, name: f.name, sha256: sha256(f.content), size: f.content.length, content: f.content }).run();
      }
      addEvent(ctx, month, 'frozen', null, generatedAt);
    })
    .immediate();
}

/** Is `dir` a package this app wrote for this town and month (so it may be replaced)? */
function isOurPackage(dir: string, townCode: string, month: string): boolean {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Partial<Manifest>;
    return m.format === 'zongzhi-monthly/1' && m.town?.code === townCode && m.month === month;
  } catch {
    return false;
  }
}

function checkTarget(target: string, townCode: string, month: string): void {
  if (existsSync(target) && !(statSync(target).isDirectory() && isOurPackage(target, townCode, month))) {
    throw conflict(`「${shortPath(target)}」已经存在，但不是本乡镇这个月的月报，没有覆盖它。请另选保存位置，或先移走它。`);
  }
}

/** Writes the files into a fresh folder beside `target` and swaps it in, so a failure never leaves half a package. */
function placeFolder(target: string, files: readonly PartFile[], townCode: string, month: string): void {
  const parent = dirname(target);
  const fresh = join(parent, `.~ledger-${randomBytes(6).toString('hex')}.pkg`);
  const old = join(parent, `.~ledger-${randomBytes(6).toString('hex')}.old`);
  checkTarget(target, townCode, month);
  try {
    mkdirSync(fresh);
    for (const f of files) {
      const path = join(fresh, ...f.name.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content, { flush: true });
    }
    if (existsSync(target)) renameSync(target, old);
    renameSync(fresh, target);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

export async function makePackage(ctx: ServiceContext, input: ChannelParsed<'month.package'>): Promise<PackageResult> {
  requireWholeTown(ctx);
  const { townName } = checkReportMonth(ctx, input.month);
  const town = requireTown(ctx);
  const dir = resolve(input.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw validationError(`保存位置「${shortPath(dir)}」不是一个已有的文件夹，请重新选择`, [{ path: ['dir'], message: '文件夹不存在' }]);
  const folder = packageFolderName(townName, input.month);
  const target = join(dir, folder);
  const guard = guardOf(ctx);
  const zipPath = input.zip ? join(dir, `${folder}.zip`) : null;
  // Refuse a bad zip target (the open database, a folder …) before any work.
  if (zipPath) resolveOutputTarget(zipPath, guard);
  checkTarget(target, town.code, input.month);

  const kept = monthRow(ctx, input.month);
  let files: PartFile[];
  let manifest: Buffer;
  let generatedAt: string;
  const froze = !isFrozen(kept);
  const total = froze ? PACKAGE_PARTS.length + 2 : 2;
  if (isFrozen(kept)) {
    generatedAt = kept.frozenAt;
    const stored = ctx.ledger.db.select().from(reportMonthFile).where(eq(reportMonthFile.month, input.month)).orderBy(asc(reportMonthFile.name)).all();
    files = stored.filter((f) => f.name !== MANIFEST).map((f) => ({ name: f.name, content: Buffer.from(f.content) }));
    manifest = Buffer.from(kept.manifest, 'utf8');
  } else {
    generatedAt = stampNow(ctx);
    let computed: ReportFigures | undefined;
    const figuresOf = () => (computed ??= computeReportFigures(ctx, input.month));
    await applyPdfFontSetting(ctx);
    const staging = join(dir, `.~ledger-${randomBytes(6).toString('hex')}.build`);
    mkdirSync(staging);
    try {
      files = await buildFiles(ctx, input.month, figuresOf, generatedAt, staging);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    throwIfCancelled(guard);
    const figures = figuresOf();
    manifest = manifestOf(ctx, input.month, figures, generatedAt, files);
    ctx.progress?.(total - 2, total, '冻结本月数据');
    // Taken in buildFiles already; here too, so no path reaches the freeze without it.
    ctx.backupFirst?.take();
    freeze(ctx, input.month, figures, manifest, generatedAt, files);
  }
  ctx.progress?.(total - 1, total, '写入文件夹');
  const all = [...files, { name: MANIFEST, content: manifest }];
  placeFolder(target, all, town.code, input.month);
  if (zipPath) await writeBuffer(zipPath, await packageZip(folder, all, generatedAt), guard);
  ctx.progress?.(total, total, '完成');
  return {
    month: input.month,
    dir: target,
    zipPath,
    froze,
    files: all.map((f) => ({ name: f.name, size: f.content.length, sha256: sha256(f.content) })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    manifestSha256: sha256(manifest),
  };
}
