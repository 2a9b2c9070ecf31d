// The month's county package (issue 9 item 7, CLI of item 8): generate → frozen (figures and bytes kept), the data
// changes → the same bytes again, reopen with a reason → new figures; mark sent; every month's state; verify a
// folder and a zip against the manifest (one byte changed, a file missing, an extra file); and the refusals: a future
// month, a month before the town, a village-scoped caller, a folder that is not ours, a cancelled build.
import { misdeclareResidentIndex } from '../helpers/damage';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_USER, type ServiceContext } from '../../electron/core/context';
import { runTaskHere } from '../../electron/core/jobs/tasks';
import { backupFolderOf, DEFAULT_BACKUP_SETTINGS, listBackupFiles } from '../../electron/core/backup/store';
import { createJobRunner } from '../../electron/core/jobs/runner';
import { openLedger } from '../../electron/core/db/open';
import Database from 'better-sqlite3-multiple-ciphers';
import { call } from '../../electron/core/dispatch';
import { normalizeXlsx, sha256 } from '../../electron/core/monthPackage/bytes';
import { buildTableWorkbook } from '../../electron/core/reports/tableXlsx';
import type { Manifest } from '../../shared/contract/monthPackage';
import { TABLES } from '../../shared/reports/tables';
import { cli } from '../helpers/cli';
import { fails, makeTown, ok, releasedPerson, type TestTown } from '../helpers/recordsTown';
import { inkOfPage, officeToPdf } from '../helpers/office';
import { tempDir } from '../helpers/tempLedger';

let town: TestTown;
let out: ReturnType<typeof tempDir>;
const FOLDER = '城关镇_2026年10月_综治月报';

beforeEach(async () => {
  town = await makeTown('2026-11-23');
  await releasedPerson(town, town.resident('甲', { gridId: town.grids.willow }), { release: '2026-01-10', report: '2026-01-15', cls: 'key' });
  out = tempDir('pkg-');
});
afterEach(() => {
  town.t.close();
  out.cleanup();
});

const make = (month = '2026-10', zip = true) => call(town.t.ctx, 'month.package', { month, dir: out.dir, zip });
const folderBytes = (dir: string) => Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => [join(e.parentPath, e.name).slice(dir.length + 1), sha256(readFileSync(join(e.parentPath, e.name)))]));

