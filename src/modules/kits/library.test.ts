import { describe, expect, it } from "vitest";
import { KIT_KINDS, type KitContent, validateKitContent } from "./kit-schema.ts";
import { builtInKits } from "./library/index.ts";
import { urlShortenerKit } from "./library/url-shortener.ts";

const SYSTEM_DESIGN_AREAS = [
  "requirements-scoping",
  "api-design",
  "data-model",
  "scaling-performance",
  "reliability-failure-modes",
  "trade-off-reasoning",
  "communication",
];

// Deliberately independent of the schema's own anchor check, so a loosened schema rule still fails here.
const VERDICT_WORDS = new Set([
  "good",
  "bad",
  "great",
  "poor",
  "strong",
  "weak",
  "excellent",
  "ok",
  "okay",
  "fine",
  "nice",
  "solid",
  "decent",
  "average",
  "adequate",
  "very",
  "really",
  "quite",
  "culture",
  "cultural",
  "fit",
  "vibe",
  "vibes",
]);
const GLUE_WORDS = new Set([
  "a",
  "an",
  "the",
  "and",
  "or",
  "of",
  "to",
  "in",
  "on",
  "with",
  "is",
  "was",
  "were",
  "it",
]);
const MIN_CONCRETE_WORDS_PER_ANCHOR = 8;

