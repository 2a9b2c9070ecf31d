// Backups: made, verified, encrypted like the database, rotated (a pinned clock), restored, and restored on
// "another PC" from the backup and its keyring alone with the recovery code — a wrong code changes nothing.
import { misdeclareResidentIndex } from '../helpers/damage';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../electron/core/audit/log';
import { backupNow, dailyHousekeeping } from '../../electron/core/backup/service';
import { backupFolderOf, DEFAULT_BACKUP_SETTINGS, listBackupFiles, sha256Of } from '../../electron/core/backup/store';
import { LOCAL_USER, type ServiceContext } from '../../electron/core/context';
import { openLedger } from '../../electron/core/db/open';
import { call } from '../../electron/core/dispatch';
import { createKeyring, keyringPathOf, newDbKey, newRecoveryCode, readKeyring, setAccountKey, unwrapWithRecovery, writeKeyring } from '../../electron/core/security/keyring';
import { addPerson } from '../helpers/people';
import { makeId } from '../helpers/peopleFixtures';
import { fails, ok, twoVillageTown } from '../helpers/results';
import { tempDir } from '../helpers/tempLedger';
import { cli } from '../helpers/cli';
import { makeId as xlsxId, seedGrids, writeXlsx } from '../helpers/xlsxFixtures';

const NAME = '欧阳备份测试';
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function town(options: { encrypted?: boolean; recovery?: string } = {}) {
  const { dir, cleanup } = tempDir('backup-test-');
  const path = join(dir, 'ledger.db');
  const key = options.encrypted ? newDbKey() : null;
  if (key) writeKeyring(keyringPathOf(path), createKeyring(key, options.recovery ?? newRecoveryCode()));
  const ledger = openLedger(path, { key });
  const ctx: ServiceContext = { ledger, caller: LOCAL_USER, today: () => '2026-11-23' };
  const { gridId } = await twoVillageTown(ctx);
  addPerson(ctx, { idNumber: makeId('19800101', '011'), name: NAME, gridId });
  cleanups.push(() => {
    ctx.ledger.close();
    cleanup();
  });
  return { dir, path, key, ctx, gridId };
}

const residents = (path: string, key: Buffer | null) => {
  const l = openLedger(path, { key });
  try {
    return (l.sqlite.prepare('select name from resident order by id').all() as { name: string }[]).map((r) => r.name);
  } finally {
    l.close();
  }
};

