// Person search: what the query string matches, the filters, order, paging, and that the hot
// queries use the indexes they were written for.
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { compile } from '../../electron/core/db/query';
import { sql } from 'drizzle-orm';
import { rows } from '../../electron/core/db/query';
import { resident } from '../../electron/core/db/schema';
import { COUNT_AHEAD, matchCondition, matchSql, queryMatch, r, searchPersons } from '../../electron/core/people/search';
import { nameKeys } from '../../electron/core/people/searchKeys';
import { contract } from '../../shared/contract';
import { ageOn } from '../../shared/rules/idNumber';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { expectErr, expectOk, makeId, seedTown, type Town } from '../helpers/peopleFixtures';

let t: TempLedger;
let town: Town;

const IDS = {
  zhangSan: makeId('19800315', '011'),
  zhangShan: makeId('19920704', '022'),
  zhaoSi: makeId('19750101', '033'),
  liZhangHua: makeId('20010909', '045'),
  wangWu: makeId('19660606', '057'),
  migrant: makeId('19950505', '062', '410102'),
  gone: makeId('19500101', '071'),
  noGrid: makeId('19880808', '084'),
};

let ids: Record<keyof typeof IDS, number>;

beforeEach(async () => {
  t = openTempLedger({ today: '2026-11-23' });
  town = seedTown(t.ctx);
  const h1 = expectOk(await call(t.ctx, 'household.create', { gridId: town.grid1, tags: ['01'] }));
  const h2 = expectOk(await call(t.ctx, 'household.create', { gridId: town.grid3 }));
  const add = async (key: keyof typeof IDS, name: string, extra: Record<string, unknown> = {}) =>
    expectOk(await call(t.ctx, 'person.create', { idNumber: IDS[key], name, ...extra })).id;
  ids = {
    zhangSan: await add('zhangSan', '张三', { householdId: h1.id, relation: '02' }),
    zhangShan: await add('zhangShan', '张珊', { householdId: h1.id, relation: '12' }),
    zhaoSi: await add('zhaoSi', '赵四', { householdId: h2.id, relation: '02' }),
    liZhangHua: await add('liZhangHua', '李张华', { gridId: town.grid2, phone: '0510-88776655' }),
    wangWu: await add('wangWu', '王五', { gridId: town.grid3, phone: '13812345678' }),
    migrant: await add('migrant', '陈流', { gridId: town.grid2, residenceKind: '流动', inflowReason: '务工' }),
    gone: await add('gone', '张老', { gridId: town.grid1 }),
    noGrid: await add('noGrid', '周无', {}),
  };
  expectOk(await call(t.ctx, 'person.leave', { id: ids.gone, kind: '死亡', date: '2026-01-02', reason: '病故' }));
});
afterEach(() => t.close());

async function search(input: Record<string, unknown>) {
  return expectOk(await call(t.ctx, 'person.search', input));
}
const names = (r: { rows: { name: string }[] }) => r.rows.map((p) => p.name);

