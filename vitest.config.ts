import { defineConfig } from 'vitest/config';
import { exitOnUnsupportedNode } from './electron/core/nodeVersion';
import { BUNDLED_WORKER } from './tests/helpers/bundledWorker';

// On Node 20 the SQLite addon would crash every test file without a word: stop with one line instead.
exitOnUnsupportedNode();

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // better-sqlite3 is a native addon: forks isolate it cleanly between files.
    pool: 'forks',
    // Two files at a time even on a 2-core PC (vitest's default is cores − 1 = one): much of the suite waits on
    // child processes (the CLI, LibreOffice, the job worker, killed writers), so the second core is otherwise idle.
    maxWorkers: 2,
    // Every typed query the suite runs is also compiled by drizzle's dialect and must agree (db/query.ts).
    env: { LEDGER_CHECK_SQL: '1', LEDGER_JOB_WORKER: BUNDLED_WORKER },
    // Builds that worker once for the run.
    globalSetup: ['tests/helpers/bundledWorker.ts'],
  },
});
