// Wrong: a key past the last virtual node goes to the last virtual node instead of wrapping to the first.
const RING_SIZE = 2 ** 32;
const encoder = new TextEncoder();

/** FNV-1a, 32 bits, over the UTF-8 bytes of text. */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash >>> 0;
}

const byPositionThenNode = (a, b) =>
  a.position - b.position || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0);

function assertString(value, label) {
  if (typeof value !== "string") throw new TypeError(`${label} must be a string`);
}

export class HashRing {
  #replicas;
  #nodes = new Set();
  /** @type {{ position: number, node: string }[]} sorted by position, then node name, when #isSorted */
  #ring = [];
  #isSorted = true;

  constructor(replicas) {
    if (typeof replicas !== "number") throw new TypeError("replicas must be a number");
    if (!Number.isInteger(replicas) || replicas < 1 || replicas > 1000) {
      throw new RangeError("replicas must be an integer from 1 to 1000");
    }
    this.#replicas = replicas;
  }

  addNode(node) {
    assertString(node, "node");
    if (node === "") throw new RangeError("node must not be empty");
    if (this.#nodes.has(node)) throw new RangeError(`node ${node} is already on the ring`);
    this.#nodes.add(node);
    for (let replica = 0; replica < this.#replicas; replica++) {
      this.#ring.push({ position: fnv1a(`${node}#${replica}`), node });
    }
    this.#isSorted = false;
  }

  removeNode(node) {
    assertString(node, "node");
    if (!this.#nodes.has(node)) throw new RangeError(`node ${node} is not on the ring`);
    this.#nodes.delete(node);
    this.#ring = this.#ring.filter((entry) => entry.node !== node);
  }

  nodeFor(key) {
    assertString(key, "key");
    if (this.#nodes.size === 0) return null;
    return this.#ring[this.#firstAtOrAfter(fnv1a(key))].node;
  }

  nodesFor(key, n) {
    assertString(key, "key");
    if (typeof n !== "number") throw new TypeError("n must be a number");
    if (!Number.isInteger(n) || n < 1) throw new RangeError("n must be a positive integer");
    const wanted = Math.min(n, this.#nodes.size);
    const found = [];
    if (wanted === 0) return found;
    const seen = new Set();
    const start = this.#firstAtOrAfter(fnv1a(key));
    for (let step = 0; found.length < wanted; step++) {
      const { node } = this.#ring[(start + step) % this.#ring.length];
      if (!seen.has(node)) {
        seen.add(node);
        found.push(node);
      }
    }
    return found;
  }

  distribution() {
    const owned = {};
    for (const node of this.#nodes) owned[node] = 0;
    const ring = this.#sortedRing();
    for (let i = 0; i < ring.length; i++) {
      const previous = i === 0 ? ring[ring.length - 1].position - RING_SIZE : ring[i - 1].position;
      owned[ring[i].node] += ring[i].position - previous;
    }
    return owned;
  }

  get size() {
    return this.#nodes.size;
  }

  #sortedRing() {
    if (!this.#isSorted) {
      this.#ring.sort(byPositionThenNode);
      this.#isSorted = true;
    }
    return this.#ring;
  }

  /** Index of the first virtual node at or after position, wrapping to 0 past the top. */
  #firstAtOrAfter(position) {
    const ring = this.#sortedRing();
    let low = 0;
    let high = ring.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ring[middle].position < position) low = middle + 1;
      else high = middle;
    }
    return Math.min(low, ring.length - 1);
  }
}
