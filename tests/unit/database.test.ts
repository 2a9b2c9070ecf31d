import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_SCHEMA_VERSION, openLedger, type Ledger } from '../../electron/core/db/open';
import { migrations } from '../../electron/core/db/migrations';
import { AppError } from '../../electron/core/errors';
import { LOCAL_USER } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { RETIRED_SEARCH_TABLES } from '../../electron/core/db/searchIndex';
import { tempDir } from '../helpers/tempLedger';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function freshPath() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'ledger.db');
}
function track(l: Ledger) {
  cleanups.push(() => l.close());
  return l;
}
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
function tables(l: Ledger) {
  return (l.sqlite.prepare("select name from sqlite_master where type='table' order by name").all() as { name: string }[]).map((r) => r.name);
}

describe('opening the database', () => {
  it('sets WAL, foreign keys and synchronous=FULL and stamps the schema version', () => {
    const l = track(openLedger(freshPath()));
    expect(l.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(l.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(l.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(l.schemaVersion).toBe(APP_SCHEMA_VERSION);
    expect(l.sqlite.pragma('user_version', { simple: true })).toBe(migrations.length);
  });

  it('reopens an up-to-date file without re-applying anything', () => {
    const path = freshPath();
    openLedger(path).close();
    const l = track(openLedger(path));
    const rows = l.sqlite.prepare('select count(*) as n from schema_migration').get() as { n: number };
    expect(rows.n).toBe(migrations.length);
  });

  it('refuses a database from the future and leaves the file byte-for-byte as it was', () => {
    const path = freshPath();
    const raw = new Database(path);
    raw.pragma(`user_version = ${APP_SCHEMA_VERSION + 5}`);
    raw.exec('create table from_future (x)');
    raw.close();
    const before = sha(path);
    let error: unknown;
    try {
      openLedger(path);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DB_FROM_FUTURE');
    expect((error as AppError).message).toContain('更新版本');
    expect(sha(path)).toBe(before);
  });

  it('refuses a file that is not a database, without changing it', () => {
    const path = freshPath();
    writeFileSync(path, 'this is a spreadsheet, not a database'.repeat(200));
    const before = sha(path);
    // A text file is said to be one (not damage), so nobody throws a good database away for it.
    expect(() => openLedger(path)).toThrowError(/文本文件，不是本软件的数据库/);
    expect(sha(path)).toBe(before);
  });

  it('refuses a folder where the database file should be', () => {
    const path = freshPath();
    mkdirSync(path);
    expect(() => openLedger(path)).toThrowError(/是一个文件夹/);
  });

  it('refuses a database whose applied migration was edited afterwards', () => {
    const path = freshPath();
    openLedger(path).close();
    const raw = new Database(path);
    raw.prepare("update schema_migration set hash = 'edited' where version = 1").run();
    raw.close();
    expect(() => openLedger(path)).toThrowError(/不一致/);
  });
});

describe('migrations', () => {
  it('only go forward: numbered 1..n without gaps, each with statements', () => {
    migrations.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
      expect(m.statements.length).toBeGreaterThan(0);
    });
  });

  // One test per migration: it applies on an empty file and on a file at the previous version.
  for (const m of migrations) {
    it(`migration ${m.version} (${m.tag}) applies on an empty file`, () => {
      const l = track(openLedger(freshPath(), { targetVersion: m.version }));
      expect(l.schemaVersion).toBe(m.version);
    });

    it(`migration ${m.version} (${m.tag}) applies on a file at version ${m.version - 1}`, () => {
      const path = freshPath();
      const previous = openLedger(path, { targetVersion: m.version - 1 });
      const before = tables(previous);
      previous.close();
      const l = track(openLedger(path, { targetVersion: m.version }));
      expect(l.schemaVersion).toBe(m.version);
      const after = tables(l);
      // A search table a migration replaced (derived from the residents) is the one table that may go.
      for (const t of before) if (!RETIRED_SEARCH_TABLES.includes(t)) expect(after).toContain(t);
      expect(l.sqlite.pragma('foreign_key_check')).toEqual([]);
      expect(l.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    });
  }

  it('0009 indexes the numbers of the residents already there, and the search finds them by any part', async () => {
    const path = freshPath();
    const old = openLedger(path, { targetVersion: 9 });
    old.sqlite.prepare(`INSERT INTO resident (id_number, name, sex, birth_date, phone, residence_kind, status, name_pinyin, name_initials, created_at, updated_at)
      VALUES ('32012119800315011X', '旧档', '1', '1980-03-15', '0510-88776655', '1', '在册', 'jiudang', 'jd', 'x', 'x')`).run();
    old.close();
    const l = track(openLedger(path));
    const ctx = { ledger: l, caller: LOCAL_USER, today: () => '2026-11-23' };
    for (const q of ['19800315', '011x', '8877', '88776655', '6655', '3201']) {
      const found = await call(ctx, 'person.search', { query: q });
      expect(found.ok && found.value.rows.map((p) => p.name), q).toEqual(['旧档']);
    }
    expect(tables(l)).not.toContain('resident_fts');
  });

  it('leaves a file unchanged at its old version when a migration fails midway', () => {
    const path = freshPath();
    openLedger(path, { targetVersion: 0 }).close();
    const broken = [...migrations.slice(0, 0), { version: 1, tag: 'broken', hash: 'x', statements: ['create table ok_table (x)', 'this is not sql'] }];
    expect(() => openLedger(path, { migrationList: broken })).toThrowError(/打开数据库/);
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare("select count(*) as n from sqlite_master where name = 'ok_table'").get()).toEqual({ n: 0 });
    raw.close();
  });
});
