// Wrong: keeps [key, count] pairs in ranked order; each add finds the key and its new place by
// scanning the array (O(n) per add).

function assertKey(key) {
  if (typeof key !== "string") throw new TypeError("key must be a string");
}

export class HeavyHitters {
  /** Count descending, then key ascending. */
  #ranked = [];

  add(key, count = 1) {
    assertKey(key);
    if (typeof count !== "number") throw new TypeError("count must be a number");
    if (!Number.isSafeInteger(count) || count < 1) throw new RangeError("count must be a positive integer");
    let total = count;
    const index = this.#ranked.findIndex(([other]) => other === key);
    if (index >= 0) {
      total += this.#ranked[index][1];
      this.#ranked.splice(index, 1);
    }
    let place = 0;
    while (place < this.#ranked.length) {
      const [other, otherCount] = this.#ranked[place];
      if (otherCount < total || (otherCount === total && other > key)) break;
      place++;
    }
    this.#ranked.splice(place, 0, [key, total]);
    return total;
  }

  count(key) {
    assertKey(key);
    return this.#ranked.find(([other]) => other === key)?.[1] ?? 0;
  }

  top(k) {
    if (typeof k !== "number") throw new TypeError("k must be a number");
    if (!Number.isInteger(k) || k < 0) throw new RangeError("k must be a non-negative integer");
    return this.#ranked.slice(0, k).map(([key, count]) => [key, count]);
  }

  get size() {
    return this.#ranked.length;
  }
}
