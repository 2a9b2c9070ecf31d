// The accounts stored in the database (app_user, user_village): plain statements over the schema,
// used by the channels (accounts/service.ts), by the first-time encryption (the administrator) and by
// the login (who the unwrapped key belongs to). The keyring holds the matching key copies.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { ROLES, type Role } from '../../../shared/contract/define';
import type { Db } from '../db/open';
import { appUser, userVillage, village } from '../db/schema';
import { validationError } from '../errors';

export interface StoredUser {
  id: number;
  loginName: string;
  displayName: string;
  role: Role;
  disabledAt: string | null;
  mustChangePassword: boolean;
  passwordChangedAt: string | null;
  lastLoginAt: string | null;
  /** Village codes (a 村级用户's scope). */
  villages: string[];
}

/** Login names are compared as typed but case-folded and NFC, so 「Zhang」 and 「zhang」 are one account. */
export const normalizeLoginName = (name: string) => name.normalize('NFC').trim().toLowerCase();

const asRole = (r: string): Role => ((ROLES as readonly string[]).includes(r) ? (r as Role) : 'readonly');

function villagesOf(db: Db, userIds: number[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (!userIds.length) return out;
  const links = db
    .select({ userId: userVillage.userId, code: village.code })
    .from(userVillage)
    .innerJoin(village, eq(village.id, userVillage.villageId))
    .where(inArray(userVillage.userId, userIds))
    .orderBy(asc(village.code))
    .all();
  for (const l of links) out.set(l.userId, [...(out.get(l.userId) ?? []), l.code]);
  return out;
}

const toStored = (u: typeof appUser.$inferSelect, villages: string[]): StoredUser => ({
  id: u.id,
  loginName: u.loginName,
  displayName: u.displayName,
  role: asRole(u.role),
  disabledAt: u.disabledAt,
  mustChangePassword: u.mustChangePassword === 1,
  passwordChangedAt: u.passwordChangedAt,
  lastLoginAt: u.lastLoginAt,
  villages,
});

export function listStoredUsers(db: Db): StoredUser[] {
  const all = db.select().from(appUser).orderBy(asc(appUser.id)).all();
  const villages = villagesOf(db, all.map((u) => u.id));
  return all.map((u) => toStored(u, villages.get(u.id) ?? []));
}

export function findStoredUser(db: Db, loginName: string): StoredUser | null {
  const u = db.select().from(appUser).where(eq(appUser.loginName, normalizeLoginName(loginName))).get();
  return u ? toStored(u, villagesOf(db, [u.id]).get(u.id) ?? []) : null;
}

export function countUsers(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(appUser).get()?.n ?? 0;
}

export function enabledAdmins(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(appUser).where(and(eq(appUser.role, 'admin'), isNull(appUser.disabledAt))).get()?.n ?? 0;
}

/** Village codes → ids; an unknown code is refused by name. */
export function villageIdsForCodes(db: Db, codes: string[]): number[] {
  if (!codes.length) return [];
  const found = db.select({ id: village.id, code: village.code }).from(village).where(inArray(village.code, codes)).all();
  const missing = codes.filter((c) => !found.some((f) => f.code === c));
  if (missing.length) {
    throw validationError(`没有代码为「${missing.join('、')}」的村（社区），请检查所负责的村（社区）。`, [{ path: ['villages'], field: '所负责村（社区）', message: `没有代码为「${missing.join('、')}」的村（社区）` }]);
  }
  return found.map((f) => f.id);
}

export interface NewUser {
  loginName: string;
  displayName: string;
  role: Role;
  villages: string[];
  mustChangePassword: boolean;
}

export function insertUser(db: Db, user: NewUser, now: string): number {
  const ids = villageIdsForCodes(db, user.villages);
  const row = db
    .insert(appUser)
    .values({
      loginName: normalizeLoginName(user.loginName),
      displayName: user.displayName,
      role: user.role,
      mustChangePassword: user.mustChangePassword ? 1 : 0,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: appUser.id })
    .get();
  setUserVillages(db, row.id, ids);
  return row.id;
}

export function setUserVillages(db: Db, userId: number, villageIds: number[]): void {
  db.delete(userVillage).where(eq(userVillage.userId, userId)).run();
  for (const villageId of villageIds) db.insert(userVillage).values({ userId, villageId }).run();
}

export function updateUserRow(db: Db, userId: number, fields: Partial<typeof appUser.$inferInsert>, now: string): void {
  db.update(appUser).set({ ...fields, updatedAt: now }).where(eq(appUser.id, userId)).run();
}
