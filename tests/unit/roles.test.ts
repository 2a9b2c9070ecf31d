// Roles, proved for every channel of the contract (generated from its declarations, so a new channel
// is covered the day it is declared): each channel is called through dispatch as 管理员, 工作人员,
// 村级用户 (village A), 只读 and nobody logged in. A caller outside the channel's roles is refused
// (UNAUTHENTICATED for nobody, FORBIDDEN for a role) before anything runs: the database's logical
// content and the file system are as before. A caller inside its roles is never refused for the role.
// A 村级用户 sees nothing of village B through any channel, nor through the CLI's --as-village.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workbookText } from '../helpers/workbookText';
import { channelNames, contract, type Channel } from '../../shared/contract';
import { ADMIN_ONLY, ROLES, type ChannelDef, type Role } from '../../shared/contract/define';
import type { Result } from '../../shared/result';
import { LOCAL_USER, NOBODY, type Caller, type ServiceContext } from '../../electron/core/context';
import { call, dispatch } from '../../electron/core/dispatch';
import { cli } from '../helpers/cli';
import { CHANNEL_INPUTS } from '../helpers/channelInputs';
import { logicalHash } from '../helpers/dump';
import { makeScopeTown, type ScopeTown } from '../helpers/scopeTown';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { ok } from '../helpers/results';

let t: TempLedger;
let town: ScopeTown;
let serial = 0;
const fresh = (name: string) => join(t.dir, `${name}-${++serial}.xlsx`);
const inputsOf = (channel: Channel) => CHANNEL_INPUTS[channel](town, (name) => (name === 'template' ? join(t.dir, 'template.xlsx') : fresh(name)));

type Who = Role | 'nobody';
const WHO: readonly Who[] = [...ROLES, 'nobody'];
function callerOf(who: Who): Caller {
  if (who === 'nobody') return NOBODY;
  const villageScope = who === 'village' ? [town.a.code] : null;
  return { ...LOCAL_USER, userId: `test-${who}`, role: who, villageScope };
}
const ctxOf = (who: Who): ServiceContext => ({ ...t.ctx, caller: callerOf(who) });
const defOf = (channel: Channel) => contract[channel] as ChannelDef;
const allowed = (def: ChannelDef, who: Who) => (who === 'nobody' ? def.beforeLogin : def.beforeLogin || def.roles.includes(who));

/** The database's logical content: every table's rows, in a stable order (not the file's bytes). */
function dumpHash(): string {
  return logicalHash(t.ctx.ledger.sqlite);
}

/** The refusal dispatch gives for the role (a scope refusal of an allowed role is something else). */
const roleRefusal = (r: Result<unknown>) =>
  !r.ok && (r.error.code === 'UNAUTHENTICATED' || (r.error.code === 'FORBIDDEN' && r.error.message.startsWith('您的账号（')));

const counts = { refusedPairs: 0, refusedCalls: 0, reached: 0, byRole: {} as Record<string, number> };

beforeAll(async () => {
  t = openTempLedger();
  town = await makeScopeTown(t.ctx);
  await ok(call(t.ctx, 'import.residents.template', { path: join(t.dir, 'template.xlsx') }));
});
afterAll(() => {
  t.close();
  // For the closing note: how many channel × role pairs went through dispatch.
  console.log(`roles: ${channelNames.length} channels × ${WHO.length} callers = ${channelNames.length * WHO.length} pairs; ${counts.refusedPairs} pairs refused (${counts.refusedCalls} calls, nothing written), ${counts.reached} pairs reached; refused pairs by caller ${JSON.stringify(counts.byRole)}`);
});

describe('the declarations', () => {
  it('follow the policy: 只读 writes nothing, nobody sees data before login, settings are 管理员 only', () => {
    for (const channel of channelNames) {
      const def = defOf(channel);
      expect(def.roles.length, channel).toBeGreaterThan(0);
      expect(def.roles, channel).toContain('admin');
      if (def.access === 'write') expect(def.roles, `${channel} lets 只读 write`).not.toContain('readonly');
      if (def.access === 'write' && def.scope === 'town') expect(def.roles, `${channel} is town-wide`).not.toContain('village');
      // A channel open before login carries none of the town's data.
      if (def.beforeLogin) expect([def.access, def.scope], channel).toEqual(['read', 'none']);
    }
    for (const channel of ['rules.set', 'rules.reset', 'pdf.fonts.set', 'town.update'] as const) expect(defOf(channel).roles).toEqual(ADMIN_ONLY);
  });
});

