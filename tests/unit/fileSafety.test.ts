// An export or template must never write over the open database, its -wal/-shm/-journal, a backup,
// a folder or a device; unusable paths get a Chinese reason; a failed or cancelled export leaves no
// half file, no damaged old file and no temp file. Real files in temp folders, through the channels.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../electron/core/context';
import { openLedger } from '../../electron/core/db/open';
import { call } from '../../electron/core/dispatch';
import { mapWriteError, resolveOutputTarget, shortPath, sweepStaleTemps, writeOutputFile } from '../../electron/core/files/safeOutput';
import { importResidents } from '../../electron/core/importing';
import { dataDump } from '../helpers/dump';
import { openTempLedger, tempDir, type TempLedger } from '../helpers/tempLedger';
import { seedGrids, writeBigResidentFile } from '../helpers/xlsxFixtures';

const PEOPLE = 2500; // more than one progress step (every 1000 rows), so an export can be cancelled midway
const GRIDS = ['320121100201001', '320121100201002', '320121100202001'];
const isRoot = process.getuid?.() === 0;
const posix = process.platform !== 'win32';

let t: TempLedger;
let before: { data: string };
let out: string;
let n = 0;

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const temps = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.~ledger-'));

beforeAll(async () => {
  t = openTempLedger();
  seedGrids(t.ctx.ledger.sqlite);
  const source = join(t.dir, 'source.xlsx');
  await writeBigResidentFile(source, PEOPLE, { gridCodes: GRIDS });
  await importResidents(t.ctx, source, { dryRun: false, skipInvalid: false });
  // Everything in the main file, the -wal empty: both must stay byte for byte as they are.
  t.ctx.ledger.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  before = { data: dataDump(t.ctx.ledger.sqlite) };
}, 60_000);
afterAll(() => t.close());

beforeEach(() => {
  out = join(t.dir, `out${++n}`);
  mkdirSync(out);
});

/**
 * The data unchanged — an export's only write is its audit entry — and a fresh connection still reads every
 * person (the file is whole).
 */
function expectDatabaseIntact() {
  expect(dataDump(t.ctx.ledger.sqlite)).toBe(before.data);
  const fresh = new Database(t.path, { readonly: true, fileMustExist: true });
  try {
    expect(fresh.pragma('quick_check', { simple: true })).toBe('ok');
    expect(fresh.prepare('select count(*) from resident').pluck().get()).toBe(PEOPLE);
  } finally {
    fresh.close();
  }
  expect(temps(t.dir)).toEqual([]);
}

/** A refusal with a Chinese reason, given before any row was written (person.export reports every 1000 rows). */
async function refused(channel: Parameters<typeof call>[1], input: Record<string, unknown>) {
  const progress: number[] = [];
  const r = await call({ ...t.ctx, progress: (done) => progress.push(done) }, channel, input);
  if (r.ok) throw new Error(`${channel} to ${String(input.path)} should have been refused`);
  expect(progress).toEqual([]);
  expect(r.error.code).toBe('VALIDATION');
  expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(r.error.message).not.toMatch(/\bE[A-Z]{3,}\b/);
  return r.error.message;
}

const exporters: [Parameters<typeof call>[1], Record<string, unknown>][] = [
  ['person.export', {}],
  ['household.export', {}],
  ['staff.export', {}],
  ['grid.export', {}],
  ['released.export', {}],
  ['patient.export', {}],
  ['lowIncome.export', {}],
  ['due.export', { date: '2026-11-23' }],
  ['import.residents.template', {}],
];

