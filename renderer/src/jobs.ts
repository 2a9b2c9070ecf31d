// Long jobs (import, demo data): a job id passed in the input, progress events from the core, cancel.
import { useCallback, useRef, useState } from 'react';
import type { ProgressEvent } from '../../shared/contract';

export function newJobId(prefix = 'job'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface JobProgress {
  done: number;
  total: number;
  stage: string;
}

/**
 * Runs one long job at a time: `run(fn)` gives fn a fresh job id and tracks the progress events of
 * that job until fn settles. `cancel()` asks the core to stop it.
 */
export function useJob() {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const jobRef = useRef<string | null>(null);

  const run = useCallback(async <T,>(prefix: string, fn: (jobId: string) => Promise<T>): Promise<T> => {
    const jobId = newJobId(prefix);
    jobRef.current = jobId;
    setRunning(true);
    setProgress(null);
    const off = window.api.onProgress((e: ProgressEvent) => {
      if (jobRef.current === jobId && e.jobId === jobId) setProgress({ done: e.done, total: e.total, stage: e.stage });
    });
    try {
      return await fn(jobId);
    } finally {
      off();
      if (jobRef.current === jobId) {
        jobRef.current = null;
        setRunning(false);
      }
    }
  }, []);

  const cancel = useCallback(() => {
    if (jobRef.current) void window.api.cancel(jobRef.current);
  }, []);

  return { running, progress, run, cancel };
}

export function progressPercent(p: JobProgress | null): number {
  if (!p || p.total <= 0) return 0;
  return Math.min(100, Math.round((p.done / p.total) * 100));
}
