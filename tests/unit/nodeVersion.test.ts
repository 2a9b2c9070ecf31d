// A newcomer on an unsupported Node gets one clear line, not a segmentation fault (issue 8, item 10):
// the check itself with fake versions, then the real CLI and the test runner under Node 20.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GET_NODE_LINUX, REQUIRED_NODE, nodeVersionProblem } from '../../electron/core/nodeVersion';
import { tempDir } from '../helpers/tempLedger';

const root = join(import.meta.dirname, '..', '..');
/** Debian's own Node (20), which the README tells the newcomer to replace. */
const OLD_NODE = '/usr/bin/node';

describe('the Node version check', () => {
  it('accepts 22.12 and later', () => {
    for (const v of ['v22.12.0', 'v22.23.5', 'v23.0.0', 'v24.11.1', '22.12.1']) expect(nodeVersionProblem(v, 'linux'), v).toBeNull();
  });

  it('refuses older ones with one line naming the need, the version found and the README command', () => {
    for (const v of ['v22.11.0', 'v20.20.2', 'v18.19.1', 'v21.99.0']) {
      const line = nodeVersionProblem(v, 'linux')!;
      expect(line, v).toContain('Node.js ≥ 22.12');
      expect(line, v).toContain(`当前是 ${v}`);
      expect(line, v).toContain(GET_NODE_LINUX);
      expect(line, v).not.toContain('\n');
    }
    expect(nodeVersionProblem('v20.20.2', 'win32')).toContain('nodejs.org');
    expect(nodeVersionProblem('', 'linux')).toContain('当前是 未知版本');
    expect(nodeVersionProblem('not a version', 'linux')).toContain('Node.js ≥ 22.12');
  });

  it('holds the same floor as package.json, and npm refuses an older Node at install', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${REQUIRED_NODE.major}.${REQUIRED_NODE.minor}`);
    expect(readFileSync(join(root, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
    // The README's command is the one the line gives.
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(GET_NODE_LINUX);
  });
});

describe('under Node 20', () => {
  const run = (args: string[]) => spawnSync(OLD_NODE, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });

  it('has a Node 20 to try with', () => {
    expect(existsSync(OLD_NODE), `${OLD_NODE} (Debian's nodejs) is needed for these tests`).toBe(true);
    expect(run(['--version']).stdout.trim()).toMatch(/^v20\./);
  });

  it('the CLI stops with the one line and exit code 1, before the SQLite addon loads (no database file made)', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'town.db');
      const r = run(['--import', 'tsx', 'electron/core/cli/entry.ts', 'info', '--db', db, '--json']);
      expect(r.status, r.stderr).toBe(1);
      expect(r.signal).toBeNull();
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(nodeVersionProblem(run(['--version']).stdout.trim(), process.platform));
      expect(existsSync(db)).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('the unit tests, the e2e tests and the bench (npm test, npm run bench) stop the same way', () => {
    const tests = run([join('node_modules', 'vitest', 'vitest.mjs'), 'run', 'tests/unit/idNumber.test.ts']);
    expect(tests.status).toBe(1);
    expect(tests.stderr.trim()).toContain('Node.js ≥ 22.12');
    expect(tests.stdout).not.toContain('passed');
    const e2e = run([join('node_modules', '@playwright', 'test', 'cli.js'), 'test', '--list']);
    expect(e2e.status).toBe(1);
    expect(e2e.stderr.trim().split('\n')).toEqual([expect.stringContaining('Node.js ≥ 22.12')]);
    const bench = run(['--import', 'tsx', 'scripts/check-node.ts']);
    expect(bench.status).toBe(1);
    expect(bench.stderr.trim().split('\n')).toEqual([expect.stringContaining('Node.js ≥ 22.12')]);
  });
});
