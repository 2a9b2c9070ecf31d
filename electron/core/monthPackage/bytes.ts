// Same data, same bytes. A frozen month must be provably what was sent, so the files of a package carry no clock
// or order of their own: an xlsx (a zip) is written again with every entry dated the package's generation time and
// its document properties set to it; the package's .zip lists its files in name order with the same date.
import { createHash } from 'node:crypto';
import JSZip from 'jszip';

export const sha256 = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

/** DOS dates cannot go before 1980; the zip format keeps 2-second steps. */
function zipDate(iso: string): Date {
  const d = new Date(iso);
  d.setUTCMilliseconds(0);
  d.setUTCSeconds(d.getUTCSeconds() - (d.getUTCSeconds() % 2));
  return d;
}

async function rezip(entries: { name: string; data: Buffer }[], when: Date): Promise<Buffer> {
  const zip = new JSZip();
  for (const e of entries) zip.file(e.name, e.data, { date: when, createFolders: false, binary: true });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS', streamFiles: false });
}

/**
 * An xlsx with its zip entries dated `generatedAt` (their order kept: [Content_Types].xml first, as Excel expects)
 * and docProps/core.xml's created/modified set to it.
 */
export async function normalizeXlsx(buffer: Buffer, generatedAt: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buffer);
  const when = zipDate(generatedAt);
  const stamp = when.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const entries: { name: string; data: Buffer }[] = [];
  for (const f of Object.values(zip.files)) {
    if (f.dir) continue;
    let data = await f.async('nodebuffer');
    if (f.name === 'docProps/core.xml') {
      data = Buffer.from(
        data
          .toString('utf8')
          .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
          .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`),
        'utf8',
      );
    }
    entries.push({ name: f.name, data });
  }
  return rezip(entries, when);
}

/** The package as one .zip: files under the package folder's name, in name order, all dated `generatedAt`. */
export async function packageZip(folder: string, files: readonly { name: string; content: Buffer }[], generatedAt: string): Promise<Buffer> {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return rezip(sorted.map((f) => ({ name: `${folder}/${f.name}`, data: f.content })), zipDate(generatedAt));
}
