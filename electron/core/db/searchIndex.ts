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

/**
 * Every suffix of 4+ characters of a resident's ID number and phone that starts after their first character
 * (migration 0009): contentless FTS5 whose terms are the suffixes; rowid = resident.id. Its own column is named
 * only to MATCH a term ("ends with").
 */
export const residentNumberPart = sqliteTable('resident_number_part', {
  rowid: integer('rowid').notNull(),
});

/** The terms of resident_number_part with their residents, in term order (FTS5 vocab, instance): "any part" is a range. */
export const residentNumberTerm = sqliteTable('resident_number_term', {
  term: text('term').notNull(),
  /** resident.id */
  doc: integer('doc').notNull(),
});

/** FTS5 trigram index of 户号; rowid = household.id. */
export const householdFts = sqliteTable('household_fts', {
  rowid: integer('rowid').notNull(),
  number: text('number').notNull(),
});

/** The FTS5 tables and the tables SQLite keeps for each (a contentless one keeps no content). */
export const FTS_TABLES = ['resident_number_part', 'household_fts'] as const;
const FTS_SHADOWS: Record<(typeof FTS_TABLES)[number], readonly string[]> = {
  resident_number_part: ['_data', '_idx', '_docsize', '_config'],
  household_fts: ['_data', '_idx', '_content', '_docsize', '_config'],
};

/** Every table the search index adds: derived from resident and household, never the source of anything. */
export const SEARCH_INDEX_TABLES: readonly string[] = [
  'resident_name_part',
  'resident_number_term',
  ...FTS_TABLES,
  ...FTS_TABLES.flatMap((t) => FTS_SHADOWS[t].map((s) => t + s)),
];

/** Search tables a later migration replaced (0009: the trigram index of numbers): derived, so nothing was lost. */
export const RETIRED_SEARCH_TABLES: readonly string[] = ['resident_fts', ...['_data', '_idx', '_content', '_docsize', '_config'].map((s) => 'resident_fts' + s)];

/** An FTS5 query for `text` anywhere in one column, as a quoted phrase (no FTS syntax gets through). */
export const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;
