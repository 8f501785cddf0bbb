import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors.ts";
import { compareSubmissions, type PairSimilarity, type SimilaritySubmission } from "./compare.ts";
import {
  solutionFunctional,
  solutionLoops,
  solutionLoopsDisguised,
  solutionLoopsReordered,
  solutionPython,
  solutionSql,
  starterCode,
  tutorialHelper,
} from "./test-fixtures.ts";

function typescript(id: string, files: Record<string, string>): SimilaritySubmission {
  return { id, language: "typescript", files };
}

function onlyPair(submissions: SimilaritySubmission[], options = {}): PairSimilarity {
  const [pair, ...others] = compareSubmissions(submissions, options);
  if (pair === undefined || others.length > 0) throw new Error("expected exactly one pair");
  return pair;
}

function pairOf(pairs: readonly PairSimilarity[], first: string, second: string): PairSimilarity {
  const pair = pairs.find(
    (candidate) =>
      (candidate.a === first && candidate.b === second) || (candidate.a === second && candidate.b === first),
  );
  if (pair === undefined) throw new Error(`no pair ${first}/${second}`);
  return pair;
}

/** 1-based line of the first line containing text. */
function lineOf(source: string, text: string): number {
  const index = source.split("\n").findIndex((line) => line.includes(text));
  if (index === -1) throw new Error(`"${text}" not found`);
  return index + 1;
}

function contains(side: { startLine: number; endLine: number }, line: number): boolean {
  return side.startLine <= line && line <= side.endLine;
}

