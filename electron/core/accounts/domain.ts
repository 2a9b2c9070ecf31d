// Accounts and the login (issue 10): the session's calls go to ctx.session (the app, the e2e bridge);
// the user management to the services. The CLI's user and db commands are in commands.ts.
import { accountChannels } from '../../../shared/contract/accounts';
import type { ServiceContext, SessionControl } from '../context';
import { defineDomain } from '../domain';
import { AppError } from '../errors';
import { accountCommands } from './commands';
import { addUser, disableUser, enableUser, issueRecoveryCode, listUsers, recoveryPdf, resetPassword, setIdleLock, updateUser } from './service';

function sessionOf(ctx: ServiceContext): SessionControl {
  if (!ctx.session) throw new AppError('FORBIDDEN', '这里没有登录会话：命令行请用「--user」和「--password-file」（或「--recovery-file」）打开加密的数据库。');
  return ctx.session;
}

export const accountsDomain = defineDomain({
  name: 'accounts',
  channels: accountChannels,
  commands: accountCommands,
  handlers: {
    'auth.status': (ctx) => sessionOf(ctx).poll(),
    'auth.login': (ctx, input) => sessionOf(ctx).login(input.loginName, input.password),
    'auth.recover': (ctx, input) => sessionOf(ctx).recover(input.recoveryCode, input.loginName, input.newPassword),
    'auth.protect': (ctx, input) => sessionOf(ctx).protect(input),
    'auth.logout': (ctx) => sessionOf(ctx).logout(),
    'auth.lock': (ctx) => sessionOf(ctx).lock(),
    // Dispatch refused a caller without a role before this runs.
    'auth.caller': (ctx) => ({ displayName: ctx.caller.displayName, role: ctx.caller.role!, villageScope: ctx.caller.villageScope }),
    'auth.changePassword': (ctx, input) => sessionOf(ctx).changePassword(input.oldPassword, input.newPassword),
    'auth.newRecoveryCode': (ctx, input) => issueRecoveryCode(ctx, input.password),
    'auth.recoveryPdf': (ctx, input) => recoveryPdf(ctx, input.recoveryCode, input.path),
    'auth.setIdleLock': (ctx, input) => {
      setIdleLock(ctx, input.minutes);
      return ctx.session?.status() ?? { state: 'open', withoutAccounts: !ctx.ledger.key, user: null, mustChangePassword: false, lastLoginName: null, idleLockMinutes: input.minutes };
    },
    'user.list': (ctx) => listUsers(ctx),
    'user.add': (ctx, input) => addUser(ctx, input),
    'user.update': (ctx, input) => updateUser(ctx, input),
    'user.disable': (ctx, input) => disableUser(ctx, input),
    'user.enable': (ctx, input) => enableUser(ctx, input),
    'user.resetPassword': (ctx, input) => resetPassword(ctx, input),
  },
});
