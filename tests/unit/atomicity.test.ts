// Fault injection: every multi-statement write either happens whole or not at all. On the test's own
// connection, TEMP triggers on every table count the rows a call changes and abort the statement at
// the k-th change (a real SQLite failure in the middle of the real write); for every k until the
// call gets through, the database must be exactly as before. The abort also exercises dispatch's
// INTERNAL path: no internal text may reach the message.
// Also here: dispatch's output-validation failure, and BUSY when another writer holds the lock.
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../shared/contract';
import { call, dispatch } from '../../electron/core/dispatch';
import { makeScopeTown, type ScopeTown } from '../helpers/scopeTown';
import { idNumberFor } from '../helpers/recordsTown';
import { ok } from '../helpers/results';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { orderedRows, tableList } from '../helpers/dump';
import { makeId, writeXlsx } from '../helpers/xlsxFixtures';

let t: TempLedger;
let town: ScopeTown;
beforeEach(async () => {
  t = openTempLedger();
  town = await makeScopeTown(t.ctx);
});
afterEach(() => t.close());

/** Tables a trigger can watch (not FTS5's virtual and shadow tables, which their triggers write). */
function tables(): string[] {
  return tableList(t.ctx.ledger.sqlite).filter((x) => x.ordinary).map((x) => x.name);
}

function dump(): string {
  const db = t.ctx.ledger.sqlite;
  // FTS5's shadow tables are in the dump: the search index must roll back with the rows it follows.
  return JSON.stringify(tableList(db).map((x) => [x.name, orderedRows(db, x.name, true)]));
}

/** Arms a fault at the k-th changed row of any table (this connection only). */
function armFault(k: number) {
  const db = t.ctx.ledger.sqlite;
  db.exec('create temp table if not exists fault (seen integer, at integer)');
  db.exec('delete from temp.fault');
  db.prepare('insert into temp.fault values (0, ?)').run(k);
  for (const name of tables()) {
    for (const op of ['insert', 'update', 'delete']) {
      db.exec(`create temp trigger if not exists fault_${op}_${name} before ${op} on main."${name}"
        begin
          update temp.fault set seen = seen + 1;
          select raise(abort, 'injected fault') where (select seen >= at from temp.fault);
        end`);
    }
  }
}

function disarm() {
  t.ctx.ledger.sqlite.exec('delete from temp.fault');
}

/** Calls a write with a fault at each of its row changes in turn; returns how many it made. */
async function atEveryStep(channel: Channel, input: () => unknown): Promise<number> {
  for (let k = 1; k < 500; k++) {
    const before = dump();
    armFault(k);
    const r = await dispatch(t.ctx, channel, input());
    disarm();
    if (r.ok) return k - 1;
    expect(r.error.code, `${channel} at change ${k}: ${r.error.message}`).toBe('INTERNAL');
    expect(r.error.message).toMatch(/数据没有改动/);
    expect(r.error.message).not.toMatch(/injected|fault|SQLITE|constraint/i);
    expect(dump(), `${channel}: a fault at change ${k} left part of the write`).toBe(before);
  }
  throw new Error(`${channel} never got through`);
}

