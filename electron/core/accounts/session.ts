// The app's login session over its workspace: who is logged in, the idle lock, and the login page's
// calls. The access state follows what is on disk: no town yet (needsSetup) → a plain town file
// (needsAdmin: creating the administrator protects it) → a protected file nobody is logged into
// (locked) → open. A town without accounts (plain) runs as LOCAL_USER, as before issue 10.
import { sql } from 'drizzle-orm';
import type { AuthStatus } from '../../../shared/contract/accounts';
import { passwordProblem } from '../../../shared/rules/password';
import { appendAudit } from '../audit/log';
import { LOCAL_USER, NOBODY, type Caller, type DamagedFile, type SessionControl, type WorkspaceControl } from '../context';
import { row } from '../db/query';
import { AppError, conflict, validationError } from '../errors';
import { keyringPathOf, sameKey, setAccountKey, unwrapWithPassword, writeKeyring, type DbKey, type KdfCost } from '../security/keyring';
import { completeLogin, idleLockMinutes, keyringOf, remainingWait, unlockWithPassword, unlockWithRecovery, waitAfter } from './login';
import { findStoredUser, normalizeLoginName, updateUserRow, type StoredUser } from './users';

export interface SessionOptions {
  /** Milliseconds now (tests move the clock). */
  clock?: () => number;
  /** Tests pass a lower scrypt cost for the administrator made by protect. */
  kdfCost?: KdfCost;
  /** The administrator made by protect must choose a new password at first login (the CLI's, from a file). */
  adminMustChangePassword?: boolean;
  /**
   * A plain town with its name asks for its administrator (needsAdmin) — the app, always. The e2e specs of
   * a plain town turn it off: they run as 本机用户 on the plain file, as before issue 10.
   */
  offerProtection?: boolean;
  /** After a restore over a file found damaged at login: the app starts again on the restored file. */
  onDamagedRestored?: () => void;
}

export const callerOf = (user: StoredUser): Caller => ({
  userId: String(user.id),
  displayName: user.displayName,
  role: user.role,
  villageScope: user.role === 'village' ? user.villages : null,
});

const notAllowed = () => new AppError('UNAUTHENTICATED', '请先登录后再操作。');

