// What every channel call leaves in the audit log, decided here from the channel's declaration
// (shared/contract/define.ts) — never by the services. Dispatch calls in at three points:
//  - a write: its records (the channel's `refs`, the record it creates) read before and after the
//    handler on the write's own connection and transaction, the changed fields stored, the entry
//    appended in that same immediate transaction (both land or neither does);
//  - a long write (import, demo, month package), which commits in batches of its own: one entry
//    after it succeeded, with its counts and file, never one per row;
//  - a read that shows a key-group person or writes a file: one entry after it succeeded, in its
//    own small immediate transaction on the main connection (a scoped caller's read connection is
//    read-only). If that append fails the read fails too: nobody sees what was not recorded.
// Long jobs run this same dispatch in the worker, and the main thread only relays the worker's
// result, so each call is recorded exactly once: where its handler ran.
import { basename } from 'node:path';
import { getTableName } from 'drizzle-orm';
import type { Channel } from '../../../shared/contract';
import type { AuditAction } from '../../../shared/contract/audit';
import type { ChannelDef, EntityKind } from '../../../shared/contract/define';
import { channelLabel } from '../../../shared/contract/labels';
import type { ServiceContext } from '../context';
import type { Sqlite } from '../db/ledger';
import * as t from '../db/schema';
import { AUDIT_HEAD_KEY, appendAudit, type AuditEntry } from './log';

export type AuditPlan =
  /** Nothing is recorded, for the reason given. */
  | { kind: 'skip'; reason: string }
  /** A change: the fields of its records before and after. */
  | { kind: 'write'; action: AuditAction }
  /** A view of key-group persons: the person, or the list's filter and count. */
  | { kind: 'view' }
  /** A read that writes a file (export, print, backup): the file's name. */
  | { kind: 'file'; action: 'export' | 'print' | 'backup' }
  /**
   * A plain read (not key-group, writes no file) nobody classified: nothing is recorded, and the
   * classification test (tests/unit/audit.test.ts) fails until it is put in AUDIT_SKIPPED or marked.
   */
  | { kind: 'unclassified' };

/**
 * Channels that leave no entry, each with its reason. `auth.*` and `user.*` are skipped by name
 * below: accounts write their own entries (logins, failed logins, user changes).
 */
