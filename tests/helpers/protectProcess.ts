// The first-time encryption in a process of its own, for the power-cut test: it prints each step as it
// reaches it, so the parent can kill it with SIGKILL at any moment in between.
//   node --import tsx tests/helpers/protectProcess.ts DB
// With PAUSE_AT=<step> it stops for a while right after that step, so the parent kills it exactly there.
import { protectDatabase } from '../../electron/core/security/encrypt';

const [dbPath] = process.argv.slice(2) as [string];
const result = await protectDatabase(dbPath, { loginName: 'admin', displayName: '管理员', password: 'Kill-Test-2026' }, {
  kdfCost: { N: 2 ** 14, r: 8, p: 1 },
  onStep: (step) => {
    process.stdout.write(`step ${step}\n`);
    if (step === process.env.PAUSE_AT) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
  },
});
process.stdout.write(`code ${result.recoveryCode}\n`);
