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

/** What a lookup compares: half-width letters, digits and brackets, no spaces ("双相（情感）障碍" = "双相(情感)障碍"). */
function lookupKey(raw: string): string {
  return raw.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000]/g, '');
}

/** Per table, every code, label and alias by its lookupKey: both sides normalized the same way. */
const lookups = new WeakMap<CodeTable, Map<string, string>>();
function lookupOf(table: CodeTable): Map<string, string> {
  let map = lookups.get(table);
  if (!map) {
    map = new Map();
    // Codes first, then labels, then aliases: a text that is one entry's code and another's alias is the code.
    for (const e of table.entries) map.set(lookupKey(e.code), e.code);
    for (const e of table.entries) if (!map.has(lookupKey(e.label))) map.set(lookupKey(e.label), e.code);
    for (const e of table.entries) for (const a of e.aliases ?? []) if (!map.has(lookupKey(a))) map.set(lookupKey(a), e.code);
    lookups.set(table, map);
  }
  return map;
}

/**
 * Finds the code for what a person or a file wrote: the code itself (unpadded "1" → "01" where the
 * table's codes are two digits), the label, or an alias. Full-width characters and spaces are ignored
 * on both sides, so a label typed exactly as the table writes it (with （）) is found too.
 */
export function resolveCode(table: CodeTable, raw: string | number | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const text = lookupKey(String(raw));
  if (!text) return null;
  const width = table.entries[0]?.code.length ?? 0;
  const asCode = /^\d+$/.test(text) && text.length < width ? text.padStart(width, '0') : text;
  const map = lookupOf(table);
  return map.get(asCode) ?? map.get(text) ?? null;
}
