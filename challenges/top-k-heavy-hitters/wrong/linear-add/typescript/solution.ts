// Wrong: keeps [key, count] pairs in ranked order; each add finds the key and its new place by
// scanning the array (O(n) per add).

function assertKey(key: unknown): asserts key is string {
  if (typeof key !== "string") throw new TypeError("key must be a string");
}

export class HeavyHitters {
  /** Count descending, then key ascending. */
  #ranked: [string, number][] = [];

  add(key: string, count = 1): number {
    assertKey(key);
    if (typeof count !== "number") throw new TypeError("count must be a number");
    if (!Number.isSafeInteger(count) || count < 1) throw new RangeError("count must be a positive integer");
    let total = count;
    const index = this.#ranked.findIndex(([other]) => other === key);
    if (index >= 0) {
      total += (this.#ranked[index] as [string, number])[1];
      this.#ranked.splice(index, 1);
    }
    let place = 0;
    while (place < this.#ranked.length) {
      const [other, otherCount] = this.#ranked[place] as [string, number];
      if (otherCount < total || (otherCount === total && other > key)) break;
      place++;
    }
    this.#ranked.splice(place, 0, [key, total]);
    return total;
  }

  count(key: string): number {
    assertKey(key);
    return this.#ranked.find(([other]) => other === key)?.[1] ?? 0;
  }

  top(k: number): [string, number][] {
    if (typeof k !== "number") throw new TypeError("k must be a number");
    if (!Number.isInteger(k) || k < 0) throw new RangeError("k must be a non-negative integer");
    return this.#ranked.slice(0, k).map(([key, count]): [string, number] => [key, count]);
  }

  get size(): number {
    return this.#ranked.length;
  }
}
