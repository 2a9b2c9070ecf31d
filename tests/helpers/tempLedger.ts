// A real SQLite file in a fresh temp folder per test, opened through the same code the app uses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_USER, type ServiceContext } from '../../electron/core/context';
import { openLedger, type OpenOptions } from '../../electron/core/db/open';

export interface TempLedger {
  dir: string;
  path: string;
  ctx: ServiceContext;
  close(): void;
}

export function tempDir(prefix = 'ledger-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTempLedger(options: OpenOptions & { today?: string } = {}): TempLedger {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'ledger.db');
  const ledger = openLedger(path, options);
  const today = options.today ?? '2026-11-23';
  return {
    dir,
    path,
    ctx: { ledger, caller: LOCAL_USER, today: () => today },
    close: () => {
      ledger.close();
      cleanup();
    },
  };
}
