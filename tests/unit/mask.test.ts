// Masking of ID numbers and phones by role and purpose (shared/rules/mask.ts): the rules themselves,
// then generated over the contract on an encrypted (protected) database — every 'list' channel, for
// every role, returns no full ID number or phone of anyone; a person's page is full for 管理员, 工作人员
// and 村级用户 and masked for 只读; files stay full; a plain file masks nothing. Every channel whose reply
// carries ID numbers or phones is declared one way or the other, with the reason for each 'detail' read.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workbookText } from '../helpers/workbookText';
import type { z } from 'zod';
import { channelNames, contract, type Channel } from '../../shared/contract';
import { idNumber as idNumberSchema, phone as phoneSchema } from '../../shared/contract/common';
import { ROLES, type ChannelDef, type Role } from '../../shared/contract/define';
import { maskIdNumber, maskPhone, maskReply, maskSensitive, masksFor } from '../../shared/rules/mask';
import { LOCAL_USER, type ServiceContext } from '../../electron/core/context';
import { call, dispatch } from '../../electron/core/dispatch';
import { CHANNEL_INPUTS } from '../helpers/channelInputs';
import { idNumberFor } from '../helpers/recordsTown';
import { makeScopeTown, type ScopeTown } from '../helpers/scopeTown';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { ok } from '../helpers/results';

describe('the masks', () => {
  it('ID numbers: birth date and sequence hidden, the rest kept', () => {
    expect(maskIdNumber('320102199001011234')).toBe('320102********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('320102900101123')).toBe('320102******123');
    expect(maskIdNumber('E12345678')).toBe('*****5678');
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('123')).toBe('123');
    // Masking twice changes nothing (a masked value passed along stays as it is).
    expect(maskIdNumber(maskIdNumber('320102199001011234'))).toBe('320102********1234');
  });

  it('phones: mobiles 138****5678, landlines keep area code and extension', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('0510-88776655')).toBe('0510-****6655');
    expect(maskPhone('(025)84321234')).toBe('(025)****1234');
    expect(maskPhone('025-8432123转801')).toBe('025-***2123转801');
    expect(maskPhone('88776655')).toBe('****6655');
    expect(maskPhone('13812345678，0510-88776655')).toBe('*******5678，0510-****6655');
    expect(maskPhone('12345')).toBe('12345'); // a service number, not a person's
    expect(maskPhone('')).toBe('');
    for (const p of ['13812345678', '0510-88776655', '88776655']) expect(maskPhone(maskPhone(p))).toBe(maskPhone(p));
  });

  it('a masked value can never be saved back', () => {
    expect(phoneSchema.safeParse('138****5678').success).toBe(false);
    expect(idNumberSchema.safeParse('320102********1234').success).toBe(false);
    expect(phoneSchema.safeParse('13812345678').success).toBe(true);
  });

  it('masks fields by name at any depth and leaves everything else alone', () => {
    const reply = {
      id: 7, name: '张三', note: '13812345678 写在备注里的不算字段',
      rows: [{ idNumber: '320102199001011234', phone: '13812345678', guardianPhone: '0510-88776655', headIdNumber: '11010519491231002X', count: 3 }],
      nested: { deep: [{ members: [{ idNumber: '320102199001011234', phone: null }] }] },
      ['__proto__']: { idNumber: '320102199001011234' },
    };
    const copy = JSON.parse(JSON.stringify(reply)) as typeof reply;
    const masked = maskSensitive(copy);
    expect(masked.rows[0]).toEqual({ idNumber: '320102********1234', phone: '138****5678', guardianPhone: '0510-****6655', headIdNumber: '110105********002X', count: 3 });
    expect(masked.nested.deep[0]!.members[0]).toEqual({ idNumber: '320102********1234', phone: null });
    expect(masked.note).toBe(reply.note);
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(copy.rows[0]!.idNumber).toBe('320102199001011234'); // the input is not changed
  });

  it('decides by role and purpose, and not at all for a file without protection', () => {
    const table = Object.fromEntries(ROLES.map((r) => [r, [masksFor('list', r), masksFor('detail', r)]]));
    expect(table).toEqual({ admin: [true, false], staff: [true, false], village: [true, false], readonly: [true, true] });
    expect(maskReply('list', 'admin', false, { idNumber: '320102199001011234' })).toEqual({ idNumber: '320102199001011234' });
    expect(maskReply('detail', 'readonly', true, { idNumber: '320102199001011234' })).toEqual({ idNumber: '320102********1234' });
  });
});

