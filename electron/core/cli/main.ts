// The headless CLI over the same core services the UI uses: for tests, benchmarks and IT staff.
//   npm run cli -- <command> [--db FILE] [--json] …
// Exit codes: 0 done, 1 the operation failed, 2 bad arguments (a Chinese usage message is printed).
import { dispatch } from '../dispatch';
import { commands } from './commands';
import { runCli } from './run';

const code = await runCli(process.argv.slice(2), commands, {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
}, dispatch);
process.exitCode = code;
