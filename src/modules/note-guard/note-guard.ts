/**
 * The note guard: finds non-job-related or bias-prone wording in a free-text evidence note
 * (scorecards, observation forms, exercise reviews). Pure and dependency-free, so the web app
 * runs the same check as the note is typed and the server stores the same flag when it is filed.
 * The word lists are data (data/note-guard/<language>.json), each term citing its source.
 */
import english from "../../../data/note-guard/en.json" with { type: "json" };

export interface NoteGuardTerm {
  phrase: string;
  /** Also match words that begin with the phrase ("pregnan" → "pregnant", "pregnancy"). */
  stem?: boolean;
  category: string;
  source: string;
}

export interface NoteGuardList {
  language: string;
  sources: { id: string; title: string; url: string }[];
  terms: NoteGuardTerm[];
}

export interface NoteGuardMatch {
  /** The words as written in the note. */
  text: string;
  phrase: string;
  category: string;
  sourceTitle: string;
  sourceUrl: string;
  start: number;
  end: number;
}

export const englishNoteGuard: NoteGuardList = english;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One expression per list: whole words, case-insensitive, any run of spaces between a phrase's words. */
function compile(list: NoteGuardList): { pattern: RegExp; byPhrase: Map<string, NoteGuardTerm> } {
  const byPhrase = new Map(list.terms.map((term) => [term.phrase.toLowerCase(), term]));
  // Longest first, so "culture fit" wins over a shorter term inside it.
  const alternatives = [...list.terms]
    .sort((a, b) => b.phrase.length - a.phrase.length)
    .map((term) => {
      const body = term.phrase.toLowerCase().split(/\s+/).map(escapeRegExp).join("\\s+");
      return term.stem ? `${body}\\p{L}*` : body;
    });
  return {
    pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "giu"),
    byPhrase,
  };
}

const compiled = new WeakMap<NoteGuardList, ReturnType<typeof compile>>();

/** Every match of the list's terms in the note, in order of appearance. */
export function findFlaggedWording(note: string, list: NoteGuardList = englishNoteGuard): NoteGuardMatch[] {
  let entry = compiled.get(list);
  if (!entry) {
    entry = compile(list);
    compiled.set(list, entry);
  }
  const matches: NoteGuardMatch[] = [];
  for (const found of note.matchAll(entry.pattern)) {
    const text = found[0];
    const normalized = text.toLowerCase().replace(/\s+/g, " ");
    const term =
      entry.byPhrase.get(normalized) ??
      list.terms.find((candidate) => candidate.stem && normalized.startsWith(candidate.phrase.toLowerCase()));
    if (!term) continue;
    const source = list.sources.find((candidate) => candidate.id === term.source);
    matches.push({
      text,
      phrase: term.phrase,
      category: term.category,
      sourceTitle: source?.title ?? term.source,
      sourceUrl: source?.url ?? "",
      start: found.index ?? 0,
      end: (found.index ?? 0) + text.length,
    });
  }
  return matches;
}

/** The distinct phrases flagged in some notes: what a filed note stores. */
export function flaggedPhrases(notes: readonly string[], list: NoteGuardList = englishNoteGuard): string[] {
  return [
    ...new Set(notes.flatMap((note) => findFlaggedWording(note, list).map((match) => match.phrase))),
  ].sort();
}