export function createSession(ws: WorkspaceControl, options: SessionOptions = {}): SessionControl {
  const clock = options.clock ?? Date.now;
  let user: StoredUser | null = null;
  let locked = false;
  let lastCall = clock();
  let callBefore = lastCall;
  let lastLoginName: string | null = null;
  let idleMinutes = 10;
  // Wrong recovery codes: counted here only, so a wrong code changes no byte of the keyring or the database.
  /** The key was right but the file failed its checks: part B's screen offers the newest good backup. */
  let damaged: DamagedFile | null = null;
  let recoveryFailures = 0;
  let lastRecoveryFailure: string | null = null;

  const townPath = () => ws.state().townPath;
  const onTown = () => !ws.needsKey() && ws.ledger.path === townPath();

  const hasTown = () => (row(ws.ledger.sqlite, sql<{ n: number }>`select count(*) as n from town`)?.n ?? 0) > 0;

  const status = (): AuthStatus => {
    const base = { user: null, mustChangePassword: false, lastLoginName, idleLockMinutes: idleMinutes, withoutAccounts: false };
    if (!ws.townProtected()) {
      if (ws.ledger.path !== townPath()) return { ...base, state: 'open', withoutAccounts: true };
      if (!hasTown()) return { ...base, state: 'needsSetup', withoutAccounts: true };
      return { ...base, state: options.offerProtection === false ? 'open' : 'needsAdmin', withoutAccounts: true };
    }
    if (damaged) return { ...base, state: 'damaged' };
    if (ws.needsKey() || !user || locked) return { ...base, state: 'locked' };
    return {
      ...base,
      state: 'open',
      user: { loginName: user.loginName, displayName: user.displayName, role: user.role, villages: user.villages },
      mustChangePassword: user.mustChangePassword,
    };
  };

  /** The town's own file open with this key (a login always lands on the town's database). */
  const openTownWith = (key: DbKey) => {
    if (ws.needsKey()) {
      try {
        ws.unlockTown(key);
      } catch (err) {
        if (err instanceof AppError && err.code === 'DB_DAMAGED') {
          damaged = { path: townPath(), message: err.message, key, onRestored: () => { damaged = null; options.onDamagedRestored?.(); } };
        }
        throw err;
      }
    } else {
      if (ws.ledger.key && !sameKey(ws.ledger.key, key)) throw new AppError('WRONG_KEY', '密钥与已打开的数据库不符。');
      if (ws.ledger.path !== townPath()) ws.openTown();
    }
  };

  const begin = (who: StoredUser) => {
    user = who;
    locked = false;
    lastCall = clock();
    lastLoginName = who.loginName;
    idleMinutes = idleLockMinutes(ws.ledger);
  };

  const audit = (action: 'logout' | 'lock', summary: string) => {
    if (!user || !onTown()) return;
    const who = user;
    ws.ledger.sqlite.transaction(() => {
      appendAudit(ws.ledger.sqlite, { userId: String(who.id), userName: who.displayName, action, channel: `auth.${action}`, subjectKind: 'user', subjectId: who.id, summary });
    }).immediate();
  };

  return {
    damaged: () => damaged,
    caller: () => {
      if (!ws.townProtected()) return LOCAL_USER;
      if (!user || locked || ws.needsKey() || user.mustChangePassword) return NOBODY;
      return callerOf(user);
    },
    touch: () => {
      const now = clock();
      if (user && !locked && now - lastCall > idleMinutes * 60_000) {
        // The key stays in memory; the lock screen asks for the password again.
        audit('lock', `闲置 ${idleMinutes} 分钟后自动锁定`);
        locked = true;
      }
      callBefore = lastCall;
      lastCall = now;
    },
    status,
    poll: () => {
      lastCall = callBefore;
      return status();
    },
    login: (loginName, password) => {
      if (!ws.townProtected()) throw conflict('本数据库尚未设置账号，无需登录。');
      const now = new Date(clock());
      const key = unlockWithPassword(townPath(), loginName, password, now);
      const wasLocked = ws.needsKey();
      openTownWith(key);
      try {
        begin(completeLogin(ws.ledger, loginName, now));
      } catch (err) {
        if (wasLocked) ws.closeTown();
        throw err;
      }
      return status();
    },
    recover: (code, loginName, newPassword) => {
      if (!ws.townProtected()) throw conflict('本数据库尚未加密保护，无需恢复码。');
      const now = new Date(clock());
      const wait = remainingWait(recoveryFailures, lastRecoveryFailure, now);
      if (wait > 0) throw new AppError('WRONG_KEY', `恢复码错误次数过多，请 ${wait} 秒后再试。`);
      const key = unlockWithRecovery(townPath(), code);
      if (!key) {
        recoveryFailures++;
        lastRecoveryFailure = now.toISOString();
        const next = waitAfter(recoveryFailures);
        throw new AppError('WRONG_KEY', `恢复码不正确，没有做任何改动。请核对打印的《数据恢复码》后重新输入。${next ? `请 ${next} 秒后再试。` : ''}`);
      }
      const name = normalizeLoginName(loginName);
      const weak = passwordProblem(newPassword, name);
      if (weak) throw validationError(weak, [{ path: ['newPassword'], field: '新密码', message: weak }]);
      const wasLocked = ws.needsKey();
      openTownWith(key);
      try {
        const admin = findStoredUser(ws.ledger.db, name);
        if (!admin || admin.role !== 'admin' || admin.disabledAt) {
          throw validationError(`「${name}」不是启用中的管理员账号，恢复码只能重设管理员的密码。`, [{ path: ['loginName'], field: '管理员登录名', message: '不是启用中的管理员账号' }]);
        }
        const at = now.toISOString();
        writeKeyring(keyringPathOf(townPath()), setAccountKey(keyringOf(townPath()), name, newPassword, key, options.kdfCost));
        ws.ledger.sqlite.transaction(() => {
          updateUserRow(ws.ledger.db, admin.id, { mustChangePassword: 0, passwordChangedAt: at }, at);
          appendAudit(ws.ledger.sqlite, { userId: String(admin.id), userName: admin.displayName, action: 'user', channel: 'auth.recover', subjectKind: 'user', subjectId: admin.id, summary: `用恢复码重设管理员「${admin.displayName}」的密码`, detail: { loginName: name } }, at);
        }).immediate();
        recoveryFailures = 0;
        lastRecoveryFailure = null;
        begin(completeLogin(ws.ledger, name, now, 'auth.recover'));
      } catch (err) {
        if (wasLocked) ws.closeTown();
        throw err;
      }
      return status();
    },
    protect: async (admin) => {
      if (ws.townProtected()) throw conflict('本乡镇的数据库已经加密保护，管理员已创建。');
      if (ws.ledger.path !== townPath()) throw conflict('请先切换到本乡镇的数据库，再创建管理员。');
      if (!hasTown()) throw new AppError('NOT_SET_UP', '请先填写乡镇信息，再创建管理员。');
      const result = await ws.protectTown(admin, { kdfCost: options.kdfCost, mustChangePassword: options.adminMustChangePassword });
      begin(completeLogin(ws.ledger, admin.loginName, new Date(clock()), 'auth.protect'));
      return { ...result, status: status() };
    },
    logout: () => {
      audit('logout', '退出登录');
      user = null;
      // After 退出 the login page asks for a name; only the lock screen shows whose session it was.
      lastLoginName = null;
      locked = false;
      ws.closeTown();
      return status();
    },
    lock: () => {
      if (!user) throw notAllowed();
      audit('lock', '锁定');
      locked = true;
      return status();
    },
    changePassword: (oldPassword, newPassword) => {
      if (!user || locked || ws.needsKey()) throw notAllowed();
      const who = user;
      const weak = passwordProblem(newPassword, who.loginName);
      if (weak) throw validationError(weak, [{ path: ['newPassword'], field: '新密码', message: weak }]);
      if (newPassword === oldPassword) throw validationError('新密码不能与原密码相同。', [{ path: ['newPassword'], field: '新密码', message: '新密码不能与原密码相同' }]);
      const path = keyringPathOf(townPath());
      const ring = keyringOf(townPath());
      const key = unwrapWithPassword(ring, who.loginName, oldPassword);
      if (!key) throw new AppError('WRONG_KEY', '原密码不正确。', [{ path: ['oldPassword'], field: '原密码', message: '原密码不正确' }]);
      // Only this account's copy is wrapped again; every other slot stays as it was.
      writeKeyring(path, setAccountKey(ring, who.loginName, newPassword, key, options.kdfCost));
      const at = new Date(clock()).toISOString();
      if (onTown()) {
        ws.ledger.sqlite.transaction(() => {
          updateUserRow(ws.ledger.db, who.id, { mustChangePassword: 0, passwordChangedAt: at }, at);
          appendAudit(ws.ledger.sqlite, { userId: String(who.id), userName: who.displayName, action: 'user', channel: 'auth.changePassword', subjectKind: 'user', subjectId: who.id, summary: `「${who.displayName}」修改了本人密码` }, at);
        }).immediate();
      }
      user = { ...who, mustChangePassword: false, passwordChangedAt: at };
      return status();
    },
    refresh: () => {
      if (!user || !onTown()) return;
      const fresh = findStoredUser(ws.ledger.db, user.loginName);
      if (!fresh || fresh.disabledAt) {
        user = null;
        return;
      }
      user = fresh;
      idleMinutes = idleLockMinutes(ws.ledger);
    },
  };
}
