// Runs CLI commands in-process (same code path as `npm run cli`), capturing output and exit code.
import { commands } from '../../electron/core/cli/commands';
import { runCli } from '../../electron/core/cli/run';
import { dispatch } from '../../electron/core/dispatch';

export async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, commands, { out: (s) => (stdout += s), err: (s) => (stderr += s) }, dispatch);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
