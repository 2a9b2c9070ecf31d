// Due items and monthly facts of the 刑满释放人员 ledger, against a real SQLite file: dates on month ends, leap days and
// year ends; rule settings moving due dates; items stopping; the facts fed to the T1 formulas; speed on a town-sized file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { releasedDues } from '../../electron/core/ledgers/released/dues';
import { loadReleasedFacts } from '../../electron/core/ledgers/released/facts';
import { checkDigit } from '../../shared/rules/idNumber';
import { releasedIndicators, totalReleased, type ReleasedPersonFacts } from '../../shared/rules/indicators';
import { DEFAULT_RULES } from '../../shared/rules/ruleSettings';
import { addPerson } from '../helpers/people';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { ok } from '../helpers/results';

let t: TempLedger;
let villageA: number;
let villageB: number;
let gridA: number;
let gridB: number;
let seq = 0;


const stamp = () => new Date().toISOString();

function addResident(gridId: number | null = gridA) {
  seq++;
  const first17 = `32012119850615${String(seq).padStart(3, '0')}`;
  return addPerson(t.ctx, { idNumber: first17 + checkDigit(first17), name: `对象${seq}`, gridId });
}

function addHelpRecord(entryId: number, date: string) {
  t.ctx.ledger.sqlite
    .prepare(`insert into record (kind, ledger, entry_id, date, method, staff_name, content, created_at) values ('help', 'released', ?, ?, '家访', '李司法', '谈心', ?)`)
    .run(entryId, date, stamp());
}

async function direct(releaseDate: string, handoverOn: string, over: Record<string, unknown> = {}, gridId: number | null = gridA) {
  return ok(call(t.ctx, 'released.register', { residentId: addResident(gridId), releaseDate, handoverOn, handoverCode: '06', ...over }));
}

/** The due dates of one entry by kind. */
function duesOf(entryId: number): Record<string, string> {
  return Object.fromEntries(releasedDues(t.ctx, { entryIds: [entryId] }).map((d) => [d.kind, d.dueDate]));
}

beforeEach(async () => {
  seq = 0;
  t = openTempLedger();
  await ok(call(t.ctx, 'town.setup', { name: '城关镇', code: '320121100000' }));
  villageA = (await ok(call(t.ctx, 'village.create', { code: '320121100201', name: '柳河村' }))).id;
  villageB = (await ok(call(t.ctx, 'village.create', { code: '320121100202', name: '桃园村' }))).id;
  gridA = (await ok(call(t.ctx, 'grid.create', { villageId: villageA, kind: '综合网格', name: '柳河第一网格' }))).id;
  gridB = (await ok(call(t.ctx, 'grid.create', { villageId: villageB, kind: '综合网格', name: '桃园第一网格' }))).id;
});
afterEach(() => t.close());

