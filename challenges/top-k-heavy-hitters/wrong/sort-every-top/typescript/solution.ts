// Wrong: correct answers, but top(k) sorts every key on each call (O(n log n)).

function assertKey(key: unknown): asserts key is string {
  if (typeof key !== "string") throw new TypeError("key must be a string");
}

export class HeavyHitters {
  #counts = new Map<string, number>();

  add(key: string, count = 1): number {
    assertKey(key);
    if (typeof count !== "number") throw new TypeError("count must be a number");
    if (!Number.isSafeInteger(count) || count < 1) throw new RangeError("count must be a positive integer");
    const total = (this.#counts.get(key) ?? 0) + count;
    this.#counts.set(key, total);
    return total;
  }

  count(key: string): number {
    assertKey(key);
    return this.#counts.get(key) ?? 0;
  }

  top(k: number): [string, number][] {
    if (typeof k !== "number") throw new TypeError("k must be a number");
    if (!Number.isInteger(k) || k < 0) throw new RangeError("k must be a non-negative integer");
    return [...this.#counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, k);
  }

  get size(): number {
    return this.#counts.size;
  }
}
