// Argument parsing, validation and output for CLI commands; kept apart from main.ts so tests can
// run commands in-process and check their exit codes and output.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { describeIssues } from '../../../shared/zodMessages';
import { AppError, toErrorInfo } from '../errors';
import { asVillageOption, callerFor, type CliEnv, type CliIo, type Dispatch } from './env';

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
  lines.push('', '通用选项：--db FILE 数据库文件；--json 只在标准输出打印一个 JSON 对象；--as-village 代码[,代码] 只以这些村（社区）的范围查看和处理');
  return lines.join('\n') + '\n';
}

export async function runCli(argv: string[], commands: CliCommand[], io: CliIo, dispatch: Dispatch): Promise<number> {
  const [first, ...afterFirst] = argv;
  // A command may be two words (`report letter`), so parts of a family of commands are defined apart.
  const twoWords = afterFirst[0] ? commands.find((c) => c.name === `${first} ${afterFirst[0]}`) : undefined;
  const name = twoWords ? twoWords.name : first;
  const rest = twoWords ? afterFirst.slice(1) : afterFirst;
  const json = rest.includes('--json');
  const command = twoWords ?? commands.find((c) => c.name === name);
  if (!name || name === 'help' || name === '--help') {
    io.err(usageText(commands));
    return name ? 0 : 2;
  }
  if (!command) {
    io.err(`未知命令「${name}」。\n\n${usageText(commands)}`);
    return 2;
  }
  let args: unknown;
  let env: CliEnv;
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...command.options, json: { type: 'boolean' }, 'as-village': { type: 'string' } }, allowPositionals: true, strict: true });
    } catch (err) {
      throw new UsageError(translateParseError((err as Error).message));
    }
    const { 'as-village': asVillage, ...values } = parsed.values;
    const scope = asVillageOption.safeParse(asVillage);
    if (!scope.success) throw new UsageError(describeIssues(scope.error).message);
    env = { ...io, caller: callerFor(scope.data), dispatch };
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
