import { z } from "zod";
import { textSchema, uuidParam } from "../../server/schemas.ts";
import { applicationStatuses } from "../candidates/candidates-table.ts";
import { decisionOutcomes } from "./decisions-table.ts";

export const formulaOutcomes = ["hire", "no_hire", "incomplete"] as const;

export const componentSchema = z
  .object({
    stageId: z.uuid(),
    stageName: z.string(),
    weight: z.number(),
    score: z.number().nullable().describe("Mean of the stage's latest scorecard scores (1–4); null if none"),
    raters: z.number().int().describe("Distinct interviewers who filed in this stage"),
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
