// The unit tests' job worker, bundled once per run. Each job starts a worker; run from the TypeScript source
// under tsx, every start compiles and resolves the whole core again (~2 s on this 2-core machine, a few hundred
// starts in the suite). One esbuild bundle of the same source starts in under a second. Packages stay external
// as in the app's build (electron.vite.config.ts), except chinese-days, whose JSON the calendar imports.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
/** Where the bundle goes; vitest.config.ts hands it to the core as LEDGER_JOB_WORKER. */
export const BUNDLED_WORKER = join(root, 'test-results', 'unit-worker', 'jobWorker.mjs');

export default async function setup(): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const external = Object.keys(pkg.dependencies ?? {}).filter((name) => name !== 'chinese-days');
  await build({
    entryPoints: [join(root, 'electron', 'core', 'jobs', 'worker.ts')],
    outfile: BUNDLED_WORKER,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: [...external, ...external.map((name) => `${name}/*`)],
    logLevel: 'warning',
  });
}
