// Wrong: maps a key to sorted(nodes)[hash(key) % node count] instead of walking the ring.
const RING_SIZE = 2 ** 32;
const encoder = new TextEncoder();

/** FNV-1a, 32 bits, over the UTF-8 bytes of text. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash >>> 0;
}

interface VirtualNode {
  position: number;
  node: string;
}

const byPositionThenNode = (a: VirtualNode, b: VirtualNode): number =>
  a.position - b.position || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0);

function assertString(value: unknown, label: string): asserts value is string {
  if (typeof value !== "string") throw new TypeError(`${label} must be a string`);
}

export class HashRing {
  #replicas: number;
  #nodes = new Set<string>();
  /** Sorted by position, then node name, when #isSorted. */
  #ring: VirtualNode[] = [];
  #isSorted = true;

  constructor(replicas: number) {
    if (typeof replicas !== "number") throw new TypeError("replicas must be a number");
    if (!Number.isInteger(replicas) || replicas < 1 || replicas > 1000) {
      throw new RangeError("replicas must be an integer from 1 to 1000");
    }
    this.#replicas = replicas;
  }

  addNode(node: string): void {
    assertString(node, "node");
    if (node === "") throw new RangeError("node must not be empty");
    if (this.#nodes.has(node)) throw new RangeError(`node ${node} is already on the ring`);
    this.#nodes.add(node);
    for (let replica = 0; replica < this.#replicas; replica++) {
      this.#ring.push({ position: fnv1a(`${node}#${replica}`), node });
    }
    this.#isSorted = false;
  }

  removeNode(node: string): void {
    assertString(node, "node");
    if (!this.#nodes.has(node)) throw new RangeError(`node ${node} is not on the ring`);
    this.#nodes.delete(node);
    this.#ring = this.#ring.filter((entry) => entry.node !== node);
  }

  nodeFor(key: string): string | null {
    assertString(key, "key");
    if (this.#nodes.size === 0) return null;
    const nodes = [...this.#nodes].sort();
    return nodes[fnv1a(key) % nodes.length] as string;
  }

  nodesFor(key: string, n: number): string[] {
    assertString(key, "key");
    if (typeof n !== "number") throw new TypeError("n must be a number");
    if (!Number.isInteger(n) || n < 1) throw new RangeError("n must be a positive integer");
    const wanted = Math.min(n, this.#nodes.size);
    const found: string[] = [];
    if (wanted === 0) return found;
    const nodes = [...this.#nodes].sort();
    const start = fnv1a(key) % nodes.length;
    for (let i = 0; i < wanted; i++) found.push(nodes[(start + i) % nodes.length] as string);
    return found;
  }

  distribution(): Record<string, number> {
    const owned: Record<string, number> = {};
    for (const node of this.#nodes) owned[node] = 0;
    const ring = this.#sortedRing();
    for (let i = 0; i < ring.length; i++) {
      const current = ring[i] as VirtualNode;
      const previous =
        i === 0 ? (ring.at(-1) as VirtualNode).position - RING_SIZE : (ring[i - 1] as VirtualNode).position;
      owned[current.node] = (owned[current.node] ?? 0) + current.position - previous;
    }
    return owned;
  }

  get size(): number {
    return this.#nodes.size;
  }

  #sortedRing(): VirtualNode[] {
    if (!this.#isSorted) {
      this.#ring.sort(byPositionThenNode);
      this.#isSorted = true;
    }
    return this.#ring;
  }

  /** Index of the first virtual node at or after position, wrapping to 0 past the top. */
  #firstAtOrAfter(position: number): number {
    const ring = this.#sortedRing();
    let low = 0;
    let high = ring.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((ring[middle] as VirtualNode).position < position) low = middle + 1;
      else high = middle;
    }
    return low === ring.length ? 0 : low;
  }
}
