// The person search's own index tables (migration 0004_search_index), kept by triggers on resident
// and household. They live outside schema.ts because drizzle-kit cannot declare FTS5 virtual tables;
// these declarations only name them for typed SQL. Nothing writes them but the triggers.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Every suffix of every name: a name infix is a prefix range on `part`. */
export const residentNamePart = sqliteTable('resident_name_part', {
  part: text('part').notNull(),
  residentId: integer('resident_id').notNull(),
  /** 1 = the whole name. */
  pos: integer('pos').notNull(),
  name: text('name').notNull(),
});

/** FTS5 trigram index of ID numbers and phones; rowid = resident.id. */
export const residentFts = sqliteTable('resident_fts', {
  rowid: integer('rowid').notNull(),
  idNumber: text('id_number').notNull(),
  phone: text('phone').notNull(),
});

/** FTS5 trigram index of 户号; rowid = household.id. */
export const householdFts = sqliteTable('household_fts', {
  rowid: integer('rowid').notNull(),
  number: text('number').notNull(),
});

/** The virtual tables and the tables SQLite keeps for them (FTS5's shadow tables). */
export const FTS_TABLES = ['resident_fts', 'household_fts'] as const;
export const FTS_SHADOW_SUFFIXES = ['_data', '_idx', '_content', '_docsize', '_config'] as const;

/** Every table the search index adds: derived from resident and household, never the source of anything. */
export const SEARCH_INDEX_TABLES: readonly string[] = [
  'resident_name_part',
  ...FTS_TABLES,
  ...FTS_TABLES.flatMap((t) => FTS_SHADOW_SUFFIXES.map((s) => t + s)),
];

/** An FTS5 query for `text` anywhere in one column, as a quoted phrase (no FTS syntax gets through). */
export const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;
