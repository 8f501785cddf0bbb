import { describe, expect, it } from "vitest";
import { englishNoteGuard, findFlaggedWording, flaggedPhrases } from "./note-guard.ts";

describe("note guard", () => {
  it("flags bias-prone wording as whole words, stems included, whatever the case", () => {
    const matches = findFlaggedWording("Great Culture  Fit, good vibes; she is Pregnant and has kids.");
    expect(matches.map((match) => [match.text, match.category])).toEqual([
      ["Culture  Fit", "vague judgement"],
      ["vibes", "vague judgement"],
      ["Pregnant", "pregnancy"],
      ["kids", "family"],
    ]);
    expect(matches[0]?.sourceUrl).toMatch(/^https:\/\//);
  });

  it("leaves job-related engineering words alone", () => {
    const note =
      "Kept the old handler behind a disabled flag, set max-age on the cache, added a foreign key and reaped child processes; storage and usage are fine.";
    expect(findFlaggedWording(note)).toEqual([]);
  });

  it("every term cites a source the list defines", () => {
    const sourceIds = new Set(englishNoteGuard.sources.map((source) => source.id));
    for (const term of englishNoteGuard.terms) expect(sourceIds.has(term.source), term.phrase).toBe(true);
  });

  it("collects the distinct phrases of several notes for the stored flag", () => {
    expect(flaggedPhrases(["a nice vibe", "Vibe again", "clear tests"])).toEqual(["vibe"]);
  });
});
