// A lean streaming xlsx writer for the big ledger workbooks: the SpreadsheetML parts written as text straight into
// the zip (zipWriter.ts), rows streamed as they come. It writes only what our ledgers use — inline strings (rich text
// for stacked lines), numbers, a handful of cell styles, merges, column widths, frozen header rows, print titles,
// paper, orientation, scale, margins and footer — and writes them the way Excel, WPS and LibreOffice read. exceljs
// took ~8 s on a 100,000-row population ledger; this writer's cost is mostly zlib's.
import type { Writable } from 'node:stream';
import { ZipWriter, type ZipEntry } from './zipWriter';

export interface XlsxFont {
  name: string;
  size: number;
  bold?: boolean;
}
export interface XlsxStyle {
  font: XlsxFont;
  /** Thin grey border on all four sides. */
  border?: boolean;
  /** Solid fill, ARGB. */
  fill?: string;
  numFmt?: '@' | '0.00' | 'General';
  alignment?: { horizontal?: 'left' | 'center' | 'right'; vertical?: 'top' | 'middle' | 'bottom'; wrapText?: boolean };
}

export interface XlsxSheetSetup {
  name: string;
  /** Column widths in characters. */
  widths: readonly number[];
  /** OOXML paper code: 8 = A3, 9 = A4. */
  paperSize: number;
  orientation: 'landscape' | 'portrait';
  scale: number;
  margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
  /** Rows repeated at the top of every printed page and frozen on screen (1..n). */
  titleRows?: number;
  frozenRows?: number;
  footer?: string;
  horizontalCentered?: boolean;
}

/** A cell: text (multi-line text is written as one rich-text run, which LibreOffice breaks at the newlines), a number, or empty. */
export type XlsxValue = string | number | null;
export interface XlsxCell {
  value: XlsxValue;
  style: number;
}

export interface SheetRows {
  row(cells: readonly (XlsxCell | null)[], height?: number): Promise<void>;
  /** A merged range, as `A1:F1`. */
  merge(range: string): void;
  /** Rows written so far. */
  readonly count: number;
}

