// Reference: exact counts in a Map plus a max-heap of [count, key] snapshots with lazy deletion.
// add pushes a fresh snapshot (the key's older ones go stale); top(k) pops until it has k current
// snapshots, skipping and dropping stale ones, then pushes the k back. Each snapshot is dropped at
// most once, so add is O(log n) amortised and top(k) O(k log n).

/** True when snapshot a ranks before b: higher count, then the smaller key. */
const ranksBefore = (a, b) => a[0] > b[0] || (a[0] === b[0] && a[1] < b[1]);

function assertKey(key) {
  if (typeof key !== "string") throw new TypeError("key must be a string");
}

export class HeavyHitters {
  /** @type {Map<string, number>} */
  #counts = new Map();
  /** @type {[number, string][]} */
  #heap = [];

  add(key, count = 1) {
    assertKey(key);
    if (typeof count !== "number") throw new TypeError("count must be a number");
    if (!Number.isSafeInteger(count) || count < 1) throw new RangeError("count must be a positive integer");
    const total = (this.#counts.get(key) ?? 0) + count;
    this.#counts.set(key, total);
    this.#push([total, key]);
    if (this.#heap.length > 2 * this.#counts.size + 1024) this.#compact();
    return total;
  }

  count(key) {
    assertKey(key);
    return this.#counts.get(key) ?? 0;
  }

  top(k) {
    if (typeof k !== "number") throw new TypeError("k must be a number");
    if (!Number.isInteger(k) || k < 0) throw new RangeError("k must be a non-negative integer");
    const found = [];
    while (found.length < k && this.#heap.length > 0) {
      const snapshot = this.#pop();
      if (this.#counts.get(snapshot[1]) === snapshot[0]) found.push(snapshot);
    }
    for (const snapshot of found) this.#push(snapshot);
    return found.map(([count, key]) => [key, count]);
  }

  get size() {
    return this.#counts.size;
  }

  #compact() {
    this.#heap = [];
    for (const [key, count] of this.#counts) this.#push([count, key]);
  }

  #push(snapshot) {
    const heap = this.#heap;
    let index = heap.push(snapshot) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const child = heap[index];
      const above = heap[parent];
      if (!ranksBefore(child, above)) break;
      heap[index] = above;
      heap[parent] = child;
      index = parent;
    }
  }

  #pop() {
    const heap = this.#heap;
    const first = heap[0];
    const last = heap.pop();
    if (heap.length > 0) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let best = index;
        if (left < heap.length && ranksBefore(heap[left], heap[best])) best = left;
        if (right < heap.length && ranksBefore(heap[right], heap[best])) best = right;
        if (best === index) break;
        const moved = heap[best];
        heap[best] = heap[index];
        heap[index] = moved;
        index = best;
      }
    }
    return first;
  }
}
