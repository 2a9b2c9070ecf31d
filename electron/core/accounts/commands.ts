// CLI: accounts of a protected database and its first-time encryption. Passwords come from files only
// (--password-file, --new-password-file), never from the command line.
//   db protect --db DB --admin NAME --password-file F [--name 显示名] [--recovery-out FILE.txt]
//   user add NAME --role ROLE [--name 显示名] [--villages CODE,CODE] --new-password-file F   (unlock: --user/--password-file)
//   user list | user disable NAME | user passwd NAME --new-password-file F
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { loginName, role } from '../../../shared/contract/accounts';
import { ROLE_LABELS } from '../../../shared/contract/define';
import type { UserView } from '../../../shared/contract/accounts';
import { dbOption, readSecretFile, RefusedCall, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';
import { localToday, type ServiceContext } from '../context';
import { AppError } from '../errors';
import { createWorkspace } from '../workspace/service';
import { createSession } from './session';
import { normalizeLoginName } from './users';

const one = (what: string) => z.array(z.string()).length(1, `请给出${what}`);
const newPasswordFile = z.string({ error: '请用 --new-password-file 指定存放新密码的文件' }).min(1, '请用 --new-password-file 指定存放新密码的文件');

const protect = defineCommand({
  name: 'db protect',
  summary: '加密保护一个未加密的数据库并创建它的管理员（先做校验过的备份）；恢复码只显示这一次',
  usage: 'db protect --db FILE --admin 登录名 --password-file 密码文件 [--name 显示名] [--recovery-out FILE.txt] [--json]',
  options: { db: { type: 'string' }, admin: { type: 'string' }, name: { type: 'string' }, 'recovery-out': { type: 'string' } },
  schema: z.object({
    db: dbOption,
    admin: loginName,
    name: z.string().trim().min(1).max(30).optional(),
    'recovery-out': z.string().min(1).max(1000).optional(),
    positionals: z.array(z.string()).max(0, 'db protect 不接受其他参数'),
  }),
  run: async (args, env) => {
    if (!env.unlock?.passwordFile || env.unlock.user) throw new AppError('VALIDATION', '请用 --password-file 指定存放管理员密码的文件（不用 --user）。');
    const password = readSecretFile(env.unlock.passwordFile, '密码');
    // The same session the app uses, over this one file: the channel refuses what the app would refuse.
    const workspace = createWorkspace({ townPath: args.db });
    // The password came from a file someone wrote: the administrator chooses their own at first login.
    const session = createSession(workspace, { adminMustChangePassword: true });
    try {
      const ctx: ServiceContext = { get ledger() { return workspace.ledger; }, caller: session.caller(), today: () => localToday(), workspace, session };
      const r = await env.dispatch(ctx, 'auth.protect', { loginName: args.admin, displayName: args.name ?? args.admin, password });
      if (!r.ok) throw new RefusedCall(r.error);
      const { recoveryCode, backupPath } = r.value as { recoveryCode: string; backupPath: string };
      if (args['recovery-out']) writeFileSync(args['recovery-out'], `${recoveryCode}\n`, { flag: 'wx', mode: 0o600 });
      return { protected: args.db, admin: args.admin, backupPath, ...(args['recovery-out'] ? { recoveryOut: args['recovery-out'] } : { recoveryCode }) };
    } finally {
      workspace.close();
    }
  },
  format: (r: { protected: string; backupPath: string; recoveryCode?: string; recoveryOut?: string }) =>
    [`已加密保护：${r.protected}`, `加密前的备份：${r.backupPath}`, r.recoveryCode ? `数据恢复码（只显示这一次，请抄写或打印后封存）：${r.recoveryCode}` : `数据恢复码已写入：${r.recoveryOut}（请打印后删除该文件）`].join('\n'),
});

const add = defineCommand({
  name: 'user add',
  summary: '新增账号（管理员）：角色 admin/staff/village/readonly，村级用户要给出所负责的村（社区）代码',
  usage: 'user add 登录名 --role ROLE [--name 显示名] [--villages 代码,代码] --new-password-file F --db FILE --user 管理员 --password-file F',
  options: { db: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, villages: { type: 'string' }, 'new-password-file': { type: 'string' } },
  schema: z.object({
    db: dbOption,
    role,
    name: z.string().trim().min(1).max(30).optional(),
    villages: z.string().max(2000).optional(),
    'new-password-file': newPasswordFile,
    positionals: one('登录名'),
  }),
  run: (args, env) =>
    withSession(env, args.db, (s) =>
      s.call('user.add', {
        loginName: args.positionals[0]!,
        displayName: args.name ?? args.positionals[0]!,
        role: args.role,
        villages: (args.villages ?? '').split(/[,，]/).map((c) => c.trim()).filter(Boolean),
        password: readSecretFile(args['new-password-file'], '新密码'),
      }),
    ),
  format: (u: UserView) => `已新增：${u.displayName}（${u.loginName}，${ROLE_LABELS[u.role]}${u.villages.length ? `，${u.villages.join('、')}` : ''}），首次登录须修改密码`,
});

const list = defineCommand({
  name: 'user list',
  summary: '列出全部账号（管理员）',
  usage: 'user list --db FILE --user 管理员 --password-file F [--json]',
  options: { db: { type: 'string' } },
  schema: z.object({ db: dbOption, positionals: z.array(z.string()).max(0, 'user list 不接受其他参数') }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('user.list', {})),
  format: (users: UserView[]) =>
    users.map((u) => `${u.loginName}\t${u.displayName}\t${ROLE_LABELS[u.role]}\t${u.villages.join(',') || '全乡镇'}\t${u.disabled ? '已停用' : '启用'}`).join('\n'),
});

const disable = defineCommand({
  name: 'user disable',
  summary: '停用账号（管理员）：它的密钥副本随之删除',
  usage: 'user disable 登录名 --db FILE --user 管理员 --password-file F',
  options: { db: { type: 'string' } },
  schema: z.object({ db: dbOption, positionals: one('登录名') }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('user.disable', { loginName: args.positionals[0]! })),
  format: (u: UserView) => `已停用：${u.displayName}（${u.loginName}）`,
});

const passwd = defineCommand({
  name: 'user passwd',
  summary: '修改密码：给出自己的登录名时修改本人密码（原密码在 --password-file）；管理员给出别人的登录名时重设其密码（该账号下次登录须修改）',
  usage: 'user passwd 登录名 --new-password-file F --db FILE --user 登录名 --password-file F',
  options: { db: { type: 'string' }, 'new-password-file': { type: 'string' } },
  schema: z.object({ db: dbOption, 'new-password-file': newPasswordFile, positionals: one('登录名') }),
  run: async (args, env) => {
    const name = args.positionals[0]!;
    const newPassword = readSecretFile(args['new-password-file'], '新密码');
    if (!env.unlock?.user || !env.unlock.passwordFile || normalizeLoginName(env.unlock.user) !== normalizeLoginName(name)) {
      return withSession(env, args.db, (s) => s.call('user.resetPassword', { loginName: name, password: newPassword }));
    }
    // One's own password: the same login and change the app makes, in a session over this file.
    const oldPassword = readSecretFile(env.unlock.passwordFile, '密码');
    const workspace = createWorkspace({ townPath: args.db });
    const session = createSession(workspace);
    try {
      const ctx = (): ServiceContext => ({ ledger: workspace.ledger, caller: session.caller(), today: () => localToday(), workspace, session });
      for (const [channel, input] of [['auth.login', { loginName: name, password: oldPassword }], ['auth.changePassword', { oldPassword, newPassword }]] as const) {
        const r = await env.dispatch(ctx(), channel, input);
        if (!r.ok) throw new RefusedCall(r.error);
      }
      const me = session.status().user!;
      return { loginName: me.loginName, displayName: me.displayName, role: me.role, villages: me.villages, disabled: false, mustChangePassword: false, lastLoginAt: null, passwordChangedAt: null, self: true };
    } finally {
      workspace.close();
    }
  },
  format: (u: UserView & { self?: boolean }) => (u.self ? `已修改本人密码：${u.displayName}（${u.loginName}）` : `已重设密码：${u.displayName}（${u.loginName}），下次登录须修改`),
});

export const accountCommands: CliCommand[] = [protect, passwd, add, list, disable];
