// Opening the ledger for one CLI command, with the same context the app gives its services.
import { z } from 'zod';
import { LOCAL_USER, localToday, type ServiceContext } from '../context';
import { openLedger } from '../db/open';

export const dbOption = z.string({ error: '请用 --db 指定数据库文件' }).min(1, '请用 --db 指定数据库文件');

/** `today` pins the date the services compare with (scripts, tests); by default the PC's date. */
export function withLedger<T>(dbPath: string, fn: (ctx: ServiceContext) => T, today?: string): T {
  const ledger = openLedger(dbPath);
  const day = today ?? localToday();
  try {
    return fn({ ledger, caller: LOCAL_USER, today: () => day });
  } finally {
    ledger.close();
  }
}

export async function withLedgerAsync<T>(dbPath: string, fn: (ctx: ServiceContext) => T | Promise<T>, today?: string): Promise<T> {
  const ledger = openLedger(dbPath);
  const day = today ?? localToday();
  try {
    // Awaited here, so the file stays open until the work is done.
    return await fn({ ledger, caller: LOCAL_USER, today: () => day });
  } finally {
    ledger.close();
  }
}

/** Progress on stderr for long commands, so --json output on stdout stays one object. */
export function stderrProgress(label: string) {
  let last = 0;
  return (done: number, total: number, stage: string) => {
    const now = Date.now();
    if (now - last < 500 && done < total) return;
    last = now;
    process.stderr.write(`${label}：${stage} ${done}/${total}\n`);
  };
}
