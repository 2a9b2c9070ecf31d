// Argument parsing, validation and output for CLI commands; kept apart from main.ts so tests can
// run commands in-process and check their exit codes and output.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { describeIssues } from '../../../shared/zodMessages';
import { AppError, toErrorInfo } from '../errors';
import { asVillageOption, callerFor, unlockOptions, type CliEnv, type CliIo, type Dispatch } from './env';

export type { CliIo };


export interface CliCommand<S extends z.ZodType = z.ZodType> {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Validates the parsed values (options plus `positionals`). */
  schema: S;
  run: (args: z.output<S>, env: CliEnv) => Promise<unknown> | unknown;
  /** Human-readable output; without it the result is printed as indented JSON. */
  format?: (result: never) => string;
}

export const defineCommand = <S extends z.ZodType>(c: CliCommand<S>) => c as unknown as CliCommand;

class UsageError extends Error {}

export function usageText(commands: CliCommand[], only?: CliCommand): string {
  if (only) return `用法：npm run cli -- ${only.usage}\n${only.summary}\n`;
  const lines = ['用法：npm run cli -- <命令> [选项]', '', '命令：'];
  for (const c of commands) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push('', '通用选项：--db FILE 数据库文件；--json 只在标准输出打印一个 JSON 对象；--as-village 代码[,代码] 只以这些村（社区）的范围查看和处理（未加密的数据库）');
  lines.push('加密的数据库：--user 登录名 --password-file 存放密码的文件，或 --recovery-file 存放恢复码的文件（密码不在命令行中给出）');
  return lines.join('\n') + '\n';
}

export async function runCli(argv: string[], commands: CliCommand[], io: CliIo, dispatch: Dispatch): Promise<number> {
  // A command is one word (`import`) or two (`report package`): the two-word name wins, so a group of commands
  // (`report table`, `report package`, …) can each live in their own file.
  const pair = argv.length > 1 ? commands.find((c) => c.name === `${argv[0]} ${argv[1]}`) : undefined;
  const name = pair ? pair.name : argv[0];
  const rest = argv.slice(pair ? 2 : 1);
  const json = rest.includes('--json');
  const command = pair ?? commands.find((c) => c.name === name);
  if (!name || name === 'help' || name === '--help') {
    io.err(usageText(commands));
    return name ? 0 : 2;
  }
  if (!command) {
    const group = commands.filter((c) => c.name.startsWith(`${name} `));
    if (group.length) {
      const sub = argv[1] && !argv[1].startsWith('-') ? `「${name} ${argv[1]}」` : `「${name}」后面缺少子命令`;
      io.err(`未知命令${sub}。可用的有：\n${group.map((c) => `  ${c.usage}\n      ${c.summary}`).join('\n')}\n`);
      if (json) io.out(JSON.stringify({ ok: false, error: { code: 'USAGE', message: `未知命令${sub}` } }) + '\n');
      return 2;
    }
    io.err(`未知命令「${name}」。\n\n${usageText(commands)}`);
    return 2;
  }
  let args: unknown;
  let env: CliEnv;
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...command.options, json: { type: 'boolean' }, 'as-village': { type: 'string' }, user: { type: 'string' }, 'password-file': { type: 'string' }, 'recovery-file': { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      throw new UsageError(translateParseError((err as Error).message));
    }
    const { 'as-village': asVillage, user, 'password-file': passwordFile, 'recovery-file': recoveryFile, ...values } = parsed.values;
    const scope = asVillageOption.safeParse(asVillage);
    if (!scope.success) throw new UsageError(describeIssues(scope.error).message);
    const unlock = unlockOptions.safeParse({ user, passwordFile, recoveryFile });
    if (!unlock.success) throw new UsageError(describeIssues(unlock.error).message);
    env = { ...io, caller: callerFor(scope.data), dispatch, unlock: unlock.data };
    const checked = command.schema.safeParse({ ...values, positionals: parsed.positionals });
    if (!checked.success) throw new UsageError(describeIssues(checked.error).message);
    args = checked.data;
  } catch (err) {
    if (err instanceof UsageError) {
      if (json) io.out(JSON.stringify({ ok: false, error: { code: 'USAGE', message: err.message } }) + '\n');
      io.err(`参数错误：${err.message}\n\n${usageText(commands, command)}`);
      return 2;
    }
    throw err;
  }
  try {
    const result = await command.run(args as never, env);
    if (json) io.out(JSON.stringify(result) + '\n');
    else io.out((command.format ? command.format(result as never) : JSON.stringify(result, null, 2)) + '\n');
    return 0;
  } catch (err) {
    const info = toErrorInfo(err);
    if (!(err instanceof AppError)) io.err(`${(err as Error)?.stack ?? String(err)}\n`);
    // An error that carries its report (a refused import) prints the report's fields at the top level too.
    const report = err instanceof AppError && 'report' in err && typeof err.report === 'object' ? (err.report as object) : {};
    if (json) io.out(JSON.stringify({ ok: false, ...report, error: info }) + '\n');
    io.err(`错误：${info.message}\n`);
    for (const p of info.problems ?? []) {
      const where = [p.sheet && `工作表「${p.sheet}」`, p.row && `第${p.row}行`, p.column && `${p.column}列`].filter(Boolean).join(' ');
      io.err(`  ${where ? where + '：' : ''}${p.message}\n`);
    }
    return 1;
  }
}

function translateParseError(message: string): string {
  const unknown = message.match(/Unknown option '([^']+)'/);
  if (unknown) return `不认识的选项 ${unknown[1]}`;
  const missing = message.match(/Option '([^']+)'.* argument missing/);
  if (missing) return `选项 ${missing[1]} 后面缺少取值`;
  const positional = message.match(/Unexpected argument '([^']+)'/);
  if (positional) return `多余的参数「${positional[1]}」`;
  return message;
}
