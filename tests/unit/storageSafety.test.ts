// Start-up and storage safety, tried as a failing PC would: each condition says what it is and what to do (磁盘已满,
// 只读, 无权限, 文件损坏), never "程序内部错误" or a stack trace; a zero-length, foreign or text file at the database's
// path is refused and left as it was; a changed page is caught (the cipher's per-page HMAC once encrypted, the full
// integrity_check for a plain file).
//
// Running as root (as CI may), chmod does not stop writes, so the read-only file and folder are made immutable with
// `chattr +i` instead (root may do that; the file system refuses every write, as a write-protected medium does);
// as an ordinary user chmod is used. A read-only medium during a save is a connection SQLite opened read-only.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, copyFileSync, openSync, closeSync, readdirSync, readFileSync, writeFileSync, writeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { integrityCheck } from '../../electron/core/backup/snapshot';
import { sha256Of } from '../../electron/core/backup/store';
import { LOCAL_USER, type ServiceContext } from '../../electron/core/context';
import { createDrizzle } from '../../electron/core/db/drizzle';
import { openLedger } from '../../electron/core/db/open';
import { call } from '../../electron/core/dispatch';
import { AppError, toErrorInfo } from '../../electron/core/errors';
import { newDbKey, type DbKey } from '../../electron/core/security/keyring';
import { addPerson } from '../helpers/people';
import { makeId } from '../helpers/peopleFixtures';
import { fails, twoVillageTown } from '../helpers/results';
import { tempDir } from '../helpers/tempLedger';

const root = join(import.meta.dirname, '..', '..');
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
const folder = () => {
  const t = tempDir('storage-test-');
  cleanups.push(t.cleanup);
  return t.dir;
};

