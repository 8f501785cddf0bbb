import { AppError } from "../../platform/errors.ts";
import { type Fingerprint, fingerprint, fingerprintSettings, kgramHashes } from "./fingerprint.ts";
import { languageOfFile, type SimilarityLanguage, type Token, tokenize } from "./tokenize.ts";

/** One submission: its files by path. A file's extension decides its language; `language` is the fallback. */
export interface SimilaritySubmission {
  id: string;
  language: SimilarityLanguage;
  files: Record<string, string>;
}

export interface CompareOptions {
  /** Template or starter code handed to everyone; any k-gram of it is ignored in submissions. */
  starterFiles?: Record<string, string>;
  k?: number;
  window?: number;
  /**
   * A fingerprint found in more than this share of submissions, and in at least 3 of them, is
   * common (a textbook idiom, a hint from the task) and ignored. 0.5 when absent.
   */
  commonThreshold?: number;
}

export interface FragmentSide {
  file: string;
  startLine: number;
  endLine: number;
}

/** A stretch of code that matches between the two submissions, for side-by-side display. */
export interface SimilarityFragment {
  a: FragmentSide;
  b: FragmentSide;
}

/**
 * How alike two submissions are. similarity = shared ÷ min(|A|, |B|), where |A| and |B| count the
 * distinct fingerprints each submission keeps after starter and common fingerprints are dropped,
 * and shared counts the distinct fingerprints in both. Dividing by the smaller set means copying
 * all of a short solution into a longer one still reads 1. 0 when either side keeps nothing.
 * A high score is a reason to look at the fragments, never a verdict.
 */
export interface PairSimilarity {
  a: string;
  b: string;
  similarity: number;
  sharedFingerprints: number;
  fragments: SimilarityFragment[];
}

export const DEFAULT_COMMON_THRESHOLD = 0.5;

// A fingerprint in only two submissions is exactly the pairwise match we are looking for, so it is
// never "common", however few submissions there are (with 3 submissions and the 0.5 default, 2 of 3
// would otherwise count as most).
const MINIMUM_SUBMISSIONS_FOR_COMMON = 3;

// Winnowing places a fragment's ends up to a window or k-gram inside the real copy; extending over
// equal normalised tokens, at most this far, recovers the true ends without running away.
const extensionLimit = (settings: { k: number; window: number }) => settings.k + settings.window;

// A hash repeated many times in one file (boilerplate, generated tables) would otherwise produce
// a quadratic number of matches; a few occurrences per side are enough to place fragments.
const MAX_OCCURRENCES_PER_HASH = 8;

interface Occurrence {
  file: string;
  fingerprint: Fingerprint;
}

type FingerprintIndex = Map<number, Occurrence[]>;

interface IndexedSubmission {
  id: string;
  index: FingerprintIndex;
  tokensByFile: Map<string, Token[]>;
}

function filePaths(files: Record<string, string>): string[] {
  return Object.keys(files).sort();
}

function starterHashes(
  starterFiles: Record<string, string>,
  fallbackLanguages: readonly SimilarityLanguage[],
  k: number,
): Set<number> {
  const hashes = new Set<number>();
  for (const path of filePaths(starterFiles)) {
    const detected = languageOfFile(path);
    const languages = detected ? [detected] : fallbackLanguages;
    for (const language of languages) {
      // Every k-gram, not only the winnowed ones: a submission's window can select a starter
      // k-gram that the starter's own windows did not.
      for (const hash of kgramHashes(tokenize(starterFiles[path] ?? "", language), k)) hashes.add(hash);
    }
  }
  return hashes;
}

function indexSubmission(
  submission: SimilaritySubmission,
  settings: { k: number; window: number },
  ignored: Set<number>,
): IndexedSubmission {
  const index: FingerprintIndex = new Map();
  const tokensByFile = new Map<string, Token[]>();
  for (const file of filePaths(submission.files)) {
    const language = languageOfFile(file) ?? submission.language;
    const tokens = tokenize(submission.files[file] ?? "", language);
    tokensByFile.set(file, tokens);
    for (const print of fingerprint(tokens, settings)) {
      if (ignored.has(print.hash)) continue;
      const occurrences = index.get(print.hash);
      if (occurrences === undefined) index.set(print.hash, [{ file, fingerprint: print }]);
      else occurrences.push({ file, fingerprint: print });
    }
  }
  return { id: submission.id, index, tokensByFile };
}

function validateSubmissions(submissions: readonly SimilaritySubmission[]): void {
  const seen = new Set<string>();
  for (const submission of submissions) {
    if (seen.has(submission.id)) {
      throw new AppError("bad_request", `Submission id "${submission.id}" appears more than once.`);
    }
    seen.add(submission.id);
  }
}

