// 严重精神障碍患者 ledger through the channels: registration, corrections, status changes, 关爱帮扶小组, 以奖代补,
// 肇事肇祸, list and export. Residents and 随访 records are inserted with plain SQL (records belong to record.add).
import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { checkDigit } from '../../shared/rules/idNumber';
import { addPerson } from '../helpers/people';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { fails, ok, twoVillageTown } from '../helpers/results';

let t: TempLedger;
let gridId: number;
let otherVillageId: number;
let otherGridId: number;

beforeEach(async () => {
  t = openTempLedger();
  ({ gridId, otherVillageId, otherGridId } = await twoVillageTown(t.ctx));
});
afterEach(() => t.close());

let serial = 0;
function addResident(o: { name: string; grid?: number | null; status?: string; birth?: string; phone?: string; householdId?: number | null }): number {
  serial++;
  const birth = o.birth ?? '1980-05-01';
  const first17 = `320121${birth.replace(/-/g, '')}${String(serial).padStart(3, '0')}`;
  return addPerson(t.ctx, {
    idNumber: first17 + checkDigit(first17), name: o.name, householdId: o.householdId ?? null, relation: o.householdId ? '20' : null,
    gridId: o.grid === undefined ? gridId : o.grid, phone: o.phone ?? '', currentAddress: '柳河村1组',
    status: (o.status ?? '在册') as '在册' | '迁出' | '死亡', leftOn: '2026-01-01',
  });
}