describe('a caller outside a channel’s roles', () => {
  it.each(channelNames.map((c) => [c]))('%s: refused before anything runs, nothing written', async (channel) => {
    const def = defOf(channel);
    for (const who of WHO) {
      if (allowed(def, who)) continue;
      for (const input of inputsOf(channel)) {
        const before = dumpHash();
        const target = typeof input.path === 'string' ? input.path : null;
        const existed = target !== null && existsSync(target);
        const r = await dispatch(ctxOf(who), channel, input);
        const where = `${channel} as ${who} ${JSON.stringify(input).slice(0, 120)}`;
        expect(r.ok ? 'ok' : r.error.code, where).toBe(who === 'nobody' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        if (!r.ok) expect(r.error.message, where).toMatch(/[\u4e00-\u9fff]/);
        if (who === 'readonly' && def.access === 'write') expect(r.ok ? '' : r.error.message, where).toContain('只读账号');
        expect(dumpHash(), `${where} changed the database`).toBe(before);
        if (target && !existed) expect(existsSync(target), `${where} wrote ${target}`).toBe(false);
        counts.refusedCalls++;
      }
      counts.refusedPairs++;
      counts.byRole[who] = (counts.byRole[who] ?? 0) + 1;
    }
  });
});


describe('a 村级用户 of village A', () => {
  it.each(channelNames.map((c) => [c]))('%s shows nothing of village B or of the person in no grid', async (channel) => {
    const markers = [...town.b.markers, ...town.loneMarkers];
    for (const input of inputsOf(channel)) {
      const r = await dispatch(ctxOf('village'), channel, input);
      const text = JSON.stringify(r);
      for (const m of markers) expect(text, `${channel} ${JSON.stringify(input)} → ${text.slice(0, 300)}`).not.toContain(m);
      const path = typeof input.path === 'string' ? input.path : null;
      if (r.ok && path && path.endsWith('.xlsx') && existsSync(path) && !/template/.test(channel)) {
        const written = await workbookText(path);
        for (const m of markers) expect(written, `${channel} wrote ${m}`).not.toContain(m);
      }
    }
  });

  it('through the CLI (--as-village): no person of B by search, by id or on a card, and no town-wide change', async () => {
    const markers = [...town.b.markers, ...town.loneMarkers];
    const [bVillage, , , bHead, , bHeadId] = town.b.markers;
    for (const query of [bHead!, bHeadId!, bVillage!]) {
      const r = await cli('search', query, '--db', t.path, '--as-village', town.a.code, '--json');
      expect(r.code, r.stderr).toBe(0);
      for (const m of markers) expect(r.stdout, `search ${query}`).not.toContain(m);
    }
    const get = await cli('ledger', 'person.get', '--db', t.path, '--input', JSON.stringify({ id: town.b.headId }), '--as-village', town.a.code, '--json');
    expect(get.code).toBe(1);
    expect(get.json().error.code).toBe('NOT_FOUND');
    for (const m of markers) expect(get.stdout).not.toContain(m);
    const card = join(t.dir, 'b-card.pdf');
    const cardRun = await cli('report', 'card', '--db', t.path, '--person', bHeadId!, '--out', card, '--as-village', town.a.code, '--json');
    expect(cardRun.code).toBe(1);
    expect(existsSync(card)).toBe(false);
    // The refusal may repeat the number typed, nothing else of B.
    for (const m of markers.filter((x) => x !== bHeadId)) expect(cardRun.stdout + cardRun.stderr).not.toContain(m);
    // The role comes with the villages: a 管理员-only setting is refused as the role's, not only as town-wide.
    const rules = await cli('ledger', 'town.update', '--db', t.path, '--input', JSON.stringify({ name: '别镇', code: '320121100000' }), '--as-village', town.a.code, '--json');
    expect(rules.code).toBe(1);
    expect(rules.json().error).toMatchObject({ code: 'FORBIDDEN' });
    expect(rules.json().error.message).toContain('村级用户');
    // Its own village it still sees.
    const own = await cli('search', town.a.markers[3]!, '--db', t.path, '--as-village', town.a.code, '--json');
    expect(own.stdout).toContain(town.a.markers[3]!);
  });
});

describe('a caller inside a channel’s roles', () => {
  // Last: these calls may change the town (the writes are allowed), which the sweeps above must not see.
  it.each(channelNames.map((c) => [c]))('%s: never refused for the role', async (channel) => {
    const def = defOf(channel);
    for (const who of WHO) {
      if (!allowed(def, who)) continue;
      const input = inputsOf(channel)[0]!;
      const r = await dispatch(ctxOf(who), channel, input);
      expect(roleRefusal(r), `${channel} as ${who} → ${JSON.stringify(r).slice(0, 200)}`).toBe(false);
      if (!r.ok) expect(r.error.code, `${channel} as ${who} → ${r.error.message}`).not.toBe('INTERNAL');
      counts.reached++;
    }
  });
});
