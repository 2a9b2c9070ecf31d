import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/tempLedger';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('cli init and info', () => {
  it('sets up a town and reports it with the schema version as one JSON object', async () => {
    const db = join(dir, 'a.db');
    const init = await cli('init', '--db', db, '--town-name', '城关镇', '--town-code', '320121100000', '--json');
    expect(init.code).toBe(0);
    expect(init.json().town.code).toBe('320121100000');
    const info = await cli('info', '--db', db, '--json');
    expect(info.code).toBe(0);
    expect(info.stdout.trim().split('\n')).toHaveLength(1);
    const body = info.json();
    expect(body.town).toMatchObject({ name: '城关镇', code: '320121100000' });
    expect(body.schemaVersion).toBe(body.appSchemaVersion);
    expect(body.counts.town).toBe(1);
  });

  it('exits 2 with a Chinese usage message on bad arguments', async () => {
    const noDb = await cli('info');
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('用法');
    expect(noDb.stderr).toContain('--db');
    const unknownOption = await cli('info', '--db', 'x.db', '--colour');
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain('不认识的选项 --colour');
    const badCode = await cli('init', '--db', join(dir, 'b.db'), '--town-name', '城关镇', '--town-code', '12345', '--json');
    expect(badCode.code).toBe(2);
    expect(badCode.json().error.message).toContain('12位');
    const unknownCommand = await cli('frobnicate');
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('未知命令');
  });

  it('exits 1 when the operation fails (a second init)', async () => {
    const db = join(dir, 'c.db');
    await cli('init', '--db', db, '--town-name', '城关镇', '--town-code', '320121100000');
    const again = await cli('init', '--db', db, '--town-name', '城关镇', '--town-code', '320121100000', '--json');
    expect(again.code).toBe(1);
    expect(again.json().error.code).toBe('CONFLICT');
  });

  it('refuses a database from the future: exit 1, clear message, file untouched', async () => {
    const db = join(dir, 'future.db');
    await cli('init', '--db', db, '--town-name', '城关镇', '--town-code', '320121100000');
    const raw = new Database(db);
    raw.pragma('journal_mode = DELETE');
    raw.pragma('user_version = 999');
    raw.close();
    const before = createHash('sha256').update(readFileSync(db)).digest('hex');
    const info = await cli('info', '--db', db, '--json');
    expect(info.code).toBe(1);
    expect(info.json().error.code).toBe('DB_FROM_FUTURE');
    expect(info.stderr).toContain('更新版本的软件');
    expect(createHash('sha256').update(readFileSync(db)).digest('hex')).toBe(before);
  });

  it('runs as a real process through npm run cli', () => {
    const db = join(dir, 'p.db');
    const root = join(import.meta.dirname, '..', '..');
    execFileSync('npm', ['run', '-s', 'cli', '--', 'init', '--db', db, '--town-name', '城关镇', '--town-code', '320121100000'], { cwd: root });
    const out = execFileSync('npm', ['run', '-s', 'cli', '--', 'info', '--db', db, '--json'], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out).town.name).toBe('城关镇');
    const bad = spawnSync('npm', ['run', '-s', 'cli', '--', 'info'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(2);
  });
});
