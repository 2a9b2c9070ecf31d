// Switching the open database (设置 → 数据库, and the demo button of first-run setup).
import type { WorkspaceState } from '../../shared/contract/workspace';
import { call } from './api';
import type { useJob } from './jobs';

export const DEMO_RESIDENTS = 3000;
export const dbFilter = [{ name: '台账数据库', extensions: ['db'] }];

/** Opens the demo database (its own file) and fills it on first use; the town's database is never touched. */
export async function openDemo(job: ReturnType<typeof useJob>): Promise<WorkspaceState> {
  const state = await call('workspace.openDemo', {});
  if (!(await call('town.get', {}))) {
    await job.run('demo', (jobId) => call('demo.load', { residents: DEMO_RESIDENTS, seed: 1, jobId }));
  }
  return state;
}
