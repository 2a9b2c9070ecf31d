// Accounts, the login and the session over a real workspace: the town set up plain, protected by
// creating its administrator, then users added, logged in, refused, locked and recovered — every call
// through dispatch with the session's caller, as the app makes it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelInput } from '../../shared/contract';
import { passwordProblem } from '../../shared/rules/password';
import { waitAfter } from '../../electron/core/accounts/login';
import { accountsTuning } from '../../electron/core/accounts/service';
import { createSession } from '../../electron/core/accounts/session';
import { LOCAL_USER, type ServiceContext, type SessionControl, type WorkspaceControl } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { keyringPathOf, readKeyring } from '../../electron/core/security/keyring';
import { createWorkspace } from '../../electron/core/workspace/service';
import { makeScopeTown, type ScopeTown } from '../helpers/scopeTown';
import { fails, ok } from '../helpers/results';
import { tempDir } from '../helpers/tempLedger';

const LOW_COST = { N: 2 ** 14, r: 8, p: 1 };
const ADMIN_PW = 'Zhan-Zhang-2026';
const CUN_FIRST = 'Cun-First-2026';
const CUN_PW = 'Cun-Own-Pass-9';
const STAFF_PW = 'Li-Gan-Shi-2026';
const SECRETS = [ADMIN_PW, CUN_FIRST, CUN_PW, STAFF_PW];

let dir: string;
let cleanup: () => void;
let townPath: string;
let ws: WorkspaceControl;
let session: SessionControl;
let now = Date.parse('2026-11-23T02:00:00Z');
let town: ScopeTown;
let recoveryCode: string;

function open() {
  ws = createWorkspace({ townPath });
  session = createSession(ws, { clock: () => now, kdfCost: LOW_COST });
}

/** A call as the app makes it: the idle clock first, then the session's caller. */
function as<C extends Channel>(channel: C, input: ChannelInput<C>) {
  session.touch();
  const ctx: ServiceContext = { ledger: ws.ledger, caller: session.caller(), today: () => '2026-11-23', workspace: ws, session };
  return call(ctx, channel, input);
}

const ringText = () => readFileSync(keyringPathOf(townPath), 'utf8');

beforeAll(async () => {
  accountsTuning.kdfCost = LOW_COST;
  ({ dir, cleanup } = tempDir('accounts-'));
  townPath = join(dir, 'ledger.db');
  open();
  expect((await ok(as('auth.status', {}))).state).toBe('needsSetup');
  town = await makeScopeTown({ ledger: ws.ledger, caller: LOCAL_USER, today: () => '2026-11-23' });
});
afterAll(() => {
  accountsTuning.kdfCost = undefined;
  ws.close();
  cleanup();
});

describe('the password rule', () => {
  it('wants 8 characters of 3 kinds, not the login name', () => {
    expect(passwordProblem('Ab1!', 'x')).toMatch(/至少 8 位/);
    expect(passwordProblem('abcdefgh', 'x')).toMatch(/至少 3 种.*缺少大写字母、数字、符号/);
    expect(passwordProblem('abcdefg1', 'x')).toMatch(/至少 3 种/);
    expect(passwordProblem('Abcdefg1', 'x')).toBeNull();
    expect(passwordProblem('abcdefg1。', 'x')).toBeNull();
    expect(passwordProblem('Zhangsan1', 'zhangsan1')).toMatch(/不能与登录名相同/);
    expect(passwordProblem('Zhangsan-2026', 'zhangsan')).toMatch(/不能包含登录名/);
  });

  it('waits 30 s after the fifth wrong try, doubling to at most 15 min', () => {
    expect([4, 5, 6, 7, 8, 20].map(waitAfter)).toEqual([0, 30, 60, 120, 240, 900]);
  });
});

