// The database schema. Change it here, then `npm run db:generate` writes the next migration.
import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const timestamps = {
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
};

/** The one town this installation serves (a single row, id = 1). */
export const town = sqliteTable(
  'town',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    /** 12-digit 统计用区划代码, ending in 000. */
    code: text('code').notNull(),
    ...timestamps,
  },
  (t) => [check('town_single_row', sql`${t.id} = 1`)],
);

/** Rule values and preferences; value is JSON. Missing key = the default from shared/. */
export const setting = sqliteTable('setting', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});
