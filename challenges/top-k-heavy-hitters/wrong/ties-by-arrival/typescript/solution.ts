// Wrong: equal counts are ordered by when the key was first seen, not by key.

type Snapshot = [count: number, key: string, arrival: number];

/** True when snapshot a ranks before b: higher count, then the earlier arrival. */
const ranksBefore = (a: Snapshot, b: Snapshot): boolean => a[0] > b[0] || (a[0] === b[0] && a[2] < b[2]);

function assertKey(key: unknown): asserts key is string {
  if (typeof key !== "string") throw new TypeError("key must be a string");
}

export class HeavyHitters {
  #counts = new Map<string, number>();
  #arrival = new Map<string, number>();
  #heap: Snapshot[] = [];

  add(key: string, count = 1): number {
    assertKey(key);
    if (typeof count !== "number") throw new TypeError("count must be a number");
    if (!Number.isSafeInteger(count) || count < 1) throw new RangeError("count must be a positive integer");
    const total = (this.#counts.get(key) ?? 0) + count;
    this.#counts.set(key, total);
    if (!this.#arrival.has(key)) this.#arrival.set(key, this.#arrival.size);
    this.#push([total, key, this.#arrival.get(key) as number]);
    if (this.#heap.length > 2 * this.#counts.size + 1024) this.#compact();
    return total;
  }

  count(key: string): number {
    assertKey(key);
    return this.#counts.get(key) ?? 0;
  }

  top(k: number): [string, number][] {
    if (typeof k !== "number") throw new TypeError("k must be a number");
    if (!Number.isInteger(k) || k < 0) throw new RangeError("k must be a non-negative integer");
    const found: Snapshot[] = [];
    while (found.length < k && this.#heap.length > 0) {
      const snapshot = this.#pop();
      if (this.#counts.get(snapshot[1]) === snapshot[0]) found.push(snapshot);
    }
    for (const snapshot of found) this.#push(snapshot);
    return found.map(([count, key]): [string, number] => [key, count]);
  }

  get size(): number {
    return this.#counts.size;
  }

  #compact(): void {
    this.#heap = [];
    for (const [key, count] of this.#counts) this.#push([count, key, this.#arrival.get(key) as number]);
  }

  #push(snapshot: Snapshot): void {
    const heap = this.#heap;
    let index = heap.push(snapshot) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const child = heap[index] as Snapshot;
      const above = heap[parent] as Snapshot;
      if (!ranksBefore(child, above)) break;
      heap[index] = above;
      heap[parent] = child;
      index = parent;
    }
  }

  #pop(): Snapshot {
    const heap = this.#heap;
    const first = heap[0] as Snapshot;
    const last = heap.pop() as Snapshot;
    if (heap.length > 0) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let best = index;
        if (left < heap.length && ranksBefore(heap[left] as Snapshot, heap[best] as Snapshot)) best = left;
        if (right < heap.length && ranksBefore(heap[right] as Snapshot, heap[best] as Snapshot)) best = right;
        if (best === index) break;
        const moved = heap[best] as Snapshot;
        heap[best] = heap[index] as Snapshot;
        heap[index] = moved;
        index = best;
      }
    }
    return first;
  }
}
