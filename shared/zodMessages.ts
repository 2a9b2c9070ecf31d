// Turns zod issues into one Chinese sentence that names the field, for staff.
import { z } from 'zod';
import { fieldLabel } from './fieldLabels';

z.config(z.locales.zhCN());

export function describeIssues(error: z.ZodError, where?: string): { message: string; problems: { field?: string; message: string }[] } {
  const problems = error.issues.map((issue) => {
    const key = issue.path.filter((p) => typeof p === 'string').at(-1) as string | undefined;
    const field = key ? fieldLabel(key) : undefined;
    return { field, message: field ? `「${field}」${issue.message}` : issue.message };
  });
  const head = where ? `${where}：` : '';
  return { message: head + problems.map((p) => p.message).join('；'), problems };
}