/** A 随访 record as record.add writes it; `assess` also moves patient.risk like record.add does. */
function addFollowUp(
  patientId: number,
  date: string,
  cls: string,
  o: { risk?: number | null; medication?: string; hospitalization?: string; method?: string; next?: string | null; assess?: boolean } = {},
) {
  const db = t.ctx.ledger.sqlite;
  const p = db.prepare('select resident_id as r from patient where id = ?').get(patientId) as { r: number };
  db.prepare(
    `insert into record (kind, ledger, entry_id, resident_id, date, method, risk, medication, follow_up_class, hospitalization, next_follow_up_on, created_at)
     values ('followUp', 'patient', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(patientId, p.r, date, o.method ?? '家访', o.risk === undefined ? 0 : o.risk, o.medication ?? '1', cls, o.hospitalization ?? '0', o.next ?? null, new Date().toISOString());
  if (o.assess && o.risk !== null && o.risk !== undefined) {
    db.prepare('update patient set risk = ?, risk_assessed_on = ? where id = ?').run(o.risk, date, patientId);
  }
}

const base = { registeredOn: '2026-01-10', diagnosis: '精神分裂症', risk: 1 };

async function register(residentId: number, over: Record<string, unknown> = {}) {
  return ok(call(t.ctx, 'patient.register', { residentId, ...base, ...over }));
}

const count = (sql: string) => (t.ctx.ledger.sqlite.prepare(sql).get() as { n: number }).n;

describe('register', () => {
  it('registers a resident as 在管 with the first assessment, a status change and the first 随访 due', async () => {
    const r = addResident({ name: '王建国', phone: '13800000001' });
    const p = await register(r, {
      firstOnsetOn: '2015-03-01', priorIncidentCount: 0, treatment: '居家服药', hospital: '县第三人民医院',
      guardianName: '王秀英', guardianPhone: '13900000002', guardianRelation: '母亲', note: '家住村东头',
    });
    expect(p).toMatchObject({
      residentId: r, name: '王建国', villageName: '柳河村', gridName: '第一网格', diagnosis: '01', risk: 1, riskAssessedOn: '2026-01-10',
      status: '在管', statusSince: '2026-01-10', treatment: '02', hospital: '县第三人民医院', guardianResidentId: null, guardianName: '王秀英',
      guardianPhone: '13900000002', guardianRelation: '52', awardEligible: false, incidentCount: 0, lastIncidentOn: null, lastFollowUpOn: null,
    });
    expect(p.statusChanges).toEqual([expect.objectContaining({ fromStatus: null, toStatus: '在管', date: '2026-01-10' })]);
    // 建档 + 14 days; on 2026-11-23 that is long overdue.
    expect(p.dues).toEqual([{ kind: '随访', dueDate: '2026-01-24', state: '逾期', daysLate: 303 }]);
    expect(p.nextDue).toEqual(p.dues[0]);
  });

  it('takes the guardian name and phone from a resident guardian', async () => {
    const patient = addResident({ name: '李明' });
    const mother = addResident({ name: '张桂兰', phone: '13711112222' });
    const p = await register(patient, { guardianResidentId: mother, guardianName: '随便写的', guardianPhone: '', guardianRelation: '52' });
    expect(p).toMatchObject({ guardianResidentId: mother, guardianName: '张桂兰', guardianPhone: '13711112222', guardianRelation: '52' });
  });

  it('refuses a guardian who is the patient, who has left, or a phone without a name', async () => {
    const patient = addResident({ name: '李明' });
    const gone = addResident({ name: '李老汉', status: '死亡' });
    expect((await fails(call(t.ctx, 'patient.register', { residentId: patient, ...base, guardianResidentId: patient }))).message).toContain('监护人不能是患者本人');
    const left = await fails(call(t.ctx, 'patient.register', { residentId: patient, ...base, guardianResidentId: gone }));
    expect(left).toMatchObject({ code: 'CONFLICT' });
    expect(left.message).toContain('监护人李老汉');
    expect((await fails(call(t.ctx, 'patient.register', { residentId: patient, ...base, guardianPhone: '13700000000' }))).message).toContain('监护人姓名');
    expect(count('select count(*) as n from patient')).toBe(0);
  });

  it('refuses a second open entry, a resident who left, and impossible dates, writing nothing', async () => {
    const r = addResident({ name: '赵强', birth: '1990-06-01' });
    await register(r);
    const again = await fails(call(t.ctx, 'patient.register', { residentId: r, ...base }));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('不能重复登记');

    const moved = addResident({ name: '钱多', status: '迁出' });
    expect((await fails(call(t.ctx, 'patient.register', { residentId: moved, ...base }))).message).toContain('已迁出');

    const s = addResident({ name: '孙立', birth: '1990-06-01' });
    expect((await fails(call(t.ctx, 'patient.register', { residentId: s, ...base, firstOnsetOn: '2026-02-01' }))).message).toMatch(/建档日期.*早于初次发病日期/);
    expect((await fails(call(t.ctx, 'patient.register', { residentId: s, ...base, firstOnsetOn: '1989-01-01' }))).message).toContain('初次发病日期');
    expect((await fails(call(t.ctx, 'patient.register', { residentId: s, ...base, registeredOn: '2026-12-01' }))).message).toContain('晚于今天');
    expect((await fails(call(t.ctx, 'patient.register', { residentId: s, ...base, priorLastIncidentOn: '2025-01-01' }))).message).toContain('肇事肇祸次数不能为 0');
    expect((await fails(call(t.ctx, 'patient.register', { residentId: s, ...base, priorIncidentCount: 1, priorLastIncidentOn: '2026-03-01' }))).message).toContain('上次肇事肇祸日期');
    expect((await fails(call(t.ctx, 'patient.register', { residentId: s, ...base, diagnosis: '抑郁症' }))).message).toContain('目前诊断类型「抑郁症」不在代码表中');
    expect((await fails(call(t.ctx, 'patient.register', { residentId: s, ...base, risk: 6 }))).message).toContain('0–5 级');
    expect((await fails(call(t.ctx, 'patient.register', { residentId: 9999, ...base }))).code).toBe('NOT_FOUND');
    expect(count('select count(*) as n from patient')).toBe(1);
    expect(count("select count(*) as n from status_change where ledger = 'patient'")).toBe(1);
  });
});

describe('update', () => {
  it('corrects the facts; 危险性 only until a 随访 has assessed it', async () => {
    const r = addResident({ name: '周敏' });
    const p = await register(r, { risk: 1 });
    const u = await ok(call(t.ctx, 'patient.update', { id: p.id, diagnosis: '04', risk: 2, priorIncidentCount: 1, priorLastIncidentOn: '2024-05-01', hospital: '市精神卫生中心' }));
    expect(u).toMatchObject({ diagnosis: '04', risk: 2, riskAssessedOn: '2026-01-10', incidentCount: 1, lastIncidentOn: '2024-05-01', awardEligible: true, hospital: '市精神卫生中心' });

    addFollowUp(p.id, '2026-03-01', '2', { risk: 1, assess: true });
    const refused = await fails(call(t.ctx, 'patient.update', { id: p.id, diagnosis: '04', risk: 3, priorIncidentCount: 1, priorLastIncidentOn: '2024-05-01' }));
    expect(refused.message).toContain('请通过随访记录登记');
    // Keeping the assessed value is fine.
    const kept = await ok(call(t.ctx, 'patient.update', { id: p.id, diagnosis: '01', risk: 1, priorIncidentCount: 1, priorLastIncidentOn: '2024-05-01' }));
    expect(kept).toMatchObject({ diagnosis: '01', risk: 1, riskAssessedOn: '2026-03-01', lastFollowUpOn: '2026-03-01', lastFollowUpClass: '2' });
  });

  it('keeps a guardian already on file who has left, but refuses to choose one who has', async () => {
    const r = addResident({ name: '吴刚' });
    const g = addResident({ name: '吴父', phone: '13600000000' });
    const p = await register(r, { guardianResidentId: g });
    t.ctx.ledger.sqlite.prepare("update resident set status = '死亡' where id = ?").run(g);
    const u = await ok(call(t.ctx, 'patient.update', { id: p.id, diagnosis: '01', risk: 1, guardianResidentId: g, note: '改备注' }));
    expect(u).toMatchObject({ guardianResidentId: g, note: '改备注' });
    const other = addResident({ name: '吴叔', status: '迁出' });
    expect((await fails(call(t.ctx, 'patient.update', { id: p.id, diagnosis: '01', risk: 1, guardianResidentId: other }))).message).toContain('已迁出');
  });
});

describe('status changes', () => {
  it('moves through 住院 and back, refuses what the rules forbid, and keeps every change', async () => {
    const r = addResident({ name: '郑华' });
    const p = await register(r);
    await ok(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '住院', date: '2026-03-01', reason: '送县精神病院' }));
    const back = await ok(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '在管', date: '2026-04-01', reason: '出院回家' }));
    expect(back).toMatchObject({ status: '在管', statusSince: '2026-04-01' });
    expect(back.statusChanges.map((s) => [s.fromStatus, s.toStatus, s.date])).toEqual([
      [null, '在管', '2026-01-10'], ['在管', '住院', '2026-03-01'], ['住院', '在管', '2026-04-01'],
    ]);

    expect((await fails(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '在管', date: '2026-05-01', reason: 'x' }))).message).toContain('无需变更');
    expect((await fails(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '失访', date: '2026-03-15', reason: '联系不上' }))).message).toMatch(/变更日期.*早于当前状态「在管」的开始日期/);
    expect((await fails(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '失访', date: '2026-12-01', reason: '联系不上' }))).message).toContain('晚于今天');
    expect((await fails(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '出院', date: '2026-05-01', reason: 'x' }))).message).toContain('不在代码表中');

    await ok(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '迁出', date: '2026-05-01', reason: '随子女迁往外省' }));
    const notBack = await fails(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '失访', date: '2026-06-01', reason: 'x' }));
    expect(notBack).toMatchObject({ code: 'CONFLICT' });
    expect(notBack.message).toContain('须先迁回');
    // A closed entry has no due items.
    expect((await ok(call(t.ctx, 'patient.get', { id: p.id }))).dues).toEqual([]);

    await ok(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '在管', date: '2026-07-01', reason: '迁回' }));
    await ok(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '死亡', date: '2026-08-01', reason: '病故' }));
    expect((await fails(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '在管', date: '2026-09-01', reason: 'x' }))).message).toContain('患者已死亡');
  });

  it('lets a resident whose entry was closed be registered again, and then refuses to reopen the old entry', async () => {
    const r = addResident({ name: '冯军' });
    const old = await register(r);
    await ok(call(t.ctx, 'patient.changeStatus', { id: old.id, to: '迁出', date: '2026-02-01', reason: '外出务工' }));
    const fresh = await register(r, { registeredOn: '2026-06-01' });
    expect(fresh.id).not.toBe(old.id);
    const err = await fails(call(t.ctx, 'patient.changeStatus', { id: old.id, to: '在管', date: '2026-07-01', reason: '迁回' }));
    expect(err.message).toContain('2026-06-01 建档的在管记录');
  });
});

describe('关爱帮扶小组', () => {
  it('saves members with roles; a member who leaves keeps a dated row', async () => {
    const r = addResident({ name: '陈平' });
    const p = await register(r);
    const g = await ok(call(t.ctx, 'patient.team', {
      id: p.id,
      members: [
        { name: '刘网格', phone: '13500000000', role: '网格员' },
        { name: '黄医生', role: '精防医生' },
        { name: '马警官', role: '社区民警' },
      ],
    }));
    expect(g.team.map((m) => [m.name, m.role]).sort()).toEqual([['刘网格', '01'], ['马警官', '04'], ['黄医生', '03']]);
    const h = await ok(call(t.ctx, 'patient.team', { id: p.id, members: [{ name: '黄医生', role: '03' }] }));
    expect(h.team.map((m) => m.name)).toEqual(['黄医生']);
    expect(count("select count(*) as n from team_member where ledger = 'patient' and to_date = '2026-11-23'")).toBe(2);
    expect((await fails(call(t.ctx, 'patient.team', { id: p.id, members: [{ name: 'x', role: '队长' }] }))).message).toContain('不在代码表中');

    await ok(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '死亡', date: '2026-08-01', reason: '病故' }));
    expect((await fails(call(t.ctx, 'patient.team', { id: p.id, members: [] }))).message).toContain('不能调整关爱帮扶小组');
  });
});

describe('以奖代补 and 肇事肇祸', () => {
  it('refuses the 监护责任书 when the patient is not eligible and says why; an incident makes him eligible', async () => {
    const r = addResident({ name: '何亮' });
    const p = await register(r, { risk: 2, guardianName: '何母', guardianPhone: '13300000000' });
    expect(p.awardEligible).toBe(false);
    const refused = await fails(call(t.ctx, 'patient.awardAgreement', { id: p.id, date: '2026-03-01' }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('不是以奖代补对象：目前危险性为 2 级（3 级及以上才符合），且没有肇事肇祸史');

    expect((await fails(call(t.ctx, 'patient.incident', { id: p.id, date: '2025-12-01', content: '打砸邻居门窗' }))).message).toContain('建档前的肇事肇祸');
    const i = await ok(call(t.ctx, 'patient.incident', { id: p.id, date: '2026-02-20', content: '打砸邻居门窗' }));
    expect(i).toMatchObject({ awardEligible: true, incidentCount: 1, lastIncidentOn: '2026-02-20' });
    expect(count("select count(*) as n from record where kind = 'incident' and ledger = 'patient'")).toBe(1);

    expect((await fails(call(t.ctx, 'patient.awardAgreement', { id: p.id, date: '2026-01-01' }))).message).toContain('签订日期（2026-01-01）早于建档日期');
    const signed = await ok(call(t.ctx, 'patient.awardAgreement', { id: p.id, date: '2026-03-01' }));
    expect(signed.awardAgreementSignedOn).toBe('2026-03-01');
    expect(signed.dues.find((d) => d.kind === '以奖代补年审')).toEqual({ kind: '以奖代补年审', dueDate: '2027-03-01', state: null, daysLate: -98 });

    expect((await fails(call(t.ctx, 'patient.awardReview', { id: p.id, date: '2026-02-01' }))).message).toContain('年审日期（2026-02-01）早于监护责任书签订日期');
    const reviewed = await ok(call(t.ctx, 'patient.awardReview', { id: p.id, date: '2026-11-20', content: '监护到位，全年无肇事' }));
    expect(reviewed.lastAwardReviewOn).toBe('2026-11-20');
    expect(reviewed.dues.find((d) => d.kind === '以奖代补年审')?.dueDate).toBe('2027-11-20');
    const rec = t.ctx.ledger.sqlite.prepare("select kind, entry_id as e, content from record where ledger = 'patient' and kind = 'visit'").get() as { kind: string; e: number; content: string };
    expect(rec).toEqual({ kind: 'visit', e: p.id, content: '以奖代补年审：监护到位，全年无肇事' });
    // An older 年审 entered late does not move the last one back.
    expect((await ok(call(t.ctx, 'patient.awardReview', { id: p.id, date: '2026-10-01' }))).lastAwardReviewOn).toBe('2026-11-20');
  });

  it('危险性 3 at registration or from a 随访 makes the patient eligible; the 监护责任书 needs a guardian', async () => {
    const a = await register(addResident({ name: '甲' }), { risk: 3 });
    expect(a.awardEligible).toBe(true);
    expect((await fails(call(t.ctx, 'patient.awardAgreement', { id: a.id, date: '2026-02-01' }))).message).toContain('尚未登记监护人');

    const b = await register(addResident({ name: '乙' }), { risk: 0, guardianName: '乙父' });
    expect(b.awardEligible).toBe(false);
    addFollowUp(b.id, '2026-05-01', '1', { risk: 3, assess: true });
    const after = await ok(call(t.ctx, 'patient.get', { id: b.id }));
    expect(after).toMatchObject({ awardEligible: true, risk: 3, riskAssessedOn: '2026-05-01', lastFollowUpClass: '1' });
    await ok(call(t.ctx, 'patient.awardAgreement', { id: b.id, date: '2026-05-02' }));
    // No 年审 due before the agreement, nor once the patient is no longer eligible.
    expect(a.dues.map((d) => d.kind)).toEqual(['随访']);
    addFollowUp(b.id, '2026-08-01', '3', { risk: 0, assess: true });
    expect((await ok(call(t.ctx, 'patient.get', { id: b.id }))).dues.map((d) => d.kind)).toEqual(['随访']);
  });

  it('refuses a 年审 without an agreement and incidents after the entry closed', async () => {
    const p = await register(addResident({ name: '丙' }), { risk: 4, guardianName: '丙母' });
    expect((await fails(call(t.ctx, 'patient.awardReview', { id: p.id, date: '2026-05-01' }))).message).toContain('尚未签订监护责任书');
    await ok(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '死亡', date: '2026-06-01', reason: '病故' }));
    expect((await fails(call(t.ctx, 'patient.incident', { id: p.id, date: '2026-07-01', content: 'x' }))).message).toContain('不能登记此后的肇事肇祸');
    const before = await ok(call(t.ctx, 'patient.incident', { id: p.id, date: '2026-05-20', content: '补录' }));
    expect(before.incidentCount).toBe(1);
    expect((await fails(call(t.ctx, 'patient.awardAgreement', { id: p.id, date: '2026-05-25' }))).message).toContain('不能签订监护责任书');
  });
});

describe('list and export', () => {
  it('lists open entries by default, filters by status, village and query', async () => {
    const a = await register(addResident({ name: '林一' }));
    const b = await register(addResident({ name: '林二', grid: otherGridId }));
    const c = await register(addResident({ name: '唐三' }));
    await ok(call(t.ctx, 'patient.changeStatus', { id: c.id, to: '死亡', date: '2026-03-01', reason: '病故' }));
    const ids = async (f: Record<string, unknown>) => (await ok(call(t.ctx, 'patient.list', f))).map((r) => r.id);
    expect((await ids({})).sort()).toEqual([a.id, b.id].sort());
    expect((await ids({ status: '全部' })).length).toBe(3);
    expect(await ids({ status: '死亡' })).toEqual([c.id]);
    expect(await ids({ villageId: otherVillageId })).toEqual([b.id]);
    expect(await ids({ gridId })).toEqual([a.id]);
    expect((await ids({ query: '林' })).sort()).toEqual([a.id, b.id].sort());
    expect((await fails(call(t.ctx, 'patient.list', { status: '在册' }))).message).toContain('患者管理状态「在册」不在代码表中');
    const row = (await ok(call(t.ctx, 'patient.list', { gridId })))[0]!;
    expect(row.nextDue).toEqual({ kind: '随访', dueDate: '2026-01-24', state: '逾期', daysLate: 303 });
  });

  it('exports the ledger with labels, 危险性 as N级 and the guardian', async () => {
    const r = addResident({ name: '邓四', phone: '13100000000' });
    const g = addResident({ name: '邓父', phone: '13200000000' });
    const p = await register(r, { risk: 3, firstOnsetOn: '2010-01-01', treatment: '01', hospital: '县医院', guardianResidentId: g, guardianRelation: '51' });
    await ok(call(t.ctx, 'patient.incident', { id: p.id, date: '2026-06-01', content: '持械伤人' }));
    await ok(call(t.ctx, 'patient.awardAgreement', { id: p.id, date: '2026-06-10' }));
    await ok(call(t.ctx, 'patient.team', { id: p.id, members: [{ name: '黄医生', role: '03' }] }));
    addFollowUp(p.id, '2026-11-01', '2', { risk: 3 });
    mkdirSync(join(t.dir, 'out'));
    const path = join(t.dir, 'out', '患者台账.xlsx');
    expect(await ok(call(t.ctx, 'patient.export', { path }))).toEqual({ path, rows: 1 });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('严重精神障碍患者台账')!;
    expect(ws.getCell('A1').value).toBe('城关镇严重精神障碍患者台账');
    const header = (ws.getRow(3).values as unknown[]).slice(1) as string[];
    const data = ws.getRow(4);
    const cell = (h: string) => data.getCell(header.indexOf(h) + 1).value;
    expect(header.indexOf('目前危险性评估等级')).toBeGreaterThan(0);
    expect(cell('姓名')).toBe('邓四');
    expect(cell('目前诊断类型')).toBe('精神分裂症');
    expect(cell('目前危险性评估等级')).toBe('3级');
    expect(cell('治疗情况')).toBe('住院治疗');
    expect(cell('监护人姓名')).toBe('邓父');
    expect(cell('监护人联系方式')).toBe('13200000000');
    expect(cell('监护人与患者关系')).toBe('父亲');
    expect(cell('有无肇事肇祸史')).toBe('有');
    expect(cell('肇事肇祸次数')).toBe(1);
    expect(cell('以奖代补对象')).toBe('是');
    expect(cell('监护责任书签订日期')).toBe('2026-06-10');
    expect(cell('关爱帮扶小组')).toBe('黄医生（精防医生）');
    expect(cell('末次随访分类')).toBe('基本稳定');
    expect(cell('下次随访日期')).toBe('2026-11-15');
    expect(cell('公民身份号码')).toMatch(/^320121/);
  });
});