describe('month.package', () => {
  it('writes T1–T4, their PDF and a manifest that lists every file with its SHA-256, and freezes the month', async () => {
    const r = await ok(make());
    expect(r.froze).toBe(true);
    expect(r.dir).toBe(join(out.dir, FOLDER));
    expect(r.zipPath).toBe(join(out.dir, `${FOLDER}.zip`));
    const names = r.files.map((f) => f.name);
    for (const id of ['T1', 'T2', 'T3', 'T4'] as const) expect(names).toContain(`${id}_${TABLES[id].name}.xlsx`);
    expect(names).toContain('T1-T5_统计表.pdf');
    expect(names).toEqual(expect.arrayContaining(['台账/安置帮教对象台账.xlsx', '台账/实有人口台账.xlsx', '城关镇2026年10月综治工作月度报告.pdf']));
    expect(names.filter((n) => n.startsWith('台账/'))).toHaveLength(5);
    expect(names).toContain('manifest.json');
    const manifest = JSON.parse(readFileSync(join(r.dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest).toMatchObject({ format: 'zongzhi-monthly/1', month: '2026-10', town: { name: '城关镇' }, app: { name: '乡镇综治台账' } });
    expect(manifest.headline).toMatchObject({ released: 1, villages: 3 });
    expect(manifest.files.map((f) => f.name).sort()).toEqual(names.filter((n) => n !== 'manifest.json').sort());
    for (const f of manifest.files) expect(sha256(readFileSync(join(r.dir, f.name)))).toBe(f.sha256);
    expect(sha256(readFileSync(join(r.dir, 'manifest.json')))).toBe(r.manifestSha256);
    // The xlsx read back: T1's title and the released person in 柳河村.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(r.dir, `T1_${TABLES.T1.name}.xlsx`));
    expect(wb.worksheets[0]!.getCell('A1').value).toBe(`城关镇${TABLES.T1.name}`);
    // The zip holds the same files under the folder's name.
    const zip = await JSZip.loadAsync(readFileSync(r.zipPath!));
    expect(Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).sort()).toEqual(names.map((n) => `${FOLDER}/${n}`).sort());
    // The re-dated xlsx still opens and prints in LibreOffice, and the joined PDF's pages are not blank.
    const converted = officeToPdf(join(r.dir, `T2_${TABLES.T2.name}.xlsx`), out.dir);
    expect(inkOfPage(converted)).toBeGreaterThan(0.005);
    expect(inkOfPage(join(r.dir, 'T1-T5_统计表.pdf'), 4)).toBeGreaterThan(0.005);
    const detail = await ok(call(town.t.ctx, 'month.get', { month: '2026-10' }));
    expect(detail).toMatchObject({ state: 'frozen', files: names.length, headline: { released: 1 } });
    expect(detail.events.map((e) => e.kind)).toEqual(['frozen']);
  });

  it('a frozen month gives the same bytes after the data changes; reopened (with a reason) it counts again', async () => {
    const first = await ok(make());
    const before = folderBytes(first.dir);
    const zipBefore = sha256(readFileSync(first.zipPath!));
    const figuresBefore = await ok(call(town.t.ctx, 'report.figures', { month: '2026-10' }));
    // A second released person, reported in October: October's live figures change.
    await releasedPerson(town, town.resident('乙', { gridId: town.grids.east }), { release: '2026-09-20', report: '2026-10-08' });
    expect((await ok(call(town.t.ctx, 'report.figures', { month: '2026-10' })))).toEqual(figuresBefore);
    const again = await ok(make());
    expect(again.froze).toBe(false);
    expect(folderBytes(again.dir)).toEqual(before);
    expect(sha256(readFileSync(again.zipPath!))).toBe(zipBefore);
    expect(again.manifestSha256).toBe(first.manifestSha256);

    expect((await fails(call(town.t.ctx, 'month.reopen', { month: '2026-10', reason: '' }))).message).toContain('原因');
    const reopened = await ok(call(town.t.ctx, 'month.reopen', { month: '2026-10', reason: '县里退回：漏报一人' }));
    expect(reopened.state).toBe('reopened');
    expect(reopened.events[0]).toMatchObject({ kind: 'reopened', reason: '县里退回：漏报一人' });
    expect((await ok(call(town.t.ctx, 'report.figures', { month: '2026-10' }))).t1.total.registered).toBe(2);
    const third = await ok(make());
    expect(third.froze).toBe(true);
    expect(third.manifestSha256).not.toBe(first.manifestSha256);
    expect((JSON.parse(readFileSync(join(third.dir, 'manifest.json'), 'utf8')) as Manifest).headline.released).toBe(2);
    expect((await ok(call(town.t.ctx, 'month.get', { month: '2026-10' }))).events.map((e) => e.kind)).toEqual(['frozen', 'reopened', 'frozen']);
  });

  it('marks a generated month sent, and lists every month with its state', async () => {
    expect((await fails(call(town.t.ctx, 'month.markSent', { month: '2026-10', sentOn: '2026-11-05', how: '县综治平台上传' }))).message).toContain('还没有生成');
    await ok(make());
    // Generated on the app's today (2026-11-23).
    expect((await ok(call(town.t.ctx, 'month.get', { month: '2026-10' }))).frozenAt!.slice(0, 10)).toBe('2026-11-23');
    expect((await fails(call(town.t.ctx, 'month.markSent', { month: '2026-10', sentOn: '2026-12-01', how: 'U盘' }))).message).toContain('还没有到');
    expect((await fails(call(town.t.ctx, 'month.markSent', { month: '2026-10', sentOn: '2026-11-20', how: 'U盘' }))).message).toContain('早于');
    const sent = await ok(call(town.t.ctx, 'month.markSent', { month: '2026-10', sentOn: '2026-11-23', how: '县综治平台上传' }));
    expect(sent).toMatchObject({ state: 'sent', sentHow: '县综治平台上传' });
    const months = await ok(call(town.t.ctx, 'month.list', {}));
    expect(months[0]).toMatchObject({ month: '2026-11', state: 'open', files: 0 });
    expect(months.find((m) => m.month === '2026-10')).toMatchObject({ state: 'sent' });
    expect(months.at(-1)!.month <= '2026-01').toBe(true);
  });

  it('refuses a future month, a month before the town, a village-scoped caller, a missing folder and a folder not its own', async () => {
    expect((await fails(make('2026-12'))).message).toContain('还没有到');
    expect((await fails(make('2020-01'))).message).toContain('早于');
    const scoped = { ...town.t.ctx, caller: { ...LOCAL_USER, userId: 'v', villageScope: ['320121100201'] } };
    expect((await fails(call(scoped, 'month.package', { month: '2026-10', dir: out.dir }))).code).toBe('FORBIDDEN');
    expect((await fails(call(town.t.ctx, 'month.package', { month: '2026-10', dir: join(out.dir, 'nope') }))).message).toContain('不是一个已有的文件夹');
    // Someone's own folder with the package's name is left alone.
    mkdirSync(join(out.dir, FOLDER));
    writeFileSync(join(out.dir, FOLDER, '我的笔记.txt'), '别删');
    expect((await fails(make())).message).toContain('不是本乡镇这个月的月报');
    expect(readFileSync(join(out.dir, FOLDER, '我的笔记.txt'), 'utf8')).toBe('别删');
    expect((await ok(call(town.t.ctx, 'month.get', { month: '2026-10' }))).state).toBe('open');
    expect(readdirSync(out.dir).filter((n) => n.startsWith('.~ledger-'))).toEqual([]);
  });

  it('fills every saved county form for the month and keeps its mapping beside it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表1');
    ws.getCell('A1').value = '{镇名}帮教情况（{统计期}）';
    ['村', '在册'].forEach((v, i) => (ws.getCell(2, i + 1).value = v));
    ['{村.名称}', '{村.在册帮教对象}'].forEach((v, i) => (ws.getCell(3, i + 1).value = v));
    const form = join(out.dir, '县表.xlsx');
    await wb.xlsx.writeFile(form);
    const seen = await ok(call(town.t.ctx, 'countyForm.inspect', { path: form }));
    await ok(call(town.t.ctx, 'countyForm.save', { name: '县帮教/月报', path: form, mapping: seen.sheets.find((x) => x.name === seen.suggestedSheet)!.mapping! }));
    const r = await ok(make('2026-10', false));
    expect(r.files.map((f) => f.name)).toEqual(expect.arrayContaining(['县级报表/县帮教_月报.xlsx', '县级报表/对应关系/县帮教_月报.json']));
    const filled = new ExcelJS.Workbook();
    await filled.xlsx.readFile(join(r.dir, '县级报表', '县帮教_月报.xlsx'));
    const sheet = filled.getWorksheet('表1')!;
    expect(sheet.getCell('A1').value).toBe('城关镇帮教情况（2026年10月）');
    const rows = [3, 4, 5, 6].map((n) => [sheet.getCell(n, 1).value, sheet.getCell(n, 2).value]);
    expect(rows).toContainEqual(['柳河村', 1]);
    expect(JSON.parse(readFileSync(join(r.dir, '县级报表', '对应关系', '县帮教_月报.json'), 'utf8'))).toMatchObject({ name: '县帮教/月报' });
  });

  it('a cancelled build freezes nothing and leaves no folder', async () => {
    const stop = new AbortController();
    stop.abort();
    const e = await fails(call({ ...town.t.ctx, signal: stop.signal }, 'month.package', { month: '2026-10', dir: out.dir }));
    expect(e.code).toBe('CANCELLED');
    expect(readdirSync(out.dir)).toEqual([]);
    expect((await ok(call(town.t.ctx, 'month.get', { month: '2026-10' }))).state).toBe('open');
  });

  it('an empty town gives tables of zeros', async () => {
    const empty = await makeTown('2026-11-23');
    try {
      const r = await ok(call(empty.t.ctx, 'month.package', { month: '2026-11', dir: out.dir, zip: false }));
      expect(r.zipPath).toBeNull();
      const m = JSON.parse(readFileSync(join(r.dir, 'manifest.json'), 'utf8')) as Manifest;
      expect(m.headline).toMatchObject({ released: 0, patients: 0, lowIncomeHouseholds: 0 });
    } finally {
      empty.t.close();
    }
  });
});

