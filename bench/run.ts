// `npm run bench`: builds a demo town (100,000 residents; BENCH_RESIDENTS to change) in a temp
// folder, runs the named cases, prints a table of medians and ratios against the plain way and the
// goals, and writes bench/results/latest.json. It reports figures; it never fails on them.
//
// Each case runs in its own child process (same Node, same loader), so the peak RSS it reports is
// that of one main process doing that work, not what earlier cases left behind. Unmeasured set-up
// (writing the file to import) runs in this parent process.
//
//   BENCH_RESIDENTS=20000  size of the town          BENCH_RUNS=3     runs per timed case (median)
//   BENCH_QUERIES=300      search queries            BENCH_CASES=search,export   only these (demo always runs)
//   BENCH_KEEP=1           keep the temp folder
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoCase } from './cases/demoCase';
import { exportCase } from './cases/exportCase';
import { importCase } from './cases/importCase';
import { ledgersCase } from './cases/ledgersCase';
import { cardsCase } from './cases/cardsCase';
import { reportsCase } from './cases/reportsCase';
import { searchCase } from './cases/searchCase';
import { encryptionCase } from './cases/encryptionCase';
import { mapCase } from './cases/mapCase';
import { eventsCase } from './cases/eventsCase';
import { visitsCase } from './cases/visitsCase';
import {
  type BenchCase, type BenchEnv, type BenchSettings, type CaseResult, formatTable, machineInfo, type Measure, RssSampler, round,
} from './lib';
import { openContext } from './town';

/** Later issues add their cases here. The demo case comes first: it builds the town the others read. */
export const CASES: BenchCase[] = [demoCase, importCase, searchCase, exportCase, ledgersCase, reportsCase, cardsCase, encryptionCase, mapCase, eventsCase, visitsCase];

const RSS_GOAL_MB = 300;

type ChildMessage = { ok: true; result: CaseResult; startRssMb: number } | { ok: false; error: string; peakRssMb: number };