describe('a backup', () => {
  it('of a plain file: made with VACUUM INTO, verified, listed with its manifest', async () => {
    const t = await town();
    const made = await ok(call(t.ctx, 'backup.create', {}));
    expect(made.verified).toBe(true);
    expect(made.kind).toBe('manual');
    expect(basename(made.file)).toMatch(/^ledger-备份-\d{8}-\d{6}-手动\.db$/);
    expect(made.file.startsWith(join(t.dir, '备份'))).toBe(true);
    const copy = new Database(made.file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('select name from resident').pluck().all()).toEqual([NAME]);
    copy.close();
    const status = await ok(call(t.ctx, 'backup.status', {}));
    expect(status.backups.map((b) => b.file)).toEqual([made.file]);
    expect(JSON.parse(readFileSync(made.file + '.json', 'utf8')).sha256).toBe(sha256Of(made.file));
  });

  it('of an encrypted file: unreadable without the key (plain open says "not a database", no name in the bytes); the keyring travels with it', async () => {
    const t = await town({ encrypted: true });
    const made = await ok(call(t.ctx, 'backup.create', {}));
    expect(made.encrypted).toBe(true);
    const bytes = readFileSync(made.file);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(bytes.includes(Buffer.from(NAME, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from('320121', 'utf8'))).toBe(false);
    const plain = new Database(made.file, { readonly: true });
    expect(() => plain.prepare('select count(*) from resident').get()).toThrow(/not a database/);
    plain.close();
    expect(residents(made.file, t.key)).toEqual([NAME]);
    expect(readKeyring(keyringPathOf(made.file))).toEqual(readKeyring(keyringPathOf(t.path)));
  });

  it('refuses a file name that is not a full path ending in .db, and never overwrites a file', async () => {
    const t = await town();
    expect((await fails(call(t.ctx, 'backup.create', { out: 'relative.db' }))).code).toBe('VALIDATION');
    expect((await fails(call(t.ctx, 'backup.create', { out: join(t.dir, 'x.txt') }))).message).toContain('.db');
    const taken = join(t.dir, 'taken.db');
    writeFileSync(taken, 'keep me');
    expect((await fails(call(t.ctx, 'backup.create', { out: taken }))).code).toBe('CONFLICT');
    expect(readFileSync(taken, 'utf8')).toBe('keep me');
  });

  it('is refused when the live file was damaged while open: no copy is made, none listed', async () => {
    const t = await town();
    await ok(call(t.ctx, 'backup.create', {}));
    // A tiny page cache, so the check reads the pages from the file again after they change underneath.
    t.ctx.ledger.sqlite.pragma('cache_size = 1');
    t.ctx.ledger.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const { rootpage } = t.ctx.ledger.sqlite.prepare(`select rootpage from sqlite_master where name = 'resident'`).get() as { rootpage: number };
    const bytes = readFileSync(t.path);
    // The resident table's root page: its page type byte made invalid.
    bytes.writeUInt8(0x7f, (rootpage - 1) * 4096);
    writeFileSync(t.path, bytes);
    const e = await fails(call(t.ctx, 'backup.create', {}));
    expect(e.code).toBe('DB_DAMAGED');
    expect(e.message).toContain('完整性检查未通过');
    expect(listBackupFiles(backupFolderOf(t.path, DEFAULT_BACKUP_SETTINGS), 'ledger.db')).toHaveLength(1);
  });

  it('is refused when an index of the live file no longer matches its table (which only the full check sees)', async () => {
    const t = await town();
    t.ctx.ledger.close();
    misdeclareResidentIndex(t.path);
    t.ctx.ledger = openLedger(t.path);
    const e = await fails(call(t.ctx, 'backup.create', {}));
    expect(e.code).toBe('DB_DAMAGED');
    expect(e.message).toContain('完整性检查未通过');
    expect(listBackupFiles(backupFolderOf(t.path, DEFAULT_BACKUP_SETTINGS), 'ledger.db')).toHaveLength(0);
  });

  it('is taken before an import runs (residents, boundaries; not before its preview) and before a migration', async () => {
    const t = await town();
    const missing = join(t.dir, '没有这个文件.xlsx');
    await fails(call(t.ctx, 'import.residents.preview', { path: missing }));
    expect(listBackupFiles(join(t.dir, '备份'), 'ledger.db')).toHaveLength(0);
    await fails(call(t.ctx, 'import.residents.run', { path: missing }));
    expect(listBackupFiles(join(t.dir, '备份'), 'ledger.db').map((b) => b.kind)).toEqual(['beforeImport']);

    // A boundary import too: it replaces the polygon of every village and grid it matches.
    const boundaries = join(t.dir, '边界.geojson');
    const village = t.ctx.ledger.sqlite.prepare('select code from village order by id limit 1').pluck().get() as string;
    const square = [[[118.9, 32.0], [118.91, 32.0], [118.91, 32.01], [118.9, 32.01], [118.9, 32.0]]];
    writeFileSync(boundaries, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: village }, geometry: { type: 'Polygon', coordinates: square } }] }));
    await ok(call(t.ctx, 'map.import.preview', { path: boundaries }));
    expect(listBackupFiles(join(t.dir, '备份'), 'ledger.db')).toHaveLength(1);
    expect((await ok(call(t.ctx, 'map.import.run', { path: boundaries }))).written).toBe(1);
    const kinds = listBackupFiles(join(t.dir, '备份'), 'ledger.db').map((b) => b.kind);
    expect(kinds).toEqual(['beforeImport', 'beforeImport']);

    const { dir, cleanup } = tempDir('backup-mig-');
    cleanups.push(cleanup);
    const old = join(dir, 'old.db');
    openLedger(old, { targetVersion: 3 }).close();
    openLedger(old).close();
    const [pre] = listBackupFiles(join(dir, '备份'), 'old.db');
    expect(pre?.kind).toBe('beforeMigration');
    expect(pre?.schemaVersion).toBe(3);
  });
});

