export class LRUCache {
  constructor(capacity: number, clock: () => number = Date.now) {
    // TODO: validate capacity (a positive integer, else RangeError) and keep the clock.
  }

  set(key: string, value: unknown, ttlMs?: number): void {
    throw new Error("not implemented");
  }

  get(key: string): unknown {
    throw new Error("not implemented");
  }

  delete(key: string): boolean {
    throw new Error("not implemented");
  }

  get size(): number {
    throw new Error("not implemented");
  }
}
