/**
 * The one rule for finding a candidate in free text written about them (evidence notes,
 * reasons, interview places, code, test output). Erasure uses it to decide which text to
 * replace; blind review uses it to swap the candidate for their pseudonym. Keeping one rule
 * means a blind reviewer never reads a mention that erasure would have found, and the reverse.
 */

/** What identifies a candidate in text; an erased candidate has none of it left. */
export interface CandidateIdentifiers {
  fullName: string | null;
  email: string | null;
  phone: string | null;
  links?: readonly string[] | null;
}

export interface CandidateMentions {
  /** Whether the text names the candidate anywhere. */
  isMentioned(text: string | null | undefined): boolean;
  /** The text with every mention of the candidate replaced by `replacement`. */
  replaceMentions(text: string, replacement: string): string;
}

/** Lower case without accents, one original character at a time, with where each output character came from. */
function normaliseWithOrigins(text: string): { normalised: string; origins: number[]; ends: number[] } {
  let normalised = "";
  const origins: number[] = [];
  const ends: number[] = [];
  let index = 0;
  for (const character of text) {
    const folded = character.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    for (let i = 0; i < folded.length; i++) {
      origins.push(index);
      ends.push(index + character.length);
    }
    normalised += folded;
    index += character.length;
  }
  return { normalised, origins, ends };
}

const normalise = (text: string) => normaliseWithOrigins(text).normalised;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A number as people write it: digits with spaces, dots, dashes, slashes or brackets between. */
const PHONE_LIKE = /\+?\d[\d\s().\-/]*\d/g;

/**
 * Text names the candidate when it contains, ignoring case and accents, their full name, any
 * part of it (two letters or more, as a whole word), their email address or its local part
 * (three characters or more, as a whole word), one of their profile links (with or without its
 * scheme), or a number whose digits contain the last eight digits of their phone number however
 * it is punctuated (for numbers of six digits or more). Over-matching only removes more text,
 * which is the safe direction.
 */
export function findCandidateMentions(candidate: CandidateIdentifiers): CandidateMentions {
  const words = new Set<string>();
  const substrings = new Set<string>();
  if (candidate.fullName) {
    const name = normalise(candidate.fullName).trim();
    if (name) words.add(name);
    for (const part of name.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 2) words.add(part);
  }
  if (candidate.email) {
    const email = normalise(candidate.email).trim();
    if (email) substrings.add(email);
    const localPart = email.split("@")[0] ?? "";
    if (localPart.length >= 3) words.add(localPart);
  }
  for (const link of candidate.links ?? []) {
    const withoutScheme = normalise(link)
      .trim()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
      .replace(/\/+$/, "");
    if (withoutScheme.length >= 4) substrings.add(withoutScheme);
  }
  // The last eight digits: the number as written without its country or trunk prefix.
  const phoneDigits = (candidate.phone?.replace(/\D/g, "") ?? "").slice(-8);
  const patterns = [
    ...[...words].map((word) => `(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`),
    ...[...substrings].map(escapeRegExp),
  ];

  /** Where the mentions are, as [start, end) ranges of the original text, sorted and merged. */
  const rangesIn = (text: string): [number, number][] => {
    const ranges: [number, number][] = [];
    if (patterns.length > 0) {
      const { normalised, origins, ends } = normaliseWithOrigins(text);
      // Every pattern, not only the first to match at a place, so the longest mention wins the merge.
      for (const source of patterns) {
        for (const match of normalised.matchAll(new RegExp(source, "gu"))) {
          if (match[0].length === 0) continue;
          const start = origins[match.index] ?? 0;
          const end = ends[match.index + match[0].length - 1] ?? text.length;
          ranges.push([start, end]);
        }
      }
    }
    if (phoneDigits.length >= 6) {
      for (const match of text.matchAll(PHONE_LIKE)) {
        if (match[0].replace(/\D/g, "").includes(phoneDigits)) {
          ranges.push([match.index, match.index + match[0].length]);
        }
      }
    }
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged: [number, number][] = [];
    for (const range of ranges) {
      const last = merged.at(-1);
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([...range]);
    }
    return merged;
  };

  return {
    isMentioned: (text) => !!text && rangesIn(text).length > 0,
    replaceMentions: (text, replacement) => {
      let result = "";
      let position = 0;
      for (const [start, end] of rangesIn(text)) {
        result += text.slice(position, start) + replacement;
        position = end;
      }
      return result + text.slice(position);
    },
  };
}
