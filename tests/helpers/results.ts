// Unwrapping the { ok, value } | { ok: false, error } replies of the contract in tests.
import type { ServiceContext } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';

type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** The value of a reply that must succeed; a refusal fails the test with its code and message. */
export async function ok<T>(p: Promise<Reply<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The error of a reply that must be refused. */
export async function fails(p: Promise<{ ok: boolean; error?: { code: string; message: string } }>): Promise<{ code: string; message: string }> {
  const r = await p;
  if (r.ok || !r.error) throw new Error('the call should have been refused');
  return r.error;
}

/** 城关镇 with 柳河村 (one grid) and 东关社区 (one grid), through the channels. */
export async function twoVillageTown(ctx: ServiceContext) {
  await ok(call(ctx, 'town.setup', { name: '城关镇', code: '320121100000' }));
  const villageId = (await ok(call(ctx, 'village.create', { code: '320121100201', name: '柳河村' }))).id;
  const gridId = (await ok(call(ctx, 'grid.create', { villageId, kind: '综合网格', name: '第一网格' }))).id;
  const otherVillageId = (await ok(call(ctx, 'village.create', { code: '320121100001', name: '东关社区' }))).id;
  const otherGridId = (await ok(call(ctx, 'grid.create', { villageId: otherVillageId, kind: '综合网格', name: '东关一网格' }))).id;
  return { villageId, gridId, otherVillageId, otherGridId };
}
