/**
 * CLI-ready challenge commands: each returns { exitCode, stdout } and never prints, so the CLI
 * (src/cli) only has to wire arguments to them. AppErrors propagate for the CLI to render.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { AppError } from "../../platform/errors.ts";
import { type GradeReport, gradeSubmission, listChallenges, validateChallenge } from "./engine.ts";
import { challengeKind } from "./kinds.ts";
import { loadChallenge } from "./load-challenge.ts";
import {
  type ChallengeLanguage,
  challengeLanguages,
  readSolutionDir,
  resolveChallengeDir,
} from "./manifest.ts";

export interface CommandResult {
  exitCode: number;
  stdout: string;
}

function readSubmission(submissionPath: string, entryFile: string): Record<string, string> {
  const resolved = path.resolve(submissionPath);
  if (!existsSync(resolved)) throw new AppError("not_found", `Submission ${submissionPath} was not found.`);
  if (statSync(resolved).isDirectory()) return readSolutionDir(resolved);
  // A single file is submitted under the challenge's expected entry file name.
  return { [entryFile]: readFileSync(resolved, "utf8") };
}

/** The file a single-file submission stands for: the solution module, or an API's server. */
function entryFileOf(challenge: string, language: ChallengeLanguage): string {
  const { manifest } = loadChallenge(resolveChallengeDir(challenge));
  return challengeKind(manifest.kind).entryFile(language);
}

function inferLanguage(submissionPath: string): ChallengeLanguage | undefined {
  if (/\.tsx?$/.test(submissionPath)) return "typescript";
  if (/\.m?js$/.test(submissionPath)) return "javascript";
  if (/\.py$/.test(submissionPath)) return "python";
  return undefined;
}

export function formatGradeReport(report: GradeReport): string {
  const lines = [
    `${report.challengeId} (${report.language}): ${report.verdict.toUpperCase()} ${report.score}/${report.maxScore}`,
  ];
  for (const test of report.tests) {
    const mark = test.passed ? "ok  " : "FAIL";
    const tag = test.visibility === "hidden" ? " [hidden]" : "";
    lines.push(`  ${mark} ${test.name}${tag} ${test.points}/${test.maxPoints} (${test.durationMs} ms)`);
    if (!test.passed && test.message) lines.push(`       ${test.message.replaceAll("\n", "\n       ")}`);
  }
  const { wallMs, cpuMs, maxRssKb } = report.resources;
  lines.push(`  resources: wall ${wallMs} ms, cpu ${cpuMs} ms, max rss ${Math.round(maxRssKb / 1024)} MiB`);
  return `${lines.join("\n")}\n`;
}

/** `evident grade <challenge> <submission> [--language L] [--json]`; exit 0 whenever it graded, whatever the score. */
export async function runGradeCommand(
  challenge: string,
  submissionPath: string,
  language: string | undefined,
  options: { json?: boolean } = {},
): Promise<CommandResult> {
  const chosen = language ?? inferLanguage(submissionPath);
  if (!chosen || !(challengeLanguages as readonly string[]).includes(chosen)) {
    throw new AppError("bad_request", `Choose a language: ${challengeLanguages.join(", ")}.`);
  }
  const files = readSubmission(submissionPath, entryFileOf(challenge, chosen as ChallengeLanguage));
  const report = await gradeSubmission({ challengeDir: challenge, language: chosen, files });
  const stdout = options.json ? `${JSON.stringify(report, null, 2)}\n` : formatGradeReport(report);
  return { exitCode: 0, stdout };
}

/** `evident challenges validate [id|dir]`: every built-in challenge when none is given. */
export async function runValidateCommand(
  idOrDir?: string,
  options: { json?: boolean } = {},
): Promise<CommandResult> {
  const targets = idOrDir ? [idOrDir] : listChallenges().map((challenge) => challenge.id);
  const reports = [];
  for (const target of targets) reports.push(await validateChallenge(target));
  const ok = reports.length > 0 && reports.every((report) => report.ok);
  if (options.json) return { exitCode: ok ? 0 : 1, stdout: `${JSON.stringify(reports, null, 2)}\n` };
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(`${report.challengeId}: ${report.ok ? "valid" : "INVALID"}`);
    for (const entry of report.entries) {
      lines.push(
        `  ${entry.ok ? "ok  " : "FAIL"} ${entry.solution} (${entry.language}): ${entry.verdict} ${entry.score}/${entry.maxScore}`,
      );
      for (const problem of entry.problems) lines.push(`       ${problem}`);
    }
  }
  if (reports.length === 0) lines.push("No challenges found.");
  return { exitCode: ok ? 0 : 1, stdout: `${lines.join("\n")}\n` };
}

/** `evident challenges list [--json]`. */
export function runListCommand(options: { json?: boolean } = {}): CommandResult {
  const challenges = listChallenges();
  if (options.json) return { exitCode: 0, stdout: `${JSON.stringify(challenges, null, 2)}\n` };
  const lines = challenges.map(
    (c) =>
      `${c.id}  ${c.title}  [${c.kind}; ${c.languages.join(", ")}; ${c.tests} tests, ${c.maxScore} points]`,
  );
  return { exitCode: 0, stdout: `${lines.join("\n") || "No challenges found."}\n` };
}
