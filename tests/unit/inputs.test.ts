// What every channel's input obeys (shared/contract/harden.ts), through dispatch on a real town:
// unknown keys refused, strings and lists bounded, text that cannot go into xlsx refused, dates
// kept to 1900–2100, and messages that name fields in Chinese and repeat little of the input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import { fails, ok, twoVillageTown } from '../helpers/results';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';

let t: TempLedger;
let ids: Awaited<ReturnType<typeof twoVillageTown>>;
beforeAll(async () => {
  t = openTempLedger();
  ids = await twoVillageTown(t.ctx);
});
afterAll(() => t.close());

const households = () => t.ctx.ledger.sqlite.prepare('select count(*) from household').pluck().get() as number;

describe('channel inputs', () => {
  it('refuses unknown keys, also nested and in unions, without naming them', async () => {
    const top = await fails(dispatch(t.ctx, 'household.create', { gridId: ids.gridId, address: '', tags: [], colour: 'red' }));
    expect(top.code).toBe('VALIDATION');
    expect(top.message).toContain('不认识的内容');
    expect(top.message).not.toContain('colour');
    const nested = await fails(dispatch(t.ctx, 'released.team', { id: 1, members: [{ name: '甲', role: '01', extra: 1 }] }));
    expect(nested.message).toContain('不认识的内容');
    const union = await fails(dispatch(t.ctx, 'record.add', { kind: 'visit', householdId: 1, date: '2026-10-01', method: '家访', content: '看望', risk: 3 }));
    expect(union.message).toContain('不认识的内容');
    const rules = await fails(dispatch(t.ctx, 'rules.set', { changes: {}, also: 1 }));
    expect(rules.code).toBe('VALIDATION');
    expect(households()).toBe(0);
  });

  it('bounds every string and list, and refuses characters that xlsx cannot hold', async () => {
    const huge = await fails(dispatch(t.ctx, 'household.find', { query: '长'.repeat(100_000) }));
    expect(huge.message.length).toBeLessThan(100);
    expect(huge.message).not.toContain('长长长长长长长长长长长长长长长长长长长长长');
    const list = await fails(dispatch(t.ctx, 'household.create', { gridId: ids.gridId, address: '', tags: Array(6000).fill('01') }));
    expect(list.message).toContain('不超过');
    for (const bad of ['a\uFFFEb', 'a\u0000b', 'a\u001Fb', 'x\uD800']) {
      const r = await fails(dispatch(t.ctx, 'household.create', { gridId: ids.gridId, address: bad, tags: [] }));
      expect(r.message, JSON.stringify(bad)).toContain('特殊字符');
    }
    // Tabs and new lines are ordinary text.
    await ok(dispatch(t.ctx, 'household.create', { gridId: ids.gridId, address: '一组\t3号\n东', tags: [] }) as never);
    expect(households()).toBe(1);
  });

  it('keeps dates to 1900–2100', async () => {
    for (const date of ['1899-12-31', '2101-01-01', '0001-01-01', '9999-12-31']) {
      const r = await fails(dispatch(t.ctx, 'grid.close', { id: ids.gridId, date, reason: '撤并' }));
      expect(r.message, date).toMatch(/1900 年至 2100 年之间|不是有效日期/);
    }
    expect((await fails(dispatch(t.ctx, 'due.list', { date: '2026-02-30' }))).message).toContain('不是有效日期');
  });

  it('names fields in Chinese, never an English key or type name, and carries the input path', async () => {
    const r = await fails(dispatch(t.ctx, 'lowIncome.register', { householdId: 1, confirmedOn: '2026-03-01', area: '农村', class: 'A', monthlyAmount: 1 }));
    expect(r.message).toContain('保障对象');
    expect(r.message).not.toMatch(/memberIds|array|undefined|expected/i);
    const typed = await dispatch(t.ctx, 'grid.tree', { includeClosed: 'yes' });
    expect(typed.ok).toBe(false);
    if (!typed.ok) {
      expect(typed.error.message).not.toMatch(/boolean|string|includeClosed/);
      expect(typed.error.problems?.[0]?.path).toEqual(['includeClosed']);
    }
    const many = await fails(dispatch(t.ctx, 'person.create', { idNumber: 1, name: 2, phone: 3, residenceKind: 4, keyConcern: 5 }));
    expect(many.message).toContain('等共');
    expect(many.message.length).toBeLessThanOrEqual(300);
  });

  it('file paths must be absolute: nothing is written to or read from the working folder', async () => {
    for (const path of ['导出.xlsx', '__proto__', './a.xlsx', 'C:relative.xlsx']) {
      const r = await fails(dispatch(t.ctx, 'person.export', { path }));
      expect(r.message, path).toContain('完整路径');
      expect((await fails(dispatch(t.ctx, 'import.residents.preview', { path }))).message, path).toContain('完整路径');
    }
  });

  it('an unknown channel name is quoted short', async () => {
    const r = await fails(dispatch(t.ctx, 'x'.repeat(10_000), {}));
    expect(r.message.length).toBeLessThan(60);
  });
});