describe('in the job worker', () => {
  it('writes the 实有人口 ledger in a task worker beside the other parts: the same files as made here, after one verified backup', async () => {
    const here = await ok(make('2026-10', false));
    const hereNames = here.files.map((f) => f.name);
    const residentsHere = await sheetText(join(here.dir, '台账/实有人口台账.xlsx'));
    await ok(call(town.t.ctx, 'month.reopen', { month: '2026-10', reason: '换后台线程再生成一次' }));
    const before = listBackupFiles(backupFolderOf(town.t.path, DEFAULT_BACKUP_SETTINGS), 'ledger.db').length;
    rmSync(here.dir, { recursive: true });
    const logs: string[] = [];
    const r = await ok(call({ ...town.t.ctx, jobs: createJobRunner({ log: (m) => logs.push(m) }) }, 'month.package', { month: '2026-10', dir: out.dir, zip: false }));
    expect(logs).toContain('task ledgerBook ran in a worker of its own: done');
    expect(r.files.map((f) => f.name)).toEqual(hereNames);
    expect(await sheetText(join(r.dir, '台账/实有人口台账.xlsx'))).toEqual(residentsHere);
    expect(residentsHere.join('|')).toContain('甲');
    const backups = listBackupFiles(backupFolderOf(town.t.path, DEFAULT_BACKUP_SETTINGS), 'ledger.db');
    expect(backups).toHaveLength(before + 1);
    expect(backups.filter((b) => b.kind === 'beforePackage').length).toBeGreaterThan(0);
    // Nothing of the build is left beside the package.
    expect(readdirSync(out.dir).filter((n) => n.startsWith('.~'))).toEqual([]);
  });

  it('on a worker made ready ahead: the same files, its backup copied beside and placed', async () => {
    const here = await ok(make('2026-10', false));
    const hereNames = here.files.map((f) => f.name);
    const t1Here = await sheetText(join(here.dir, 'T1_' + TABLES.T1.name + '.xlsx'));
    await ok(call(town.t.ctx, 'month.reopen', { month: '2026-10', reason: '换后台线程再生成一次' }));
    rmSync(here.dir, { recursive: true });
    const logs: string[] = [];
    const runner = createJobRunner({ log: (m) => logs.push(m) });
    try {
      await runner.warm();
      const before = listBackupFiles(backupFolderOf(town.t.path, DEFAULT_BACKUP_SETTINGS), 'ledger.db').length;
      const r = await ok(call({ ...town.t.ctx, jobs: runner }, 'month.package', { month: '2026-10', dir: out.dir, zip: false }));
      expect(logs).toContain('job month.package on the worker made ready ahead');
      expect(logs).toContain('task backupCopy ran in a worker of its own: done');
      expect(r.files.map((f) => f.name)).toEqual(hereNames);
      expect(await sheetText(join(r.dir, 'T1_' + TABLES.T1.name + '.xlsx'))).toEqual(t1Here);
      const backups = listBackupFiles(backupFolderOf(town.t.path, DEFAULT_BACKUP_SETTINGS), 'ledger.db');
      expect(backups).toHaveLength(before + 1);
      expect(backups[0]).toMatchObject({ kind: 'beforePackage', verified: true });
      expect(readdirSync(backupFolderOf(town.t.path, DEFAULT_BACKUP_SETTINGS)).filter((n) => n.startsWith('.~'))).toEqual([]);
    } finally {
      await runner.close();
    }
  });

  it('a live file whose index fails the full check while the copy is made beside: no backup, nothing frozen, nothing left', async () => {
    const folder = backupFolderOf(town.t.path, DEFAULT_BACKUP_SETTINGS);
    const before = listBackupFiles(folder, 'ledger.db').length;
    // An index that no longer matches its table (backup.test.ts does the same to backup.create).
    town.t.ctx.ledger.close();
    misdeclareResidentIndex(town.t.path);
    town.t.ctx.ledger = openLedger(town.t.path);
    const logs: string[] = [];
    const e = await fails(call({ ...town.t.ctx, jobs: createJobRunner({ log: (m) => logs.push(m) }) }, 'month.package', { month: '2026-10', dir: out.dir, zip: true }));
    expect(e.code).toBe('DB_DAMAGED');
    expect(e.message).toContain('操作前的备份没有完成');
    expect(e.message).toContain('完整性检查未通过');
    // VACUUM INTO carries such an index into the copy, whose own check then fails too: refused twice, nothing kept.
    expect(logs).toContain('task backupCopy ran in a worker of its own: DB_DAMAGED');
    expect(listBackupFiles(folder, 'ledger.db')).toHaveLength(before);
    expect(readdirSync(folder).filter((n) => n.startsWith('.~'))).toEqual([]);
    expect((await ok(call(town.t.ctx, 'month.list', {}))).find((m) => m.month === '2026-10')?.state ?? 'open').not.toBe('frozen');
    expect(readdirSync(out.dir)).toEqual([]);
  });

  it('the copy passes but the live file fails its check: the copy is thrown away, not placed', async () => {
    const folder = backupFolderOf(town.t.path, DEFAULT_BACKUP_SETTINGS);
    const before = listBackupFiles(folder, 'ledger.db').length;
    // A damaged database attached to the job's own connection: its full check (which covers every attached file)
    // fails, while the copy, made from the file on a connection of its own, is sound. The task runs on this thread
    // through the same runTaskHere a task worker uses.
    const bad = join(out.dir, 'bad.db');
    const raw = new Database(bad);
    raw.exec("create table t (a, b); create index t_a on t (a); insert into t values (1, 2), (3, 4);");
    raw.unsafeMode(true);
    raw.pragma('writable_schema = ON');
    raw.prepare("update sqlite_master set sql = 'CREATE INDEX t_a on t (b)' where name = 't_a'").run();
    raw.pragma('writable_schema = OFF');
    raw.close();
    town.t.ctx.ledger.sqlite.prepare('attach database ? as bad').run(bad);
    try {
      const tasks = { runTask: (c: ServiceContext, name: string, args: unknown) => runTaskHere(c, name, args) };
      const e = await fails(call({ ...town.t.ctx, tasks }, 'month.package', { month: '2026-10', dir: out.dir, zip: false }));
      expect(e.code).toBe('DB_DAMAGED');
      expect(e.message).toContain('完整性检查未通过');
      expect(listBackupFiles(folder, 'ledger.db')).toHaveLength(before);
      expect(readdirSync(folder).filter((n) => n.startsWith('.~'))).toEqual([]);
      expect(readdirSync(out.dir).sort()).toEqual(['bad.db']);
    } finally {
      town.t.ctx.ledger.sqlite.exec('detach database bad');
    }
  });

  it('a backup that cannot be made: nothing frozen, the task worker stopped, no file and no staging folder left', async () => {
    const folder = join(out.dir, '备份处');
    mkdirSync(folder);
    await ok(call(town.t.ctx, 'backup.settings.set', { ...(await ok(call(town.t.ctx, 'backup.status', {}))).settings, folder }));
    // The chosen folder became a file (a USB drive swapped, say): the backup fails.
    rmSync(folder, { recursive: true });
    writeFileSync(folder, 'not a folder');
    const e = await fails(call({ ...town.t.ctx, jobs: createJobRunner() }, 'month.package', { month: '2026-10', dir: out.dir, zip: true }));
    expect(e.message).toContain('操作前的备份没有完成');
    expect((await ok(call(town.t.ctx, 'month.list', {}))).find((m) => m.month === '2026-10')?.state ?? 'open').not.toBe('frozen');
    expect(readdirSync(out.dir).sort()).toEqual(['备份处']);
  });
});

