import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors.ts";
import { fingerprint, kgramHashes } from "./fingerprint.ts";
import { type Token, tokenize } from "./tokenize.ts";

/** Deterministic pseudo-random numbers (mulberry32), so failures reproduce. */
function randomGenerator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticTokens(texts: readonly string[]): Token[] {
  return texts.map((text, index) => ({
    kind: "operator",
    text,
    line: index + 1,
    column: 1,
    endLine: index + 1,
    endColumn: text.length,
  }));
}

function randomTexts(random: () => number, length: number, vocabulary: number): string[] {
  return Array.from({ length }, () => `t${Math.floor(random() * vocabulary)}`);
}

/** The paper's definition, spelled out the slow way: rightmost minimum of every window. */
function referenceWinnow(hashes: readonly number[], window: number): number[] {
  const selected: number[] = [];
  const length = Math.min(window, hashes.length);
  for (let start = 0; start + length <= hashes.length; start += 1) {
    let minimum = start;
    for (let index = start; index < start + length; index += 1) {
      if ((hashes[index] ?? 0) <= (hashes[minimum] ?? 0)) minimum = index;
    }
    if (selected[selected.length - 1] !== minimum) selected.push(minimum);
  }
  return selected;
}

describe("fingerprint", () => {
  it("selects the rightmost minimum of every window, each position once", () => {
    const random = randomGenerator(7);
    for (let trial = 0; trial < 50; trial += 1) {
      // A tiny vocabulary and k makes equal hashes common, which exercises the tie rule.
      const tokens = syntheticTokens(randomTexts(random, 40 + trial * 3, 3));
      const options = { k: 2, window: 4 };
      const expected = referenceWinnow(kgramHashes(tokens, options.k), options.window);
      expect(fingerprint(tokens, options).map((print) => print.tokenIndex)).toEqual(expected);
    }
  });

  it("detects any shared run of at least window + k − 1 tokens (the winnowing guarantee)", () => {
    const random = randomGenerator(2003);
    const k = 23;
    const window = 17;
    for (let trial = 0; trial < 200; trial += 1) {
      const shared = randomTexts(random, window + k - 1, 40);
      const first = [...randomTexts(random, Math.floor(random() * 300), 40), ...shared];
      first.push(...randomTexts(random, Math.floor(random() * 300), 40));
      const second = [...randomTexts(random, Math.floor(random() * 300), 40), ...shared];
      second.push(...randomTexts(random, Math.floor(random() * 300), 40));
      const hashesOfFirst = new Set(
        fingerprint(syntheticTokens(first), { k, window }).map((print) => print.hash),
      );
      const common = fingerprint(syntheticTokens(second), { k, window }).filter((print) =>
        hashesOfFirst.has(print.hash),
      );
      expect(common.length).toBeGreaterThan(0);
    }
  });

  it("uses the Dolos defaults, k = 23 and window = 17", () => {
    const tokens = syntheticTokens(randomTexts(randomGenerator(1), 200, 50));
    expect(fingerprint(tokens)).toEqual(fingerprint(tokens, { k: 23, window: 17 }));
    expect(fingerprint(tokens)).not.toEqual(fingerprint(tokens, { k: 10, window: 17 }));
  });

  it("gives short inputs no fingerprint below k tokens and one when there are fewer k-grams than a window", () => {
    const tokens = syntheticTokens(randomTexts(randomGenerator(3), 30, 50));
    expect(fingerprint(tokens.slice(0, 22))).toEqual([]);
    expect(fingerprint(tokens)).toHaveLength(1);
  });

  it("covers the source span of the k-gram's tokens", () => {
    const source = ["let a = 1;", "let b = 2;", "let c = a + b;", "return c;"].join("\n");
    const tokens = tokenize(source, "javascript");
    expect(tokens).toHaveLength(20);
    expect(fingerprint(tokens, { k: 20, window: 1 })).toEqual([
      expect.objectContaining({ tokenIndex: 0, startLine: 1, startColumn: 1, endLine: 4, endColumn: 9 }),
    ]);
    // A window of 1 keeps every k-gram.
    expect(fingerprint(tokens, { k: 3, window: 1 })[5]).toMatchObject({
      tokenIndex: 5,
      startLine: 2,
      startColumn: 1,
      endLine: 2,
      endColumn: 7,
    });
  });

  it("rolls the hash exactly: each k-gram hashes as if computed from scratch", () => {
    const tokens = syntheticTokens(randomTexts(randomGenerator(11), 120, 30));
    const rolled = kgramHashes(tokens, 23);
    expect(rolled).toHaveLength(120 - 23 + 1);
    rolled.forEach((hash, index) => {
      expect(kgramHashes(tokens.slice(index, index + 23), 23)).toEqual([hash]);
    });
  });

  it("hashes renamed code the same, since only normalised text is hashed", () => {
    const original = tokenize("function add(a, b) { return a + b * 2; }", "javascript");
    const renamed = tokenize("function sum(left, right) { return left + right * 10; }", "javascript");
    expect(kgramHashes(renamed, 5)).toEqual(kgramHashes(original, 5));
  });

  it("rejects a k or window that is not a whole number of at least 1", () => {
    expect(() => fingerprint([], { k: 0 })).toThrow(AppError);
    expect(() => fingerprint([], { window: 2.5 })).toThrow(AppError);
  });
});
