// A code table: the standard's code is stored, the label is shown. Imports accept either.

export interface CodeEntry {
  code: string;
  label: string;
  /** Other names seen in real files (old names, short forms). */
  aliases?: readonly string[];
}

export interface CodeTable {
  /** Stable key, used in error messages and the template's 取值 sheet. */
  key: string;
  /** Chinese name of the field, e.g. 民族. */
  name: string;
  /** Where the codes come from, e.g. GB/T 3304. */
  standard?: string;
  entries: readonly CodeEntry[];
}

export function defineTable(key: string, name: string, standard: string | undefined, entries: readonly (readonly [string, string, ...string[]])[]): CodeTable {
  return {
    key,
    name,
    standard,
    entries: entries.map(([code, label, ...aliases]) => (aliases.length ? { code, label, aliases } : { code, label })),
  };
}

export function labelOf(table: CodeTable, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  return table.entries.find((e) => e.code === code)?.label ?? code;
}

export function hasCode(table: CodeTable, code: string): boolean {
  return table.entries.some((e) => e.code === code);
}

/**
 * Finds the code for what a person or a file wrote: the code itself (unpadded "1" → "01" where the
 * table's codes are two digits), the label, or an alias. Full-width characters and spaces are ignored.
 */
export function resolveCode(table: CodeTable, raw: string | number | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const text = String(raw)
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '');
  if (!text) return null;
  const width = table.entries[0]?.code.length ?? 0;
  const asCode = /^\d+$/.test(text) && text.length < width ? text.padStart(width, '0') : text;
  for (const e of table.entries) {
    if (e.code === asCode || e.label === text || e.aliases?.includes(text)) return e.code;
  }
  return null;
}
