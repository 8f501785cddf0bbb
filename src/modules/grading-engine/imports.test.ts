/**
 * The engine's files must import each other without a cycle: the registry (kinds.ts) knows every
 * kind, the kinds know the shared pieces (kind.ts, report.ts, suite-run.ts…), and nothing below
 * points back up. Type-only imports count too: a cycle of types is still a knot a reader must untie.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const sourceFile = /\.(ts|mts|mjs)$/;
// `import … from "x"`, `export … from "x"`, `import "x"` and `import("x")`, across line breaks.
const specifiers = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return sourceFile.test(entry) && !entry.endsWith(".test.ts") && !entry.endsWith(".d.mts") ? [full] : [];
  });
}

/** Every file under root with the files under root it imports (relative specifiers only). */
function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const targets = [...readFileSync(file, "utf8").matchAll(specifiers)]
      .map((match) => match[1] as string)
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => path.resolve(path.dirname(file), specifier))
      .filter((target) => target.startsWith(`${root}${path.sep}`));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The first import cycle found, as a list of files from one back to itself; undefined when none. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const trail: string[] = [];
  const visit = (file: string): string[] | undefined => {
    const open = trail.indexOf(file);
    if (open >= 0) return [...trail.slice(open), file];
    if (done.has(file)) return undefined;
    trail.push(file);
    for (const target of graph.get(file) ?? []) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    trail.pop();
    done.add(file);
    return undefined;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("the grading engine's imports", () => {
  const root = import.meta.dirname;
  const relative = (files: string[] | undefined) => files?.map((file) => path.relative(root, file));

  it("form no cycle", () => {
    const graph = importGraph(root);
    // The parser must see the edges it is meant to judge, or an empty graph would pass.
    expect(relative(graph.get(path.join(root, "engine.ts")))).toContain("kinds.ts");
    expect(relative(graph.get(path.join(root, "kinds.ts")))).toEqual(
      expect.arrayContaining(["function-kind.ts", "api-kind.ts", "scale-kind.ts", "sql/sql-kind.ts"]),
    );
    expect(relative(findCycle(graph))).toBeUndefined();
  });

  describe("the cycle finder", () => {
    const scratch = mkdtempSync(path.join(tmpdir(), "evident-imports-"));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it("finds a cycle through type-only and multi-line imports", () => {
      writeFileSync(path.join(scratch, "a.ts"), 'import { b } from "./b.ts";\nexport const a = b;\n');
      writeFileSync(path.join(scratch, "b.ts"), 'import {\n  c,\n} from "./c.ts";\nexport const b = c;\n');
      writeFileSync(path.join(scratch, "c.ts"), 'import type { A } from "./a.ts";\nexport const c = 1;\n');
      const cycle = findCycle(importGraph(scratch));
      expect(cycle?.map((file) => path.basename(file))).toEqual(["a.ts", "b.ts", "c.ts", "a.ts"]);
    });
  });
});