describe('what a query matches', () => {
  it('a name: exact first, then names starting with it, then names containing it; left persons hidden', async () => {
    const r = await search({ query: '张' });
    expect(names(r)).toEqual(['张三', '张珊', '李张华']);
    expect(r.total).toBe(3);
    expect(names(await search({ query: '张三' }))).toEqual(['张三']);
    expect(names(await search({ query: '张 珊' }))).toEqual(['张珊']);
    expect((await search({ query: '钱七' })).total).toBe(0);
  });

  it('a name holding the query twice is found once, at its better rank', async () => {
    expectOk(await call(t.ctx, 'person.create', { idNumber: makeId('19700101', '093'), name: '张张', gridId: town.grid1 }));
    expectOk(await call(t.ctx, 'person.create', { idNumber: makeId('19700101', '095'), name: '李华华', gridId: town.grid1 }));
    const r = await search({ query: '张' });
    expect(r.total).toBe(4);
    expect(names(r)).toEqual(['张三', '张张', '张珊', '李张华']);
    // both elsewhere in the name: by the name from the query on (华 before 华华), the order of the suffix index
    expect(names(await search({ query: '华' }))).toEqual(['李张华', '李华华']);
    expect((await search({ query: '华华' })).total).toBe(1);
  });

  it('pinyin initials and full pinyin, any case, full-width too', async () => {
    expect(names(await search({ query: 'zs' })).sort()).toEqual(['张三', '张珊', '赵四'].sort());
    expect(names(await search({ query: 'ZS' })).sort()).toEqual(['张三', '张珊', '赵四'].sort());
    expect(names(await search({ query: 'ｚｓ' })).sort()).toEqual(['张三', '张珊', '赵四'].sort());
    expect(names(await search({ query: 'zhangs' })).sort()).toEqual(['张三', '张珊']);
    expect(names(await search({ query: 'zhangsan' }))).toEqual(['张三']);
    expect(names(await search({ query: 'lzh' }))).toEqual(['李张华']);
    expect((await search({ query: 'qq' })).total).toBe(0);
  });

  it('an exact initials match ranks before a longer one', async () => {
    expectOk(await call(t.ctx, 'person.create', { idNumber: makeId('19700101', '091'), name: '张三丰', gridId: town.grid1 }));
    const r = await search({ query: 'zs' });
    expect(r.total).toBe(4);
    expect(names(r).slice(0, 3).sort()).toEqual(['张三', '张珊', '赵四'].sort());
    expect(names(r)[3]).toBe('张三丰');
    const z = await search({ query: 'z' });
    expect(names(z).sort()).toEqual(['张三', '张三丰', '张珊', '赵四', '周无'].sort());
  });

  it('any part of the ID number (4+ characters), a prefix for shorter digit strings', async () => {
    expect(names(await search({ query: IDS.wangWu.slice(-6) }))).toEqual(['王五']);
    expect(names(await search({ query: IDS.zhaoSi.slice(6, 14) }))).toEqual(['赵四']);
    expect(names(await search({ query: IDS.zhangSan }))).toEqual(['张三']);
    // an old 15-digit ID finds the stored 18-digit one
    expect(names(await search({ query: IDS.zhangSan.slice(0, 6) + IDS.zhangSan.slice(8, 17) }))).toEqual(['张三']);
    // 410 starts only the migrant's ID; "19" appears inside every ID but starts none
    expect(names(await search({ query: '410' }))).toEqual(['陈流']);
    expect((await search({ query: '19' })).total).toBe(0);
    expect((await search({ query: '1980' })).rows.map((p) => p.idNumber)).toContain(IDS.zhangSan);
  });

  it('an ID ending in X is found with a lower-case x', async () => {
    let idX = '';
    for (let s = 1; !idX.endsWith('X'); s += 2) idX = makeId('19770707', String(s).padStart(3, '0'));
    expectOk(await call(t.ctx, 'person.create', { idNumber: idX, name: '许艾克斯', gridId: town.grid1 }));
    expect(names(await search({ query: idX.slice(-5).toLowerCase() }))).toEqual(['许艾克斯']);
  });

  it('a phone number, by any part of 4+ digits', async () => {
    expect(names(await search({ query: '5678' }))).toEqual(['王五']);
    expect(names(await search({ query: '88776655' }))).toEqual(['李张华']);
    expect(names(await search({ query: '138' }))).toEqual(['王五']);
  });
});

