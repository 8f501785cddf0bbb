// ES module (import/export) or CommonJS (require/module.exports) syntax both work; types are not checked.
export class LRUCache {
  constructor(capacity: number, clock: () => number = Date.now) {
    // Your part: validate capacity (a positive integer, else RangeError) and keep the clock.
  }

  set(key: string, value: unknown, ttlMs?: number): void {
    throw new Error("This method is yours to write.");
  }

  get(key: string): unknown {
    throw new Error("This method is yours to write.");
  }

  delete(key: string): boolean {
    throw new Error("This method is yours to write.");
  }

  get size(): number {
    throw new Error("This method is yours to write.");
  }
}
