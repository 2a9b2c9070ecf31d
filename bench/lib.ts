// The benchmark harness: named cases, statistics, an RSS sampler that keeps sampling while the main
// thread is busy in synchronous SQLite work, machine facts, and the printed table.
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3-multiple-ciphers';
import type { ServiceContext } from '../electron/core/context';

/** What a case's process is told; JSON, since every case runs in its own child process. */
export interface BenchSettings {
  /** Temp folder for databases and files of this run. */
  dir: string;
  residents: number;
  runs: number;
  queries: number;
  /** The demo town's database file (written by the demo case, read by the others). */
  townPath: string;
}

export interface BenchEnv extends BenchSettings {
  /** The demo town, opened in this process (the demo case sets it). */
  town: { path: string; ctx: ServiceContext } | null;
  /** What the case's prepare step returned. */
  prepared?: unknown;
  log: (line: string) => void;
  rss: RssSampler;
}

/** One line of the results table. */
export interface Measure {
  name: string;
  /** The measured figure (ms, MB …). */
  value: number;
  unit: string;
  /** The same work done the plain way, where there is one. */
  baseline?: number;
  /** value ÷ baseline. */
  ratio?: number;
  /** Goal, e.g. "≤ 1.5×" or "≤ 30 ms", and whether this run met it. */
  goal?: string;
  met?: boolean;
  /** Every sample, for the JSON file. */
  samples?: number[];
  baselineSamples?: number[];
}

export interface CaseResult {
  measures: Measure[];
  notes?: string[];
  /** Peak RSS while the case ran, in MB (its baselines included). */
  peakRssMb?: number;
  /** Peak RSS of the app's own operation where the case can tell it apart from its baseline. */
  appPeakRssMb?: number;
}

export interface BenchCase {
  name: string;
  title: string;
  /**
   * Unmeasured set-up (e.g. writing the file an import reads), run in the parent process so its
   * memory does not count against the case. Returns JSON handed to run() as env.prepared.
   */
  prepare?(settings: BenchSettings, log: (line: string) => void): Promise<unknown>;
  /** Runs in a fresh child process, so its peak RSS is its own. */
  run(env: BenchEnv): Promise<CaseResult>;
}

export const median = (xs: readonly number[]) => percentile(xs, 50);

/** Nearest-rank percentile. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const round = (x: number, digits = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

export async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * Samples the process's resident set every 10 ms from a worker thread (RSS is per process), so a
 * long synchronous transaction on the main thread is still seen. `peakMb()` reads the peak since `reset()`.
 */
export class RssSampler {
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;

