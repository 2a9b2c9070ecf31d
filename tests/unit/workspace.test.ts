// Which database is open (electron/core/workspace): the town's file, the demo in a file of its own,
// another file of ours, a new one. The demo never writes into the town's file, and a file that is not
// one of our databases is refused with a Chinese reason while the app stays on the file it had.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_USER, type ServiceContext, type WorkspaceControl } from '../../electron/core/context';
import { openLedger } from '../../electron/core/db/open';
import { writeDemoMarker } from '../../electron/core/demo/marker';
import { call } from '../../electron/core/dispatch';
import { MAIN_TABLES } from '../../electron/core/system/service';
import { DEMO_FILE_NAME, createWorkspace } from '../../electron/core/workspace/service';
import { getTableName } from 'drizzle-orm';
import { addPerson } from '../helpers/people';
import { fails, ok } from '../helpers/results';
import { tempDir } from '../helpers/tempLedger';

const TOWN_PERSON = { idNumber: '11010519491231002X', name: '真实居民' };

let dir: string;
let cleanup: () => void;
let townPath: string;
let open: WorkspaceControl[] = [];

function workspace(): { ws: WorkspaceControl; ctx: ServiceContext } {
  const ws = createWorkspace({ townPath });
  open.push(ws);
  const ctx: ServiceContext = {
    get ledger() {
      return ws.ledger;
    },
    caller: LOCAL_USER,
    today: () => '2026-11-23',
    workspace: ws,
  };
  return { ws, ctx };
}

/** The town's file as it lies on disk (read after the app closed it). */
function fileFacts(path: string) {
  const bytes = createHash('sha256').update(readFileSync(path)).digest('hex');
  const db = new Database(path, { readonly: true });
  try {
    const counts = Object.fromEntries(MAIN_TABLES.map((t) => [getTableName(t), (db.prepare(`select count(*) as n from "${getTableName(t)}"`).get() as { n: number }).n]));
    const names = (db.prepare('select name from resident order by id').all() as { name: string }[]).map((r) => r.name);
    return { bytes, counts, names };
  } finally {
    db.close();
  }
}

beforeEach(() => {
  ({ dir, cleanup } = tempDir('ledger-workspace-'));
  townPath = join(dir, 'ledger.db');
});
afterEach(() => {
  for (const ws of open) ws.close();
  open = [];
  cleanup();
});

async function realTown() {
  const { ws, ctx } = workspace();
  await ok(call(ctx, 'town.setup', { name: '城关镇', code: '320121100000' }));
  addPerson(ctx, TOWN_PERSON);
  return { ws, ctx };
}

