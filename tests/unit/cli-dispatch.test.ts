// Every CLI command enters the core through dispatch: a spy on dispatch counts the channels each
// command called, as its caller. The list of commands comes from the CLI itself, so a new command
// without a case here fails the first test.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../shared/contract';
import { commands } from '../../electron/core/cli/commands';
import { localToday, type Caller } from '../../electron/core/context';
import { dispatchObservers } from '../../electron/core/dispatch';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/tempLedger';

let dir: string;
let cleanup: () => void;
let db: string;
const p = (name: string) => join(dir, name);

/** For each command, an invocation and the channels it must call (in order). */
const CASES: Record<string, { argv: () => string[]; channels: Channel[] }> = {
  init: { argv: () => ['--db', db, '--town-name', '城关镇', '--town-code', '320121100000'], channels: ['town.setup', 'system.info'] },
  demo: { argv: () => ['--db', p('demo2.db'), '--residents', '60', '--seed', '2'], channels: ['demo.prepare', 'demo.load'] },
  info: { argv: () => ['--db', p('demo.db')], channels: ['system.info'] },
  grids: { argv: () => ['--db', p('demo.db')], channels: ['grid.tree'] },
  search: { argv: () => ['张', '--db', p('demo.db')], channels: ['person.search'] },
  export: { argv: () => ['staff', '--db', p('demo.db'), '--out', p('staff.xlsx')], channels: ['staff.export'] },
  import: { argv: () => ['template', p('template.xlsx')], channels: ['import.residents.template'] },
  due: { argv: () => ['--db', p('demo.db'), '--date', '2026-11-23'], channels: ['due.list'] },
  indicators: { argv: () => ['--db', p('demo.db'), '--month', '2026-11'], channels: ['indicators.month'] },
  checks: { argv: () => ['--db', p('demo.db')], channels: ['checks.list'] },
  ledger: { argv: () => ['rules.get', '--db', p('demo.db')], channels: ['rules.get'] },
  correct: { argv: () => ['record', '1', '--db', p('demo.db'), '--reason', '内容录错', '--input', '{"content":"更正后的内容"}'], channels: ['record.correct'] },
  void: { argv: () => ['record', '1', '--db', p('demo.db'), '--reason', '录错'], channels: ['record.void'] },
  'report table': { argv: () => ['T1', '--db', p('demo.db'), '--month', '2026-11', '--out', p('t1.xlsx')], channels: ['report.table'] },
  'report members': { argv: () => ['--db', p('demo.db'), '--month', '2026-11', '--table', 'T1', '--figure', 'registered', '--out', p('members.xlsx')], channels: ['report.members', 'report.membersExport'] },
  'report monthly': { argv: () => ['--db', p('demo.db'), '--month', '2026-11', '--out', p('monthly.pdf')], channels: ['report.monthly'] },
  'report ledger': { argv: () => ['released', '--db', p('demo.db'), '--out', p('ledger.xlsx')], channels: ['report.ledger'] },
  'report card': { argv: () => ['--db', p('demo.db'), '--group', 'released', '--out', p('cards.pdf')], channels: ['report.card'] },
  'report posting': { argv: () => ['--db', p('demo.db'), '--month', '2026-11', '--out', p('posting.pdf')], channels: ['report.posting'] },
  'report form-inspect': { argv: () => [p('县表.xlsx')], channels: ['countyForm.inspect'] },
  'report form-save': { argv: () => [p('县表.xlsx'), '--name', '县表', '--db', p('demo.db')], channels: ['countyForm.inspect', 'countyForm.save'] },
  'report form': { argv: () => [p('县表.xlsx'), '--mapping', '县表', '--db', p('demo.db'), '--month', '2026-11', '--out', p('县表-填好.xlsx')], channels: ['countyForm.fill'] },
  // The package commands run in their list's order: package first, the others on the month it froze.
  'report package': { argv: () => ['--db', p('demo.db'), '--month', '2026-11', '--out', dir], channels: ['month.package'] },
  'report verify': { argv: () => [p('青石镇_2026年11月_综治月报')], channels: ['month.verify'] },
  'report months': { argv: () => ['--db', p('demo.db')], channels: ['month.list'] },
  'report sent': { argv: () => ['--db', p('demo.db'), '--month', '2026-11', '--on', localToday(), '--how', 'U盘'], channels: ['month.markSent'] },
  'report reopen': { argv: () => ['--db', p('demo.db'), '--month', '2026-11', '--reason', '县里退回'], channels: ['month.reopen'] },
  'audit verify': { argv: () => ['--db', p('demo.db')], channels: ['audit.verify'] },
  'audit list': { argv: () => ['--db', p('demo.db'), '--action', 'create', '--from', '2026-01-01'], channels: ['audit.list'] },
  // Backups run last (their domain is last): the restore puts back the copy the backup just made.
  backup: { argv: () => ['--db', p('demo.db'), '--out', p('手动备份.db')], channels: ['backup.create'] },
  'backup list': { argv: () => ['--db', p('demo.db')], channels: ['backup.status'] },
  restore: { argv: () => [p('手动备份.db'), '--db', p('demo.db')], channels: ['backup.restore'] },
  'db check': { argv: () => ['--db', p('demo.db')], channels: ['backup.check'] },
  'report letter': { argv: () => ['grid', '--db', p('demo.db'), '--all', '--out', p('letters.pdf')], channels: ['letter.write'] },
  // Accounts, in their list's order: protect first; the administrator changes the first password (it came from
  // a file), then unlocks with the new one.
  'db protect': { argv: () => ['--db', p('prot.db'), '--admin', 'admin', '--password-file', p('admin.pw'), '--recovery-out', p('recovery.txt')], channels: ['auth.protect'] },
  'user passwd': { argv: () => ['admin', '--new-password-file', p('admin2.pw'), '--db', p('prot.db'), '--user', 'admin', '--password-file', p('admin.pw')], channels: ['auth.login', 'auth.changePassword'] },
  'user add': { argv: () => ['lgs', '--role', 'staff', '--name', '李干事', '--new-password-file', p('new.pw'), ...asAdmin()], channels: ['user.add'] },
  'user list': { argv: () => asAdmin(), channels: ['user.list'] },
  'user disable': { argv: () => ['lgs', ...asAdmin()], channels: ['user.disable'] },
  // The map, in its list's order: the demo town's boundaries exported, then that file checked for import, then checked.
  'map export': { argv: () => ['--db', p('demo.db'), '--out', p('map.geojson')], channels: ['map.export'] },
  'map import': { argv: () => [p('map.geojson'), '--db', p('demo.db'), '--match', 'code', '--dry-run'], channels: ['map.import.preview'] },
  'map check': { argv: () => ['--db', p('demo.db')], channels: ['map.check'] },
  // Events on a town of their own (ev.db, one village): the event added is number 1, then stepped and listed.
  'event add': { argv: () => ['--db', p('ev.db'), '--village', '1', '--category', '邻里纠纷', '--title', '宅前排水沟堵塞引发邻里争执', '--on', '2026-11-02', '--party', '王某'], channels: ['event.create'] },
  'event step': { argv: () => ['1', '受理', '--db', p('ev.db'), '--on', '2026-11-03'], channels: ['event.step'] },
  'event list': { argv: () => ['--db', p('ev.db'), '--state', '已受理'], channels: ['event.list'] },
  // Grid workers' visits (issue 12): the import is a dry run of a file whose worker is unknown (a report, not a failure).
  'visit add': { argv: () => ['--db', p('demo.db'), '--household', '1', '--staff', '1', '--date', '2026-11-20', '--content', '家中正常', '--today', '2026-11-23'], channels: ['visit.add'] },
  'visit list': { argv: () => ['--db', p('demo.db'), '--month', '2026-11', '--worker', '1'], channels: ['visit.list'] },
  'visit import': { argv: () => [p('走访.xlsx'), '--db', p('demo.db'), '--dry-run', '--today', '2026-11-23'], channels: ['visit.import.preview'] },
  'visit due': { argv: () => ['--db', p('demo.db'), '--date', '2026-11-23'], channels: ['visit.due'] },
  'visit template': { argv: () => [p('走访模板.xlsx')], channels: ['visit.template'] },
  'visit assessment': { argv: () => ['--db', p('demo.db'), '--month', '2026-11'], channels: ['visit.assessment'] },
};
const asAdmin = () => ['--db', p('prot.db'), '--user', 'admin', '--password-file', p('admin2.pw')];

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  expect((await cli('demo', '--db', p('demo.db'), '--residents', '60')).code).toBe(0);
  // A released person, so report card has someone to print.
  const reg = await cli('ledger', 'released.register', '--db', p('demo.db'), '--input', JSON.stringify({ residentId: 1, releaseDate: '2026-10-01', prison: '苏州监狱', crime: '05', sentence: '3年', class: 'general' }));
  expect(reg.code, reg.stderr).toBe(0);
  // A county form that carries its mapping as placeholders (一表通).
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('表1');
  ws.getCell('A1').value = '{镇名}网格情况（{统计期}）';
  ['村', '人口'].forEach((v, i) => (ws.getCell(2, i + 1).value = v));
  ['{村.名称}', '{村.实有人口/合计}'].forEach((v, i) => (ws.getCell(3, i + 1).value = v));
  await wb.xlsx.writeFile(p('县表.xlsx'));
  // A week's visits written by hand.
  const visits = new ExcelJS.Workbook();
  const vs = visits.addWorksheet('走访登记表');
  vs.addRow(['走访日期', '网格员', '户号', '发现情况']);
  vs.addRow(['2026-11-17', '不存在的网格员', '0001', '正常']);
  await visits.xlsx.writeFile(p('走访.xlsx'));
  // A plain town of its own for the accounts commands, and the files that hold their passwords.
  expect((await cli('init', '--db', p('prot.db'), '--town-name', '城关镇', '--town-code', '320121100000')).code).toBe(0);
  writeFileSync(p('admin.pw'), 'Zhan-Zhang-2026\n');
  writeFileSync(p('new.pw'), 'Li-Gan-Shi-2026\n');
  writeFileSync(p('admin2.pw'), 'Zhan-Zhang-2027');
  expect((await cli('init', '--db', p('ev.db'), '--town-name', '城关镇', '--town-code', '320121100000')).code).toBe(0);
  expect((await cli('ledger', 'village.create', '--db', p('ev.db'), '--input', JSON.stringify({ code: '320121100201', name: '柳河村' }))).code).toBe(0);
});
afterAll(() => cleanup());

