// A letter as PDF on the GB/T 9704 page (domain.md Part 2 §7): A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm,
// 22 lines of 28 characters; title 2号 (22 pt) in the Title family, body 3号 (16 pt) in the Body family; the
// signature and seal blocks of both parties side by side; the date in Arabic numerals. A batch is one file,
// each letter starting on a new page.
import { isClause } from '../../../shared/letters/templates';
import { fontMetrics } from '../pdf/fontMetrics';
import { PDF_FONT, type PdfFamilyUse } from '../pdf/render';
import type { Letter } from './letters';
import { kindInfo } from './letters';

const MM = 72 / 25.4;
export const LETTER_PAGE = {
  /** left, top, right, bottom in pt */
  margins: [28 * MM, 37 * MM, 26 * MM, 35 * MM] as [number, number, number, number],
  textWidth: 156 * MM,
  textHeight: 225 * MM,
  lines: 22,
  chars: 28,
  /** 3号 */
  bodySize: 16,
  titleSize: 22,
};

/**
 * The body size: 3号 is 16 pt, but 28 characters of 16 pt are 448 pt, wider than the 442 pt 版心 — Word fits
 * them with its character grid. pdfmake measures each CJK character on its own (character spacing does not
 * shrink a one-character piece), so the text is set a hair smaller, on the 28-a-line pitch itself.
 */
export function bodyFontSize(): number {
  return Math.floor((LETTER_PAGE.textWidth / LETTER_PAGE.chars) * 100) / 100;
}

export function letterPdfDoc(letters: Letter[], fonts: PdfFamilyUse[], generatedAt: Date, title: string): Record<string, unknown> {
  const { margins, textHeight, lines, titleSize } = LETTER_PAGE;
  const bodySize = bodyFontSize();
  const pitch = textHeight / lines;
  const fileOf = (family: string) => fonts.find((f) => f.family === family)!.file;
  const bodyLine = pitch / (bodySize * fontMetrics(fileOf(PDF_FONT.body)).lineFactor);
  // A title line takes one and a half body lines; a blank body line follows the title.
  const titleLine = (pitch * 1.5) / (titleSize * fontMetrics(fileOf(PDF_FONT.title)).lineFactor);
  const indent = 2 * bodySize;

  const sections: unknown[] = [];
  letters.forEach((letter) => {
    const info = kindInfo(letter.kind);
    const content: unknown[] = [];
    content.push({ text: letter.title, style: 'title' });
    for (const p of letter.paragraphs) {
      // 甲方：/乙方： lines stand flush left; clauses and the other paragraphs are indented two characters.
      const party = /^(甲方|乙方)[：:]/.test(p);
      content.push({ text: p, leadingIndent: party ? 0 : indent, ...(isClause(p) ? { style: 'clause' } : {}) });
    }
    const block = (who: string, name: string, sign: string) => ({
      stack: [`${who}（盖章）`, name, `${sign}：`, ' ', letter.date],
    });
    content.push({
      margin: [0, pitch, 0, 0],
      unbreakable: true,
      layout: 'noBorders',
      table: {
        widths: ['*', '*'],
        body: [[block(info.partyA.replace(/（.*）$/, ''), letter.partyA, info.signA), block(info.partyB.replace(/（.*）$/, ''), letter.partyB, info.signB)]],
      },
    });
    // Each letter is a section (a new page) numbered from 1: pdfmake calls a section's footer for its pages in
    // order with the document's page number, so the first call marks where the letter starts.
    let first: number | null = null;
    sections.push({ section: content, footer: (page: number) => pageNumber(page - (first ??= page) + 1) });
  });

  return {
    pageSize: 'A4',
    pageMargins: margins,
    info: { title, creator: '乡镇综治台账', producer: '乡镇综治台账', creationDate: generatedAt },
    defaultStyle: { font: PDF_FONT.body, fontSize: bodySize, lineHeight: bodyLine, alignment: 'justify' },
    styles: {
      title: { font: PDF_FONT.title, fontSize: titleSize, lineHeight: titleLine, alignment: 'center', margin: [0, 0, 0, pitch] },
      clause: {},
    },
    content: sections,
  };
}

/**
 * 页码 (GB/T 9704): 4号 Arabic numerals between 一字线, 7 mm below the 版心; odd pages right-aligned and even
 * pages left-aligned, each one character in from the edge of the 版心.
 */
function pageNumber(n: number): Record<string, unknown> {
  const [left, , right] = LETTER_PAGE.margins;
  const char = 14;
  return { text: `— ${n} —`, fontSize: 14, lineHeight: 1, characterSpacing: 0, alignment: n % 2 ? 'right' : 'left', margin: [left + char, 7 * MM, right + char, 0] };
}