describe('the open database and its companions', () => {
  it.each(exporters)('%s refuses the database file itself', async (channel, extra) => {
    const message = await refused(channel, { ...extra, path: t.path });
    expect(message).toContain('正在使用的台账数据库');
    expect(message).toContain('ledger.db');
    expectDatabaseIntact();
  });

  it.each(['-wal', '-shm', '-journal'])('refuses the database name with %s, whether or not that file exists', async (suffix) => {
    const message = await refused('person.export', { path: `${t.path}${suffix}` });
    expect(message).toContain('正在使用的台账数据库');
    expectDatabaseIntact();
    expect(existsSync(`${t.path}-journal`)).toBe(false);
  });

  it('refuses the database reached through another name: a relative path, a symlink, a hard link', async () => {
    const relative = join(out, '..', 'ledger.db');
    expect(await refused('person.export', { path: relative })).toContain('正在使用的台账数据库');
    if (posix) {
      symlinkSync(t.path, join(out, 'link.xlsx'));
      expect(await refused('person.export', { path: join(out, 'link.xlsx') })).toContain('正在使用的台账数据库');
      expect(lstatSync(join(out, 'link.xlsx')).isSymbolicLink()).toBe(true);
    }
    // Same file, another name: only the inode tells (the SQLite-header check would say "a database" instead).
    linkSync(t.path, join(out, 'hard.xlsx'));
    expect(await refused('staff.export', { path: join(out, 'hard.xlsx') })).toContain('正在使用的台账数据库');
    expectDatabaseIntact();
    expect(temps(out)).toEqual([]);
  });

  it('refuses a backup (any SQLite file) and the -shm/-wal beside a backup, leaving them as they were', async () => {
    const backup = join(out, '台账备份-2026-11-01.db');
    copyFileSync(t.path, backup);
    const shm = `${backup}-shm`;
    writeFileSync(shm, Buffer.alloc(32768));
    const wal = join(out, '旧备份.xlsx');
    // A WAL file's magic number, under an innocent name.
    writeFileSync(wal, Buffer.concat([Buffer.from([0x37, 0x7f, 0x06, 0x82]), Buffer.alloc(28)]));
    const sums = [sha(backup), sha(shm), sha(wal)];
    expect(await refused('person.export', { path: backup })).toContain('是一个数据库文件');
    expect(await refused('import.residents.template', { path: backup })).toContain('是一个数据库文件');
    expect(await refused('grid.export', { path: shm })).toContain('的日志文件');
    expect(await refused('grid.export', { path: wal })).toContain('是一个数据库文件');
    expect([sha(backup), sha(shm), sha(wal)]).toEqual(sums);
    expect(temps(out)).toEqual([]);
    expectDatabaseIntact();
  });
});

