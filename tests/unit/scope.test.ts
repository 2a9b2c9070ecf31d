// Village scope, proved for every channel of the contract: a caller scoped to village A calls each
// channel with inputs that reach for village B (B's ids, no filter, exports of everything) and
// never gets anything of B — not in a reply, not in a file written — nor of the person in no grid.
// The list of inputs is typed by channel, so a new channel without its inputs does not compile.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, contract, type Channel } from '../../shared/contract';
import type { ChannelDef } from '../../shared/contract/define';
import { LOCAL_USER, type Caller, type ServiceContext } from '../../electron/core/context';
import { call, dispatch } from '../../electron/core/dispatch';
import { cli } from '../helpers/cli';
import { makeScopeTown, type ScopeTown } from '../helpers/scopeTown';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { ok } from '../helpers/results';

let t: TempLedger;
let town: ScopeTown;
let scoped: ServiceContext;
const out = (name: string) => join(t.dir, `${name}.xlsx`);

type Inputs = (town: ScopeTown) => Record<string, unknown>[];
const entryIds = (k: 'releasedId' | 'patientId' | 'lowIncomeId') => (x: ScopeTown) => [{ id: x.b[k] }, { id: x.a[k] }];

/** For each channel, inputs that would show or touch village B if the scope leaked. */
const INPUTS: { [C in Channel]: Inputs } = {
  'system.info': () => [{}],
  'town.get': () => [{}],
  'town.setup': () => [{ name: '别镇', code: '320121200000' }],
  'town.update': () => [{ name: '别镇', code: '320121100000' }],
  'village.list': () => [{}],
  'village.create': () => [{ code: '320121100299', name: '新村' }],
  'village.update': (x) => [{ id: x.b.villageId, code: x.b.code, name: '改名社区' }],
  'grid.tree': () => [{}, { includeClosed: true }],
  'grid.create': (x) => [{ villageId: x.b.villageId, kind: '综合网格', name: '新格' }],
  'grid.update': (x) => [{ id: x.b.gridId, name: '改名格', description: '' }],
  'grid.move': (x) => [{ id: x.b.gridId, villageId: x.a.villageId }, { id: x.a.gridId, villageId: x.b.villageId }],
  'grid.close': (x) => [{ id: x.b.gridId, date: '2026-11-01', reason: '撤并' }],
  'grid.export': () => [{ path: out('grids') }],
  'staff.list': (x) => [{}, { villageId: x.b.villageId }, { gridId: x.b.gridId }, { includeEnded: true }],
  'staff.create': (x) => [{ name: '新员', role: '02', gridIds: [x.b.gridId], phone: '' }, { name: '新员', role: '02', gridIds: [x.a.gridId, x.b.gridId], phone: '' }],
  'staff.update': (x) => [{ id: x.b.staffId, name: '改名', role: '02', gridIds: [x.a.gridId], phone: '' }, { id: x.a.staffId, name: '改名', role: '02', gridIds: [x.b.gridId], phone: '' }],
  'staff.export': () => [{ path: out('staff'), includeEnded: true }],
  'import.residents.template': () => [{ path: out('template') }],
  'import.residents.preview': () => [{ path: out('template') }],
  'import.residents.run': () => [{ path: out('template') }],
  'demo.load': () => [{ residents: 10 }],
  'person.search': (x) => [{ query: '' }, { query: '东' }, { query: x.b.markers[5]! }, { query: '', status: '全部' }, { query: '', villageId: x.b.villageId }, { query: '', noGrid: true }],
  'person.get': (x) => [{ id: x.b.headId }, { id: x.loneId }, { id: x.a.headId }],
  'person.create': (x) => [{ idNumber: '11010519491231002X', name: '新人', householdId: x.b.householdId, relation: '20' }, { idNumber: '11010519491231002X', name: '新人', gridId: x.b.gridId }],
  'person.update': (x) => [{ idNumber: x.b.markers[5]!, name: '改名', id: x.b.headId, householdId: x.b.householdId, relation: '02' }, { idNumber: '11010519491231002X', name: '无格', id: x.loneId, gridId: x.a.gridId }],
  'person.leave': (x) => [{ id: x.b.memberId, kind: '迁出', date: '2026-11-01', reason: '外出' }],
  'person.export': () => [{ query: '', status: '全部', path: out('population') }],
  'household.get': (x) => [{ id: x.b.householdId }, { id: x.a.householdId }],
  'household.find': (x) => [{ query: '' }, { query: '东' }, { gridId: x.b.gridId }],
  'household.create': (x) => [{ gridId: x.b.gridId, address: '', tags: [] }],
  'household.export': () => [{ query: '', path: out('households') }],
  'household.update': (x) => [{ id: x.b.householdId, gridId: x.b.gridId, address: '改', tags: [] }, { id: x.a.householdId, gridId: x.b.gridId, address: '改', tags: [] }],
  'released.list': (x) => [{}, { status: '全部' }, { query: '东' }, { villageId: x.b.villageId }],
  'released.get': entryIds('releasedId'),
  'released.register': (x) => [{ residentId: x.b.memberId, releaseDate: '2026-06-01', prison: '苏州监狱', crime: '05', sentence: '1年', class: 'general' }],
  'released.update': (x) => [{ id: x.b.releasedId, releaseDate: '2026-06-01', prison: '改', crime: '05', sentence: '1年' }],
  'released.handover': (x) => [{ id: x.b.releasedId, date: '2026-06-02', code: '06' }],
  'released.report': (x) => [{ id: x.b.releasedId, date: '2026-06-05' }],
  'released.agreement': (x) => [{ id: x.b.releasedId, date: '2026-06-06' }],
  'released.assess': (x) => [{ id: x.b.releasedId, date: '2026-07-01', class: 'key', reason: '复评' }],
  'released.place': (x) => [{ id: x.b.releasedId, code: null, date: null, unplacedReason: '无' }],
  'released.reoffend': (x) => [{ id: x.b.releasedId, date: '2026-10-01', crime: '盗窃' }],
  'released.changeStatus': (x) => [{ id: x.b.releasedId, to: '脱管', date: '2026-10-01', reason: '失联' }],
  'released.team': (x) => [{ id: x.b.releasedId, members: [] }],
  'released.export': () => [{ status: '全部', path: out('released') }],
  'patient.list': (x) => [{}, { status: '全部' }, { villageId: x.b.villageId }],
  'patient.get': entryIds('patientId'),
  'patient.register': (x) => [{ residentId: x.b.headId, registeredOn: '2026-05-01', diagnosis: '01', risk: 0, treatment: '02', guardianName: '家属', guardianPhone: '13800000000' }],
  'patient.update': (x) => [{ id: x.b.patientId, diagnosis: '01', risk: 2, treatment: '02', guardianName: '家属', guardianPhone: '13800000000' }],
  'patient.changeStatus': (x) => [{ id: x.b.patientId, to: '死亡', date: '2026-10-01', reason: '病故' }],
  'patient.team': (x) => [{ id: x.b.patientId, members: [] }],
  'patient.awardAgreement': (x) => [{ id: x.b.patientId, date: '2026-06-01' }],
  'patient.awardReview': (x) => [{ id: x.b.patientId, date: '2026-07-01', content: '' }],
  'patient.incident': (x) => [{ id: x.b.patientId, date: '2026-07-01', content: '经过' }],
  'patient.export': () => [{ status: '全部', path: out('patients') }],
  'lowIncome.list': (x) => [{}, { status: '全部' }, { villageId: x.b.villageId }],
  'lowIncome.get': entryIds('lowIncomeId'),
  'lowIncome.register': (x) => [{ householdId: x.b.householdId, memberIds: [x.b.headId], confirmedOn: '2026-03-20', area: '农村', class: 'A', monthlyAmount: 100 }],
  'lowIncome.update': (x) => [{ id: x.b.lowIncomeId, memberIds: [x.b.headId], certificateNumber: '改', area: '农村', class: 'A', monthlyAmount: 100 }],
  'lowIncome.exit': (x) => [{ id: x.b.lowIncomeId, date: '2026-10-01', reason: '01', note: '' }],
  'lowIncome.export': () => [{ status: '全部', path: out('lowIncome') }],
  'record.add': (x) => [
    { kind: 'help', releasedPersonId: x.b.releasedId, date: '2026-10-01', method: '面谈', staffName: '某', content: '内容' },
    { kind: 'followUp', patientId: x.b.patientId, date: '2026-10-01', method: '家访', staffName: '某', risk: 0, medication: '1', followUpClass: '3', hospitalization: '0' },
    { kind: 'review', lowIncomeId: x.b.lowIncomeId, date: '2026-10-01', method: '家访', staffName: '某', content: '内容', result: '不变' },
    { kind: 'visit', householdId: x.b.householdId, date: '2026-10-01', method: '家访', staffName: '某', content: '内容' },
    { kind: 'visit', residentId: x.loneId, date: '2026-10-01', method: '家访', staffName: '某', content: '内容' },
  ],
  'record.list': (x) => [{}, { residentId: x.b.headId }, { householdId: x.b.householdId }, { ledger: 'released', entryId: x.b.releasedId }],
  'record.suggestNextFollowUp': () => [{ date: '2026-10-01', followUpClass: '3' }],
  'due.list': (x) => [{ date: '2026-11-23' }, { date: '2027-06-01' }, { date: '2027-06-01', villageId: x.b.villageId }, { date: '2027-06-01', staffId: x.b.staffId }],
  'due.export': () => [{ date: '2027-06-01', path: out('due') }],
  'person.timeline': (x) => [{ residentId: x.b.headId }, { residentId: x.b.memberId }, { residentId: x.a.headId }],
  'indicators.month': () => [{ month: '2026-07' }, { month: '2026-11' }],
  'checks.list': () => [{}],
  'rules.get': () => [{}],
  'rules.set': () => [{ changes: {} }],
  'rules.reset': () => [{}],
};

/** Every string of a workbook's cells. */
async function workbookText(path: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const parts: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => parts.push(String(cell.text ?? '')))));
  return parts.join('\n');
}

function dump(ctx: ServiceContext): string {
  const db = ctx.ledger.sqlite;
  const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all() as string[];
  return JSON.stringify(tables.map((name) => [name, db.prepare(`select * from main."${name}" order by rowid`).all()]));
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
    expect(Object.keys(INPUTS).sort()).toEqual([...channelNames].sort());
  });

  it.each(channelNames.map((c) => [c]))('%s shows and touches nothing of village B', async (channel) => {
    const def = contract[channel] as ChannelDef;
    const markers = [...town.b.markers, ...town.loneMarkers];
    for (const input of INPUTS[channel](town)) {
      const before = dump(t.ctx);
      const r = await dispatch(scoped, channel, input);
      const text = JSON.stringify(r);
      for (const m of markers) expect(text, `${channel} ${JSON.stringify(input)} → ${text.slice(0, 300)}`).not.toContain(m);
      const path = typeof input.path === 'string' ? input.path : null;
      if (r.ok && path && existsSync(path) && path.endsWith('.xlsx') && channel !== 'import.residents.template') {
        const written = await workbookText(path);
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
