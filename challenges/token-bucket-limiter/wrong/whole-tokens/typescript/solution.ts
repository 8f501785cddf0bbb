// WRONG: refills whole tokens only and drops the fractional remainder at every refill.
interface Bucket {
  tokens: number;
  last: number;
}

export class RateLimiter {
  private readonly capacity: number;
  private readonly rate: number;
  private readonly clock: () => number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(capacity: number, refillPerSecond: number, clock: () => number = Date.now) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError("capacity must be a positive integer");
    if (typeof refillPerSecond !== "number" || !(refillPerSecond > 0) || !Number.isFinite(refillPerSecond)) {
      throw new RangeError("refillPerSecond must be > 0");
    }
    this.capacity = capacity;
    this.rate = refillPerSecond;
    this.clock = clock;
  }

  tryAcquire(key: string, tokens = 1): boolean {
    if (!Number.isInteger(tokens) || tokens <= 0 || tokens > this.capacity) {
      throw new RangeError("tokens must be a positive integer no larger than capacity");
    }
    const bucket = this.bucket(key);
    if (bucket.tokens < tokens) return false;
    bucket.tokens -= tokens;
    return true;
  }

  available(key: string): number {
    if (!this.buckets.has(key)) return this.capacity;
    return this.bucket(key).tokens;
  }

  private bucket(key: string): Bucket {
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.capacity, last: now };
      this.buckets.set(key, bucket);
    } else if (now > bucket.last) {
      bucket.tokens = Math.min(this.capacity, bucket.tokens + Math.floor(((now - bucket.last) * this.rate) / 1000));
      bucket.last = now;
    }
    return bucket;
  }
}
