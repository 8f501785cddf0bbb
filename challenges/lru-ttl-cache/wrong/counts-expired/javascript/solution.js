// WRONG: counts expired entries toward capacity (no purge before the capacity check),
// so inserting a new key can evict a live entry while an expired one still holds a slot.
export class LRUCache {
  #capacity;
  #clock;
  #entries = new Map(); // key -> { value, expires, generation }
  #heap = []; // [expires, key, generation], min-heap on expires
  #generation = 0;

  constructor(capacity, clock = Date.now) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError("capacity must be a positive integer");
    this.#capacity = capacity;
    this.#clock = clock;
  }

  set(key, value, ttlMs) {
    if (ttlMs !== undefined && !(typeof ttlMs === "number" && ttlMs > 0)) throw new RangeError("ttlMs must be > 0");
    const now = this.#clock();
    if (this.#entries.has(key)) this.#entries.delete(key);
    else if (this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value);
    const generation = ++this.#generation;
    const expires = ttlMs === undefined ? Infinity : now + ttlMs;
    this.#entries.set(key, { value, expires, generation });
    if (expires !== Infinity) this.#push([expires, key, generation]);
    if (this.#heap.length > 4 * (this.#entries.size + 64)) this.#rebuild();
  }

  get(key) {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.expires <= this.#clock()) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  delete(key) {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#entries.delete(key);
    return entry.expires > this.#clock();
  }

  get size() {
    this.#purge(this.#clock());
    return this.#entries.size;
  }

  #purge(now) {
    const heap = this.#heap;
    while (heap.length > 0 && heap[0][0] <= now) {
      const [, key, generation] = this.#pop();
      const entry = this.#entries.get(key);
      if (entry !== undefined && entry.generation === generation) this.#entries.delete(key);
    }
  }

  #rebuild() {
    this.#heap = [];
    for (const [key, entry] of this.#entries) {
      if (entry.expires !== Infinity) this.#push([entry.expires, key, entry.generation]);
    }
  }

  #push(item) {
    const heap = this.#heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent][0] <= heap[i][0]) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  #pop() {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && heap[left][0] < heap[smallest][0]) smallest = left;
        if (right < heap.length && heap[right][0] < heap[smallest][0]) smallest = right;
        if (smallest === i) break;
        [heap[smallest], heap[i]] = [heap[i], heap[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}
