import type { z } from 'zod';

/** Records a write may name; dispatch resolves each to its village for the scope check. */
export type EntityKind = 'village' | 'grid' | 'household' | 'resident' | 'staff' | 'released' | 'patient' | 'lowIncome' | 'record' | 'event';
export type EntityRefs = Partial<Record<EntityKind, readonly (number | null | undefined)[]>>;

/**
 * Which villages a channel concerns:
 * - 'none'  no village's data at all (the app's version, a blank template, a date suggestion);
 * - 'town'  the whole town (settings, the demo, town-wide lists that cannot be cut): only a caller
 *           with the whole town may call it;
 * - 'rows'  a read answered from the caller's scoped view of the data, so its output (and any file it
 *           writes) holds only the caller's villages;
 * - refs    a write naming records: each must lie in the caller's villages.
 */
export type ReadScope = 'none' | 'town' | 'rows';
export type WriteScope<P> = 'town' | { refs: (input: P) => EntityRefs };

/**
 * Who may call a channel (issue 10):
 * - admin     管理员: everything, and users, settings, the audit log;
 * - staff     工作人员: all of the town's data;
 * - village   村级用户: only the villages assigned (the scope layer enforces it);
 * - readonly  只读: view and export, no writes.
 */
export const ROLES = ['admin', 'staff', 'village', 'readonly'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = { admin: '管理员', staff: '工作人员', village: '村级用户', readonly: '只读' };
export const ALL_ROLES: readonly Role[] = ROLES;
/** Who may change data: everyone but 只读. */
export const WRITERS: readonly Role[] = ['admin', 'staff', 'village'];
/** Town-wide changes (a scoped 村级用户 is refused by the scope check too). */
export const TOWN_WRITERS: readonly Role[] = ['admin', 'staff'];
export const ADMIN_ONLY: readonly Role[] = ['admin'];

interface Common {
  /** The roles that may call it; dispatch refuses the rest. */
  roles: readonly Role[];
  /** Callable before anyone has logged in (the login page's own calls): none of the town's data. */
  beforeLogin: boolean;
  /** It shows or changes a key-group person (安置帮教, 严重精神障碍, 低保): the audit records every call. */
  keyGroup: boolean;
  /** A long job: runs in a worker, reports progress, can be cancelled. */
  long: boolean;
  /** What the reply is for, so dispatch masks its ID numbers and phones by role (shared/rules/mask.ts). */
  mask: MaskPurpose;
}
/** 'list': many people on one screen, masked for every account; 'detail': one person's page, masked for 只读. */
export type MaskPurpose = 'list' | 'detail';
export type ChannelMeta<P> = Common & ({ access: 'read'; scope: ReadScope } | { access: 'write'; scope: WriteScope<P> });

/** One IPC channel: what the renderer may send, what it gets back, and what dispatch must enforce. */
export type ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = {
  input: I;
  output: O;
} & ChannelMeta<z.output<I>>;

/** Every declaration is required, so a channel without them does not compile. */
export const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, meta: ChannelMeta<z.output<I>>): ChannelDef<I, O> =>
  ({ input, output, ...meta }) as ChannelDef<I, O>;

/** Shorthands for the common declarations. */
/** Reads default to every role; writes to every role but 只读 (town-wide ones: 管理员 and 工作人员). */
export const read = (scope: ReadScope, opts: Partial<Common> = {}) =>
  ({ access: 'read' as const, scope, keyGroup: false, long: false, roles: ALL_ROLES, beforeLogin: false, mask: 'detail' as MaskPurpose, ...opts });
export const write = <P>(scope: WriteScope<P>, opts: Partial<Common> = {}) =>
  ({ access: 'write' as const, scope, keyGroup: false, long: false, roles: scope === 'town' ? TOWN_WRITERS : WRITERS, beforeLogin: false, mask: 'detail' as MaskPurpose, ...opts });
