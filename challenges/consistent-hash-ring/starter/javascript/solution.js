// ES module (import/export) or CommonJS (require/module.exports): this file runs as `node solution.js` would run it.
export class HashRing {
  /** @param {number} replicas virtual nodes per node: an integer from 1 to 1000 */
  constructor(replicas) {
    // Your part: validate replicas and set up the ring.
  }

  /** @param {string} node */
  addNode(node) {
    throw new Error("This method is yours to write.");
  }

  /** @param {string} node */
  removeNode(node) {
    throw new Error("This method is yours to write.");
  }

  /** @param {string} key @returns {string | null} */
  nodeFor(key) {
    throw new Error("This method is yours to write.");
  }

  /** @param {string} key @param {number} n @returns {string[]} */
  nodesFor(key, n) {
    throw new Error("This method is yours to write.");
  }

  /** @returns {Record<string, number>} how many of the 2^32 ring positions each node owns */
  distribution() {
    throw new Error("This method is yours to write.");
  }

  /** @returns {number} the number of nodes */
  get size() {
    throw new Error("This method is yours to write.");
  }
}
