import { z } from "zod";
import { textSchema, uuidParam } from "../../server/schemas.ts";
import { workModels } from "../roles/roles-table.ts";
import { MAX_PLAN_STAGES, MAX_REQUIRED_RATERS } from "./plans.ts";
import { stageModes, stageTypes } from "./plans-table.ts";

export const planStageSchema = z
  .object({
    id: z.uuid(),
    position: z.number().int().describe("1-based order in the plan"),
    name: z.string(),
    type: z.enum(stageTypes),
    mode: z.enum(stageModes).nullable(),
    kitVersionId: z.uuid().nullable(),
    kit: z
      .object({ id: z.uuid(), slug: z.string(), version: z.number().int(), title: z.string() })
      .nullable(),
    interviewerPool: z.array(z.uuid()).describe("User ids allowed to interview or review in this stage"),
    requiredRaters: z.number().int(),
    weight: z.number().describe("Weight in the decision formula; scored stages sum to 1"),
    isBlind: z.boolean().describe("Reviewers do not see the candidate's identity or resume"),
    challengeId: z.string().nullable(),
    deadlineDays: z.number().int().nullable(),
    targetDays: z
      .number()
      .int()
      .describe("Days an application may wait in this stage before the work queue lists it as stalled"),
    // Counted whatever the applications' status.
    applicationCount: z.number().int().describe("Applications currently in this stage"),
  })
  .meta({ id: "PlanStage" });

export const planSchema = z
  .object({ roleId: z.uuid(), stages: z.array(planStageSchema) })
  .meta({ id: "HiringPlan" });

export const planStageInputSchema = z.object({
  id: z.uuid().optional().describe("An existing stage to keep; leave out for a new stage"),
  name: textSchema.trim().min(1).max(80),
  type: z.enum(stageTypes),
  mode: z.enum(stageModes).nullable(),
  kitSlug: textSchema
    .regex(/^[a-z0-9-]{1,80}$/, "must be a kit slug")
    .optional()
    .describe("A kit by slug: the organisation's newest version (a built-in kit is adopted)"),
  kitVersionId: z.uuid().optional().describe("A specific kit version"),
  interviewerPool: z.array(z.uuid()).max(50),
  requiredRaters: z.number().int().min(1).max(MAX_REQUIRED_RATERS),
  weight: z.number().min(0).max(1),
  isBlind: z.boolean(),
  challengeId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, "must be a challenge id")
    .nullable()
    .optional(),
  deadlineDays: z.number().int().min(1).max(60).nullable().optional(),
  targetDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .optional()
    .describe("Days before an application waiting here counts as stalled; 7 when left out"),
});

export const roleParams = z.object({ roleId: uuidParam });

/** The whole body may be left out: the role's own work model, without replacing a plan. */
export const planFromTemplateBody = z
  .object({ workModel: z.enum(workModels).optional(), replace: z.boolean().default(false) })
  .default({ replace: false });

export const planReplacementBody = z.object({
  stages: z.array(planStageInputSchema).min(1).max(MAX_PLAN_STAGES),
});

export type PlanStageView = z.infer<typeof planStageSchema>;
export type PlanView = z.infer<typeof planSchema>;
export type PlanStageInput = z.infer<typeof planStageInputSchema>;
