// ES module (import/export) or CommonJS (require/module.exports) syntax both work; types are not checked.
export class HeavyHitters {
  constructor() {
    // Your part: set up the state you need.
  }

  add(key: string, count = 1): number {
    throw new Error("This method is yours to write.");
  }

  count(key: string): number {
    throw new Error("This method is yours to write.");
  }

  top(k: number): [string, number][] {
    throw new Error("This method is yours to write.");
  }

  get size(): number {
    throw new Error("This method is yours to write.");
  }
}
