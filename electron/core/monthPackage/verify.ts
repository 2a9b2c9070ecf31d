// report verify: recompute every file's SHA-256 against the package's manifest.json, in a folder or in the .zip.
// A file that differs or is missing fails the check; a file the manifest does not list (Windows adds Thumbs.db,
// desktop.ini) is reported as extra without failing it.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import JSZip from 'jszip';
import { manifest as manifestSchema, type VerifyResult } from '../../../shared/contract/monthPackage';
import { validationError } from '../errors';
import { shortPath } from '../files/safeOutput';
import { sha256 } from './bytes';

const MANIFEST = 'manifest.json';

function listFolder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

async function readPackage(path: string): Promise<{ names: string[]; read: (name: string) => Promise<Buffer | null> }> {
  if (!existsSync(path)) throw validationError(`找不到「${shortPath(path)}」`, [{ path: ['path'], message: '文件夹或压缩包不存在' }]);
  if (statSync(path).isDirectory()) {
    return { names: listFolder(path), read: async (n) => (existsSync(join(path, ...n.split('/'))) ? readFileSync(join(path, ...n.split('/'))) : null) };
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(readFileSync(path));
  } catch {
    throw validationError(`「${shortPath(path)}」不是月报文件夹，也不是可以打开的压缩包（「.zip」）`, [{ path: ['path'], message: '无法打开' }]);
  }
  // The zip holds one top folder (the package's name); names are taken inside it.
  const files = Object.values(zip.files).filter((f) => !f.dir);
  const top = files.find((f) => f.name.endsWith(`/${MANIFEST}`) && f.name.split('/').length === 2)?.name.split('/')[0];
  const prefix = top ? `${top}/` : '';
  return {
    names: files.map((f) => f.name).filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length)),
    read: async (n) => {
      const f = zip.file(prefix + n);
      return f ? f.async('nodebuffer') : null;
    },
  };
}

export async function verifyPackage(path: string): Promise<VerifyResult> {
  const pkg = await readPackage(path);
  const raw = await pkg.read(MANIFEST);
  if (!raw) throw validationError(`「${shortPath(path)}」中没有清单文件「manifest.json」，不是本软件生成的月报`, [{ path: ['path'], message: '缺少清单文件' }]);
  let parsed;
  try {
    parsed = manifestSchema.safeParse(JSON.parse(raw.toString('utf8')));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) throw validationError('清单文件「manifest.json」已损坏或不是本软件的格式，无法校验', [{ path: ['path'], message: '清单文件无法读取' }]);
  const m = parsed.data;
  const files: VerifyResult['files'] = [];
  const listed = new Set(m.files.map((f) => f.name));
  for (const f of m.files) {
    const data = await pkg.read(f.name);
    if (!data) files.push({ name: f.name, status: 'missing', expected: f.sha256, actual: null });
    else {
      const actual = sha256(data);
      files.push({ name: f.name, status: actual === f.sha256 && data.length === f.size ? 'ok' : 'changed', expected: f.sha256, actual });
    }
  }
  for (const n of pkg.names.sort()) if (n !== MANIFEST && !listed.has(n)) files.push({ name: n, status: 'extra', expected: null, actual: null });
  return { ok: files.every((f) => f.status === 'ok' || f.status === 'extra'), month: m.month, town: m.town.name, files };
}