describe('the workspace', () => {
  it('opens the town’s own file at start and says so', async () => {
    const { ctx } = workspace();
    const state = await ok(call(ctx, 'workspace.current', {}));
    expect(state).toMatchObject({ path: townPath, isDemo: false, isTownDatabase: true, townPath, demoPath: join(dir, DEMO_FILE_NAME) });
  });

  it('keeps the demo in its own file: the town’s file keeps its bytes, row counts and people', async () => {
    const first = await realTown();
    first.ws.close();
    const before = fileFacts(townPath);

    const { ctx } = workspace();
    const demo = await ok(call(ctx, 'workspace.openDemo', {}));
    expect(demo).toMatchObject({ path: join(dir, DEMO_FILE_NAME), isDemo: true, isTownDatabase: false });
    const loaded = await ok(call(ctx, 'demo.load', { residents: 60, seed: 3 }));
    expect(loaded.residents).toBe(60);
    const demoNames = (ctx.ledger.sqlite.prepare('select name from resident').all() as { name: string }[]).map((r) => r.name);

    const back = await ok(call(ctx, 'workspace.openTown', {}));
    expect(back).toMatchObject({ path: townPath, isDemo: false, isTownDatabase: true });
    expect((await ok(call(ctx, 'person.search', { query: '' }))).rows.map((p) => p.name)).toEqual([TOWN_PERSON.name]);
    // Opening the demo again finds it as it was, without generating it anew.
    await ok(call(ctx, 'workspace.openDemo', {}));
    expect((ctx.ledger.sqlite.prepare('select count(*) as n from resident').get() as { n: number }).n).toBe(60);
    await ok(call(ctx, 'workspace.openTown', {}));
    ctx.workspace!.close();

    const after = fileFacts(townPath);
    expect(after).toEqual(before);
    for (const name of demoNames.filter((n) => n !== TOWN_PERSON.name)) expect(after.names).not.toContain(name);
  });

  it('refuses demo.load on the town’s database and on any file not marked as the demo, writing nothing', async () => {
    const { ctx } = await realTown();
    const counts = () => ctx.ledger.sqlite.prepare('select (select count(*) from resident) as r, (select count(*) from village) as v').get();
    const before = counts();
    const err = await fails(call(ctx, 'demo.load', { residents: 10 }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('不是演示数据库');
    expect(counts()).toEqual(before);
    // Nor can the town's file be turned into a demo one.
    const prepare = await fails(call(ctx, 'demo.prepare', {}));
    expect(prepare.message).toContain('城关镇');
    expect(ctx.ledger.sqlite.prepare("select count(*) as n from setting where key = 'workspace.demo'").get()).toEqual({ n: 0 });
  });

  it('refuses, in Chinese, files that are not our databases and stays on the open file', async () => {
    const { ctx } = workspace();
    const text = join(dir, '名单.db');
    writeFileSync(text, '姓名,身份证号\n张三,1101\n');
    const foreign = join(dir, 'other.db');
    const other = new Database(foreign);
    other.exec('create table t (a)');
    other.close();
    const folder = join(dir, '文件夹.db');
    mkdirSync(folder);
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');

    const cases: [string, string, RegExp][] = [
      [join(dir, 'missing.db'), 'NOT_FOUND', /找不到数据库文件/],
      [text, 'BAD_FILE', /不是本软件的数据库/],
      [empty, 'BAD_FILE', /不是本软件的数据库/],
      [foreign, 'BAD_FILE', /不是乡镇综治台账的数据库/],
      [folder, 'VALIDATION', /文件夹/],
    ];
    for (const [path, code, message] of cases) {
      const err = await fails(call(ctx, 'workspace.openFile', { path }));
      expect(err.code, path).toBe(code);
      expect(err.message, path).toMatch(message);
      expect(ctx.ledger.path).toBe(townPath);
    }
    expect(readFileSync(text, 'utf8')).toBe('姓名,身份证号\n张三,1101\n');
    expect((await fails(call(ctx, 'workspace.openFile', { path: '' }))).code).toBe('VALIDATION');
  });

  it('creates a new database, refuses to overwrite, and opens one of ours from the recent list of a later start', async () => {
    const { ctx } = await realTown();
    const made = join(dir, '备用.db');
    expect((await fails(call(ctx, 'workspace.createFile', { path: townPath }))).message).toContain('不会覆盖');
    expect((await fails(call(ctx, 'workspace.createFile', { path: join(dir, '备用.xlsx') }))).message).toContain('.db');
    const state = await ok(call(ctx, 'workspace.createFile', { path: made }));
    expect(state).toMatchObject({ path: made, isDemo: false, isTownDatabase: false });
    expect(await ok(call(ctx, 'town.get', {}))).toBeNull();
    await ok(call(ctx, 'town.setup', { name: '备用镇', code: '320121200000' }));
    await ok(call(ctx, 'workspace.openTown', {}));
    expect((await ok(call(ctx, 'town.get', {})))?.name).toBe('城关镇');
    ctx.workspace!.close();

    const later = workspace();
    const recent = (await ok(call(later.ctx, 'workspace.current', {}))).recent;
    expect(recent.map((r) => r.path)).toEqual([townPath, made]);
    expect(recent.every((r) => r.exists && !r.isDemo)).toBe(true);
    await ok(call(later.ctx, 'workspace.openFile', { path: made }));
    expect((await ok(call(later.ctx, 'town.get', {})))?.name).toBe('备用镇');
  });

  it('never uses a real database found where the demo should be, nor starts on a demo file as the town’s', async () => {
    const squatter = openLedger(join(dir, DEMO_FILE_NAME));
    squatter.close();
    const { ctx } = workspace();
    expect((await fails(call(ctx, 'workspace.openDemo', {}))).message).toContain('不是演示数据库');
    expect(ctx.ledger.path).toBe(townPath);
    ctx.workspace!.close();

    const demoAsTown = openLedger(townPath);
    demoAsTown.sqlite.transaction(() => writeDemoMarker(demoAsTown))();
    demoAsTown.close();
    expect(() => createWorkspace({ townPath })).toThrow(/被标记为演示数据库/);
  });

  it('cannot switch where no workspace is held (the CLI names its file)', async () => {
    const ledger = openLedger(join(dir, 'cli.db'));
    try {
      const err = await fails(call({ ledger, caller: LOCAL_USER, today: () => '2026-11-23' }, 'workspace.openDemo', {}));
      expect(err).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('--db') });
    } finally {
      ledger.close();
    }
  });
});
