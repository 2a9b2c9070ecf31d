// The one way a user-chosen output file (an export, a template) is written. It refuses targets
// whose loss would hurt — the open database and its -wal/-shm/-journal, any other SQLite file (a
// backup), a folder, a device — and names that cannot work, each with a Chinese reason. It writes
// to a temp file beside the target and renames it over the target only when the writer finished,
// so a failed or cancelled export leaves neither a half file nor a damaged old one.
import { randomBytes } from 'node:crypto';
import {
  accessSync, closeSync, constants, createWriteStream, lstatSync, openSync, readdirSync, readSync, realpathSync, renameSync,
  rmSync, statSync, type BigIntStats, type WriteStream,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Writable } from 'node:stream';
import { AppError } from '../errors';

export interface OutputGuard {
  /** The open database; null where none is open (the CLI's template command). */
  dbPath: string | null;
  signal?: AbortSignal;
}

export function guardOf(ctx: { ledger: { path: string }; signal?: AbortSignal }): OutputGuard {
  return { dbPath: ctx.ledger.path, signal: ctx.signal };
}

const TEMP_PREFIX = '.~ledger-';
const TEMP_NAME = /^\.~ledger-[0-9a-f]{12}\.tmp$/;
const HOUR = 60 * 60 * 1000;
const SIDECARS = ['-wal', '-shm', '-journal'] as const;
/** The 16-byte header of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** First bytes of a WAL file (either byte order) and of a rollback journal. */
const WAL_MAGICS = [Buffer.from([0x37, 0x7f, 0x06, 0x82]), Buffer.from([0x37, 0x7f, 0x06, 0x83])];
const JOURNAL_MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);
/** Names Windows maps to devices whatever the extension (NUL.xlsx is NUL). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³]|conin\$|conout\$)\s*(\..*)?$/i;
const MAX_NAME_BYTES = 255;
/** Windows: Excel and Explorer cannot open longer paths even where Node could write them (UTF-16 units; elsewhere bytes). */
const MAX_PATH = process.platform === 'win32' ? 259 : 4095;
const pathLength = (p: string) => (process.platform === 'win32' ? p.length : Buffer.byteLength(p, 'utf8'));
const caseless = process.platform === 'win32' || process.platform === 'darwin';

/** A long path shortened for a message: the file name kept, the middle of the folder ellipsized. */
export function shortPath(path: string, max = 48): string {
  if (path.length <= max) return path;
  const name = basename(path);
  if (name.length >= max - 8) return `…${sep}${name.slice(0, Math.floor((max - 4) / 2))}…${name.slice(-Math.floor((max - 4) / 2))}`;
  const keep = max - name.length - 2;
  return `${path.slice(0, keep)}…${sep}${name}`;
}

const refuse = (message: string) => new AppError('VALIDATION', message);
const errno = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;
const same = (a: string, b: string) => (caseless ? a.toLowerCase() === b.toLowerCase() : a === b);

