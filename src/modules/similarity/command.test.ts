import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runSimilarityCommand } from "./command.ts";
import {
  solutionFunctional,
  solutionLoops,
  solutionLoopsDisguised,
  solutionPython,
  starterCode,
} from "./test-fixtures.ts";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "evident-similarity-"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

describe("runSimilarityCommand", () => {
  beforeEach(async () => {
    await write({
      "starter/starter.ts": starterCode,
      "ann/src/starter.ts": starterCode,
      "ann/src/solution.ts": solutionLoops,
      "ann/README.md": "not code",
      "ann/node_modules/lib/index.js": solutionFunctional,
      "ben/starter.ts": starterCode,
      "ben/solution.ts": solutionLoopsDisguised,
      "cy/starter.ts": starterCode,
      "cy/solution.ts": solutionFunctional,
      "dee/solution.py": solutionPython,
      "empty/notes.txt": "nothing to compare",
    });
  });

  it("prints a table of the pairs at or above the threshold with their fragments", async () => {
    const result = await runSimilarityCommand(root, { threshold: 0.5 });
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("Compared 4 submissions (6 pairs; k=23, window=17, starter code ignored).");
    expect(lines[1]).toBe("1 pair at or above 50%:");
    expect(result.stdout).toMatch(/^\s+9\d%\s+\d+\s+ann\s+ben\s*$/m);
    expect(result.stdout).toMatch(/ann\/src\/solution\.ts:\d+-\d+ {2}~ {2}ben\/solution\.ts:\d+-\d+/);
    expect(result.stdout).not.toContain("starter.ts:");
    expect(result.stdout).toContain("never an automatic reject");
  });

  it("prints JSON when asked, with every pair at or above the threshold", async () => {
    const result = await runSimilarityCommand(root, { json: true, threshold: 0 });
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.submissions).toEqual(["ann", "ben", "cy", "dee"]);
    expect(report.starterFiles).toEqual(["starter.ts"]);
    expect(report.pairs).toHaveLength(6);
    expect(report.pairs[0]).toMatchObject({ a: "ann", b: "ben" });
    expect(report.pairs[0].fragments[0].a.file).toBe("src/solution.ts");
  });

  it("says so when no pair reaches the threshold", async () => {
    const result = await runSimilarityCommand(root, { threshold: 1 });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("No pair is at or above 100% similarity.");
  });

  it("fails with one line for a missing folder, too few submissions or a bad threshold", async () => {
    const missing = await runSimilarityCommand(join(root, "nope"));
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toMatch(/^Submissions folder .*nope does not exist or is not a folder\.\n$/);

    const lonely = await runSimilarityCommand(join(root, "ann"));
    expect(lonely.exitCode).toBe(1);
    expect(lonely.stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(lonely.stdout).toContain("Found 1 submission");

    const badThreshold = await runSimilarityCommand(root, { threshold: 50 });
    expect(badThreshold).toEqual({ exitCode: 1, stdout: "The threshold must be between 0 and 1, not 50.\n" });
  });
});