// ---- generated over the contract --------------------------------------------------------------

/** Output fields (paths) named like an ID number or phone, read from the zod schema. */
function sensitiveFields(schema: z.ZodType): string[] {
  const out: string[] = [];
  const walk = (s: unknown, path: string, depth: number) => {
    const def = (s as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
    if (!def || depth > 12) return;
    switch (def.type) {
      case 'object':
        for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) {
          if (/idnumber$|phone$|mobile$/i.test(k)) out.push(`${path}.${k}`);
          walk(v, `${path}.${k}`, depth + 1);
        }
        break;
      case 'array': walk(def.element, `${path}[]`, depth + 1); break;
      case 'record': walk(def.valueType, `${path}{}`, depth + 1); break;
      case 'union': for (const o of def.options as unknown[]) walk(o, path, depth + 1); break;
      case 'pipe': walk(def.out, path, depth + 1); break;
      case 'lazy': walk((def.getter as () => unknown)(), path, depth + 1); break;
      default: if ('innerType' in def) walk(def.innerType, path, depth + 1);
    }
  };
  walk(schema, '', 0);
  return out;
}

/** Reads that show one person or entry (or a file's rows being imported), full for those who act on it. */
const DETAIL_READS: Partial<Record<Channel, string>> = {
  'person.get': 'the person page',
  'household.get': 'the household page',
  'released.get': 'the entry page',
  'patient.get': 'the entry page',
  'lowIncome.get': 'the entry page',
  'staff.list': 'the 网格员 roster, where staff are edited; their phones are on the grid boards',
  'import.residents.preview': 'the rows of the staffer’s own file, before import',
  'import.staff.preview': 'the rows of the staffer’s own file, before import',
  'import.released.preview': 'the rows of the staffer’s own file, before import',
  'import.patients.preview': 'the rows of the staffer’s own file, before import',
  'import.lowIncome.preview': 'the rows of the staffer’s own file, before import',
  'visit.import.preview': 'the rows of the staffer’s own file, before import',
  'event.get': 'the event page, where staff call the parties back',
  'worker.get': 'the grid worker’s own page, with their phone as on the 网格员 roster',
};

let t: TempLedger;
let town: ScopeTown;
let serial = 0;
const out = (name: string) => (name === 'template' ? join(t.dir, 'template.xlsx') : join(t.dir, `${name}-${++serial}.xlsx`));
const as = (role: Role): ServiceContext => ({ ...t.ctx, caller: { ...LOCAL_USER, userId: `test-${role}`, role, villageScope: role === 'village' ? [town.a.code] : null } });
/** Every full ID number and phone in the database: none may appear in a masked reply. */
let secrets: string[] = [];
const PHONED = { mobile: '13812345678', landline: '0510-88776655' };

beforeAll(async () => {
  // A protected database: SQLCipher with a key, as every town's file is once it has accounts.
  t = openTempLedger({ key: randomBytes(32) });
  town = await makeScopeTown(t.ctx);
  await ok(call(t.ctx, 'import.residents.template', { path: join(t.dir, 'template.xlsx') }));
  // Phones of both kinds on two residents of A (the scope town's staff have mobiles).
  await ok(call(t.ctx, 'person.create', { idNumber: idNumberFor('1980-02-02'), name: '柳电话', gridId: town.a.gridId, phone: PHONED.mobile }));
  await ok(call(t.ctx, 'person.create', { idNumber: idNumberFor('1981-03-03'), name: '柳座机', gridId: town.a.gridId, phone: PHONED.landline }));
  const db = t.ctx.ledger.sqlite;
  secrets = [
    ...(db.prepare("select id_number from resident where id_number <> ''").pluck().all() as string[]),
    ...(db.prepare("select phone from resident where phone <> ''").pluck().all() as string[]),
    ...(db.prepare("select phone from staff where phone <> ''").pluck().all() as string[]),
    ...(db.prepare("select guardian_phone from patient where guardian_phone <> ''").pluck().all() as string[]),
    ...(db.prepare("select phone from team_member where phone <> ''").pluck().all() as string[]),
  ];
  secrets = [...new Set(secrets)];
});
afterAll(() => t.close());

