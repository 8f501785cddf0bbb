import { describe, expect, it } from "vitest";
import { createInProcessEventBus, EVERYTHING_CHANGED, parseDataChange } from "./events.ts";
import { createScopedCache, forgetOnDataChange } from "./scoped-cache.ts";

function fixedClock() {
  let now = Date.parse("2026-12-07T12:00:00Z");
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe("scoped cache", () => {
  it("refuses a value read before a change, so a read that raced a write is not kept", () => {
    const cache = createScopedCache<string>({ maxEntries: 10, ttlMs: 1000, clock: fixedClock() });
    const ticket = cache.ticket();
    cache.forgetScope("organization:b");
    cache.set("page", "read before the change", ["organization:a"], ticket);
    expect(cache.get("page")).toBeUndefined();
    cache.set("page", "read after", ["organization:a"], cache.ticket());
    expect(cache.get("page")).toBe("read after");
  });

  it("forgets every entry of a scope and nothing else", () => {
    const cache = createScopedCache<number>({ maxEntries: 10, ttlMs: 1000, clock: fixedClock() });
    cache.set("a1", 1, ["organization:a"], cache.ticket());
    cache.set("a2", 2, ["organization:a", "user:u"], cache.ticket());
    cache.set("b1", 3, ["organization:b"], cache.ticket());
    cache.forgetScope("user:u");
    expect([cache.get("a1"), cache.get("a2"), cache.get("b1")]).toEqual([1, undefined, 3]);
    cache.forgetScope("organization:a");
    expect([cache.get("a1"), cache.get("b1")]).toEqual([undefined, 3]);
    expect(cache.size).toBe(1);
  });

  it("keeps at most maxEntries, dropping the least recently used", () => {
    const cache = createScopedCache<number>({ maxEntries: 2, ttlMs: 1000, clock: fixedClock() });
    cache.set("first", 1, [], cache.ticket());
    cache.set("second", 2, [], cache.ticket());
    expect(cache.get("first")).toBe(1);
    cache.set("third", 3, [], cache.ticket());
    expect([cache.get("first"), cache.get("second"), cache.get("third")]).toEqual([1, undefined, 3]);
  });

  it("expires entries after ttlMs", () => {
    const clock = fixedClock();
    const cache = createScopedCache<number>({ maxEntries: 2, ttlMs: 1000, clock });
    cache.set("page", 1, [], cache.ticket());
    clock.advance(999);
    expect(cache.get("page")).toBe(1);
    clock.advance(1);
    expect(cache.get("page")).toBeUndefined();
  });

  it("follows the data-change feed: listed tables forget their scope, '*' and lost notifications forget all", () => {
    const bus = createInProcessEventBus();
    const cache = createScopedCache<number>({ maxEntries: 10, ttlMs: 1000, clock: fixedClock() });
    forgetOnDataChange(bus, cache, { applications: (id) => `organization:${id}` });
    const fill = () => {
      cache.set("a", 1, ["organization:a"], cache.ticket());
      cache.set("b", 2, ["organization:b"], cache.ticket());
    };
    fill();
    bus.deliverDataChange({ table: "audit_log", key: "a" });
    expect(cache.size).toBe(2);
    bus.deliverDataChange({ table: "applications", key: "a" });
    expect([cache.get("a"), cache.get("b")]).toEqual([undefined, 2]);
    bus.deliverDataChange({ table: "applications", key: "*" });
    expect(cache.size).toBe(0);
    fill();
    bus.deliverDataChange(EVERYTHING_CHANGED);
    expect(cache.size).toBe(0);
  });

  it("reads the trigger's payload as table and key", () => {
    expect(parseDataChange("applications 0f8c-uuid")).toEqual({ table: "applications", key: "0f8c-uuid" });
    expect(parseDataChange("users *")).toEqual({ table: "users", key: "*" });
    expect(parseDataChange("garbage")).toBeNull();
    expect(parseDataChange("table ")).toBeNull();
  });
});
