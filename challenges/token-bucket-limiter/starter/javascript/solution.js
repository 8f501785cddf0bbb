// ES module (import/export) or CommonJS (require/module.exports): this file runs as `node solution.js` would run it.
export class RateLimiter {
  /**
   * @param {number} capacity a positive integer, else RangeError
   * @param {number} refillPerSecond > 0, else RangeError
   * @param {() => number} [clock] milliseconds; defaults to Date.now
   */
  constructor(capacity, refillPerSecond, clock = Date.now) {
    // Your part: set up the state you need.
  }

  /** @param {string} key @param {number} [tokens] @returns {boolean} */
  tryAcquire(key, tokens = 1) {
    throw new Error("This method is yours to write.");
  }

  /** @param {string} key @returns {number} the key's current (fractional) tokens */
  available(key) {
    throw new Error("This method is yours to write.");
  }
}
