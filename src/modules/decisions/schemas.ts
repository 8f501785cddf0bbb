import { z } from "zod";
import { textSchema, uuidParam } from "../../server/schemas.ts";
import { applicationStatuses } from "../candidates/candidates-table.ts";
import { recommendations } from "../interviews/interviews-table.ts";
import { decisionOutcomes } from "./decisions-table.ts";

export const formulaOutcomes = ["hire", "no_hire", "incomplete"] as const;

export const componentSchema = z
  .object({
    stageId: z.uuid(),
    stageName: z.string(),
    weight: z.number(),
    score: z
      .number()
      .nullable()
      .describe(
        "Mean of the stage's latest scorecard scores (1–4; a trial day's observation forms and an exercise's reviews count as scorecards); null if none",
      ),
    raters: z
      .number()
      .int()
      .describe("Distinct interviewers, observers or reviewers who filed in this stage"),
    requiredRaters: z.number().int(),
  })
  .meta({ id: "DecisionComponent" });

export const decisionRecordSchema = z
  .object({
    id: z.uuid(),
    outcome: z.enum(decisionOutcomes),
    formulaOutcome: z.enum(formulaOutcomes),
    formulaScore: z.number().nullable(),
    threshold: z.number(),
    components: z.array(componentSchema).describe("The formula's components when the decision was made"),
    isOverride: z.boolean(),
    overrideReason: z.string().nullable(),
    decidedBy: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
    decidedAt: z.string(),
  })
  .meta({ id: "HiringDecision" });

export const decisionSummarySchema = z
  .object({
    applicationId: z.uuid(),
    applicationStatus: z.enum(applicationStatuses),
    components: z.array(componentSchema),
    formulaScore: z.number().nullable().describe("Σ(weight × score) / Σ(weight) over stages with scores"),
    threshold: z.number().describe("The role's hire threshold"),
    formulaOutcome: z.enum(formulaOutcomes),
    decisions: z.array(decisionRecordSchema).describe("Recorded decisions, newest first"),
  })
  .meta({ id: "DecisionSummary" });

export const applicationParams = z.object({ applicationId: uuidParam });

export const decisionBody = z.object({
  outcome: z.enum(decisionOutcomes),
  overrideReason: textSchema
    .max(2000)
    .optional()
    .describe("Required when the outcome differs from the formula's, or the formula is incomplete"),
});

export const integrityFlagKinds = ["similarity", "late_scorecard", "large_paste"] as const;

export const integrityFlagSchema = z
  .object({
    kind: z
      .enum(integrityFlagKinds)
      .describe(
        "similarity: challenge code much like another candidate's; late_scorecard: filed long after the interview; large_paste: a large paste into a live pad (reported by pads)",
      ),
    title: z.string(),
    detail: z.string(),
    /** Where a person looks into it, a path of the web app. */
    href: z.string().nullable(),
  })
  .meta({ id: "IntegrityFlag" });

export const evidenceCellSchema = z.object({
  level: z.number().int(),
  evidence: z.string(),
});

export const evidenceGridSources = ["interview", "trial_day", "async_exercise"] as const;

export const evidenceGridSchema = z
  .object({
    id: z.string().describe("Unique among the grids: the interview, trial-day session or exercise step"),
    source: z
      .enum(evidenceGridSources)
      .describe(
        "interview: its scorecards; trial_day: the observation forms of one session; async_exercise: the reviews of one step",
      ),
    interviewId: z.uuid().nullable().describe("The interview, for scorecard grids; null otherwise"),
    stageName: z.string(),
    title: z.string().nullable().describe("The trial-day session or exercise step; null for an interview"),
    href: z.string().describe("Where the rated work is, a path of the web app"),
    scheduledAt: z.string().describe("When the interview or session took place, or the step was released"),
    isBlind: z.boolean().describe("A blind stage: raters appear as Reviewer 1, 2, … rather than by name"),
    raters: z.array(
      z.object({
        label: z
          .string()
          .describe("The interviewer's, observer's or reviewer's name, or a pseudonym in a blind stage"),
        score: z.number().describe("Mean of the rater's levels (1–4)"),
        recommendation: z
          .enum(recommendations)
          .nullable()
          .describe("A scorecard's; null for forms and reviews"),
        version: z.number().int(),
        submittedAt: z.string(),
      }),
    ),
    rows: z.array(
      z.object({
        attributeId: z.string(),
        attributeName: z.string(),
        cells: z.array(evidenceCellSchema.nullable()).describe("One per rater, in the order of raters"),
      }),
    ),
  })
  .meta({ id: "EvidenceGrid" });

export const decisionEvidenceSchema = z
  .object({
    applicationId: z.uuid(),
    grids: z
      .array(evidenceGridSchema)
      .describe(
        "One per interview with filed scorecards, trial-day session with filed observation forms and exercise step with filed reviews, in time order",
      ),
    integrityFlags: z.array(integrityFlagSchema),
  })
  .meta({ id: "DecisionEvidence" });

export type IntegrityFlag = z.infer<typeof integrityFlagSchema>;
export type EvidenceGrid = z.infer<typeof evidenceGridSchema>;
export type DecisionEvidence = z.infer<typeof decisionEvidenceSchema>;
