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
  return { code: 'INTERNAL', message: '程序内部错误，操作未完成，数据没有改动。请把日志发给技术人员。' };
}
