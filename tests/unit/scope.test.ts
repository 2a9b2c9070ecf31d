// Village scope, proved for every channel of the contract: a caller scoped to village A calls each
// channel with inputs that reach for village B (B's ids, no filter, exports of everything) and
// never gets anything of B — not in a reply, not in a file written — nor of the person in no grid.
// The list of inputs is typed by channel, so a new channel without its inputs does not compile.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workbookText } from '../helpers/workbookText';
import { channelNames, contract } from '../../shared/contract';
import type { ChannelDef } from '../../shared/contract/define';
import { LOCAL_USER, type Caller, type ServiceContext } from '../../electron/core/context';
import { call, dispatch } from '../../electron/core/dispatch';
import { cli } from '../helpers/cli';
import { CHANNEL_INPUTS } from '../helpers/channelInputs';
import { makeScopeTown, type ScopeTown } from '../helpers/scopeTown';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { orderedRows } from '../helpers/dump';
import { ok } from '../helpers/results';

let t: TempLedger;
let town: ScopeTown;
let scoped: ServiceContext;
const out = (name: string) => join(t.dir, `${name}.xlsx`);


function dump(ctx: ServiceContext): string {
  const db = ctx.ledger.sqlite;
  const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all() as string[];
  return JSON.stringify(tables.map((name) => [name, orderedRows(db, name)]));
}

beforeAll(async () => {
  t = openTempLedger();
  town = await makeScopeTown(t.ctx);
  // The template file the import channels read.
  await ok(call(t.ctx, 'import.residents.template', { path: out('template') }));
  const caller: Caller = { ...LOCAL_USER, userId: 'village-a', villageScope: [town.a.code] };
  scoped = { ...t.ctx, caller };
});
afterAll(() => t.close());

describe('a caller scoped to village A', () => {
  it('has inputs for every channel of the contract', () => {
    expect(Object.keys(CHANNEL_INPUTS).sort()).toEqual([...channelNames].sort());
  });

  it.each(channelNames.map((c) => [c]))('%s shows and touches nothing of village B', async (channel) => {
    const def = contract[channel] as ChannelDef;
    const markers = [...town.b.markers, ...town.loneMarkers];
    for (const input of CHANNEL_INPUTS[channel](town, out)) {
      // The whole town asks first: whatever the core keeps between asks (db/kept.ts) must not reach the village.
      if (def.access === 'read' && def.scope !== 'town') await dispatch(t.ctx, channel, input);
      const before = dump(t.ctx);
      const r = await dispatch(scoped, channel, input);
      const text = JSON.stringify(r);
      for (const m of markers) expect(text, `${channel} ${JSON.stringify(input)} → ${text.slice(0, 300)}`).not.toContain(m);
      const path = typeof input.path === 'string' ? input.path : null;
      if (r.ok && path && existsSync(path) && path.endsWith('.xlsx') && channel !== 'import.residents.template') {
        const written = await workbookText(path);
        for (const m of markers) expect(written, `${channel} wrote ${m}`).not.toContain(m);
      }
      if (r.ok && path && existsSync(path) && path.endsWith('.pdf')) {
        const written = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
        for (const m of markers) expect(written, `${channel} wrote ${m}`).not.toContain(m);
      }
      if (def.scope === 'town') expect(r.ok ? 'ok' : r.error.code, channel).toBe('FORBIDDEN');
      if (def.access === 'write') {
        // Each write input names something of B (or no village): refused, and nothing changed.
        expect(r.ok ? 'ok' : r.error.code, `${channel} ${JSON.stringify(input)}`).toMatch(/FORBIDDEN|NOT_FOUND/);
        expect(dump(t.ctx), channel).toBe(before);
      }
    }
  });

  it('still sees and changes its own village', async () => {
    const people = await ok(call(scoped, 'person.search', { query: '' }));
    expect(people.rows.map((p) => p.name).sort()).toEqual(['柳成员', '柳户主']);
    expect((await ok(call(scoped, 'village.list', {}))).map((v) => v.name)).toEqual(['柳河村']);
    const tree = await ok(call(scoped, 'grid.tree', {}));
    expect(tree.totals).toMatchObject({ villages: 1, grids: 1, households: 1, residents: 2 });
    expect(tree.unassigned).toEqual({ households: 0, residents: 0 });
    const due = await ok(call(scoped, 'due.list', { date: '2027-06-01' }));
    expect(due.items.length).toBeGreaterThan(0);
    expect(new Set(due.items.map((i) => i.village))).toEqual(new Set(['柳河村']));
    const indicators = await ok(call(scoped, 'indicators.month', { month: '2026-07' }));
    expect(indicators.t1.rows.map((r) => r.village)).toEqual(['柳河村']);
    expect(indicators.t1.total.registered).toBe(1);
    const updated = await ok(call(scoped, 'household.update', { id: town.a.householdId, gridId: town.a.gridId, address: '柳庄2号', tags: [] }));
    expect(updated.address).toBe('柳庄2号');
    const record = await ok(call(scoped, 'record.add', { kind: 'help', releasedPersonId: town.a.releasedId, date: '2026-10-02', method: '面谈', staffName: '柳员工', content: '再访' }));
    expect(record.kind).toBe('help');
  });

  it('the whole town still sees both villages (the scope is the caller’s, not the file’s)', async () => {
    const people = await ok(call(t.ctx, 'person.search', { query: '' }));
    expect(people.total).toBe(5);
  });

  it('an unknown village code is refused with a Chinese message', async () => {
    const r = await dispatch({ ...t.ctx, caller: { ...LOCAL_USER, villageScope: ['999999999999'] } }, 'person.search', { query: '' });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(r)).toContain('找不到村（社区）代码');
  });
});

describe('CLI --as-village', () => {
  it('due shows only that village’s items', async () => {
    const all = (await cli('due', '--db', t.path, '--date', '2027-06-01', '--json')).json();
    const mine = await cli('due', '--db', t.path, '--date', '2027-06-01', '--as-village', town.a.code, '--json');
    expect(mine.code).toBe(0);
    const items = mine.json().items as { village: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThan(all.items.length);
    expect(new Set(items.map((i) => i.village))).toEqual(new Set(['柳河村']));
    for (const m of town.b.markers) expect(mine.stdout).not.toContain(m);
  });

  it('a town-wide command is refused, a bad code is a usage error', async () => {
    const demo = await cli('demo', '--db', t.path, '--residents', '10', '--as-village', town.a.code, '--json');
    expect(demo.code).toBe(1);
    expect(demo.json().error.code).toBe('FORBIDDEN');
    const bad = await cli('due', '--db', t.path, '--as-village', '东关; drop', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-village 应为村（社区）代码');
  });

  it('an export as village A holds only village A', async () => {
    const path = join(t.dir, 'cli-population.xlsx');
    const r = await cli('export', 'population', '--db', t.path, '--out', path, '--status', '全部', '--as-village', town.a.code, '--json');
    expect(r.code).toBe(0);
    const text = await workbookText(path);
    expect(text).toContain('柳户主');
    for (const m of [...town.b.markers, ...town.loneMarkers]) expect(text).not.toContain(m);
    expect(readFileSync(path).length).toBeGreaterThan(0);
  });
});
