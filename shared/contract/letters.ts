// 责任书 and 协议书 (reports.md "PDF documents"): the templates staff edit, the letters written from them as PDF or
// .docx, and the PDF font setting (the bundled fonts, or the PC's 仿宋 / 方正小标宋 when present).
import { z } from 'zod';
import { LETTER_KINDS } from '../letters/templates';
import { dateString, id, outputPath } from './common';
import { ADMIN_ONLY, channel, read, write } from './define';

export const letterKind = z.enum(LETTER_KINDS, { error: '文书种类应为网格化服务管理责任书、安置帮教协议书、监护人看护管理责任书或门前三包责任书' });

export const letterTemplateView = z.object({
  kind: letterKind,
  label: z.string(),
  title: z.string(),
  body: z.string(),
  /** Saved by the town (else the default text). */
  edited: z.boolean(),
  updatedAt: z.string().nullable(),
  fields: z.array(z.object({ name: z.string(), hint: z.string() })),
});
export type LetterTemplateView = z.infer<typeof letterTemplateView>;

const templateText = {
  title: z.string({ error: '请填写标题' }).trim().min(1, '请填写标题').max(60, '标题最多 60 个字'),
  body: z.string({ error: '请填写正文' }).trim().min(1, '请填写正文').max(20_000, '正文最多 20000 个字'),
};

/** A 沿街单位或商户 for a 门前三包责任书, typed in by the staff. */
export const frontageParty = z.object({
  name: z.string({ error: '请填写商户名称' }).trim().min(1, '请填写商户名称').max(60, '商户名称最多 60 个字'),
  address: z.string({ error: '请填写经营地址' }).trim().min(1, '请填写经营地址').max(120, '经营地址最多 120 个字'),
  person: z.string({ error: '请填写负责人' }).trim().min(1, '请填写负责人').max(30, '负责人最多 30 个字'),
  /** 甲方 is this 村/社区 when given, else the town. */
  villageId: id.nullable().optional(),
});
export type FrontageParty = z.infer<typeof frontageParty>;

export const letterWriteInput = z.object({
  kind: letterKind,
  /** grid: 村/社区 ids; released: 安置帮教 entry ids; guardian: 严重精神障碍患者 entry ids. */
  ids: z.array(id).max(5000, '一次最多 5000 份').optional(),
  /** Every village (grid) or every open entry (released, guardian). */
  all: z.boolean().optional(),
  /** frontage: the 商户, one letter each. */
  parties: z.array(frontageParty).max(500, '一次最多 500 个商户').optional(),
  format: z.enum(['pdf', 'docx'], { error: '格式应为 PDF 或 Word' }),
  path: outputPath,
  /** 签订日期; today when not given. */
  date: dateString('签订日期').optional(),
});
export type LetterWriteInput = z.infer<typeof letterWriteInput>;

export const PDF_FONT_SETTINGS = ['bundled', 'system'] as const;
export type PdfFontSetting = (typeof PDF_FONT_SETTINGS)[number];

export const pdfFontsView = z.object({
  setting: z.enum(PDF_FONT_SETTINGS),
  /** Where the PC's fonts are looked for. */
  searched: z.array(z.string()),
  families: z.array(
    z.object({
      family: z.string(),
      /** 正文 / 标题 */
      role: z.string(),
      /** The face used now, as staff know it (仿宋, 方正小标宋简体, 思源黑体 …). */
      face: z.string(),
      file: z.string(),
      source: z.enum(['bundled', 'system']),
      /** The PC's font for this family, when found (used only with the 'system' setting). */
      systemFile: z.string().nullable(),
    }),
  ),
  notes: z.array(z.string()),
});
export type PdfFontsView = z.infer<typeof pdfFontsView>;

export const letterChannels = {
  'letter.templates': channel(z.object({}).strict(), z.array(letterTemplateView), read('none')),
  /** Saves a kind's template; a field the kind does not know is refused, naming it and where it is. */
  'letter.template.save': channel(z.object({ kind: letterKind, ...templateText }), letterTemplateView, write('town')),
  /** 恢复默认: drops the town's text for the kind. */
  'letter.template.reset': channel(z.object({ kind: letterKind }), letterTemplateView, write('town')),
  'letter.write': channel(
    letterWriteInput,
    z.object({ path: z.string(), letters: z.number().int(), pages: z.number().int().nullable() }),
    read('rows', { long: true, keyGroup: true }),
  ),
  'pdf.fonts': channel(z.object({}).strict(), pdfFontsView, read('none')),
  'pdf.fonts.set': channel(z.object({ setting: z.enum(PDF_FONT_SETTINGS, { error: '字体设置应为内置字体或本机字体' }) }), pdfFontsView, write('town', { roles: ADMIN_ONLY })),
};
