// The shape of every reply that crosses the IPC bridge (and the CLI's --json errors).

/** Where a problem is, as precisely as the caller knows it. */
export interface ProblemPlace {
  sheet?: string;
  row?: number;
  column?: string;
  /** The field's Chinese name. */
  field?: string;
  /** Where in a channel's input, e.g. ['releaseDate'], so a form marks the field itself. */
  path?: (string | number)[];
}

export type ErrorCode =
  | 'VALIDATION' // bad input: message says which field and why
  | 'NOT_FOUND'
  | 'CONFLICT' // the input is fine but contradicts what is stored
  | 'NOT_SET_UP' // the town has not been set up yet
  | 'DB_FROM_FUTURE' // the database was written by a newer app
  | 'DB_OPEN_FAILED'
  | 'DB_DAMAGED' // the file's pages fail their check: restore from a backup (never rebuilt automatically)
  | 'DISK_FULL' // no space left: free some and try again; nothing was changed
  | 'READ_ONLY' // the file, folder or medium cannot be written
  | 'NO_PERMISSION' // the account of this PC may not read or write the file
  | 'WRONG_KEY' // a password, recovery code or key that does not open this file
  | 'BAD_FILE' // an import or template file we cannot read
  | 'CANCELLED'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED' // nobody is logged in, or the app is locked: log in first
  | 'BUSY' // another window or program holds the database's write lock; try again
  | 'INTERNAL';

export interface ErrorInfo {
  code: ErrorCode;
  /** Chinese, for staff; never a stack trace. */
  message: string;
  problems?: (ProblemPlace & { message: string })[];
  /** The stored record the error is about (the person who already has this ID number), so the form can link to it. */
  about?: { resident?: number };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };
