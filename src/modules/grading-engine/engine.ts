/**
 * The grading engine's entry points: grade a submission, validate a package (its reference and
 * wrong solutions), list the built-in packages. Grading dispatches through the registry of
 * challenge kinds (kinds.ts); the suite loop every kind shares is suite-run.ts.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { challengeKind } from "./kinds.ts";
import { loadChallenge } from "./load-challenge.ts";
import {
  builtInChallengesDir,
  type ChallengeLanguage,
  type LoadedChallenge,
  readSolutionDir,
  resolveChallengeDir,
} from "./manifest.ts";
import type { GradeReport, Verdict } from "./report.ts";

export type { GradeReport, TestReport, Verdict } from "./report.ts";

export interface GradeInput {
  challengeDir?: string;
  challengeId?: string;
  language: string;
  files: Record<string, string>;
}

export async function gradeSubmission(input: GradeInput): Promise<GradeReport> {
  const dir = input.challengeDir
    ? resolveChallengeDir(input.challengeDir)
    : resolveChallengeDir(input.challengeId ?? "");
  const challenge = loadChallenge(dir);
  return gradeLoaded(challenge, input.language, input.files);
}

/** Grades with the challenge's kind; a language the package does not offer is a bad request. */
export async function gradeLoaded(
  challenge: LoadedChallenge,
  language: string,
  submitted: Record<string, string>,
): Promise<GradeReport> {
  return challengeKind(challenge.manifest.kind).grade(challenge, language, submitted);
}

export interface ValidationEntry {
  solution: string;
  language: ChallengeLanguage;
  ok: boolean;
  score: number;
  maxScore: number;
  verdict: Verdict;
  problems: string[];
}

export interface ValidationReport {
  challengeId: string;
  ok: boolean;
  entries: ValidationEntry[];
}

/** Reference solutions must score full marks; each wrong one must fail its named tests and lose marks. */
export async function validateChallenge(dirOrId: string): Promise<ValidationReport> {
  const dir = resolveChallengeDir(dirOrId);
  const challenge = loadChallenge(dir);
  const { manifest } = challenge;
  const entries: ValidationEntry[] = [];
  const problems: string[] = [];
  for (const required of ["prompt.md"]) {
    if (!existsSync(path.join(dir, required))) problems.push(`${required} is missing`);
  }
  if (challenge.suites.length === 0) problems.push("tests/ has no test files");
  for (const language of manifest.languages) {
    const entryFile = challengeKind(manifest.kind).entryFile(language);
    if (!existsSync(path.join(dir, "starter", language, entryFile))) {
      problems.push(`starter/${language}/${entryFile} is missing`);
    }
  }
  if (problems.length > 0) {
    return {
      challengeId: manifest.id,
      ok: false,
      entries: [
        {
          solution: "(layout)",
          language: manifest.languages[0] ?? "javascript",
          ok: false,
          score: 0,
          maxScore: 0,
          verdict: "error",
          problems,
        },
      ],
    };
  }
  const solutions: { name: string; base: string; mustFail: string[] }[] = [
    { name: "reference", base: path.join(dir, "reference"), mustFail: [] },
    ...Object.entries(manifest.wrong).map(([name, wrong]) => ({
      name: `wrong/${name}`,
      base: path.join(dir, "wrong", name),
      mustFail: wrong.mustFail,
    })),
  ];
  for (const solution of solutions) {
    for (const language of manifest.languages) {
      const folder = path.join(solution.base, language);
      if (!existsSync(folder)) {
        entries.push({
          solution: solution.name,
          language,
          ok: false,
          score: 0,
          maxScore: 0,
          verdict: "error",
          problems: [`${solution.name}/${language} is missing`],
        });
        continue;
      }
      const report = await gradeLoaded(challenge, language, readSolutionDir(folder));
      const entryProblems: string[] = [];
      if (solution.name === "reference") {
        if (report.score !== report.maxScore || report.verdict !== "passed") {
          for (const test of report.tests.filter((t) => !t.passed))
            entryProblems.push(`${test.name}: ${test.message}`);
          if (entryProblems.length === 0) entryProblems.push(`verdict ${report.verdict}`);
        }
      } else {
        for (const name of solution.mustFail) {
          const test = report.tests.find((t) => t.name === name);
          if (!test || test.passed) entryProblems.push(`should fail ${name} but passed it`);
        }
        if (report.score >= report.maxScore) entryProblems.push("scored full marks");
      }
      entries.push({
        solution: solution.name,
        language,
        ok: entryProblems.length === 0,
        score: report.score,
        maxScore: report.maxScore,
        verdict: report.verdict,
        problems: entryProblems,
      });
    }
  }
  return { challengeId: manifest.id, ok: entries.every((entry) => entry.ok), entries };
}

export interface ChallengeSummary {
  id: string;
  title: string;
  kind: string;
  languages: ChallengeLanguage[];
  tests: number;
  maxScore: number;
}

export function listChallenges(root = builtInChallengesDir): ChallengeSummary[] {
  if (!existsSync(root)) return [];
  const result: ChallengeSummary[] = [];
  for (const entry of readdirSync(root).sort()) {
    if (!existsSync(path.join(root, entry, "challenge.json"))) continue;
    const challenge = loadChallenge(path.join(root, entry));
    const tests = challenge.suites.flatMap((suite) => suite.tests);
    result.push({
      id: challenge.manifest.id,
      title: challenge.manifest.title,
      kind: challenge.manifest.kind,
      languages: challenge.manifest.languages,
      tests: tests.length,
      maxScore: tests.reduce((sum, test) => sum + test.points, 0),
    });
  }
  return result;
}
