/**
 * Verdicts that do not depend on the machine's load (issue 11 item 7): with a busy loop on every
 * core, each built-in function challenge's JavaScript and Python reference still scores full
 * marks, twice in a row. Tests are timed in the harness thread's CPU time and a time-limit verdict
 * is retried once, so other processes competing for the CPU do not cost a correct solution marks.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeLoaded } from "../src/modules/grading-engine/engine.ts";
import { loadChallenge } from "../src/modules/grading-engine/load-challenge.ts";
import { builtInChallengesDir } from "../src/modules/grading-engine/manifest.ts";
import { assertSandboxAvailable } from "../src/modules/sandbox/sandbox.ts";

const functionChallenges = readdirSync(builtInChallengesDir)
  .map((id) => loadChallenge(path.join(builtInChallengesDir, id)))
  .filter((challenge) => challenge.manifest.kind === "function");

const languages = [
  { language: "javascript", file: "solution.js" },
  { language: "python", file: "solution.py" },
] as const;

describe("grading while every core is busy", () => {
  const loaders: ChildProcess[] = [];

  beforeAll(() => {
    assertSandboxAvailable();
    expect(functionChallenges.length).toBeGreaterThanOrEqual(3);
    for (let core = 0; core < availableParallelism(); core += 1) {
      loaders.push(spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
    }
  });
  afterAll(() => {
    for (const loader of loaders) loader.kill("SIGKILL");
  });

  for (const challenge of functionChallenges) {
    for (const { language, file } of languages) {
      it(`${challenge.manifest.id} (${language}): the reference scores full marks every time`, {
        timeout: 600_000,
      }, async () => {
        expect(loaders.every((loader) => loader.exitCode === null)).toBe(true);
        const source = readFileSync(path.join(challenge.dir, "reference", language, file), "utf8");
        for (let round = 0; round < 2; round += 1) {
          const report = await gradeLoaded(challenge, language, { [file]: source });
          const lost = report.tests
            .filter((test) => !test.passed)
            .map((test) => `${test.name}: ${test.message}`);
          expect(lost).toEqual([]);
          expect(report.score).toBe(report.maxScore);
        }
      });
    }
  }
});