describe("compareSubmissions", () => {
  it("scores identical code 1 with a fragment spanning the file", () => {
    const pair = onlyPair([
      typescript("ann", { "solution.ts": solutionLoops }),
      typescript("ben", { "main.ts": solutionLoops }),
    ]);
    expect(pair.similarity).toBe(1);
    expect(pair.sharedFingerprints).toBeGreaterThan(5);
    expect(pair.fragments).toHaveLength(1);
    expect(pair.fragments[0]?.a.file).toBe("solution.ts");
    expect(pair.fragments[0]?.b.file).toBe("main.ts");
    // The last line of the fixture is empty, after the final newline.
    const lastLine = solutionLoops.split("\n").length - 1;
    expect(pair.fragments[0]).toMatchObject({
      a: { startLine: 1, endLine: lastLine },
      b: { startLine: 1, endLine: lastLine },
    });
  });

  it("still scores high when identifiers are renamed, literals changed and layout and comments rewritten", () => {
    const pair = onlyPair([
      typescript("ann", { "solution.ts": solutionLoops }),
      typescript("ben", { "solution.ts": solutionLoopsDisguised }),
    ]);
    expect(pair.similarity).toBeGreaterThanOrEqual(0.9);
  });

  it("ignores comments and whitespace entirely", () => {
    const reformatted = `/* Reformatted */\n${solutionLoops.replaceAll("\n", "\n\n  // note\n").replaceAll(" = ", "=")}`;
    const pair = onlyPair([
      typescript("ann", { "solution.ts": solutionLoops }),
      typescript("ben", { "solution.ts": reformatted }),
    ]);
    expect(pair.similarity).toBe(1);
  });

  it("scores reordered independent functions high and pairs each function with its copy", () => {
    const pair = onlyPair([
      typescript("ann", { "solution.ts": solutionLoops }),
      typescript("ben", { "solution.ts": solutionLoopsReordered }),
    ]);
    expect(pair.similarity).toBeGreaterThanOrEqual(0.8);
    for (const name of ["function topCustomers", "function parseOrders", "function formatReport"]) {
      const lineInA = lineOf(solutionLoops, name);
      const lineInB = lineOf(solutionLoopsReordered, name);
      const fragment = pair.fragments.find((candidate) => contains(candidate.a, lineInA));
      expect(fragment, name).toBeDefined();
      expect(fragment && contains(fragment.b, lineInB), name).toBe(true);
    }
  });

  it("sees through renaming in Python and SQL too", () => {
    const renamedPython = solutionPython
      .replaceAll("totals", "spent")
      .replaceAll("order", "row")
      .replaceAll("customer", "buyer")
      .replace('"""Return the ids of the customers who spent most, refunds excluded."""', "'''Mine.'''");
    expect(
      onlyPair([
        { id: "ann", language: "python", files: { "top.py": solutionPython } },
        { id: "ben", language: "python", files: { "best.py": `# written by me\n${renamedPython}` } },
      ]).similarity,
    ).toBe(1);
    const query = `${solutionSql}\nSELECT o.customer_id, COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id\nWHERE o.amount > 100 GROUP BY o.customer_id HAVING COUNT(*) > 2;\n`;
    const renamedQuery = `${query.toLowerCase().replaceAll("customer_id", "buyer").replaceAll("100", "5")}-- done\n`;
    expect(
      onlyPair([
        { id: "ann", language: "sql", files: { "q.sql": query } },
        { id: "ben", language: "sql", files: { "q.sql": renamedQuery } },
      ]).similarity,
    ).toBe(1);
  });

  it("scores unrelated solutions to the same task low", () => {
    const pairs = compareSubmissions([
      typescript("ann", { "solution.ts": solutionLoops }),
      typescript("ben", { "solution.ts": solutionFunctional }),
      { id: "cy", language: "python", files: { "solution.py": solutionPython } },
      { id: "dee", language: "sql", files: { "solution.sql": solutionSql } },
    ]);
    expect(pairs).toHaveLength(6);
    for (const pair of pairs) expect(pair.similarity).toBeLessThan(0.2);
  });

  it("ignores starter code everyone received", () => {
    const submissions = [
      typescript("ann", { "starter.ts": starterCode, "solution.ts": solutionLoops }),
      typescript("ben", { "starter.ts": starterCode, "solution.ts": solutionFunctional }),
    ];
    expect(onlyPair(submissions).similarity).toBeGreaterThan(0.3);
    const pair = onlyPair(submissions, { starterFiles: { "starter.ts": starterCode } });
    expect(pair.similarity).toBeLessThan(0.1);
    expect(pair.fragments.filter((fragment) => fragment.a.file === "starter.ts")).toEqual([]);
  });

  it("ignores a fragment common to most submissions, but not below 3 submissions", () => {
    const submissions = [
      typescript("ann", { "helper.ts": tutorialHelper, "solution.ts": solutionLoops }),
      typescript("ben", { "helper.ts": tutorialHelper, "solution.ts": solutionFunctional }),
      {
        id: "cy",
        language: "python" as const,
        files: { "helper.ts": tutorialHelper, "solution.py": solutionPython },
      },
      { id: "dee", language: "sql" as const, files: { "solution.sql": solutionSql } },
    ];
    const pairs = compareSubmissions(submissions);
    for (const pair of pairs) expect(pair.similarity).toBeLessThan(0.1);
    expect(pairOf(pairs, "ann", "ben").fragments).toEqual([]);

    const neverCommon = compareSubmissions(submissions, { commonThreshold: 1 });
    expect(pairOf(neverCommon, "ann", "ben").sharedFingerprints).toBeGreaterThan(0);
    expect(onlyPair(submissions.slice(0, 2)).sharedFingerprints).toBeGreaterThan(0);
  });

  it("points fragments at the copied line ranges", () => {
    const copiedStart = lineOf(solutionLoops, "export function parseOrders");
    const copiedEnd = lineOf(solutionLoops, "return orders;") + 1;
    const copied = solutionLoops
      .split("\n")
      .slice(copiedStart - 1, copiedEnd)
      .join("\n");
    const borrower = `${solutionFunctional}\n${copied}\n`;
    const pastedStart = solutionFunctional.split("\n").length + 1;
    const pastedEnd = pastedStart + (copiedEnd - copiedStart);
    const pair = onlyPair([
      typescript("ann", { "solution.ts": solutionLoops }),
      typescript("ben", { "solution.ts": borrower }),
    ]);
    expect(pair.fragments).toEqual([
      {
        a: { file: "solution.ts", startLine: copiedStart, endLine: copiedEnd },
        b: { file: "solution.ts", startLine: pastedStart, endLine: pastedEnd },
      },
    ]);
  });

  it("returns every pair, most similar first", () => {
    const pairs = compareSubmissions([
      typescript("ann", { "solution.ts": solutionLoops }),
      typescript("ben", { "solution.ts": solutionFunctional }),
      typescript("cy", { "solution.ts": solutionLoopsDisguised }),
    ]);
    expect(pairs.map((pair) => [pair.a, pair.b])).toEqual([
      ["ann", "cy"],
      ["ann", "ben"],
      ["ben", "cy"],
    ]);
    expect(pairs[0]?.similarity).toBeGreaterThan(0.9);
  });

  it("scores 0 rather than dividing by zero when a submission has no fingerprints", () => {
    const pair = onlyPair([
      typescript("ann", { "solution.ts": solutionLoops }),
      typescript("ben", { "a.ts": "" }),
    ]);
    expect(pair).toEqual({ a: "ann", b: "ben", similarity: 0, sharedFingerprints: 0, fragments: [] });
  });

  it("rejects duplicate ids and a common threshold outside (0, 1]", () => {
    const ann = typescript("ann", { "solution.ts": solutionLoops });
    expect(() => compareSubmissions([ann, ann])).toThrow(AppError);
    expect(() => compareSubmissions([ann], { commonThreshold: 0 })).toThrow(AppError);
    expect(() => compareSubmissions([ann], { commonThreshold: 1.5 })).toThrow(AppError);
  });
});