describe('first start: the administrator protects the town', () => {
  it('a plain town with its name needs its administrator; a weak password is refused and nothing changes', async () => {
    expect((await ok(as('auth.status', {}))).state).toBe('needsAdmin');
    // A plain town: LOCAL_USER as before, no login needed.
    expect((await ok(as('person.search', { query: '柳户主' }))).total).toBe(1);
    const weak = await fails(as('auth.protect', { loginName: 'admin', displayName: '王站长', password: 'admin123' }));
    expect(weak.code).toBe('VALIDATION');
    expect(weak.message).not.toContain('admin123');
    expect(readdirSync(dir).some((f) => f.endsWith('.keyring'))).toBe(false);
    expect(await fails(as('user.list', {}))).toMatchObject({ code: 'CONFLICT' });
  });

  it('creating the administrator encrypts the file and logs them in; the recovery code is answered once', async () => {
    const r = await ok(as('auth.protect', { loginName: 'Admin', displayName: '王站长', password: ADMIN_PW }));
    recoveryCode = r.recoveryCode;
    expect(recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$/);
    expect(r.status).toMatchObject({ state: 'open', user: { loginName: 'admin', role: 'admin' }, mustChangePassword: false });
    expect(ws.ledger.key).not.toBeNull();
    expect(readFileSync(townPath).includes(Buffer.from('柳户主'))).toBe(false);
    expect((await ok(as('person.search', { query: '柳户主' }))).total).toBe(1);
    expect(await fails(as('auth.protect', { loginName: 'admin2', displayName: '又一个', password: ADMIN_PW }))).toMatchObject({ code: 'CONFLICT' });
  });

  it('the 数据恢复码 sheet is one page with the town and the code in groups; a malformed code is refused', async () => {
    const out = join(dir, 'print', '数据恢复码.pdf');
    mkdirSync(join(dir, 'print'));
    await ok(as('auth.recoveryPdf', { recoveryCode, path: out }));
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('数据恢复码');
    expect(text).toContain('城关镇');
    const groups = recoveryCode.split('-');
    // pdftotext spaces out letters set with character spacing; the groups are there in order.
    expect(text.replace(/\s+/g, '')).toContain(groups.join(''));
    expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(/Pages:\s+1\b/);
    rmSync(join(dir, 'print'), { recursive: true });
    expect((await fails(as('auth.recoveryPdf', { recoveryCode: '12345', path: out }))).message).toMatch(/恢复码格式不正确/);
  });
});

describe('the administrator manages users', () => {
  it('refuses weak passwords, duplicate names, unknown villages and a 村级用户 without a village', async () => {
    const base = { displayName: '柳村干部', role: 'village' as const, villages: [town.a.code], password: CUN_FIRST };
    expect((await fails(as('user.add', { ...base, loginName: 'cuna', password: 'cuna1234' }))).code).toBe('VALIDATION');
    expect((await fails(as('user.add', { ...base, loginName: 'cuna', villages: [] }))).message).toMatch(/至少要负责一个村/);
    expect((await fails(as('user.add', { ...base, loginName: 'cuna', villages: ['999999999999'] }))).message).toMatch(/没有代码为「999999999999」/);
    expect((await fails(as('user.add', { ...base, loginName: 'ADMIN' }))).message).toMatch(/已被使用/);
    expect((await fails(as('user.add', { ...base, loginName: 'x' }))).code).toBe('VALIDATION');
  });

  it('adds a 村级用户 and a 工作人员, each with a key copy of their own', async () => {
    const before = ringText();
    const cun = await ok(as('user.add', { loginName: 'cuna', displayName: '柳村干部', role: 'village', villages: [town.a.code], password: CUN_FIRST }));
    expect(cun).toMatchObject({ role: 'village', villages: [town.a.code], mustChangePassword: true, disabled: false });
    await ok(as('user.add', { loginName: 'staff', displayName: '李干事', role: 'staff', villages: [], password: STAFF_PW }));
    const ring = readKeyring(keyringPathOf(townPath))!;
    expect(Object.keys(ring.accounts).sort()).toEqual(['admin', 'cuna', 'staff']);
    expect(JSON.parse(before).accounts.admin).toEqual(ring.accounts.admin);
    expect((await ok(as('user.list', {}))).map((u) => u.loginName)).toEqual(['admin', 'cuna', 'staff']);
  });

  it('keeps the last enabled administrator: it cannot be demoted or disabled', async () => {
    expect((await fails(as('user.update', { loginName: 'admin', role: 'staff' }))).message).toMatch(/最后一个启用中的管理员/);
    expect((await fails(as('user.disable', { loginName: 'admin' }))).code).toBe('CONFLICT');
    expect((await fails(as('user.disable', { loginName: 'nobody' }))).code).toBe('NOT_FOUND');
  });
});

