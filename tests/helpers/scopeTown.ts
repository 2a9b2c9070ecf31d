// Two villages with the same things in each — grid, staff, a household of two, one person on each
// key-group ledger, a record of every kind — plus one person in no grid, all made through the
// channels. Every name and number of village B is a marker that a caller scoped to A must never see.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceContext } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { idNumberFor } from './recordsTown';
import { ok } from './results';

export interface VillageSide {
  villageId: number;
  code: string;
  gridId: number;
  staffId: number;
  householdId: number;
  headId: number;
  memberId: number;
  releasedId: number;
  patientId: number;
  lowIncomeId: number;
  /** One record of each kind: 帮教, 随访, 复核, 走访. */
  helpRecordId: number;
  followUpRecordId: number;
  reviewRecordId: number;
  visitRecordId: number;
  /** An event (事件) found on the visit, with one party and one attachment. */
  eventId: number;
  eventAttachmentId: number;
  /** Strings that identify this village's data in any output. */
  markers: string[];
}

export interface ScopeTown {
  a: VillageSide;
  b: VillageSide;
  /** A resident in no grid: in no village, so no scoped caller sees them. */
  loneId: number;
  loneMarkers: string[];
}

async function side(ctx: ServiceContext, code: string, villageName: string, prefix: string): Promise<VillageSide> {
  const villageId = (await ok(call(ctx, 'village.create', { code, name: villageName }))).id;
  const gridName = `${prefix}格一`;
  const gridId = (await ok(call(ctx, 'grid.create', { villageId, kind: '综合网格', name: gridName }))).id;
  const staffName = `${prefix}员工`;
  const staffId = (await ok(call(ctx, 'staff.create', { name: staffName, role: '02', gridIds: [gridId], phone: '13900000001' }))).id;
  const household = await ok(call(ctx, 'household.create', { gridId, address: `${prefix}庄1号`, tags: [] }));
  const headIdNumber = idNumberFor('1970-03-03');
  const memberIdNumber = idNumberFor('1990-04-04');
  const head = await ok(call(ctx, 'person.create', { idNumber: headIdNumber, name: `${prefix}户主`, householdId: household.id, relation: '02' }));
  const member = await ok(call(ctx, 'person.create', { idNumber: memberIdNumber, name: `${prefix}成员`, householdId: household.id, relation: '20' }));
  const released = await ok(
    call(ctx, 'released.register', {
      residentId: head.id, releaseDate: '2026-06-01', prison: '苏州监狱', crime: '05', sentence: '3年', class: 'general',
      handoverOn: '2026-06-01', handoverCode: '06',
    }),
  );
  const patient = await ok(
    call(ctx, 'patient.register', {
      residentId: member.id, registeredOn: '2026-05-01', diagnosis: '01', risk: 1, treatment: '02', guardianResidentId: head.id, guardianRelation: '10',
    }),
  );
  const lowIncome = await ok(
    call(ctx, 'lowIncome.register', {
      householdId: household.id, memberIds: [head.id, member.id], confirmedOn: '2026-03-20', certificateNumber: `${prefix}保001`, area: '农村', class: 'A', monthlyAmount: 300,
    }),
  );
  const help = await ok(call(ctx, 'record.add', { kind: 'help', releasedPersonId: released.id, date: '2026-07-01', method: '面谈', staffName, content: `${prefix}帮教内容` }));
  const followUp = await ok(
    call(ctx, 'record.add', {
      kind: 'followUp', patientId: patient.id, date: '2026-07-02', method: '家访', staffName, content: `${prefix}随访内容`, risk: 1, medication: '1', followUpClass: '2', hospitalization: '0',
    }),
  );
  const review = await ok(call(ctx, 'record.add', { kind: 'review', lowIncomeId: lowIncome.id, date: '2026-09-01', method: '家访', staffName, content: `${prefix}复核内容`, result: '不变' }));
  const visit = await ok(call(ctx, 'record.add', { kind: 'visit', householdId: household.id, date: '2026-08-01', method: '家访', staffName, content: `${prefix}走访内容` }));
  const photo = join(mkdtempSync(join(tmpdir(), 'scope-event-')), `${prefix}现场.png`);
  writeFileSync(photo, Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf00000301010018dd8db00000000049454e44ae426082', 'hex'));
  const ev = await ok(
    call(ctx, 'event.create', {
      source: '网格员巡查', category: 'D02', villageId, gridId, title: `${prefix}事件标题`, reportedOn: '2026-08-02', reporterStaffId: staffId,
      sourceRecordId: visit.id, parties: [{ residentId: head.id }, { name: `${prefix}当事人` }], attachments: [photo],
    }),
  );
  return {
    eventId: ev.id, eventAttachmentId: ev.attachments[0]!.id,
    villageId, code, gridId, staffId, householdId: household.id, headId: head.id, memberId: member.id,
    releasedId: released.id, patientId: patient.id, lowIncomeId: lowIncome.id,
    helpRecordId: help.id, followUpRecordId: followUp.id, reviewRecordId: review.id, visitRecordId: visit.id,
    markers: [villageName, gridName, staffName, `${prefix}户主`, `${prefix}成员`, headIdNumber, memberIdNumber, household.number, `${prefix}庄1号`, `${prefix}保001`, `${prefix}帮教内容`, `${prefix}随访内容`, `${prefix}走访内容`, `${prefix}事件标题`, `${prefix}当事人`, ev.number],
  };
}

export async function makeScopeTown(ctx: ServiceContext): Promise<ScopeTown> {
  await ok(call(ctx, 'town.setup', { name: '城关镇', code: '320121100000' }));
  const a = await side(ctx, '320121100201', '柳河村', '柳');
  const b = await side(ctx, '320121100001', '东关社区', '东');
  const loneIdNumber = idNumberFor('1985-01-01');
  const lone = await ok(call(ctx, 'person.create', { idNumber: loneIdNumber, name: '无格丙', gridId: null }));
  return { a, b, loneId: lone.id, loneMarkers: ['无格丙', loneIdNumber] };
}
