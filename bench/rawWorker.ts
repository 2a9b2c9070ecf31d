// Worker thread for a bench baseline: imports a module and calls one of its functions, so a
// baseline runs in a worker exactly as the app's job does.
import { parentPort, workerData } from 'node:worker_threads';

const { module, fn, args } = workerData as { module: string; fn: string; args: unknown[] };
try {
  const m = (await import(module)) as Record<string, (...a: unknown[]) => unknown>;
  // Only the work is timed: loading the bench's TypeScript through tsx is not the baseline's cost.
  const t0 = performance.now();
  const value = await m[fn]!(...args);
  parentPort!.postMessage({ ok: true, value, ms: performance.now() - t0 });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: String((err as Error)?.stack ?? err) });
}
