// Reference: one { tokens, last } bucket per key, refilled lazily on access.
export class RateLimiter {
  #capacity;
  #rate;
  #clock;
  #buckets = new Map();

  constructor(capacity, refillPerSecond, clock = Date.now) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError("capacity must be a positive integer");
    if (typeof refillPerSecond !== "number" || !(refillPerSecond > 0) || !Number.isFinite(refillPerSecond)) {
      throw new RangeError("refillPerSecond must be > 0");
    }
    this.#capacity = capacity;
    this.#rate = refillPerSecond;
    this.#clock = clock;
  }

  tryAcquire(key, tokens = 1) {
    if (!Number.isInteger(tokens) || tokens <= 0 || tokens > this.#capacity) {
      throw new RangeError("tokens must be a positive integer no larger than capacity");
    }
    const bucket = this.#bucket(key);
    if (bucket.tokens < tokens) return false;
    bucket.tokens -= tokens;
    return true;
  }

  available(key) {
    if (!this.#buckets.has(key)) return this.#capacity;
    return this.#bucket(key).tokens;
  }

  #bucket(key) {
    const now = this.#clock();
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.#capacity, last: now };
      this.#buckets.set(key, bucket);
    } else if (now > bucket.last) {
      bucket.tokens = Math.min(this.#capacity, bucket.tokens + ((now - bucket.last) * this.#rate) / 1000);
      bucket.last = now;
    }
    return bucket;
  }
}
