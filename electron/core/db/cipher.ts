// How an encrypted file is unlocked: SQLCipher 4's format (AES-256-CBC with an HMAC-SHA512 on every
// page, so a changed byte in a page is caught when the page is read) with the raw 256-bit key — no
// passphrase derivation here, the key is already random (security/keyring.ts). Must run first on a
// new connection, before anything reads the file.
import type { DbKey } from '../security/keyring';
import type { Sqlite } from './ledger';

export function applyKey(sqlite: Sqlite, key: DbKey): void {
  if (key.length !== 32) throw new Error('database key must be 32 bytes');
  sqlite.pragma(`cipher = 'sqlcipher'`);
  sqlite.pragma('legacy = 4');
  sqlite.pragma(`key = "x'${key.toString('hex')}'"`);
}
