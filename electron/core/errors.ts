// Typed errors of the core. Every message is Chinese and says what and where; the IPC
// router and the CLI turn them into { code, message } without the stack.
import type { ErrorCode, ErrorInfo, ProblemPlace } from '../../shared/result';
import type { Refusal, StepCheck } from '../../shared/rules/stateMachine';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly problems?: (ProblemPlace & { message: string })[];
  readonly about?: ErrorInfo['about'];

  constructor(code: ErrorCode, message: string, problems?: (ProblemPlace & { message: string })[], about?: ErrorInfo['about']) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.problems = problems;
    this.about = about;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message, ...(this.problems ? { problems: this.problems } : {}), ...(this.about ? { about: this.about } : {}) };
  }
}

/**
 * A step the ledger's state machine refuses, with the definition's reason: CONFLICT when the entry's state forbids it,
 * VALIDATION (on the field) when the input does.
 */
export class StepRefusedError extends AppError {
  readonly refusal: Refusal;

  constructor(refusal: Refusal, message: string = refusal.reason) {
    super(refusal.kind === 'state' ? 'CONFLICT' : 'VALIDATION', message, refusal.path ? [{ path: refusal.path, message: refusal.reason }] : undefined);
    this.name = 'StepRefusedError';
    this.refusal = refusal;
  }
}

/** Throws a refused check; `prefix` names whose step it was when the reason does not. */
export function enforce(check: StepCheck, prefix = ''): void {
  if (!check.ok) throw new StepRefusedError(check, prefix + check.reason);
}

export const validationError = (message: string, problems?: (ProblemPlace & { message: string })[]) =>
  new AppError('VALIDATION', message, problems);
export const notFound = (message: string) => new AppError('NOT_FOUND', message);
export const conflict = (message: string, about?: ErrorInfo['about']) => new AppError('CONFLICT', message, undefined, about);

/** Anything unexpected becomes a generic Chinese message; the detail goes to the log only. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof AppError) return err.toInfo();
  const sqliteCode = (err as { code?: unknown } | null)?.code;
  if (typeof sqliteCode === 'string' && (sqliteCode.startsWith('SQLITE_BUSY') || sqliteCode.startsWith('SQLITE_LOCKED'))) {
    return { code: 'BUSY', message: '数据库正被另一个窗口或程序写入，本次操作未保存，请稍后再试。' };
  }
  const storage = storageError(err);
  if (storage) return storage.toInfo();
  return { code: 'INTERNAL', message: '程序内部错误，操作未完成，数据没有改动。请把日志发给技术人员。' };
}

/** What a failing disk or file says (SQLite's code or the system's errno), so it is never taken for a bug or for damage. */
export type StorageCondition = 'DISK_FULL' | 'READ_ONLY' | 'NO_PERMISSION' | 'DB_DAMAGED';

export function storageCondition(err: unknown): StorageCondition | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  // SQLite: a write the disk refused is almost always a full disk (or a drive pulled out); EFBIG (a file-size limit)
  // comes back as IOERR_WRITE, ENOSPC as FULL.
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC' || code === 'SQLITE_IOERR_TRUNCATE') return 'DISK_FULL';
  if (code.startsWith('SQLITE_READONLY')) return 'READ_ONLY';
  if (code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') return 'NO_PERMISSION';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'DB_DAMAGED';
  // Node's file calls.
  if (code === 'ENOSPC' || code === 'EFBIG' || code === 'EDQUOT') return 'DISK_FULL';
  if (code === 'EROFS') return 'READ_ONLY';
  if (code === 'EACCES' || code === 'EPERM') return 'NO_PERMISSION';
  return null;
}

const STORAGE_ADVICE: Record<StorageCondition, (where: string) => string> = {
  DISK_FULL: (w) => `磁盘已满（或存储设备已拔出），${w}没有保存，数据没有改动。请删除不用的文件、清空回收站或换一个有空间的磁盘后再试。`,
  READ_ONLY: (w) => `${w}是只读的（文件、文件夹或存储设备不允许写入），没有保存，数据没有改动。请取消文件的「只读」属性、打开 U 盘的写保护开关，或把数据库复制到本机磁盘后再打开。`,
  NO_PERMISSION: (w) => `本机当前 Windows 账户没有读写${w}的权限，操作没有完成，数据没有改动。请用有权限的账户登录，或请管理员在文件「属性 → 安全」中授予读写权限。`,
  DB_DAMAGED: (w) => `${w}已损坏（数据页校验失败），为保护数据，本软件不会修改、清空或重建它。请从最近一次完好的备份恢复（设置 → 数据备份）。`,
};

/** The typed error for a storage condition; `where` names the file or folder (default: the database). */
export function storageError(err: unknown, where = '数据库文件'): AppError | null {
  const condition = storageCondition(err);
  return condition ? new AppError(condition, STORAGE_ADVICE[condition](where)) : null;
}
