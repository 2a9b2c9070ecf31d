// A letter as .docx (the `docx` package) for staff who finish letters in WPS or Word: the same GB/T 9704 page
// (A4, margins 37/28/26/35 mm, 22 lines at a fixed 28.95 pt, title 2号 方正小标宋简体, body 3号 仿宋_GB2312 — the
// names WPS and Word look for, the eastAsia slot set), numbered clauses, and the signature and seal blocks as a
// borderless 2-column table. Deterministic: core.xml carries the generation date and every zip entry its time.
import type * as Docx from 'docx';
import { lazyModule } from '../lazyModule';
import { isClause } from '../../../shared/letters/templates';
import type { Letter } from './letters';
import { kindInfo } from './letters';

const docx = lazyModule<typeof Docx>('docx');

const MM_TWIPS = 1440 / 25.4;
const twips = (mm: number) => Math.round(mm * MM_TWIPS);
/** 225 mm / 22 lines, in twips (≈ 28.95 pt). */
const LINE = Math.round((225 * MM_TWIPS) / 22);
const BODY_FONT = '仿宋_GB2312';
const TITLE_FONT = '方正小标宋简体';
const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });

function run(text: string, opts: { title?: boolean } = {}) {
  const { TextRun } = docx();
  return new TextRun({ text, font: font(opts.title ? TITLE_FONT : BODY_FONT), size: opts.title ? 44 : 32 });
}

function bodyParagraph(text: string, indent: boolean) {
  const { AlignmentType, LineRuleType, Paragraph } = docx();
  return new Paragraph({
    children: [run(text)],
    alignment: AlignmentType.JUSTIFIED,
    spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
    ...(indent ? { indent: { firstLine: 640 } } : {}),
  });
}

function letterChildren(letter: Letter): (Docx.Paragraph | Docx.Table)[] {
  const { AlignmentType, LineRuleType, Paragraph, Table, TableBorders, TableCell, TableRow, WidthType } = docx();
  const info = kindInfo(letter.kind);
  const out: (Docx.Paragraph | Docx.Table)[] = [];
  out.push(
    new Paragraph({
      children: [run(letter.title, { title: true })],
      alignment: AlignmentType.CENTER,
      spacing: { line: Math.round(LINE * 1.5), lineRule: LineRuleType.EXACT, after: LINE },
    }),
  );
  for (const p of letter.paragraphs) out.push(bodyParagraph(p, !/^(甲方|乙方)[：:]/.test(p) || isClause(p)));
  out.push(bodyParagraph('', false));
  const cell = (who: string, name: string, sign: string) =>
    new TableCell({
      width: { size: 50, type: WidthType.PERCENTAGE },
      borders: TableBorders.NONE,
      children: [`${who}（盖章）`, name, `${sign}：`, '', letter.date].map((t) => bodyParagraph(t, false)),
    });
  out.push(
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      borders: TableBorders.NONE,
      rows: [
        new TableRow({
          cantSplit: true,
          children: [cell(info.partyA.replace(/（.*）$/, ''), letter.partyA, info.signA), cell(info.partyB.replace(/（.*）$/, ''), letter.partyB, info.signB)],
        }),
      ],
    }),
  );
  return out;
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function coreXml(title: string, generatedAt: Date): string {
  const when = generatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlText(title)}</dc:title><dc:creator>乡镇综治台账</dc:creator><cp:lastModifiedBy>乡镇综治台账</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** Sets every entry's DOS time and date (local headers and central directory) so the zip's bytes depend on the content only. */
export function pinZipTimes(zip: Buffer, when: Date): Buffer {
  const out = Buffer.from(zip);
  const time = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | Math.floor(when.getUTCSeconds() / 2);
  const date = ((when.getUTCFullYear() - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  // End of central directory: its offset and entry count tell where each central header is.
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('docx: zip without an end of central directory');
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error('docx: unexpected zip central directory');
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(date, p + 14);
    const local = out.readUInt32LE(p + 42);
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}

export async function letterDocxBuffer(letters: Letter[], generatedAt: Date, title: string): Promise<Buffer> {
  const { AlignmentType, Document, DocumentGridType, Footer, Packer, PageNumber, Paragraph, TextRun } = docx();
  // 页码 — n —, 4号, odd pages at the right and even at the left, one character in; each letter its own section
  // (a new page) numbered from 1.
  const footer = (alignment: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
    new Footer({
      children: [
        new Paragraph({
          alignment,
          indent: alignment === AlignmentType.RIGHT ? { right: 280 } : { left: 280 },
          children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('宋体'), size: 28 })],
        }),
      ],
    });
  const doc = new Document({
    creator: '乡镇综治台账',
    title,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: font(BODY_FONT), size: 32 } } } },
    sections: letters.map((l) => ({
      properties: {
        page: {
          size: { width: 11906, height: 16838 },
          // The footer's foot 23 mm above the paper's edge puts the 4号 number's top about 7 mm below the 版心 (GB/T 9704).
          margin: { top: twips(37), left: twips(28), right: twips(26), bottom: twips(35), header: twips(15), footer: twips(23) },
          pageNumbers: { start: 1 },
        },
        grid: { type: DocumentGridType.LINES, linePitch: LINE },
      },
      footers: { default: footer(AlignmentType.RIGHT), even: footer(AlignmentType.LEFT) },
      children: letterChildren(l),
    })),
  });
  const buffer = await Packer.toBuffer(doc, false, [{ path: 'docProps/core.xml', data: coreXml(title, generatedAt) }]);
  return pinZipTimes(buffer, generatedAt);
}