export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 on (except the surrogate and FFFE/FFFF
// code points, which JavaScript strings only hold when broken): other control characters are dropped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export function xmlText(s: string): string {
  return s.replace(INVALID_XML, '').replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

/** Text an XML reader would trim or fold unless told to keep its spaces. */
const EDGE_SPACE = /^\s|\s$|[\t\r]/;
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Built-in number formats: 0 General, 2 0.00, 49 @ (text). */
const NUM_FMT_ID = { General: 0, '0.00': 2, '@': 49 } as const;

export class XlsxWriter {
  private readonly zip: ZipWriter;
  private readonly styles: XlsxStyle[] = [];
  private readonly styleKeys = new Map<string, number>();
  private readonly sheets: { name: string; titleRows?: number }[] = [];

  constructor(out: Writable, private readonly meta: { created: Date; creator: string; sheetNames: readonly string[] }) {
    this.zip = new ZipWriter(out, meta.created);
  }

  /** The index of a cell style (registered once; the same style object or an equal one gives the same index). */
  style(s: XlsxStyle): number {
    const key = JSON.stringify(s);
    let id = this.styleKeys.get(key);
    if (id === undefined) {
      id = this.styles.length + 1; // 0 is the default style
      this.styles.push(s);
      this.styleKeys.set(key, id);
    }
    return id;
  }

  /** Starts the file: content types and relationships, which name every sheet up front. */
  async start(): Promise<void> {
    const n = this.meta.sheetNames.length;
    const sheetTypes = Array.from({ length: n }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
    await this.text('[Content_Types].xml', `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheetTypes}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`);
    await this.text('_rels/.rels', `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${NS_R}/extended-properties" Target="docProps/app.xml"/></Relationships>`);
    const iso = this.meta.created.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const who = xmlText(this.meta.creator);
    await this.text('docProps/core.xml', `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${who}</dc:creator><cp:lastModifiedBy>${who}</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${iso}</dcterms:modified></cp:coreProperties>`);
    await this.text('docProps/app.xml', `${HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${who}</Application></Properties>`);
  }

  /** One worksheet, its rows written by `fill` in order. Sheets come in the order their names were given. */
  async sheet(setup: XlsxSheetSetup, fill: (rows: SheetRows) => Promise<void>): Promise<number> {
    const index = this.sheets.length + 1;
    if (this.meta.sheetNames[index - 1] !== setup.name) throw new Error(`sheet ${setup.name} was not announced at ${index}`);
    this.sheets.push({ name: setup.name, titleRows: setup.titleRows });
    const merges: string[] = [];
    let count = 0;
    await this.zip.entry(`xl/worksheets/sheet${index}.xml`, async (entry) => {
      const buf = new ByteSink(entry);
      const frozen = setup.frozenRows
        ? `<pane ySplit="${setup.frozenRows}" topLeftCell="A${setup.frozenRows + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${setup.frozenRows + 1}" sqref="A${setup.frozenRows + 1}"/>`
        : '';
      const cols = setup.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
      await buf.text(`${HEAD}<worksheet xmlns="${NS}" xmlns:r="${NS_R}"><sheetPr><pageSetUpPr fitToPage="0"/></sheetPr><sheetViews><sheetView workbookViewId="0">${frozen}</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`);
      const starts: Buffer[] = [];
      const texts: string[] = [];
      const cellStart = (i: number) => (starts[i] ??= ascii(`<c r="${columnLetter(i + 1)}`));
      const rows: SheetRows = {
        row: async (cells, height) => {
          const r = ++count;
          const ref = ascii(String(r));
          // The row's text, escaped, and room for all of it: then the row is written without a wait per cell.
          let most = 96;
          for (let i = 0; i < cells.length; i++) {
            const v = cells[i]?.value;
            texts[i] = typeof v === 'string' && v !== '' ? (NEEDS_ESCAPE.test(v) ? xmlText(v) : v) : '';
            most += 96 + texts[i]!.length * 3;
          }
          await buf.room(most);
          buf.ascii(height === undefined ? `<row r="${r}">` : `<row r="${r}" ht="${height}" customHeight="1">`);
          for (let i = 0; i < cells.length; i++) {
            const c = cells[i];
            if (!c) continue;
            buf.put(cellStart(i));
            buf.put(ref);
            const f = fragmentsOf(c.style);
            const v = c.value;
            if (v === null || v === '' || (typeof v === 'number' && !Number.isFinite(v))) buf.put(f.empty);
            else if (typeof v === 'number') {
              buf.put(f.number);
              buf.ascii(String(v));
              buf.put(NUMBER_END);
            } else {
              // Stacked lines as one rich-text run (LibreOffice breaks it at the newlines). xml:space only where the
              // text has spaces to keep at an end (or tabs): on a 100,000-row ledger it was a quarter of the bytes.
              const [open, close] = v.includes('\n') ? [f.rich, RICH_END] : EDGE_SPACE.test(v) ? [f.kept, TEXT_END] : [f.text, TEXT_END];
              buf.put(open);
              buf.utf8(texts[i]!);
              buf.put(close);
            }
          }
          buf.put(ROW_END);
        },
        merge: (range) => void merges.push(range),
        get count() {
          return count;
        },
      };
      await fill(rows);
      let tail = '</sheetData>';
      if (merges.length) tail += `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;
      if (setup.horizontalCentered) tail += '<printOptions horizontalCentered="1"/>';
      const m = setup.margins;
      tail += `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`;
      tail += `<pageSetup paperSize="${setup.paperSize}" orientation="${setup.orientation}" scale="${setup.scale}"/>`;
      if (setup.footer) tail += `<headerFooter><oddFooter>${xmlText(setup.footer)}</oddFooter><evenFooter>${xmlText(setup.footer)}</evenFooter></headerFooter>`;
      await buf.text(`${tail}</worksheet>`);
      await buf.flush();
    });
    return count;
  }

  /** The workbook, its relationships and the styles the sheets used; then the zip's directory. */
  async finish(): Promise<void> {
    const sheets = this.sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
    const titles = this.sheets
      .map((s, i) => (s.titleRows ? `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">'${xmlText(s.name.replace(/'/g, "''"))}'!$1:$${s.titleRows}</definedName>` : ''))
      .join('');
    await this.text('xl/workbook.xml', `${HEAD}<workbook xmlns="${NS}" xmlns:r="${NS_R}"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets>${titles ? `<definedNames>${titles}</definedNames>` : ''}</workbook>`);
    const rels = this.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
    await this.text('xl/_rels/workbook.xml.rels', `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rId${this.sheets.length + 1}" Type="${NS_R}/styles" Target="styles.xml"/></Relationships>`);
    await this.text('xl/styles.xml', this.stylesXml());
    await this.zip.finish();
  }

  private stylesXml(): string {
    const fonts = new Keyed<string>(['<font><sz val="11"/><name val="宋体"/></font>']);
    const fills = new Keyed<string>(['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']);
    const borders = new Keyed<string>(['<border><left/><right/><top/><bottom/><diagonal/></border>']);
    const thin = '<left style="thin"><color rgb="FF808080"/></left><right style="thin"><color rgb="FF808080"/></right><top style="thin"><color rgb="FF808080"/></top><bottom style="thin"><color rgb="FF808080"/></bottom><diagonal/>';
    const xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
    for (const s of this.styles) {
      const font = fonts.id(`<font>${s.font.bold ? '<b/>' : ''}<sz val="${s.font.size}"/><name val="${xmlText(s.font.name)}"/><charset val="134"/></font>`);
      const fill = s.fill ? fills.id(`<fill><patternFill patternType="solid"><fgColor rgb="${s.fill}"/><bgColor indexed="64"/></patternFill></fill>`) : 0;
      const border = s.border ? borders.id(`<border>${thin}</border>`) : 0;
      const numFmt = NUM_FMT_ID[s.numFmt ?? 'General'];
      const a = s.alignment;
      const align = a ? `<alignment${a.horizontal ? ` horizontal="${a.horizontal}"` : ''}${a.vertical ? ` vertical="${a.vertical === 'middle' ? 'center' : a.vertical}"` : ''}${a.wrapText ? ' wrapText="1"' : ''}/>` : '';
      xfs.push(`<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0" applyNumberFormat="1" applyFont="1"${fill ? ' applyFill="1"' : ''}${border ? ' applyBorder="1"' : ''}${align ? ' applyAlignment="1">' + align + '</xf>' : '/>'}`);
    }
    return `${HEAD}<styleSheet xmlns="${NS}"><fonts count="${fonts.list.length}">${fonts.list.join('')}</fonts><fills count="${fills.list.length}">${fills.list.join('')}</fills><borders count="${borders.list.length}">${borders.list.join('')}</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
  }

  private text(name: string, xml: string): Promise<void> {
    return this.zip.entry(name, (e) => e.put(xml));
  }
}

const ascii = (s: string) => Buffer.from(s, 'latin1');
const NUMBER_END = ascii('</v></c>');
const TEXT_END = ascii('</t></is></c>');
const RICH_END = ascii('</t></r></is></c>');
const ROW_END = ascii('</row>');
/** What xmlText would change; most cells have none of it and are written as they are. */
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** The bytes after a cell's reference, per style (a ledger uses a handful). */
interface Fragments {
  empty: Buffer;
  number: Buffer;
  text: Buffer;
  kept: Buffer;
  rich: Buffer;
}
const fragments = new Map<number, Fragments>();
function fragmentsOf(style: number): Fragments {
  let f = fragments.get(style);
  if (!f) {
    const s = `" s="${style}"`;
    f = {
      empty: ascii(`${s}/>`),
      number: ascii(`${s}><v>`),
      text: ascii(`${s} t="inlineStr"><is><t>`),
      kept: ascii(`${s} t="inlineStr"><is><t xml:space="preserve">`),
      rich: ascii(`${s} t="inlineStr"><is><r><t xml:space="preserve">`),
    };
    fragments.set(style, f);
  }
  return f;
}

/**
 * The sheet's XML written as bytes into 256 KB chunks handed to the compressor. Rows are encoded straight into the
 * chunk (fixed pieces copied, text UTF-8-encoded in place) rather than built as strings and encoded after: on the
 * 100,000-row ledger the strings, their joining and their encoding took twice the time and most of the GC.
 */
class ByteSink {
  private static readonly SIZE = 256 * 1024;
  private buf = Buffer.allocUnsafe(ByteSink.SIZE);
  private pos = 0;
  constructor(private readonly entry: ZipEntry) {}

  /** Makes sure `bytes` more fit in the chunk: a full chunk goes to the compressor first, a bigger one is made for a huge row. */
  async room(bytes: number): Promise<void> {
    if (this.pos + bytes <= this.buf.length) return;
    await this.flush();
    if (bytes > this.buf.length) this.buf = Buffer.allocUnsafe(bytes);
  }
  /** Copies fixed bytes; the caller made room. */
  put(b: Buffer): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  /** ASCII text (numbers, tags); the caller made room. */
  ascii(s: string): void {
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }
  /** Any text as UTF-8; the caller made room (3 bytes per UTF-16 unit at the most). */
  utf8(s: string): void {
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }
  async text(s: string): Promise<void> {
    await this.room(s.length * 3);
    this.utf8(s);
  }
  async flush(): Promise<void> {
    if (this.pos === 0) return;
    // The compressor keeps the chunk until it has read it: a fresh one for what follows.
    const full = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(ByteSink.SIZE);
    this.pos = 0;
    await this.entry.put(full);
  }
}

class Keyed<T extends string> {
  readonly list: T[];
  private readonly index = new Map<T, number>();
  constructor(initial: T[]) {
    this.list = [...initial];
    initial.forEach((x, i) => this.index.set(x, i));
  }
  id(x: T): number {
    let i = this.index.get(x);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(x);
      this.index.set(x, i);
    }
    return i;
  }
}
