// Crash safety: a writer process is killed with SIGKILL at random moments — while it opens the file (WAL recovery),
// saves households, runs a residents import, generates and freezes a month, or takes the backup before them — and after
// every kill the encrypted database opens with its key, integrity_check is ok, and every transaction the writer
// reported committed is there. KILL_RUNS kills (default 30, under a minute on a busy 2-core machine; `KILL_RUNS=200` for the
// full run of the issue). The writers are bundled once with esbuild so each starts in about a second, and the next one loads while the
// last is checked; one in every HEAVY_EVERY runs is a heavy writer (import + month package through dispatch) given
// longer before its kill.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrityCheck } from '../../electron/core/backup/snapshot';
import { LOCAL_USER, type ServiceContext } from '../../electron/core/context';
import { openLedger } from '../../electron/core/db/open';
import { newDbKey } from '../../electron/core/security/keyring';
import { makeId } from '../helpers/peopleFixtures';
import { twoVillageTown } from '../helpers/results';
import { tempDir } from '../helpers/tempLedger';

const KILL_RUNS = Number(process.env.KILL_RUNS ?? 30);
const HEAVY_EVERY = 15;
const root = join(import.meta.dirname, '..', '..');
const bundles = { writer: join(root, 'out', 'crash-writer.mjs'), heavy: join(root, 'out', 'crash-writer-heavy.mjs') };

let dir: string;
let cleanup: () => void;
let dbPath: string;
let gridId: number;
const key = newDbKey();

// A seeded generator, so a failing run can be replayed with the same moments.
let seed = 20261202;
const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0), seed / 2 ** 32);

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('crash-kill-'));
  dbPath = join(dir, 'ledger.db');
  const ledger = openLedger(dbPath, { key });
  const ctx: ServiceContext = { ledger, caller: LOCAL_USER, today: () => '2026-11-23' };
  gridId = (await twoVillageTown(ctx)).gridId;
  ledger.close();
  const bundle = (entry: string, outfile: string) => build({ entryPoints: [join(root, 'tests/helpers', entry)], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'error' });
  await bundle('crashWriter.ts', bundles.writer);
  await bundle('crashWriterHeavy.ts', bundles.heavy);
}, 60_000);
afterAll(() => cleanup());

interface Writer {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  loaded: Promise<void>;
  /** The writer has the database open (it has recovered the WAL of the last kill). */
  opened: Promise<void>;
  exited: Promise<void>;
  heavy: boolean;
  xlsx?: { file: string; ids: string[] };
}

async function importFile(run: number): Promise<{ file: string; ids: string[] }> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('实有人口');
  ws.addRow(['姓名', '公民身份号码', '性别']);
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) {
    const id = makeId(`19${String(50 + (run % 40)).padStart(2, '0')}0101`, String(i * 2 + 1).padStart(3, '0'));
    ids.push(id);
    ws.addRow([`导入${run}号${i}`, id, '男']);
  }
  const file = join(dir, `import-${run}.xlsx`);
  await wb.xlsx.writeFile(file);
  return { file, ids };
}

async function startWriter(run: number): Promise<Writer> {
  const heavy = run % HEAVY_EVERY === 0;
  const xlsx = heavy ? await importFile(run) : undefined;
  const pkg = join(dir, `pkg-${run}`);
  if (heavy) mkdirSync(pkg);
  const args = [bundles.writer, dbPath, String(gridId), `K${run}`, ...(heavy ? [bundles.heavy, xlsx!.file, pkg] : [])];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, LEDGER_TEST_KEY: key.toString('hex') }, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buffer = '';
  let onLoaded: () => void = () => {};
  const loaded = new Promise<void>((r) => (onLoaded = r));
  let onOpen: () => void = () => {};
  const opened = new Promise<void>((r) => (onOpen = r));
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      if (line === 'loaded') onLoaded();
      if (line === 'open') onOpen();
    }
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGKILL') lines.push(`E exited ${code} ${signal} ${stderr.slice(0, 2000)}`);
  });
  return { child, lines, loaded, opened, exited, heavy, xlsx };
}

describe(`SIGKILL at random moments, ${KILL_RUNS} times`, () => {
  it('after every kill: opens with the key, integrity_check ok, every reported transaction present', async () => {
    const households = new Set<string>();
    const imported: string[][] = [];
    let packaged = false;
    let kills = 0;
    // Writers load ahead (two at a time) while the one before them writes and is checked.
    const AHEAD = 2;
    const queue: Promise<Writer>[] = [];
    for (let r = 1; r <= Math.min(AHEAD, KILL_RUNS); r++) queue.push(startWriter(r));
    for (let run = 1; run <= KILL_RUNS; run++) {
      const w = await queue.shift()!;
      await w.loaded;
      if (run + AHEAD <= KILL_RUNS) queue.push(startWriter(run + AHEAD));
      w.child.stdin.write('go\n');
      // One kill in four lands while the writer opens the file (recovering the last kill's WAL), the rest while it writes.
      if (random() >= 0.25) await Promise.race([w.opened, w.exited]);
      const delay = w.heavy ? 20 + random() * 6000 : 20 + random() * 280;
      await new Promise((r) => setTimeout(r, delay));
      w.child.kill('SIGKILL');
      await w.exited;
      kills++;
      const errors = w.lines.filter((l) => l.startsWith('E '));
      expect(errors, `run ${run}`).toEqual([]);
      for (const l of w.lines) {
        if (l.startsWith('H ')) households.add(l.slice(2));
        if (l.startsWith('I ')) imported.push(w.xlsx!.ids);
        if (l.startsWith('M ')) packaged = true;
      }
      const ledger = openLedger(dbPath, { key, backupBeforeMigration: false });
      try {
        const check = integrityCheck(ledger.sqlite);
        expect(check, `run ${run}`).toEqual({ ok: true, detail: 'ok' });
        const present = new Set((ledger.sqlite.prepare("select address from household where address like 'K%'").pluck().all() as string[]));
        const lost = [...households].filter((h) => !present.has(h));
        expect(lost, `run ${run}: households reported committed but missing`).toEqual([]);
        for (const ids of imported) {
          const n = ledger.sqlite.prepare(`select count(*) from resident where id_number in (${ids.map(() => '?').join(',')})`).pluck().get(...ids);
          expect(n, `run ${run}: an import reported committed is not all there`).toBe(ids.length);
        }
        if (packaged) expect(ledger.sqlite.prepare("select state from report_month where month = '2026-11'").pluck().get()).toBe('frozen');
      } finally {
        ledger.close();
      }
    }
    console.log(`crash-kill: ${kills} SIGKILLs, ${households.size} households, ${imported.length} imports, package frozen: ${packaged}; every one present after every kill`);
    expect(kills).toBe(KILL_RUNS);
    expect(households.size).toBeGreaterThan(0);
  }, 600_000);
});