describe('due dates on month ends, leap days and year ends', () => {
  it('computes the 期满日 by clamping to the month end, never typed', async () => {
    const a = await direct('2021-02-28', '2021-03-01');
    const b = await direct('2024-02-29', '2024-03-01');
    const c = await direct('2024-02-29', '2024-03-01', { endedInCorrection: true });
    const d = await direct('2021-08-31', '2021-09-01');
    expect([a.termEnd, b.termEnd, c.termEnd, d.termEnd]).toEqual(['2026-02-28', '2029-02-28', '2027-02-28', '2026-08-31']);
    expect(duesOf(a.id)['期满待解除']).toBe('2026-02-28');
    expect(duesOf(b.id)['期满待解除']).toBe('2029-02-28');
    // The post-社区矫正 period is a setting (3 or 5 years).
    await ok(call(t.ctx, 'rules.set', { changes: { releasedTermYearsAfterCorrection: 5 } }));
    expect((await ok(call(t.ctx, 'released.get', { id: c.id }))).termEnd).toBe('2029-02-28');
    expect(duesOf(c.id)['期满待解除']).toBe('2029-02-28');
  });

  it('a 重点 person visited on 2026-01-31 is due again on 2026-02-28', async () => {
    const e = await direct('2025-06-01', '2025-06-02', { class: '重点' });
    await ok(call(t.ctx, 'released.report', { id: e.id, date: '2025-06-03' }));
    expect(duesOf(e.id)['首次走访']).toBe('2025-06-10');
    addHelpRecord(e.id, '2025-06-05');
    addHelpRecord(e.id, '2026-01-31');
    const dues = duesOf(e.id);
    expect(dues['首次走访']).toBeUndefined();
    expect(dues['帮教走访']).toBe('2026-02-28');
  });

  it('carries every kind across the year end', async () => {
    // 待登记衔接: notice on 2025-12-28 → 2026-01-04; 报到逾期: released 2025-12-15 → 2026-01-14.
    const pending = await ok(call(t.ctx, 'released.register', { residentId: addResident(), noticeReceivedOn: '2025-12-28', releaseDate: '2025-12-15' }));
    expect(duesOf(pending.id)).toEqual({ 待登记衔接: '2026-01-04', 报到逾期: '2026-01-14' });

    // 首次走访: reported 2025-12-28 → 2026-01-04; 帮教走访 (一般, 3 months): 2025-10-31 → 2026-01-31;
    // 分类复评: assessed 2025-08-31 → 2026-02-28.
    const a = await direct('2025-06-30', '2025-07-01');
    await ok(call(t.ctx, 'released.report', { id: a.id, date: '2025-12-28' }));
    expect(duesOf(a.id)['首次走访']).toBe('2026-01-04');
    await ok(call(t.ctx, 'released.assess', { id: a.id, date: '2025-08-31', class: '一般', reason: '表现稳定' }));
    addHelpRecord(a.id, '2025-10-31');
    expect(duesOf(a.id)).toMatchObject({ 帮教走访: '2026-01-31', 分类复评: '2026-02-28', 期满待解除: '2030-06-30' });
  });

  it('counts 分类复评 from the 衔接 when the class was set from the notice, and from the registration for rows written elsewhere', async () => {
    const fromNotice = await ok(call(t.ctx, 'released.register', { residentId: addResident(), noticeReceivedOn: '2026-03-01', releaseDate: '2026-03-20' }));
    await ok(call(t.ctx, 'released.handover', { id: fromNotice.id, date: '2026-03-31', code: '01' }));
    expect(duesOf(fromNotice.id)['分类复评']).toBe('2026-09-30');

    // Rows written outside the service (an import, the demo town) with no assessment at all.
    const db = t.ctx.ledger.sqlite;
    const insert = (handoverOn: string | null, createdAt: string) =>
      Number(
        db
          .prepare(
            `insert into released_person (resident_id, release_date, handover_on, status, status_since, created_at, updated_at)
             values (?, '2025-01-10', ?, '在册帮教', '2025-01-10', ?, ?)`,
          )
          .run(addResident(), handoverOn, createdAt, createdAt).lastInsertRowid,
      );
    const withHandover = insert('2025-08-31', '2025-09-01T08:00:00+08:00');
    const withHistory = insert(null, '2025-09-01T08:00:00+08:00');
    db.prepare(`insert into status_change (ledger, entry_id, from_status, to_status, date, reason, created_at) values ('released', ?, null, '在册帮教', '2025-05-31', '导入', ?)`).run(
      withHistory,
      stamp(),
    );
    const bare = insert(null, '2025-07-31T08:00:00+08:00');
    expect(duesOf(withHandover)['分类复评']).toBe('2026-02-28');
    expect(duesOf(withHistory)['分类复评']).toBe('2025-11-30');
    expect(duesOf(bare)['分类复评']).toBe('2026-01-31');
  });
});

