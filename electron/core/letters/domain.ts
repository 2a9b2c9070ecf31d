// 责任书 and 协议书 (templates, letters as PDF / .docx) and the PDF font setting.
import { letterChannels } from '../../../shared/contract/letters';
import { defineDomain } from '../domain';
import { applyPdfFontSetting, setPdfFontSetting } from '../pdf/fontSetting';
import { letterCommands } from './commands';
import { listLetterTemplates, resetLetterTemplate, saveLetterTemplate, writeLetters } from './service';

export const lettersDomain = defineDomain({
  name: 'letters',
  channels: letterChannels,
  commands: letterCommands,
  handlers: {
    'letter.templates': (ctx) => listLetterTemplates(ctx),
    'letter.template.save': (ctx, input) => saveLetterTemplate(ctx, input),
    'letter.template.reset': (ctx, input) => resetLetterTemplate(ctx, input.kind),
    // The generation date is the day's (pinned by --today and the tests), so a letter rewritten the same day is the same file.
    'letter.write': (ctx, input) => writeLetters(ctx, input, new Date(`${ctx.today()}T00:00:00Z`)),
    'pdf.fonts': (ctx) => applyPdfFontSetting(ctx),
    'pdf.fonts.set': (ctx, input) => setPdfFontSetting(ctx, input.setting),
  },
});