const log = (line: string) => process.stderr.write(line + '\n');

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} 应为正整数，现在是「${raw}」`);
  return n;
}

/** In the child: run one case and send its result to the parent. */
async function child(name: string) {
  const c = CASES.find((x) => x.name === name)!;
  const { settings, prepared } = JSON.parse(process.env.BENCH_CHILD!) as { settings: BenchSettings; prepared: unknown };
  const rss = new RssSampler();
  const startRssMb = round(process.memoryUsage.rss() / 1024 ** 2, 1);
  const env: BenchEnv = { ...settings, town: null, prepared, log, rss };
  if (c.name !== 'demo' && existsSync(settings.townPath)) env.town = { path: settings.townPath, ctx: openContext(settings.townPath) };
  let message: ChildMessage;
  try {
    const result = await c.run(env);
    result.peakRssMb = round(rss.peakMb(), 1);
    message = { ok: true, result, startRssMb };
  } catch (err) {
    message = { ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err), peakRssMb: round(rss.peakMb(), 1) };
  } finally {
    env.town?.ctx.ledger.close();
    await rss.stop();
  }
  await new Promise<void>((resolve) => process.send!(message, () => resolve()));
}

function runChild(c: BenchCase, settings: BenchSettings, prepared: unknown): Promise<ChildMessage> {
  return new Promise((resolve) => {
    const p = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, BENCH_CHILD_CASE: c.name, BENCH_CHILD: JSON.stringify({ settings, prepared }) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let message: ChildMessage | null = null;
    p.on('message', (m) => (message = m as ChildMessage));
    p.on('exit', (code, signal) =>
      resolve(message ?? { ok: false, error: `子进程异常退出（code ${code}${signal ? `，signal ${signal}` : ''}）`, peakRssMb: NaN }),
    );
  });
}

async function parent() {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const settings: BenchSettings = {
    dir,
    residents: envNumber('BENCH_RESIDENTS', 100_000),
    runs: envNumber('BENCH_RUNS', 3),
    queries: envNumber('BENCH_QUERIES', 300),
    townPath: join(dir, 'town.db'),
  };
  const only = process.env.BENCH_CASES?.split(',').map((s) => s.trim()).filter(Boolean);
  const cases = CASES.filter((c) => c.name === 'demo' || !only || only.includes(c.name));
  const machine = machineInfo();
  log(`bench: ${settings.residents} residents, ${settings.runs} runs, node ${machine.node}, ${machine.cpu} × ${machine.cores}, load ${machine.loadAverage.join(' ')}, temp ${dir}`);

  const results: { name: string; title: string; result?: CaseResult; error?: string; seconds: number; startRssMb?: number; peakRssMb?: number }[] = [];
  const started = Date.now();
  try {
    for (const c of cases) {
      log(`[${c.name}] ${c.title}`);
      const t0 = performance.now();
      let prepared: unknown;
      try {
        prepared = c.prepare ? await c.prepare(settings, log) : undefined;
      } catch (err) {
        results.push({ name: c.name, title: c.title, error: `准备失败：${(err as Error).message}`, seconds: 0 });
        continue;
      }
      const m = await runChild(c, settings, prepared);
      const seconds = round((performance.now() - t0) / 1000, 1);
      if (m.ok) results.push({ name: c.name, title: c.title, result: m.result, seconds, startRssMb: m.startRssMb, peakRssMb: m.result.peakRssMb });
      else {
        log(`  FAILED: ${m.error}`);
        results.push({ name: c.name, title: c.title, error: m.error, seconds, peakRssMb: m.peakRssMb });
        if (c.name === 'demo') break;
      }
    }
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    else log(`temp folder kept: ${dir}`);
  }

  const peaks = results.filter((r) => r.peakRssMb !== undefined && Number.isFinite(r.peakRssMb));
  // The goal is about the app's work: where a case tells its own operation apart from its baseline, that figure counts.
  const appPeaks = results.map((r) => r.result?.appPeakRssMb ?? r.peakRssMb).filter((x): x is number => x !== undefined && Number.isFinite(x));
  const peak = appPeaks.length ? Math.max(...appPeaks) : NaN;
  const memory: Measure[] = [
    { name: 'main-process peak RSS (worst app operation)', value: peak, unit: 'MB', goal: `≤ ${RSS_GOAL_MB} MB`, met: peak <= RSS_GOAL_MB },
    ...peaks.map((r) => ({ name: `peak RSS of the ${r.name} process`, value: r.peakRssMb!, unit: 'MB', baseline: r.startRssMb })),
  ];
  const table = [
    ...results.flatMap((r) =>
      r.result ? r.result.measures.map((m) => ({ case: r.name, m })) : [{ case: r.name, m: { name: `FAILED: ${r.error!.slice(0, 70)}`, value: NaN, unit: '' } }],
    ),
    ...memory.map((m) => ({ case: 'memory', m })),
  ];
  process.stdout.write(`\n${formatTable(table)}\n\n`);
  process.stdout.write('memory: each case runs in its own process; "baseline" = its RSS after loading modules (tsx included), before the case ran.\n');
  for (const r of results) for (const note of r.result?.notes ?? []) process.stdout.write(`[${r.name}] ${note}\n`);

  const out = {
    date: new Date().toISOString(),
    machine,
    settings: { residents: settings.residents, runs: settings.runs, queries: settings.queries, cases: cases.map((c) => c.name) },
    totalSeconds: round((Date.now() - started) / 1000, 1),
    cases: results.map((r) => ({
      name: r.name,
      title: r.title,
      seconds: r.seconds,
      ...(r.error ? { error: r.error } : {}),
      startRssMb: r.startRssMb,
      peakRssMb: r.peakRssMb,
      measures: r.result?.measures.map((m) => ({
        ...m,
        value: round(m.value, 3),
        baseline: m.baseline === undefined ? undefined : round(m.baseline, 3),
        ratio: m.ratio === undefined ? undefined : round(m.ratio, 3),
        samples: m.samples?.map((x) => round(x, 3)),
        baselineSamples: m.baselineSamples?.map((x) => round(x, 3)),
      })),
      notes: r.result?.notes,
    })),
    memory: { peakRssMb: peak, goalMb: RSS_GOAL_MB, met: peak <= RSS_GOAL_MB },
  };
  const file = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`\n结果已写入 ${file}\n`);
}

if (process.env.BENCH_CHILD_CASE) await child(process.env.BENCH_CHILD_CASE);
else await parent();
