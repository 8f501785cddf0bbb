export class RateLimiter {
  constructor(capacity: number, refillPerSecond: number, clock: () => number = Date.now) {
    // TODO: validate (capacity a positive integer, refillPerSecond > 0, else RangeError).
  }

  tryAcquire(key: string, tokens = 1): boolean {
    throw new Error("not implemented");
  }

  available(key: string): number {
    throw new Error("not implemented");
  }
}
