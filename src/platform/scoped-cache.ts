import type { Clock } from "./clock.ts";
import type { DataChange, EventBus } from "./events.ts";

/**
 * An in-process cache whose entries belong to scopes (an organisation, a user) and are forgotten
 * as soon as the database reports a change in one of their scopes (the data-change feed of
 * platform/events.ts). Used where a hot request would otherwise repeat the same reads: the API
 * token behind every bearer request, a page of the applications list.
 *
 * Correctness rests on three rules:
 * - a change heard for a scope forgets every entry of it, and EVERYTHING_CHANGED forgets all;
 * - a value read from the database is stored only if nothing at all changed between the
 *   ticket taken before the read and the store (`ticket`/`set`), so a read that raced a write
 *   never outlives the write's notification;
 * - entries expire after `ttlMs` whatever happens, bounding what a change that was never
 *   heard (made while the LISTEN connection was down) can leave behind.
 */
export interface ScopedCache<Value> {
  get(key: string): Value | undefined;
  /** Take before reading what will be stored; `set` refuses the value if anything changed since. */
  ticket(): number;
  set(key: string, value: Value, scopes: string[], ticket: number): void;
  /** Forgets every entry of the scope, and refuses values read before now. */
  forgetScope(scope: string): void;
  clear(): void;
  readonly size: number;
}

/** The scope of what belongs to one organisation, and to one user (the keys data changes carry). */
export const organizationScope = (organizationId: string) => `organization:${organizationId}`;
export const userScope = (userId: string) => `user:${userId}`;

export interface ScopedCacheOptions {
  maxEntries: number;
  ttlMs: number;
  clock: Clock;
}

interface Entry<Value> {
  value: Value;
  scopes: string[];
  expiresAt: number;
}

export function createScopedCache<Value>(options: ScopedCacheOptions): ScopedCache<Value> {
  // A Map keeps insertion order: re-inserting on each hit makes its first key the least recently used.
  const entries = new Map<string, Entry<Value>>();
  const keysByScope = new Map<string, Set<string>>();
  let generation = 0;

  function remove(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    for (const scope of entry.scopes) {
      const keys = keysByScope.get(scope);
      keys?.delete(key);
      if (keys?.size === 0) keysByScope.delete(scope);
    }
  }

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= options.clock.now().getTime()) {
        remove(key);
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    ticket: () => generation,
    set(key, value, scopes, ticket) {
      if (ticket !== generation) return;
      remove(key);
      entries.set(key, { value, scopes, expiresAt: options.clock.now().getTime() + options.ttlMs });
      for (const scope of scopes) {
        const keys = keysByScope.get(scope) ?? new Set<string>();
        keys.add(key);
        keysByScope.set(scope, keys);
      }
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value as string;
        remove(oldest);
      }
    },
    forgetScope(scope) {
      generation += 1;
      for (const key of [...(keysByScope.get(scope) ?? [])]) remove(key);
    },
    clear() {
      generation += 1;
      entries.clear();
      keysByScope.clear();
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * A scoped cache kept in step with the database from the start (forgetOnDataChange): for each
 * table it depends on, the scope a change of that table's key forgets.
 */
export function createDataCache<Value>(
  events: EventBus,
  options: ScopedCacheOptions,
  scopeByTable: Record<string, (key: string) => string>,
): ScopedCache<Value> {
  const cache = createScopedCache<Value>(options);
  forgetOnDataChange(events, cache as ScopedCache<unknown>, scopeByTable);
  return cache;
}

/**
 * Keeps a scoped cache in step with the database: a change of one of the tables forgets the
 * scope that table's entry names for the changed key; a table's "*" (truncated) or
 * EVERYTHING_CHANGED forgets all. Tables not listed change nothing. Returns the unsubscribe.
 */
export function forgetOnDataChange(
  events: EventBus,
  cache: ScopedCache<unknown>,
  scopeByTable: Record<string, (key: string) => string>,
): () => void {
  return events.onDataChange((change: DataChange) => {
    if (change.table === "*") return cache.clear();
    const scopeOf = scopeByTable[change.table];
    if (!scopeOf) return;
    if (change.key === "*") cache.clear();
    else cache.forgetScope(scopeOf(change.key));
  });
}