function checkedCommonThreshold(value: number): number {
  if (!(value > 0 && value <= 1)) {
    throw new AppError("bad_request", `commonThreshold must be above 0 and at most 1, not ${value}.`);
  }
  return value;
}

interface Match {
  a: Occurrence;
  b: Occurrence;
}

interface DiagonalRun {
  fileA: string;
  fileB: string;
  diagonal: number;
  firstTokenIndexA: number;
  lastTokenIndexA: number;
}

function compareMatches(left: Match, right: Match): number {
  return (
    left.a.file.localeCompare(right.a.file) ||
    left.b.file.localeCompare(right.b.file) ||
    left.b.fingerprint.tokenIndex -
      left.a.fingerprint.tokenIndex -
      (right.b.fingerprint.tokenIndex - right.a.fingerprint.tokenIndex) ||
    left.a.fingerprint.tokenIndex - right.a.fingerprint.tokenIndex
  );
}

function rangesTouch(left: FragmentSide, right: FragmentSide): boolean {
  return (
    left.file === right.file && right.startLine <= left.endLine + 1 && right.endLine >= left.startLine - 1
  );
}

function sameText(left: Token | undefined, right: Token | undefined): boolean {
  return left !== undefined && right !== undefined && left.text === right.text;
}

const closingTexts = new Set([")", "]", "}", ";", ","]);
const openingTexts = new Set(["(", "[", "{"]);

function startsLine(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index];
  const previous = tokens[index - 1];
  return token !== undefined && (previous === undefined || previous.endLine < token.line);
}

function endsLine(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index];
  const next = tokens[index + 1];
  return token !== undefined && (next === undefined || next.line > token.endLine);
}

/** A diagonal run as line ranges, after extending both ends over equal tokens. */
function runToFragment(
  run: DiagonalRun,
  tokensA: readonly Token[],
  tokensB: readonly Token[],
  settings: { k: number; window: number },
): SimilarityFragment | undefined {
  let startA = run.firstTokenIndexA;
  let endA = run.lastTokenIndexA + settings.k - 1;
  const limit = extensionLimit(settings);
  for (
    let step = 0;
    step < limit && sameText(tokensA[startA - 1], tokensB[startA - 1 + run.diagonal]);
    step += 1
  ) {
    startA -= 1;
  }
  for (
    let step = 0;
    step < limit && sameText(tokensA[endA + 1], tokensB[endA + 1 + run.diagonal]);
    step += 1
  ) {
    endA += 1;
  }
  // Equal tokens around a copy are often just the "); }" closing unrelated code; keep an extension
  // only from a line start (to a line end) on both sides, and not from a closing bracket.
  while (
    startA < run.firstTokenIndexA &&
    (closingTexts.has(tokensA[startA]?.text ?? "") ||
      !(startsLine(tokensA, startA) && startsLine(tokensB, startA + run.diagonal)))
  ) {
    startA += 1;
  }
  const fingerprintedEndA = run.lastTokenIndexA + settings.k - 1;
  while (
    endA > fingerprintedEndA &&
    (openingTexts.has(tokensA[endA]?.text ?? "") ||
      !(endsLine(tokensA, endA) && endsLine(tokensB, endA + run.diagonal)))
  ) {
    endA -= 1;
  }
  const firstA = tokensA[startA];
  const lastA = tokensA[endA];
  const firstB = tokensB[startA + run.diagonal];
  const lastB = tokensB[endA + run.diagonal];
  if (firstA === undefined || lastA === undefined || firstB === undefined || lastB === undefined)
    return undefined;
  return {
    a: { file: run.fileA, startLine: firstA.line, endLine: lastA.endLine },
    b: { file: run.fileB, startLine: firstB.line, endLine: lastB.endLine },
  };
}

function bySide(left: SimilarityFragment, right: SimilarityFragment): number {
  return (
    left.a.file.localeCompare(right.a.file) ||
    left.a.startLine - right.a.startLine ||
    left.b.file.localeCompare(right.b.file) ||
    left.b.startLine - right.b.startLine
  );
}

/**
 * Joins matching fingerprints into fragments: first along a diagonal (the same token offset between
 * the two files, gaps no longer than a k-gram or a window so the covered tokens stay contiguous),
 * then fragments whose line ranges touch on both sides, which absorbs small insertions.
 */