describe('a failure in the middle of a write leaves the database exactly as it was', () => {
  it('registering a person with a new household member', async () => {
    expect(await atEveryStep('person.create', () => ({ idNumber: idNumberFor('1991-01-01'), name: '新成员', householdId: town.a.householdId, relation: '20' }))).toBeGreaterThan(0);
    // A new household with its tags: several rows in two tables.
    expect(await atEveryStep('household.create', () => ({ gridId: town.a.gridId, address: '柳庄9号', tags: ['01', '02'] }))).toBeGreaterThan(1);
  });

  it('registering each key-group ledger entry', async () => {
    const newcomer = await ok(dispatch(t.ctx, 'person.create', { idNumber: idNumberFor('1988-08-08'), name: '新帮教', householdId: town.a.householdId, relation: '20' }) as never) as { id: number };
    expect(
      await atEveryStep('released.register', () => ({
        residentId: newcomer.id, releaseDate: '2026-09-01', prison: '苏州监狱', crime: '05', sentence: '2年', class: 'key', handoverOn: '2026-09-01', handoverCode: '06',
      })),
    ).toBeGreaterThan(1);
    expect(
      await atEveryStep('patient.register', () => ({
        residentId: newcomer.id, registeredOn: '2026-09-02', diagnosis: '01', risk: 3, treatment: '02', guardianResidentId: town.a.headId, guardianRelation: '10',
      })),
    ).toBeGreaterThan(1);
  });

  it('a 随访 that moves the next due date, and a 复核 that changes the amount', async () => {
    expect(
      await atEveryStep('record.add', () => ({
        kind: 'followUp', patientId: town.a.patientId, date: '2026-10-02', method: '家访', staffName: '柳员工', risk: 2, medication: '1', followUpClass: '2', hospitalization: '0',
      })),
    ).toBeGreaterThan(1);
    expect(
      await atEveryStep('record.add', () => ({ kind: 'review', lowIncomeId: town.a.lowIncomeId, date: '2026-10-03', method: '家访', staffName: '柳员工', content: '核查', result: '增发', newAmount: 400 })),
    ).toBeGreaterThan(1);
  });

  it('更正 and 作废: the record, its revision and what it fed change together or not at all', async () => {
    expect(
      await atEveryStep('record.correct', () => ({
        id: town.a.followUpRecordId, reason: '评估有误', date: '2026-07-03', method: '家访', staffName: '柳员工', content: '', risk: 3, followUpClass: '1',
      })),
    ).toBeGreaterThan(2);
    const raise = await ok(dispatch(t.ctx, 'record.add', { kind: 'review', lowIncomeId: town.a.lowIncomeId, date: '2026-10-03', method: '家访', staffName: '柳员工', content: '核查', result: '增发', newAmount: 400 }) as never) as { id: number };
    expect(await atEveryStep('record.void', () => ({ id: raise.id, reason: '录错户' }))).toBeGreaterThan(2);
    expect(await atEveryStep('released.correctStep', () => ({ id: town.a.releasedId, step: 'handover', date: '2026-06-02', reason: '日期录错' }))).toBeGreaterThan(2);
    await ok(dispatch(t.ctx, 'released.agreement', { id: town.b.releasedId, date: '2026-06-06' }) as never);
    expect(await atEveryStep('released.voidStep', () => ({ id: town.b.releasedId, step: 'agreement', reason: '录错' }))).toBeGreaterThan(1);
    expect(await atEveryStep('patient.void', () => ({ id: town.b.patientId, reason: '登记错人' }))).toBeGreaterThan(2);
  });

  it('更正 and 作废 of the 监护责任书, a 年审 and a 低保 exit: entry, status history and revision together or not at all', async () => {
    const a = town.a.patientId;
    // An incident makes the patient eligible for 以奖代补, so the guardian may sign.
    await ok(dispatch(t.ctx, 'patient.incident', { id: a, date: '2026-06-10', content: '毁物' }) as never);
    await ok(dispatch(t.ctx, 'patient.awardAgreement', { id: a, date: '2026-06-12' }) as never);
    expect(await atEveryStep('patient.correctStep', () => ({ id: a, step: 'awardAgreement', date: '2026-06-15', reason: '日期录错' }))).toBeGreaterThan(1);
    await ok(dispatch(t.ctx, 'patient.awardReview', { id: a, date: '2026-10-01', content: '合格' }) as never);
    const review = (t.ctx.ledger.sqlite.prepare("select id from record where kind = 'visit' and ledger = 'patient' and entry_id = ? and content like '以奖代补年审%'").get(a) as { id: number }).id;
    // The 年审 record, its revision and the patient's last 年审 date.
    expect(await atEveryStep('record.correct', () => ({ id: review, reason: '日期录错', date: '2026-09-20', staffName: '柳员工' }))).toBeGreaterThan(2);
    expect(await atEveryStep('record.void', () => ({ id: review, reason: '未年审' }))).toBeGreaterThan(2);
    expect(await atEveryStep('patient.voidStep', () => ({ id: a, step: 'awardAgreement', reason: '未签订' }))).toBeGreaterThan(1);

    await ok(dispatch(t.ctx, 'lowIncome.exit', { id: town.a.lowIncomeId, date: '2026-10-06', reason: '05', note: '' }) as never);
    expect(await atEveryStep('lowIncome.correctExit', () => ({ id: town.a.lowIncomeId, date: '2026-10-08', reason: '日期录错' }))).toBeGreaterThan(2);
    expect(await atEveryStep('lowIncome.voidExit', () => ({ id: town.a.lowIncomeId, reason: '误办退出' }))).toBeGreaterThan(2);
  });

  it('更正 and 作废 of status changes, a 衔接 and a 分类评估: history, entry and revision together or not at all', async () => {
    const lost = (await ok(dispatch(t.ctx, 'released.changeStatus', { id: town.a.releasedId, to: '脱管', date: '2026-10-05', reason: '失联' }) as never) as { statusChanges: { id: number }[] }).statusChanges.at(-1)!;
    expect(await atEveryStep('released.correctStatus', () => ({ id: town.a.releasedId, changeId: lost.id, date: '2026-10-08', reason: '日期录错' }))).toBeGreaterThan(2);
    expect(await atEveryStep('released.voidStatus', () => ({ id: town.a.releasedId, changeId: lost.id, reason: '并未失联' }))).toBeGreaterThan(2);
    const gone = (await ok(dispatch(t.ctx, 'patient.changeStatus', { id: town.a.patientId, to: '住院', date: '2026-10-05', reason: '入院' }) as never) as { statusChanges: { id: number }[] }).statusChanges.at(-1)!;
    expect(await atEveryStep('patient.correctStatus', () => ({ id: town.a.patientId, changeId: gone.id, date: '2026-10-08', reason: '日期录错' }))).toBeGreaterThan(2);
    expect(await atEveryStep('patient.voidStatus', () => ({ id: town.a.patientId, changeId: gone.id, reason: '未住院' }))).toBeGreaterThan(2);

    const assessed = (await ok(dispatch(t.ctx, 'released.assess', { id: town.a.releasedId, date: '2026-10-10', class: 'key', reason: '重点' }) as never) as { assessments: { id: number }[] }).assessments.at(-1)!;
    expect(await atEveryStep('released.correctAssessment', () => ({ id: town.a.releasedId, assessmentId: assessed.id, date: '2026-10-11', class: 'loose', reason: '录错' }))).toBeGreaterThan(2);
    expect(await atEveryStep('released.voidAssessment', () => ({ id: town.a.releasedId, assessmentId: assessed.id, reason: '录错' }))).toBeGreaterThan(2);

    const newcomer = await ok(dispatch(t.ctx, 'person.create', { idNumber: idNumberFor('1987-07-07'), name: '待衔接人', householdId: town.a.householdId, relation: '20' }) as never) as { id: number };
    const noticed = await ok(dispatch(t.ctx, 'released.register', { residentId: newcomer.id, noticeReceivedOn: '2026-09-01', releaseDate: '2026-09-10', prison: '苏州监狱', sentence: '1年' }) as never) as { id: number };
    await ok(dispatch(t.ctx, 'released.handover', { id: noticed.id, date: '2026-09-11', code: '06' }) as never);
    expect(await atEveryStep('released.voidStep', () => ({ id: noticed.id, step: 'handover', reason: '接错人' }))).toBeGreaterThan(2);
  });

  it('a status change, a team, a grid move and a closing', async () => {
    expect(await atEveryStep('released.changeStatus', () => ({ id: town.a.releasedId, to: '脱管', date: '2026-10-05', reason: '失联' }))).toBeGreaterThan(1);
    expect(
      await atEveryStep('patient.team', () => ({
        id: town.a.patientId, members: [{ staffId: town.a.staffId, name: '柳员工', role: '01' }, { residentId: town.a.headId, name: '柳户主', role: '02' }],
      })),
    ).toBeGreaterThan(1);
    expect(await atEveryStep('grid.move', () => ({ id: town.b.gridId, villageId: town.a.villageId }))).toBeGreaterThan(0);
    expect(await atEveryStep('lowIncome.exit', () => ({ id: town.b.lowIncomeId, date: '2026-10-06', reason: '05', note: '' }))).toBeGreaterThan(1);
    expect(await atEveryStep('person.leave', () => ({ id: town.b.memberId, kind: '迁出', date: '2026-10-07', reason: '外出务工' }))).toBeGreaterThan(0);
  });

  it('an import batch: all or nothing', async () => {
    const header = ['姓名', '公民身份号码', '网格编码', '户号', '与户主关系', '现住址'];
    const gridCode = (t.ctx.ledger.sqlite.prepare('select code from grid where id = ?').pluck().get(town.a.gridId) as string);
    const rows = Array.from({ length: 40 }, (_, i) => [`导入${i}`, makeId('19800101', 100 + i), gridCode, `H${Math.floor(i / 4)}`, i % 4 === 0 ? '户主' : '子', '柳庄']);
    const path = await writeXlsx(`${t.dir}/import.xlsx`, [{ name: '人口', rows: [header, ...rows], textColumns: [2, 3] }]);
    // A fault at a few places along the import (each try re-reads the file, so keep the count small).
    const before = dump();
    for (const k of [1, 2, 15, 45]) {
      armFault(k);
      const r = await dispatch(t.ctx, 'import.residents.run', { path });
      disarm();
      expect(r.ok, `import with a fault at change ${k}`).toBe(false);
      expect(dump(), `import: a fault at change ${k} left rows behind`).toBe(before);
    }
    const done = await ok(call(t.ctx, 'import.residents.run', { path }));
    expect(done.added).toBe(40);
  });
});