describe('before an import run in the job worker', () => {
  it('one backup, taken in the job worker before the import runs (the main thread never waits for it)', async () => {
    const { dir, cleanup } = tempDir('backup-import-');
    cleanups.push(cleanup);
    const db = join(dir, 'town.db');
    const ledger = openLedger(db);
    seedGrids(ledger.sqlite);
    ledger.close();
    const file = await writeXlsx(join(dir, '人口.xlsx'), [{ name: '人口', rows: [['姓名', '公民身份号码', '网格编码'], ['导入甲', xlsxId('19800101', 11), '320121100201001']] }]);
    const dry = await cli('import', 'residents', file, '--db', db, '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(listBackupFiles(join(dir, '备份'), 'town.db')).toHaveLength(0);
    const run = await cli('import', 'residents', file, '--db', db, '--json');
    expect(run.code, run.stderr).toBe(0);
    const made = listBackupFiles(join(dir, '备份'), 'town.db');
    expect(made.map((b) => b.kind)).toEqual(['beforeImport']);
    // The copy is the file as it was before the import.
    const copy = new Database(made[0]!.file, { readonly: true });
    expect(copy.prepare('select count(*) from resident').pluck().get()).toBe(0);
    copy.close();
  });
});

describe('rotation (a pinned clock)', () => {
  it('keeps 7 daily, 4 weekly, 12 monthly automatic backups and the last 20 of every other kind', async () => {
    const t = await town();
    for (let d = 0; d < 100; d++) backupNow(t.ctx, 'daily', { now: () => new Date(2026, 0, 1 + d, 9, 30) }); // 2026-01-01 … 04-10
    for (let i = 0; i < 23; i++) backupNow(t.ctx, 'manual', { now: () => new Date(2026, 3, 10, 10, i) });
    const list = listBackupFiles(backupFolderOf(t.path, DEFAULT_BACKUP_SETTINGS), 'ledger.db');
    const days = list.filter((b) => b.kind === 'daily').map((b) => b.createdAt).map((iso) => {
      const d = new Date(iso);
      return `${d.getMonth() + 1}-${d.getDate()}`;
    });
    // The last 7 days; the newest of the weeks of 3-29 and 3-22 (3-30…4-05 is among the 7); month ends of Jan–Mar.
    expect(days.sort()).toEqual(['1-31', '2-28', '3-22', '3-29', '3-31', '4-10', '4-4', '4-5', '4-6', '4-7', '4-8', '4-9'].sort());
    expect(list.filter((b) => b.kind === 'manual')).toHaveLength(20);
    // Nothing left over from deleted backups (their keyring and manifest go with them).
    expect(readdirSync(join(t.dir, '备份')).filter((f) => f.endsWith('.db'))).toHaveLength(32);
    expect(readdirSync(join(t.dir, '备份')).filter((f) => f.endsWith('.json'))).toHaveLength(32);
  });

  it('the first open of a day checks and backs up once; the next open that day does neither', async () => {
    const t = await town();
    const first = dailyHousekeeping(t.ctx, { now: () => new Date(2026, 10, 23, 8, 0) });
    expect(first.checked?.ok).toBe(true);
    expect(first.backup?.kind).toBe('daily');
    const again = dailyHousekeeping(t.ctx, { now: () => new Date(2026, 10, 23, 15, 0) });
    expect(again).toEqual({ checked: null, backup: null });
    expect((await ok(call(t.ctx, 'backup.status', {}))).lastCheck?.ok).toBe(true);
  });

  it('settings: the folder of choice (a USB drive) and the counts; bad values refused', async () => {
    const t = await town();
    const usb = join(t.dir, 'U盘');
    mkdirSync(usb);
    const st = await ok(call(t.ctx, 'backup.settings.set', { folder: usb, daily: 3, weekly: 0, monthly: 0, keepOther: 2 }));
    expect(st.folder).toBe(usb);
    const made = await ok(call(t.ctx, 'backup.create', {}));
    expect(made.file.startsWith(usb)).toBe(true);
    expect((await fails(call(t.ctx, 'backup.settings.set', { folder: t.dir, daily: 3, weekly: 0, monthly: 0, keepOther: 2 }))).message).toContain('不能是数据库所在的文件夹');
    expect((await fails(call(t.ctx, 'backup.settings.set', { folder: null, daily: 0, weekly: 0, monthly: 0, keepOther: 2 }))).message).toContain('至少保留 1 份');
  });
});

describe('restore', () => {
  it('puts the backup in place after a backup of the current state; the previous file is kept', async () => {
    const t = await town({ encrypted: true });
    const made = await ok(call(t.ctx, 'backup.create', {}));
    addPerson(t.ctx, { idNumber: makeId('19900101', '021'), name: '后来登记', gridId: t.gridId });
    const r = await ok(call(t.ctx, 'backup.restore', { file: made.file }));
    expect(residents(t.path, t.key)).toEqual([NAME]);
    expect(residents(r.previousKeptAs, t.key)).toEqual([NAME, '后来登记']);
    expect(residents(r.safetyBackup, t.key)).toEqual([NAME, '后来登记']);
    expect(listBackupFiles(join(t.dir, '备份'), 'ledger.db').map((b) => b.kind).sort()).toEqual(['beforeRestore', 'manual']);
    t.ctx.ledger = openLedger(t.path, { key: t.key });
    // The file was replaced under dispatch, so the restore records itself: in the restored file, and in the state
    // before it (kept as the safety backup), both chains still whole.
    const restores = (path: string) => {
      const l = openLedger(path, { key: t.key });
      try {
        expect(verifyAuditChain(l.sqlite).problem).toBeNull();
        return l.sqlite.prepare("select summary from audit_log where action = 'restore'").pluck().all();
      } finally {
        l.close();
      }
    };
    expect(restores(t.path)).toEqual([`从备份恢复：${basename(made.file)}`]);
    expect(restores(r.safetyBackup)).toEqual([`从备份恢复：${basename(made.file)}`]);
  });

  it('on another PC: the backup and its keyring alone, with the recovery code; a wrong code changes nothing', async () => {
    const code = newRecoveryCode();
    const a = await town({ encrypted: true, recovery: code });
    const made = await ok(call(a.ctx, 'backup.create', {}));
    // The other PC: a plain town of its own, and the backup carried over on a USB drive.
    const b = await town();
    const usb = join(b.dir, 'U盘');
    mkdirSync(usb);
    for (const f of [made.file, keyringPathOf(made.file), made.file + '.json']) copyFileSync(f, join(usb, basename(f)));
    const carried = join(usb, basename(made.file));
    const before = sha256Of(b.path);
    const asked = await fails(call(b.ctx, 'backup.restore', { file: carried }));
    expect(asked.code).toBe('WRONG_KEY');
    expect(asked.message).toContain('恢复码');
    const wrong = await fails(call(b.ctx, 'backup.restore', { file: carried, recoveryCode: newRecoveryCode() }));
    expect(wrong.code).toBe('WRONG_KEY');
    expect(sha256Of(b.path)).toBe(before);
    expect(existsSync(join(b.dir, '备份'))).toBe(false);
    expect(readdirSync(b.dir).filter((f) => f.includes('恢复前'))).toEqual([]);

    await ok(call(b.ctx, 'backup.restore', { file: carried, recoveryCode: code.toLowerCase() }));
    const ring = readKeyring(keyringPathOf(b.path))!;
    const key = unwrapWithRecovery(ring, code)!;
    expect(key.equals(a.key!)).toBe(true);
    expect(residents(b.path, key)).toEqual([NAME]);
    b.ctx.ledger = openLedger(b.path, { key });
  });

  it("on another PC with an account's password instead of the recovery code; a wrong password changes nothing", async () => {
    const a = await town({ encrypted: true });
    const ringPath = keyringPathOf(a.path);
    writeKeyring(ringPath, setAccountKey(readKeyring(ringPath)!, 'zhangsan', 'Ledger#2026', a.key!));
    const made = await ok(call(a.ctx, 'backup.create', {}));
    const b = await town();
    const before = sha256Of(b.path);
    const wrong = await fails(call(b.ctx, 'backup.restore', { file: made.file, loginName: 'zhangsan', password: 'Ledger#2025' }));
    expect(wrong.code).toBe('WRONG_KEY');
    expect(wrong.message).toContain('密码不正确');
    expect(sha256Of(b.path)).toBe(before);
    await ok(call(b.ctx, 'backup.restore', { file: made.file, loginName: 'zhangsan', password: 'Ledger#2026' }));
    expect(residents(b.path, a.key)).toEqual([NAME]);
    b.ctx.ledger = openLedger(b.path, { key: a.key });
  });

  it('refuses what is not a good backup of ours, and leaves the database as it was', async () => {
    const t = await town();
    const made = await ok(call(t.ctx, 'backup.create', {}));
    const before = sha256Of(t.path);
    const text = join(t.dir, '说明.db');
    writeFileSync(text, '这不是数据库');
    expect((await fails(call(t.ctx, 'backup.restore', { file: text }))).code).toBe('BAD_FILE');
    const foreign = join(t.dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('create table customers(name text)');
    f.close();
    expect((await fails(call(t.ctx, 'backup.restore', { file: foreign }))).code).toBe('BAD_FILE');
    expect((await fails(call(t.ctx, 'backup.restore', { file: join(t.dir, 'nothing.db') }))).code).toBe('NOT_FOUND');
    expect((await fails(call(t.ctx, 'backup.restore', { file: t.path }))).code).toBe('VALIDATION');
    // A backup changed after it was made (one byte): its manifest's hash no longer matches.
    const bytes = readFileSync(made.file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 100) ^ 0xff, bytes.length - 100);
    writeFileSync(made.file, bytes);
    expect((await fails(call(t.ctx, 'backup.restore', { file: made.file }))).message).toContain('被改动或已损坏');
    expect(sha256Of(t.path)).toBe(before);
    expect(readdirSync(t.dir).filter((n) => n.includes('恢复前'))).toEqual([]);
  });
});

describe('the damaged screen', () => {
  it('offers the newest good backup; restoring it over the damaged file needs its recovery code and keeps the damaged file', async () => {
    const code = newRecoveryCode();
    const t = await town({ encrypted: true, recovery: code });
    await ok(call(t.ctx, 'backup.create', {}));
    t.ctx.ledger.close();
    // Damage every page after the first: the file no longer opens.
    const bytes = readFileSync(t.path);
    for (let p = 1; p * 4096 < bytes.length; p++) bytes.writeUInt8(bytes.readUInt8(p * 4096 + 100) ^ 0xff, p * 4096 + 100);
    writeFileSync(t.path, bytes);
    let message = '';
    try {
      openLedger(t.path, { key: t.key });
    } catch (err) {
      expect((err as { code: string }).code).toBe('DB_DAMAGED');
      message = (err as Error).message;
    }
    expect(message).toContain('已损坏');
    let restarted = 0;
    const empty = openLedger(':memory:');
    const damagedCtx: ServiceContext = { ledger: empty, caller: LOCAL_USER, today: () => '2026-11-23', damaged: { path: t.path, message, onRestored: () => restarted++ } };
    t.ctx.ledger = empty;
    const info = (await ok(call(damagedCtx, 'backup.damaged', {}))).damaged!;
    expect(info.message).toBe(message);
    expect(info.newest?.kind).toBe('manual');
    const asked = await fails(call(damagedCtx, 'backup.restoreDamaged', { file: info.newest!.file }));
    expect(asked.code).toBe('WRONG_KEY');
    expect(readFileSync(t.path).equals(bytes)).toBe(true);
    const r = await ok(call(damagedCtx, 'backup.restoreDamaged', { file: info.newest!.file, recoveryCode: code }));
    expect(restarted).toBe(1);
    expect(readFileSync(r.previousKeptAs).equals(bytes)).toBe(true);
    expect(residents(t.path, t.key)).toEqual([NAME]);
  });

  it('is absent when the file is fine, and its restore refused there', async () => {
    const t = await town();
    expect(await ok(call(t.ctx, 'backup.damaged', {}))).toEqual({ damaged: null });
    expect((await fails(call(t.ctx, 'backup.restoreDamaged', { file: join(t.dir, 'x.db') }))).code).toBe('CONFLICT');
  });
});