describe('filters, order and paging', () => {
  it('by village, grid, tag, 户籍/流动 and no grid', async () => {
    expect(names(await search({ villageId: town.eastVillage })).sort()).toEqual(['张三', '张珊', '李张华', '陈流'].sort());
    expect(names(await search({ gridId: town.grid3 })).sort()).toEqual(['王五', '赵四'].sort());
    expect(names(await search({ tag: '低保五保户' })).sort()).toEqual(['张三', '张珊'].sort());
    expect(names(await search({ residenceKind: '流动' }))).toEqual(['陈流']);
    expect(names(await search({ noGrid: true }))).toEqual(['周无']);
    expect(names(await search({ query: 'zs', villageId: town.westVillage }))).toEqual(['赵四']);
    expect(names(await search({ query: '张', tag: '01' })).sort()).toEqual(['张三', '张珊'].sort());
    expect((await search({ query: '张', residenceKind: '2' })).total).toBe(0);
  });

  it('in no open grid includes people left in a closed grid', async () => {
    t.ctx.ledger.sqlite.prepare(`UPDATE grid SET closed_on = '2026-11-01' WHERE id = ?`).run(town.grid3);
    expect(names(await search({ noGrid: true })).sort()).toEqual(['周无', '王五', '赵四'].sort());
  });

  it('status: 在册 by default, or 死亡 / 迁出 / 全部', async () => {
    expect((await search({})).total).toBe(7);
    expect(names(await search({ status: '死亡' }))).toEqual(['张老']);
    expect((await search({ status: '迁出' })).total).toBe(0);
    expect((await search({ status: '全部' })).total).toBe(8);
    expect(names(await search({ query: 'zl', status: '全部' }))).toEqual(['张老']);
    expect((await search({ query: 'zl' })).total).toBe(0);
    const row = (await search({ query: '张老', status: '全部' })).rows[0]!;
    expect(row).toMatchObject({ status: '死亡', age: 76 });
  });

  it('pages with offset and limit; total counts every match', async () => {
    const all = await search({ limit: 100 });
    const first = await search({ limit: 3 });
    const second = await search({ limit: 3, offset: 3 });
    const past = await search({ limit: 3, offset: 50 });
    expect(first.total).toBe(7);
    expect(second.total).toBe(7);
    expect([...names(first), ...names(second)]).toEqual(names(all).slice(0, 6));
    expect(past).toEqual({ total: 7, totalAtLeast: false, rows: [] });
    // the list without a query is in 台账 order: no grid first, then by grid
    expect(all.rows.map((p) => p.gridId)).toEqual([...all.rows.map((p) => p.gridId)].sort((a, b) => (a ?? 0) - (b ?? 0)));
  });

  it('rows carry grid, village and household', async () => {
    const r = (await search({ query: '张三' })).rows[0]!;
    expect(r).toMatchObject({ idNumber: IDS.zhangSan, sex: '1', birthDate: '1980-03-15', age: 46, gridName: '东村一网格', villageName: '东村', relation: '02', residenceKind: '1', status: '在册' });
    expect(r.householdNumber).toMatch(/^3201211002010010001$/);
  });

  it('gives every row its age as the rules count it: a year less before the birthday, the dead at death', async () => {
    // today is 2026-11-23 (openTempLedger)
    const born = ['20001122', '20001123', '20001124', '20000229', '20001231', '20000101', '19561123'];
    for (const [i, date] of born.entries()) {
      expectOk(await call(t.ctx, 'person.create', { idNumber: makeId(date, String(200 + i * 2 + 1)), name: `年龄${i}`, gridId: town.grid1 }));
    }
    const found = (await search({ query: '年龄', status: '全部' })).rows;
    expect(found.map((p) => [p.birthDate, p.age])).toEqual([
      ['2000-11-22', 26], ['2000-11-23', 26], ['2000-11-24', 25], ['2000-02-29', 26], ['2000-12-31', 25], ['2000-01-01', 26], ['1956-11-23', 70],
    ]);
    const all = (await search({ status: '全部', limit: 1000 })).rows;
    for (const p of all) {
      const at = p.status === '死亡' ? (t.ctx.ledger.sqlite.prepare('SELECT left_on FROM resident WHERE id = ?').pluck().get(p.id) as string) : '2026-11-23';
      expect(p.age, p.name).toBe(Math.max(0, ageOn(p.birthDate, at)));
    }
    expect(all.some((p) => p.status === '死亡')).toBe(true);
  });

  it('refuses bad input with a Chinese message', async () => {
    expect(expectErr(await call(t.ctx, 'person.search', { query: '张'.repeat(41) })).message).toContain('搜索内容过长');
    expect(expectErr(await call(t.ctx, 'person.search', { limit: 0 })).code).toBe('VALIDATION');
    expect(expectErr(await call(t.ctx, 'person.search', { limit: 5000 })).code).toBe('VALIDATION');
    expect(expectErr(await call(t.ctx, 'person.search', { offset: -1 })).code).toBe('VALIDATION');
    expect(expectErr(await call(t.ctx, 'person.search', { tag: '富裕户' })).message).toContain('富裕户');
    expect(expectErr(await call(t.ctx, 'person.search', { status: '离开' })).code).toBe('VALIDATION');
    // odd characters are just text to look for, never SQL
    expect((await search({ query: "'; DROP TABLE resident; --" })).total).toBe(0);
    expect((await search({ query: '%' })).total).toBe(0);
    expect((t.ctx.ledger.sqlite.prepare('SELECT count(*) FROM resident').pluck().get() as number)).toBe(8);
  });
});

