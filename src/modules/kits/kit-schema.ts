import { z } from "zod";

/** Kinds of structured assessment a kit can describe. */
export const KIT_KINDS = [
  "system_design",
  "pair_programming",
  "trial_day",
  "async_collaboration",
  "written_communication",
] as const;

/**
 * Question types. The first three are Campion, Palmer & Campion's (1997) structured-interview
 * types; `exercise` is a work-sample task (a design problem, a pairing task, a piece of writing).
 */
export const QUESTION_TYPES = ["situational", "past_behaviour", "knowledge", "exercise"] as const;

/** The four points of every rating scale, in order. */
export const RATING_LEVELS = [1, 2, 3, 4] as const;

/**
 * Planned time (questions plus the candidate-questions segment) may exceed the kit's minimum
 * duration by at most this many minutes. Beyond that the session overruns its slot, and
 * interviewers end up skipping different questions for different candidates.
 */
export const MAX_PLANNED_MINUTES_OVER_MINIMUM = 15;

/**
 * Planned time must cover at least this share of the minimum duration. The remainder is for
 * introductions, setup and transitions; a plan much thinner than its own minimum invites
 * interviewers to fill the gap with unscripted questions.
 */
export const MIN_PLANNED_SHARE_OF_MINIMUM = 0.6;

/**
 * An anchor needs at least this many words once filler and bare judgements ("good", "strong",
 * "very") are removed: enough to say what the candidate did, which a verdict alone never does.
 */
export const MIN_ANCHOR_CONTENT_WORDS = 6;

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// Words that carry a verdict or glue but no observable behaviour.
const NON_BEHAVIOURAL_WORDS = new Set([
  "a",
  "an",
  "and",
  "the",
  "of",
  "to",
  "in",
  "on",
  "is",
  "was",
  "were",
  "be",
  "are",
  "it",
  "they",
  "their",
  "candidate",
  "very",
  "really",
  "quite",
  "overall",
  "generally",
  "good",
  "great",
  "bad",
  "poor",
  "strong",
  "weak",
  "excellent",
  "fine",
  "ok",
  "okay",
  "nice",
  "decent",
  "average",
  "adequate",
  "impressive",
  "solid",
  "exceptional",
  "partial",
  "fit",
  "culture",
  "cultural",
  "vibe",
  "vibes",
  "feel",
  "feeling",
  "seemed",
  "seems",
]);

// Labels for a person rather than descriptions of behaviour; banned anywhere in an anchor.
const BANNED_ANCHOR_PHRASES = [/\bcultur(?:e|al) fit\b/i, /\bvibes?\b/i, /\bgut feel(?:ing)?\b/i];

const kebabCaseId = z.string().regex(KEBAB_CASE, "must be kebab-case (lower-case words joined by hyphens)");
const text = z.string().trim().min(1, "must not be empty");
const positiveMinutes = z.number().int().positive();

const competencySchema = z.object({
  id: kebabCaseId,
  name: text,
  description: text,
});

const questionSchema = z.object({
  id: kebabCaseId,
  type: z.enum(QUESTION_TYPES),
  prompt: text,
  probes: z.array(text).min(1, "needs at least one pre-written probe; interviewers may use no others"),
  competencyIds: z.array(kebabCaseId).min(1, "must name at least one competency it draws evidence for"),
  suggestedMinutes: positiveMinutes,
});

const ratingLevelSchema = z.object({
  level: z.literal(RATING_LEVELS),
  label: text,
  anchor: text,
});

const rubricAttributeSchema = z.object({
  id: kebabCaseId,
  name: text,
  competencyId: kebabCaseId,
  description: text,
  levels: z.array(ratingLevelSchema).length(RATING_LEVELS.length, "needs exactly 4 levels, 1 to 4"),
});

const candidateQuestionsSegmentSchema = z.object({
  minutes: positiveMinutes,
  guidance: text,
});

type KitProblemSink = (path: (string | number)[], message: string) => void;

