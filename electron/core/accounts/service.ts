// The administrator's user management (user.* channels) and the security settings. Each change goes
// into the database (in dispatch's transaction) and the account's key copy into the keyring — written
// last, so a refused change leaves the keyring as it was. Every change is audited here as 'user' with
// the fields before and after, never a password.
import { eq } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import type { UserView } from '../../../shared/contract/accounts';
import { ROLE_LABELS } from '../../../shared/contract/define';
import { appendAudit } from '../audit/log';
import type { ServiceContext } from '../context';
import { setting, town } from '../db/schema';
import { inWrite } from '../db/write';
import { AppError, conflict, notFound, validationError } from '../errors';
import { guardOf } from '../files/safeOutput';
import { keyringPathOf, newRecoveryCode, removeAccountKey, setAccountKey, setRecoveryKey, unwrapWithPassword, writeKeyring, type DbKey, type KdfCost } from '../security/keyring';
import { writeRecoveryPdf } from '../security/recoveryPdf';
import { IDLE_LOCK_SETTING, keyringOf } from './login';
import { enabledAdmins, findStoredUser, insertUser, listStoredUsers, normalizeLoginName, setUserVillages, updateUserRow, villageIdsForCodes, type StoredUser } from './users';

/** Tests lower scrypt's cost for the many accounts they make; the app never sets it. */
export const accountsTuning: { kdfCost?: KdfCost } = {};

const view = (u: StoredUser): UserView => ({
  loginName: u.loginName, displayName: u.displayName, role: u.role, villages: u.villages, disabled: u.disabledAt !== null,
  mustChangePassword: u.mustChangePassword, lastLoginAt: u.lastLoginAt, passwordChangedAt: u.passwordChangedAt,
});
const publicFields = (u: StoredUser) => ({ loginName: u.loginName, displayName: u.displayName, role: u.role, villages: u.villages, disabled: u.disabledAt !== null });

function protectedKey(ctx: ServiceContext): DbKey {
  if (!ctx.ledger.key) throw conflict('当前数据库没有加密保护，不使用账号（本机用户即管理员）。请在本乡镇的数据库中先创建管理员。');
  return ctx.ledger.key;
}

function existing(ctx: ServiceContext, loginName: string): StoredUser {
  const u = findStoredUser(ctx.ledger.db, loginName);
  if (!u) throw notFound(`没有登录名为「${normalizeLoginName(loginName)}」的账号。`);
  return u;
}

function audit(ctx: ServiceContext, channel: string, subject: StoredUser, summary: string, detail: Record<string, unknown>) {
  appendAudit(ctx.ledger.sqlite, {
    userId: ctx.caller.userId, userName: ctx.caller.displayName, action: 'user', channel, subjectKind: 'user', subjectId: subject.id, summary, detail,
  });
}

const now = () => new Date().toISOString();

export function listUsers(ctx: ServiceContext): UserView[] {
  protectedKey(ctx);
  return listStoredUsers(ctx.ledger.db).map(view);
}

export function addUser(ctx: ServiceContext, input: ChannelParsed<'user.add'>): UserView {
  const key = protectedKey(ctx);
  return inWrite(ctx, () => {
    const loginName = normalizeLoginName(input.loginName);
    if (findStoredUser(ctx.ledger.db, loginName)) {
      throw conflict(`登录名「${loginName}」已被使用，请换一个。`);
    }
    const villages = input.role === 'village' ? input.villages : [];
    const at = now();
    insertUser(ctx.ledger.db, { loginName, displayName: input.displayName, role: input.role, villages, mustChangePassword: true }, at);
    const created = existing(ctx, loginName);
    audit(ctx, 'user.add', created, `新增账号「${created.displayName}」（${loginName}，${ROLE_LABELS[created.role]}）`, { after: publicFields(created) });
    writeKeyring(keyringPathOf(ctx.ledger.path), setAccountKey(keyringOf(ctx.ledger.path), loginName, input.password, key, accountsTuning.kdfCost));
    return view(created);
  });
}

export function updateUser(ctx: ServiceContext, input: ChannelParsed<'user.update'>): UserView {
  protectedKey(ctx);
  return inWrite(ctx, () => {
    const before = existing(ctx, input.loginName);
    const role = input.role ?? before.role;
    const villages = role === 'village' ? (input.villages ?? before.villages) : [];
    if (role === 'village' && villages.length === 0) {
      throw validationError('村级用户至少要负责一个村（社区）。', [{ path: ['villages'], field: '所负责村（社区）', message: '至少选择一个村（社区）' }]);
    }
    if (before.role === 'admin' && role !== 'admin' && !before.disabledAt && enabledAdmins(ctx.ledger.db) <= 1) {
      throw conflict(`「${before.displayName}」是最后一个启用中的管理员，不能改为${ROLE_LABELS[role]}。请先把另一个账号设为管理员。`);
    }
    const at = now();
    updateUserRow(ctx.ledger.db, before.id, { displayName: input.displayName ?? before.displayName, role }, at);
    setUserVillages(ctx.ledger.db, before.id, villageIdsForCodes(ctx.ledger.db, villages));
    const after = existing(ctx, before.loginName);
    audit(ctx, 'user.update', after, `修改账号「${after.displayName}」（${after.loginName}）`, { before: publicFields(before), after: publicFields(after) });
    ctx.session?.refresh();
    return view(after);
  });
}

