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

/** Files that are zips or compressed streams already (xlsx, docx, PDF): deflating them again costs time and saves nothing. */
const COMPRESSED = /\.(xlsx|docx|pdf|zip|png|jpe?g)$/i;

async function rezip(entries: { name: string; data: Buffer; keep?: boolean }[], when: Date): Promise<Buffer> {
  const zip = new JSZip();
  for (const e of entries) zip.file(e.name, e.data, { date: when, createFolders: false, binary: true, ...(e.keep ? { compression: 'STORE' as const } : {}) });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS', streamFiles: false });
}

/**
 * An xlsx with its zip entries dated `generatedAt` (their order kept: [Content_Types].xml first, as Excel expects)
 * and docProps/core.xml's created/modified set to it. Entries keep their compressed bytes (JSZip reuses them when
 * the method is the same), so a 100,000-row sheet is not inflated and deflated again.
 */
export async function normalizeXlsx(buffer: Buffer, generatedAt: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buffer);
  const when = zipDate(generatedAt);
  const stamp = when.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const core = zip.file('docProps/core.xml');
  if (core) {
    const text = (await core.async('string'))
      .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
      .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`);
    zip.file('docProps/core.xml', text, { date: when });
  }
  for (const f of Object.values(zip.files)) f.date = when;
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS', streamFiles: false });
}

/** The package as one .zip: files under the package folder's name, in name order, all dated `generatedAt`. */
export async function packageZip(folder: string, files: readonly { name: string; content: Buffer }[], generatedAt: string): Promise<Buffer> {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return rezip(sorted.map((f) => ({ name: `${folder}/${f.name}`, data: f.content, keep: COMPRESSED.test(f.name) })), zipDate(generatedAt));
}