function buildFragments(
  matches: Match[],
  first: IndexedSubmission,
  second: IndexedSubmission,
  settings: { k: number; window: number },
): SimilarityFragment[] {
  const maximumGap = Math.max(settings.k, settings.window);
  matches.sort(compareMatches);
  const diagonalRuns: DiagonalRun[] = [];
  for (const match of matches) {
    const tokenIndexA = match.a.fingerprint.tokenIndex;
    const diagonal = match.b.fingerprint.tokenIndex - tokenIndexA;
    const current = diagonalRuns[diagonalRuns.length - 1];
    if (
      current !== undefined &&
      current.fileA === match.a.file &&
      current.fileB === match.b.file &&
      current.diagonal === diagonal &&
      tokenIndexA - current.lastTokenIndexA <= maximumGap
    ) {
      current.lastTokenIndexA = tokenIndexA;
      continue;
    }
    diagonalRuns.push({
      fileA: match.a.file,
      fileB: match.b.file,
      diagonal,
      firstTokenIndexA: tokenIndexA,
      lastTokenIndexA: tokenIndexA,
    });
  }
  const runs: SimilarityFragment[] = [];
  for (const run of diagonalRuns) {
    const fragment = runToFragment(
      run,
      first.tokensByFile.get(run.fileA) ?? [],
      second.tokensByFile.get(run.fileB) ?? [],
      settings,
    );
    if (fragment !== undefined) runs.push(fragment);
  }
  runs.sort(bySide);
  const merged: SimilarityFragment[] = [];
  for (const run of runs) {
    const touching = merged.find(
      (fragment) => rangesTouch(fragment.a, run.a) && rangesTouch(fragment.b, run.b),
    );
    if (touching === undefined) {
      merged.push(run);
      continue;
    }
    touching.a.startLine = Math.min(touching.a.startLine, run.a.startLine);
    touching.a.endLine = Math.max(touching.a.endLine, run.a.endLine);
    touching.b.startLine = Math.min(touching.b.startLine, run.b.startLine);
    touching.b.endLine = Math.max(touching.b.endLine, run.b.endLine);
  }
  return merged.sort(bySide);
}

/** Removes fingerprints found in at least 3 submissions and in more than the threshold share of them. */
function dropCommonFingerprints(indexed: readonly IndexedSubmission[], commonThreshold: number): void {
  const submissionsWithHash = new Map<number, number>();
  for (const { index } of indexed) {
    for (const hash of index.keys()) submissionsWithHash.set(hash, (submissionsWithHash.get(hash) ?? 0) + 1);
  }
  for (const [hash, count] of submissionsWithHash) {
    if (count < MINIMUM_SUBMISSIONS_FOR_COMMON || count <= commonThreshold * indexed.length) continue;
    for (const { index } of indexed) index.delete(hash);
  }
}

function comparePair(
  first: IndexedSubmission,
  second: IndexedSubmission,
  settings: { k: number; window: number },
): PairSimilarity {
  const matches: Match[] = [];
  let shared = 0;
  for (const [hash, occurrencesA] of first.index) {
    const occurrencesB = second.index.get(hash);
    if (occurrencesB === undefined) continue;
    shared += 1;
    for (const a of occurrencesA.slice(0, MAX_OCCURRENCES_PER_HASH)) {
      for (const b of occurrencesB.slice(0, MAX_OCCURRENCES_PER_HASH)) matches.push({ a, b });
    }
  }
  const smaller = Math.min(first.index.size, second.index.size);
  return {
    a: first.id,
    b: second.id,
    similarity: smaller === 0 ? 0 : shared / smaller,
    sharedFingerprints: shared,
    fragments: buildFragments(matches, first, second, settings),
  };
}

/**
 * Compares every pair of submissions by winnowed fingerprints of their normalised tokens and
 * returns one result per pair, most similar first. Fingerprints of the starter code, and those
 * present in more than commonThreshold of the submissions (and in at least 3 of them), are
 * ignored before anything is counted. See PairSimilarity for the measure.
 */
export function compareSubmissions(
  submissions: readonly SimilaritySubmission[],
  options: CompareOptions = {},
): PairSimilarity[] {
  validateSubmissions(submissions);
  const settings = fingerprintSettings(options);
  const commonThreshold = checkedCommonThreshold(options.commonThreshold ?? DEFAULT_COMMON_THRESHOLD);
  const languages = [...new Set(submissions.map((submission) => submission.language))];
  const starter = starterHashes(options.starterFiles ?? {}, languages, settings.k);
  const indexed = submissions.map((submission) => indexSubmission(submission, settings, starter));

  dropCommonFingerprints(indexed, commonThreshold);

  const pairs: PairSimilarity[] = [];
  for (let first = 0; first < indexed.length; first += 1) {
    for (let second = first + 1; second < indexed.length; second += 1) {
      const left = indexed[first];
      const right = indexed[second];
      if (left !== undefined && right !== undefined) pairs.push(comparePair(left, right, settings));
    }
  }
  return pairs.sort(
    (left, right) =>
      right.similarity - left.similarity ||
      right.sharedFingerprints - left.sharedFingerprints ||
      left.a.localeCompare(right.a) ||
      left.b.localeCompare(right.b),
  );
}
