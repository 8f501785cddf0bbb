// ES module (import/export) or CommonJS (require/module.exports) syntax both work; types are not checked.
export class RateLimiter {
  constructor(capacity: number, refillPerSecond: number, clock: () => number = Date.now) {
    // Your part: validate (capacity a positive integer, refillPerSecond > 0, else RangeError).
  }

  tryAcquire(key: string, tokens = 1): boolean {
    throw new Error("This method is yours to write.");
  }

  available(key: string): number {
    throw new Error("This method is yours to write.");
  }
}
