// Every CLI command enters the core through dispatch: a spy on dispatch counts the channels each
// command called, as its caller. The list of commands comes from the CLI itself, so a new command
// without a case here fails the first test.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../shared/contract';
import { commands } from '../../electron/core/cli/commands';
import type { Caller } from '../../electron/core/context';
import { dispatchObservers } from '../../electron/core/dispatch';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/tempLedger';

let dir: string;
let cleanup: () => void;
let db: string;
const p = (name: string) => join(dir, name);

/** For each command, an invocation and the channels it must call (in order). */
const CASES: Record<string, { argv: () => string[]; channels: Channel[] }> = {
  init: { argv: () => ['--db', db, '--town-name', '城关镇', '--town-code', '320121100000'], channels: ['town.setup', 'system.info'] },
  demo: { argv: () => ['--db', p('demo2.db'), '--residents', '60', '--seed', '2'], channels: ['demo.prepare', 'demo.load'] },
  info: { argv: () => ['--db', p('demo.db')], channels: ['system.info'] },
  grids: { argv: () => ['--db', p('demo.db')], channels: ['grid.tree'] },
  search: { argv: () => ['张', '--db', p('demo.db')], channels: ['person.search'] },
  export: { argv: () => ['staff', '--db', p('demo.db'), '--out', p('staff.xlsx')], channels: ['staff.export'] },
  import: { argv: () => ['template', p('template.xlsx')], channels: ['import.residents.template'] },
  due: { argv: () => ['--db', p('demo.db'), '--date', '2026-11-23'], channels: ['due.list'] },
  indicators: { argv: () => ['--db', p('demo.db'), '--month', '2026-11'], channels: ['indicators.month'] },
  checks: { argv: () => ['--db', p('demo.db')], channels: ['checks.list'] },
  ledger: { argv: () => ['rules.get', '--db', p('demo.db')], channels: ['rules.get'] },
  correct: { argv: () => ['record', '1', '--db', p('demo.db'), '--reason', '内容录错', '--input', '{"content":"更正后的内容"}'], channels: ['record.correct'] },
  void: { argv: () => ['record', '1', '--db', p('demo.db'), '--reason', '录错'], channels: ['record.void'] },
  report: { argv: () => ['table', 'T1', '--db', p('demo.db'), '--month', '2026-11', '--out', p('t1.xlsx')], channels: ['report.table'] },
  'report letter': { argv: () => ['grid', '--db', p('demo.db'), '--all', '--out', p('letters.pdf')], channels: ['letter.write'] },
};

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  expect((await cli('demo', '--db', p('demo.db'), '--residents', '60')).code).toBe(0);
});
afterAll(() => cleanup());

describe('the CLI goes through dispatch', () => {
  it('has a case for every command', () => {
    expect(commands.map((c) => c.name).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(commands.map((c) => [c.name]))('%s calls its channels through dispatch', async (name) => {
    db = p('town.db');
    const seen: { channel: Channel; caller: Caller }[] = [];
    const spy = (channel: Channel, caller: Caller) => seen.push({ channel, caller });
    dispatchObservers.add(spy);
    try {
      const c = CASES[name]!;
      const r = await cli(name, ...c.argv(), '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(seen.map((s) => s.channel)).toEqual(c.channels);
      expect(seen.every((s) => s.caller.villageScope === null)).toBe(true);
    } finally {
      dispatchObservers.delete(spy);
    }
  });

  it('passes the --as-village caller to dispatch', async () => {
    const seen: Caller[] = [];
    const spy = (_c: Channel, caller: Caller) => seen.push(caller);
    dispatchObservers.add(spy);
    try {
      const codes = (await cli('grids', '--db', p('demo.db'), '--json')).json().villages.map((v: { code: string }) => v.code);
      seen.length = 0;
      const r = await cli('grids', '--db', p('demo.db'), '--as-village', codes[0], '--json');
      expect(r.code).toBe(0);
      expect(seen.map((c) => c.villageScope)).toEqual([[codes[0]]]);
      expect(r.json().villages.map((v: { code: string }) => v.code)).toEqual([codes[0]]);
    } finally {
      dispatchObservers.delete(spy);
    }
  });
});
