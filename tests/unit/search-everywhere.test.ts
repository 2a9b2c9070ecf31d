// The header search (search.everywhere): residents, households and ledger entries from one query of
// any kind; a scoped caller finds nothing of another village; the duplicate-ID error names the person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USER, type ServiceContext } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { makeScopeTown, type ScopeTown } from '../helpers/scopeTown';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { ok } from '../helpers/results';

let t: TempLedger;
let town: ScopeTown;
let scopedA: ServiceContext;

beforeAll(async () => {
  t = openTempLedger();
  town = await makeScopeTown(t.ctx);
  scopedA = { ...t.ctx, caller: { ...LOCAL_USER, userId: 'village-a', villageScope: [town.a.code] } };
});
afterAll(() => t.close());

const find = (query: string, ctx: ServiceContext = t.ctx) => ok(call(ctx, 'search.everywhere', { query }));
const residentNames = (h: Awaited<ReturnType<typeof find>>) => h.residents.rows.map((p) => p.name).sort();

describe('search.everywhere', () => {
  it('a name finds the person, their household and every ledger entry they are in', async () => {
    const h = await find('东户主');
    expect(residentNames(h)).toEqual(['东户主']);
    expect(h.households.map((x) => x.id)).toEqual([town.b.householdId]);
    expect(h.households[0]).toMatchObject({ headName: '东户主', memberCount: 2 });
    // 东户主 is 帮教对象 and a member of the 低保 household
    expect(h.ledgers.map((l) => [l.ledger, l.entryId]).sort()).toEqual([['lowIncome', town.b.lowIncomeId], ['released', town.b.releasedId]].sort());
  });

  it('part of a name, initials, an ID fragment and a 户号 (whole or part) each find the right records', async () => {
    expect(residentNames(await find('户主'))).toEqual(['东户主', '柳户主']);
    expect(residentNames(await find('成员'))).toEqual(['东成员', '柳成员']);
    const member = (await find('东成员')).residents.rows[0]!;
    expect((await find('东成员')).ledgers.map((l) => [l.ledger, l.entryId]).sort()).toEqual([['lowIncome', town.b.lowIncomeId], ['patient', town.b.patientId]].sort());
    expect((await find(member.idNumber.slice(5, 13))).residents.rows.map((p) => p.id)).toContain(member.id);
    expect(residentNames(await find('wgb'))).toEqual(['无格丙']);
    const number = (await find('东户主')).households[0]!.number;
    const byNumber = await find(number.slice(-10));
    expect(byNumber.households.map((x) => x.number)).toEqual([number]);
    expect(byNumber.ledgers.map((l) => l.entryId)).toEqual([town.b.lowIncomeId]);
    expect((await find(number)).households.map((x) => x.id)).toEqual([town.b.householdId]);
  });

  it('a scoped caller finds nothing of another village, by any kind of query', async () => {
    const number = (await find('东户主')).households[0]!.number;
    const member = (await find('东成员')).residents.rows[0]!;
    for (const q of ['东户主', '户主', 'dhz', member.idNumber.slice(5, 13), member.idNumber, number, number.slice(-10), '无格丙']) {
      const h = await find(q, scopedA);
      const text = JSON.stringify(h);
      for (const m of [...town.b.markers, ...town.loneMarkers]) expect(text, q).not.toContain(m);
      expect(h.households.map((x) => x.id), q).not.toContain(town.b.householdId);
    }
    expect(residentNames(await find('户主', scopedA))).toEqual(['柳户主']);
  });

  it('refuses an empty or overlong query in Chinese', async () => {
    for (const input of [{ query: '' }, { query: '  ' }, { query: '张'.repeat(41) }, { query: '张', limit: 0 }, { query: '张', limit: 500 }]) {
      const r = await call(t.ctx, 'search.everywhere', input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await find("'; DROP TABLE resident; --")).residents.total).toBe(0);
    expect((await find('"*')).residents.total).toBe(0);
  });
});

describe('the duplicate-ID refusal', () => {
  it('names the person who has the ID, so the form can link to them', async () => {
    const head = (await find('东户主')).residents.rows[0]!;
    const r = await call(t.ctx, 'person.create', { idNumber: head.idNumber, name: '重复登记', gridId: null });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONFLICT');
    expect(r.error.message).toContain('已登记为');
    expect(r.error.about).toEqual({ resident: head.id });
  });
});
