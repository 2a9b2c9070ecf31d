// The types a ledger import's pieces share: a row as read, what an entry's import counts, the kit a
// definition's apply is given, and the definition itself. Kept apart so the pipeline, the people of
// 实有人口 and the definitions depend on them, not on each other.
import type { Channel, ChannelParsed } from '../../../../shared/contract';
import type { ServiceContext } from '../../context';
import type { LedgerColumn } from './columns';

export type CellValue = string | number | boolean | null;

/** One data row, each known column read by its kind; null = empty (or unreadable, with a problem). */
export interface LedgerRow {
  row: number;
  idNumber: string;
  name: string;
  values: ReadonlyMap<string, CellValue>;
}

/** Counts of what an entry's import did; added to the report only when the entry stands. */
export interface Tally {
  entries: number;
  residentsAdded: number;
  residentsMatched: number;
  residentsUpdated: number;
  householdsAdded: number;
  records: number;
}

/** 实有人口 as an entry's import reaches it (people.ts). */
export interface PeopleDoor {
  /** The grid the row names, or null; an unknown grid refuses the entry. */
  gridOf(kit: ApplyKit, row: LedgerRow): number | null;
  /** The household of the row's 户号 (found or made); without one, a new household only when `create`. */
  householdOf(kit: ApplyKit, row: LedgerRow, create: boolean): { id: number; number: string } | null;
  /** The row's person in 实有人口 (matched by ID, or made), placed in `home` when given. */
  personOf(kit: ApplyKit, row: LedgerRow, home?: { id: number; number: string }): number;
  householdNumberOf(idNumber: string): string | null;
}

/** What a definition's apply is given: the rows' values, the people of 实有人口, and the services' door. */
export interface ApplyKit {
  ctx: ServiceContext;
  file: string;
  people: PeopleDoor;
  tally: Tally;
  /** The file has this column. */
  has(key: string): boolean;
  text(row: LedgerRow, key: string): string;
  value<T extends CellValue>(row: LedgerRow, key: string): T | null;
  /** Parses a channel's input with the contract's schema (the form's messages); problems point at `paths`' columns. */
  input<C extends Channel>(channel: C, raw: unknown, row: LedgerRow, paths?: Readonly<Record<string, string>>): ChannelParsed<C>;
  /**
   * Runs a service step for `row`; a refusal becomes a problem on the column its path names (through `paths`,
   * input field → column key), else on `column`, and the whole entry is rolled back.
   */
  step<T>(row: LedgerRow, column: string, fn: () => T, paths?: Readonly<Record<string, string>>): T;
  /** Refuses the entry with a problem of the pipeline's own. */
  refuse(row: LedgerRow, column: string, message: string): never;
}

export interface LedgerDefinition {
  ledger: 'released' | 'patient' | 'lowIncome';
  /** 刑满释放人员, 严重精神障碍患者, 低保户 */
  title: string;
  /** The template's data sheet. */
  sheetName: string;
  /** Sheet names that hint at this ledger, preferred over others. */
  preferredSheet: RegExp;
  /** The ledger's own columns (the person columns come first, from columns.ts). */
  columns: readonly LedgerColumn[];
  /** Rows that make one entry (低保: the members of one household); by default each row is one. */
  groupKey?: (row: LedgerRow) => string;
  /** Template notes for the 取值说明 sheet. */
  notes: readonly string[];
  /** Makes the entry; throws (through kit.step / kit.refuse) to refuse it. */
  apply(kit: ApplyKit, rows: readonly LedgerRow[]): void;
}

export interface LedgerImportOptions {
  dryRun: boolean;
  skipInvalid: boolean;
  /** The sheet the staffer chose; default: the first visible sheet with a ledger header. */
  sheet?: string;
}