/**
 * Content of a structured-interview kit: competencies, the questions every candidate gets, the
 * behaviourally anchored rubric, an unscored candidate-questions segment and interviewer rules.
 *
 * Beyond field shapes it enforces: ids unique within each list; every reference to a competency
 * resolves; every competency is rated by a rubric attribute and drawn out by a question; levels are
 * exactly 1, 2, 3, 4 in order; anchors are distinct within the kit and describe behaviour rather
 * than a verdict; at least `minimumQuestions` questions; and planned minutes (question suggestions
 * plus the candidate segment) between 60% of `minimumDurationMinutes` and that minimum + 15.
 */
export const kitContentSchema = z
  .object({
    slug: kebabCaseId,
    title: text,
    kind: z.enum(KIT_KINDS),
    summary: text,
    minimumDurationMinutes: positiveMinutes,
    minimumQuestions: z.number().int().min(1),
    competencies: z.array(competencySchema).min(1),
    questions: z.array(questionSchema).min(1),
    rubric: z.array(rubricAttributeSchema).min(1),
    candidateQuestionsSegment: candidateQuestionsSegmentSchema,
    interviewerGuidance: z.array(text).min(1),
  })
  .superRefine((kit, ctx) => {
    const report: KitProblemSink = (path, message) => ctx.addIssue({ code: "custom", path, message });
    checkUniqueIds(kit, report);
    checkCompetencyReferences(kit, report);
    checkCompetencyCoverage(kit, report);
    checkRatingLevels(kit, report);
    checkAnchorsAreBehavioural(kit, report);
    checkQuestionCount(kit, report);
    checkPlannedDuration(kit, report);
  });

/** A kit's content after validation. */
export type KitContent = z.infer<typeof kitContentSchema>;

/** One reason a kit was rejected; `path` is dot-separated (e.g. `rubric.0.levels`), "" for the kit itself. */
export interface KitProblem {
  path: string;
  message: string;
}

/** Outcome of {@link validateKitContent}. */
export type KitValidationResult = { ok: true; kit: KitContent } | { ok: false; problems: KitProblem[] };

/**
 * Validates untrusted kit content (an edited custom kit, an imported file, a built-in kit in CI)
 * and returns either the parsed kit or every problem found, each with the path it concerns.
 */
export function validateKitContent(input: unknown): KitValidationResult {
  const result = kitContentSchema.safeParse(input);
  if (result.success) return { ok: true, kit: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    })),
  };
}

function checkUniqueIds(kit: KitContent, report: KitProblemSink) {
  const lists = [
    ["competencies", kit.competencies],
    ["questions", kit.questions],
    ["rubric", kit.rubric],
  ] as const;
  for (const [listName, items] of lists) {
    const firstIndexById = new Map<string, number>();
    items.forEach((item, index) => {
      const firstIndex = firstIndexById.get(item.id);
      if (firstIndex === undefined) firstIndexById.set(item.id, index);
      else
        report(
          [listName, index, "id"],
          `duplicate id "${item.id}" (already used by ${listName}.${firstIndex})`,
        );
    });
  }
}

function checkCompetencyReferences(kit: KitContent, report: KitProblemSink) {
  const competencyIds = new Set(kit.competencies.map((competency) => competency.id));
  kit.questions.forEach((question, questionIndex) => {
    question.competencyIds.forEach((competencyId, referenceIndex) => {
      if (!competencyIds.has(competencyId)) {
        report(
          ["questions", questionIndex, "competencyIds", referenceIndex],
          `refers to unknown competency "${competencyId}"`,
        );
      }
    });
  });
  kit.rubric.forEach((attribute, attributeIndex) => {
    if (!competencyIds.has(attribute.competencyId)) {
      report(
        ["rubric", attributeIndex, "competencyId"],
        `refers to unknown competency "${attribute.competencyId}"`,
      );
    }
  });
}

