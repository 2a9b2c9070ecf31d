// The audit log (issue 10 item 3): written by dispatch from the channel declarations, in the write's
// own transaction; key-group views recorded on the main connection for scoped callers too; exports
// and long jobs recorded once; the chain and its head anchor catch an altered, removed (middle or
// last) and swapped entry, through audit.verify and the CLI.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import ExcelJS from 'exceljs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, contract, type Channel } from '../../shared/contract';
import type { ChannelDef } from '../../shared/contract/define';
import { CHANNEL_LABELS } from '../../shared/contract/labels';
import { AUDIT_SKIPPED, auditPlan } from '../../electron/core/audit/record';
import type { Caller, ServiceContext } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { createJobRunner } from '../../electron/core/jobs/runner';
import { cli } from '../helpers/cli';
import { fails, ok } from '../helpers/results';
import { makeScopeTown, type ScopeTown } from '../helpers/scopeTown';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { seedGrids, writeBigResidentFile } from '../helpers/xlsxFixtures';

interface Row {
  seq: number;
  action: string;
  channel: string | null;
  user_id: string;
  resident_id: number | null;
  summary: string;
  detail: string;
}
const entries = (t: TempLedger): Row[] => t.ctx.ledger.sqlite.prepare('select * from audit_log order by seq').all() as Row[];
const last = (t: TempLedger): Row => entries(t).at(-1)!;
const countOf = (t: TempLedger) => (t.ctx.ledger.sqlite.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
const changes = (r: Row) => (JSON.parse(r.detail) as { changes: { kind: string; field: string; before: unknown; after: unknown }[] }).changes;

describe('every channel is classified', () => {
  it('each channel is audited as some kind or skipped with its reason; every write and key-group read leaves an entry', () => {
    for (const name of channelNames) {
      const def = contract[name] as ChannelDef;
      const plan = auditPlan(name, def);
      expect(plan.kind, name).not.toBe('unclassified');
      // Accounts write their own entries (logins, user changes, the recovery code, the idle time).
      if (def.access === 'write' && !/^(auth|user)\./.test(name)) expect(plan.kind, name).toBe('write');
      if (def.keyGroup) expect(['view', 'file', 'write'], name).toContain(plan.kind);
      if (plan.kind === 'skip') expect(plan.reason.length, name).toBeGreaterThan(4);
      expect(CHANNEL_LABELS[name], name).toMatch(/\p{Script=Han}/u);
    }
    // The skip list names reads only, and no key-group read.
    for (const name of Object.keys(AUDIT_SKIPPED) as Channel[]) {
      const def = contract[name] as ChannelDef;
      expect(def.access, name).toBe('read');
      expect(def.keyGroup, name).toBe(false);
    }
  });

  it('accounts channels (part A) are skipped by name, and an unknown read is not silently skipped', () => {
    const read = contract['village.list'] as ChannelDef;
    expect(auditPlan('auth.login', read).kind).toBe('skip');
    expect(auditPlan('user.add', { ...read, access: 'write' } as ChannelDef).kind).toBe('skip');
    expect(auditPlan('something.new', read).kind).toBe('unclassified');
    expect(auditPlan('session.state', { ...read, beforeLogin: true } as ChannelDef).kind).toBe('skip');
    expect(auditPlan('something.newExport', read)).toEqual({ kind: 'file', action: 'export' });
    // Backups (part B): a backup is a write of its own kind; a restore replaces the file and records itself.
    expect(auditPlan('backup.create', contract['backup.create'] as ChannelDef)).toEqual({ kind: 'file', action: 'backup' });
    expect(auditPlan('backup.settings.set', contract['backup.settings.set'] as ChannelDef)).toEqual({ kind: 'write', action: 'settings' });
    expect(auditPlan('backup.restore', contract['backup.restore'] as ChannelDef).kind).toBe('skip');
  });

  it('settings, closes, creates, imports and prints are told apart', () => {
    const plan = (c: Channel) => auditPlan(c, contract[c] as ChannelDef);
    expect(plan('rules.set')).toEqual({ kind: 'write', action: 'settings' });
    expect(plan('person.leave')).toEqual({ kind: 'write', action: 'close' });
    expect(plan('record.void')).toEqual({ kind: 'write', action: 'close' });
    expect(plan('record.add')).toEqual({ kind: 'write', action: 'create' });
    expect(plan('released.handover')).toEqual({ kind: 'write', action: 'update' });
    expect(plan('import.residents.run')).toEqual({ kind: 'write', action: 'import' });
    expect(plan('month.package')).toEqual({ kind: 'write', action: 'package' });
    expect(plan('report.card')).toEqual({ kind: 'file', action: 'print' });
    expect(plan('due.export')).toEqual({ kind: 'file', action: 'export' });
    expect(plan('search.everywhere')).toEqual({ kind: 'view' });
  });
});

describe('on a town with two villages', () => {
  let t: TempLedger;
  let x: ScopeTown;
  beforeAll(async () => {
    t = openTempLedger();
    x = await makeScopeTown(t.ctx);
  });
  afterAll(() => t.close());

  it('a successful write leaves one entry with the fields changed, before and after, in its transaction', async () => {
    const n = countOf(t);
    await ok(call(t.ctx, 'released.update', { id: x.a.releasedId, prison: '南京监狱', crime: '05', sentence: '4年', releaseDate: '2026-06-01' }));
    expect(countOf(t)).toBe(n + 1);
    const e = last(t);
    expect(e).toMatchObject({ action: 'update', channel: 'released.update', user_id: 'local', resident_id: x.a.headId });
    expect(e.summary).toBe('修改安置帮教对象：柳户主');
    expect(changes(e)).toEqual([
      { kind: 'released', id: x.a.releasedId, field: 'prison', before: '苏州监狱', after: '南京监狱' },
      { kind: 'released', id: x.a.releasedId, field: 'sentence', before: '3年', after: '4年' },
    ]);
  });

  it('a create takes its new record from the output; a close is a close', async () => {
    const added = await ok(call(t.ctx, 'record.add', { kind: 'help', releasedPersonId: x.a.releasedId, date: '2026-10-01', method: '面谈', staffName: '柳员工', content: '谈心' }));
    const created = last(t);
    expect(created).toMatchObject({ action: 'create', channel: 'record.add', resident_id: x.a.headId });
    expect(changes(created)).toContainEqual({ kind: 'record', id: added.id, field: 'content', before: null, after: '谈心' });
    await ok(call(t.ctx, 'record.void', { id: added.id, reason: '录重了' }));
    const closed = last(t);
    expect(closed).toMatchObject({ action: 'close', channel: 'record.void' });
    expect(changes(closed)).toContainEqual({ kind: 'record', id: added.id, field: 'void_reason', before: null, after: '录重了' });
  });

  it('a settings change records the setting before and after', async () => {
    await ok(call(t.ctx, 'rules.set', { changes: { gridMaxHouseholds: 600 } }));
    const e = last(t);
    expect(e).toMatchObject({ action: 'settings', channel: 'rules.set' });
    const c = changes(e);
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ kind: 'setting', id: 'rules', field: 'value', before: null });
    expect(String(c[0]!.after)).toContain('600');
  });

  it("a month's text is recorded with its month, before and after", async () => {
    await ok(call(t.ctx, 'monthNote.save', { month: '2026-11', text: '本月走访全部帮教对象。' }));
    await ok(call(t.ctx, 'monthNote.save', { month: '2026-11', text: '本月走访全部帮教对象和患者。' }));
    const e = last(t);
    expect(e).toMatchObject({ action: 'update', channel: 'monthNote.save', summary: '保存月度工作报告文字：2026-11（改动 1 项）' });
    expect(changes(e)).toEqual([{ kind: 'month_note', id: '2026-11', field: 'text', before: '本月走访全部帮教对象。', after: '本月走访全部帮教对象和患者。' }]);
  });

  it('keeps no photo and no long text: a photo upload and view are recorded without the picture, long content is cut', async () => {
    const png = join(t.dir, 'photo.png');
    writeFileSync(png, PNG.sync.write(Object.assign(new PNG({ width: 60, height: 80 }), { data: Buffer.alloc(60 * 80 * 4, 120) })));
    await ok(call(t.ctx, 'person.photo.set', { residentId: x.a.headId, path: png }));
    const set = last(t);
    expect(set).toMatchObject({ action: 'update', channel: 'person.photo.set', resident_id: x.a.headId, summary: '上传居民照片：柳户主' });
    const got = await ok(call(t.ctx, 'person.photo.get', { residentId: x.a.headId }));
    expect(got!.base64.length).toBeGreaterThan(200);
    const view = last(t);
    expect(view).toMatchObject({ action: 'view', channel: 'person.photo.get', resident_id: x.a.headId });
    for (const e of [set, view]) {
      expect(e.detail).not.toContain(got!.base64.slice(0, 40));
      expect(e.detail.length).toBeLessThan(1000);
    }
    const long = '走访'.repeat(1000);
    await ok(call(t.ctx, 'record.add', { kind: 'visit', householdId: x.a.householdId, date: '2026-10-02', method: '家访', staffName: '柳员工', content: long }));
    const content = changes(last(t)).find((c) => c.field === 'content')!;
    expect(String(content.after)).toMatch(/^(走访){100}…（共 2000 字）$/);
    // A 低保 entry concerns its household's head, so the person filter finds it.
    expect(last(t).resident_id).toBe(x.a.headId);
    await ok(call(t.ctx, 'lowIncome.get', { id: x.a.lowIncomeId }));
    expect(last(t)).toMatchObject({ action: 'view', channel: 'lowIncome.get', resident_id: x.a.headId, summary: '查看低保户：柳户主' });
  });

  it('a write refused by its service (a duplicate ID number) leaves no entry', async () => {
    const n = countOf(t);
    const head = t.ctx.ledger.sqlite.prepare('select id_number from resident where id = ?').get(x.a.headId) as { id_number: string };
    const r = await fails(call(t.ctx, 'person.create', { idNumber: head.id_number, name: '重复', gridId: x.a.gridId }));
    expect(r.code).toBe('CONFLICT');
    expect(countOf(t)).toBe(n);
  });

  it('a write that fails after its change (fault injected in a later statement) leaves neither the change nor an entry', async () => {
    const sqlite = t.ctx.ledger.sqlite;
    const rec = x.a.helpRecordId;
    const before = sqlite.prepare('select * from record where id = ?').get(rec);
    const n = countOf(t);
    sqlite.exec(`create trigger fault_revision before insert on revision begin select raise(abort, 'injected fault'); end`);
    try {
      const r = await fails(call(t.ctx, 'record.correct', { id: rec, reason: '内容录错', date: '2026-07-01', method: '面谈', staffName: '柳员工', content: '改过的内容' }));
      expect(r.code).toBe('INTERNAL');
    } finally {
      sqlite.exec('drop trigger fault_revision');
    }
    expect(sqlite.prepare('select * from record where id = ?').get(rec)).toEqual(before);
    expect(countOf(t)).toBe(n);
  });

  it('a change never lands without its entry: an append that fails rolls the write back', async () => {
    const sqlite = t.ctx.ledger.sqlite;
    const before = sqlite.prepare('select * from resident where id = ?').get(x.a.memberId);
    const n = countOf(t);
    sqlite.exec(`create trigger fault_audit before insert on audit_log begin select raise(abort, 'injected fault'); end`);
    try {
      await fails(call(t.ctx, 'person.update', { id: x.a.memberId, idNumber: (before as { id_number: string }).id_number, name: '改名成员', gridId: x.a.gridId, householdId: x.a.householdId, relation: '10' }));
      // A view whose entry cannot be written is refused too: nobody sees what was not recorded.
      expect((await call(t.ctx, 'released.get', { id: x.a.releasedId })).ok).toBe(false);
    } finally {
      sqlite.exec('drop trigger fault_audit');
    }
    expect(sqlite.prepare('select * from resident where id = ?').get(x.a.memberId)).toEqual(before);
    expect(countOf(t)).toBe(n);
  });

  it("a village user's view of a key-group person is recorded on the main connection, and their read still cannot see the other village", async () => {
    const caller: Caller = { userId: 'u7', displayName: '柳河村用户', role: 'village', villageScope: [x.a.code] };
    const ctx: ServiceContext = { ...t.ctx, caller };
    const n = countOf(t);
    const seen = await ok(call(ctx, 'released.get', { id: x.a.releasedId }));
    expect(seen.name).toBe('柳户主');
    expect(last(t)).toMatchObject({ action: 'view', channel: 'released.get', user_id: 'u7', resident_id: x.a.headId, summary: '查看安置帮教对象：柳户主' });
    expect(JSON.parse(last(t).detail)).toEqual({ villageScope: [x.a.code] });

    const list = await ok(call(ctx, 'released.list', {}));
    expect(list.map((r) => r.name)).toEqual(['柳户主']);
    expect(last(t)).toMatchObject({ action: 'view', channel: 'released.list', resident_id: null });
    expect(JSON.parse(last(t).detail)).toMatchObject({ count: 1 });

    // Village B's person stays out of reach, and a refused read leaves no entry.
    expect((await fails(call(ctx, 'released.get', { id: x.b.releasedId }))).code).toBe('NOT_FOUND');
    expect(countOf(t)).toBe(n + 2);
    // The audit log itself is the administrator's.
    expect((await fails(call(ctx, 'audit.list', {}))).code).toBe('FORBIDDEN');
  });

  it('FORBIDDEN names the operation', async () => {
    const staff: Caller = { userId: 'u8', displayName: '工作人员甲', role: 'staff', villageScope: null };
    const r = await fails(call({ ...t.ctx, caller: staff }, 'audit.verify', {}));
    expect(r.code).toBe('FORBIDDEN');
    expect(r.message).toContain('校验审计日志');
    const ro: Caller = { userId: 'u9', displayName: '只读', role: 'readonly', villageScope: null };
    expect((await fails(call({ ...t.ctx, caller: ro }, 'record.add', { kind: 'visit', householdId: x.a.householdId, date: '2026-08-01', method: '家访', staffName: 'x', content: 'y' }))).message).toContain('登记工作记录');
  });

  it('an export in the worker is recorded exactly once, with its file name', async () => {
    const n = countOf(t);
    const path = join(t.dir, '帮教台账.xlsx');
    await ok(call({ ...t.ctx, jobs: createJobRunner() }, 'released.export', { path }));
    expect(countOf(t)).toBe(n + 1);
    expect(last(t)).toMatchObject({ action: 'export', channel: 'released.export', summary: '导出安置帮教台账：帮教台账.xlsx' });
    expect(JSON.parse(last(t).detail)).toMatchObject({ file: '帮教台账.xlsx', count: 2 });
  });

  it('audit.list filters by user, person, kind and dates, and pages', async () => {
    const byUser = await ok(call(t.ctx, 'audit.list', { filter: { userId: 'u7' } }));
    expect(byUser.total).toBe(2);
    expect(byUser.items.map((e) => e.channel)).toEqual(['released.list', 'released.get']);
    expect(byUser.users).toContainEqual({ userId: 'u7', userName: '柳河村用户' });
    const byPerson = await ok(call(t.ctx, 'audit.list', { filter: { residentId: x.a.headId, action: 'view' } }));
    expect(byPerson.items.every((e) => e.residentId === x.a.headId && e.action === 'view')).toBe(true);
    expect(byPerson.items[0]).toMatchObject({ residentName: '柳户主', actionLabel: '查看', channelLabel: '查看安置帮教对象' });
    const all = await ok(call(t.ctx, 'audit.list', {}));
    const page = await ok(call(t.ctx, 'audit.list', { offset: 2, limit: 3 }));
    expect(page.items.map((e) => e.seq)).toEqual(all.items.slice(2, 5).map((e) => e.seq));
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    expect((await ok(call(t.ctx, 'audit.list', { filter: { from: day, to: day } }))).total).toBe(all.total);
    expect((await ok(call(t.ctx, 'audit.list', { filter: { to: '2000-01-01' } }))).total).toBe(0);
  });

  it('bad filters are refused in Chinese', async () => {
    const swapped = await fails(call(t.ctx, 'audit.list', { filter: { from: '2026-11-02', to: '2026-11-01' } }));
    expect(swapped).toMatchObject({ code: 'VALIDATION' });
    expect(swapped.message).toContain('起始日期不能晚于截止日期');
    expect((await fails(call(t.ctx, 'audit.list', { filter: { action: 'delete' } }))).message).toContain('操作类型应为');
    expect((await fails(call(t.ctx, 'audit.list', { filter: { from: '1800-01-01' } }))).message).toContain('1900');
    expect((await fails(call(t.ctx, 'audit.list', { filter: { from: '2026-13-01' } }))).message).toContain('起始日期');
    expect((await fails(call(t.ctx, 'audit.list', { limit: 5000 }))).code).toBe('VALIDATION');
    expect((await fails(call(t.ctx, 'audit.list', { filter: { residentId: -1 } }))).code).toBe('VALIDATION');
    expect((await fails(call(t.ctx, 'audit.list', { filter: { who: 'u7' } }))).code).toBe('VALIDATION');
    expect((await fails(call(t.ctx, 'audit.export', { path: 'relative.xlsx' }))).message).toContain('完整路径');
    const cliBad = await cli('audit', 'list', '--db', t.path, '--action', 'delete');
    expect(cliBad.code).toBe(1);
    expect(cliBad.stderr).toContain('操作类型应为');
  });

  it('audit.export writes the filtered log as xlsx, oldest first', async () => {
    const path = join(t.dir, '审计日志.xlsx');
    const progress: number[] = [];
    const r = await ok(call({ ...t.ctx, progress: (done) => progress.push(done) }, 'audit.export', { path, filter: { userId: 'u7' } }));
    expect(r.rows).toBe(2);
    expect(progress.at(-1)).toBe(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('审计日志')!;
    expect(String(ws.getCell('A2').value)).toContain('校验：通过');
    expect(ws.getRow(3).values).toContain('涉及人员');
    expect(ws.getCell('G4').value).toBe('查看安置帮教对象：柳户主');
    expect(ws.getCell('G5').value).toBe('查看安置帮教对象列表（1 条）');
    // Exporting the log is itself recorded.
    expect(last(t)).toMatchObject({ action: 'export', channel: 'audit.export' });
  });

  it('the CLI lists entries with filters', async () => {
    const r = await cli('audit', 'list', '--db', t.path, '--by', 'u7', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().total).toBe(2);
    expect((await cli('audit', 'list', '--db', t.path, '--by', '柳河村用户', '--json')).json().total).toBe(2);
    const human = await cli('audit', 'list', '--db', t.path, '--person', String(x.a.headId), '--action', 'view');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('查看安置帮教对象：柳户主');
  });
});

