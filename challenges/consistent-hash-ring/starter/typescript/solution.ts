// ES module (import/export) or CommonJS (require/module.exports) syntax both work; types are not checked.
export class HashRing {
  constructor(replicas: number) {
    // Your part: validate replicas (an integer from 1 to 1000) and set up the ring.
  }

  addNode(node: string): void {
    throw new Error("This method is yours to write.");
  }

  removeNode(node: string): void {
    throw new Error("This method is yours to write.");
  }

  nodeFor(key: string): string | null {
    throw new Error("This method is yours to write.");
  }

  nodesFor(key: string, n: number): string[] {
    throw new Error("This method is yours to write.");
  }

  distribution(): Record<string, number> {
    throw new Error("This method is yours to write.");
  }

  get size(): number {
    throw new Error("This method is yours to write.");
  }
}
