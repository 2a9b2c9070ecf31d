// The ledgers' typed SQL helpers: search fragments with @name parameters become bound values.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { compile } from '../../electron/core/db/query';
import { namedFragment, r, selectAs, whereAll } from '../../electron/core/ledgers/common';

describe('ledger SQL helpers', () => {
  it('binds every @name of a fragment, in order, and refuses a missing one', () => {
    const q = compile(namedFragment('(instr(r.name, @q) > 0 OR substr(r.id_number, -@qLen) = @q)', { q: '张', qLen: 1 }));
    expect(q.sql).toBe('(instr(r.name, ?) > 0 OR substr(r.id_number, -?) = ?)');
    expect(q.params).toEqual(['张', 1, '张']);
    expect(() => namedFragment('r.name = @nope', {})).toThrow('@nope');
  });

  it('names the selected columns and joins conditions', () => {
    expect(compile(sql`select ${selectAs({ idNumber: r.idNumber })}`).sql).toBe('select "r"."id_number" as "idNumber"');
    expect(compile(whereAll([sql`${r.id} = ${1}`, sql`${r.name} = ${'x'}`]))).toEqual({ sql: 'where "r"."id" = ? and "r"."name" = ?', params: [1, 'x'] });
    expect(compile(whereAll([])).sql).toBe('');
  });
});
