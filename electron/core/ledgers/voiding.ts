// 作废 of a ledger entry registered by mistake (issue 8 item 3): the entry and its records stay in the database and on
// the person's timeline, but leave every list, due item, check and month figure. Its standing records are voided with
// it (they were made on a registration that should not exist), so nothing of it counts anywhere.
import { and, eq, isNull } from 'drizzle-orm';
import type { LedgerName } from '../../../shared/contract/records';
import type { ServiceContext } from '../context';
import { lowIncome, patient, record, releasedPerson } from '../db/schema';
import { inWrite } from '../db/write';
import { notFound } from '../errors';
import { refuseVoided } from './common';
import { writeRevision } from './revision';

const TABLES = { released: releasedPerson, patient, lowIncome } as const;
const WORDS = { released: '刑满释放人员', patient: '严重精神障碍患者', lowIncome: '低保户' } as const;

export function voidEntry(ctx: ServiceContext, ledger: LedgerName, id: number, reason: string) {
  inWrite(ctx, () => {
    const t = TABLES[ledger];
    if (!ctx.ledger.db.select({ id: t.id }).from(t).where(eq(t.id, id)).get()) throw notFound(`找不到编号为 ${id} 的${WORDS[ledger]}`);
    refuseVoided(ctx, ledger, id);
    const sets = { voidedOn: ctx.today(), voidReason: reason };
    ctx.ledger.db.update(t).set(sets).where(eq(t.id, id)).run();
    const records = ctx.ledger.db
      .update(record)
      .set({ voidedOn: sets.voidedOn, voidReason: `登记作废：${reason}`.slice(0, 200) })
      .where(and(eq(record.ledger, ledger), eq(record.entryId, id), isNull(record.voidedOn)))
      .returning({ id: record.id })
      .all();
    writeRevision(ctx, { subject: ledger, subjectId: id, action: 'void', before: { voidedOn: null, voidReason: null }, after: { ...sets, records: records.length }, reason });
  });
}
