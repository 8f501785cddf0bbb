// ES module (import/export) or CommonJS (require/module.exports): this file runs as `node solution.js` would run it.
export class HeavyHitters {
  constructor() {
    // Your part: set up the state you need.
  }

  /** @param {string} key @param {number} [count] a positive integer @returns {number} the key's new total */
  add(key, count = 1) {
    throw new Error("This method is yours to write.");
  }

  /** @param {string} key @returns {number} the key's total, 0 if never added */
  count(key) {
    throw new Error("This method is yours to write.");
  }

  /** @param {number} k @returns {[string, number][]} count descending, then key ascending */
  top(k) {
    throw new Error("This method is yours to write.");
  }

  /** @returns {number} the number of distinct keys */
  get size() {
    throw new Error("This method is yours to write.");
  }
}
