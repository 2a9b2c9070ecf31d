// The town's rule settings: defaults from shared/rules/ruleSettings.ts with the town's changes laid
// over them. Only changed values are stored (setting key 'rules'), so new settings take their default.
import { DEFAULT_RULES, mergeRules, settingPaths, readSetting, type RuleOverrides, type RuleSettings, type SettingPath } from '../../../shared/rules/ruleSettings';
import { describeIssues } from '../../../shared/zodMessages';
import { settingLabels } from '../../../shared/rules/ruleSettings';
import { quote } from '../../../shared/contract/common';
import type { ServiceContext } from '../context';
import { AppError, validationError } from '../errors';
import { eq, sql } from 'drizzle-orm';
import { row } from '../db/query';
import { setting as settingTable } from '../db/schema';

const KEY = 'rules';

/** The stored overrides as written (null: none stored). */
function storedOverrides(ctx: ServiceContext): string | null {
  // Read by nearly every service call, so through the statement cache rather than a fresh prepare.
  const stored = row(ctx.ledger.sqlite, sql<Pick<typeof settingTable.$inferSelect, 'value'>>`select ${settingTable.value} as value from ${settingTable} where ${settingTable.key} = ${KEY}`);
  return stored ? stored.value : null;
}

function parseOverrides(text: string | null): RuleOverrides {
  if (text === null) return {};
  try {
    return JSON.parse(text) as RuleOverrides;
  } catch {
    throw new AppError('INTERNAL', '规则设置已损坏，请在「设置」中恢复默认值');
  }
}

function readOverrides(ctx: ServiceContext): RuleOverrides {
  return parseOverrides(storedOverrides(ctx));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The rules merged from the last stored text, frozen (every caller shares them): merging, with its checks, costs
 * more than reading the row, and nearly every call asks (500 archive cards asked ~40,000 times).
 */
let lastMerged: { text: string | null; rules: RuleSettings } | null = null;

export function getRules(ctx: ServiceContext): RuleSettings {
  const text = storedOverrides(ctx);
  if (lastMerged && lastMerged.text === text) return lastMerged.rules;
  const merged = mergeRules(parseOverrides(text));
  if (!merged.ok) throw new AppError('INTERNAL', `规则设置有误：${describeIssues(merged.error).message}。请在「设置」中恢复默认值`);
  lastMerged = { text, rules: deepFreeze(merged.rules) };
  return lastMerged.rules;
}

export function rulesView(ctx: ServiceContext) {
  const rules = getRules(ctx);
  const changed = settingPaths.filter((p) => JSON.stringify(readSetting(rules, p)) !== JSON.stringify(readSetting(DEFAULT_RULES, p)));
  return { rules, defaults: DEFAULT_RULES, changed };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] = typeof node[part] === 'object' && node[part] !== null ? { ...(node[part] as object) } : {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

function save(ctx: ServiceContext, overrides: RuleOverrides) {
  const value = JSON.stringify(overrides);
  const updatedAt = new Date().toISOString();
  ctx.ledger.db.insert(settingTable).values({ key: KEY, value, updatedAt }).onConflictDoUpdate({ target: settingTable.key, set: { value, updatedAt } }).run();
}

/** changes: dotted path → value, e.g. { 'visitCycleMonths.key': 2 }. Invalid values are refused, nothing saved. */
export function setRules(ctx: ServiceContext, changes: Record<string, unknown>) {
  const overrides = structuredClone(readOverrides(ctx)) as Record<string, unknown>;
  for (const [path, value] of Object.entries(changes)) {
    if (!(settingPaths as string[]).includes(path)) throw validationError(`没有名为「${quote(path)}」的设置项`);
    setPath(overrides, path, value);
  }
  const merged = mergeRules(overrides as RuleOverrides);
  if (!merged.ok) {
    const labels = settingLabels as Record<string, { label: string }>;
    const problems = merged.error.issues.map((i) => {
      const path = i.path.join('.');
      // The setting the issue is about: the path itself, or its parent for an item of a setting.
      const setting = labels[path] ? path : path.split('.').slice(0, -1).join('.');
      const label = labels[setting]?.label ?? path;
      return { field: label, path: ['changes', labels[setting] ? setting : path], message: `「${label}」${i.message}` };
    });
    throw validationError(problems.map((p) => p.message).join('；'), problems);
  }
  save(ctx, overrides as RuleOverrides);
  return rulesView(ctx);
}

/** Restores the defaults of the given settings, or of all. */
export function resetRules(ctx: ServiceContext, paths?: string[]) {
  if (!paths || paths.length === 0) {
    ctx.ledger.db.delete(settingTable).where(eq(settingTable.key, KEY)).run();
    return rulesView(ctx);
  }
  const changes: Record<string, unknown> = {};
  for (const p of paths) {
    if (!(settingPaths as string[]).includes(p)) throw validationError(`没有名为「${quote(p)}」的设置项`);
    changes[p] = readSetting(DEFAULT_RULES, p as SettingPath);
  }
  return setRules(ctx, changes);
}
