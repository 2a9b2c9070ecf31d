// The database key and its wrapped copies. The key that encrypts the database (SQLCipher) is 32
// random bytes that exist only in memory. On disk, beside the database, the keyring holds it wrapped
// (AES-256-GCM) once per account — under a key derived from that account's password with scrypt —
// and once under the recovery code printed at setup. A login is checked by unwrapping: a wrong
// password fails GCM's authentication, so no password hash is needed anywhere. Nothing secret is ever
// written in clear: the file holds salts, parameters, nonces, tags and ciphertexts only.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';
import { fsyncFolder } from '../files/durable';

/** The 32-byte database key. Keep it in memory only; never log it, never put it in an error. */
export type DbKey = Buffer;

/**
 * scrypt cost. OWASP's password-storage guidance asks for N ≥ 2^17 with r = 8, p = 1: 128 MiB of
 * memory per try, which makes a GPU or ASIC guesser pay for memory, not only for time. On an
 * ordinary office PC one derivation takes about 0.3–0.5 s — acceptable once per login, costly for
 * someone trying a dictionary against a stolen keyring. Stored with each copy, so it can be raised
 * later without locking anyone out.
 */
export const SCRYPT = { N: 2 ** 17, r: 8, p: 1, keyLength: 32 } as const;
const scryptMaxmem = (N: number, r: number) => 128 * N * r + 16 * 1024 * 1024;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).max(4096);
const wrappedKeySchema = z.object({
  kdf: z.literal('scrypt'),
  N: z.number().int().min(2 ** 14).max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: b64,
  iv: b64,
  tag: b64,
  data: b64,
});
export type WrappedKey = z.infer<typeof wrappedKeySchema>;

const accountSlotSchema = z.object({
  wrapped: wrappedKeySchema,
  /** Wrong passwords in a row; the login page waits longer after each one past the fifth. */
  failures: z.number().int().min(0).default(0),
  lastFailureAt: z.string().nullable().default(null),
});
export type AccountSlot = z.infer<typeof accountSlotSchema>;

const keyringSchema = z.object({
  format: z.literal('township-ledger-keyring'),
  version: z.literal(1),
  /** Ties the keyring to its database (also bound into every copy's authentication). */
  databaseId: z.string().min(8).max(64),
  recovery: wrappedKeySchema,
  /** By login name. */
  accounts: z.record(z.string(), accountSlotSchema),
  /** Failed logins seen before the database could be opened; written to the audit log at the next login. */
  pendingFailures: z.array(z.object({ loginName: z.string().max(100), at: z.string().max(40) })).max(1000).default([]),
});
export type Keyring = z.infer<typeof keyringSchema>;

export const KEYRING_SUFFIX = '.keyring';
export const keyringPathOf = (dbPath: string) => `${dbPath}${KEYRING_SUFFIX}`;

export const newDbKey = (): DbKey => randomBytes(32);


// ───── Recovery code ─────

/** Crockford's base32: no I, L, O, U, so a code copied from paper is not misread. */
const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECOVERY_GROUPS = 6;
const RECOVERY_GROUP_LEN = 5;

/** 30 characters, 150 bits, printed in groups: XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(RECOVERY_GROUPS * RECOVERY_GROUP_LEN);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b & 31]);
  const groups: string[] = [];
  for (let i = 0; i < RECOVERY_GROUPS; i++) groups.push(chars.slice(i * RECOVERY_GROUP_LEN, (i + 1) * RECOVERY_GROUP_LEN).join(''));
  return groups.join('-');
}

/** A code as typed: any case, spaces and dashes anywhere, O for 0 and I/L for 1. Null when it cannot be one. */
export function normalizeRecoveryCode(typed: string): string | null {
  const plain = typed
    .toUpperCase()
    .replace(/[\s\-－—_]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (plain.length !== RECOVERY_GROUPS * RECOVERY_GROUP_LEN) return null;
  if ([...plain].some((c) => !RECOVERY_ALPHABET.includes(c))) return null;
  return plain;
}

// ───── Wrapping ─────

function deriveKek(secret: string, salt: Buffer, N: number, r: number, p: number): Buffer {
  return scryptSync(secret.normalize('NFC'), salt, SCRYPT.keyLength, { N, r, p, maxmem: scryptMaxmem(N, r) });
}

const aad = (databaseId: string, slot: string) => Buffer.from(`township-ledger|${databaseId}|${slot}`, 'utf8');

/** scrypt's cost; only tests that wrap many keys pass a lower one (the schema refuses below 2^14). */
export type KdfCost = { N: number; r: number; p: number };

export function wrapKey(key: DbKey, secret: string, databaseId: string, slot: string, cost: KdfCost = SCRYPT): WrappedKey {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const kek = deriveKek(secret, salt, cost.N, cost.r, cost.p);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(aad(databaseId, slot));
  const data = Buffer.concat([cipher.update(key), cipher.final()]);
  kek.fill(0);
  return {
    kdf: 'scrypt', N: cost.N, r: cost.r, p: cost.p,
    salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64'),
  };
}

/** The key, or null when the secret is wrong (or the copy was altered). */
export function unwrapKey(wrapped: WrappedKey, secret: string, databaseId: string, slot: string): DbKey | null {
  const kek = deriveKek(secret, Buffer.from(wrapped.salt, 'base64'), wrapped.N, wrapped.r, wrapped.p);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(wrapped.iv, 'base64'));
    decipher.setAAD(aad(databaseId, slot));
    decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
    const key = Buffer.concat([decipher.update(Buffer.from(wrapped.data, 'base64')), decipher.final()]);
    return key.length === 32 ? key : null;
  } catch {
    return null;
  } finally {
    kek.fill(0);
  }
}

