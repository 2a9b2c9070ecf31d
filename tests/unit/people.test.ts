// Residents and households through the bridge contract (call → dispatch → service → SQLite).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { closeGrid, expectErr, expectOk, makeId, seedTown, wrongCheck, type Town } from '../helpers/peopleFixtures';

let t: TempLedger;
let town: Town;
beforeEach(() => {
  t = openTempLedger({ today: '2026-11-23' });
  town = seedTown(t.ctx);
});
afterEach(() => t.close());

const residents = () => (t.ctx.ledger.sqlite.prepare('SELECT count(*) FROM resident').pluck().get() as number);
const households = () => (t.ctx.ledger.sqlite.prepare('SELECT count(*) FROM household').pluck().get() as number);

const ZHANG_SAN = makeId('19800315', '011'); // 男
const LI_SI = makeId('19851120', '022'); // 女

async function household(input: Record<string, unknown> = {}) {
  return expectOk(await call(t.ctx, 'household.create', { gridId: town.grid1, address: '东村1组5号', ...input }));
}

async function person(input: Record<string, unknown>) {
  return call(t.ctx, 'person.create', { idNumber: ZHANG_SAN, name: '张三', ...input });
}

describe('households', () => {
  it('numbers households per grid (grid code + 4-digit serial) and stores tags', async () => {
    const a = await household({ tags: ['低保五保户', '04'] });
    const b = await household();
    expect(a.number).toBe('3201211002010010001');
    expect(b.number).toBe('3201211002010010002');
    expect(a.tags).toEqual(['01', '04']);
    expect(a).toMatchObject({ gridName: '东村一网格', villageName: '东村', address: '东村1组5号', members: [] });
    const other = await household({ gridId: town.grid2 });
    expect(other.number).toBe('3201211002010020001');
    const none = await household({ gridId: null });
    expect(none.number).toBe('3201211000000000001');
    expect(t.ctx.ledger.sqlite.prepare('SELECT tag FROM household_tag WHERE household_id = ? ORDER BY tag').pluck().all(a.id)).toEqual(['01', '04']);
  });

  it('keeps a typed 户号, and refuses one already used, naming the household', async () => {
    const a = await household({ number: 'HJ-0001' });
    expect(a.number).toBe('HJ-0001');
    expectOk(await person({ householdId: a.id, relation: '户主' }));
    const dup = expectErr(await call(t.ctx, 'household.create', { gridId: town.grid1, number: 'HJ-0001' }));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toContain('HJ-0001');
    expect(dup.message).toContain('户主张三');
    expect(households()).toBe(1);
  });

  it('refuses a closed grid, an unknown grid and an unknown tag', async () => {
    const closed = expectErr(await call(t.ctx, 'household.create', { gridId: town.closedGrid }));
    expect(closed.code).toBe('CONFLICT');
    expect(closed.message).toContain('西村二网格');
    expect(closed.message).toContain('撤销');
    const missing = expectErr(await call(t.ctx, 'household.create', { gridId: 999 }));
    expect(missing.code).toBe('NOT_FOUND');
    const tag = expectErr(await call(t.ctx, 'household.create', { gridId: town.grid1, tags: ['富裕户'] }));
    expect(tag.code).toBe('VALIDATION');
    expect(tag.message).toContain('富裕户');
    expect(households()).toBe(0);
  });

  it('moves members that followed the household to the new grid, replaces tags, keeps the number', async () => {
    const h = await household({ tags: ['01'] });
    const head = expectOk(await person({ householdId: h.id, relation: '02' }));
    const elsewhere = expectOk(await person({ idNumber: LI_SI, name: '李四', householdId: h.id, relation: '12', gridId: town.grid3 }));
    const moved = expectOk(await call(t.ctx, 'household.update', { id: h.id, gridId: town.grid2, address: '东村2组1号', tags: ['05'] }));
    expect(moved.number).toBe(h.number);
    expect(moved.gridName).toBe('东村二网格');
    expect(moved.tags).toEqual(['05']);
    const byId = new Map(moved.members.map((m) => [m.id, m]));
    expect(byId.get(head.id)?.gridId).toBe(town.grid2);
    expect(byId.get(elsewhere.id)?.gridId).toBe(town.grid3);
  });

  it('refuses moving a household into a closed grid, and leaves it unchanged', async () => {
    const h = await household();
    const r = expectErr(await call(t.ctx, 'household.update', { id: h.id, gridId: town.closedGrid, tags: ['02'] }));
    expect(r.code).toBe('CONFLICT');
    const back = expectOk(await call(t.ctx, 'household.get', { id: h.id }));
    expect(back.gridId).toBe(town.grid1);
    expect(back.tags).toEqual([]);
  });

  it('finds households by 户号, address and member name, with head and member count', async () => {
    const h = await household({ address: '东村1组5号' });
    await household({ address: '西街8号', gridId: town.grid3 });
    expectOk(await person({ householdId: h.id, relation: '02' }));
    expectOk(await person({ idNumber: LI_SI, name: '李四', householdId: h.id, relation: '12' }));
    const byName = expectOk(await call(t.ctx, 'household.find', { query: '李四' }));
    expect(byName).toHaveLength(1);
    expect(byName[0]).toMatchObject({ id: h.id, headName: '张三', memberCount: 2 });
    expect(expectOk(await call(t.ctx, 'household.find', { query: 'zs' })).map((x) => x.id)).toEqual([h.id]);
    expect(expectOk(await call(t.ctx, 'household.find', { query: '西街' })).map((x) => x.address)).toEqual(['西街8号']);
    expect(expectOk(await call(t.ctx, 'household.find', { query: h.number })).map((x) => x.id)).toEqual([h.id]);
    expect(expectOk(await call(t.ctx, 'household.find', { query: '', gridId: town.grid3 }))).toHaveLength(1);
    expect(expectOk(await call(t.ctx, 'household.find', { query: '不存在的地方' }))).toEqual([]);
    expect(expectErr(await call(t.ctx, 'household.find', { query: 'x', limit: 1000 })).code).toBe('VALIDATION');
    expect(expectOk(await call(t.ctx, 'household.find', { query: '', limit: -1 }))).toEqual([]);
  });

  it('answers NOT_FOUND for a household that does not exist', async () => {
    expect(expectErr(await call(t.ctx, 'household.get', { id: 42 })).code).toBe('NOT_FOUND');
    expect(expectErr(await call(t.ctx, 'household.update', { id: 42, gridId: null })).code).toBe('NOT_FOUND');
  });
});