describe('at scale', () => {
  /** Many residents through plain SQL (the services would take too long here). */
  function bulk(n: number) {
    const db = t.ctx.ledger.sqlite;
    const insert = db.prepare(`INSERT INTO resident (id_number, name, sex, birth_date, phone, residence_kind, grid_id, status, name_pinyin, name_initials, created_at, updated_at)
      VALUES (?, ?, '1', '1990-01-01', ?, ?, ?, ?, ?, ?, 'x', 'x')`);
    const given = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇'];
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const name = `王${given[i % 10]}${given[Math.floor(i / 10) % 10]}`;
        const keys = nameKeys(name);
        const status = i % 7 === 0 ? '迁出' : '在册';
        insert.run(makeId('19900101', String(i % 1000).padStart(3, '0'), String(110000 + Math.floor(i / 1000))), name, `139${String(i).padStart(8, '0')}`, i % 5 === 0 ? '2' : '1', [town.grid1, town.grid2, town.grid3, null][i % 4], status, keys.namePinyin, keys.nameInitials);
      }
    })();
  }

  it('matches many rows the same way whichever path filters them; counts them exactly up to COUNT_AHEAD past the page', async () => {
    bulk(3000);
    const db = t.ctx.ledger.sqlite;
    const count = (where: string, ...p: unknown[]) => db.prepare(`SELECT count(*) FROM resident WHERE ${where}`).pluck().get(...p) as number;
    /** What a search of this page must say of a set of `n` matches. */
    const counted = (n: number, offset: number, limit: number) => ({ total: Math.min(n, offset + limit + COUNT_AHEAD), totalAtLeast: n > offset + limit + COUNT_AHEAD });
    const cases: [Record<string, unknown>, number][] = [
      // 3000 + 1 (王五) persons named 王…
      [{ query: '王' }, count(`status = '在册' AND name LIKE '王%'`)],
      [{ query: 'w' }, count(`status = '在册' AND (name_initials LIKE 'w%' OR name_pinyin LIKE 'w%')`)],
      [{ query: '王', gridId: town.grid2 }, count(`status = '在册' AND name LIKE '王%' AND grid_id = ?`, town.grid2)],
      [{ query: '王', residenceKind: '2', villageId: town.westVillage }, count(`status = '在册' AND name LIKE '王%' AND residence_kind = '2' AND grid_id IN (?, ?)`, town.grid3, town.closedGrid)],
      [{ query: '王', status: '迁出' }, count(`status = '迁出' AND name LIKE '王%'`)],
      [{ query: '1390', status: '全部' }, count(`phone LIKE '%1390%' OR id_number LIKE '%1390%'`)],
      [{ query: '139' }, count(`status = '在册' AND (phone LIKE '139%' OR id_number LIKE '139%')`)],
      [{ query: 'wwj', noGrid: true }, count(`status = '在册' AND name_initials = 'wwj' AND grid_id IS NULL`)],
      // the narrow path (few matches) agrees with the broad one
      [{ query: '王伟军', noGrid: true }, count(`status = '在册' AND name = '王伟军' AND grid_id IS NULL`)],
    ];
    for (const [input, n] of cases) {
      for (const [offset, limit] of [[0, 10], [0, 1000], [2000, 1000]] as const) {
        const found = await search({ ...input, offset, limit });
        expect({ total: found.total, totalAtLeast: found.totalAtLeast }, `${JSON.stringify(input)} ${offset}+${limit}`).toEqual(counted(n, offset, limit));
        expect(found.rows.length).toBe(Math.max(0, Math.min(limit, n - offset)));
      }
    }
    expect(cases.filter(([, n]) => n > 510).length).toBeGreaterThanOrEqual(4); // the cap is met, not only the exact count
    // deep pages of the plain list: the list without a query counts exactly
    const total = count(`status = '在册'`);
    const last = await search({ offset: total - 5, limit: 10 });
    expect(last).toMatchObject({ total, totalAtLeast: false });
    expect(last.rows).toHaveLength(5);
  });

  it('pages through a broad query: every match once, in one order, the count growing as the list is read', async () => {
    bulk(3000);
    const db = t.ctx.ledger.sqlite;
    for (const [query, where] of [
      ['王', `name LIKE '%王%'`],
      ['伟', `name LIKE '%伟%'`],
      ['w', `name_initials LIKE 'w%' OR name_pinyin LIKE 'w%'`],
      ['wangw', `name_initials LIKE 'wangw%' OR name_pinyin LIKE 'wangw%'`],
      ['0001', `phone LIKE '%0001%' OR id_number LIKE '%0001%'`],
      ['139', `phone LIKE '139%' OR id_number LIKE '139%'`],
    ] as const) {
      const expected = db.prepare(`SELECT id FROM resident WHERE status = '在册' AND (${where}) ORDER BY id`).pluck().all() as number[];
      const whole = await search({ query, limit: 1000, offset: 0 });
      const read: number[] = [];
      let seenTotal = 0;
      for (let offset = 0; ; offset += 97) {
        const page = await search({ query, offset, limit: 97 });
        expect(page.total, query).toBeGreaterThanOrEqual(seenTotal);
        seenTotal = page.total;
        read.push(...page.rows.map((p) => p.id));
        if (page.rows.length < 97) {
          expect(page.totalAtLeast, query).toBe(false);
          break;
        }
      }
      expect(seenTotal, query).toBe(expected.length);
      expect([...read].sort((a, b) => a - b), query).toEqual(expected);
      expect(read.slice(0, whole.rows.length), query).toEqual(whole.rows.map((p) => p.id));
    }
  });

  it('ranks numbers that start or end with the digits before those holding them elsewhere, each set by the number', async () => {
    bulk(300);
    const db = t.ctx.ledger.sqlite;
    const q = '0012';
    const all = (await search({ query: q, status: '全部', limit: 1000 })).rows;
    const rank = (p: { idNumber: string; phone: string }) =>
      [p.idNumber, p.phone].some((v) => v === q) ? 0 : [p.idNumber, p.phone].some((v) => v.startsWith(q) || v.endsWith(q)) ? 1 : 2;
    const ranks = all.map((p) => rank(p));
    expect(ranks).toEqual([...ranks].sort());
    expect(new Set(ranks)).toEqual(new Set([1, 2]));
    const firstRank = all.filter((p) => rank(p) === 1);
    const key = (p: { idNumber: string; phone: string }) => [p.idNumber, p.phone].filter((v) => v.startsWith(q) || v.endsWith(q)).sort()[0]!;
    expect(firstRank.map(key)).toEqual(firstRank.map(key).sort());
    const elsewhere = all.filter((p) => rank(p) === 2).map((p) => p.id);
    expect(elsewhere).toEqual([...elsewhere].sort((a, b) => a - b));
    expect(all.length).toBe(db.prepare(`SELECT count(*) FROM resident WHERE instr(id_number, ?) > 0 OR instr(phone, ?) > 0`).pluck().get(q, q));
  });

  /** The plan of the exact text the service runs (the compiled template), on a connection. */
  function planOn(db: typeof t.ctx.ledger.sqlite, q: string) {
    const m = compile(matchSql(q)!);
    return (db.prepare(`EXPLAIN QUERY PLAN ${m.sql}`).all(...m.params) as { detail: string }[]).map((r) => r.detail).join(' | ');
  }

  it('every kind of query is an index lookup, never a scan of the residents', () => {
    const plan = (q: string) => planOn(t.ctx.ledger.sqlite, q);
    // names of any length, any part: a range on the name suffixes
    for (const q of ['张', '张三', '张三丰', '三丰'])
      expect(plan(q), q).toBe('SEARCH resident_name_part USING PRIMARY KEY (part>? AND part<?)');
    expect(plan('zs')).toMatch(/SEARCH resident USING COVERING INDEX resident_initials \(name_initials>\? AND name_initials<\?\).*SEARCH resident USING COVERING INDEX resident_pinyin/);
    // 4+ digits anywhere: the ID and phone indexes for those starting with them, a range of suffix terms for the rest
    for (const q of ['1234', '123456', '13812345678', '0315011X']) {
      expect(plan(q), q).toMatch(/COVERING INDEX resident_id_number \(id_number>\? AND id_number<\?\).*COVERING INDEX resident_phone \(phone>\? AND phone<\?\).*SCAN resident_number_term VIRTUAL TABLE INDEX \d+:/);
    }
    expect(plan('320')).toMatch(/COVERING INDEX resident_id_number \(id_number>\? AND id_number<\?\).*COVERING INDEX resident_phone \(phone>\? AND phone<\?\)/);
    expect(plan('320')).not.toContain('resident_number_term');
    expect(plan(IDS.zhangSan)).toContain('resident_id_number (id_number=?)');
    for (const q of ['张', '张三', 'zs', 'zhangs', '12', '123456', IDS.zhangSan]) expect(plan(q), q).not.toMatch(/SCAN resident(?! USING COVERING)(?!_number_term VIRTUAL)/);
  });

  it('the statements a search runs (match, filters, count, page) read no table whole', async () => {
    bulk(300);
    const db = t.ctx.ledger.sqlite;
    const seen: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((text: string) => {
      if (/^(WITH|SELECT)/.test(text.trim()) && !seen.includes(text)) seen.push(text);
      return prepare(text);
    }) as typeof db.prepare;
    try {
      for (const query of ['王', '王伟', 'wwj', 'w', '1234', '139000', '13', IDS.zhangSan]) {
        for (const filter of [{}, { status: '全部' }, { status: '迁出' }, { gridId: town.grid1 }, { offset: 40 }]) await search({ query, ...filter });
      }
    } finally {
      db.prepare = prepare;
    }
    expect(seen.length).toBeGreaterThan(10);
    for (const text of seen) {
      const plan = (prepare(`EXPLAIN QUERY PLAN ${text}`).all(...Array((text.match(/\?/g) ?? []).length).fill('1')) as { detail: string }[]).map((r) => r.detail);
      // A SCAN is only of a subquery's rows, the suffix index's MATCH or term range, the page's ids or the partial index of those who left.
      const scans = plan.filter((d) => /^SCAN /.test(d) && !/^SCAN (\(subquery-\d+\)|m|resident_number_part VIRTUAL TABLE INDEX 0:M1|resident_number_term VIRTUAL TABLE INDEX \d+:|json_each VIRTUAL TABLE INDEX 1:|resident USING COVERING INDEX resident_left)$/.test(d));
      expect(scans, text.slice(0, 200)).toEqual([]);
    }
  });

  it('a scoped caller’s query is the same index lookup, each hit checked by its id', () => {
    const scoped = t.ctx.ledger.scoped(['320121100201']).sqlite;
    const name = planOn(scoped, '张三');
    expect(name).toContain('SEARCH p USING PRIMARY KEY (part>? AND part<?)');
    expect(name).toContain('SEARCH r USING INTEGER PRIMARY KEY (rowid=?)');
    const digits = planOn(scoped, '123456');
    expect(digits).toMatch(/SCAN v VIRTUAL TABLE INDEX \d+: .*SEARCH r USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    for (const plan of [name, digits]) expect(plan).not.toMatch(/SCAN (r|p|resident)\b(?! USING COVERING)/);
  });

  it('matchCondition (typed) and queryMatch (text, for the ledgers) keep and rank the same rows', () => {
    const db = t.ctx.ledger.sqlite;
    let matched = 0;
    for (const q of ['张三', '王', 'zs', 'zhangs', 'WWJ', '1234', '320', '13', IDS.zhangSan, IDS.zhangSan.slice(0, 6) + IDS.zhangSan.slice(8, 17)]) {
      const m = queryMatch(q)!;
      const c = matchCondition(q)!;
      const text = db.prepare(`SELECT r.id AS id, ${m.rank} AS rank FROM resident r WHERE ${m.where} ORDER BY r.id`).all(m.params);
      const typed = rows(db, sql`SELECT ${r.id} AS id, ${c.rank} AS rank FROM ${resident} ${r} WHERE ${c.where} ORDER BY ${r.id}`);
      expect(typed, q).toEqual(text);
      matched += typed.length;
    }
    expect(matched).toBeGreaterThan(0);
  });

  it('searchPersons is callable directly with parsed input (used by the bench)', () => {
    const input = contract['person.search'].input.parse({ query: 'zs' });
    expect(searchPersons(t.ctx, input).total).toBe(3);
  });
});

