// Turns zod issues into one Chinese sentence that names the field, for staff.
import { z } from 'zod';
import { fieldLabel } from './fieldLabels';

z.config(z.locales.zhCN());

export interface IssueProblem {
  field?: string;
  /** The input path of the field, as the schema names it. */
  path: (string | number)[];
  message: string;
}

export function describeIssues(error: z.ZodError, where?: string): { message: string; problems: IssueProblem[] } {
  const problems = error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
    const key = path.filter((p) => typeof p === 'string').at(-1);
    const field = key ? fieldLabel(key) : undefined;
    return { field, path, message: field ? `「${field}」${issue.message}` : issue.message };
  });
  const head = where ? `${where}：` : '';
  return { message: head + problems.map((p) => p.message).join('；'), problems };
}
