// Appending to the audit log. Each entry's hash covers its own fields and the previous entry's hash,
// so removing, altering or reordering any entry breaks the chain from there on (verifyAuditChain).
// Callers append inside the transaction of the change they record, so both land or neither does.
import { createHash } from 'node:crypto';
import type { Sqlite } from '../db/ledger';

export const AUDIT_ACTIONS = [
  'login', 'login_failed', 'logout', 'lock', 'view', 'create', 'update', 'close', 'export', 'print', 'package', 'backup', 'restore', 'settings', 'user',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  userId: string;
  userName: string;
  action: AuditAction;
  channel?: string | null;
  subjectKind?: string | null;
  subjectId?: string | number | null;
  residentId?: number | null;
  /** One Chinese line for the audit page. */
  summary: string;
  detail?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

interface StoredEntry {
  seq: number;
  at: string;
  user_id: string;
  user_name: string;
  action: string;
  channel: string | null;
  subject_kind: string | null;
  subject_id: string | null;
  resident_id: number | null;
  summary: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** The hash of one entry: its fields in a fixed order, and the hash before it. */
export function entryHash(e: Omit<StoredEntry, 'hash'>): string {
  const fields = [e.seq, e.at, e.user_id, e.user_name, e.action, e.channel, e.subject_kind, e.subject_id, e.resident_id, e.summary, e.detail, e.prev_hash];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export function appendAudit(sqlite: Sqlite, entry: AuditEntry, at: string = new Date().toISOString()): number {
  const last = sqlite.prepare('select seq, hash from audit_log order by seq desc limit 1').get() as { seq: number; hash: string } | undefined;
  const row: Omit<StoredEntry, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    at,
    user_id: entry.userId,
    user_name: entry.userName,
    action: entry.action,
    channel: entry.channel ?? null,
    subject_kind: entry.subjectKind ?? null,
    subject_id: entry.subjectId === undefined || entry.subjectId === null ? null : String(entry.subjectId),
    resident_id: entry.residentId ?? null,
    summary: entry.summary,
    detail: JSON.stringify(entry.detail ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const hash = entryHash(row);
  sqlite
    .prepare(
      `insert into audit_log (seq, at, user_id, user_name, action, channel, subject_kind, subject_id, resident_id, summary, detail, prev_hash, hash)
       values (@seq, @at, @user_id, @user_name, @action, @channel, @subject_kind, @subject_id, @resident_id, @summary, @detail, @prev_hash, @hash)`,
    )
    .run({ ...row, hash });
  return row.seq;
}

export interface ChainProblem {
  seq: number;
  /** altered: the entry's hash does not match its fields; broken: it does not follow the entry before it (removed or reordered). */
  kind: 'altered' | 'broken';
}

/** Walks the chain from the first entry; the first problem found, or null when every entry holds. */
export function verifyAuditChain(sqlite: Sqlite): { entries: number; problem: ChainProblem | null } {
  let prev = GENESIS_HASH;
  let prevSeq = 0;
  let entries = 0;
  for (const e of sqlite.prepare('select * from audit_log order by seq').iterate() as IterableIterator<StoredEntry>) {
    entries++;
    if (e.prev_hash !== prev || e.seq !== prevSeq + 1) return { entries, problem: { seq: e.seq, kind: 'broken' } };
    const { hash, ...rest } = e;
    if (entryHash(rest) !== hash) return { entries, problem: { seq: e.seq, kind: 'altered' } };
    prev = hash;
    prevSeq = e.seq;
  }
  return { entries, problem: null };
}
