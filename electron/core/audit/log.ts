// Appending to the audit log. Each entry's hash covers its own fields and the previous entry's hash,
// so removing, altering or reordering any entry breaks the chain from there on (verifyAuditChain).
// Callers append inside the transaction of the change they record, so both land or neither does.
//
// The head anchor: a chain alone cannot show that its last entries were cut off (what is left is
// still a valid chain). Every append also writes the new head (seq and hash) to the `setting` row
// AUDIT_HEAD_KEY, in the same transaction; verify compares the log's last entry with it. An edit of
// audit_log alone (dropping the trigger and deleting the tail) is then caught. Its limit: someone
// who holds the database key and rewrites both the log and that row consistently is not detected
// from inside the file; only a head noted outside it (the audit page shows seq and hash to write
// down) shows that. Entries are never deleted or rotated by the app (网络安全法 §21 asks for six
// months; we keep everything).
import { createHash } from 'node:crypto';
import type { AUDIT_PROBLEM_LABELS, AuditAction } from '../../../shared/contract/audit';
import type { Sqlite } from '../db/ledger';

export { AUDIT_ACTIONS, type AuditAction } from '../../../shared/contract/audit';

/** The setting row that anchors the head of the chain. */
export const AUDIT_HEAD_KEY = 'audit.head';

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
  const logged = sqlite
    .prepare(
      `insert into audit_log (seq, at, user_id, user_name, action, channel, subject_kind, subject_id, resident_id, summary, detail, prev_hash, hash)
       values (@seq, @at, @user_id, @user_name, @action, @channel, @subject_kind, @subject_id, @resident_id, @summary, @detail, @prev_hash, @hash)`,
    )
    .run({ ...row, hash });
  const head = sqlite
    .prepare(`insert into setting (key, value, updated_at) values (?, ?, ?) on conflict(key) do update set value = excluded.value, updated_at = excluded.updated_at`)
    .run(AUDIT_HEAD_KEY, JSON.stringify({ seq: row.seq, hash }), at);
  auditRows.set(sqlite, (auditRows.get(sqlite) ?? 0) + logged.changes + head.changes);
  return row.seq;
}

const auditRows = new WeakMap<object, number>();
/**
 * Rows this connection has written for the audit log (entries and the chain's head), so a cache of derived
 * figures can tell "only a view was recorded" from a change of the data (records/due.ts).
 */
export function auditRowsWritten(sqlite: Sqlite): number {
  return auditRows.get(sqlite) ?? 0;
}

export interface ChainProblem {
  seq: number;
  /**
   * altered: the entry's hash does not match its fields; broken: it does not follow the entry before
   * it (one removed or reordered); truncated: entries after the last one are missing (the head anchor
   * names more); head_mismatch: the last entry is not the one the anchor names (the log rewritten).
   */
  kind: keyof typeof AUDIT_PROBLEM_LABELS;
}

export function readAuditHead(sqlite: Sqlite): { seq: number; hash: string } | null {
  const row = sqlite.prepare('select value from main.setting where key = ?').get(AUDIT_HEAD_KEY) as { value: string } | undefined;
  if (!row) return null;
  try {
    const v = JSON.parse(row.value) as { seq?: unknown; hash?: unknown };
    return typeof v.seq === 'number' && typeof v.hash === 'string' ? { seq: v.seq, hash: v.hash } : { seq: -1, hash: '' };
  } catch {
    return { seq: -1, hash: '' };
  }
}

/** Walks the chain from the first entry, then checks its end against the head anchor; the first problem found, or null. */
export function verifyAuditChain(sqlite: Sqlite): { entries: number; head: { seq: number; hash: string } | null; problem: ChainProblem | null } {
  const head = readAuditHead(sqlite);
  let prev = GENESIS_HASH;
  let prevSeq = 0;
  let entries = 0;
  for (const e of sqlite.prepare('select * from main.audit_log order by seq').iterate() as IterableIterator<StoredEntry>) {
    entries++;
    if (e.prev_hash !== prev || e.seq !== prevSeq + 1) return { entries, head, problem: { seq: e.seq, kind: 'broken' } };
    const { hash, ...rest } = e;
    if (entryHash(rest) !== hash) return { entries, head, problem: { seq: e.seq, kind: 'altered' } };
    prev = hash;
    prevSeq = e.seq;
  }
  // The end of the chain against the anchor. No anchor and no entry: a log nothing was written to yet.
  if (head === null) return { entries, head, problem: entries ? { seq: prevSeq, kind: 'head_mismatch' } : null };
  if (head.seq > prevSeq) return { entries, head, problem: { seq: prevSeq + 1, kind: 'truncated' } };
  if (head.seq !== prevSeq || head.hash !== prev) return { entries, head, problem: { seq: prevSeq, kind: 'head_mismatch' } };
  return { entries, head, problem: null };
}
