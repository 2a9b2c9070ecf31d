// Form fields used across pages: code selects (labels shown, codes stored), dates as YYYY-MM-DD,
// the live 公民身份号码 check, and mapping the core's problems back onto form fields.
import { DatePicker, Select, type FormInstance, type SelectProps } from 'antd';
import dayjs from 'dayjs';
import type { CSSProperties, ReactNode } from 'react';
import type { CodeTable } from '../../../shared/codes/table';
import { labelOf, sexTable } from '../../../shared/codes';
import { ageOn, checkIdAgainstToday, cleanIdText, normalizeIdNumber } from '../../../shared/rules/idNumber';
import { ApiError } from '../api';
import { problemsByField } from './form/formRules';

export function todayString(): string {
  return dayjs().format('YYYY-MM-DD');
}

export function codeOptions(table: CodeTable) {
  return table.entries.map((e) => ({ value: e.code, label: e.label, search: [e.label, e.code, ...(e.aliases ?? [])].join(' ') }));
}

/** A select of a code table's labels; the value is the code. */
export function CodeSelect({ table, ...rest }: { table: CodeTable } & Omit<SelectProps<string>, 'options'>) {
  return (
    <Select<string>
      allowClear
      showSearch={{ optionFilterProp: 'search' }}
      placeholder={`请选择${table.name}`}
      options={codeOptions(table)}
      {...rest}
    />
  );
}

/** A date picker whose value is a 'YYYY-MM-DD' string (or null). */
export function DateField({ value, onChange, placeholder, disabled, id, allowClear = true, style }: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  placeholder?: string;
  disabled?: boolean;
  id?: string;
  allowClear?: boolean;
  style?: CSSProperties;
}) {
  return (
    <DatePicker
      id={id}
      value={value ? dayjs(value, 'YYYY-MM-DD') : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : null)}
      format={['YYYY-MM-DD', 'YYYY/MM/DD', 'YYYYMMDD', 'YYYY.MM.DD']}
      placeholder={placeholder ?? 'YYYY-MM-DD'}
      disabled={disabled}
      allowClear={allowClear}
      style={{ width: '100%', ...style }}
    />
  );
}

export type IdHint =
  | { status: 'typing'; text: string }
  | { status: 'error'; text: string }
  | { status: 'ok'; text: string; sex: string; birthDate: string; idNumber: string };

/** What to show under an ID input while the user types. null when empty. */
export function describeIdInput(raw: string | null | undefined): IdHint | null {
  if (!raw || !raw.trim()) return null;
  const text = cleanIdText(raw);
  if (/^\d{1,14}$/.test(text) || /^\d{16,17}$/.test(text)) {
    return { status: 'typing', text: `已输入 ${text.length} 位，公民身份号码为 18 位` };
  }
  const today = todayString();
  const check = checkIdAgainstToday(normalizeIdNumber(raw), today);
  if (!check.ok) return { status: 'error', text: check.reason };
  const sex = labelOf(sexTable, check.sex);
  const upgraded = check.upgradedFrom15 ? `（15位旧号码，已升级为 ${check.idNumber}）` : '';
  return {
    status: 'ok',
    text: `性别：${sex}　出生日期：${check.birthDate}　${ageOn(check.birthDate, today)} 岁${upgraded}`,
    sex,
    birthDate: check.birthDate,
    idNumber: check.idNumber,
  };
}

/** Form.Item props that show the live check (status + help) while keeping rule errors when empty. */
export function idItemStatus(raw: string | null | undefined): { validateStatus?: 'error' | 'success' | 'validating'; help?: ReactNode } {
  const hint = describeIdInput(raw);
  if (!hint) return {};
  if (hint.status === 'typing') return { help: <span data-testid="id-check">{hint.text}</span> };
  if (hint.status === 'error') return { validateStatus: 'error', help: <span data-testid="id-check">{hint.text}</span> };
  return { validateStatus: 'success', help: <span data-testid="id-check" className="id-ok">{hint.text}</span> };
}

/**
 * Puts the core's per-field problems on the form's fields, by the input path each problem carries: a form's field
 * names are its input's keys, unless `byPath` maps an input key to another field.
 */
export function applyProblems(form: FormInstance, err: unknown, byPath: Record<string, string> = {}) {
  if (!(err instanceof ApiError)) return;
  const byField = problemsByField(err.info.problems ?? [], byPath);
  if (byField.size) form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
}
