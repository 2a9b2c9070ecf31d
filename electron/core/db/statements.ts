// Prepared statements, reused by their SQL text: the one helper every service prepares through.
// Without reuse every call compiles its SQL again, and the native statements pile up until V8
// happens to collect their small JS handles (a demo town of 100,000 grew the process past 1 GB).
// Each connection (the town's, a scope's, a worker's) has its own cache, bounded (least recently
// used goes first). A cached statement is handed out only when it is not busy (being iterated),
// with its result mode reset, so callers get exactly what a fresh prepare would give them.
import type Database from 'better-sqlite3-multiple-ciphers';

export type Statement = Database.Statement;

const LIMIT = 500;
const caches = new WeakMap<Database.Database, Map<string, Statement>>();

export function statement(sqlite: Database.Database, source: string): Statement {
  let cache = caches.get(sqlite);
  if (!cache) {
    cache = new Map();
    caches.set(sqlite, cache);
  }
  const hit = cache.get(source);
  if (hit && !hit.busy) {
    if (hit.reader) hit.raw(false).pluck(false).expand(false);
    // Most recently used last, so the oldest goes first when the cache is full.
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  const fresh = sqlite.prepare(source);
  if (!hit) {
    if (cache.size >= LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(source, fresh);
  }
  return fresh;
}
