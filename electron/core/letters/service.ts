// 责任书 and 协议书: the templates (the town's text in letter_template, else the default of shared/letters) and
// letter.write — one letter per target, all in one PDF or .docx. writeLetters is also what the monthly package calls.
import { extname } from 'node:path';
import { eq } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import type { LetterTemplateView, LetterWriteInput } from '../../../shared/contract/letters';
import { LETTER_KIND_INFO, LETTER_KINDS, templateProblems, type LetterKind } from '../../../shared/letters/templates';
import type { ServiceContext } from '../context';
import { letterTemplate } from '../db/schema';
import { validationError } from '../errors';
import { guardOf } from '../files/safeOutput';
import { applyPdfFontSetting } from '../pdf/fontSetting';
import { pdfBuffer, writeBuffer } from '../pdf/render';
import { letterDocxBuffer } from './docx';
import { buildLetters, templateOf } from './letters';
import { letterPdfDoc } from './pdf';

function view(ctx: ServiceContext, kind: LetterKind): LetterTemplateView {
  const t = templateOf(ctx, kind);
  const info = LETTER_KIND_INFO[kind];
  return { kind, label: info.label, title: t.title, body: t.body, edited: t.edited, updatedAt: t.updatedAt, fields: info.fields.map((f) => ({ ...f })) };
}

export function listLetterTemplates(ctx: ServiceContext): LetterTemplateView[] {
  return LETTER_KINDS.map((k) => view(ctx, k));
}

export function saveLetterTemplate(ctx: ServiceContext, input: ChannelParsed<'letter.template.save'>): LetterTemplateView {
  const body = input.body.replace(/\r\n?/g, '\n');
  const problems = templateProblems(input.kind, { title: input.title, body });
  if (problems.length) {
    throw validationError(
      `${LETTER_KIND_INFO[input.kind].label}模板有误：${problems.map((p) => p.message).join('；')}`,
      problems.map((p) => ({ path: [p.part], field: p.part === 'title' ? '标题' : '正文', message: p.message })),
    );
  }
  const updatedAt = new Date().toISOString();
  ctx.ledger.db
    .insert(letterTemplate)
    .values({ kind: input.kind, title: input.title, body, updatedAt })
    .onConflictDoUpdate({ target: letterTemplate.kind, set: { title: input.title, body, updatedAt } })
    .run();
  return view(ctx, input.kind);
}

export function resetLetterTemplate(ctx: ServiceContext, kind: LetterKind): LetterTemplateView {
  ctx.ledger.db.delete(letterTemplate).where(eq(letterTemplate.kind, kind)).run();
  return view(ctx, kind);
}

/** Counts the page objects pdfkit writes (one `/Type /Page` each). */
function pdfPageCount(buffer: Buffer): number {
  return buffer.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

/**
 * Writes the letters of one input to input.path as PDF or .docx. Same data and generatedAt ⇒ same bytes.
 * The file's extension must agree with the format, so a .pdf never holds a .docx.
 */
export async function writeLetters(ctx: ServiceContext, input: LetterWriteInput, generatedAt: Date): Promise<{ path: string; letters: number; pages: number | null }> {
  const ext = extname(input.path).toLowerCase();
  if (ext !== `.${input.format}`) {
    throw validationError(`保存的文件应以 .${input.format} 结尾`, [{ path: ['path'], message: `${input.format === 'pdf' ? 'PDF' : 'Word'} 文件应以 .${input.format} 结尾` }]);
  }
  ctx.progress?.(0, 3, '读取数据');
  const letters = buildLetters(ctx, input);
  const title = letters.length === 1 ? `${letters[0]!.title}（${letters[0]!.partyB}）` : `${LETTER_KIND_INFO[input.kind].label}（${letters.length}份）`;
  ctx.signal?.throwIfAborted();
  ctx.progress?.(1, 3, input.format === 'pdf' ? '排版 PDF' : '生成 Word 文档');
  let buffer: Buffer;
  let pages: number | null = null;
  if (input.format === 'pdf') {
    const fonts = await applyPdfFontSetting(ctx);
    buffer = await pdfBuffer(letterPdfDoc(letters, fonts.families, generatedAt, title));
    pages = pdfPageCount(buffer);
  } else {
    buffer = await letterDocxBuffer(letters, generatedAt, title);
  }
  ctx.signal?.throwIfAborted();
  ctx.progress?.(2, 3, '保存文件');
  await writeBuffer(input.path, buffer, guardOf(ctx));
  ctx.progress?.(3, 3, '完成');
  return { path: input.path, letters: letters.length, pages };
}