function concreteWordCount(anchor: string): number {
  const words = anchor.toLowerCase().match(/[a-z0-9][a-z0-9'-]*/g) ?? [];
  return words.filter((word) => !VERDICT_WORDS.has(word) && !GLUE_WORDS.has(word)).length;
}

function isVagueAnchor(anchor: string): boolean {
  return /culture fit|\bvibes?\b/i.test(anchor) || concreteWordCount(anchor) < MIN_CONCRETE_WORDS_PER_ANCHOR;
}

function allAnchors(kit: KitContent) {
  return kit.rubric.flatMap((attribute) =>
    attribute.levels.map((level) => ({
      attributeId: attribute.id,
      level: level.level,
      anchor: level.anchor,
    })),
  );
}

function itemAt<T>(items: T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`fixture has no item at index ${index}`);
  return item;
}

function mutatedKit(mutate: (kit: KitContent) => void): KitContent {
  const kit = structuredClone(urlShortenerKit);
  mutate(kit);
  return kit;
}

function problemsOf(input: unknown) {
  const result = validateKitContent(input);
  if (result.ok) throw new Error("expected the kit to be rejected, but it was accepted");
  return result.problems;
}

describe("built-in kit library", () => {
  it.each(builtInKits.map((kit) => [kit.slug, kit] as const))(
    "%s passes validateKitContent",
    (_slug, kit) => {
      const result = validateKitContent(kit);
      expect(result.ok ? [] : result.problems).toEqual([]);
    },
  );

  it("has unique slugs", () => {
    const slugs = builtInKits.map((kit) => kit.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it("has at least six system-design kits and at least one kit of every other kind", () => {
    const countByKind = new Map<string, number>();
    for (const kit of builtInKits) countByKind.set(kit.kind, (countByKind.get(kit.kind) ?? 0) + 1);
    expect(countByKind.get("system_design")).toBeGreaterThanOrEqual(6);
    for (const kind of KIT_KINDS) expect(countByKind.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(1);
  });

  const systemDesignKits = builtInKits.filter((kit) => kit.kind === "system_design");

  it.each(systemDesignKits.map((kit) => [kit.slug, kit] as const))(
    "%s rates all seven system-design areas",
    (_slug, kit) => {
      const ratedAreas = new Set(kit.rubric.map((attribute) => attribute.competencyId));
      for (const area of SYSTEM_DESIGN_AREAS) expect(ratedAreas.has(area), area).toBe(true);
    },
  );

  it.each(systemDesignKits.map((kit) => [kit.slug, kit] as const))(
    "%s asks knowledge, situational and exercise questions",
    (_slug, kit) => {
      const types = new Set(kit.questions.map((question) => question.type));
      expect([...types]).toEqual(expect.arrayContaining(["knowledge", "situational", "exercise"]));
    },
  );

  it.each(builtInKits.map((kit) => [kit.slug, kit] as const))(
    "%s repeats no level anchor verbatim across its attributes",
    (_slug, kit) => {
      const anchors = allAnchors(kit).map((entry) => entry.anchor.trim().toLowerCase());
      expect(new Set(anchors).size).toBe(anchors.length);
    },
  );

  it.each(builtInKits.map((kit) => [kit.slug, kit] as const))(
    "%s has no anchor that is only a vague verdict",
    (_slug, kit) => {
      const vague = allAnchors(kit).filter((entry) => isVagueAnchor(entry.anchor));
      expect(vague).toEqual([]);
    },
  );

  it("uses the same four level labels in every kit, so ratings mean the same across kits", () => {
    const labelSets = new Set(
      builtInKits.flatMap((kit) =>
        kit.rubric.map((attribute) => attribute.levels.map((level) => level.label).join(" | ")),
      ),
    );
    expect([...labelSets]).toEqual(["No evidence / concerning | Partial | Solid | Exceptional"]);
  });

  it.each(builtInKits.map((kit) => [kit.slug, kit] as const))(
    "%s tells interviewers to keep scorecards independent and the candidate segment unscored",
    (_slug, kit) => {
      const guidance = kit.interviewerGuidance.join("\n");
      expect(guidance).toMatch(/until you have submitted your scorecard/);
      expect(kit.candidateQuestionsSegment.guidance).toMatch(/nothing[^.]* is scored/i);
    },
  );
});

describe("the vague-anchor check used above", () => {
  it.each(["Good.", "Good communication.", "Strong culture fit.", "Great vibe with the team, really solid."])(
    "flags %j",
    (anchor) => {
      expect(isVagueAnchor(anchor)).toBe(true);
    },
  );

  it("accepts a behavioural anchor", () => {
    expect(
      isVagueAnchor(
        "Asked the teammate to explain their reasoning before disagreeing, then cited the 40M-row table.",
      ),
    ).toBe(false);
  });
});

describe("validateKitContent", () => {
  it("returns the parsed kit when the content is valid", () => {
    const result = validateKitContent(urlShortenerKit);
    expect(result).toEqual({ ok: true, kit: urlShortenerKit });
  });

  it("rejects an attribute with three levels at that attribute's levels", () => {
    const kit = mutatedKit((draft) => itemAt(draft.rubric, 0).levels.pop());
    expect(problemsOf(kit)).toContainEqual({
      path: "rubric.0.levels",
      message: "needs exactly 4 levels, 1 to 4",
    });
  });

  it("rejects levels that are not 1, 2, 3, 4 in order", () => {
    const kit = mutatedKit((draft) => {
      const levels = itemAt(draft.rubric, 3).levels;
      levels.reverse();
    });
    const paths = problemsOf(kit).map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(["rubric.3.levels.0.level", "rubric.3.levels.3.level"]));
  });

  it("rejects a question referring to a competency the kit does not define", () => {
    const kit = mutatedKit((draft) => {
      itemAt(draft.questions, 1).competencyIds = ["api-design", "capacity-planning"];
    });
    expect(problemsOf(kit)).toContainEqual({
      path: "questions.1.competencyIds.1",
      message: 'refers to unknown competency "capacity-planning"',
    });
  });

  it("rejects a rubric attribute referring to an unknown competency, and flags the competency left unrated", () => {
    const kit = mutatedKit((draft) => {
      itemAt(draft.rubric, 2).competencyId = "capacity-planning";
    });
    expect(problemsOf(kit)).toEqual(
      expect.arrayContaining([
        { path: "rubric.2.competencyId", message: 'refers to unknown competency "capacity-planning"' },
        {
          path: "competencies.2",
          message: 'competency "data-model" is not assessed by any rubric attribute',
        },
      ]),
    );
  });

  it("rejects a duplicate question id at the second occurrence", () => {
    const kit = mutatedKit((draft) => {
      itemAt(draft.questions, 2).id = itemAt(draft.questions, 0).id;
    });
    expect(problemsOf(kit)).toContainEqual({
      path: "questions.2.id",
      message: 'duplicate id "scope-the-shortener" (already used by questions.0)',
    });
  });

  it("rejects a duplicate competency id", () => {
    const kit = mutatedKit((draft) => {
      draft.competencies.push({ ...itemAt(draft.competencies, 0) });
    });
    expect(problemsOf(kit).map((problem) => problem.path)).toContain("competencies.7.id");
  });

  it("rejects a question without probes", () => {
    const kit = mutatedKit((draft) => {
      itemAt(draft.questions, 0).probes = [];
    });
    expect(problemsOf(kit)).toContainEqual({
      path: "questions.0.probes",
      message: "needs at least one pre-written probe; interviewers may use no others",
    });
  });

  it("rejects a competency that no question draws out", () => {
    const kit = mutatedKit((draft) => {
      draft.competencies.push({
        id: "capacity-planning",
        name: "Capacity planning",
        description: "Sizes systems.",
      });
    });
    expect(problemsOf(kit)).toContainEqual({
      path: "competencies.7",
      message: 'competency "capacity-planning" is not drawn out by any question',
    });
  });

  it("rejects fewer questions than the kit's minimum", () => {
    const kit = mutatedKit((draft) => {
      draft.minimumQuestions = 8;
    });
    expect(problemsOf(kit)).toContainEqual({
      path: "questions",
      message: "has 7 questions; the kit requires at least 8",
    });
  });

  it("rejects a plan more than 15 minutes over the minimum duration", () => {
    // The URL shortener plans 54 question minutes + 5 candidate minutes = 59 against a 60-minute minimum.
    const kit = mutatedKit((draft) => {
      itemAt(draft.questions, 0).suggestedMinutes += 17;
    });
    const problem = problemsOf(kit).find((entry) => entry.path === "questions");
    expect(problem?.message).toContain("plans 76 minutes");
    expect(problem?.message).toContain("between 36 and 75");
  });

  it("accepts a plan exactly 15 minutes over the minimum duration", () => {
    const kit = mutatedKit((draft) => {
      itemAt(draft.questions, 0).suggestedMinutes += 16;
    });
    expect(validateKitContent(kit).ok).toBe(true);
  });

  it("rejects a plan shorter than 60% of the minimum duration", () => {
    const kit = mutatedKit((draft) => {
      draft.minimumDurationMinutes = 100;
    });
    const problem = problemsOf(kit).find((entry) => entry.path === "questions");
    expect(problem?.message).toContain("between 60 and 115");
  });

  it.each([
    "Good.",
    "Strong communication.",
    "Clear culture fit: the team would enjoy working with this person every day.",
  ])("rejects the anchor %j", (anchor) => {
    const kit = mutatedKit((draft) => {
      itemAt(itemAt(draft.rubric, 0).levels, 2).anchor = anchor;
    });
    expect(problemsOf(kit).map((problem) => problem.path)).toContain("rubric.0.levels.2.anchor");
  });

  it("rejects an anchor copied from another attribute", () => {
    const kit = mutatedKit((draft) => {
      itemAt(itemAt(draft.rubric, 1).levels, 0).anchor = itemAt(itemAt(draft.rubric, 0).levels, 0).anchor;
    });
    expect(problemsOf(kit)).toContainEqual({
      path: "rubric.1.levels.0.anchor",
      message:
        "anchor repeats rubric.0.levels.0.anchor verbatim; each level of each attribute needs its own example",
    });
  });

  it("rejects a slug that is not kebab-case", () => {
    const kit = mutatedKit((draft) => {
      draft.slug = "URL Shortener";
    });
    expect(problemsOf(kit).map((problem) => problem.path)).toContain("slug");
  });

  it("reports input that is not an object at the root path", () => {
    expect(problemsOf(null)).toEqual([{ path: "", message: expect.stringContaining("expected object") }]);
  });
});
