import { AppError } from "../../platform/errors.ts";
import type { Token } from "./tokenize.ts";

/**
 * Winnowing (Schleimer, Wilkerson & Aiken, SIGMOD 2003) over normalised tokens. Every run of k
 * consecutive tokens (a k-gram) is hashed; of each window of `window` consecutive k-gram hashes the
 * minimum is kept, the rightmost one on ties, and each kept position is recorded once. The paper's
 * guarantee follows: any run of at least window + k − 1 tokens shared by two texts yields at least
 * one shared fingerprint, while runs shorter than k are never matched (noise threshold).
 * Defaults are Dolos's: k = 23, window = 17.
 */

export const DEFAULT_KGRAM_LENGTH = 23;
export const DEFAULT_WINDOW = 17;

export interface FingerprintOptions {
  k?: number;
  window?: number;
}

/** A kept k-gram hash and the source span its k tokens cover (1-based, end inclusive). */
export interface Fingerprint {
  hash: number;
  /** Index of the k-gram's first token in the token list. */
  tokenIndex: number;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** FNV-1a over the token text: stable across runs and platforms, unlike any built-in hash. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finaliser: spreads the polynomial hash so window minima fall evenly. */
function mix(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

const ROLLING_BASE = 0x01000193;

function checkedWholeNumber(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new AppError("bad_request", `${name} must be a whole number of at least 1, not ${value}.`);
  }
  return value;
}

/** Reads and validates k and window, applying the Dolos defaults. */
export function fingerprintSettings(options: FingerprintOptions = {}): { k: number; window: number } {
  return {
    k: checkedWholeNumber(options.k ?? DEFAULT_KGRAM_LENGTH, "k"),
    window: checkedWholeNumber(options.window ?? DEFAULT_WINDOW, "window"),
  };
}

/**
 * The hash of every k-gram of the tokens, in order: a rolling polynomial hash modulo 2^32 over the
 * tokens' hashed text, then mixed. Fewer than k tokens give no k-grams.
 */
export function kgramHashes(tokens: readonly Token[], k: number): number[] {
  if (tokens.length < k) return [];
  const tokenHashes = tokens.map((token) => hashText(token.text));
  // ROLLING_BASE^(k-1) mod 2^32, the weight of the token that leaves the k-gram.
  let leavingWeight = 1;
  for (let step = 1; step < k; step += 1) leavingWeight = Math.imul(leavingWeight, ROLLING_BASE);
  let rolling = 0;
  const hashes: number[] = [];
  for (let index = 0; index < tokenHashes.length; index += 1) {
    if (index >= k) rolling = (rolling - Math.imul(tokenHashes[index - k] ?? 0, leavingWeight)) | 0;
    rolling = (Math.imul(rolling, ROLLING_BASE) + (tokenHashes[index] ?? 0)) | 0;
    if (index >= k - 1) hashes.push(mix(rolling >>> 0));
  }
  return hashes;
}

/**
 * Winnowed fingerprints of a token list. When there are fewer k-grams than the window, the whole
 * list is one window, so short files still get one fingerprint.
 */
export function fingerprint(tokens: readonly Token[], options: FingerprintOptions = {}): Fingerprint[] {
  const { k, window } = fingerprintSettings(options);
  const hashes = kgramHashes(tokens, k);
  const windowLength = Math.min(window, hashes.length);
  const fingerprints: Fingerprint[] = [];
  // Indices of candidate minima, hashes strictly increasing from front to back; popping equal
  // hashes from the back keeps the rightmost of equal minima, as the paper prescribes.
  const candidates: number[] = [];
  let head = 0;
  let lastRecorded = -1;
  for (let index = 0; index < hashes.length; index += 1) {
    const hash = hashes[index] ?? 0;
    while (candidates.length > head && (hashes[candidates[candidates.length - 1] ?? 0] ?? 0) >= hash) {
      candidates.pop();
    }
    candidates.push(index);
    const windowStart = index - windowLength + 1;
    if (windowStart < 0) continue;
    while ((candidates[head] ?? 0) < windowStart) head += 1;
    const minimum = candidates[head] ?? 0;
    if (minimum !== lastRecorded) {
      lastRecorded = minimum;
      const first = tokens[minimum];
      const last = tokens[minimum + k - 1];
      if (first === undefined || last === undefined) continue;
      fingerprints.push({
        hash: hashes[minimum] ?? 0,
        tokenIndex: minimum,
        startLine: first.line,
        startColumn: first.column,
        endLine: last.endLine,
        endColumn: last.endColumn,
      });
    }
  }
  return fingerprints;
}
