// A job's threads give way to the app's main thread. On a 2-core office PC the package keeps the job, its task and
// zlib's threads busy at once; at equal priority the main thread (every window's IPC) then waited its turn for a
// core, up to ~70 ms. Linux lets a thread lower its own priority (setpriority on its thread id); elsewhere
// (Windows has no per-thread call in Node) nothing changes.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Nice 10: below the main thread (0), still far above idle. */
export const JOB_NICE = 10;
/** For a job's helper whose result is waited for last (the package's backup copy): a third of a job thread's share. */
export const BACKGROUND_NICE = 15;

/** Lowers the calling thread's priority; true when it did. */
export function lowerThisThread(nice = JOB_NICE): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // "<pid>/task/<tid>": the thread's own id, which setpriority(PRIO_PROCESS, tid) applies to alone.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
