// 公民身份号码 (GB 11643): normalize what people and files write, verify the check digit, and derive
// sex and birth date. Every input path goes through normalizeIdNumber.
import { PROVINCE_PREFIXES } from './regionCode';
import { isValidDate } from './dates';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type IdCheck =
  | { ok: true; idNumber: string; sex: '1' | '2'; birthDate: string; upgradedFrom15: boolean }
  | { ok: false; reason: string };

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Trims, turns full-width digits/letters to half-width, removes inner spaces, upper-cases x. */
export function cleanIdText(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\u00a0'‘’]/g, '')
    .toUpperCase();
}

export function normalizeIdNumber(raw: string | number | null | undefined): IdCheck {
  if (raw === null || raw === undefined || String(raw).trim() === '') return { ok: false, reason: '公民身份号码为空' };
  // Excel often turns an ID into a number in scientific notation; the digits are lost for good.
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw)) return { ok: false, reason: '公民身份号码被 Excel 存成了数字，后几位已丢失，请把该列设为“文本”后重新录入' };
    raw = String(raw);
  }
  const text = cleanIdText(raw);
  let id18: string;
  let upgraded = false;
  if (/^\d{15}$/.test(text)) {
    const first17 = `${text.slice(0, 6)}19${text.slice(6)}`;
    id18 = first17 + checkDigit(first17);
    upgraded = true;
  } else if (/^\d{17}[\dX]$/.test(text)) {
    id18 = text;
  } else if (/^\d+(\.\d+)?E\+\d+$/.test(text)) {
    return { ok: false, reason: '公民身份号码被 Excel 存成了科学计数法，后几位已丢失，请把该列设为“文本”后重新录入' };
  } else {
    return { ok: false, reason: `公民身份号码应为18位（或旧的15位），「${raw.trim()}」有${text.length}位或含有非法字符` };
  }
  if (!(PROVINCE_PREFIXES as readonly string[]).includes(id18.slice(0, 2))) {
    return { ok: false, reason: `公民身份号码的前两位「${id18.slice(0, 2)}」不是有效的省级代码` };
  }
  const birth = `${id18.slice(6, 10)}-${id18.slice(10, 12)}-${id18.slice(12, 14)}`;
  if (!isValidDate(birth) || Number(id18.slice(6, 10)) < 1890) {
    return { ok: false, reason: `公民身份号码中的出生日期「${id18.slice(6, 14)}」不存在` };
  }
  if (!upgraded) {
    const expected = checkDigit(id18.slice(0, 17));
    if (id18[17] !== expected) return { ok: false, reason: `公民身份号码校验位错误（末位应为 ${expected}，实际为 ${id18[17]}），请核对是否抄错` };
  }
  return { ok: true, idNumber: id18, sex: Number(id18[16]) % 2 === 1 ? '1' : '2', birthDate: birth, upgradedFrom15: upgraded };
}

/** A birth date in the future relative to `today` is also impossible. */
export function checkIdAgainstToday(check: IdCheck, today: string): IdCheck {
  if (check.ok && check.birthDate > today) return { ok: false, reason: `公民身份号码中的出生日期 ${check.birthDate} 晚于今天` };
  return check;
}

/** For posting and village copies: 320102********1234 (one rule for the whole app: mask.ts). */
export { maskIdNumber } from './mask';

export function ageOn(birthDate: string, date: string): number {
  // Both YYYY-MM-DD (the usual case, 100,000 times in a ledger): zero-padded MM-DD compares as text.
  if (birthDate.length === 10 && date.length === 10 && birthDate[4] === '-' && date[4] === '-') {
    return Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (date.slice(5) < birthDate.slice(5) ? 1 : 0);
  }
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