export const AUDIT_SKIPPED: Partial<Record<Channel, string>> = {
  'system.info': '软件版本和计数，不含个人信息',
  'backup.status': '备份列表和备份设置，不含个人信息',
  'basemap.get': '底图文件的名称和来源，不含个人信息',
  'basemap.tile': '底图的一块图片，不含个人信息（地图每移动一次读取几十块）',
  'backup.restore': '数据库文件本身被替换：由备份模块在恢复前的库（及其安全备份）和恢复后的库中各记一条',
  'town.get': '乡镇名称和代码，不含个人信息',
  'workspace.current': '当前打开的是哪个数据库文件，不含个人信息',
  'workspace.openTown': '切换数据库文件；在各数据库中做的事由该库自己的日志记录',
  'workspace.openDemo': '切换到演示数据库（虚构数据）',
  'workspace.openFile': '切换数据库文件；在各数据库中做的事由该库自己的日志记录',
  'workspace.createFile': '新建空白数据库文件，尚无任何数据',
  'village.list': '村（社区）名录，不含个人信息',
  'grid.tree': '网格划分和计数，不含重点人群个人信息',
  'staff.list': '网格员名单（工作人员），不是重点人群',
  'person.search': '实有人口查询：不标明重点人群；重点人群的查看另有记录（列表、详情、全局搜索）',
  'person.get': '实有人口基础信息页；重点人群的页面是各台账的详情和人员时间线，均有记录',
  'household.get': '户的基础信息；低保户另由低保台账记录',
  'household.find': '按户号查找户，不含重点人群信息',
  'import.residents.template': '空白模板，不含数据',
  'import.staff.template': '空白模板，不含数据',
  'import.released.template': '空白模板，不含数据',
  'import.patients.template': '空白模板，不含数据',
  'import.lowIncome.template': '空白模板，不含数据',
  'import.residents.preview': '预检工作人员自己的文件，不写入也不显示库中数据；正式导入有记录',
  'import.staff.preview': '预检工作人员自己的文件，不写入也不显示库中数据；正式导入有记录',
  'import.released.preview': '预检工作人员自己的文件，不写入也不显示库中数据；正式导入有记录',
  'import.patients.preview': '预检工作人员自己的文件，不写入也不显示库中数据；正式导入有记录',
  'import.lowIncome.preview': '预检工作人员自己的文件，不写入也不显示库中数据；正式导入有记录',
  'record.suggestNextFollowUp': '按规则推算日期，不读取个人数据',
  'indicators.month': '按村汇总的数字，不含个人信息',
  'rules.get': '规则设置值，不含个人信息',
  'report.figures': '统计表的数字，不含个人信息；点开明细人员另有记录',
  'report.trend': '趋势图的数字，不含个人信息',
  'monthNote.get': '月度工作报告的文字，不含个人明细',
  'month.list': '月报的状态列表',
  'month.get': '某月月报的状态和文件清单',
  'month.verify': '校验磁盘上的月报文件哈希，不读取数据库',
  'month.prepare': '预先启动生成月报的后台线程，不读取数据',
  'countyForm.inspect': '读取县里的空表结构，不含数据',
  'countyForm.list': '已保存的县级报表名称',
  'countyForm.get': '县级报表的列映射',
  'letter.templates': '文书模板文字',
  'pdf.fonts': 'PDF 字体设置',
  'audit.list': '查看审计日志本身（仅管理员）；翻页、筛选若各记一条会淹没真正的记录',
  'audit.verify': '校验审计日志的哈希链，不读取业务数据',
  'map.layers': '村（社区）和网格的边界与汇总数字，不含个人信息',
  'map.households': '住户的位置和户号，不标明重点人群；重点人员的点另有记录',
  'map.check': '边界几何检查，不含个人信息',
  'map.split.preview': '按画的线预览边界分成的几块，不含个人信息，不写入；保存分割有记录',
  'map.import.preview': '预检工作人员自己的边界文件，不写入；正式导入有记录',
  'event.get': '事件页面：不标明重点人群；事件的每一步办理均有记录',
  'event.list': '事件列表：不标明重点人群；导出另有记录',
  'event.attachment.get': '查看事件附件；附件的添加和删除均有记录',
  'eventCategory.list': '事件类别代码表，不含个人信息',
  'calendar.list': '节假日调整，不含个人信息',
  'calendar.status': '节假日日历是否已知，不含个人信息',
  'visit.template': '空白模板，不含数据',
  'visit.import.preview': '预检工作人员自己的文件，不写入也不显示库中数据；正式导入有记录',
  'visit.assessment': '网格员考核的计数和比率，不含重点人群个人信息',
};

/** The few channels whose kind their name does not tell. */
const ACTION_OF: Partial<Record<Channel, AuditAction>> = {
  'town.setup': 'settings',
  'town.update': 'settings',
  'rules.set': 'settings',
  'rules.reset': 'settings',
  'pdf.fonts.set': 'settings',
  'letter.template.save': 'settings',
  'letter.template.reset': 'settings',
  'countyForm.save': 'settings',
  'countyForm.remove': 'settings',
  'demo.prepare': 'settings',
  'demo.load': 'import',
  'import.residents.run': 'import',
  'import.staff.run': 'import',
  'import.released.run': 'import',
  'import.patients.run': 'import',
  'import.lowIncome.run': 'import',
  'map.import.run': 'import',
  'visit.import.run': 'import',
  'month.package': 'package',
  'backup.create': 'backup',
  'backup.daily': 'backup',
  // A full integrity check; its result is kept in the settings.
  'backup.check': 'settings',
  'backup.settings.set': 'settings',
  'basemap.set': 'settings',
  'basemap.clear': 'settings',
  // PDFs made to be printed.
  'report.card': 'print',
  'report.posting': 'print',
  'report.monthly': 'print',
  'letter.write': 'print',
  // The event is the subject (its row is read before and after); the file's id is not an event's.
  'event.attachment.add': 'update',
  'eventCategory.create': 'settings',
  'eventCategory.close': 'settings',
  'calendar.set': 'settings',
  'calendar.clear': 'settings',
};

/**
 * Channels whose change lies in tables their refs do not name (settings, a month's state and text):
 * those tables are read before and after, keyed by the column that names a row — only the row of
 * the input's month where `month` is set.
 */
