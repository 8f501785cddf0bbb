// ES module (import/export) or CommonJS (require/module.exports): this file runs as `node solution.js` would run it.
export class LRUCache {
  /**
   * @param {number} capacity a positive integer, else RangeError
   * @param {() => number} [clock] milliseconds; defaults to Date.now
   */
  constructor(capacity, clock = Date.now) {
    // Your part: set up the state you need.
  }

  /** @param {string} key @param {unknown} value @param {number} [ttlMs] */
  set(key, value, ttlMs) {
    throw new Error("This method is yours to write.");
  }

  /** @param {string} key @returns {unknown} the value, or undefined */
  get(key) {
    throw new Error("This method is yours to write.");
  }

  /** @param {string} key @returns {boolean} true when a live entry was removed */
  delete(key) {
    throw new Error("This method is yours to write.");
  }

  /** @returns {number} the number of live entries */
  get size() {
    throw new Error("This method is yours to write.");
  }
}
