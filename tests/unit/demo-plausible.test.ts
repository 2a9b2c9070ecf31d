// The demo town must look like a town a staffer knows (issue 8, item 6): no 低保 household whose
// 复核 is years overdue, no man released from the women's prison (nor an adult from the juvenile
// one), and a patient in hospital has follow-ups that say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRISONS } from '../../electron/core/demo/ledgers';
import { generateDemoTown } from '../../electron/core/demo/generate';
import { call } from '../../electron/core/dispatch';
import { ageOn } from '../../shared/rules/idNumber';
import { ok } from '../helpers/results';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';

const TODAY = '2026-11-23';
let t: TempLedger;
const all = <T>(sql: string, ...params: unknown[]) => t.ctx.ledger.sqlite.prepare(sql).all(...params) as T[];

beforeAll(() => {
  t = openTempLedger({ today: TODAY });
  // Big enough for a handful of 住院 patients (4 patients per 1,000 residents, 5% of them in hospital).
  generateDemoTown(t.ctx, { residents: 20_000, seed: 1 });
});
afterAll(() => t.close());

describe('a plausible demo town', () => {
  it('has no 低保复核 more than a quarter overdue, but some a little late', async () => {
    const due = await ok(call(t.ctx, 'due.list', { date: TODAY, kind: '低保复核' }));
    const late = due.items.filter((i) => i.state === '逾期');
    expect(late.length).toBeGreaterThan(0);
    const worst = Math.max(...late.map((i) => i.daysLate));
    expect(worst, `最久逾期 ${worst} 天`).toBeLessThanOrEqual(92);
    // Every household still covered has a review on record within its cycle or is only a little late.
    const covered = all<{ n: number }>("select count(*) as n from low_income where status = '在保'")[0]!.n;
    expect(covered).toBeGreaterThan(300);
  });

  it('releases women from the women’s prison or the 看守所, men never from the women’s prison, and only minors from the 未管所', () => {
    const released = all<{ sex: string; birthDate: string; prison: string; releaseDate: string }>(
      `select r.sex, r.birth_date as birthDate, p.prison, p.release_date as releaseDate
         from released_person p join resident r on r.id = p.resident_id`,
    );
    expect(released.length).toBeGreaterThan(40);
    expect(new Set(released.map((r) => r.sex))).toEqual(new Set(['1', '2']));
    for (const r of released) {
      const where = `${r.sex === '1' ? '男' : '女'}，${r.prison}，${r.releaseDate} 释放`;
      const minor = ageOn(r.birthDate, r.releaseDate) < 18;
      if (minor) expect(r.prison, where).toBe(DEMO_PRISONS.juvenile);
      else if (r.sex === '2') expect(DEMO_PRISONS.women as readonly string[], where).toContain(r.prison);
      else expect(DEMO_PRISONS.men as readonly string[], where).toContain(r.prison);
      if (r.sex === '1') expect(r.prison, where).not.toContain('女子');
    }
  });

  it('gives each patient in hospital follow-ups since admission that say 目前正在住院, and no one else', () => {
    const patients = all<{ id: number; status: string; since: string }>('select id, status, status_since as since from patient');
    const inHospital = patients.filter((p) => p.status === '住院');
    expect(inHospital.length).toBeGreaterThan(0);
    const followUps = (id: number) =>
      all<{ date: string; hospitalization: string }>(
        "select date, hospitalization from record where kind = 'followUp' and ledger = 'patient' and entry_id = ? order by date, id",
        id,
      );
    for (const p of inHospital) {
      const since = followUps(p.id).filter((f) => f.date >= p.since);
      expect(since.length, `患者 ${p.id} 自 ${p.since} 住院`).toBeGreaterThan(0);
      expect(since.every((f) => f.hospitalization === '1'), `患者 ${p.id}`).toBe(true);
    }
    for (const p of patients.filter((x) => x.status !== '住院')) {
      const last = followUps(p.id).at(-1);
      if (last) expect(last.hospitalization, `患者 ${p.id}（${p.status}）的最近一次随访`).not.toBe('1');
    }
  });
});
