// Turns zod issues into one Chinese sentence that names the field, for staff. Messages never name an
// English key or type, and never repeat more than a few characters of what was typed.
import { z } from 'zod';
import { fieldLabel } from './fieldLabels';

z.config(z.locales.zhCN());

const KIND: Record<string, string> = {
  string: '文字', number: '数字', int: '整数', boolean: '“是”或“否”', array: '列表', object: '一组内容', date: '日期', bigint: '数字',
};

/** Our own wording where zod's would name a type or echo a key; fields' own messages win. */
z.config({
  customError: (iss) => {
    switch (iss.code) {
      case 'invalid_type':
        return iss.input === undefined || iss.input === null ? '缺少此项' : `应为${KIND[iss.expected] ?? '正确的格式'}`;
      case 'unrecognized_keys':
        return `含有 ${iss.keys.length} 项不认识的内容，已拒绝`;
      case 'invalid_union':
        return '格式不正确';
      case 'invalid_value': {
        const values = iss.values.map(String);
        const listed = values.join('、');
        return values.every((v) => !/[A-Za-z]/.test(v)) && listed.length <= 40 ? `应为：${listed}` : '不在可选范围内';
      }
      case 'too_big':
        return iss.origin === 'string' ? `不超过 ${String(iss.maximum)} 个字` : iss.origin === 'array' ? `不超过 ${String(iss.maximum)} 项` : `不能大于 ${String(iss.maximum)}`;
      case 'too_small':
        return iss.origin === 'string' ? (Number(iss.minimum) <= 1 ? '不能为空' : `至少 ${String(iss.minimum)} 个字`) : iss.origin === 'array' ? `至少 ${String(iss.minimum)} 项` : `不能小于 ${String(iss.minimum)}`;
      case 'invalid_format':
        return '格式不正确';
      default:
        return undefined;
    }
  },
});

/** At most this many problems are spelled out in the one-line message (all stay in `problems`). */
const MAX_LISTED = 3;
const MAX_MESSAGE = 300;

export interface Problem {
  field?: string;
  /** Where in the input, e.g. ['releaseDate'] or ['members', 0, 'name'], so a form can mark the field. */
  path?: (string | number)[];
  message: string;
}

export function describeIssues(error: z.ZodError, where?: string): { message: string; problems: Problem[] } {
  const problems = error.issues.slice(0, 50).map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
    const key = path.filter((p): p is string => typeof p === 'string').at(-1);
    const label = key ? fieldLabel(key) : undefined;
    // A field's own message already names it (请填写姓名); zod's generic ones get the label in front.
    const field = label && label !== key ? label : undefined;
    const own = issue.message;
    const message = field && !own.includes(field) ? `「${field}」${own}` : own;
    return { field, path, message };
  });
  const head = where ? `${where}：` : '';
  const listed = problems.slice(0, MAX_LISTED).map((p) => p.message).join('；');
  const more = problems.length > MAX_LISTED ? `；等共 ${error.issues.length} 处问题` : '';
  const message = (head + listed + more).slice(0, MAX_MESSAGE);
  return { message, problems };
}
