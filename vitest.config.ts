import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // better-sqlite3 is a native addon: forks isolate it cleanly between files.
    pool: 'forks',
    // Every typed query the suite runs is also compiled by drizzle's dialect and must agree (db/query.ts).
    env: { LEDGER_CHECK_SQL: '1' },
  },
});
