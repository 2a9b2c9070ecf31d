// What every core service call receives: the database and who is acting.
// Accounts, village-scoped access and the audit log will hook in through `caller`.
import type { BackupKind } from './backup/store';
import type { Channel } from '../../shared/contract';
import type { Role } from '../../shared/contract/define';
import type { Result } from '../../shared/result';
import type { WorkspaceState } from '../../shared/contract/workspace';
import type { Ledger } from './db/open';
import type { DbKey, KdfCost } from './security/keyring';
import type { AuthStatus } from '../../shared/contract/accounts';

export interface Caller {
  userId: string;
  displayName: string;
  /** The account's role; null = nobody has logged in (only `beforeLogin` channels answer). */
  role: Role | null;
  /** null = the whole town; a 村级用户 lists its village codes. */
  villageScope: string[] | null;
}

/**
 * A database without accounts (not yet protected: tests, the CLI on a plain file, the demo): the
 * PC's user acts as administrator of the whole town.
 */
export const LOCAL_USER: Caller = { userId: 'local', displayName: '本机用户', role: 'admin', villageScope: null };
/** Nobody logged in yet, or the app locked itself after the idle time. */
export const NOBODY: Caller = { userId: '', displayName: '未登录', role: null, villageScope: null };

export interface Progress {
  (done: number, total: number, stage: string): void;
}

/** The verified backup a channel takes before its first write: once, here or in a task worker (backup/service.ts). */
export interface BackupBeforeWrite {
  readonly kind: BackupKind;
  /** Takes it on this thread unless it was taken; a failed one throws again. */
  take(): void;
  /**
   * Takes it with `run` (a task worker beside the job: the month's package), once; resolves when the backup was
   * verified and put in place, rejects with the reason it was not.
   */
  takeWith(run: (kind: BackupKind) => Promise<void>): Promise<void>;
}

export interface ServiceContext {
  ledger: Ledger;
  caller: Caller;
  /** Today's date in the town's calendar (YYYY-MM-DD); injectable so tests and the CLI can pin it. */
  today: () => string;
  progress?: Progress;
  signal?: AbortSignal;
  /** Where long jobs run (a worker thread with its own connection); without it they run inline. */
  jobs?: JobRunner;
  /**
   * The verified backup a channel that changes much at once must take before its first write (backup/service.ts),
   * set by dispatch on the thread that runs the channel. An import has it taken before it starts; the month's
   * package has it taken in a task worker beside its own work and waits for it before it freezes the month.
   */
  backupFirst?: BackupBeforeWrite;
  /** Inside a job's worker: named helpers run in a worker of their own, beside the job (jobs/tasks.ts). */
  tasks?: TaskRunner;
  /** Which database file is open and switching it (the app and the e2e bridge; the CLI names its file with --db). */
  workspace?: WorkspaceControl;
  /** The town's file could not be opened because it is damaged: the app shows the damaged screen (backup/service.ts). */
  damaged?: DamagedFile;
  /** Who is logged in, the lock, the login page's calls (the app and the e2e bridge; accounts/session.ts). */
  session?: SessionControl;
}

export interface DamagedFile {
  path: string;
  /** Why it was refused (Chinese, from openLedger). */
  message: string;
  /** The key it was to be opened with, when a login already unwrapped it (a backup of the same key then needs no secret). */
  key?: DbKey | null;
  /** After a restore over it: the app starts again on the restored file. */
  onRestored: () => void;
}

/** Runs one of jobs/tasks.ts's helpers in a fresh worker on the same file, with the same caller, progress and cancel. */
export interface TaskRunner {
  runTask(ctx: ServiceContext, task: string, args: unknown): Promise<Result<unknown>>;
}

/** The app's login session over its workspace (electron/core/accounts/session.ts). */
export interface SessionControl {
  /** The caller for the next call: LOCAL_USER on a town without accounts, NOBODY while locked or logged out. */
  caller(): Caller;
  /** A call arrived (not a status poll): the idle clock restarts, or the session locks when it ran out. */
  touch(): void;
  status(): AuthStatus;
  /** The status for the renderer's poll: it does not count as activity (the touch before it is undone). */
  poll(): AuthStatus;
  login(loginName: string, password: string): AuthStatus;
  recover(recoveryCode: string, loginName: string, newPassword: string): AuthStatus;
  protect(admin: { loginName: string; displayName: string; password: string }): Promise<{ recoveryCode: string; backupPath: string; status: AuthStatus }>;
  logout(): AuthStatus;
  lock(): AuthStatus;
  changePassword(oldPassword: string, newPassword: string): AuthStatus;
  /** After an administrator changed the logged-in account (its role, villages) or the idle time. */
  refresh(): void;
  /**
   * The town's protected file, unlocked by a login, failed its checks: what the damaged screen needs (the key the
   * login unwrapped opens a backup of the same key). null while nothing was found damaged.
   */
  damaged(): DamagedFile | null;
}

/** The app's open database and the switches of 设置 → 数据库 (electron/core/workspace). */
export interface WorkspaceControl {
  readonly ledger: Ledger;
  state(): WorkspaceState;
  openTown(): WorkspaceState;
  openDemo(): WorkspaceState;
  openFile(path: string): WorkspaceState;
  createFile(path: string): WorkspaceState;
  /**
   * Restore (backup/service.ts): closes the open file, runs `replace` (which puts another file at its path and
   * returns the key to open it with), then opens the path again. When `replace` throws, the file it left unchanged
   * is opened again and the error rethrown.
   */
  replaceFile(replace: () => DbKey | null): WorkspaceState;
  close(): void;
  /** The town's file is protected (its keyring beside it). */
  townProtected(): boolean;
  /** A protected town whose key is not in memory: nothing of it is open (a placeholder in memory stands in). */
  needsKey(): boolean;
  /** Opens the protected town's file with its key (after a login or the recovery code). */
  unlockTown(key: DbKey): void;
  /** Closes the protected town's file and forgets its key (logout). */
  closeTown(): void;
  /** Encrypts the plain town file for its first administrator, then opens it with the new key. */
  protectTown(admin: { loginName: string; displayName: string; password: string }, options?: { kdfCost?: KdfCost; mustChangePassword?: boolean }): Promise<{ recoveryCode: string; backupPath: string }>;
}

export interface JobRunner {
  /** The job's result; null when no worker could be started (dispatch then runs the job itself). */
  run(ctx: ServiceContext, channel: Channel, input: unknown): Promise<Result<unknown> | null>;
  /** Starts a worker ahead of the next job, its libraries loaded (jobs/runner.ts); resolves once it is ready. */
  warm?(): Promise<void>;
}

export function localToday(now = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
