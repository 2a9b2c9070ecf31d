// Small file-system steps that make a write survive a power cut, and the one check of what a file is, shared by
// the keyring, the first-time encryption, backups and the workspace.
import { closeSync, fsyncSync, openSync, readSync } from 'node:fs';

export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename in `folder` durable (POSIX; Windows cannot open a folder). */
export function fsyncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The 16 bytes every plain SQLite file starts with (an encrypted one looks random from its first byte). */
const SQLITE_HEADER = 'SQLite format 3\0';

export function hasSqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(SQLITE_HEADER.length);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return n === buf.length && buf.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}
