// The five ledgers as workbooks for the monthly package and `report ledger`: the whole town as the caller's scope
// sees it, current data (each ledger's default list: 在册 persons, 未结束 帮教, current 低保, serving staff), written
// by the one ledger renderer. The exports of each domain write the same definitions with their own filters.
import { contract, type ChannelParsed } from '../../../shared/contract';
import { LEDGERS, LEDGER_IDS, type LedgerId } from '../../../shared/reports/ledgers';
import type { ServiceContext } from '../context';
import { localToday } from '../context';
import { validationError } from '../errors';
import { guardOf } from '../files/safeOutput';
import { staffLedger } from '../grids/exports';
import { lowIncomeLedger } from '../ledgers/lowIncome/export';
import { patientLedger } from '../ledgers/patient/export';
import { releasedLedger } from '../ledgers/released/export';
import { residentsLedger } from '../people/export';
import { requireTown } from '../town/service';
import { writeLedgerWorkbook, type LedgerSource, passes } from '../xlsx/ledgerWorkbook';

export const LEDGER_BOOKS = LEDGER_IDS;
export type LedgerBookId = LedgerId;

const NAMES = LEDGER_IDS.map((id) => LEDGERS[id].name).join('、');

/** A list channel's filter with every default applied (the path is not part of it). */
function defaults<C extends 'released.export' | 'patient.export' | 'lowIncome.export' | 'person.export'>(channel: C, path: string): Omit<ChannelParsed<C>, 'path'> {
  const { path: _path, ...filter } = contract[channel].input.parse({ path }) as ChannelParsed<C>;
  return filter as Omit<ChannelParsed<C>, 'path'>;
}

function sourceOf(ctx: ServiceContext, kind: LedgerBookId, path: string): LedgerSource {
  switch (kind) {
    case 'released':
      return releasedLedger(ctx, defaults('released.export', path));
    case 'patient':
      return patientLedger(ctx, defaults('patient.export', path));
    case 'lowIncome':
      return lowIncomeLedger(ctx, defaults('lowIncome.export', path));
    case 'staff':
      return staffLedger(ctx, { includeEnded: false });
    case 'residents':
      return residentsLedger(ctx, defaults('person.export', path));
  }
}

function checkKind(kind: string): asserts kind is LedgerBookId {
  if (!(LEDGER_IDS as readonly string[]).includes(kind)) {
    throw validationError(`没有「${String(kind).slice(0, 20)}」这种台账，可选：${NAMES}`, [{ path: ['ledger'], message: `台账应为${NAMES}之一` }]);
  }
}

/** Writes the ledger as of `date` (ages, due dates, 填报日期 all use it) with the workbook dated `created`. */
async function writeDated(ctx: ServiceContext, kind: LedgerBookId, path: string, date: string, created: Date) {
  requireTown(ctx);
  const def = LEDGERS[kind];
  const dated: ServiceContext = { ...ctx, today: () => date };
  const source = { ...sourceOf(dated, kind, path), created };
  const progress = ctx.progress;
  const rows = await writeLedgerWorkbook(path, def, source, guardOf(ctx), progress ? (n) => progress(n, passes(source.total), `导出${def.name}`) : undefined);
  return { rows, fileName: def.fileName };
}

/**
 * Writes one ledger workbook to `path`. `generatedAt` (ISO) dates it: the day it is as of (its local calendar day:
 * ages, due dates, 填报日期) and the workbook's created/modified, so the same data and generatedAt give the same sheets.
 */
export async function writeLedgerBook(ctx: ServiceContext, kind: LedgerBookId, path: string, opts: { generatedAt: string }): Promise<{ rows: number; fileName: string }> {
  checkKind(kind);
  const at = new Date(opts.generatedAt);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(opts.generatedAt) || Number.isNaN(at.getTime())) {
    throw validationError(`生成时间「${opts.generatedAt.slice(0, 30)}」不是有效的时间（应为 ISO 格式，如 2026-12-01T08:00:00+08:00）`);
  }
  return writeDated(ctx, kind, path, localToday(at), at);
}

/** report.ledger: one ledger as of today. */
export async function writeLedgerChannel(ctx: ServiceContext, input: ChannelParsed<'report.ledger'>) {
  checkKind(input.ledger);
  const r = await writeDated(ctx, input.ledger, input.path, ctx.today(), new Date());
  return { path: input.path, ...r };
}
