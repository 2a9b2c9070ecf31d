// How a descriptor form finds a field's problem: left empty while required (with the form's own words), else the
// first issue the channel's zod schema reports at one of the field's input keys. Pure, so it is tested on the
// real contract schemas without a browser.

export type FormValues = Record<string, unknown>;

/** What the check needs to know of a field descriptor. */
export interface CheckedField {
  name: string;
  kind: string;
  /** The input keys the field fills; default: its name. */
  path?: readonly string[];
  /** A string is the message when the field is left empty. */
  required?: boolean | string;
  /** A check the schema cannot make (it needs the town, or compares two fields); null when fine. */
  check?: (values: FormValues) => string | null;
}

interface SafeParser {
  safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
}

export const pathsOf = (f: Pick<CheckedField, 'name' | 'path'>): readonly string[] => f.path ?? [f.name];

export const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

const picked = new Set(['date', 'code', 'choice', 'person', 'household', 'grid']);

/** 请选择 for what is picked, 请填写 for what is typed; a label's bracketed hint is left out. */
export function emptyMessage(f: Pick<CheckedField, 'kind'>, required: boolean | string, label: string): string {
  return typeof required === 'string' ? required : `${picked.has(f.kind) ? '请选择' : '请填写'}${label.replace(/（.*?）/g, '')}`;
}

/** The schema's issues on what the form would send, by the first key of their path. */
export function schemaIssues(schema: SafeParser, input: unknown): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  const parsed = schema.safeParse(input);
  for (const issue of parsed.success ? [] : (parsed.error?.issues ?? [])) {
    const key = String(issue.path[0] ?? '');
    byKey.set(key, [...(byKey.get(key) ?? []), issue.message]);
  }
  return byKey;
}

/** The first problem of one field, or null. `required` and `label` are the field's, resolved for these values. */
export function fieldProblem(f: CheckedField, values: FormValues, label: string, issues: Map<string, string[]>): string | null {
  const required = f.required ?? false;
  if (required && isEmpty(values[f.name])) return emptyMessage(f, required, label);
  const own = isEmpty(values[f.name]) ? null : (f.check?.(values) ?? null);
  if (own) return own;
  for (const key of pathsOf(f)) {
    const first = issues.get(key)?.[0];
    if (first) return first;
  }
  return null;
}

/** The core's problems by form field: each by the first key of its input path, through `byPath` when renamed. */
export function problemsByField(problems: readonly { path?: readonly (string | number)[]; message: string }[], byPath: Readonly<Record<string, string>> = {}): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const p of problems) {
    const key = p.path?.[0];
    if (key === undefined) continue;
    const name = byPath[String(key)] ?? String(key);
    byField.set(name, [...(byField.get(name) ?? []), p.message]);
  }
  return byField;
}