const accountSlot = (loginName: string) => `account:${loginName}`;
const RECOVERY_SLOT = 'recovery';

// ───── The keyring ─────

/** A new keyring for a new key: the recovery copy only; accounts are added with addAccount. */
export function createKeyring(key: DbKey, recoveryCode: string, cost: KdfCost = SCRYPT): Keyring {
  const code = normalizeRecoveryCode(recoveryCode);
  if (!code) throw new AppError('VALIDATION', '恢复码格式不正确。');
  const databaseId = randomUUID();
  return { format: 'township-ledger-keyring', version: 1, databaseId, recovery: wrapKey(key, code, databaseId, RECOVERY_SLOT, cost), accounts: {}, pendingFailures: [] };
}

/** Adds or replaces an account's copy (a new account, a password change, a reset). */
export function setAccountKey(ring: Keyring, loginName: string, password: string, key: DbKey, cost: KdfCost = SCRYPT): Keyring {
  return {
    ...ring,
    accounts: { ...ring.accounts, [loginName]: { wrapped: wrapKey(key, password, ring.databaseId, accountSlot(loginName), cost), failures: 0, lastFailureAt: null } },
  };
}

/** Removes an account's copy (a disabled account can no longer unlock the database). */
export function removeAccountKey(ring: Keyring, loginName: string): Keyring {
  const { [loginName]: _gone, ...rest } = ring.accounts;
  return { ...ring, accounts: rest };
}

export function unwrapWithPassword(ring: Keyring, loginName: string, password: string): DbKey | null {
  const slot = ring.accounts[loginName];
  return slot ? unwrapKey(slot.wrapped, password, ring.databaseId, accountSlot(loginName)) : null;
}

export function unwrapWithRecovery(ring: Keyring, recoveryCode: string): DbKey | null {
  const code = normalizeRecoveryCode(recoveryCode);
  return code ? unwrapKey(ring.recovery, code, ring.databaseId, RECOVERY_SLOT) : null;
}

/** A new recovery code's copy (the old code stops working). */
export function setRecoveryKey(ring: Keyring, recoveryCode: string, key: DbKey, cost: KdfCost = SCRYPT): Keyring {
  const code = normalizeRecoveryCode(recoveryCode);
  if (!code) throw new AppError('VALIDATION', '恢复码格式不正确。');
  return { ...ring, recovery: wrapKey(key, code, ring.databaseId, RECOVERY_SLOT, cost) };
}

export const sameKey = (a: DbKey, b: DbKey) => a.length === b.length && timingSafeEqual(a, b);

// ───── The file ─────

export function readKeyring(path: string): Keyring | null {
  if (!existsSync(path)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new AppError('BAD_FILE', `密钥文件「${basename(path)}」无法读取或已损坏（${(err as NodeJS.ErrnoException).code ?? '格式错误'}）。请从备份恢复该文件，或使用恢复码。`);
  }
  const parsed = keyringSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('BAD_FILE', `密钥文件「${basename(path)}」格式不正确，可能已损坏。请从备份恢复该文件，或使用恢复码。`);
  return parsed.data;
}

/** Written beside, flushed, then renamed over: a power cut leaves the old keyring or the new one, never half. */
export function writeKeyring(path: string, ring: Keyring): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(keyringSchema.parse(ring), null, 2));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  // The rename itself must reach the disk too.
  fsyncFolder(dirname(path));
}