describe('the search index follows every change', () => {
  const found = async (query: string, status = '全部') => names(await search({ query, status })).sort();

  it('after a person is registered, renamed, given a new phone or ID, or leaves', async () => {
    const id = expectOk(await call(t.ctx, 'person.create', { idNumber: makeId('19610203', '101'), name: '欧阳明远', gridId: town.grid1, phone: '15900001111' })).id;
    expect(await found('阳明')).toEqual(['欧阳明远']);
    expect(await found('明远')).toEqual(['欧阳明远']);
    expect(await found('00001111')).toEqual(['欧阳明远']);
    expect(await found('19610203')).toEqual(['欧阳明远']);

    expectOk(await call(t.ctx, 'person.update', { id, idNumber: makeId('19610203', '101'), name: '欧阳晓峰', gridId: town.grid1, phone: '18822223333' }));
    expect(await found('阳明')).toEqual([]);
    expect(await found('晓峰')).toEqual(['欧阳晓峰']);
    expect(await found('00001111')).toEqual([]);
    expect(await found('22223333')).toEqual(['欧阳晓峰']);

    expectOk(await call(t.ctx, 'person.leave', { id, kind: '迁出', date: '2026-03-04', reason: '外迁' }));
    expect(await found('晓峰', '在册')).toEqual([]);
    expect(await found('晓峰', '迁出')).toEqual(['欧阳晓峰']);
    expect(await found('22223333', '在册')).toEqual([]);
  });

  it('those who left are dropped as soon as anyone records it: this connection, another one, or undone', async () => {
    const other = new Database(t.path);
    try {
      expect(await found('王五', '在册')).toEqual(['王五']);
      other.prepare("UPDATE resident SET status = '迁出', left_on = '2026-11-01' WHERE id = ?").run(ids.wangWu);
      expect(await found('王五', '在册')).toEqual([]);
      expect(await found('5678', '在册')).toEqual([]);
      other.prepare("UPDATE resident SET status = '在册', left_on = NULL WHERE id = ?").run(ids.wangWu);
      expect(await found('王五', '在册')).toEqual(['王五']);
      expectOk(await call(t.ctx, 'person.leave', { id: ids.wangWu, kind: '死亡', date: '2026-11-02', reason: '病故' }));
      expect(await found('wangw', '在册')).toEqual([]);
      expect(await found('wangw', '死亡')).toEqual(['王五']);
    } finally {
      other.close();
    }
  });

  it('index rows are exactly the residents’ name parts, ID numbers and phones, and 户号', () => {
    const db = t.ctx.ledger.sqlite;
    db.prepare('UPDATE resident SET id_number = ? WHERE id = ?').run(makeId('19990909', '111'), ids.wangWu);
    const parts = db.prepare('SELECT part, resident_id, pos, name FROM resident_name_part ORDER BY resident_id, pos').all();
    const expected = (db.prepare('SELECT id, name FROM resident ORDER BY id').all() as { id: number; name: string }[]).flatMap((p) =>
      [...p.name].map((_, i) => ({ part: p.name.slice(i), resident_id: p.id, pos: i + 1, name: p.name })),
    );
    expect(parts).toEqual(expected);
    // every suffix of 4+ characters after the first, of the ID and of the phone (split at what is not a digit or
    // letter, as the tokenizer does; x in lower case): a term and its resident, once each
    const suffixes = (v: string) => [...v].slice(1).map((_, i) => v.slice(i + 1)).filter((x) => x.length >= 4);
    const expectedTerms = (db.prepare('SELECT id, id_number, phone FROM resident ORDER BY id').all() as { id: number; id_number: string; phone: string }[]).flatMap((p) =>
      [...new Set([...suffixes(p.id_number), ...suffixes(p.phone)].flatMap((x) => x.toLowerCase().split(/[^0-9a-z]+/)).filter(Boolean))].map((term) => `${term} ${p.id}`),
    );
    const terms = db.prepare('SELECT DISTINCT term, doc FROM resident_number_term').all() as { term: string; doc: number }[];
    expect(terms.map((x) => `${x.term} ${x.doc}`).sort()).toEqual(expectedTerms.sort());
    expect(db.prepare("SELECT rowid FROM resident_number_part WHERE resident_number_part MATCH '\"19990909111\" *'").pluck().all()).toEqual([ids.wangWu]);
  });

  it('after a 户号 is changed or the household deleted, and a deleted resident leaves no trace', () => {
    const db = t.ctx.ledger.sqlite;
    const households = () => db.prepare('SELECT rowid AS id, number FROM household_fts ORDER BY rowid').all();
    expect(households()).toEqual(db.prepare('SELECT id, number FROM household ORDER BY id').all());
    const h = db.prepare('SELECT id FROM household ORDER BY id DESC LIMIT 1').pluck().get() as number;
    db.prepare('UPDATE household SET number = ? WHERE id = ?').run('9988776655', h);
    expect(db.prepare("SELECT rowid FROM household_fts WHERE number MATCH '\"87766\"'").pluck().all()).toEqual([h]);
    db.prepare('UPDATE resident SET household_id = NULL WHERE household_id = ?').run(h);
    db.prepare('DELETE FROM household_tag WHERE household_id = ?').run(h);
    db.prepare('DELETE FROM household WHERE id = ?').run(h);
    expect(db.prepare("SELECT count(*) FROM household_fts WHERE number MATCH '\"87766\"'").pluck().get()).toBe(0);
    expect(households()).toEqual(db.prepare('SELECT id, number FROM household ORDER BY id').all());
    db.prepare('DELETE FROM resident WHERE id = ?').run(ids.noGrid);
    expect(db.prepare('SELECT count(*) FROM resident_name_part WHERE resident_id = ?').pluck().get(ids.noGrid)).toBe(0);
    expect(db.prepare('SELECT count(*) FROM resident_number_term WHERE doc = ?').pluck().get(ids.noGrid)).toBe(0);
  });

  it('a write that fails leaves the index as it was', async () => {
    const db = t.ctx.ledger.sqlite;
    const count = () => db.prepare('SELECT (SELECT count(*) FROM resident_name_part) || \'/\' || (SELECT count(*) FROM resident_number_term)').pluck().get();
    const before = count();
    expectErr(await call(t.ctx, 'person.create', { idNumber: IDS.zhangSan, name: '重复人', gridId: town.grid1 }));
    expect(count()).toBe(before);
    expect(await found('重复')).toEqual([]);
  });
});