interface Snapshot {
  table: string;
  key: string;
  month?: true;
}
const SNAPSHOTS: Partial<Record<Channel, Snapshot[]>> = {
  'town.setup': [{ table: getTableName(t.town), key: 'id' }],
  'town.update': [{ table: getTableName(t.town), key: 'id' }],
  'rules.set': [{ table: getTableName(t.setting), key: 'key' }],
  'rules.reset': [{ table: getTableName(t.setting), key: 'key' }],
  'pdf.fonts.set': [{ table: getTableName(t.setting), key: 'key' }],
  'basemap.set': [{ table: getTableName(t.setting), key: 'key' }],
  'basemap.clear': [{ table: getTableName(t.setting), key: 'key' }],
  'demo.prepare': [{ table: getTableName(t.setting), key: 'key' }],
  'letter.template.save': [{ table: getTableName(t.letterTemplate), key: 'kind' }],
  'letter.template.reset': [{ table: getTableName(t.letterTemplate), key: 'kind' }],
  'countyForm.save': [{ table: getTableName(t.countyForm), key: 'name' }],
  'countyForm.remove': [{ table: getTableName(t.countyForm), key: 'name' }],
  'monthNote.save': [{ table: getTableName(t.monthNote), key: 'month', month: true }],
  'month.reopen': [{ table: getTableName(t.reportMonth), key: 'month', month: true }],
  'month.markSent': [{ table: getTableName(t.reportMonth), key: 'month', month: true }],
  'eventCategory.create': [{ table: getTableName(t.eventCategory), key: 'code' }],
  'eventCategory.close': [{ table: getTableName(t.eventCategory), key: 'code' }],
  'calendar.set': [{ table: getTableName(t.calendarDay), key: 'date' }],
  'calendar.clear': [{ table: getTableName(t.calendarDay), key: 'date' }],
};


const CREATES = /\.(create|register|add)$/;
const CLOSES = /\.(close|leave|exit|void|remove)$/;
const EXPORTS = /(export|Export)$/;

export function auditPlan(channel: string, def: ChannelDef): AuditPlan {
  if (channel.startsWith('auth.') || channel.startsWith('user.')) return { kind: 'skip', reason: '账号和登录由账号模块自己记录' };
  // Declared to hold none of the town's data, and called when nobody (or no unlocked database) may be there.
  if (def.beforeLogin) return { kind: 'skip', reason: '登录前可调用的操作，不含本乡镇的数据' };
  const skipped = (AUDIT_SKIPPED as Record<string, string | undefined>)[channel];
  if (skipped) return { kind: 'skip', reason: skipped };
  const declared = (ACTION_OF as Record<string, AuditAction | undefined>)[channel];
  if (def.access === 'write') {
    return { kind: 'write', action: declared ?? (CREATES.test(channel) ? 'create' : CLOSES.test(channel) ? 'close' : 'update') };
  }
  if (declared === 'print' || declared === 'export' || declared === 'backup') return { kind: 'file', action: declared };
  // A long read writes a file (exports, ledgers, county forms); previews are skipped above.
  if (EXPORTS.test(channel) || def.long) return { kind: 'file', action: 'export' };
  if (def.keyGroup) return { kind: 'view' };
  return { kind: 'unclassified' };
}

// ───── Reading the records a call names ─────

const TABLE_OF: Record<EntityKind, string> = {
  village: getTableName(t.village),
  grid: getTableName(t.grid),
  household: getTableName(t.household),
  resident: getTableName(t.resident),
  staff: getTableName(t.staff),
  released: getTableName(t.releasedPerson),
  patient: getTableName(t.patient),
  lowIncome: getTableName(t.lowIncome),
  record: getTableName(t.record),
  event: getTableName(t.event),
};
export const KIND_LABELS: Record<EntityKind, string> = {
  village: '村（社区）', grid: '网格', household: '户', resident: '居民', staff: '网格员', released: '安置帮教对象', patient: '严重精神障碍患者', lowIncome: '低保户', record: '工作记录', event: '事件',
};

/** The record a channel is about, by its name's first part. */
const SUBJECT_OF: Record<string, EntityKind> = {
  village: 'village', grid: 'grid', staff: 'staff', person: 'resident', household: 'household', released: 'released', patient: 'patient', lowIncome: 'lowIncome', record: 'record', event: 'event',
};

/** Noise in every diff. */
const IGNORED_COLUMNS = new Set(['created_at', 'updated_at']);
const MAX_TEXT = 200;
const MAX_CHANGES = 60;

type Row = Record<string, unknown>;

