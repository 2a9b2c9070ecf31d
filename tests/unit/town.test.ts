import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, dispatch } from '../../electron/core/dispatch';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';

let t: TempLedger;
beforeEach(() => {
  t = openTempLedger();
});
afterEach(() => t.close());

const townRows = () => (t.ctx.ledger.sqlite.prepare('select count(*) as n from town').get() as { n: number }).n;

describe('the town through the bridge contract', () => {
  it('is null before setup', async () => {
    expect(await call(t.ctx, 'town.get', {})).toEqual({ ok: true, value: null });
  });

  it('refuses a wrong code with a Chinese message naming the field, and stores nothing', async () => {
    const r = await call(t.ctx, 'town.setup', { name: '城关镇', code: '320121100201' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.message).toContain('代码');
      expect(r.error.message).toContain('000 结尾');
      expect(r.error.problems?.[0]?.field).toBe('代码');
    }
    expect(townRows()).toBe(0);
  });

  it('refuses a missing or too short name', async () => {
    const r = await call(t.ctx, 'town.setup', { name: ' 镇 ', code: '320121100000' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('至少2个字');
    const r2 = await dispatch(t.ctx, 'town.setup', { code: '320121100000' });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error.message).toContain('乡镇名称');
    expect(townRows()).toBe(0);
  });

  it('stores a right one, normalized, and reads it back', async () => {
    const r = await call(t.ctx, 'town.setup', { name: ' 城关镇 ', code: '３２０１２１１０００００' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject({ name: '城关镇', code: '320121100000', kind: '镇' });
    const back = await call(t.ctx, 'town.get', {});
    expect(back.ok && back.value?.code).toBe('320121100000');
  });

  it('refuses a second setup but allows editing in 设置', async () => {
    await call(t.ctx, 'town.setup', { name: '城关镇', code: '320121100000' });
    const again = await call(t.ctx, 'town.setup', { name: '新镇', code: '320121101000' });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('CONFLICT');
    const edit = await call(t.ctx, 'town.update', { name: '城关街道', code: '320121001000' });
    expect(edit.ok && edit.value).toMatchObject({ name: '城关街道', kind: '街道' });
  });

  it('refuses editing before setup', async () => {
    const r = await call(t.ctx, 'town.update', { name: '城关镇', code: '320121100000' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('NOT_SET_UP');
  });

  it('answers an unknown channel or junk input with a typed error, never a throw', async () => {
    const unknown = await dispatch(t.ctx, 'town.drop', {});
    expect(unknown).toEqual({ ok: false, error: { code: 'VALIDATION', message: '未知的操作「town.drop」' } });
    const junk = await dispatch(t.ctx, 'town.setup', 'not an object');
    expect(junk.ok).toBe(false);
    const extra = await dispatch(t.ctx, 'town.get', { sneaky: 1 });
    expect(extra.ok).toBe(false);
  });

  it('reports the schema version and table counts', async () => {
    await call(t.ctx, 'town.setup', { name: '城关镇', code: '320121100000' });
    const r = await call(t.ctx, 'system.info', {});
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.schemaVersion).toBe(r.value.appSchemaVersion);
      expect(r.value.counts.town).toBe(1);
      expect(r.value.town?.name).toBe('城关镇');
    }
  });
});