describe('verify', () => {
  it('passes an untouched folder and zip; fails when one byte changes or a file is missing; reports extra files', async () => {
    const r = await ok(make());
    expect(await ok(call(town.t.ctx, 'month.verify', { path: r.dir }))).toMatchObject({ ok: true, month: '2026-10', town: '城关镇' });
    expect((await ok(call(town.t.ctx, 'month.verify', { path: r.zipPath! }))).ok).toBe(true);

    writeFileSync(join(r.dir, 'Thumbs.db'), 'x');
    const extra = await ok(call(town.t.ctx, 'month.verify', { path: r.dir }));
    expect(extra.ok).toBe(true);
    expect(extra.files.find((f) => f.status === 'extra')?.name).toBe('Thumbs.db');

    const pdf = join(r.dir, 'T1-T5_统计表.pdf');
    const bytes = readFileSync(pdf);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1;
    writeFileSync(pdf, bytes);
    const changed = await ok(call(town.t.ctx, 'month.verify', { path: r.dir }));
    expect(changed.ok).toBe(false);
    expect(changed.files.filter((f) => f.status === 'changed').map((f) => f.name)).toEqual(['T1-T5_统计表.pdf']);

    rmSync(join(r.dir, `T2_${TABLES.T2.name}.xlsx`));
    const cliRun = await cli('report', 'verify', r.dir);
    expect(cliRun.code).toBe(1);
    expect(cliRun.stderr).toContain('T1-T5_统计表.pdf：内容已改动');
    expect(cliRun.stderr).toContain(`T2_${TABLES.T2.name}.xlsx：缺少该文件`);
    const json = await cli('report', 'verify', r.dir, '--json');
    expect(json.json()).toMatchObject({ ok: false, files: expect.arrayContaining([expect.objectContaining({ status: 'missing' })]) });
  });

  it('refuses what is not a package', async () => {
    const junk = join(out.dir, 'junk.zip');
    writeFileSync(junk, 'not a zip');
    expect((await fails(call(town.t.ctx, 'month.verify', { path: junk }))).message).toContain('不是月报文件夹');
    expect((await fails(call(town.t.ctx, 'month.verify', { path: out.dir }))).message).toContain('manifest.json');
    mkdirSync(join(out.dir, 'p'));
    writeFileSync(join(out.dir, 'p', 'manifest.json'), '{"format":"x"}');
    expect((await fails(call(town.t.ctx, 'month.verify', { path: join(out.dir, 'p') }))).message).toContain('已损坏');
    expect((await fails(call(town.t.ctx, 'month.verify', { path: join(out.dir, 'none') }))).message).toContain('找不到');
  });
});

