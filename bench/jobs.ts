// The app's job runner as the bench uses it: the built worker (out/main/jobWorker.js, what Electron
// ships) when it exists, else the TypeScript source through tsx.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createJobRunner, type AppJobRunner } from '../electron/core/jobs/runner';

const built = join(import.meta.dirname, '..', 'out', 'main', 'jobWorker.js');

export function benchJobs(): { jobs: AppJobRunner; workerFile: string } {
  const workerFile = existsSync(built) ? built : join(import.meta.dirname, '..', 'electron', 'core', 'jobs', 'worker.ts');
  return { jobs: createJobRunner({ workerFile, log: (m) => process.stderr.write(`${m}\n`) }), workerFile };
}
