// The login against the keyring: a password is right when it unwraps the account's copy of the
// database key. Wrong tries are counted in the account's slot (so a restart does not reset them): after
// five in a row each further try waits longer, and a try during the wait is refused without deriving
// anything. Failed tries wait in keyring.pendingFailures until the database is open and go into the
// audit log at the next successful login. Used by the app's session and by the CLI's --user.
import { eq } from 'drizzle-orm';
import { appendAudit } from '../audit/log';
import type { Ledger } from '../db/open';
import { setting } from '../db/schema';
import { AppError } from '../errors';
import {
  keyringPathOf, readKeyring, unwrapKey, unwrapWithPassword, unwrapWithRecovery, writeKeyring, type DbKey, type Keyring,
} from '../security/keyring';
import { findStoredUser, normalizeLoginName, updateUserRow, type StoredUser } from './users';
import { IDLE_LOCK_DEFAULT } from '../../../shared/contract/accounts';

export const FREE_TRIES = 5;
const FIRST_WAIT_S = 30;
const MAX_WAIT_S = 15 * 60;
const MAX_PENDING = 1000;
export const WRONG_PASSWORD = '登录名或密码不正确。';

/** Seconds to wait after `failures` wrong tries in a row: none for the first five, then 30 s, 1, 2, 4 … min, at most 15 min. */
export function waitAfter(failures: number): number {
  if (failures < FREE_TRIES) return 0;
  return Math.min(FIRST_WAIT_S * 2 ** (failures - FREE_TRIES), MAX_WAIT_S);
}

/** Seconds still to wait before the next try, 0 when a try may go ahead. */
export function remainingWait(failures: number, lastFailureAt: string | null, now: Date): number {
  const wait = waitAfter(failures);
  if (!wait || !lastFailureAt) return 0;
  const until = Date.parse(lastFailureAt) + wait * 1000;
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

const waitMessage = (seconds: number) => `密码错误次数过多，请 ${seconds} 秒后再试。`;

export function keyringOf(dbPath: string): Keyring {
  const ring = readKeyring(keyringPathOf(dbPath));
  if (!ring) throw new AppError('CONFLICT', '本数据库尚未加密保护（没有账号），请先创建管理员。');
  return ring;
}

const pushPending = (ring: Keyring, loginName: string, at: string): Keyring => ({
  ...ring,
  pendingFailures: [...ring.pendingFailures, { loginName: loginName.slice(0, 100), at }].slice(-MAX_PENDING),
});

/**
 * The database key for a login name and password, or a typed refusal (WRONG_KEY), with the try
 * counted in the keyring. An unknown name gets the same answer, after the same work, as a wrong password.
 */
export function unlockWithPassword(dbPath: string, rawName: string, password: string, now = new Date()): DbKey {
  const loginName = normalizeLoginName(rawName);
  const path = keyringPathOf(dbPath);
  const ring = keyringOf(dbPath);
  const slot = ring.accounts[loginName];
  if (slot) {
    const wait = remainingWait(slot.failures, slot.lastFailureAt, now);
    if (wait > 0) throw new AppError('WRONG_KEY', waitMessage(wait));
  }
  // An unknown name still costs one derivation (against a slot of its own name that cannot match), so
  // the time of the answer does not tell which names exist.
  const key = slot ? unwrapWithPassword(ring, loginName, password) : (unwrapKey(ring.recovery, password, ring.databaseId, `unknown:${loginName}`), null);
  const at = now.toISOString();
  if (key) return key;
  let next = pushPending(ring, loginName, at);
  if (slot) {
    const failures = slot.failures + 1;
    next = { ...next, accounts: { ...next.accounts, [loginName]: { ...slot, failures, lastFailureAt: at } } };
    writeKeyring(path, next);
    const wait = waitAfter(failures);
    throw new AppError('WRONG_KEY', wait ? `${WRONG_PASSWORD}${waitMessage(wait)}` : WRONG_PASSWORD);
  }
  writeKeyring(path, next);
  throw new AppError('WRONG_KEY', WRONG_PASSWORD);
}

/** The key from the recovery code, or null (nothing is written: a wrong code leaves every byte as it was). */
export function unlockWithRecovery(dbPath: string, code: string): DbKey | null {
  return unwrapWithRecovery(keyringOf(dbPath), code);
}

/**
 * After the key opened the database: the account must exist and be enabled; the failed tries waiting
 * in the keyring and this login go into the audit log together; the slot's count starts again.
 */
export function completeLogin(ledger: Ledger, rawName: string, now = new Date(), channel = 'auth.login'): StoredUser {
  const loginName = normalizeLoginName(rawName);
  const at = now.toISOString();
  const ring = keyringOf(ledger.path);
  const user = findStoredUser(ledger.db, loginName);
  if (!user || user.disabledAt) {
    // A key copy without an enabled account (a slot restored from an old keyring): refused and recorded.
    ledger.sqlite.transaction(() => {
      appendAudit(ledger.sqlite, { userId: user ? String(user.id) : '', userName: loginName, action: 'login_failed', channel, summary: `登录被拒绝：账号「${loginName}」${user ? '已停用' : '不存在'}` }, at);
    }).immediate();
    throw new AppError('FORBIDDEN', user ? '该账号已停用，请联系管理员。' : WRONG_PASSWORD);
  }
  ledger.sqlite.transaction(() => {
    for (const f of ring.pendingFailures) {
      appendAudit(ledger.sqlite, { userId: '', userName: f.loginName, action: 'login_failed', channel, summary: `登录失败：账号「${f.loginName}」密码错误或账号不存在` }, f.at);
    }
    appendAudit(ledger.sqlite, { userId: String(user.id), userName: user.displayName, action: 'login', channel, subjectKind: 'user', subjectId: user.id, summary: `登录（${user.loginName}）` }, at);
    updateUserRow(ledger.db, user.id, { lastLoginAt: at }, at);
  }).immediate();
  const slot = ring.accounts[loginName];
  if (ring.pendingFailures.length || (slot && (slot.failures || slot.lastFailureAt))) {
    writeKeyring(keyringPathOf(ledger.path), {
      ...ring,
      pendingFailures: [],
      accounts: slot ? { ...ring.accounts, [loginName]: { ...slot, failures: 0, lastFailureAt: null } } : ring.accounts,
    });
  }
  return { ...user, lastLoginAt: at };
}

export const IDLE_LOCK_SETTING = 'security.idleLockMinutes';

export function idleLockMinutes(ledger: Ledger): number {
  const row = ledger.db.select({ value: setting.value }).from(setting).where(eq(setting.key, IDLE_LOCK_SETTING)).get();
  const n = row ? Number(row.value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 120 ? n : IDLE_LOCK_DEFAULT;
}
