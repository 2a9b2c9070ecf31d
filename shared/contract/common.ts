// Field schemas reused by several contracts, each with a Chinese message that names the field.
import { z } from 'zod';
import { isValidDate } from '../rules/dates';
import { normalizeIdNumber } from '../rules/idNumber';
import { resolveCode, type CodeTable } from '../codes/table';
import { quote } from '../quote';

export { quote };

export const id = z.number({ error: '缺少编号' }).int().positive();

/** Dates staff can mean: a year outside 1900–2100 is a typing slip (and breaks Excel's date serials). */
const inRange = (s: string) => s >= '1900-01-01' && s <= '2100-12-31';

export const dateString = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .refine(isValidDate, { message: `${label}不是有效日期（应为 YYYY-MM-DD）`, abort: true })
    .refine(inRange, { message: `${label}应在 1900 年至 2100 年之间` });


export const optionalDate = (label: string) => dateString(label).nullable().optional();

/** Accepts a code or its label and stores the code. */
export const codeOf = (table: CodeTable) =>
  z.string({ error: `请选择${table.name}` }).transform((value, ctx) => {
    const code = resolveCode(table, value);
    if (code === null) {
      ctx.addIssue({ code: 'custom', message: `${table.name}「${quote(value)}」不在代码表中` });
      return z.NEVER;
    }
    return code;
  });

export const optionalCodeOf = (table: CodeTable) =>
  z
    .string()
    .nullable()
    .optional()
    .transform((value, ctx) => {
      if (value === null || value === undefined || value.trim() === '') return null;
      const code = resolveCode(table, value);
      if (code === null) {
        ctx.addIssue({ code: 'custom', message: `${table.name}「${quote(value)}」不在代码表中` });
        return z.NEVER;
      }
      return code;
    });

export const idNumber = z.string({ error: '请填写公民身份号码' }).transform((value, ctx) => {
  const check = normalizeIdNumber(value);
  if (!check.ok) {
    ctx.addIssue({ code: 'custom', message: check.reason });
    return z.NEVER;
  }
  return check.idNumber;
});

export const phone = z
  .string()
  .trim()
  .max(40, '联系电话过长')
  .refine((v) => v === '' || /^[\d\-+()（）\s,，/、]{5,40}$/.test(v), { message: '联系电话只能包含数字和 - ' })
  .default('');

export const text = (label: string, max = 200) => z.string().trim().max(max, `${label}不超过${max}个字`).default('');

export const requiredText = (label: string, max = 50) =>
  z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不超过${max}个字`);

/** Where an export is written; main asks the user with a save dialog first. */
// Long enough for any real path; safeOutput says which part is too long for the system.
export const outputPath = z
  .string({ error: '请选择保存位置' })
  .min(1, '请选择保存位置')
  .max(32_000, '保存路径太长')
  .refine(isAbsolutePath, { message: '保存位置应为完整路径（如 D:\\台账\\导出.xlsx）' });

/**
 * A file to read (an import). Like outputPath it must be absolute: a relative path would mean the
 * app's working folder, which staff never chose (in Electron, often the program's own folder).
 */
export const inputPath = z
  .string({ error: '请选择要导入的文件' })
  .min(1, '请选择要导入的文件')
  .max(32_000, '文件路径太长')
  .refine(isAbsolutePath, { message: '文件位置应为完整路径' });

/** POSIX /…, Windows C:\… or C:/…, or a UNC \\server\share path. */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

export const exportResult = z.object({ path: z.string(), rows: z.number().int() });

export const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
};
