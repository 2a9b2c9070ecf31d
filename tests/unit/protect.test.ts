// First-time encryption: a verified backup, the encrypted copy beside, the keyring, the swap — and a
// power cut at any moment (a child killed with SIGKILL) leaves a file that opens with every row.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyKey } from '../../electron/core/db/cipher';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USER } from '../../electron/core/context';
import { openLedger } from '../../electron/core/db/open';
import { ENCRYPTING_SUFFIX, PENDING_KEYRING_SUFFIX, protectDatabase, resumeProtection } from '../../electron/core/security/encrypt';
import { keyringPathOf, readKeyring, unwrapWithPassword, unwrapWithRecovery } from '../../electron/core/security/keyring';
import { makeScopeTown, type ScopeTown } from '../helpers/scopeTown';
import { tempDir } from '../helpers/tempLedger';

const LOW_COST = { N: 2 ** 14, r: 8, p: 1 };
const PASSWORD = 'Kill-Test-2026';
const root = resolve(__dirname, '../..');

let dir: string;
let cleanup: () => void;
let seed: string;
let town: ScopeTown;
let seedCounts: Record<string, number>;
/** The child bundled once, so each run starts in a fraction of a second (no TypeScript loader per run). */
let childScript: string;
let cleanChild: () => void;

const countsOf = (sqlite: Database.Database) =>
  Object.fromEntries(
    (sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as { name: string }[]).map((t) => [
      t.name,
      (sqlite.prepare(`select count(*) as n from "${t.name}"`).get() as { n: number }).n,
    ]),
  );

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('protect-'));
  seed = join(dir, 'seed.db');
  const ledger = openLedger(seed);
  town = await makeScopeTown({ ledger, caller: LOCAL_USER, today: () => '2026-11-23' });
  seedCounts = countsOf(ledger.sqlite);
  ledger.close();
  // Apart from the data folder: the bundle holds the test's password, which no data file may.
  const childDir = tempDir('protect-child-');
  cleanChild = childDir.cleanup;
  childScript = join(childDir.dir, 'protectProcess.mjs');
  await build({
    entryPoints: [join(root, 'tests/helpers/protectProcess.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node22', outfile: childScript,
    logLevel: 'silent',
    banner: { js: `import { createRequire } from 'node:module'; const require = createRequire(${JSON.stringify(join(root, 'package.json'))});` },
    // The native addon stays outside, loaded from its installed place.
    plugins: [{ name: 'addon', setup: (b) => b.onResolve({ filter: /^better-sqlite3-multiple-ciphers$/ }, () => ({ path: require.resolve('better-sqlite3-multiple-ciphers'), external: true })) }],
  });
});
afterAll(() => {
  cleanup();
  cleanChild();
});

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(folder, e.name)) : [join(folder, e.name)]));
}

function freshCopy(name: string): string {
  const p = join(dir, name);
  copyFileSync(seed, p);
  return p;
}