describe('creating a person', () => {
  it('derives sex and birth date from the ID, stores pinyin keys, defaults the grid to the household’s', async () => {
    const h = await household();
    const p = expectOk(await person({ householdId: h.id, relation: '户主', ethnicity: '汉族', education: '高中', phone: '138 0000 1111' }));
    expect(p).toMatchObject({ idNumber: ZHANG_SAN, sex: '1', birthDate: '1980-03-15', gridId: town.grid1, householdId: h.id, relation: '02', ethnicity: '01', education: '60', status: '在册' });
    const keys = t.ctx.ledger.sqlite.prepare('SELECT name_pinyin, name_initials FROM resident WHERE id = ?').get(p.id);
    expect(keys).toEqual({ name_pinyin: 'zhangsan', name_initials: 'zs' });
    const got = expectOk(await call(t.ctx, 'person.get', { id: p.id }));
    expect(got.household?.members.map((m) => m.name)).toEqual(['张三']);
    expect(got.household?.members[0]?.age).toBe(46);
  });

  it('normalizes full-width characters, spaces and a lower-case x', async () => {
    const withX = makeId('19900101', '003');
    // Find a sequence whose check digit is X to exercise the lower-case x.
    let idX = withX;
    for (let s = 1; !idX.endsWith('X'); s++) idX = makeId('19900101', String(s).padStart(3, '0'));
    const typed = ` ${idX.slice(0, 6)}　${idX.slice(6, 17).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))}x `;
    const p = expectOk(await person({ idNumber: typed }));
    expect(p.idNumber).toBe(idX);
  });

  it('upgrades a 15-digit ID to 18 digits with the computed check digit', async () => {
    const p = expectOk(await person({ idNumber: '320121800315011' }));
    expect(p.idNumber).toBe(ZHANG_SAN);
    expect(p.birthDate).toBe('1980-03-15');
  });

  it('refuses a wrong check digit and stores nothing', async () => {
    const e = expectErr(await person({ idNumber: wrongCheck(ZHANG_SAN) }));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('校验位');
    expect(e.message).toContain('公民身份号码');
    expect(residents()).toBe(0);
  });

  it('refuses typed sex or birth date that contradict the ID, naming the field', async () => {
    const sex = expectErr(await person({ sex: '女' }));
    expect(sex.code).toBe('VALIDATION');
    expect(sex.message).toContain('性别');
    expect(sex.problems?.map((p) => p.field)).toEqual(['性别']);
    const birth = expectErr(await person({ birthDate: '1980-03-16' }));
    expect(birth.message).toContain('出生日期');
    expect(birth.message).toContain('1980-03-15');
    expect(birth.problems?.map((p) => p.field)).toEqual(['出生日期']);
    expectOk(await person({ sex: '1', birthDate: '1980-03-15' }));
    expect(residents()).toBe(1);
  });

  it('refuses an ID whose birth date is after today', async () => {
    const e = expectErr(await person({ idNumber: makeId('20261224', '011') }));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('晚于今天');
    expect(residents()).toBe(0);
  });

  it('refuses a second person with the same ID, naming the one on file', async () => {
    expectOk(await person({ gridId: town.grid1 }));
    const e = expectErr(await person({ name: '张叁', idNumber: '320121800315011' }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('张三');
    expect(e.message).toContain('东村一网格');
    expect(residents()).toBe(1);
  });

  it('refuses a closed grid, directly or through the household', async () => {
    const e = expectErr(await person({ gridId: town.closedGrid }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('撤销');
    const h = await household({ gridId: town.grid3 });
    closeGrid(t.ctx, town.grid3);
    const viaHousehold = expectErr(await person({ householdId: h.id }));
    expect(viaHousehold.code).toBe('CONFLICT');
    expect(viaHousehold.message).toContain('西村一网格');
    expect(residents()).toBe(0);
  });

  it('refuses missing names, unknown codes, bad dates and unknown households', async () => {
    const noName = expectErr(await person({ name: '  ' }));
    expect(noName.message).toContain('姓名');
    const code = expectErr(await person({ ethnicity: '火星族' }));
    expect(code.message).toContain('民族「火星族」不在代码表中');
    const date = expectErr(await person({ inflowDate: '2019-02-30', residenceKind: '流动' }));
    expect(date.message).toContain('登记日期');
    const future = expectErr(await person({ inflowDate: '2027-01-01', residenceKind: '流动' }));
    expect(future.message).toContain('登记日期 2027-01-01 晚于今天');
    const noHousehold = expectErr(await person({ householdId: 77 }));
    expect(noHousehold.code).toBe('NOT_FOUND');
    expect(noHousehold.message).toContain('户');
    expect(residents()).toBe(0);
  });

  it('stores the 流动人口 items', async () => {
    const p = expectOk(await person({ residenceKind: '流动人口', inflowReason: '务工', certificateType: '居住证', certificateNumber: 'JZ123', inflowDate: '2024-05-01', certificateExpiry: '2027-05-01', dwellingType: '租房', keyConcern: true }));
    expect(p).toMatchObject({ residenceKind: '2', inflowReason: '01', certificateType: '01', dwellingType: '02', keyConcern: true, inflowDate: '2024-05-01' });
  });
});

describe('editing and leaving', () => {
  it('updates a person, re-deriving keys, and refuses taking another person’s ID', async () => {
    const a = expectOk(await person({}));
    expectOk(await person({ idNumber: LI_SI, name: '李四' }));
    const edited = expectOk(await call(t.ctx, 'person.update', { id: a.id, idNumber: ZHANG_SAN, name: '赵三', phone: '13900001111' }));
    expect(edited.name).toBe('赵三');
    expect(t.ctx.ledger.sqlite.prepare('SELECT name_initials FROM resident WHERE id = ?').pluck().get(a.id)).toBe('zs');
    expect(t.ctx.ledger.sqlite.prepare('SELECT name_pinyin FROM resident WHERE id = ?').pluck().get(a.id)).toBe('zhaosan');
    const dup = expectErr(await call(t.ctx, 'person.update', { id: a.id, idNumber: LI_SI, name: '赵三' }));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toContain('李四');
    const contradiction = expectErr(await call(t.ctx, 'person.update', { id: a.id, idNumber: ZHANG_SAN, name: '赵三', sex: '2' }));
    expect(contradiction.message).toContain('性别');
    expect(expectOk(await call(t.ctx, 'person.get', { id: a.id })).phone).toBe('13900001111');
    expect(expectErr(await call(t.ctx, 'person.update', { id: 999, idNumber: ZHANG_SAN, name: '赵三' })).code).toBe('NOT_FOUND');
  });

  it('a person may stay in a grid that closed after they were placed there, but not move into one', async () => {
    const a = expectOk(await person({ gridId: town.grid3 }));
    closeGrid(t.ctx, town.grid3);
    expectOk(await call(t.ctx, 'person.update', { id: a.id, idNumber: ZHANG_SAN, name: '张三', gridId: town.grid3, phone: '13800000000' }));
    const b = expectOk(await person({ idNumber: LI_SI, name: '李四', gridId: town.grid1 }));
    const move = expectErr(await call(t.ctx, 'person.update', { id: b.id, idNumber: LI_SI, name: '李四', gridId: town.grid3 }));
    expect(move.code).toBe('CONFLICT');
  });

  it('leaving closes the record with date and reason; nothing is deleted; the record is then read-only', async () => {
    const a = expectOk(await person({ gridId: town.grid1 }));
    const left = expectOk(await call(t.ctx, 'person.leave', { id: a.id, kind: '迁出', date: '2026-10-08', reason: '迁往南京市' }));
    expect(left).toMatchObject({ status: '迁出', leftOn: '2026-10-08', leftReason: '迁往南京市', name: '张三' });
    expect(residents()).toBe(1);
    const edit = expectErr(await call(t.ctx, 'person.update', { id: a.id, idNumber: ZHANG_SAN, name: '张三' }));
    expect(edit.code).toBe('CONFLICT');
    expect(edit.message).toContain('2026-10-08');
    expect(edit.message).toContain('迁出');
    // The leaving itself can be corrected.
    const died = expectOk(await call(t.ctx, 'person.leave', { id: a.id, kind: '死亡', date: '2026-11-01', reason: '病故' }));
    expect(died).toMatchObject({ status: '死亡', leftOn: '2026-11-01', leftReason: '病故' });
    // A second registration of the same ID still conflicts, and says the person died.
    const again = expectErr(await person({}));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('死亡');
  });

  it('refuses a leaving date after today, before birth, or without a reason', async () => {
    const a = expectOk(await person({}));
    const future = expectErr(await call(t.ctx, 'person.leave', { id: a.id, kind: '迁出', date: '2026-12-01', reason: '迁出' }));
    expect(future.message).toContain('晚于今天');
    const beforeBirth = expectErr(await call(t.ctx, 'person.leave', { id: a.id, kind: '死亡', date: '1970-01-01', reason: '病故' }));
    expect(beforeBirth.message).toContain('早于出生日期');
    const noReason = expectErr(await call(t.ctx, 'person.leave', { id: a.id, kind: '迁出', date: '2026-11-01', reason: '' }));
    expect(noReason.message).toContain('原因');
    const badKind = expectErr(await call(t.ctx, 'person.leave', { id: a.id, kind: '失踪', date: '2026-11-01', reason: 'x' }));
    expect(badKind.code).toBe('VALIDATION');
    expect(expectOk(await call(t.ctx, 'person.get', { id: a.id })).status).toBe('在册');
  });

  it('a write that fails half-way leaves nothing behind (transaction)', async () => {
    // Tags are written after the household row: an impossible tag value forced past the contract
    // must roll the household back too.
    const { createHousehold } = await import('../../electron/core/people/service');
    t.ctx.ledger.sqlite.exec(`CREATE TRIGGER no_tag_99 BEFORE INSERT ON household_tag WHEN NEW.tag = '99' BEGIN SELECT RAISE(ABORT, 'no'); END`);
    expect(() => createHousehold(t.ctx, { gridId: town.grid1, address: '', note: '', tags: ['01', '99'] })).toThrow();
    expect(households()).toBe(0);
    expect(t.ctx.ledger.sqlite.prepare('SELECT count(*) FROM household_tag').pluck().get()).toBe(0);
  });
});
