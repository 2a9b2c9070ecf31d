// Every channel of the contract, fuzzed: fast-check mutates each channel's example inputs (a field
// replaced by something hostile — huge text, control characters, U+FFFE, dates far away, wrong
// types, long lists, unknown keys, prototype keys, deep nesting, NaN and BigInt, dangerous output
// paths — or dropped, or the whole input replaced), sent as 管理员 mostly and as every other role or
// nobody at times. Whatever comes in, the reply is a typed result (outside the channel's roles, a refusal); a refusal has a short Chinese message that names
// no English key or type and repeats little of the input, and leaves the database exactly as it was.
// FUZZ_RUNS sets the runs per channel (bounded so CI stays quick); the seed is fixed, so a failure
// repeats.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, contract, type Channel } from '../../shared/contract';
import type { ChannelDef, Role } from '../../shared/contract/define';
import { LOCAL_USER, NOBODY, type Caller } from '../../electron/core/context';
import type { Result } from '../../shared/result';
import { dispatch } from '../../electron/core/dispatch';
import { CHANNEL_INPUTS } from '../helpers/channelInputs';
import { makeScopeTown, type ScopeTown } from '../helpers/scopeTown';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { logicalHash } from '../helpers/dump';

// Default kept small for CI (142 channels; every call hashes the whole database twice); FUZZ_RUNS=200 for a long local run.
const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = 20261201;

let t: TempLedger;
let town: ScopeTown;
let serial = 0;
const fresh = (name: string) => join(t.dir, `${name}-${++serial}.xlsx`);
const totals = { calls: 0, ok: 0, refused: 0 };

function dumpHash(): string {
  return logicalHash(t.ctx.ledger.sqlite);
}

/** Values a careless script, a pasted cell or an attacker might send in place of a field. */
const hostile = () =>
  fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.constantFrom(-1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER, 1.5),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.constantFrom('', ' ', '   \t', '东关社区', '%s%n', "'; drop table resident; --", '<x>&amp;</x>', 'constructor', '__proto__'),
    fc.constantFrom('a\uFFFEb', 'a\u0000b', 'a\u001Fb', '\uD800', 'a\uFFFF'),
    fc.constantFrom('0001-01-01', '1899-12-31', '2101-01-01', '9999-12-31', '2026-02-30', '2026-13-01', '20261101', '2026/11/01'),
    fc.constant('长'.repeat(100_000)),
    fc.constant(Array.from({ length: 6000 }, (_, i) => i + 1)),
    fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), { maxKeys: 3 }),
    // Numbers JSON cannot carry but IPC's structured clone can, and the edges of doubles.
    fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1e308, 2 ** 53 + 1, -(2 ** 63), 5e-324),
    fc.constantFrom(BigInt(1), BigInt('9007199254740993')),
    fc.constantFrom('\u202Eexe.fdp', '\u0000'.repeat(64), 'a\r\nb', '\uFEFF东关', '𠀀𠀁'),
    // Prototype keys as data: own keys named __proto__ / constructor / prototype, at any depth.
    fc.constantFrom(...prototypeTraps()),
    fc.constant(deeplyNested(400)),
  );

/** Objects whose own keys try to reach Object.prototype when copied or merged carelessly. */
function prototypeTraps(): unknown[] {
  return [
    JSON.parse('{"__proto__":{"polluted":"yes"}}') as unknown,
    JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}') as unknown,
    JSON.parse('{"a":{"__proto__":{"polluted":"yes"}},"prototype":1}') as unknown,
    [JSON.parse('{"__proto__":{"polluted":"yes"}}') as unknown],
  ];
}

/** An array in an object in an array…, `depth` levels deep. */
function deeplyNested(depth: number): unknown {
  let v: unknown = '底';
  for (let i = 0; i < depth; i++) v = i % 2 ? { x: v } : [v];
  return v;
}

const dangerousPath = () =>
  fc.constantFrom(
    () => t.path,
    () => `${t.path}-wal`,
    () => `${t.path}-journal`,
    () => t.dir,
    () => '/dev/null',
    () => join(t.dir, `${'名'.repeat(120)}.xlsx`),
    () => join(t.dir, 'missing', 'a.xlsx'),
    () => '',
  );

/** Mostly the whole town's 管理员 (the deepest code paths), sometimes another role or nobody. */
type Who = Role | 'nobody';
const who: fc.Arbitrary<Who> = fc.constantFrom<Who>('admin', 'admin', 'admin', 'staff', 'village', 'readonly', 'nobody');
function callerOf(as: Who): Caller {
  if (as === 'nobody') return NOBODY;
  return { ...LOCAL_USER, userId: `fuzz-${as}`, role: as, villageScope: as === 'village' ? [town.a.code] : null };
}

type Mutation =
  | { op: 'replace'; key: number; value: unknown }
  | { op: 'drop'; key: number }
  | { op: 'extra'; name: string; value: unknown }
  | { op: 'path'; path: () => string }
  | { op: 'whole'; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('replace' as const), key: fc.nat(), value: hostile() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), key: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('extra' as const), name: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf')), value: hostile() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('path' as const), path: dangerousPath() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('whole' as const), value: hostile() }) },
);

function apply(example: Record<string, unknown>, m: Mutation): unknown {
  const input: Record<string, unknown> = { ...example };
  const keys = Object.keys(input);
  switch (m.op) {
    case 'replace':
      if (keys.length) input[keys[m.key % keys.length]!] = m.value;
      return input;
    case 'drop':
      if (keys.length) delete input[keys[m.key % keys.length]!];
      return input;
    case 'extra':
      // An own key even when it is named __proto__ (as JSON.parse or structured clone would give it).
      Object.defineProperty(input, m.name, { value: m.value, enumerable: true, writable: true, configurable: true });
      return input;
    case 'path':
      if ('path' in input) input.path = m.path();
      return input;
    case 'whole':
      return m.value;
  }
}

