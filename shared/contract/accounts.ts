// Accounts, the login and the protection of the town's database (issue 10): the session's state, the
// login page's calls (answered before anyone is logged in, each refusing when the state does not fit)
// and the administrator's user management. The auth.* and user.* channels write their own audit entries.
import { z } from 'zod';
import { passwordProblem } from '../rules/password';
import { outputPath } from './common';
import { ADMIN_ONLY, ALL_ROLES, channel, read, ROLES, write } from './define';

export const ACCESS_STATES = ['needsSetup', 'needsAdmin', 'locked', 'open', 'damaged'] as const;
export type AccessState = (typeof ACCESS_STATES)[number];

export const IDLE_LOCK_DEFAULT = 10;
export const IDLE_LOCK_MIN = 1;
export const IDLE_LOCK_MAX = 120;

export const loginName = z
  .string({ error: '请填写登录名' })
  .trim()
  .min(2, '登录名至少 2 个字符')
  .max(32, '登录名不超过 32 个字符')
  .regex(/^[\p{L}\p{N}._-]+$/u, '登录名只能包含汉字、字母、数字和 . _ -');
export const displayName = z.string({ error: '请填写姓名' }).trim().min(1, '请填写姓名').max(30, '姓名不超过 30 个字');
/** A password as typed: never trimmed, never quoted in a message. */
export const password = z.string({ error: '请填写密码' }).min(1, '请填写密码').max(128, '密码最多 128 位');
export const role = z.enum(ROLES, { error: '请选择角色（管理员、工作人员、村级用户、只读）' });
const villageCodes = z.array(z.string().trim().min(1).max(20)).max(200, '所负责村（社区）最多 200 个');

/** A new password that must follow the rule (the login name is checked against it too). */
const withNewPassword = <T extends z.ZodRawShape>(shape: T, nameOf: (v: z.output<z.ZodObject<T>>) => string, field = 'password') =>
  z
    .object(shape)
    .strict()
    .superRefine((v, ctx) => {
      const problem = passwordProblem((v as Record<string, string>)[field] ?? '', nameOf(v));
      if (problem) ctx.addIssue({ code: 'custom', path: [field], message: problem });
    });

export const sessionUser = z.object({
  loginName: z.string(),
  displayName: z.string(),
  role,
  villages: z.array(z.string()),
});
export type SessionUser = z.infer<typeof sessionUser>;

/** The caller as dispatch sees it (the logged-in account, or 本机用户 on a file without accounts). */
export const callerInfo = z.object({
  displayName: z.string(),
  role,
  /** null = the whole town; a 村级用户's village codes. */
  villageScope: z.array(z.string()).nullable(),
});
export type CallerInfo = z.infer<typeof callerInfo>;

export const authStatus = z.object({
  state: z.enum(ACCESS_STATES),
  /** The open file is a plain one used without accounts (the demo, another file): 本机用户. */
  withoutAccounts: z.boolean(),
  user: sessionUser.nullable(),
  /** Logged in, but must choose a new password before anything else. */
  mustChangePassword: z.boolean(),
  /** For the lock screen's prefilled name. */
  lastLoginName: z.string().nullable(),
  idleLockMinutes: z.number().int(),
});
export type AuthStatus = z.infer<typeof authStatus>;

export const userView = z.object({
  loginName: z.string(),
  displayName: z.string(),
  role,
  villages: z.array(z.string()),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  passwordChangedAt: z.string().nullable(),
});
export type UserView = z.infer<typeof userView>;

const empty = z.object({}).strict();
const beforeLogin = { beforeLogin: true, roles: ALL_ROLES };
const admin = { roles: ADMIN_ONLY };

const newUser = withNewPassword(
  { loginName, displayName, role, villages: villageCodes.default([]), password },
  (v) => v.loginName,
).superRefine((v, ctx) => {
  if (v.role === 'village' && v.villages.length === 0) ctx.addIssue({ code: 'custom', path: ['villages'], message: '村级用户至少要负责一个村（社区）' });
});

export const accountChannels = {
  // Declared reads: each opens, switches or writes the database it concerns in a transaction of its own
  // (before the login no database is open for dispatch to hold one on).
  'auth.status': channel(empty, authStatus, read('none', beforeLogin)),
  'auth.login': channel(z.object({ loginName, password }).strict(), authStatus, read('none', beforeLogin)),
  'auth.recover': channel(
    withNewPassword({ recoveryCode: z.string({ error: '请填写恢复码' }).trim().min(1, '请填写恢复码').max(80, '恢复码过长'), loginName, newPassword: password }, (v) => v.loginName, 'newPassword'),
    authStatus,
    read('none', beforeLogin),
  ),
  'auth.protect': channel(
    withNewPassword({ loginName, displayName, password }, (v) => v.loginName),
    z.object({ recoveryCode: z.string(), backupPath: z.string(), status: authStatus }),
    read('none', beforeLogin),
  ),
  'auth.logout': channel(empty, authStatus, read('none', beforeLogin)),
  'auth.lock': channel(empty, authStatus, read('none')),
  /** Who the core takes the caller to be: the pages hide what the role may not call (renderer/src/auth/can.ts). */
  'auth.caller': channel(empty, callerInfo, read('none')),
  // Before login too: a first password must be changed while every other channel still refuses.
  'auth.changePassword': channel(z.object({ oldPassword: password, newPassword: password }).strict(), authStatus, read('none', beforeLogin)),
  'auth.newRecoveryCode': channel(z.object({ password }).strict(), z.object({ recoveryCode: z.string() }), read('town', admin)),
  'auth.recoveryPdf': channel(
    z.object({ recoveryCode: z.string().trim().min(1).max(80), path: outputPath }).strict(),
    z.object({ path: z.string() }),
    // Right after protection the administrator is logged in; nobody else may write the sheet anywhere.
    read('none', admin),
  ),
  'auth.setIdleLock': channel(
    z.object({ minutes: z.number({ error: '请填写自动锁定的分钟数' }).int('分钟数应为整数').min(IDLE_LOCK_MIN, `自动锁定时间至少 ${IDLE_LOCK_MIN} 分钟`).max(IDLE_LOCK_MAX, `自动锁定时间最多 ${IDLE_LOCK_MAX} 分钟`) }).strict(),
    authStatus,
    write('town', admin),
  ),

  'user.list': channel(empty, z.array(userView), read('town', admin)),
  'user.add': channel(newUser, userView, write('town', admin)),
  'user.update': channel(
    z.object({ loginName, displayName: displayName.optional(), role: role.optional(), villages: villageCodes.optional() }).strict(),
    userView,
    write('town', admin),
  ),
  'user.disable': channel(z.object({ loginName }).strict(), userView, write('town', admin)),
  /** Enabling gives a new password (the old key copy was removed at disable). */
  'user.enable': channel(withNewPassword({ loginName, password }, (v) => v.loginName), userView, write('town', admin)),
  'user.resetPassword': channel(withNewPassword({ loginName, password }, (v) => v.loginName), userView, write('town', admin)),
};
