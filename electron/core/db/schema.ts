// The database schema. Change it here, then `npm run db:generate` writes the next migration.
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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

// ───── Grids and their staff ─────

/** 村/社区 under the town. Code: 12-digit 统计用区划代码. */
export const village = sqliteTable(
  'village',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** 村 | 社区 */
    type: text('type').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('village_code').on(t.code), uniqueIndex('village_name').on(t.name)],
);

/** 网格: 15-digit code = village code + serial (001–899 综合, 901–999 专属). Closed, never deleted. */
export const grid = sqliteTable(
  'grid',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    villageId: integer('village_id').notNull().references(() => village.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** 综合网格 | 专属网格 */
    kind: text('kind').notNull(),
    description: text('description').notNull().default(''),
    closedOn: text('closed_on'),
    closeReason: text('close_reason'),
    ...timestamps,
  },
  (t) => [uniqueIndex('grid_code').on(t.code), index('grid_village').on(t.villageId)],
);

/** 网格员 and the other grid staff. */
export const staff = sqliteTable(
  'staff',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    idNumber: text('id_number'),
    phone: text('phone').notNull().default(''),
    /** staffRoleTable code */
    role: text('role').notNull(),
    startDate: text('start_date'),
    endDate: text('end_date'),
    note: text('note').notNull().default(''),
    ...timestamps,
  },
  (t) => [uniqueIndex('staff_id_number').on(t.idNumber)],
);

/** Which grids a staff member serves (one person may serve several). */
export const staffGrid = sqliteTable(
  'staff_grid',
  {
    staffId: integer('staff_id').notNull().references(() => staff.id),
    gridId: integer('grid_id').notNull().references(() => grid.id),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.gridId] }), index('staff_grid_grid').on(t.gridId)],
);

// ───── Households and residents ─────

export const household = sqliteTable(
  'household',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 户号 (from 户籍 where known; otherwise assigned by us). */
    number: text('number').notNull(),
    gridId: integer('grid_id').references(() => grid.id),
    address: text('address').notNull().default(''),
    note: text('note').notNull().default(''),
    ...timestamps,
  },
  (t) => [uniqueIndex('household_number').on(t.number), index('household_grid').on(t.gridId)],
);

export const householdTag = sqliteTable(
  'household_tag',
  {
    householdId: integer('household_id').notNull().references(() => household.id),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.tag] }), index('household_tag_tag').on(t.tag)],
);

/** A resident on the GB/T 31000 base record. Leaving (迁出/死亡) closes the row; nothing is deleted. */
export const resident = sqliteTable(
  'resident',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Normalized 18-character 公民身份号码. */
    idNumber: text('id_number').notNull(),
    name: text('name').notNull(),
    formerName: text('former_name').notNull().default(''),
    /** GB/T 2261.1, derived from the ID. */
    sex: text('sex').notNull(),
    birthDate: text('birth_date').notNull(),
    ethnicity: text('ethnicity'),
    /** 籍贯: free text or a GB/T 2260 code as the file gave it. */
    nativePlace: text('native_place').notNull().default(''),
    marital: text('marital'),
    political: text('political'),
    education: text('education'),
    religion: text('religion').notNull().default(''),
    occupation: text('occupation').notNull().default(''),
    phone: text('phone').notNull().default(''),
    registeredAddress: text('registered_address').notNull().default(''),
    currentAddress: text('current_address').notNull().default(''),
    /** residenceKindTable: 1 户籍, 2 流动 */
    residenceKind: text('residence_kind').notNull(),
    inflowReason: text('inflow_reason'),
    certificateType: text('certificate_type'),
    certificateNumber: text('certificate_number').notNull().default(''),
    inflowDate: text('inflow_date'),
    certificateExpiry: text('certificate_expiry'),
    dwellingType: text('dwelling_type'),
    keyConcern: integer('key_concern', { mode: 'boolean' }).notNull().default(false),
    householdId: integer('household_id').references(() => household.id),
    relation: text('relation'),
    gridId: integer('grid_id').references(() => grid.id),
    /** 在册 | 迁出 | 死亡 */
    status: text('status').notNull().default('在册'),
    leftOn: text('left_on'),
    leftReason: text('left_reason'),
    /** Search keys: full pinyin and initials of the name, lower case, no spaces. */
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('resident_id_number').on(t.idNumber),
    index('resident_household').on(t.householdId),
    index('resident_grid').on(t.gridId, t.status),
    index('resident_name').on(t.name),
    index('resident_initials').on(t.nameInitials),
    index('resident_pinyin').on(t.namePinyin),
    index('resident_phone').on(t.phone),
  ],
);
