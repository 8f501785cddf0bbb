import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { AppError } from "../../platform/errors.ts";
import { compareSubmissions, type PairSimilarity, type SimilaritySubmission } from "./compare.ts";
import { DEFAULT_KGRAM_LENGTH, DEFAULT_WINDOW } from "./fingerprint.ts";
import { languageOfFile, type SimilarityLanguage } from "./tokenize.ts";

export interface SimilarityCommandOptions {
  json?: boolean;
  /** Pairs at or above this similarity (0–1) are listed; 0.5 when absent. */
  threshold?: number;
  k?: number;
  window?: number;
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
}

export const DEFAULT_REPORT_THRESHOLD = 0.5;

const STARTER_FOLDER = "starter";
// Dependencies, build output and VCS metadata are not the candidate's work.
const SKIPPED_FOLDERS = new Set(["node_modules", "dist", "build", "__pycache__", "venv", ".venv"]);

async function readSourceFiles(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const visit = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((left, right) => left.name.localeCompare(right.name));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await visit(path);
      } else if (entry.isFile() && languageOfFile(entry.name) !== undefined) {
        files[relative(root, path).split(sep).join("/")] = await readFile(path, "utf8");
      }
    }
  };
  await visit(root);
  return files;
}

function mostUsedLanguage(paths: readonly string[]): SimilarityLanguage {
  const counts = new Map<SimilarityLanguage, number>();
  for (const path of paths) {
    const language = languageOfFile(path);
    if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  let best: SimilarityLanguage = "typescript";
  let bestCount = 0;
  for (const [language, count] of counts) {
    if (count > bestCount) {
      best = language;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Reads a folder of submissions: every subfolder is one submission, except `starter/`, the
 * starter code. Only files with a known extension count; subfolders without any are skipped.
 */
export async function readSubmissionFolder(
  dir: string,
): Promise<{ submissions: SimilaritySubmission[]; starterFiles: Record<string, string> }> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new AppError("not_found", `Submissions folder ${dir} does not exist or is not a folder.`);
  }
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && !SKIPPED_FOLDERS.has(entry.name))
    .map((entry) => entry.name)
    .sort();
  let starterFiles: Record<string, string> = {};
  const submissions: SimilaritySubmission[] = [];
  for (const name of entries) {
    const files = await readSourceFiles(join(dir, name));
    if (name === STARTER_FOLDER) {
      starterFiles = files;
      continue;
    }
    const paths = Object.keys(files);
    if (paths.length > 0) submissions.push({ id: name, language: mostUsedLanguage(paths), files });
  }
  return { submissions, starterFiles };
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function lineRange(side: { file: string; startLine: number; endLine: number }): string {
  return side.startLine === side.endLine
    ? `${side.file}:${side.startLine}`
    : `${side.file}:${side.startLine}-${side.endLine}`;
}

function renderTable(
  pairs: readonly PairSimilarity[],
  totals: {
    submissions: number;
    pairs: number;
    threshold: number;
    k: number;
    window: number;
    starter: boolean;
  },
): string {
  const lines = [
    `Compared ${totals.submissions} submissions (${totals.pairs} pairs; k=${totals.k}, window=${totals.window}` +
      `${totals.starter ? ", starter code ignored" : ""}).`,
  ];
  if (pairs.length === 0) {
    lines.push(`No pair is at or above ${percent(totals.threshold)} similarity.`);
  } else {
    lines.push(
      `${pairs.length} pair${pairs.length === 1 ? "" : "s"} at or above ${percent(totals.threshold)}:`,
      "",
    );
    const widthA = Math.max(1, ...pairs.map((pair) => pair.a.length));
    const widthB = Math.max(1, ...pairs.map((pair) => pair.b.length));
    lines.push(
      `${"Similarity".padStart(10)}  ${"Shared".padStart(6)}  ${"A".padEnd(widthA)}  ${"B".padEnd(widthB)}`,
    );
    for (const pair of pairs) {
      lines.push(
        `${percent(pair.similarity).padStart(10)}  ${String(pair.sharedFingerprints).padStart(6)}  ` +
          `${pair.a.padEnd(widthA)}  ${pair.b.padEnd(widthB)}`,
      );
      for (const fragment of pair.fragments) {
        lines.push(
          `${" ".repeat(12)}${pair.a}/${lineRange(fragment.a)}  ~  ${pair.b}/${lineRange(fragment.b)}`,
        );
      }
    }
  }
  lines.push("", "Similarity is a reason to look at the code, never an automatic reject.");
  return `${lines.map((line) => line.trimEnd()).join("\n")}\n`;
}

/**
 * `evident similarity DIR`: compares every pair of submissions in DIR and lists the pairs at or
 * above the threshold with their matching fragments, as a table or as JSON. Bad input gives exit
 * code 1 and one line saying what is wrong.
 */
export async function runSimilarityCommand(
  dir: string,
  options: SimilarityCommandOptions = {},
): Promise<CommandResult> {
  const threshold = options.threshold ?? DEFAULT_REPORT_THRESHOLD;
  try {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new AppError("bad_request", `The threshold must be between 0 and 1, not ${threshold}.`);
    }
    const { submissions, starterFiles } = await readSubmissionFolder(dir);
    if (submissions.length < 2) {
      throw new AppError(
        "bad_request",
        `Found ${submissions.length} submission${submissions.length === 1 ? "" : "s"} in ${dir}; ` +
          "need at least 2 subfolders with .ts, .js, .py or .sql files.",
      );
    }
    const k = options.k ?? DEFAULT_KGRAM_LENGTH;
    const window = options.window ?? DEFAULT_WINDOW;
    const allPairs = compareSubmissions(submissions, { starterFiles, k, window });
    const reported = allPairs.filter((pair) => pair.similarity >= threshold);
    const starter = Object.keys(starterFiles).length > 0;
    if (options.json) {
      const report = {
        submissions: submissions.map((submission) => submission.id),
        starterFiles: Object.keys(starterFiles),
        k,
        window,
        threshold,
        pairs: reported,
      };
      return { exitCode: 0, stdout: `${JSON.stringify(report, null, 2)}\n` };
    }
    return {
      exitCode: 0,
      stdout: renderTable(reported, {
        submissions: submissions.length,
        pairs: allPairs.length,
        threshold,
        k,
        window,
        starter,
      }),
    };
  } catch (error) {
    if (error instanceof AppError) return { exitCode: 1, stdout: `${error.detail}\n` };
    throw error;
  }
}