describe('tampering is caught by audit.verify and the CLI', () => {
  let t: TempLedger;
  beforeAll(async () => {
    t = openTempLedger();
    await makeScopeTown(t.ctx);
  });
  afterAll(() => t.close());

  /** Edits the file as an attacker would: another connection, the append-only triggers dropped. */
  function tamper(sql: (db: Database.Database) => void) {
    const db = new Database(t.path);
    try {
      db.exec('drop trigger if exists audit_log_no_update; drop trigger if exists audit_log_no_delete');
      sql(db);
    } finally {
      db.close();
    }
  }
  /** Each case on a fresh copy of the log: a snapshot taken once, restored before each. */
  let original: unknown[] = [];
  let originalHead: unknown;
  function restore() {
    tamper((db) => {
      db.exec('delete from audit_log');
      const cols = Object.keys(original[0] as object);
      const ins = db.prepare(`insert into audit_log (${cols.join(',')}) values (${cols.map((c) => '@' + c).join(',')})`);
      for (const r of original) ins.run(r as Record<string, unknown>);
      db.prepare("insert or replace into setting (key, value, updated_at) values ('audit.head', ?, '2026-11-23')").run(originalHead);
    });
  }
  const verify = async () => (await ok(call(t.ctx, 'audit.verify', {})));
  const cliVerify = () => cli('audit', 'verify', '--db', t.path);

  it('an intact log passes', async () => {
    original = t.ctx.ledger.sqlite.prepare('select * from audit_log order by seq').all();
    originalHead = (t.ctx.ledger.sqlite.prepare("select value from setting where key = 'audit.head'").get() as { value: string }).value;
    expect(original.length).toBeGreaterThan(20);
    const r = await verify();
    expect(r).toMatchObject({ ok: true, entries: original.length, problem: null, head: { seq: original.length } });
    const c = await cliVerify();
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain(`共 ${original.length} 条`);
    // The append-only triggers refuse an edit through the app's own connection.
    expect(() => t.ctx.ledger.sqlite.prepare('delete from audit_log where seq = 1').run()).toThrow(/只能追加/);
  });

  it('an altered entry', async () => {
    tamper((db) => db.prepare("update audit_log set summary = '查看低保户列表（0 条）' where seq = 7").run());
    const r = await verify();
    expect(r).toMatchObject({ ok: false, problem: { seq: 7, kind: 'altered' } });
    expect(r.problem!.message).toBe('第 7 条：内容被改动');
    const c = await cliVerify();
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('第 7 条');
    expect(c.stderr).toContain('altered');
    restore();
    expect((await verify()).ok).toBe(true);
  });

  it('a removed entry in the middle', async () => {
    tamper((db) => db.prepare('delete from audit_log where seq = 10').run());
    expect((await verify()).problem).toMatchObject({ seq: 11, kind: 'broken' });
    const c = await cli('audit', 'verify', '--db', t.path, '--json');
    expect(c.code).toBe(1);
    expect(c.json()).toMatchObject({ ok: false, problem: { seq: 11, kind: 'broken' } });
    restore();
  });

  it('a removed last entry (the chain alone cannot see it; the head anchor does)', async () => {
    const n = original.length;
    tamper((db) => db.prepare('delete from audit_log where seq = ?').run(n));
    expect((await verify()).problem).toMatchObject({ seq: n, kind: 'truncated' });
    const c = await cliVerify();
    expect(c.code).toBe(1);
    expect(c.stderr).toContain(`第 ${n} 条：末尾的条目被删除`);
    restore();
  });

  it('two entries swapped', async () => {
    tamper((db) => {
      const rows = db.prepare('select * from audit_log where seq in (4, 5) order by seq').all() as Record<string, unknown>[];
      const set = db.prepare('update audit_log set at=@at, user_id=@user_id, user_name=@user_name, action=@action, channel=@channel, subject_kind=@subject_kind, subject_id=@subject_id, resident_id=@resident_id, summary=@summary, detail=@detail, prev_hash=@prev_hash, hash=@hash where seq=@target');
      set.run({ ...rows[1], target: 4 });
      set.run({ ...rows[0], target: 5 });
    });
    expect((await verify()).problem).toMatchObject({ seq: 4, kind: 'broken' });
    expect((await cliVerify()).code).toBe(1);
    restore();
  });

  it('a log rewritten to a valid shorter chain, or with its anchor removed', async () => {
    tamper((db) => db.prepare("delete from setting where key = 'audit.head'").run());
    expect((await verify()).problem).toMatchObject({ kind: 'head_mismatch' });
    restore();
    expect((await verify()).ok).toBe(true);
  });
});