/** A value as the log keeps it: short text, never a blob. */
function keep(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `〔二进制数据，${v.length} 字节，未记录〕`;
  if (typeof v === 'string') return v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…（共 ${v.length} 字）` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v.toString();
  return keep(JSON.stringify(v));
}

function readRow(sqlite: Sqlite, kind: EntityKind, id: number): Row | null {
  return (sqlite.prepare(`select * from main.${TABLE_OF[kind]} where id = ?`).get(id) as Row | undefined) ?? null;
}

interface Named {
  kind: string;
  id: number | string;
}

/** The changed fields of one record; its own key is in `id` already. */
function diffRows(named: Named, before: Row | null, after: Row | null, into: Row[], keyColumn = 'id'): void {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const field of fields) {
    if (IGNORED_COLUMNS.has(field) || field === keyColumn) continue;
    const rawBefore = before?.[field];
    const rawAfter = after?.[field];
    // Two blobs of the same size keep the same marker: compare their bytes.
    if (Buffer.isBuffer(rawBefore) && Buffer.isBuffer(rawAfter)) {
      if (rawBefore.equals(rawAfter)) continue;
    } else if (keep(rawBefore) === keep(rawAfter)) continue;
    const b = keep(rawBefore);
    const a = keep(rawAfter);
    into.push({ kind: named.kind, id: named.id, field, before: b, after: a });
  }
}

function snapshotTable(sqlite: Sqlite, { table, key, month }: Snapshot, input: unknown): Map<string, Row> {
  const only = month ? field(input, 'month') : undefined;
  const rows = (typeof only === 'string' ? sqlite.prepare(`select * from main.${table} where ${key} = ?`).all(only) : sqlite.prepare(`select * from main.${table}`).all()) as Row[];
  const out = new Map<string, Row>();
  for (const r of rows) {
    const k = String(r[key]);
    // The audit's own anchor changes with every entry: not a setting anyone made.
    if (table === getTableName(t.setting) && k === AUDIT_HEAD_KEY) continue;
    out.set(k, r);
  }
  return out;
}

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);
const field = (o: unknown, k: string): unknown => (o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Row)[k] : undefined);

function residentName(sqlite: Sqlite, id: number | null): string | null {
  if (id === null) return null;
  const r = sqlite.prepare(`select name from main.${TABLE_OF.resident} where id = ?`).get(id) as { name: string } | undefined;
  return r?.name ?? null;
}

/** A 低保 entry is a household's: the person it concerns is the household's head (户主, code 02). */
function headOf(sqlite: Sqlite, householdId: number | null): number | null {
  if (householdId === null) return null;
  const r = sqlite.prepare(`select id from main.${TABLE_OF.resident} where household_id = ? and relation = '02' order by id limit 1`).get(householdId) as { id: number } | undefined;
  return r?.id ?? null;
}

function who(ctx: ServiceContext): Pick<AuditEntry, 'userId' | 'userName'> {
  return { userId: ctx.caller.userId, userName: ctx.caller.displayName };
}

function scopeDetail(ctx: ServiceContext): Row {
  return ctx.caller.villageScope ? { villageScope: ctx.caller.villageScope } : {};
}

/** The input as a filter worth keeping: no paths, job ids or long text. */
function filterOf(input: unknown): Row {
  const out: Row = {};
  if (input === null || typeof input !== 'object') return out;
  for (const [k, v] of Object.entries(input as Row).slice(0, 20)) {
    if (k === 'jobId' || k === 'path' || v === undefined) continue;
    out[k] = keep(v);
  }
  return out;
}

/** How many persons or rows an output shows: a list's length, or the lists of a grouped answer. */
function countOf(output: unknown): number | null {
  if (Array.isArray(output)) return output.length;
  if (output === null || typeof output !== 'object') return null;
  const o = output as Row;
  for (const k of ['rows', 'total', 'pages', 'letters']) if (typeof o[k] === 'number') return o[k] as number;
  let n = 0;
  let lists = 0;
  for (const v of Object.values(o)) {
    if (!Array.isArray(v)) continue;
    n += v.length;
    lists++;
  }
  return lists ? n : null;
}

/** The file a call wrote, from its output or input. */
function fileOf(input: unknown, output: unknown): string | null {
  for (const v of [field(output, 'zipPath'), field(output, 'path'), field(output, 'dir'), field(input, 'path'), field(input, 'dir')]) {
    if (typeof v === 'string' && v) return v;
  }
  return null;
}

/** The numbers of a big job's result (an import's counts, the demo's sizes). */
function countsOf(output: unknown): Row {
  const out: Row = {};
  if (output === null || typeof output !== 'object') return out;
  for (const [k, v] of Object.entries(output as Row)) {
    if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.length;
    if (Object.keys(out).length >= 20) break;
  }
  return out;
}

function append(ctx: ServiceContext, entry: AuditEntry): void {
  appendAudit(ctx.ledger.sqlite, entry);
}

/** Appends in a small immediate transaction of its own (reads and long jobs are in none). */
function appendAlone(ctx: ServiceContext, entry: AuditEntry): void {
  const sqlite = ctx.ledger.sqlite;
  sqlite.transaction(() => appendAudit(sqlite, entry)).immediate();
}

// ───── The three points dispatch calls ─────

export interface WriteAudit {
  /** After the handler, still inside the write's transaction. */
  finish(output: unknown): void;
}

/** Before a (short) write's handler, inside its transaction: reads what the call names. */
export function beginWriteAudit(ctx: ServiceContext, channel: Channel, def: ChannelDef, input: unknown): WriteAudit | null {
  const plan = auditPlan(channel, def);
  if (plan.kind !== 'write') return null;
  const sqlite = ctx.ledger.sqlite;
  const label = channelLabel(channel);

  const snapshots = SNAPSHOTS[channel];
  if (snapshots) {
    const before = snapshots.map((s) => snapshotTable(sqlite, s, input));
    const month = typeof field(input, 'month') === 'string' ? (field(input, 'month') as string) : null;
    return {
      finish() {
        const changes: Row[] = [];
        snapshots.forEach((s, i) => {
          const after = snapshotTable(sqlite, s, input);
          for (const k of new Set([...before[i]!.keys(), ...after.keys()])) diffRows({ kind: s.table, id: k }, before[i]!.get(k) ?? null, after.get(k) ?? null, changes, s.key);
        });
        append(ctx, {
          ...who(ctx),
          action: plan.action,
          channel,
          subjectKind: plan.action === 'settings' ? 'settings' : month ? 'month' : null,
          subjectId: month,
          summary: `${label}${month ? `：${month}` : ''}${changes.length ? `（改动 ${Math.min(changes.length, MAX_CHANGES)} 项）` : '（无改动）'}`,
          detail: { ...scopeDetail(ctx), changes: changes.slice(0, MAX_CHANGES), ...(changes.length > MAX_CHANGES ? { more: changes.length - MAX_CHANGES } : {}) },
        });
      },
    };
  }

  // The records the write names (its scope refs) and the one it is about.
  const named = new Map<string, { kind: EntityKind; id: number; before: Row | null }>();
  const add = (kind: EntityKind, id: number | null) => {
    if (id === null || named.has(`${kind}:${id}`) || named.size >= 12) return;
    named.set(`${kind}:${id}`, { kind, id, before: readRow(sqlite, kind, id) });
  };
  const subjectKind: EntityKind | undefined = channel.startsWith('person.photo.') ? 'resident' : SUBJECT_OF[channel.split('.')[0]!];
  const subjectInputId = channel.startsWith('person.photo.') ? numberOrNull(field(input, 'residentId')) : numberOrNull(field(input, 'id'));
  if (subjectKind && plan.action !== 'create') add(subjectKind, subjectInputId);
  if (typeof def.scope === 'object') {
    const refs = def.scope.refs(input as never);
    for (const [kind, ids] of Object.entries(refs) as [EntityKind, readonly (number | null | undefined)[]][]) for (const id of ids ?? []) add(kind, numberOrNull(id));
  }

  return {
    finish(output) {
      // A create's record: its id from the output.
      const createdId = plan.action === 'create' ? numberOrNull(field(output, 'id')) : null;
      if (subjectKind && createdId !== null) named.set(`${subjectKind}:${createdId}`, { kind: subjectKind, id: createdId, before: null });
      const changes: Row[] = [];
      const after = new Map<string, Row | null>();
      for (const [k, n] of named) {
        const row = readRow(sqlite, n.kind, n.id);
        after.set(k, row);
        diffRows(n, n.before, row, changes);
      }
      // A month's work (月报, 工作报告文字) is about that month.
      const month = typeof field(input, 'month') === 'string' ? (field(input, 'month') as string) : null;
      const subjectId = createdId ?? subjectInputId;
      const subjectRow = subjectKind && subjectId !== null ? (after.get(`${subjectKind}:${subjectId}`) ?? null) : null;
      const residentId =
        subjectKind === 'resident'
          ? subjectId
          : (numberOrNull(subjectRow?.['resident_id']) ??
            numberOrNull(field(output, 'residentId')) ??
            numberOrNull(field(input, 'residentId')) ??
            (subjectKind === 'lowIncome' || subjectKind === 'record' ? headOf(sqlite, numberOrNull(subjectRow?.['household_id'])) : null));
      const name = residentName(sqlite, residentId);
      const rowName = subjectRow?.['name'] ?? subjectRow?.['number'];
      const what = name ?? (subjectKind && subjectId !== null ? `${KIND_LABELS[subjectKind]}${typeof rowName === 'string' ? `「${rowName}」` : ` #${subjectId}`}` : (month ?? ''));
      append(ctx, {
        ...who(ctx),
        action: plan.action,
        channel,
        subjectKind: subjectKind ?? (month ? 'month' : null),
        subjectId: subjectId ?? month,
        residentId,
        summary: `${label}${what ? `：${what}` : ''}`,
        detail: {
          ...scopeDetail(ctx),
          changes: changes.slice(0, MAX_CHANGES),
          ...(changes.length > MAX_CHANGES ? { more: changes.length - MAX_CHANGES } : {}),
          // A write whose named records did not change (a team, a status row): what was asked.
          ...(changes.length ? {} : { input: filterOf(input) }),
        },
      });
    },
  };
}

/** After a long write (import, demo, month package) succeeded: one entry for the whole job. */
export function recordLongWrite(ctx: ServiceContext, channel: Channel, def: ChannelDef, input: unknown, output: unknown): void {
  const plan = auditPlan(channel, def);
  if (plan.kind !== 'write') return;
  const file = fileOf(input, output);
  appendAlone(ctx, {
    ...who(ctx),
    action: plan.action,
    channel,
    subjectKind: plan.action === 'package' ? 'month' : 'job',
    subjectId: typeof field(input, 'month') === 'string' ? (field(input, 'month') as string) : null,
    summary: `${channelLabel(channel)}${file ? `：${basename(file)}` : ''}`,
    detail: { ...scopeDetail(ctx), ...(file ? { file: basename(file), path: file } : {}), counts: countsOf(output), input: filterOf(input) },
  });
}

/** After a read succeeded: a view of key-group persons, or a file written. */
export function recordRead(ctx: ServiceContext, channel: Channel, def: ChannelDef, input: unknown, output: unknown): void {
  const plan = auditPlan(channel, def);
  if (plan.kind === 'skip' || plan.kind === 'unclassified') return;
  const sqlite = ctx.ledger.sqlite;
  const label = channelLabel(channel);
  const subjectKind = SUBJECT_OF[channel.split('.')[0]!] ?? null;
  const single = !Array.isArray(output) && (numberOrNull(field(input, 'id')) !== null || channel === 'person.photo.get' || channel === 'person.timeline');
  const residentId =
    numberOrNull(field(input, 'residentId')) ??
    (single ? (numberOrNull(field(output, 'residentId')) ?? (subjectKind === 'lowIncome' ? headOf(sqlite, numberOrNull(field(output, 'householdId'))) : null)) : null);
  const name = residentName(sqlite, residentId);
  const count = countOf(output);
  if (plan.kind === 'file') {
    const file = fileOf(input, output);
    appendAlone(ctx, {
      ...who(ctx),
      action: plan.action,
      channel,
      subjectKind: 'file',
      subjectId: file ? basename(file) : null,
      residentId,
      summary: `${label}${file ? `：${basename(file)}` : ''}${name ? `（${name}）` : ''}`,
      detail: { ...scopeDetail(ctx), ...(file ? { file: basename(file), path: file } : {}), filter: filterOf(input), ...(count !== null ? { count } : {}) },
    });
    return;
  }
  const subjectId = single ? numberOrNull(field(input, 'id')) : null;
  appendAlone(ctx, {
    ...who(ctx),
    action: 'view',
    channel,
    subjectKind: single ? subjectKind : 'list',
    subjectId,
    residentId,
    summary: single || name ? `${label}：${name ?? `${subjectKind ? KIND_LABELS[subjectKind as EntityKind] : ''} #${subjectId}`}` : `${label}（${count ?? 0} 条）`,
    detail: { ...scopeDetail(ctx), ...(single ? {} : { filter: filterOf(input), count }) },
  });
}