describe('protectDatabase', () => {
  it('encrypts the file: plain SQLite cannot read it, no resident name in its bytes, every row there with the key', async () => {
    const path = freshCopy('town.db');
    const { recoveryCode, backupPath, key } = await protectDatabase(path, { loginName: 'Admin', displayName: '王管理', password: PASSWORD }, { kdfCost: LOW_COST });
    expect(existsSync(`${path}${ENCRYPTING_SUFFIX}`)).toBe(false);
    expect(existsSync(keyringPathOf(path))).toBe(true);
    // Plain SQLite says "not a database".
    expect(() => new Database(path, { readonly: true }).prepare('select * from sqlite_master').all()).toThrow(/not a database/);
    const bytes = readFileSync(path);
    for (const marker of [...town.a.markers, ...town.b.markers]) expect(bytes.includes(Buffer.from(marker)), marker).toBe(false);
    // The verified backup is the file as it was before encryption — encrypted too once the swap is done, with the
    // same key and its keyring beside it: no readable copy is left.
    const backupBytes = readFileSync(backupPath);
    for (const marker of [...town.a.markers, ...town.b.markers]) expect(backupBytes.includes(Buffer.from(marker)), marker).toBe(false);
    expect(() => new Database(backupPath, { readonly: true }).prepare('select * from sqlite_master').all()).toThrow(/not a database/);
    expect(existsSync(keyringPathOf(backupPath))).toBe(true);
    const backup = new Database(backupPath, { readonly: true });
    applyKey(backup, key);
    expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(countsOf(backup)).toEqual(seedCounts);
    backup.close();

    const ring = readKeyring(keyringPathOf(path))!;
    const byPassword = unwrapWithPassword(ring, 'admin', PASSWORD)!;
    expect(byPassword.equals(key)).toBe(true);
    expect(unwrapWithRecovery(ring, recoveryCode)!.equals(key)).toBe(true);
    expect(unwrapWithPassword(ring, 'admin', 'Wrong-Pass-1')).toBeNull();
    const opened = openLedger(path, { key: byPassword });
    expect(opened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const counts = countsOf(opened.sqlite);
    expect(counts).toEqual({ ...seedCounts, app_user: 1, audit_log: (seedCounts.audit_log ?? 0) + 1 });
    const admin = opened.sqlite.prepare('select login_name, role, must_change_password from app_user').get();
    expect(admin).toEqual({ login_name: 'admin', role: 'admin', must_change_password: 0 });
    // Its WAL is encrypted too: a write through the key leaves no name in the -wal.
    opened.sqlite.prepare(`update resident set name = '新名字甲乙' where id = ?`).run(town.a.headId);
    const wal = `${path}-wal`;
    expect(existsSync(wal)).toBe(true);
    expect(readFileSync(wal).includes(Buffer.from('新名字甲乙'))).toBe(false);
    opened.close();
    // Neither the password nor the code is in any file of the folder.
    for (const file of filesUnder(dir)) {
      const content = readFileSync(file);
      expect(content.includes(Buffer.from(PASSWORD)), file).toBe(false);
      expect(content.includes(Buffer.from(recoveryCode)), file).toBe(false);
      expect(content.includes(Buffer.from(recoveryCode.replace(/-/g, ''))), file).toBe(false);
    }
  });

  it('refuses a weak password, a protected file and a missing one, leaving the file as it was', async () => {
    const path = freshCopy('weak.db');
    const before = readFileSync(path);
    await expect(protectDatabase(path, { loginName: 'admin', displayName: '管理员', password: 'abcdefgh' }, { kdfCost: LOW_COST })).rejects.toThrow(/至少 3 种/);
    await expect(protectDatabase(path, { loginName: 'admin', displayName: '管理员', password: 'Admin' }, { kdfCost: LOW_COST })).rejects.toThrow(/至少 8 位/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(keyringPathOf(path))).toBe(false);
    await protectDatabase(path, { loginName: 'admin', displayName: '管理员', password: PASSWORD }, { kdfCost: LOW_COST });
    await expect(protectDatabase(path, { loginName: 'admin', displayName: '管理员', password: PASSWORD }, { kdfCost: LOW_COST })).rejects.toThrow(/已经加密/);
    await expect(protectDatabase(join(dir, 'none.db'), { loginName: 'admin', displayName: '管理员', password: PASSWORD }, { kdfCost: LOW_COST })).rejects.toThrow(/找不到/);
  });

  it('resumeProtection discards a copy without its keyring and finishes one with it', async () => {
    const path = freshCopy('resume.db');
    writeFileSync(`${path}${ENCRYPTING_SUFFIX}`, 'half a copy');
    expect(resumeProtection(path)).toBe('discarded');
    expect(existsSync(`${path}${ENCRYPTING_SUFFIX}`)).toBe(false);
    expect(resumeProtection(path)).toBe('plain');
    const plain = openLedger(path);
    expect(countsOf(plain.sqlite)).toEqual(seedCounts);
    plain.close();
  });
});

/** One child run of protectDatabase, killed with SIGKILL after `afterMs` (or let finish when null). */
/** The steps protectDatabase reports; a kill right after each is one of the runs. */
const STEPS = ['keys', 'backup', 'copy', 'encrypted', 'verified', 'pending', 'done'];

function runChild(path: string, afterMs: number | null, pauseAt?: string): Promise<{ steps: string[]; killed: boolean; workMs: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [childScript, path], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PAUSE_AT: pauseAt ?? '' } });
    if (pauseAt) child.stdout.on('data', (d) => String(d).includes(`step ${pauseAt}\n`) && child.kill('SIGKILL'));
    let workStart = 0;
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    // The clock starts when the child begins its work (module loading is not the interesting part).
    let timer: NodeJS.Timeout | undefined;
    child.stdout.once('data', () => {
      workStart = Date.now();
      if (afterMs !== null) timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (afterMs === null && !pauseAt && code !== 0) fail(new Error(`protect child failed: ${err}`));
      done({ steps: out.split('\n').filter((l) => l.startsWith('step ')).map((l) => l.slice(5)), killed: signal === 'SIGKILL', workMs: Date.now() - workStart });
    });
  });
}

describe('a power cut during protectDatabase', () => {
  const runs = Number(process.env.KILL_RUNS ?? 50);

  it(`after each of ${runs} kills the file opens (plain, or with the administrator's password) whole, with every row`, async () => {
    // One full run measures the window the kills are spread over.
    const full = freshCopy('full.db');
    const whole = await runChild(full, null);
    // A little past the end, so some runs finish before the kill.
    const windowMs = Math.ceil(whole.workMs * 1.1);
    expect(whole.steps.at(-1)).toBe('backup encrypted');
    const outcomes = { plain: 0, protected: 0, killedAt: {} as Record<string, number> };
    for (let i = 0; i < runs; i++) {
      const path = freshCopy(`kill-${i}.db`);
      // The first runs stop exactly after each step (the narrow windows a random moment rarely hits), the rest at random.
      const pauseAt = STEPS[i];
      const r = pauseAt ? await runChild(path, null, pauseAt) : await runChild(path, Math.floor(Math.random() * windowMs));
      if (pauseAt) expect(r.killed, `run ${i} should have been killed after ${pauseAt}`).toBe(true);
      const last = r.steps.at(-1) ?? 'start';
      outcomes.killedAt[last] = (outcomes.killedAt[last] ?? 0) + 1;
      resumeProtection(path);
      expect(existsSync(`${path}${ENCRYPTING_SUFFIX}`)).toBe(false);
      expect(existsSync(`${path}${PENDING_KEYRING_SUFFIX}`)).toBe(false);
      const ring = readKeyring(keyringPathOf(path));
      let key = null;
      if (ring) {
        key = unwrapWithPassword(ring, 'admin', PASSWORD);
        expect(key, `run ${i}: a keyring for a file it cannot open`).not.toBeNull();
        outcomes.protected++;
      } else outcomes.plain++;
      const ledger = openLedger(path, { key });
      expect(ledger.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      const counts = countsOf(ledger.sqlite);
      expect(counts).toEqual(ring ? { ...seedCounts, app_user: 1, audit_log: (seedCounts.audit_log ?? 0) + 1 } : seedCounts);
      ledger.close();
    }
    expect(outcomes.plain + outcomes.protected).toBe(runs);
    console.log(`protect kill runs: ${runs} (window ${windowMs} ms) →`, JSON.stringify(outcomes));
  }, 600_000);
});
