import { z } from "zod";
import { dateTimeSchema, textSchema, uuidParam } from "../../server/schemas.ts";
import { interviewCandidateSchema as candidateSummarySchema } from "../interviews/schemas.ts";
import { exerciseActivityKinds, exerciseStepKinds, latePolicies } from "./exercises-table.ts";

const kebabId = textSchema.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be kebab-case, e.g. design-doc").max(60);

export const MAX_DIFF_CHARS = 100_000;
export const MAX_DOCUMENT_CHARS = 60_000;

export const exerciseStepInputSchema = z.object({
  id: kebabId,
  kind: z.enum(exerciseStepKinds),
  title: textSchema.trim().min(1).max(120),
  brief: textSchema.max(20_000),
  releaseAfterHours: z
    .number()
    .min(0)
    .max(24 * 21),
  responseHours: z
    .number()
    .min(1)
    .max(24 * 14),
  diff: textSchema.max(MAX_DIFF_CHARS).nullable().default(null),
  answerDelayWorkingHours: z.number().min(0).max(40).nullable().default(null),
  rubricAttributeIds: z.array(kebabId).max(12).default([]),
});

export const exerciseDefinitionBody = z.object({
  latePolicy: z.enum(latePolicies),
  steps: z.array(exerciseStepInputSchema).min(1).max(8),
});

export const exerciseStepSchema = z
  .object({
    id: z.string(),
    kind: z.enum(exerciseStepKinds),
    title: z.string(),
    brief: z.string(),
    releaseAfterHours: z.number(),
    responseHours: z.number(),
    diff: z.string().nullable(),
    answerDelayWorkingHours: z.number().nullable(),
    rubricAttributeIds: z.array(z.string()),
  })
  .meta({ id: "ExerciseStep" });

const rubricAttributeViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  levels: z.array(z.object({ level: z.number().int(), label: z.string(), anchor: z.string() })),
});

export const exerciseDefinitionSchema = z
  .object({
    stageId: z.uuid(),
    latePolicy: z.enum(latePolicies),
    kit: z.object({ id: z.uuid(), slug: z.string(), title: z.string() }),
    rubric: z.array(rubricAttributeViewSchema),
    steps: z.array(exerciseStepSchema),
  })
  .meta({ id: "ExerciseDefinition" });

export const stageParams = z.object({ stageId: uuidParam });
export const stepParams = z.object({ applicationId: uuidParam, stepId: kebabId });
export const questionParams = z.object({ questionId: uuidParam });

export const startExerciseBody = z.object({
  startsAt: dateTimeSchema,
  candidateTimeZone: textSchema.min(1).max(64).describe("IANA time zone name, e.g. Europe/Lisbon"),
});

const reviewCommentSchema = z.object({
  file: textSchema.max(300),
  side: z.enum(["old", "new"]),
  line: z.number().int().min(1),
  body: textSchema.trim().min(1).max(4000),
});

/** A whiteboard's elements as JSON: more is refused with 413 (a drawing, not a data store). */
export const MAX_WHITEBOARD_BYTES = 512 * 1024;
export const MAX_WHITEBOARD_ELEMENTS = 3000;

/**
 * Excalidraw's drawing elements a candidate may use. Images, embeds and iframes are left out:
 * their content lives outside the elements (files, or a page loaded in the reviewer's browser).
 */
export const whiteboardElementTypes = [
  "rectangle",
  "diamond",
  "ellipse",
  "arrow",
  "line",
  "freedraw",
  "text",
  "frame",
] as const;

const finiteNumber = z.number().min(-1e7).max(1e7);

/**
 * One Excalidraw element, checked where the server relies on it (identity, version, type,
 * geometry, text, link); Excalidraw's other style properties pass through as they are.
 */
const whiteboardElementSchema = z.looseObject({
  id: textSchema.min(1).max(100),
  type: z.enum(whiteboardElementTypes),
  version: z.number().int().min(0),
  isDeleted: z.boolean().optional(),
  x: finiteNumber,
  y: finiteNumber,
  width: finiteNumber,
  height: finiteNumber,
  text: textSchema.max(20_000).optional(),
  originalText: textSchema.max(20_000).optional(),
  link: z
    .string()
    .max(2000)
    .regex(/^https?:\/\//i, "must be an http(s) link")
    .nullable()
    .optional(),
});

/** What the candidate writes in a step: the kind names the step kind it belongs to. */
export const stepContentSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("design_doc"), markdown: textSchema.max(MAX_DOCUMENT_CHARS) }),
    z.object({
      kind: z.literal("code_review"),
      comments: z.array(reviewCommentSchema).max(200),
      verdict: z.enum(["approve", "request_changes", "comment"]).nullable(),
      summary: textSchema.max(10_000),
    }),
    z.object({
      kind: z.literal("whiteboard"),
      elements: z.array(whiteboardElementSchema).max(MAX_WHITEBOARD_ELEMENTS),
    }),
  ])
  .meta({ id: "ExerciseStepContent" });

export const stepContentBody = z.object({ content: stepContentSchema });

export const questionBody = z.object({ question: textSchema.trim().min(1).max(4000) });
export const answerBody = z.object({ answer: textSchema.trim().min(1).max(8000) });
export const answerReleaseSchema = z.object({
  releaseAt: z.string().describe("When the candidate sees the answer"),
});

const submissionViewSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  content: stepContentSchema,
  isLate: z.boolean(),
  submittedAt: z.string(),
});

const candidateQuestionSchema = z.object({
  id: z.uuid(),
  question: z.string(),
  askedAt: z.string(),
  /** Shown once its release time has come; until then null. */
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
});

const stepTimesSchema = z.object({
  releaseAt: z.string(),
  dueAt: z.string(),
  releaseLocal: z.string().describe("The release time in the candidate's zone, written out"),
  dueLocal: z.string().describe("The deadline in the candidate's zone, written out"),
});

export const candidateStepSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(exerciseStepKinds),
    title: z.string(),
    ...stepTimesSchema.shape,
    isReleased: z.boolean(),
    isPastDue: z.boolean(),
    submittedVersions: z.number().int(),
  })
  .meta({ id: "CandidateExerciseStepSummary" });

export const candidateExerciseSchema = z
  .object({
    applicationId: z.uuid(),
    stageName: z.string(),
    candidateTimeZone: z.string(),
    latePolicy: z.enum(latePolicies),
    steps: z.array(candidateStepSummarySchema),
  })
  .meta({ id: "CandidateExercise" });

export const candidateStepSchema = z
  .object({
    ...candidateStepSummarySchema.shape,
    brief: z.string(),
    diff: z.string().nullable(),
    latePolicy: z.enum(latePolicies),
    draft: z.object({ content: stepContentSchema, savedAt: z.string() }).nullable(),
    submissions: z.array(submissionViewSchema),
    questions: z.array(candidateQuestionSchema),
  })
  .meta({ id: "CandidateExerciseStep" });

export const draftSavedSchema = z.object({ savedAt: z.string() });
export const submissionSchema = submissionViewSchema.meta({ id: "ExerciseSubmission" });
export const candidateQuestionViewSchema = candidateQuestionSchema.meta({ id: "ExerciseQuestion" });

const ratingSchema = z.object({
  attributeId: z.string(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  evidence: z.string(),
});

export const reviewBody = z.object({
  ratings: z
    .array(
      z.object({
        attributeId: kebabId,
        level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
        evidence: textSchema.trim().min(1).max(4000),
      }),
    )
    .min(1)
    .max(12),
});

const reviewViewSchema = z.object({
  id: z.uuid(),
  reviewerId: z.uuid(),
  isMine: z.boolean(),
  ratings: z.array(ratingSchema),
  flaggedTerms: z.array(z.string()),
  submittedAt: z.string(),
});

export const exerciseReviewSchema = reviewViewSchema.meta({ id: "ExerciseReview" });

export const reviewerExerciseSchema = z
  .object({
    runId: z.uuid(),
    applicationId: z.uuid(),
    stageName: z.string(),
    isBlind: z.boolean(),
    candidate: candidateSummarySchema,
    candidateTimeZone: z.string(),
    startsAt: z.string(),
    latePolicy: z.enum(latePolicies),
    rubric: z.array(rubricAttributeViewSchema),
    steps: z.array(
      z.object({
        ...exerciseStepSchema.shape,
        ...stepTimesSchema.shape,
        submissions: z.array(submissionViewSchema),
        questions: z.array(
          candidateQuestionSchema.extend({ releaseAt: z.string().nullable(), isAnswerReleased: z.boolean() }),
        ),
        /**
         * Reviews of this step: the reviewer's own always; the others' once the reviewer has filed
         * theirs (or for the hiring team), so ratings stay independent.
         */
        reviews: z.array(reviewViewSchema),
        hasMyReview: z.boolean(),
      }),
    ),
    /** Context for reviewers, never scored and never shown to the candidate. */
    timeline: z.array(z.object({ stepId: z.string(), kind: z.enum(exerciseActivityKinds), at: z.string() })),
  })
  .meta({ id: "ReviewerExercise" });

export const exerciseRunSchema = z
  .object({
    runId: z.uuid(),
    applicationId: z.uuid(),
    stageId: z.uuid(),
    candidateTimeZone: z.string(),
    startsAt: z.string(),
    steps: z.array(z.object({ id: z.string(), ...stepTimesSchema.shape })),
  })
  .meta({ id: "ExerciseRun" });

export type ExerciseStepInput = z.infer<typeof exerciseStepInputSchema>;
export type ExerciseDefinitionInput = z.infer<typeof exerciseDefinitionBody>;
export type ExerciseDefinitionView = z.infer<typeof exerciseDefinitionSchema>;
export type StepContent = z.infer<typeof stepContentSchema>;
export type CandidateExerciseView = z.infer<typeof candidateExerciseSchema>;
export type CandidateStepView = z.infer<typeof candidateStepSchema>;
export type CandidateStepSummary = z.infer<typeof candidateStepSummarySchema>;
export type ExerciseSubmissionView = z.infer<typeof submissionSchema>;
export type ReviewerExerciseView = z.infer<typeof reviewerExerciseSchema>;
export type ExerciseRunView = z.infer<typeof exerciseRunSchema>;
export type ExerciseReviewInput = z.infer<typeof reviewBody>;
export type ExerciseReviewView = z.infer<typeof exerciseReviewSchema>;
export type ExerciseQuestionView = z.infer<typeof candidateQuestionViewSchema>;