/** JSON for a failure message: BigInt as text, and no stack overflow on the deeply nested values. */
function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Every string in a value, however deep. */
function strings(v: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 50) return out;
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v.slice(0, 50)) strings(x, out, depth + 1);
  else if (v && typeof v === 'object') for (const x of Object.values(v).slice(0, 50)) strings(x, out, depth + 1);
  return out;
}

// Words our Chinese messages may contain: file formats and the products staff know.
const ALLOWED_WORDS = new Set(['xlsx', 'xls', 'csv', 'Excel', 'WPS', 'XML', 'CSV', 'YYYY', 'MM', 'DD', 'Windows', 'SQLite', 'PDF', 'pdf', 'JPEG', 'jpg', 'jpeg', 'PNG', 'png', 'Word', 'docx',
  // The map's boundary files and coordinate systems (issue 11).
  'GeoJSON', 'geojson', 'json', 'JSON', 'KML', 'KMZ', 'kml', 'kmz', 'Shapefile', 'shp', 'dbf', 'prj', 'cpg', 'zip', 'WGS', 'GCJ', 'CGCS']);

function checkReply(channel: Channel, input: unknown, r: Result<unknown>) {
  const where = `${channel} ${safeJson(input).slice(0, 200)}`;
  expect(typeof r.ok, where).toBe('boolean');
  if (r.ok) return;
  const { code, message } = r.error;
  expect(code, `${where} → ${message}`).not.toBe('INTERNAL');
  // No stack, no source position, no JavaScript error names.
  expect(message.replace(/「[^」]*」/g, ''), `${where} → ${message}`).not.toMatch(/\n\s*at |\.[jt]s:\d+|TypeError|RangeError|SyntaxError|undefined|null|NaN|\[object /);
  expect(message, where).toMatch(/[\u4e00-\u9fff]/);
  expect(message.length, `${where} → ${message}`).toBeLessThanOrEqual(300);
  // Quoted values (「…」) may hold a file name; outside them, no English identifiers.
  const unquoted = message.replace(/「[^」]*」/g, '');
  const words = (unquoted.match(/[A-Za-z_]{3,}/g) ?? []).filter((w) => !ALLOWED_WORDS.has(w));
  expect(words, `${where} → ${message}`).toEqual([]);
  for (const s of strings(input)) {
    if (s.length > 48) expect(message.includes(s.slice(0, 48)), `${where} echoes its input → ${message}`).toBe(false);
  }
}

/** What the working folder held before: a relative path must never write there. */
let cwdBefore: string[] = [];

beforeAll(async () => {
  cwdBefore = readdirSync(process.cwd()).sort();
  t = openTempLedger();
  town = await makeScopeTown(t.ctx);
  const r = await dispatch(t.ctx, 'import.residents.template', { path: join(t.dir, 'template.xlsx') });
  expect(r.ok).toBe(true);
});
afterAll(() => {
  t.close();
  // Printed for the closing note: how much the fuzz covered in this run.
  console.log(`fuzz: ${channelNames.length} channels, ${totals.calls} calls (${totals.ok} accepted, ${totals.refused} refused), ${RUNS} runs per channel, seed ${SEED}`);
});

describe('fuzzing every channel', () => {
  afterAll(() => {
    expect(readdirSync(process.cwd()).sort(), 'a fuzzed path wrote into the working folder').toEqual(cwdBefore);
  });

  it.each(channelNames.map((c) => [c]))('%s: typed, Chinese, short, and nothing written when refused', async (channel) => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutation, who, async (pick, m, as) => {
        const examples = CHANNEL_INPUTS[channel](town, (name) => (name === 'template' ? join(t.dir, 'template.xlsx') : fresh(name)));
        const example = examples[pick % examples.length]!;
        const input = apply(example, m);
        const before = dumpHash();
        const target = input && typeof input === 'object' && typeof (input as { path?: unknown }).path === 'string' ? (input as { path: string }).path : null;
        const existed = target !== null && existsSync(target);
        const caller = callerOf(as);
        const r = await dispatch({ ...t.ctx, caller }, channel, input);
        const def = contract[channel] as ChannelDef;
        if (!def.beforeLogin && (caller.role === null || !def.roles.includes(caller.role))) {
          // Outside the channel's roles nothing is ever accepted, whatever the input.
          expect(r.ok ? 'ok' : r.error.code, `${channel} as ${as}`).toMatch(/^(VALIDATION|FORBIDDEN|UNAUTHENTICATED)$/);
        }
        totals.calls++;
        if (r.ok) totals.ok++;
        else totals.refused++;
        checkReply(channel, input, r);
        expect(({} as Record<string, unknown>).polluted, `${channel}: Object.prototype polluted`).toBeUndefined();
        if (!r.ok) {
          expect(dumpHash(), `${channel} refused but changed the database`).toBe(before);
          if (target && !existed && !/^import\.\w+\.(preview|run)$/.test(channel)) {
            expect(existsSync(target), `${channel} refused but wrote ${target}`).toBe(false);
          }
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // The database survived: it still answers and still holds both villages.
    expect(t.ctx.ledger.sqlite.pragma('quick_check', { simple: true })).toBe('ok');
  });
});