describe('big work is one entry', () => {
  it('the demo town is one entry (and its preparation another), whatever it creates', async () => {
    const t = openTempLedger();
    try {
      await ok(call(t.ctx, 'demo.prepare', {}));
      const made = await ok(call(t.ctx, 'demo.load', { residents: 60, seed: 3 }));
      expect(made.residents).toBeGreaterThanOrEqual(60);
      expect(entries(t).map((e) => [e.action, e.channel])).toEqual([
        ['settings', 'demo.prepare'],
        ['import', 'demo.load'],
      ]);
      expect(JSON.parse(last(t).detail).counts).toMatchObject({ residents: made.residents, records: made.records });
    } finally {
      t.close();
    }
  });

  it('an import of 1,000 residents writes one entry with its counts and file name', async () => {
    const t = openTempLedger();
    try {
      seedGrids(t.ctx.ledger.sqlite);
      const file = join(t.dir, '人口1000.xlsx');
      await writeBigResidentFile(file, 1000, { gridCodes: ['320121100201001', '320121100202001'] });
      const before = countOf(t);
      const report = await ok(call(t.ctx, 'import.residents.run', { path: file }));
      expect(report.added).toBe(1000);
      expect(countOf(t)).toBe(before + 1);
      const e = last(t);
      expect(e).toMatchObject({ action: 'import', channel: 'import.residents.run', summary: '导入实有人口：人口1000.xlsx' });
      expect(JSON.parse(e.detail)).toMatchObject({ file: '人口1000.xlsx', counts: { totalRows: 1000, added: 1000 } });
      expect((await ok(call(t.ctx, 'audit.verify', {}))).ok).toBe(true);
    } finally {
      t.close();
    }
  });
});
