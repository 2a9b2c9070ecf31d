// 一表通 (issue 9 item 5): a county's own .xlsx form, loaded once with the figure that fills each column (the mapping),
// saved by name and filled for any month. Names of figures and placeholders: shared/reports/countyForms.ts.
import { z } from 'zod';
import { channel, read, write } from './define';
import { inputPath, outputPath, requiredText } from './common';
import { reportMonth } from './reports';

export const keyGroup = z.enum(['released', 'patient', 'lowIncome'], { error: '名单的人员类别应为 安置帮教、严重精神障碍患者 或 低保户' });

export const formColumn = z.object({
  /** 1-based column number. */
  column: z.number().int().min(1).max(16384),
  /** The header labels above it, merged group headers joined with / (在册人数/帮教对象). */
  label: z.string().max(200),
  /** A name of FORM_FIGURES (村.在册帮教对象, 人.姓名, 留空); null = not mapped yet. */
  figure: z.string().max(60).nullable(),
});
export type FormColumn = z.infer<typeof formColumn>;

export const formMapping = z.object({
  /** The sheet that holds the table; the other sheets only get their placeholders filled. */
  sheet: z.string().min(1).max(31),
  kind: z.enum(['villages', 'persons']),
  group: keyGroup.nullable(),
  headerFrom: z.number().int().min(1),
  headerTo: z.number().int().min(1),
  /** The row repeated once per village or person (its style, formulas and placeholders are copied). */
  dataRow: z.number().int().min(1),
  /** The form's own 合计 row, or null to add one under the villages. */
  totalRow: z.number().int().min(1).nullable(),
  columns: z.array(formColumn).max(300),
});
export type FormMapping = z.infer<typeof formMapping>;

export const formPlaceholder = z.object({ sheet: z.string(), cell: z.string(), text: z.string(), unknown: z.array(z.string()) });

export const formSheet = z.object({
  name: z.string(),
  /** A suggested mapping of this sheet: detected header rows, data and 合计 rows, columns with suggested figures. */
  mapping: formMapping.nullable(),
  /** Why no table was found here. */
  note: z.string(),
});

export const formInspection = z.object({
  file: z.string(),
  sheets: z.array(formSheet),
  /** The sheet the mapping most likely concerns. */
  suggestedSheet: z.string().nullable(),
  placeholders: z.array(formPlaceholder),
  /** The form carries its mapping as placeholders in a data row. */
  usesPlaceholders: z.boolean(),
});
export type FormInspection = z.infer<typeof formInspection>;

export const savedForm = z.object({
  name: z.string(),
  mapping: formMapping,
  bytes: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedForm = z.infer<typeof savedForm>;

const formName = requiredText('报表名称', 40);

export const countyFormChannels = {
  'countyForm.inspect': channel(z.object({ path: inputPath }), formInspection, read('none')),
  'countyForm.save': channel(z.object({ name: formName, path: inputPath, mapping: formMapping }), savedForm.omit({ createdAt: true }), write('town')),
  'countyForm.list': channel(z.object({}), z.array(savedForm), read('none')),
  'countyForm.get': channel(z.object({ name: formName }), savedForm, read('none')),
  'countyForm.remove': channel(z.object({ name: formName }), z.object({ name: z.string() }), write('town')),
  'countyForm.fill': channel(
    z.object({ name: formName.optional(), formPath: inputPath.optional(), month: reportMonth, path: outputPath }),
    z.object({ path: z.string(), rows: z.number().int() }),
    read('rows', { long: true, keyGroup: true }),
  ),
};
