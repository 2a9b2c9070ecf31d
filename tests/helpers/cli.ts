// Runs CLI commands in-process (same code path as `npm run cli`), capturing output and exit code.
import { commands } from '../../electron/core/cli/commands';
import { runCli } from '../../electron/core/cli/run';

export async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, commands, { out: (s) => (stdout += s), err: (s) => (stderr += s) });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
