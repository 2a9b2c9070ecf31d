// CLI of 一表通, under `report` (told apart by their first argument, cli/run.ts):
//   report form FORM.xlsx --mapping NAME --db DB --month YYYY-MM --out FILE.xlsx   fill (the saved mapping NAME, else the form's placeholders)
//   report form-save FORM.xlsx --name NAME --db DB [--mapping mapping.json]         save a form (without --mapping: its placeholders)
//   report form-inspect FORM.xlsx                                                   the columns found and the suggested mapping, as JSON
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { FormInspection, SavedForm } from '../../../shared/contract/countyForms';
import { dbOption, stderrProgress, withSession, monthOption, todayOption } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';
import { AppError } from '../errors';

const month = monthOption;
const formFile = (sub: string) =>
  z
    .array(z.string())
    .length(1, `请写明报表文件，如 report ${sub} 县级报表.xlsx`)
    .refine((p) => /\.xlsx$/i.test(p[0] ?? ''), { message: '县级报表应为 .xlsx 文件' });

const fill = defineCommand({
  name: 'report form',
  summary: '按县级报表（一表通）填写某月：用已保存的对应关系 NAME，没有保存时用表中的占位符',
  usage: 'report form FORM.xlsx --mapping NAME --db FILE --month YYYY-MM --out FILE.xlsx [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' }, mapping: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    month,
    out: z.string({ error: '请用 --out 指定填好的报表文件' }).regex(/\.xlsx$/i, '填好的报表应以 .xlsx 结尾'),
    mapping: z.string().min(1).max(40, '报表名称不超过40个字').optional(),
    today: todayOption,
    positionals: formFile('form'),
  }),
  run: (args, env) =>
    withSession(
      env,
      args.db,
      (s) =>
        s.call(
          'countyForm.fill',
          { ...(args.mapping ? { name: args.mapping } : {}), formPath: resolve(args.positionals[0]!), month: args.month, path: resolve(args.out) },
          stderrProgress(env, '县级报表'),
        ),
      args.today,
    ),
  format: (r: { path: string; rows: number }) => `已填写县级报表（${r.rows} 行）：${r.path}`,
});

const save = defineCommand({
  name: 'report form-save',
  summary: '保存县级报表及其对应关系（mapping.json，可由 report form-inspect 生成后修改）；不写 --mapping 时用表中的占位符',
  usage: 'report form-save FORM.xlsx --name NAME --db FILE [--mapping mapping.json] [--json]',
  options: { db: { type: 'string' }, name: { type: 'string' }, mapping: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    name: z.string({ error: '请用 --name 指定报表名称' }).min(1, '请用 --name 指定报表名称'),
    mapping: z.string().regex(/\.json$/i, '对应关系文件应为 .json').optional(),
    positionals: formFile('form-save'),
  }),
  run: (args, env) => {
    let mapping: unknown = null;
    if (args.mapping) {
      try {
        const parsed = JSON.parse(readFileSync(resolve(args.mapping), 'utf8')) as unknown;
        // form-inspect prints the whole inspection; its suggested sheet's mapping is the one meant.
        mapping = (parsed as { mapping?: unknown }).mapping ?? parsed;
      } catch {
        throw new AppError('BAD_FILE', `无法读取对应关系文件「${args.mapping}」（应为 JSON）`);
      }
    }
    const path = resolve(args.positionals[0]!);
    return withSession(env, args.db, async (s) => {
      if (!mapping) {
        // Without --mapping: the form's own placeholders.
        const seen = await s.call('countyForm.inspect', { path });
        if (!seen.usesPlaceholders) throw new AppError('VALIDATION', '报表里没有 {村.…} 或 {人.…} 占位符：请用 report form-inspect 生成对应关系，改好后用 --mapping 保存');
        mapping = seen.sheets.find((x) => x.name === seen.suggestedSheet)?.mapping ?? null;
      }
      return s.call('countyForm.save', { name: args.name, path, mapping: mapping as never });
    });
  },
  format: (r: Omit<SavedForm, 'createdAt'>) => `已保存县级报表「${r.name}」：工作表「${r.mapping.sheet}」，${r.mapping.columns.length} 列`,
});

const inspect = defineCommand({
  name: 'report form-inspect',
  summary: '读取县级报表的表头，列出各列和建议的对应关系（JSON，可修改后用 report form-save --mapping 保存）',
  usage: 'report form-inspect FORM.xlsx',
  options: {},
  schema: z.object({ positionals: formFile('form-inspect') }),
  run: (args, env) =>
    withSession(env, null, async (s) => {
      const r = await s.call('countyForm.inspect', { path: resolve(args.positionals[0]!) });
      const sheet = r.sheets.find((x) => x.name === r.suggestedSheet);
      return { ...r, mapping: sheet?.mapping ?? null };
    }),
  format: (r: FormInspection & { mapping: unknown }) => JSON.stringify(r, null, 2),
});

export const countyFormCommands: CliCommand[] = [fill, save, inspect];