function openError(path: string, key: DbKey | null = null): AppError {
  try {
    openLedger(path, { key }).close();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('the file should have been refused');
}

const noInternals = (message: string) => {
  expect(message).not.toMatch(/程序内部错误|\bat \S+:\d+|SQLITE_|Error:/);
};

async function townFile(dir: string, key: DbKey | null, people = 60) {
  const path = join(dir, 'ledger.db');
  const ledger = openLedger(path, { key });
  const ctx: ServiceContext = { ledger, caller: LOCAL_USER, today: () => '2026-11-23' };
  const { gridId } = await twoVillageTown(ctx);
  for (let i = 0; i < people; i++) addPerson(ctx, { idNumber: makeId('19800101', String(100 + i * 2 + 1).slice(-3)), name: `居民${i}`, gridId, phone: `139${String(i).padStart(8, '0')}` });
  return { path, ctx, gridId };
}

describe('what lies at the database path', () => {
  it('a zero-length file is refused, never adopted as a new, empty town', () => {
    const path = join(folder(), 'ledger.db');
    writeFileSync(path, '');
    const e = openError(path);
    expect(e.code).toBe('DB_DAMAGED');
    expect(e.message).toContain('空文件（0 字节）');
    expect(e.message).toContain('不会把它当作一个新的乡镇');
    expect(statSync(path).size).toBe(0);
  });

  it('a foreign SQLite file is refused and left as it was', () => {
    const path = join(folder(), 'ledger.db');
    const f = new Database(path);
    f.exec("create table customers(name text); insert into customers values ('张三')");
    f.close();
    const before = sha256Of(path);
    const e = openError(path);
    expect(e.code).toBe('BAD_FILE');
    expect(e.message).toContain('不是乡镇综治台账的数据库');
    expect(sha256Of(path)).toBe(before);
  });

  it('a text file is refused with its own message', () => {
    const path = join(folder(), 'ledger.db');
    writeFileSync(path, '这是一份会议记录，被误存为 ledger.db。\n第二行\n');
    const e = openError(path);
    expect(e.code).toBe('BAD_FILE');
    expect(e.message).toContain('文本文件');
    expect(readFileSync(path, 'utf8')).toContain('会议记录');
  });

  it('a valid header over damaged pages, or random bytes without a keyring: 文件损坏, untouched', async () => {
    const dir = folder();
    const { path, ctx } = await townFile(dir, null, 5);
    ctx.ledger.close();
    const bytes = readFileSync(path);
    bytes.fill(0x5a, 100, 4096); // page 1 after the header: the schema's root page
    writeFileSync(path, bytes);
    const e = openError(path);
    expect(e.code).toBe('DB_DAMAGED');
    noInternals(e.message);
    const random = join(dir, 'random.db');
    writeFileSync(random, Buffer.alloc(8192, 0x93));
    expect(openError(random).code).toBe('DB_DAMAGED');
    expect(readFileSync(random).equals(Buffer.alloc(8192, 0x93))).toBe(true);
  });

  it('an encrypted file with a wrong key: refused as damaged or not its key, nothing written', async () => {
    const dir = folder();
    const { path, ctx } = await townFile(dir, newDbKey(), 3);
    ctx.ledger.close();
    const before = sha256Of(path);
    const e = openError(path, newDbKey());
    expect(e.code).toBe('DB_DAMAGED');
    expect(e.message).toContain('密钥');
    expect(sha256Of(path)).toBe(before);
  });
});

/** Makes a file or folder refuse writes: chmod where that works, chattr +i as root (chmod does not bind root). */
function makeReadOnly(path: string, isFolder: boolean): () => void {
  chmodSync(path, isFolder ? 0o555 : 0o444);
  try {
    accessSync(path, constants.W_OK);
  } catch {
    return () => chmodSync(path, isFolder ? 0o755 : 0o644);
  }
  const r = spawnSync('chattr', ['+i', path]);
  if (r.status !== 0) throw new Error(`cannot make ${path} read-only here: chmod does not bind this user and chattr failed (${String(r.stderr)})`);
  return () => {
    spawnSync('chattr', ['-i', path]);
    chmodSync(path, isFolder ? 0o755 : 0o644);
  };
}

describe('read-only, no permission', () => {
  it('a read-only file: 只读 with what to do, at open; the file unchanged', async () => {
    const dir = folder();
    const { path, ctx } = await townFile(dir, null, 3);
    ctx.ledger.close();
    const before = sha256Of(path);
    const undo = makeReadOnly(path, false);
    try {
      const e = openError(path);
      expect(e.code).toBe('READ_ONLY');
      expect(e.message).toContain('只读');
      expect(e.message).toContain('取消文件的「只读」属性');
      noInternals(e.message);
    } finally {
      undo();
    }
    expect(sha256Of(path)).toBe(before);
  });

  it('a read-only folder: 只读, naming the folder', async () => {
    const dir = folder();
    const { path, ctx } = await townFile(dir, null, 3);
    ctx.ledger.close();
    const undo = makeReadOnly(dir, true);
    try {
      const e = openError(path);
      expect(e.code).toBe('READ_ONLY');
      expect(e.message).toContain('文件夹');
    } finally {
      undo();
    }
  });

  it('a medium that turned read-only before a save: the save says 只读, not 程序内部错误', async () => {
    const dir = folder();
    const { path, ctx, gridId } = await townFile(dir, null, 3);
    const ro = new Database(path, { readonly: true, fileMustExist: true });
    cleanups.push(() => ro.close());
    const roCtx: ServiceContext = { ...ctx, ledger: { ...ctx.ledger, sqlite: ro, db: createDrizzle(ro) } };
    const e = await fails(call(roCtx, 'household.create', { gridId, address: '只读路1号', tags: [] }));
    expect(e.code).toBe('READ_ONLY');
    expect(e.message).toContain('只读');
    noInternals(e.message);
    ctx.ledger.close();
  });

  it('each condition of the system has its own message (EACCES/EPERM 无权限, EROFS 只读, ENOSPC/EFBIG 磁盘已满, SQLITE_CORRUPT 文件损坏)', () => {
    const info = (code: string) => toErrorInfo(Object.assign(new Error('x'), { code }));
    expect(info('EACCES').code).toBe('NO_PERMISSION');
    expect(info('EPERM').message).toContain('没有读写');
    expect(info('EROFS').code).toBe('READ_ONLY');
    expect(info('ENOSPC').code).toBe('DISK_FULL');
    expect(info('EFBIG').message).toContain('磁盘已满');
    expect(info('SQLITE_CORRUPT').code).toBe('DB_DAMAGED');
    expect(info('SQLITE_READONLY_DIRECTORY').code).toBe('READ_ONLY');
    expect(info('SOMETHING_ELSE').code).toBe('INTERNAL');
  });
});

describe('disk full', () => {
  it('no room for new pages during a save (SQLITE_FULL): 磁盘已满, nothing of the save written', async () => {
    const dir = folder();
    const { ctx, gridId } = await townFile(dir, null, 3);
    const db = ctx.ledger.sqlite;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    let saved = 0;
    let error: { code: string; message: string } | null = null;
    for (let i = 0; i < 2000 && !error; i++) {
      const r = await call(ctx, 'household.create', { gridId, address: `满盘路${i}号${'一'.repeat(100)}`, tags: [] });
      if (r.ok) saved++;
      else error = r.error;
    }
    expect(error?.code).toBe('DISK_FULL');
    expect(error?.message).toContain('磁盘已满');
    noInternals(error!.message);
    expect(db.prepare("select count(*) from household where address like '满盘路%'").pluck().get()).toBe(saved);
    expect(integrityCheck(db).ok).toBe(true);
    ctx.ledger.close();
  });

  it('a file-size limit in a child process (ulimit -f, EFBIG as on a full disk): 磁盘已满, every reported save there', async () => {
    const dir = folder();
    const { path, ctx, gridId } = await townFile(dir, null, 3);
    ctx.ledger.close();
    const limitKb = Math.ceil(statSync(path).size / 1024) + 96;
    const script = `trap '' XFSZ; ulimit -f ${limitKb}; exec "${process.execPath}" --import tsx tests/helpers/fillWriter.ts "${path}" ${gridId}`;
    const out = await new Promise<string>((resolve, reject) => {
      const p = spawn('bash', ['-c', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let o = '';
      let e = '';
      p.stdout.on('data', (d) => (o += d));
      p.stderr.on('data', (d) => (e += d));
      p.on('exit', (code) => (code === 0 ? resolve(o) : reject(new Error(`fill writer exited ${code}: ${e}`))));
    });
    const { saved, error } = JSON.parse(out.trim().split('\n').at(-1)!) as { saved: number; error: { code: string; message: string } | null };
    expect(error?.code).toBe('DISK_FULL');
    expect(error?.message).toContain('磁盘已满');
    noInternals(error!.message);
    expect(saved).toBeGreaterThan(0);
    const after = openLedger(path);
    try {
      expect(integrityCheck(after.sqlite).ok).toBe(true);
      expect(after.sqlite.prepare("select count(*) from household where address like '满盘路%'").pluck().get()).toBe(saved);
    } finally {
      after.close();
    }
  }, 30_000);
});

describe('a backup onto a full disk', () => {
  it('the CLI backup under a file-size limit (ulimit -f): 磁盘已满, the partial copy deleted, no backup listed', async () => {
    const dir = folder();
    const { path, ctx } = await townFile(dir, null, 200);
    ctx.ledger.close();
    // A limit below the size of a copy (reading the larger database is not limited, only writing past it).
    const limitKb = Math.floor(statSync(path).size / 1024 / 2); // bash counts ulimit -f in KiB
    const script = `trap '' XFSZ; ulimit -f ${limitKb}; exec "${process.execPath}" --import tsx electron/core/cli/entry.ts backup --db "${path}" --json`;
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn('bash', ['-c', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let o = '';
      p.stdout.on('data', (d) => (o += d));
      p.on('exit', (c) => resolve({ code: c, out: o }));
    });
    expect(code).toBe(1);
    const reply = JSON.parse(out.trim().split('\n').at(-1)!) as { ok: false; error: { code: string; message: string } };
    expect(reply.error.code).toBe('DISK_FULL');
    expect(reply.error.message).toContain('磁盘已满');
    noInternals(reply.error.message);
    const left = readdirSync(join(dir, '备份'));
    expect(left.filter((f) => f.startsWith('.~ledger-') || f.endsWith('.db'))).toEqual([]);
  }, 60_000);
});

const TRIALS = Number(process.env.DAMAGE_TRIALS ?? 40);

/** Changes 16 bytes at a random place inside a page after the first (seeded, so a failure can be replayed). */
function damage(source: string, target: string, seed: number): void {
  copyFileSync(source, target);
  const size = statSync(target).size;
  const pageSize = 4096;
  let x = seed * 2654435761 >>> 0;
  const next = () => ((x = (x * 1103515245 + 12345) >>> 0), x);
  const page = 1 + (next() % (size / pageSize - 1));
  const offset = page * pageSize + (next() % (pageSize - 16));
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) bytes[i] = next() & 0xff;
  const fd = openSync(target, 'r+');
  try {
    writeSync(fd, bytes, 0, 16, offset);
  } finally {
    closeSync(fd);
  }
}

/** Detected by the open (HMAC of a page read, quick_check) or by the next full check. */
function detected(path: string, key: DbKey | null): boolean {
  let ledger;
  try {
    ledger = openLedger(path, { key, backupBeforeMigration: false });
  } catch (err) {
    expect((err as AppError).code).toBe('DB_DAMAGED');
    return true;
  }
  try {
    return !integrityCheck(ledger.sqlite).ok;
  } finally {
    ledger.close();
  }
}

describe(`16 bytes changed inside a data page, ${TRIALS} random places`, () => {
  it('an encrypted file: every trial detected (the per-page HMAC)', async () => {
    const dir = folder();
    const key = newDbKey();
    const { path, ctx } = await townFile(dir, key, 300);
    ctx.ledger.close();
    let caught = 0;
    for (let i = 0; i < TRIALS; i++) {
      const copy = join(dir, `damaged-${i}.db`);
      damage(path, copy, i + 1);
      if (detected(copy, key)) caught++;
    }
    console.log(`encrypted: ${caught}/${TRIALS} damaged copies detected`);
    expect(caught).toBe(TRIALS);
  }, 60_000);

  it('a page damaged while the app runs: the next read through a channel is 文件损坏, not 程序内部错误', async () => {
    const dir = folder();
    const key = newDbKey();
    const { path, ctx } = await townFile(dir, key, 300);
    ctx.ledger.close();
    const ledger = openLedger(path, { key, backupBeforeMigration: false });
    try {
      // A tiny page cache, so the search reads its pages from the file again after they change underneath.
      ledger.sqlite.pragma('cache_size = 1');
      const size = statSync(path).size;
      const fd = openSync(path, 'r+');
      try {
        for (let p = 2; p * 4096 < size; p++) writeSync(fd, Buffer.alloc(16, 0xa5), 0, 16, p * 4096 + 2000);
      } finally {
        closeSync(fd);
      }
      const e = await fails(call({ ...ctx, ledger }, 'person.search', { query: '居民' }));
      expect(e.code).toBe('DB_DAMAGED');
      expect(e.message).toContain('已损坏');
      noInternals(e.message);
    } finally {
      ledger.close();
    }
  });

  it('a plain file: the full check catches what breaks the structure (count reported)', async () => {
    const dir = folder();
    const { path, ctx } = await townFile(dir, null, 300);
    ctx.ledger.close();
    let caught = 0;
    for (let i = 0; i < TRIALS; i++) {
      const copy = join(dir, `damaged-${i}.db`);
      damage(path, copy, i + 1);
      if (detected(copy, null)) caught++;
    }
    console.log(`plain: ${caught}/${TRIALS} damaged copies detected by open or integrity_check`);
    // A change inside a text value of a plain file is not damage SQLite can see; the cipher's HMAC is what catches those.
    expect(caught).toBeGreaterThan(0);
  }, 60_000);
});
