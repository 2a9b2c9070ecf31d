// What a CLI command runs with besides its arguments: output streams, the caller (--as-village) and dispatch.
import { z } from 'zod';
import type { Result } from '../../../shared/result';
import { LOCAL_USER, type Caller, type ServiceContext } from '../context';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** The one way in, handed to the CLI by its entry point (so commands import no core service, and nothing imports in a circle). */
export type Dispatch = (ctx: ServiceContext, channel: unknown, input: unknown, log?: (message: string, err?: unknown) => void) => Promise<Result<unknown>>;

/** What every command receives besides its arguments: the output streams, who is acting, and dispatch. */
export interface CliEnv extends CliIo {
  caller: Caller;
  dispatch: Dispatch;
  /** How to open a protected database: --user NAME --password-file F, or --recovery-file F. */
  unlock?: CliUnlock;
}

export interface CliUnlock {
  user?: string;
  passwordFile?: string;
  recoveryFile?: string;
}

/** The caller a command runs as: the whole town, or the villages named by --as-village. */
export function callerFor(asVillage: string | undefined): Caller {
  if (asVillage === undefined) return LOCAL_USER;
  const codes = asVillage.split(/[,，]/).map((c) => c.trim()).filter(Boolean);
  // A 村级用户's view: their role as well as their villages (issue 10), so the CLI shows what they may do.
  return { ...LOCAL_USER, role: 'village', displayName: `村级查看（${codes.join('、')}）`, villageScope: codes };
}

export const asVillageOption = z
  .string()
  .max(200, '--as-village 过长')
  .refine((v) => v.split(/[,，]/).every((c) => /^[0-9A-Za-z]{1,20}$/.test(c.trim())), { message: '--as-village 应为村（社区）代码，多个用逗号分隔，如 001,002' })
  .optional();

const fileOption = (what: string) => z.string().min(1, `${what}不能为空`).max(1000, `${what}过长`).optional();
/** A password is never given on the command line: only the name of a file holding it. */
export const unlockOptions = z
  .object({
    user: z.string().min(1, '--user 不能为空').max(64, '--user 过长').optional(),
    passwordFile: fileOption('--password-file'),
    recoveryFile: fileOption('--recovery-file'),
  })
  .refine((u) => !(u.user && u.recoveryFile), { message: '--user 与 --recovery-file 只能用其中一种方式打开数据库' })
  .refine((u) => !u.user || u.passwordFile, { message: '用 --user 登录时还要用 --password-file 指定存放密码的文件' });
