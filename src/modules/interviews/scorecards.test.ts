import { describe, expect, it } from "vitest";
import type { KitContent } from "../kits/kit-schema.ts";
import { checkRatings, MIN_NOTE_LENGTH, scoreOf } from "./scorecards.ts";

const attribute = (id: string, name: string): KitContent["rubric"][number] => ({
  id,
  name,
  competencyId: id,
  description: `${name} as observed in the session`,
  levels: [1, 2, 3, 4].map((level) => ({
    level: level as 1 | 2 | 3 | 4,
    label: `Level ${level}`,
    anchor: `${name} anchor ${level}`,
  })),
});
const rubric = [attribute("data-model", "Data model"), attribute("communication", "Communication")];
const evidence = "Named the partition key and said why it spreads writes.";

describe("scorecard ratings", () => {
  it("accepts one rating with evidence per attribute and returns them in rubric order, trimmed", () => {
    const result = checkRatings(rubric, [
      { attributeId: "communication", level: 2, evidence: `  ${evidence}  ` },
      { attributeId: "data-model", level: 4, evidence },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.ratings).toEqual([
      { attributeId: "data-model", level: 4, evidence },
      { attributeId: "communication", level: 2, evidence },
    ]);
  });

  it("names every problem with its field: missing, unknown, repeated, level, evidence", () => {
    const result = checkRatings(rubric, [
      { attributeId: "data-model", level: 4, evidence },
      { attributeId: "charisma", level: 4, evidence },
      { attributeId: "data-model", level: 3, evidence },
    ]);
    expect(result.problems).toEqual([
      { path: "ratings.1.attributeId", message: expect.stringContaining("charisma") },
      { path: "ratings.2.attributeId", message: expect.stringContaining("second time") },
      { path: "ratings", message: expect.stringContaining("Communication") },
    ]);
    const shallow = checkRatings(rubric, [
      { attributeId: "data-model", level: 0, evidence },
      { attributeId: "communication", level: 3, evidence: "x".repeat(MIN_NOTE_LENGTH - 1) },
    ]);
    expect(shallow.problems.map((problem) => problem.path)).toEqual([
      "ratings.0.level",
      "ratings.1.evidence",
    ]);
    expect(
      checkRatings(rubric, [
        { attributeId: "data-model", level: 3, evidence: "          " },
        { attributeId: "communication", level: 3, evidence },
      ]).problems,
    ).toEqual([
      { path: "ratings.0.evidence", message: expect.stringContaining(`${MIN_NOTE_LENGTH} characters`) },
    ]);
  });

  it("scores a scorecard as the mean level at three decimals", () => {
    const rate = (level: 1 | 2 | 3 | 4) => ({ attributeId: "a", level, evidence });
    expect(scoreOf([rate(4), rate(3)])).toBe(3.5);
    expect(scoreOf([rate(4), rate(4), rate(3)])).toBe(3.667);
    expect(scoreOf([rate(1)])).toBe(1);
  });
});