// A competency nobody rates is dead weight; one no question draws out gets rated without evidence.
function checkCompetencyCoverage(kit: KitContent, report: KitProblemSink) {
  const rated = new Set(kit.rubric.map((attribute) => attribute.competencyId));
  const questioned = new Set(kit.questions.flatMap((question) => question.competencyIds));
  kit.competencies.forEach((competency, index) => {
    if (!rated.has(competency.id)) {
      report(
        ["competencies", index],
        `competency "${competency.id}" is not assessed by any rubric attribute`,
      );
    }
    if (!questioned.has(competency.id)) {
      report(["competencies", index], `competency "${competency.id}" is not drawn out by any question`);
    }
  });
}

function checkRatingLevels(kit: KitContent, report: KitProblemSink) {
  kit.rubric.forEach((attribute, attributeIndex) => {
    attribute.levels.forEach((level, levelIndex) => {
      const expected = RATING_LEVELS[levelIndex];
      if (expected !== undefined && level.level !== expected) {
        report(
          ["rubric", attributeIndex, "levels", levelIndex, "level"],
          `levels must be 1, 2, 3, 4 in order; expected ${expected} here, found ${level.level}`,
        );
      }
    });
  });
}

function checkAnchorsAreBehavioural(kit: KitContent, report: KitProblemSink) {
  const firstPathByAnchor = new Map<string, string>();
  kit.rubric.forEach((attribute, attributeIndex) => {
    attribute.levels.forEach((level, levelIndex) => {
      const path = ["rubric", attributeIndex, "levels", levelIndex, "anchor"];
      const problem = describeNonBehaviouralAnchor(level.anchor);
      if (problem) report(path, problem);

      // Copy-pasted anchors mean at least one attribute isn't describing its own behaviour.
      const normalised = level.anchor.toLowerCase().replace(/\s+/g, " ");
      const firstPath = firstPathByAnchor.get(normalised);
      if (firstPath === undefined) firstPathByAnchor.set(normalised, path.join("."));
      else
        report(
          path,
          `anchor repeats ${firstPath} verbatim; each level of each attribute needs its own example`,
        );
    });
  });
}

/**
 * Says why an anchor is not a behavioural example, or returns null when it is one. Anchors must
 * describe what the candidate did or said; labels such as "culture fit" and bare verdicts such as
 * "Good communication." are rejected.
 */
export function describeNonBehaviouralAnchor(anchor: string): string | null {
  const banned = BANNED_ANCHOR_PHRASES.find((phrase) => phrase.test(anchor));
  if (banned) {
    return `anchor uses "${anchor.match(banned)?.[0]}", which labels a person; describe what the candidate did or said`;
  }
  const contentWords = (anchor.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).filter(
    (word) => !NON_BEHAVIOURAL_WORDS.has(word),
  );
  if (contentWords.length < MIN_ANCHOR_CONTENT_WORDS) {
    return `anchor is a verdict, not a behavioural example: describe in at least ${MIN_ANCHOR_CONTENT_WORDS} concrete words what the candidate did or said`;
  }
  return null;
}

function checkQuestionCount(kit: KitContent, report: KitProblemSink) {
  if (kit.questions.length < kit.minimumQuestions) {
    report(
      ["questions"],
      `has ${kit.questions.length} questions; the kit requires at least ${kit.minimumQuestions}`,
    );
  }
}

function checkPlannedDuration(kit: KitContent, report: KitProblemSink) {
  const questionMinutes = kit.questions.reduce((total, question) => total + question.suggestedMinutes, 0);
  const plannedMinutes = questionMinutes + kit.candidateQuestionsSegment.minutes;
  const lowest = Math.ceil(kit.minimumDurationMinutes * MIN_PLANNED_SHARE_OF_MINIMUM);
  const highest = kit.minimumDurationMinutes + MAX_PLANNED_MINUTES_OVER_MINIMUM;
  if (plannedMinutes < lowest || plannedMinutes > highest) {
    report(
      ["questions"],
      `plans ${plannedMinutes} minutes (${questionMinutes} for questions + ${kit.candidateQuestionsSegment.minutes} for candidate questions); ` +
        `a kit with a ${kit.minimumDurationMinutes}-minute minimum must plan between ${lowest} and ${highest}`,
    );
  }
}
