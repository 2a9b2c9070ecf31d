// Excel import of the key-group ledgers (安置帮教, 严重精神障碍患者, 低保户): one pipeline, one definition each.
import type { ServiceContext } from '../../context';
import type { OutputGuard } from '../../files/safeOutput';
import { lowIncomeImport } from './lowIncome';
import { patientsImport } from './patients';
import { importLedger, type LedgerDefinition, type LedgerImportOptions } from './pipeline';
import { releasedImport } from './released';
import { writeLedgerTemplate } from './template';

export { importLedger, LedgerImportRefusedError, type LedgerDefinition } from './pipeline';
export { writeLedgerTemplate } from './template';

/** The ledgers by the name their channels and CLI use. */
export const LEDGER_IMPORTS = { released: releasedImport, patients: patientsImport, lowIncome: lowIncomeImport } as const satisfies Record<string, LedgerDefinition>;
export type LedgerImportKind = keyof typeof LEDGER_IMPORTS;

export const ledgerImport = (ctx: ServiceContext, kind: LedgerImportKind, path: string, opts: LedgerImportOptions) => importLedger(ctx, LEDGER_IMPORTS[kind], path, opts);
export const ledgerTemplate = (kind: LedgerImportKind, path: string, guard: OutputGuard) => writeLedgerTemplate(LEDGER_IMPORTS[kind], path, guard);