describe('reproducible bytes', () => {
  it('an xlsx written twice, seconds apart, is the same file once normalized', async () => {
    const input = { def: TABLES.T1, townName: '城关镇', month: '2026-10', rows: [], filledOn: '2026-11-23' };
    const a = Buffer.from(await buildTableWorkbook(input).xlsx.writeBuffer());
    await new Promise((r) => setTimeout(r, 2100));
    const b = Buffer.from(await buildTableWorkbook(input).xlsx.writeBuffer());
    const when = '2026-11-23T08:00:00.000Z';
    expect(sha256(await normalizeXlsx(a, when))).toBe(sha256(await normalizeXlsx(b, when)));
    const core = await (await JSZip.loadAsync(await normalizeXlsx(a, when))).file('docProps/core.xml')!.async('string');
    expect(core).toContain('2026-11-23T08:00:00Z');
  });
});

describe('CLI', () => {
  it('report package, months, sent and reopen through dispatch', async () => {
    const db = town.t.path;
    // The CLI opens the file itself: close our connection, keep the folder (afterEach removes it).
    town.t.ctx.ledger.close();
    const cleanup = town.t.close;
    town.t.close = () => cleanup.call(null);
    const r = await cli('report', 'package', '--db', db, '--month', '2026-10', '--out', out.dir, '--zip', '--today', '2026-11-23', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ froze: true, dir: join(out.dir, FOLDER) });
    expect(existsSync(join(out.dir, `${FOLDER}.zip`))).toBe(true);
    expect((await cli('report', 'verify', join(out.dir, `${FOLDER}.zip`))).stdout).toContain('校验通过');
    const again = await cli('report', 'package', '--db', db, '--month', '2026-10', '--out', out.dir, '--today', '2026-11-23');
    expect(again.stdout).toContain('原样写出');
    expect((await cli('report', 'sent', '--db', db, '--month', '2026-10', '--on', '2026-11-23', '--how', 'U盘', '--today', '2026-11-23')).code).toBe(0);
    expect((await cli('report', 'months', '--db', db, '--today', '2026-11-23')).stdout).toMatch(/2026-10 {2}已报送/);
    expect((await cli('report', 'reopen', '--db', db, '--month', '2026-10', '--reason', '退回', '--today', '2026-11-23')).stdout).toContain('已重新打开');
    const future = await cli('report', 'package', '--db', db, '--month', '2027-01', '--out', out.dir, '--today', '2026-11-23');
    expect(future.code).toBe(1);
    expect((await cli('report', 'nosuch')).stderr).toContain('可用的有');
    appendFileSync(join(out.dir, FOLDER, `T3_${TABLES.T3.name}.xlsx`), ' ');
    expect((await cli('report', 'verify', join(out.dir, FOLDER))).code).toBe(1);
  });
});

/** Every cell of every sheet as text, row by row: what a reader of the file sees. */
async function sheetText(path: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets.flatMap((ws) => ws.getSheetValues().map((row) => JSON.stringify(row ?? null)));
}