describe('rule settings move the due dates', () => {
  it('follows the town’s 报到 time limit, visit cycles and the 即将到期 window', async () => {
    const e = await direct('2026-11-01', '2026-11-02');
    expect(duesOf(e.id)['报到逾期']).toBe('2026-12-01');

    t.ctx.ledger.sqlite.prepare(`insert into setting (key, value, updated_at) values ('rules', '{"reportDays":10}', ?)`).run(stamp());
    expect(duesOf(e.id)['报到逾期']).toBe('2026-11-11');
    const row = (await ok(call(t.ctx, 'released.list', {}))).find((r) => r.id === e.id);
    expect(row?.nextDue).toMatchObject({ kind: '报到逾期', dueDate: '2026-11-11', state: '逾期', daysLate: 12 });

    await ok(call(t.ctx, 'released.report', { id: e.id, date: '2026-11-03' }));
    addHelpRecord(e.id, '2026-11-03');
    await ok(call(t.ctx, 'released.assess', { id: e.id, date: '2026-11-03', class: '重点', reason: '累犯' }));
    expect(duesOf(e.id)['帮教走访']).toBe('2026-12-03');
    await ok(call(t.ctx, 'rules.set', { changes: { 'visitCycleMonths.key': 2, reassessMonths: 3, firstVisitDays: 3 } }));
    expect(duesOf(e.id)).toMatchObject({ 帮教走访: '2027-01-03', 分类复评: '2027-02-03' });

    // 即将到期 within upcomingDays of today (2026-11-23).
    const soon = await direct('2026-10-23', '2026-10-24');
    await ok(call(t.ctx, 'rules.set', { changes: { reportDays: 30 } }));
    const soonRow = async () => (await ok(call(t.ctx, 'released.get', { id: soon.id }))).nextDue;
    expect(await soonRow()).toMatchObject({ kind: '报到逾期', dueDate: '2026-11-22', state: '逾期', daysLate: 1 });
    await ok(call(t.ctx, 'rules.set', { changes: { reportDays: 35 } }));
    expect(await soonRow()).toMatchObject({ dueDate: '2026-11-27', state: '即将到期', daysLate: -4 });
    await ok(call(t.ctx, 'rules.set', { changes: { upcomingDays: 3 } }));
    expect(await soonRow()).toMatchObject({ dueDate: '2026-11-27', state: null });
  });
});

describe('items stop', () => {
  it('once the entry is closed or the resident has left, and only the asked entries are read', async () => {
    const a = await direct('2026-10-01', '2026-10-02');
    const b = await direct('2026-10-01', '2026-10-02');
    const c = await direct('2026-10-01', '2026-10-02');
    expect(new Set(releasedDues(t.ctx).map((d) => d.entryId))).toEqual(new Set([a.id, b.id, c.id]));
    expect(releasedDues(t.ctx, { entryIds: [b.id] }).every((d) => d.entryId === b.id)).toBe(true);
    expect(releasedDues(t.ctx, { entryIds: [] })).toEqual([]);

    await ok(call(t.ctx, 'released.changeStatus', { id: a.id, to: '迁出', date: '2026-11-01', reason: '户籍迁出' }));
    t.ctx.ledger.sqlite.prepare("update resident set status = '死亡', left_on = '2026-11-02' where id = ?").run(b.residentId);
    const left = releasedDues(t.ctx);
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((d) => d.entryId === c.id && d.ledger === 'released' && d.residentId === c.residentId && d.householdId === null)).toBe(true);
    // Sorted by due date.
    expect(left.map((d) => d.dueDate)).toEqual([...left.map((d) => d.dueDate)].sort());
  });
});