describe('a scoped caller', () => {
  it('finds only their villages’ people, by every kind of query', async () => {
    const scoped = { ...t.ctx, caller: { ...t.ctx.caller, userId: 'east', villageScope: ['320121100201'] } };
    const find = async (query: string) => names(expectOk(await call(scoped, 'person.search', { query, status: '全部' }))).sort();
    expect(await find('张')).toEqual(['张三', '张珊', '张老', '李张华'].sort());
    expect(await find('四')).toEqual([]); // 赵四 lives in 西村
    expect(await find('zs')).toEqual(['张三', '张珊'].sort());
    expect(await find(IDS.zhaoSi.slice(6, 14))).toEqual([]);
    expect(await find(IDS.zhangSan.slice(6, 14))).toEqual(['张三']);
    expect(await find('5678')).toEqual([]); // 王五's phone, 西村
    expect(await find('88776655')).toEqual(['李张华']);
    expect((await find('3201'))).not.toContain('赵四');
    // the index tables themselves are shadowed on the scoped connection
    const db = t.ctx.ledger.scoped(['320121100201']).sqlite;
    expect(db.prepare('SELECT DISTINCT resident_id FROM resident_name_part ORDER BY 1').pluck().all()).toEqual(
      db.prepare('SELECT id FROM resident ORDER BY 1').pluck().all(),
    );
    expect(db.prepare("SELECT count(*) FROM resident_number_part WHERE resident_number_part MATCH '\"5678\"'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM resident_number_term WHERE term >= '5678' AND term < '5679'").pluck().get()).toBe(0);
    expect(t.ctx.ledger.sqlite.prepare("SELECT count(*) FROM resident_number_term WHERE term >= '5678' AND term < '5679'").pluck().get()).toBeGreaterThan(0);
    expect(db.prepare('SELECT count(*) FROM household_fts').pluck().get()).toBe(db.prepare('SELECT count(*) FROM household').pluck().get());
  });
});