describe('every channel that replies with ID numbers or phones', () => {
  it('is declared: a list, or a detail read with its reason', () => {
    const undeclared: string[] = [];
    for (const channel of channelNames) {
      const def = contract[channel] as ChannelDef;
      if (def.access !== 'read' || sensitiveFields(def.output).length === 0) continue;
      if (def.mask === 'list') continue;
      if (!DETAIL_READS[channel]) undeclared.push(`${channel}: ${sensitiveFields(def.output).join(' ')}`);
    }
    expect(undeclared).toEqual([]);
    for (const channel of Object.keys(DETAIL_READS) as Channel[]) expect((contract[channel] as ChannelDef).mask, channel).toBe('detail');
  });
});


const listChannels = channelNames.filter((c) => (contract[c] as ChannelDef).mask === 'list');
const checked = { calls: 0 };

describe('list channels on a protected database', () => {
  it('are the lists and search results', () => {
    expect([...listChannels].sort()).toEqual([
      'due.list', 'event.list', 'lowIncome.list', 'map.points', 'patient.list', 'person.search', 'released.list', 'report.members', 'search.everywhere', 'visit.list',
    ]);
  });

  it.each(listChannels.map((c) => [c]))('%s: no full ID number or phone for any role, masked ones instead', async (channel) => {
    const maskedForms = new Set(secrets.flatMap((s) => [maskIdNumber(s), maskPhone(s)]));
    let sawMasked = false;
    for (const role of ROLES) {
      for (const input of CHANNEL_INPUTS[channel](town, out)) {
        const r = await dispatch(as(role), channel, input);
        checked.calls++;
        const text = JSON.stringify(r);
        // A query may be echoed back as typed; nothing else of the person may be.
        const typed = JSON.stringify(input);
        for (const secret of secrets) if (!typed.includes(secret)) expect(text, `${channel} as ${role} ${typed}`).not.toContain(secret);
        if ([...maskedForms].some((m) => text.includes(m))) sawMasked = true;
      }
    }
    // A list whose reply has no ID number or phone field (the map's points, the event and visit lists) has nothing
    // to exercise; it is declared a list all the same, so a field added to it later is masked.
    if (sensitiveFields((contract[channel] as ChannelDef).output).length > 0) expect(sawMasked, `${channel} returned nobody: its inputs do not exercise the mask`).toBe(true);
  });
});

describe('a person’s page and the files on a protected database', () => {
  it('person.get and released.get: full for 管理员, 工作人员 and 村级用户, masked for 只读', async () => {
    const head = town.a.markers[5]!; // the head of A's household: his ID number
    for (const role of ROLES) {
      const person = await ok(call(as(role), 'person.get', { id: town.a.headId }));
      const entry = await ok(call(as(role), 'released.get', { id: town.a.releasedId }));
      const want = role === 'readonly' ? maskIdNumber(head) : head;
      expect(person.idNumber, role).toBe(want);
      expect(person.household?.members.map((m) => m.idNumber), role).toContain(want);
      expect(entry.idNumber.length, role).toBe(18);
      expect(entry.idNumber.includes('*'), role).toBe(role === 'readonly');
    }
  });

  it('an export keeps the full numbers, for 只读 too', async () => {
    const path = join(t.dir, 'readonly-population.xlsx');
    await ok(call(as('readonly'), 'person.export', { query: '', status: '全部', path }));
    const text = await workbookText(path);
    expect(text).toContain(town.a.markers[5]!);
    expect(text).toContain(PHONED.mobile);
  });

  it('the database above is a protected one: encrypted on disk, opened with its key', () => {
    expect(t.ctx.ledger.key).not.toBeNull();
    expect(readFileSync(t.path).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
  });

  it('a database without protection (no accounts yet) masks nothing', async () => {
    const plain = openTempLedger();
    try {
      const id = idNumberFor('1979-01-01');
      await ok(call(plain.ctx, 'person.create', { idNumber: id, name: '无格丁', gridId: null, phone: PHONED.mobile }));
      const found = await ok(call(plain.ctx, 'person.search', { query: '' }));
      expect(found.rows.map((p) => [p.idNumber, p.phone])).toEqual([[id, PHONED.mobile]]);
    } finally {
      plain.close();
    }
  });
});

afterAll(() => console.log(`mask: ${listChannels.length} list channels × ${ROLES.length} roles, ${checked.calls} calls, ${secrets.length} ID numbers and phones looked for`));
