// Agreement between what was typed and what the 公民身份号码 says (domain.md Part 1).
import { sexTable, labelOf } from '../codes';
import type { IdCheck } from './idNumber';

/** Reasons (Chinese) why a typed sex or birth date contradicts the ID; empty when they agree. */
export function contradictionsWithId(id: Extract<IdCheck, { ok: true }>, typed: { sex?: string | null; birthDate?: string | null }): { field: 'sex' | 'birthDate'; message: string }[] {
  const out: { field: 'sex' | 'birthDate'; message: string }[] = [];
  if (typed.sex && (typed.sex === '1' || typed.sex === '2') && typed.sex !== id.sex) {
    out.push({ field: 'sex', message: `性别「${labelOf(sexTable, typed.sex)}」与公民身份号码不符（号码显示为${labelOf(sexTable, id.sex)}）` });
  }
  if (typed.birthDate && typed.birthDate !== id.birthDate) {
    out.push({ field: 'birthDate', message: `出生日期 ${typed.birthDate} 与公民身份号码不符（号码显示为 ${id.birthDate}）` });
  }
  return out;
}