describe('dispatch’s own failures', () => {
  it('an output that does not match its schema is INTERNAL, in Chinese, with the detail only in the log', async () => {
    // Shadow the village table on this connection with rows of the wrong shape (code as a number).
    t.ctx.ledger.sqlite.exec('create temp view village as select id, 12345 as code, name, type, created_at, updated_at from main.village');
    const logged: string[] = [];
    const r = await dispatch(t.ctx, 'village.list', {}, (m) => logged.push(m));
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!r.ok) expect(r.error.message).toBe('程序内部错误：返回的数据格式不正确，请联系技术人员。');
    expect(logged.join('\n')).toContain('village.list');
  });

  it('a write while another program holds the lock answers BUSY in Chinese and saves nothing', async () => {
    const other = new Database(t.path);
    t.ctx.ledger.sqlite.pragma('busy_timeout = 100');
    try {
      other.exec('begin immediate');
      const before = dump();
      const r = await dispatch(t.ctx, 'household.create', { gridId: town.a.gridId, address: '锁', tags: [] });
      expect(r).toMatchObject({ ok: false, error: { code: 'BUSY' } });
      if (!r.ok) expect(r.error.message).toContain('请稍后再试');
      other.exec('rollback');
      expect(dump()).toBe(before);
      expect((await dispatch(t.ctx, 'household.create', { gridId: town.a.gridId, address: '锁', tags: [] })).ok).toBe(true);
    } finally {
      other.close();
    }
  });
});