describe('facts for the monthly indicators', () => {
  it('give the T1 figures of a hand-made town, per village and in total, from the dated histories', async () => {
    // 柳河村
    const p1 = await ok(call(t.ctx, 'released.register', { residentId: addResident(gridA), noticeReceivedOn: '2026-11-02', releaseDate: '2026-11-04' }));
    await ok(call(t.ctx, 'released.handover', { id: p1.id, date: '2026-11-05', code: '03' }));
    await ok(call(t.ctx, 'released.report', { id: p1.id, date: '2026-11-06' }));
    await ok(call(t.ctx, 'released.team', { id: p1.id, members: [{ name: '李司法', role: '组长' }, { name: '王网格', role: '网格员' }] }));
    await ok(call(t.ctx, 'released.team', { id: p1.id, members: [{ name: '李司法', role: '组长' }] }));
    addHelpRecord(p1.id, '2026-11-10');
    await ok(call(t.ctx, 'released.place', { id: p1.id, code: '02', date: '2026-11-12' }));
    await ok(call(t.ctx, 'released.register', { residentId: addResident(gridA), noticeReceivedOn: '2026-11-10', releaseDate: '2026-11-15' }));
    await direct('2026-09-01', '2026-09-01', {}, gridA);
    // 桃园村
    const p3 = await direct('2024-01-10', '2024-01-12', {}, gridB);
    await ok(call(t.ctx, 'released.assess', { id: p3.id, date: '2024-06-01', class: '重点', reason: '涉毒' }));
    await ok(call(t.ctx, 'released.reoffend', { id: p3.id, date: '2026-03-05', crime: '贩卖毒品罪' }));
    const p4 = await direct('2025-05-01', '2025-05-02', {}, gridB);
    await ok(call(t.ctx, 'released.report', { id: p4.id, date: '2025-05-03' }));
    await ok(call(t.ctx, 'released.assess', { id: p4.id, date: '2025-06-01', class: '重点', reason: '累犯' }));
    addHelpRecord(p4.id, '2026-07-01');
    await ok(call(t.ctx, 'released.changeStatus', { id: p4.id, to: '脱管', date: '2026-08-01', reason: '失联' }));
    const p5 = await direct('2021-11-01', '2021-11-02', {}, gridB);
    await ok(call(t.ctx, 'released.changeStatus', { id: p5.id, to: '期满解除', date: '2026-11-10', reason: '帮教期满' }));
    // Someone without a grid is kept apart (village null).
    await direct('2026-01-05', '2026-01-06', {}, null);

    const facts = loadReleasedFacts(t.ctx);
    expect(facts).toHaveLength(7);
    const f1 = facts.find((f) => f.facts.noticeReceivedDate === '2026-11-02')!;
    expect(f1).toMatchObject({ villageId: villageA, villageCode: '320121100201' });
    expect(f1.facts).toEqual({
      releaseDate: '2026-11-04',
      noticeReceivedDate: '2026-11-02',
      handoverDate: '2026-11-05',
      reportDate: '2026-11-06',
      placementDate: '2026-11-12',
      assessments: [{ date: '2026-11-02', class: 'general' }],
      helpTeamSize: 1,
      helpRecordDates: ['2026-11-10'],
      statusHistory: [
        { date: '2026-11-02', status: '待衔接' },
        { date: '2026-11-05', status: '在册帮教' },
      ],
    } satisfies ReleasedPersonFacts);
    expect(facts.filter((f) => f.villageId === null)).toHaveLength(1);

    const of = (villageId: number | null) => facts.filter((f) => f.villageId === villageId).map((f) => f.facts);
    const a = releasedIndicators(of(villageA), '2026-11', DEFAULT_RULES);
    const b = releasedIndicators(of(villageB), '2026-11', DEFAULT_RULES);
    expect(a).toMatchObject({
      registered: 2, keyClass: 0, noticesReceived: 2, handedOver: 1, handoverRate: 50, placed: 1, placementRate: 50,
      helped: 1, helpRate: 50, reoffended: 0, reoffendRate: 0, lostContact: 0, termEndedThisMonth: 0, reportOverdue: 1,
    });
    expect(b).toMatchObject({
      registered: 1, keyClass: 1, noticesReceived: 0, handedOver: 0, handoverRate: null, placed: 0, placementRate: 0,
      helped: 0, helpRate: 0, reoffended: 1, reoffendRate: 100, lostContact: 1, termEndedThisMonth: 1, reportOverdue: 0,
    });
    expect(totalReleased([a, b])).toMatchObject({ registered: 3, handoverRate: 50, placementRate: 33.33, helpRate: 33.33, reoffendRate: 33.33 });

    // October, from the same histories: the one released from 帮教 on 2026-11-10 was still on the register;
    // the notice of November had not arrived.
    const octB = releasedIndicators(of(villageB), '2026-10', DEFAULT_RULES);
    const octA = releasedIndicators(of(villageA), '2026-10', DEFAULT_RULES);
    expect(octB).toMatchObject({ registered: 2, lostContact: 1, reoffended: 1, termEndedThisMonth: 0 });
    expect(octA).toMatchObject({ registered: 1, noticesReceived: 0, reportOverdue: 1 });
  });
});