describe('logging in', () => {
  it('a first password must be changed before anything else; then a 村级用户 sees only their village', async () => {
    await ok(as('auth.logout', {}));
    expect((await ok(as('auth.status', {}))).state).toBe('locked');
    expect(await fails(as('person.search', { query: '' }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    const s = await ok(as('auth.login', { loginName: 'cuna', password: CUN_FIRST }));
    expect(s).toMatchObject({ state: 'open', mustChangePassword: true, user: { role: 'village' } });
    expect(await fails(as('person.search', { query: '' }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await fails(as('auth.changePassword', { oldPassword: 'Wrong-Pass-1', newPassword: CUN_PW }))).code).toBe('WRONG_KEY');
    expect((await fails(as('auth.changePassword', { oldPassword: CUN_FIRST, newPassword: 'short' }))).code).toBe('VALIDATION');

    // Only this account's copy is wrapped again: every other slot is byte-identical.
    const before = readKeyring(keyringPathOf(townPath))!;
    expect((await ok(as('auth.changePassword', { oldPassword: CUN_FIRST, newPassword: CUN_PW }))).mustChangePassword).toBe(false);
    const after = readKeyring(keyringPathOf(townPath))!;
    expect(JSON.stringify(after.accounts.admin)).toBe(JSON.stringify(before.accounts.admin));
    expect(JSON.stringify(after.accounts.staff)).toBe(JSON.stringify(before.accounts.staff));
    expect(JSON.stringify(after.recovery)).toBe(JSON.stringify(before.recovery));
    expect(after.accounts.cuna!.wrapped.data).not.toBe(before.accounts.cuna!.wrapped.data);

    const mine = await ok(as('person.search', { query: '柳户主' }));
    expect(mine.total).toBe(1);
    expect((await ok(as('person.search', { query: '东户主' }))).total).toBe(0);
    const all = await ok(as('person.search', { query: '' }));
    expect(all.rows.every((r) => !town.b.markers.includes(r.name))).toBe(true);
    expect(await fails(as('user.list', {}))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('after five wrong passwords each try waits longer, refused without deriving, and the wait survives a restart', async () => {
    await ok(as('auth.logout', {}));
    for (let i = 0; i < 5; i++) {
      const e = await fails(as('auth.login', { loginName: 'staff', password: `Wrong-Pass-${i}` }));
      expect(e.message).toMatch(/登录名或密码不正确/);
      if (i < 4) expect(e.message).not.toMatch(/秒后再试/);
    }
    // The fifth wrong try starts a 30 s wait: even the right password is refused, with the seconds left.
    const ringBefore = ringText();
    expect((await fails(as('auth.login', { loginName: 'staff', password: STAFF_PW }))).message).toMatch(/请 30 秒后再试/);
    expect(ringText()).toBe(ringBefore);
    now += 31_000;
    expect((await fails(as('auth.login', { loginName: 'staff', password: 'Wrong-Pass-x' }))).message).toMatch(/请 60 秒后再试/);
    // A restart keeps the count (it lives in the keyring slot).
    ws.close();
    open();
    now += 30_000;
    expect((await fails(as('auth.login', { loginName: 'staff', password: STAFF_PW }))).message).toMatch(/请 30 秒后再试/);
    now += 31_000;
    const s = await ok(as('auth.login', { loginName: 'staff', password: STAFF_PW }));
    expect(s.user?.loginName).toBe('staff');
    expect(readKeyring(keyringPathOf(townPath))!.accounts.staff).toMatchObject({ failures: 0, lastFailureAt: null });
    expect(readKeyring(keyringPathOf(townPath))!.pendingFailures).toEqual([]);
    // The failed tries went into the audit log at this login, with the login itself.
    const actions = ws.ledger.sqlite.prepare(`select action, user_name from audit_log where action in ('login', 'login_failed') order by seq desc limit 8`).all() as { action: string; user_name: string }[];
    expect(actions[0]).toEqual({ action: 'login', user_name: '李干事' });
    expect(actions.filter((a) => a.action === 'login_failed' && a.user_name === 'staff')).toHaveLength(6);
  });

  it('an unknown name gets the same answer as a wrong password', async () => {
    await ok(as('auth.logout', {}));
    const unknown = await fails(as('auth.login', { loginName: 'ghost', password: 'Wrong-Pass-1' }));
    const wrong = await fails(as('auth.login', { loginName: 'admin', password: 'Wrong-Pass-1' }));
    expect(unknown).toEqual(wrong);
    expect(unknown.message).toBe('登录名或密码不正确。');
  });

  it('the session locks after the idle time; the lock screen asks for the password again', async () => {
    await ok(as('auth.login', { loginName: 'admin', password: ADMIN_PW }));
    expect((await ok(as('auth.setIdleLock', { minutes: 3 }))).idleLockMinutes).toBe(3);
    expect((await fails(as('auth.setIdleLock', { minutes: 0 }))).code).toBe('VALIDATION');
    now += 2 * 60_000;
    await ok(as('person.search', { query: '' }));
    // The renderer's status poll is no activity.
    now += 2 * 60_000;
    expect((await ok(as('auth.status', {}))).state).toBe('open');
    now += 60_000 + 1000;
    expect(await fails(as('person.search', { query: '' }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await ok(as('auth.status', {}))).toMatchObject({ state: 'locked', lastLoginName: 'admin' });
    await ok(as('auth.login', { loginName: 'admin', password: ADMIN_PW }));
    expect((await ok(as('person.search', { query: '柳户主' }))).total).toBe(1);
  });
});

describe('disabling and recovery', () => {
  it('a disabled account cannot log in, not even with its old key copy restored from a copy of the keyring', async () => {
    const oldRing = join(dir, 'old.keyring');
    copyFileSync(keyringPathOf(townPath), oldRing);
    const off = await ok(as('user.disable', { loginName: 'staff' }));
    expect(off.disabled).toBe(true);
    expect(readKeyring(keyringPathOf(townPath))!.accounts.staff).toBeUndefined();
    await ok(as('auth.logout', {}));
    expect((await fails(as('auth.login', { loginName: 'staff', password: STAFF_PW }))).message).toBe('登录名或密码不正确。');
    copyFileSync(oldRing, keyringPathOf(townPath));
    expect(await fails(as('auth.login', { loginName: 'staff', password: STAFF_PW }))).toMatchObject({ code: 'FORBIDDEN', message: '该账号已停用，请联系管理员。' });
    expect((await ok(as('auth.status', {}))).state).toBe('locked');
  });

  it('a wrong recovery code changes no byte of the keyring or the database', async () => {
    const ring = readFileSync(keyringPathOf(townPath));
    const db = readFileSync(townPath);
    const e = await fails(as('auth.recover', { recoveryCode: '00000-00000-00000-00000-00000-00000', loginName: 'admin', newPassword: 'Brand-New-2026' }));
    expect(e).toMatchObject({ code: 'WRONG_KEY' });
    expect(e.message).toMatch(/恢复码不正确/);
    expect(readFileSync(keyringPathOf(townPath)).equals(ring)).toBe(true);
    expect(readFileSync(townPath).equals(db)).toBe(true);
  });

  it('when every password is lost, the recovery code sets a new one for an administrator', async () => {
    expect((await fails(as('auth.recover', { recoveryCode, loginName: 'cuna', newPassword: 'Brand-New-2026' }))).message).toMatch(/不是启用中的管理员/);
    const s = await ok(as('auth.recover', { recoveryCode: recoveryCode.toLowerCase().replace(/-/g, ' '), loginName: 'admin', newPassword: 'Brand-New-2026' }));
    expect(s).toMatchObject({ state: 'open', user: { loginName: 'admin' }, mustChangePassword: false });
    await ok(as('auth.logout', {}));
    expect((await fails(as('auth.login', { loginName: 'admin', password: ADMIN_PW }))).code).toBe('WRONG_KEY');
    await ok(as('auth.login', { loginName: 'admin', password: 'Brand-New-2026' }));
    // A new recovery code: the old one stops working.
    expect((await fails(as('auth.newRecoveryCode', { password: ADMIN_PW }))).code).toBe('WRONG_KEY');
    const fresh = await ok(as('auth.newRecoveryCode', { password: 'Brand-New-2026' }));
    expect(fresh.recoveryCode).not.toBe(recoveryCode);
    await ok(as('auth.logout', {}));
    expect((await fails(as('auth.recover', { recoveryCode, loginName: 'admin', newPassword: 'Brand-New-2027' }))).code).toBe('WRONG_KEY');
    SECRETS.push(fresh.recoveryCode.replace(/-/g, ''), recoveryCode.replace(/-/g, ''), 'Brand-New-2026');
  });

  it('beside a protected town the demo stays a plain file; another protected file is not opened in the app; 退出 closes the town', async () => {
    await ok(as('auth.login', { loginName: 'admin', password: 'Brand-New-2026' }));
    const demo = await ok(as('workspace.openDemo', {}));
    expect(demo.isDemo).toBe(true);
    expect(ws.ledger.key).toBeNull();
    expect(await fails(as('user.list', {}))).toMatchObject({ code: 'CONFLICT' });
    const town = await ok(as('workspace.openTown', {}));
    expect(town.isTownDatabase).toBe(true);
    expect(ws.ledger.key).not.toBeNull();
    const copy = join(dir, 'copy.db');
    copyFileSync(townPath, copy);
    copyFileSync(keyringPathOf(townPath), keyringPathOf(copy));
    expect((await fails(as('workspace.openFile', { path: copy }))).message).toMatch(/已加密保护/);
    await ok(as('auth.logout', {}));
    expect(ws.needsKey()).toBe(true);
    expect(ws.ledger.path).toBe(':memory:');
    expect(await fails(as('workspace.openDemo', {}))).toMatchObject({ code: 'UNAUTHENTICATED' });
    rmSync(copy);
    rmSync(keyringPathOf(copy));
  });

  it('no password or recovery code is in any file of the folder', () => {
    const files = (folder: string): string[] =>
      readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(folder, e.name)) : [join(folder, e.name)]));
    for (const file of files(dir)) {
      const bytes = readFileSync(file);
      for (const secret of [...SECRETS, recoveryCode]) expect(bytes.includes(Buffer.from(secret)), `${file}`).toBe(false);
    }
  });
});
