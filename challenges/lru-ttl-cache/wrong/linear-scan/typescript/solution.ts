// WRONG (too slow): recency kept in an array that is scanned on every operation.
export class LRUCache {
  capacity: number;
  clock: () => number;
  order: string[];
  data: Map<string, { value: unknown; expires: number }>;

  constructor(capacity: number, clock: () => number = Date.now) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError("capacity must be a positive integer");
    this.capacity = capacity;
    this.clock = clock;
    this.order = []; // least recently used first
    this.data = new Map(); // key -> { value, expires }
  }

  purge() {
    const now = this.clock();
    this.order = this.order.filter((key) => {
      if (this.data.get(key)!.expires > now) return true;
      this.data.delete(key);
      return false;
    });
  }

  set(key: string, value: unknown, ttlMs?: number): void {
    if (ttlMs !== undefined && !(typeof ttlMs === "number" && ttlMs > 0)) throw new RangeError("ttlMs must be > 0");
    this.purge();
    const index = this.order.indexOf(key);
    if (index >= 0) this.order.splice(index, 1);
    else if (this.order.length >= this.capacity) this.data.delete(this.order.shift()!);
    this.order.push(key);
    this.data.set(key, { value, expires: ttlMs === undefined ? Infinity : this.clock() + ttlMs });
  }

  get(key: string): unknown {
    this.purge();
    const index = this.order.indexOf(key);
    if (index < 0) return undefined;
    this.order.splice(index, 1);
    this.order.push(key);
    return this.data.get(key)!.value;
  }

  delete(key: string): boolean {
    this.purge();
    const index = this.order.indexOf(key);
    if (index < 0) return false;
    this.order.splice(index, 1);
    this.data.delete(key);
    return true;
  }

  get size(): number {
    this.purge();
    return this.order.length;
  }
}
