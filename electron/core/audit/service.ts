// The audit page's services: the log listed and filtered, its chain verified, exported as xlsx.
import { and, asc, count, desc, eq, gte, lt, or, type SQL } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import { AUDIT_ACTION_LABELS, AUDIT_PROBLEM_LABELS, auditFieldLabel, type AuditAction, type AuditEntryView, type AuditPage, type AuditVerifyResult } from '../../../shared/contract/audit';
import { channelLabel } from '../../../shared/contract/labels';
import { chineseDate } from '../../../shared/rules/dates';
import type { ServiceContext } from '../context';
import { auditLog, resident } from '../db/schema';
import { guardOf } from '../files/safeOutput';
import { requireTown } from '../town/service';
import { writeListWorkbook, type ListSheet } from '../xlsx/listWorkbook';
import { verifyAuditChain } from './log';

type Filter = ChannelParsed<'audit.list'>['filter'];

/** A local calendar day's start as the log's UTC timestamps count it. */
const dayStart = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const nextDay = (day: string) => {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
};

function where(f: Filter): SQL | undefined {
  const parts: SQL[] = [];
  // By the account's id (the page's choice) or the name the entry shows (what a CLI user types).
  if (f.userId) parts.push(or(eq(auditLog.userId, f.userId), eq(auditLog.userName, f.userId))!);
  if (f.residentId) parts.push(eq(auditLog.residentId, f.residentId));
  if (f.action) parts.push(eq(auditLog.action, f.action));
  if (f.from) parts.push(gte(auditLog.at, dayStart(f.from)));
  if (f.to) parts.push(lt(auditLog.at, nextDay(f.to)));
  return parts.length ? and(...parts) : undefined;
}

const columns = {
  seq: auditLog.seq,
  at: auditLog.at,
  userId: auditLog.userId,
  userName: auditLog.userName,
  action: auditLog.action,
  channel: auditLog.channel,
  subjectKind: auditLog.subjectKind,
  subjectId: auditLog.subjectId,
  residentId: auditLog.residentId,
  residentName: resident.name,
  summary: auditLog.summary,
  detail: auditLog.detail,
};
type StoredRow = { [K in keyof typeof columns]: (typeof columns)[K]['_']['data'] | null };

function view(r: StoredRow): AuditEntryView {
  let detail: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(r.detail ?? '{}') as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) detail = parsed as Record<string, unknown>;
  } catch {
    detail = { unreadable: true };
  }
  return {
    seq: r.seq!,
    at: r.at!,
    userId: r.userId!,
    userName: r.userName!,
    action: r.action!,
    actionLabel: AUDIT_ACTION_LABELS[r.action as AuditAction] ?? r.action!,
    channel: r.channel,
    channelLabel: r.channel ? channelLabel(r.channel) : null,
    subjectKind: r.subjectKind,
    subjectId: r.subjectId,
    residentId: r.residentId,
    residentName: r.residentName,
    summary: r.summary!,
    detail,
  };
}

function select(ctx: ServiceContext, f: Filter, oldestFirst = false) {
  return ctx.ledger.db
    .select(columns)
    .from(auditLog)
    .leftJoin(resident, eq(resident.id, auditLog.residentId))
    .where(where(f))
    .orderBy(oldestFirst ? asc(auditLog.seq) : desc(auditLog.seq));
}

export function listAudit(ctx: ServiceContext, input: ChannelParsed<'audit.list'>): AuditPage {
  const db = ctx.ledger.db;
  const total = db.select({ n: count() }).from(auditLog).where(where(input.filter)).get()?.n ?? 0;
  const items = select(ctx, input.filter).limit(input.limit).offset(input.offset).all().map(view);
  const users = db.selectDistinct({ userId: auditLog.userId, userName: auditLog.userName }).from(auditLog).orderBy(asc(auditLog.userName)).limit(500).all();
  return { total, items, users };
}

export function verifyAudit(ctx: ServiceContext): AuditVerifyResult {
  const r = verifyAuditChain(ctx.ledger.sqlite);
  const problem = r.problem ? { ...r.problem, message: `第 ${r.problem.seq} 条：${AUDIT_PROBLEM_LABELS[r.problem.kind]}` } : null;
  return { ok: problem === null, entries: r.entries, head: r.head, problem };
}

/** What an entry changed, as one cell: 字段：前 → 后. */
export function changesText(detail: Record<string, unknown>): string {
  const changes = Array.isArray(detail['changes']) ? (detail['changes'] as { field: string; before: unknown; after: unknown }[]) : [];
  const show = (v: unknown) => (v === null || v === undefined ? '（空）' : String(v));
  const lines = changes.map((c) => `${auditFieldLabel(c.field)}：${show(c.before)} → ${show(c.after)}`);
  if (typeof detail['file'] === 'string') lines.push(`文件：${detail['file']}`);
  if (typeof detail['count'] === 'number') lines.push(`条数：${detail['count']}`);
  const text = lines.join('\n');
  return text.length > 30_000 ? `${text.slice(0, 30_000)}…` : text;
}

/** The filtered log, oldest first, row by row from the statement (positions as in `columns`). */
function* streamed(ctx: ServiceContext, f: Filter): Generator<AuditEntryView> {
  const q = select(ctx, f, true).toSQL();
  const keys = Object.keys(columns);
  const stmt = ctx.ledger.sqlite.prepare(q.sql).raw(true);
  for (const r of stmt.iterate(...q.params) as IterableIterator<unknown[]>) yield view(Object.fromEntries(keys.map((k, i) => [k, r[i]])) as StoredRow);
}

export async function exportAudit(ctx: ServiceContext, input: ChannelParsed<'audit.export'>) {
  const town = requireTown(ctx);
  const check = verifyAudit(ctx);
  const sheet: ListSheet<AuditEntryView> = {
    name: '审计日志',
    title: `${town.name}综治台账审计日志`,
    subtitle: `导出日期：${chineseDate(ctx.today())}　　哈希链校验：${check.ok ? `通过（${check.entries} 条）` : `未通过，${check.problem!.message}`}`,
    columns: [
      { header: '序号', width: 8, value: (r) => r.seq },
      { header: '时间', width: 20, value: (r) => new Date(r.at).toLocaleString('zh-CN', { hour12: false }) },
      { header: '用户', width: 14, value: (r) => r.userName },
      { header: '操作类型', width: 10, value: (r) => r.actionLabel },
      { header: '操作', width: 22, value: (r) => r.channelLabel ?? '' },
      { header: '涉及人员', width: 10, value: (r) => r.residentName ?? '' },
      { header: '摘要', width: 36, value: (r) => r.summary },
      { header: '改动（前 → 后）', width: 50, value: (r) => changesText(r.detail) },
    ],
    // Oldest first, as an auditor reads it; streamed from SQLite, so a log of years stays within memory.
    rows: streamed(ctx, input.filter),
  };
  const total = ctx.ledger.db.select({ n: count() }).from(auditLog).where(where(input.filter)).get()?.n ?? 0;
  ctx.progress?.(0, total, '写入审计日志');
  const n = await writeListWorkbook(input.path, [sheet as ListSheet<unknown>], guardOf(ctx), (done) => ctx.progress?.(done, total, '写入审计日志'));
  ctx.progress?.(n, total, '写入审计日志');
  return { path: input.path, rows: n };
}