describe('targets that are not ordinary files', () => {
  it('refuses a folder and leaves it empty', async () => {
    const folder = join(out, '导出.xlsx');
    mkdirSync(folder);
    expect(await refused('person.export', { path: folder })).toContain('是一个文件夹');
    expect(await refused('staff.export', { path: `${out}/` })).toContain('是一个文件夹');
    expect(statSync(folder).isDirectory()).toBe(true);
    expect(readdirSync(folder)).toEqual([]);
    expect(readdirSync(out)).toEqual(['导出.xlsx']);
  });

  it.skipIf(!posix)('refuses a FIFO', async () => {
    const fifo = join(out, 'pipe.xlsx');
    execFileSync('mkfifo', [fifo]);
    expect(await refused('person.export', { path: fifo })).toContain('设备或特殊文件');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(temps(out)).toEqual([]);
  });

  // Checked without writing: were the guard broken, a test running as root would replace the machine's /dev/null.
  it.skipIf(!posix)('refuses /dev/null and anything under /dev', () => {
    expect(() => resolveOutputTarget('/dev/null', { dbPath: t.path })).toThrowError(/设备或特殊文件/);
    expect(() => resolveOutputTarget('/dev/shm/x.xlsx', { dbPath: t.path })).toThrowError(/设备或特殊文件/);
    expect(() => resolveOutputTarget('\\\\.\\COM1', { dbPath: t.path })).toThrowError(/设备路径/);
  });

  it.each(['NUL.xlsx', 'con', 'COM1.report.xlsx', 'lpt9 .xlsx', 'Aux.'])('refuses the Windows device name %s on every system', async (name) => {
    expect(await refused('household.export', { path: join(out, name) })).toContain('Windows 保留的设备名');
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('paths that cannot be written', () => {
  it('refuses a name of 300 characters with a short message', async () => {
    const name = `${'很长的文件名'.repeat(50)}.xlsx`;
    const message = await refused('person.export', { path: join(out, name) });
    expect(message).toContain('文件名太长');
    expect(message.length).toBeLessThan(100);
    expect(await refused('import.residents.template', { path: join(out, `${'a'.repeat(296)}.xlsx`) })).toContain('文件名太长');
    const deep = join(out, ...Array.from({ length: 25 }, () => 'd'.repeat(200)), 'x.xlsx');
    const tooDeep = await refused('staff.export', { path: deep });
    expect(tooDeep).toContain('保存路径太长');
    expect(tooDeep).toContain('x.xlsx');
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses a missing folder and does not create it', async () => {
    const missing = join(out, '没有这个文件夹', '子文件夹');
    expect(await refused('person.export', { path: join(missing, 'x.xlsx') })).toContain('子文件夹」不存在');
    expect(existsSync(join(out, '没有这个文件夹'))).toBe(false);
    writeFileSync(join(out, 'blocker'), 'a file where a folder should be');
    expect(await refused('staff.export', { path: join(out, 'blocker', 'x.xlsx') })).toContain('不是文件夹');
  });

  // Root writes through chmod 555, so as root the unwritable folder is /sys (sysfs refuses new files even to root).
  it.skipIf(!posix || (isRoot && !existsSync('/sys/kernel')))('refuses a folder it may not write in', async () => {
    let folder = '/sys';
    if (!isRoot) {
      folder = join(out, 'readonly');
      mkdirSync(folder);
      chmodSync(folder, 0o555);
    }
    try {
      expect(await refused('person.export', { path: join(folder, 'x.xlsx') })).toMatch(/没有权限|只读/);
      expect(await refused('import.residents.template', { path: join(folder, 'x.xlsx') })).toMatch(/没有权限|只读/);
    } finally {
      if (!isRoot) chmodSync(folder, 0o755);
    }
    expectDatabaseIntact();
  });
});

describe('a failed or cancelled export', () => {
  it('keeps the existing file intact when cancelled midway, and leaves no temp file', async () => {
    const target = join(out, '实有人口.xlsx');
    expect((await call(t.ctx, 'person.export', { path: target })).ok).toBe(true);
    const good = sha(target);
    const controller = new AbortController();
    const seen: number[] = [];
    const ctx: ServiceContext = {
      ...t.ctx,
      signal: controller.signal,
      progress: (done) => {
        seen.push(done);
        if (done >= 1000) controller.abort();
      },
    };
    const r = await call(ctx, 'person.export', { path: target });
    expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: expect.stringContaining('已取消导出') } });
    expect(seen).toEqual([1000]);
    expect(sha(target)).toBe(good);
    expect(temps(out)).toEqual([]);
    // A cancelled export to a new name leaves nothing at all.
    const fresh = new AbortController();
    const again = await call({ ...ctx, signal: fresh.signal, progress: () => fresh.abort() }, 'person.export', { path: join(out, '新.xlsx') });
    expect(again.ok).toBe(false);
    expect(readdirSync(out)).toEqual(['实有人口.xlsx']);
    // The old file still opens and the connection is free for the next call.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(target);
    expect(wb.getWorksheet('实有人口')!.rowCount).toBe(PEOPLE + 3);
    expect((await call(t.ctx, 'person.search', {})).ok).toBe(true);
    expectDatabaseIntact();
  });

  it('keeps the existing file when the writer fails or the disk fills, with a Chinese reason', async () => {
    const target = join(out, 'report.xlsx');
    writeFileSync(target, 'the good report of last month');
    const guard = { dbPath: t.path };
    await expect(writeOutputFile(target, guard, async (s) => {
      s.write('half a report');
      throw new Error('writer bug');
    })).rejects.toThrowError('writer bug');
    await expect(writeOutputFile(target, guard, async (s) => {
      s.write('half a report');
      s.destroy(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
      return new Promise(() => {}); // a writer whose zip stalls once its output is gone
    })).rejects.toThrowError(/磁盘空间不足.*report\.xlsx/);
    expect(readFileSync(target, 'utf8')).toBe('the good report of last month');
    expect(readdirSync(out)).toEqual(['report.xlsx']);
  });

  it('refuses at the last moment when a database appeared under the name while it wrote', async () => {
    const target = join(out, '月报.xlsx');
    const backup = join(out, 'backup.db');
    copyFileSync(t.path, backup);
    await expect(writeOutputFile(target, { dbPath: t.path }, async (s) => {
      copyFileSync(backup, target); // someone saved a backup there meanwhile
      s.write('the report');
    })).rejects.toThrowError(/是一个数据库文件/);
    expect(sha(target)).toBe(sha(backup));
    expect(readdirSync(out).sort()).toEqual(['backup.db', '月报.xlsx']);
  });

  it('replaces an ordinary old file on success, and writes through a symlink to the real file', async () => {
    const target = join(out, 'staff.xlsx');
    writeFileSync(target, 'old');
    expect((await call(t.ctx, 'staff.export', { path: target })).ok).toBe(true);
    expect(readFileSync(target).subarray(0, 2).toString()).toBe('PK');
    if (posix) {
      const real = join(out, 'real.xlsx');
      writeFileSync(real, 'old');
      symlinkSync(real, join(out, 'shortcut.xlsx'));
      expect((await call(t.ctx, 'grid.export', { path: join(out, 'shortcut.xlsx') })).ok).toBe(true);
      expect(lstatSync(join(out, 'shortcut.xlsx')).isSymbolicLink()).toBe(true);
      expect(readFileSync(real).subarray(0, 2).toString()).toBe('PK');
    }
    expect(temps(out)).toEqual([]);
    expectDatabaseIntact();
  });

  it('names the file in Excel terms when it is held open at the rename', () => {
    const busy = mapWriteError(Object.assign(new Error('busy'), { code: 'EBUSY' }), join(out, '报表.xlsx'), 'rename');
    expect((busy as Error).message).toContain('正被其他程序（如 Excel）打开，请先关闭它');
    const perm = mapWriteError(Object.assign(new Error('perm'), { code: 'EPERM' }), join(out, '报表.xlsx'), 'rename');
    expect((perm as Error).message).toContain('正被其他程序（如 Excel）打开');
    expect((mapWriteError(Object.assign(new Error('ro'), { code: 'EROFS' }), join(out, 'a.xlsx'), 'write') as Error).message).toContain('只读');
  });
});

describe('temp files', () => {
  it('the sweep removes only our temp files older than an hour, and never throws', () => {
    const dir = join(out, 'sweep');
    mkdirSync(dir);
    const old = join(dir, '.~ledger-0123456789ab.tmp');
    const recent = join(dir, '.~ledger-ba9876543210.tmp');
    const other = join(dir, '.~ledger-notours.tmp');
    for (const f of [old, recent, other]) writeFileSync(f, 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    utimesSync(other, twoHoursAgo, twoHoursAgo);
    expect(sweepStaleTemps(dir)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['.~ledger-ba9876543210.tmp', '.~ledger-notours.tmp']);
    expect(sweepStaleTemps(join(dir, 'missing'))).toBe(0);
    expect(sweepStaleTemps(join(dir, '.~ledger-ba9876543210.tmp'))).toBe(0);
  });

  it('opening the ledger sweeps its folder', () => {
    const { dir, cleanup } = tempDir('sweep-open-');
    try {
      const stale = join(dir, '.~ledger-00000000abcd.tmp');
      writeFileSync(stale, 'left by a power cut');
      const longAgo = new Date(Date.now() - 26 * 3600_000);
      utimesSync(stale, longAgo, longAgo);
      openLedger(join(dir, 'town.db')).close();
      expect(existsSync(stale)).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('shortens long paths in messages, keeping the file name', () => {
    const long = `/home/staff/${'很深的文件夹/'.repeat(20)}二〇二六年十一月实有人口.xlsx`;
    const s = shortPath(long);
    expect(s.length).toBeLessThanOrEqual(48);
    expect(s.endsWith('二〇二六年十一月实有人口.xlsx')).toBe(true);
    expect(s).toContain('…');
    expect(shortPath('/tmp/a.xlsx')).toBe('/tmp/a.xlsx');
  });
});