export function disableUser(ctx: ServiceContext, input: ChannelParsed<'user.disable'>): UserView {
  protectedKey(ctx);
  return inWrite(ctx, () => {
    const before = existing(ctx, input.loginName);
    if (before.disabledAt) throw conflict(`账号「${before.loginName}」已经停用。`);
    if (String(before.id) === ctx.caller.userId) throw conflict('不能停用自己正在使用的账号。');
    if (before.role === 'admin' && enabledAdmins(ctx.ledger.db) <= 1) throw conflict(`「${before.displayName}」是最后一个启用中的管理员，不能停用。`);
    const at = now();
    updateUserRow(ctx.ledger.db, before.id, { disabledAt: at }, at);
    const after = existing(ctx, before.loginName);
    audit(ctx, 'user.disable', after, `停用账号「${after.displayName}」（${after.loginName}）`, { before: publicFields(before), after: publicFields(after) });
    // Its key copy goes: the account can no longer open the database even with the right password.
    writeKeyring(keyringPathOf(ctx.ledger.path), removeAccountKey(keyringOf(ctx.ledger.path), before.loginName));
    return view(after);
  });
}

export function enableUser(ctx: ServiceContext, input: ChannelParsed<'user.enable'>): UserView {
  const key = protectedKey(ctx);
  return inWrite(ctx, () => {
    const before = existing(ctx, input.loginName);
    if (!before.disabledAt) throw conflict(`账号「${before.loginName}」没有停用。`);
    const at = now();
    updateUserRow(ctx.ledger.db, before.id, { disabledAt: null, mustChangePassword: 1, passwordChangedAt: at }, at);
    const after = existing(ctx, before.loginName);
    audit(ctx, 'user.enable', after, `启用账号「${after.displayName}」（${after.loginName}），并设置新的初始密码`, { before: publicFields(before), after: publicFields(after) });
    writeKeyring(keyringPathOf(ctx.ledger.path), setAccountKey(keyringOf(ctx.ledger.path), before.loginName, input.password, key, accountsTuning.kdfCost));
    return view(after);
  });
}

export function resetPassword(ctx: ServiceContext, input: ChannelParsed<'user.resetPassword'>): UserView {
  const key = protectedKey(ctx);
  return inWrite(ctx, () => {
    const before = existing(ctx, input.loginName);
    if (before.disabledAt) throw conflict(`账号「${before.loginName}」已停用，请用「启用」设置新密码。`);
    const at = now();
    updateUserRow(ctx.ledger.db, before.id, { mustChangePassword: 1, passwordChangedAt: at }, at);
    const after = existing(ctx, before.loginName);
    audit(ctx, 'user.resetPassword', after, `重置账号「${after.displayName}」（${after.loginName}）的密码，首次登录须修改`, {});
    writeKeyring(keyringPathOf(ctx.ledger.path), setAccountKey(keyringOf(ctx.ledger.path), before.loginName, input.password, key, accountsTuning.kdfCost));
    return view(after);
  });
}

/** A new recovery code (the old one stops working); the administrator's password is asked again. */
export function issueRecoveryCode(ctx: ServiceContext, password: string): { recoveryCode: string } {
  const key = protectedKey(ctx);
  const me = listStoredUsers(ctx.ledger.db).find((u) => String(u.id) === ctx.caller.userId && u.role === 'admin' && !u.disabledAt);
  if (!me) throw new AppError('FORBIDDEN', '只有登录的管理员可以重新生成恢复码。');
  const ring = keyringOf(ctx.ledger.path);
  if (!unwrapWithPassword(ring, me.loginName, password)) throw new AppError('WRONG_KEY', '密码不正确，没有生成新的恢复码。', [{ path: ['password'], field: '密码', message: '密码不正确' }]);
  const recoveryCode = newRecoveryCode();
  ctx.ledger.sqlite.transaction(() => {
    appendAudit(ctx.ledger.sqlite, { userId: ctx.caller.userId, userName: ctx.caller.displayName, action: 'settings', channel: 'auth.newRecoveryCode', summary: '重新生成数据恢复码（旧恢复码作废）' });
  }).immediate();
  writeKeyring(keyringPathOf(ctx.ledger.path), setRecoveryKey(ring, recoveryCode, key, accountsTuning.kdfCost));
  return { recoveryCode };
}

export function setIdleLock(ctx: ServiceContext, minutes: number): void {
  inWrite(ctx, () => {
    const at = now();
    const before = ctx.ledger.db.select({ value: setting.value }).from(setting).where(eq(setting.key, IDLE_LOCK_SETTING)).get();
    ctx.ledger.db.insert(setting).values({ key: IDLE_LOCK_SETTING, value: String(minutes), updatedAt: at })
      .onConflictDoUpdate({ target: setting.key, set: { value: String(minutes), updatedAt: at } }).run();
    appendAudit(ctx.ledger.sqlite, {
      userId: ctx.caller.userId, userName: ctx.caller.displayName, action: 'settings', channel: 'auth.setIdleLock', summary: `自动锁定时间设为 ${minutes} 分钟`,
      detail: { before: before ? Number(before.value) : null, after: minutes },
    });
  });
  ctx.session?.refresh();
}

export async function recoveryPdf(ctx: ServiceContext, code: string, path: string): Promise<{ path: string }> {
  const row = ctx.ledger.db.select({ name: town.name }).from(town).where(eq(town.id, 1)).get();
  await writeRecoveryPdf(path, row?.name ?? '', code, ctx.today(), guardOf(ctx));
  return { path };
}