function statOrNull(path: string, follow: boolean): BigIntStats | null {
  try {
    return (follow ? statSync : lstatSync)(path, { bigint: true });
  } catch (err) {
    if (errno(err) === 'ENOENT') return null;
    throw err;
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Non-blocking where the system has it: opening a FIFO for reading would otherwise wait forever for a writer. */
const READ_NOW = process.platform === 'win32' ? 'r' : constants.O_RDONLY | constants.O_NONBLOCK;

function readHead(path: string, n: number): Buffer {
  const fd = openSync(path, READ_NOW);
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

function isSqliteFile(path: string): boolean {
  try {
    return readHead(path, 16).equals(SQLITE_HEADER);
  } catch {
    return false;
  }
}

/** The open database and its sidecars, by name: a -wal or -shm may not exist yet and must still not be created by us. */
function isDatabaseOrSidecar(target: string, dbPath: string | null): boolean {
  if (!dbPath) return false;
  const bases = new Set([resolve(dbPath), realOrResolved(dbPath)]);
  for (const b of bases) {
    if (same(target, b) || SIDECARS.some((s) => same(target, b + s))) return true;
  }
  return false;
}

/** Checks what is at `target` now (called before writing and again right before the rename). */
function checkExisting(target: string, abs: string, guard: OutputGuard): void {
  const shown = shortPath(abs);
  const dbRefusal = () => refuse(`「${shown}」是正在使用的台账数据库（或它的日志文件），导出会毁掉全部数据，请换一个文件名`);
  if (isDatabaseOrSidecar(target, guard.dbPath)) throw dbRefusal();
  let st: BigIntStats | null;
  try {
    st = statOrNull(target, true);
  } catch (err) {
    throw mapWriteError(err, abs, 'check');
  }
  if (!st) return;
  if (guard.dbPath) {
    // The same file under another name (hard link, 8.3 short name, other letter case).
    const db = statOrNull(realOrResolved(guard.dbPath), true);
    if (db && db.ino !== 0n && db.dev === st.dev && db.ino === st.ino) throw dbRefusal();
  }
  if (st.isDirectory()) throw refuse(`「${shown}」是一个文件夹，不能作为导出文件，请另取一个文件名`);
  if (!st.isFile()) throw refuse(`「${shown}」是设备或特殊文件，不能作为导出文件，请选择普通文件夹中的文件名`);
  let head: Buffer;
  try {
    head = readHead(target, 16);
  } catch (err) {
    // We cannot see what it is, so we do not replace it.
    throw mapWriteError(err, abs, 'check');
  }
  if (head.equals(SQLITE_HEADER) || WAL_MAGICS.some((m) => head.subarray(0, 4).equals(m)) || head.subarray(0, 8).equals(JOURNAL_MAGIC)) {
    throw refuse(`「${shown}」是一个数据库文件（可能是台账数据库或它的备份），为保护数据不能覆盖它，请换一个文件名`);
  }
  // A -shm has no header of its own: recognise it (and the others) by the database beside it.
  for (const s of SIDECARS) {
    if (target.toLowerCase().endsWith(s) && isSqliteFile(target.slice(0, -s.length))) {
      throw refuse(`「${shown}」是数据库「${basename(target.slice(0, -s.length))}」的日志文件，为保护数据不能覆盖它，请换一个文件名`);
    }
  }
}

/**
 * Where the file will really be written (parent folder and a symlinked target resolved), after
 * every refusal; throws AppError('VALIDATION') with a Chinese reason naming the file.
 */
export function resolveOutputTarget(path: string, guard: OutputGuard): string {
  const abs = resolve(path);
  const shown = shortPath(abs);
  const name = basename(abs);
  if (/^\\\\\.\\/.test(path)) throw refuse(`「${shown}」是设备路径，不能作为导出文件`); // \\.\COM1, \\.\PhysicalDrive0
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) {
    throw refuse(`文件名太长（超过 ${MAX_NAME_BYTES} 字节）：「${shortPath(name, 32)}」，请用短一些的文件名`);
  }
  if (WINDOWS_DEVICE.test(name.replace(/[ .]+$/, ''))) {
    throw refuse(`「${name}」是 Windows 保留的设备名，不能作为文件名，请换一个文件名`);
  }
  if (pathLength(abs) > MAX_PATH) throw refuse(`保存路径太长（超过 ${MAX_PATH} 个字符）：「${shown}」，请换一个层级少一些的文件夹`);

  const folder = dirname(abs);
  let realFolder: string;
  try {
    realFolder = realpathSync(folder);
  } catch (err) {
    const code = errno(err);
    if (code === 'ENOENT') throw refuse(`保存位置的文件夹「${shortPath(folder)}」不存在，请换一个保存位置`);
    if (code === 'ENOTDIR') throw refuse(`「${shortPath(folder)}」不是文件夹，无法在其中保存「${shortPath(name, 32)}」，请换一个保存位置`);
    throw mapWriteError(err, abs, 'check');
  }
  if (!statSync(realFolder).isDirectory()) {
    throw refuse(`「${shortPath(folder)}」不是文件夹，无法在其中保存「${shortPath(name, 32)}」，请换一个保存位置`);
  }

  let target = join(realFolder, name);
  const link = statOrNull(target, false);
  if (link?.isSymbolicLink()) {
    try {
      target = realpathSync(target);
    } catch {
      throw refuse(`「${shown}」是一个指向不存在位置的快捷链接，请换一个文件名`);
    }
  }
  if (process.platform !== 'win32' && (target.startsWith('/dev/') || target === '/dev')) {
    throw refuse(`「${shown}」是设备或特殊文件，不能作为导出文件，请选择普通文件夹中的文件名`);
  }
  try {
    accessSync(dirname(target), constants.W_OK);
  } catch (err) {
    throw mapWriteError(err, abs, 'check');
  }
  checkExisting(target, abs, guard);
  return target;
}

/** An OS error while checking, writing or renaming, as a Chinese refusal. Errors without an errno code are bugs and pass through. */
export function mapWriteError(err: unknown, path: string, stage: 'check' | 'write' | 'rename'): unknown {
  if (err instanceof AppError) return err;
  const code = errno(err);
  if (!code) return err;
  const abs = resolve(path);
  const shown = shortPath(abs);
  const folder = shortPath(dirname(abs));
  const name = shortPath(basename(abs), 32);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return refuse(`磁盘空间不足，无法保存「${shown}」（U 盘或磁盘已满），请清理空间或换一个保存位置`);
    case 'EROFS':
      return refuse(`「${folder}」所在的磁盘是只读的（如写保护的 U 盘或光盘），无法保存「${shown}」，请换一个保存位置`);
    case 'EBUSY':
    case 'ETXTBSY':
      return refuse(`文件「${shown}」正被其他程序（如 Excel）打开，请先关闭它再试`);
    case 'EPERM':
    case 'EACCES':
      return stage === 'rename'
        ? refuse(`文件「${shown}」正被其他程序（如 Excel）打开，请先关闭它（或它是只读文件）再试`)
        : refuse(`没有权限在「${folder}」中保存「${name}」，请换一个保存位置（如“文档”或桌面）`);
    case 'ENAMETOOLONG':
      return refuse(`保存路径或文件名太长：「${shown}」，请换一个短一些的文件夹或文件名`);
    case 'EISDIR':
    case 'ENOTEMPTY':
      return refuse(`「${shown}」是一个文件夹，不能作为导出文件，请另取一个文件名`);
    case 'ENOENT':
    case 'ENOTDIR':
      return refuse(`无法在「${folder}」中创建文件（文件夹不存在、已被移走或不允许新建文件），请换一个保存位置`);
    case 'EINVAL':
      return refuse(`文件名「${name}」不能使用（可能含有 \\ / : * ? " < > | 等字符），请换一个文件名`);
    default:
      return refuse(`保存「${shown}」失败（系统错误 ${code}），文件没有保存，请换一个保存位置后重试`);
  }
}

const cancelledError = () => new AppError('CANCELLED', '已取消导出，没有生成或改动任何文件');

export function throwIfCancelled(guard: OutputGuard): void {
  if (guard.signal?.aborted) throw cancelledError();
}

const closed = (s: WriteStream) => (s.closed ? Promise.resolve() : new Promise<void>((r) => s.once('close', () => r())));

async function renameWithRetry(from: string, to: string): Promise<void> {
  // Windows: an antivirus or the search indexer holds a just-written file for a moment.
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(from, to);
      return;
    } catch (err) {
      const code = errno(err);
      if (process.platform !== 'win32' || attempt >= 3 || !(code === 'EPERM' || code === 'EBUSY' || code === 'EACCES')) throw err;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

/**
 * Checks `path`, lets `write` fill a stream into a temp file beside it, and renames the temp file
 * over the target only when `write` resolved, the data is on disk and nothing was cancelled.
 * `write` may end the stream itself (exceljs pipes its zip into it) or leave that to us.
 */
export async function writeOutputFile<T>(path: string, guard: OutputGuard, write: (out: Writable) => Promise<T>): Promise<T> {
  throwIfCancelled(guard);
  const target = resolveOutputTarget(path, guard);
  const abs = resolve(path);
  sweepStaleTemps(dirname(target));
  const temp = join(dirname(target), `${TEMP_PREFIX}${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    // Opened here, synchronously and exclusively, so a folder we cannot write in fails with its errno now
    // instead of as an 'error' event nobody listens to yet.
    fd = openSync(temp, 'wx');
  } catch (err) {
    throw mapWriteError(err, abs, 'write');
  }
  // flush: fsync before close, so the rename never reaches the disk before the data does (power cuts).
  const out = createWriteStream(temp, { fd, flush: true });
  const stop = new AbortController();
  // A disk-full error or a cancel ends the wait even when the writer never notices (its zip then stalls).
  const failed = new Promise<never>((_, reject) => {
    out.on('error', reject);
    guard.signal?.addEventListener('abort', () => reject(cancelledError()), { signal: stop.signal });
  });
  failed.catch(() => {});
  let stage: 'write' | 'rename' = 'write';
  try {
    const value = await Promise.race([write(out), failed]);
    if (!out.writableEnded) out.end();
    await Promise.race([closed(out), failed]);
    if (out.errored) throw out.errored;
    throwIfCancelled(guard);
    // The target may have changed while we wrote (someone saved a backup under that name).
    checkExisting(target, abs, guard);
    stage = 'rename';
    await renameWithRetry(temp, target);
    return value;
  } catch (err) {
    // Only once the stream has let go of the file (a write may be in flight) can it be removed.
    out.destroy();
    await closed(out);
    try {
      rmSync(temp, { force: true });
    } catch {
      // The sweep at the next start-up removes it.
    }
    throw mapWriteError(err, abs, stage);
  } finally {
    stop.abort();
  }
}

/** Removes temp files of ours older than an hour from `folder`; cheap and never throws. Returns how many it removed. */
export function sweepStaleTemps(folder: string, maxAgeMs = HOUR, now = Date.now()): number {
  let removed = 0;
  try {
    for (const name of readdirSync(folder)) {
      if (!TEMP_NAME.test(name)) continue;
      try {
        const file = join(folder, name);
        const st = lstatSync(file);
        if (st.isFile() && now - st.mtimeMs > maxAgeMs) {
          rmSync(file, { force: true });
          removed++;
        }
      } catch {
        // Held by another program or already gone: try again next time.
      }
    }
  } catch {
    // Folder missing or unreadable: nothing to sweep.
  }
  return removed;
}