  constructor() {
    this.shared[0] = this.shared[1] = Math.round(process.memoryUsage.rss() / 1024);
    this.worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const a = new Int32Array(workerData);
       setInterval(() => {
         const kb = Math.round(process.memoryUsage.rss() / 1024);
         if (kb > Atomics.load(a, 0)) Atomics.store(a, 0, kb);
         if (kb > Atomics.load(a, 1)) Atomics.store(a, 1, kb);
       }, 10);`,
      { eval: true, workerData: this.shared.buffer },
    );
    this.worker.unref();
  }

  /** Starts a new window for peakMb(); the overall peak is kept. */
  reset(): void {
    Atomics.store(this.shared, 0, Math.round(process.memoryUsage.rss() / 1024));
  }

  peakMb(): number {
    this.sampleNow();
    return Atomics.load(this.shared, 0) / 1024;
  }

  overallPeakMb(): number {
    this.sampleNow();
    return Atomics.load(this.shared, 1) / 1024;
  }

  private sampleNow() {
    const kb = Math.round(process.memoryUsage.rss() / 1024);
    if (kb > Atomics.load(this.shared, 0)) Atomics.store(this.shared, 0, kb);
    if (kb > Atomics.load(this.shared, 1)) Atomics.store(this.shared, 1, kb);
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

export function machineInfo() {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    arch: arch(),
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    /** Other work on the machine skews timings; recorded so a reader can tell. */
    loadAverage: loadavg().map((x) => round(x, 2)),
    memoryGb: round(totalmem() / 1024 ** 3, 1),
  };
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, n: number, right = false) => (right ? ' '.repeat(Math.max(0, n - width(s))) + s : s + ' '.repeat(Math.max(0, n - width(s))));

export function fmt(x: number | undefined, unit = ''): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return `${x.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

export function formatTable(rows: { case: string; m: Measure }[]): string {
  const header = ['case', 'measure', 'value', 'baseline', 'ratio', 'goal', 'met'];
  const body = rows.map(({ case: c, m }) => [
    c,
    m.name,
    fmt(m.value, m.unit),
    m.baseline === undefined ? '—' : fmt(m.baseline, m.unit),
    m.ratio === undefined ? '—' : `${m.ratio.toFixed(2)}×`,
    m.goal ?? '',
    m.met === undefined ? '' : m.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i]!))));
  const right = [false, false, true, true, true, false, false];
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, right[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** What the main thread went through while a job ran in its worker. */
export interface MainThreadReport<T> {
  value: T;
  ms: number;
  /** Worst event-loop delay (monitorEventLoopDelay, 5 ms resolution). */
  worstLagMs: number;
  /** Slowest answer to a small channel called every 10 ms meanwhile (what another window would feel). */
  worstPingMs: number;
  pings: number;
  /** Peak of the main isolate's heap while the job ran (the worker's heap is its own). */
  mainHeapPeakMb: number;
  /** Peak RSS of the whole process (main and worker) minus RSS before the job. */
  processRssGrowthMb: number;
}

export async function watchMainThread<T>(rss: RssSampler, ping: () => Promise<unknown>, job: () => Promise<T>): Promise<MainThreadReport<T>> {
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const lag = monitorEventLoopDelay({ resolution: 5 });
  let worstPingMs = 0;
  let pings = 0;
  let heapPeak = process.memoryUsage().heapUsed;
  let running = true;
  const pinger = (async () => {
    while (running) {
      const t0 = performance.now();
      await ping();
      worstPingMs = Math.max(worstPingMs, performance.now() - t0);
      pings++;
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const rssBefore = process.memoryUsage.rss() / 1024 ** 2;
  rss.reset();
  lag.enable();
  const t0 = performance.now();
  try {
    const value = await job();
    const ms = performance.now() - t0;
    return {
      value, ms, worstLagMs: lag.max / 1e6, worstPingMs, pings, mainHeapPeakMb: heapPeak / 1024 ** 2, processRssGrowthMb: rss.peakMb() - rssBefore,
    };
  } finally {
    lag.disable();
    running = false;
    await pinger;
  }
}

/**
 * Runs a bench-only function in a fresh worker thread (through tsx), so a baseline's time and memory
 * are measured the same way as the app's job in its worker.
 */
/** Runs module.fn(...args) in a fresh worker; `ms` is the call's own time inside the worker. */
export function inWorker<T>(module: string, fn: string, args: unknown[]): Promise<{ value: T; ms: number }> {
  return new Promise((resolve, reject) => {
    const file = new URL('./rawWorker.ts', import.meta.url);
    const w = new Worker(file, { execArgv: ['--import', 'tsx'], workerData: { module, fn, args } });
    w.once('message', (m: { ok: boolean; value?: T; ms?: number; error?: string }) => {
      void w.terminate();
      if (m.ok) resolve({ value: m.value as T, ms: m.ms! });
      else reject(new Error(m.error));
    });
    w.once('error', reject);
  });
}

/** A dispatch result's value, or the bench stops with the channel's own message. */
export async function ok<T>(p: Promise<{ ok: true; value: unknown } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

/**
 * A commit by another connection that changes no figure (as a save in the job worker or a second window does to
 * this connection's view): what the core keeps while nothing changed (db/kept.ts) is computed afresh on the next ask.
 */
export function commitElsewhere(path: string): { run: () => void; close: () => void } {
  const other = new Database(path);
  const touch = other.prepare('update village set name = name where id = (select min(id) from village)');
  return { run: () => void touch.run(), close: () => other.close() };
}