describe('speed on a town of 100,000 residents', () => {
  it('computes the due items of ~300 entries among 100,000 residents with indexed lookups', () => {
    const db = t.ctx.ledger.sqlite;
    const now = stamp();
    db.transaction(() => {
      const res = db.prepare(
        `insert into resident (id_number, name, sex, birth_date, residence_kind, grid_id, name_pinyin, name_initials, created_at, updated_at)
         values (?, '居民', '1', '1980-01-01', '1', ?, '', '', ?, ?)`,
      );
      for (let i = 0; i < 100_000; i++) res.run(`B${String(i).padStart(17, '0')}`, i % 2 ? gridA : gridB, now, now);
      const entry = db.prepare(
        `insert into released_person (resident_id, notice_received_on, release_date, handover_on, reported_on, class, status, status_since, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const change = db.prepare(`insert into status_change (ledger, entry_id, from_status, to_status, date, reason, created_at) values ('released', ?, null, ?, ?, '登记', ?)`);
      const assess = db.prepare(`insert into released_assessment (released_person_id, date, class, reason, created_at) values (?, ?, ?, '评估', ?)`);
      const rec = db.prepare(`insert into record (kind, ledger, entry_id, date, method, created_at) values (?, ?, ?, ?, '家访', ?)`);
      const statuses = ['在册帮教', '在册帮教', '在册帮教', '待衔接', '脱管', '期满解除'];
      const classes = ['key', 'general', 'loose'];
      for (let i = 0; i < 320; i++) {
        const status = statuses[i % statuses.length]!;
        const release = `202${1 + (i % 5)}-0${1 + (i % 9)}-1${i % 10}`;
        const id = Number(entry.run(i * 311 + 1, i % 3 ? null : release, release, status === '待衔接' ? null : release, i % 4 ? release : null, classes[i % 3], status, release, now, now).lastInsertRowid);
        change.run(id, status, release, now);
        assess.run(id, release, classes[i % 3], now);
        for (let m = 0; m < 12; m++) rec.run('help', 'released', id, `2025-${String(m + 1).padStart(2, '0')}-15`, now);
      }
      // Other ledgers' records share the table.
      for (let i = 0; i < 30_000; i++) rec.run('followUp', 'patient', 1 + (i % 400), `2025-${String(1 + (i % 12)).padStart(2, '0')}-0${1 + (i % 9)}`, now);
    })();

    const plan = (db.prepare(`explain query plan select min(h.date) from record h where h.ledger = 'released' and h.entry_id = ? and h.kind = 'help'`).all(1) as { detail: string }[])
      .map((r) => r.detail)
      .join(' ');
    expect(plan).toContain('record_entry');

    // How fast is the bench's to say (npm run bench: the today list); here, that it is right at this size.
    expect(releasedDues(t.ctx).length).toBeGreaterThan(700);
  });
});