describe('the CLI goes through dispatch', () => {
  it('has a case for every command', () => {
    expect(commands.map((c) => c.name).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(commands.map((c) => [c.name]))('%s calls its channels through dispatch', async (name) => {
    db = p('town.db');
    const seen: { channel: Channel; caller: Caller }[] = [];
    const spy = (channel: Channel, caller: Caller) => seen.push({ channel, caller });
    dispatchObservers.add(spy);
    try {
      const c = CASES[name]!;
      const r = await cli(...name.split(' '), ...c.argv(), '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(seen.map((s) => s.channel)).toEqual(c.channels);
      expect(seen.every((s) => s.caller.villageScope === null)).toBe(true);
    } finally {
      dispatchObservers.delete(spy);
    }
  });

  it('a protected database opens only with --user and --password-file, or --recovery-file', async () => {
    const bare = await cli('user', 'list', '--db', p('prot.db'));
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/已加密保护，请用 --user 登录名 --password-file/);
    const wrong = await cli('user', 'list', '--db', p('prot.db'), '--user', 'admin', '--password-file', p('admin.pw'));
    expect(wrong.stderr).toMatch(/登录名或密码不正确/);
    expect((await cli('user', 'list', '--db', p('prot.db'), '--user', 'admin')).stderr).toMatch(/--password-file/);
    const byCode = await cli('info', '--db', p('prot.db'), '--recovery-file', p('recovery.txt'), '--json');
    expect(byCode.code, byCode.stderr).toBe(0);
    expect(byCode.json().town.name).toBe('城关镇');
    // Another's password reset by the administrator; that account must change it before anything else.
    const reset = await cli('user', 'passwd', 'lgs', '--new-password-file', p('new.pw'), ...asAdmin());
    expect(reset.stderr).toMatch(/已停用/);
    writeFileSync(p('zhao.pw'), 'Gan-Bu-Shi-2026');
    expect((await cli('user', 'add', 'zhao', '--role', 'readonly', '--new-password-file', p('zhao.pw'), ...asAdmin())).code).toBe(0);
    const first = await cli('info', '--db', p('prot.db'), '--user', 'zhao', '--password-file', p('zhao.pw'));
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/须先修改初始密码/);
    // A password never comes on the command line, not even through the generic ledger command.
    const generic = await cli('ledger', 'user.add', '--db', p('prot.db'), '--input', '{"loginName":"x1","displayName":"x","role":"staff","password":"Xx-123456"}');
    expect(generic.code).toBe(2);
    expect(generic.stderr).toMatch(/不能用 ledger 调用/);
    // Nothing secret in what the commands printed.
    expect(bare.stderr + wrong.stderr + byCode.stdout).not.toMatch(/Zhan-Zhang|Li-Gan-Shi/);
  });

  it('passes the --as-village caller to dispatch', async () => {
    const seen: Caller[] = [];
    const spy = (_c: Channel, caller: Caller) => seen.push(caller);
    dispatchObservers.add(spy);
    try {
      const codes = (await cli('grids', '--db', p('demo.db'), '--json')).json().villages.map((v: { code: string }) => v.code);
      seen.length = 0;
      const r = await cli('grids', '--db', p('demo.db'), '--as-village', codes[0], '--json');
      expect(r.code).toBe(0);
      expect(seen.map((c) => c.villageScope)).toEqual([[codes[0]]]);
      expect(r.json().villages.map((v: { code: string }) => v.code)).toEqual([codes[0]]);
    } finally {
      dispatchObservers.delete(spy);
    }
  });
});
