import { z } from "zod";
import { listResponse, textSchema, uuidParam } from "../../server/schemas.ts";
import { organizationWorkModelEvidenceSchema } from "../analytics/schemas.ts";
import { ordinalFactorNames, relocationBudgets, workModelFactorsSchema } from "../workmodel/factors.ts";
import { roleStatuses, seniorities, workModels } from "./roles-table.ts";

export const shortList = (item: string) => z.array(textSchema.trim().min(1).max(80)).max(30).describe(item);

/** A role's fields without defaults: a PATCH must change only what it names. */
export const roleFieldsSchema = z.object({
  title: textSchema.trim().min(1).max(120),
  team: textSchema
    .trim()
    .min(1)
    .max(120)
    .describe("The team's name as shown; with teamId it is the team's own name"),
  teamId: z
    .uuid()
    .nullable()
    .optional()
    .describe("The team (GET /api/v1/teams) the hire will join; null unlinks it and keeps the name"),
  seniority: z.enum(seniorities),
  techStack: shortList("Technologies, e.g. TypeScript, PostgreSQL"),
  officeLocations: shortList("Offices the role can work from"),
  timezone: z
    .object({
      fromUtcOffset: z.number().int().min(-12).max(14),
      toUtcOffset: z.number().int().min(-12).max(14),
    })
    .describe("Accepted time zones as whole-hour UTC offsets"),
  complianceNeeds: shortList("e.g. SOC 2, PCI DSS, data residency EU"),
  headcount: z.number().int().min(1).max(1000),
  status: z.enum(roleStatuses),
  hireThreshold: z
    .number()
    .min(1)
    .max(4)
    .describe("Weighted score (1–4) at or above which the formula says hire"),
});

export const roleInputSchema = roleFieldsSchema.extend({
  techStack: roleFieldsSchema.shape.techStack.default([]),
  officeLocations: roleFieldsSchema.shape.officeLocations.default([]),
  complianceNeeds: roleFieldsSchema.shape.complianceNeeds.default([]),
  status: roleFieldsSchema.shape.status.default("draft"),
  hireThreshold: roleFieldsSchema.shape.hireThreshold.default(3),
});

export const roleSchema = roleFieldsSchema
  .extend({
    id: z.uuid(),
    teamId: z.uuid().nullable(),
    workModel: z.enum(workModels).nullable(),
    onsiteDaysPerWeek: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Role" });

export const modelPointsSchema = z.object({ onsite: z.number(), remote: z.number(), hybrid: z.number() });

export const evidenceSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    reference: z.string(),
    finding: z.string(),
    approximate: z.boolean(),
  })
  .meta({ id: "WorkModelEvidence" });

export const adviceSchema = z
  .object({
    modelVersion: z.string(),
    recommendation: z.enum(workModels),
    onsiteDaysPerWeek: z.number().int().nullable(),
    scores: modelPointsSchema,
    allowedModels: z.array(z.enum(workModels)),
    contributions: z.array(
      z.object({
        factor: z.enum([...ordinalFactorNames, "timezoneSpreadHours", "relocationBudget"]),
        value: z.union([z.number(), z.string()]),
        label: z.string(),
        points: modelPointsSchema,
        favours: z.enum([...workModels, "neutral"]),
        explanation: z.string(),
        evidenceIds: z.array(z.string()),
      }),
    ),
    hardConstraints: z.array(
      z.object({
        id: z.enum(["on-prem-access", "no-office"]),
        description: z.string(),
        excludes: z.array(z.enum(workModels)),
        evidenceIds: z.array(z.string()),
      }),
    ),
    confidence: z.object({
      level: z.enum(["low", "medium", "high"]),
      margin: z.number().nullable(),
      explanation: z.string(),
    }),
    evidence: z.array(evidenceSchema),
    note: z.string(),
    organizationEvidence: organizationWorkModelEvidenceSchema
      .nullable()
      .optional()
      .describe(
        "The organisation's own work-model comparison, beside the research priors, once a work model has enough hires (live advice only; null until then)",
      ),
  })
  .meta({ id: "WorkModelAdvice" });

export const factorCatalogueSchema = z
  .object({
    defaults: workModelFactorsSchema,
    // An object with every factor named (not a record) so the generated client types list them.
    labels: z.object(
      Object.fromEntries(
        workModelFactorsSchema
          .keyof()
          .options.map((name) => [name, z.object({ name: z.string(), help: z.string() })]),
      ),
    ),
    ordinalLevelLabels: z
      .array(z.string())
      .readonly()
      .describe("Labels of the 0–4 ordinal scale, indexed by level"),
    relocationBudgets: z.array(z.enum(relocationBudgets)).readonly(),
    evidence: z.array(evidenceSchema).readonly(),
  })
  .meta({ id: "WorkModelFactorCatalogue" });

export const decisionSchema = z
  .object({
    id: z.uuid(),
    recommendedModel: z.enum(workModels),
    chosenModel: z.enum(workModels),
    onsiteDaysPerWeek: z.number().int().nullable(),
    overrideReason: z.string().nullable(),
    advisorVersion: z.string(),
    factors: z.unknown(),
    advice: z.unknown(),
    decidedBy: z.object({ id: z.uuid(), email: z.string() }),
    decidedAt: z.string(),
  })
  .meta({ id: "WorkModelDecision" });

export const roleParams = z.object({ roleId: uuidParam });

export const roleListQuery = z.object({
  status: z.enum(roleStatuses).optional(),
  workModel: z.enum(workModels).optional(),
});

export const roleListResponse = listResponse(roleSchema);

/** A PATCH changes only the fields it names, and must name one. */
export const roleChangesBody = roleFieldsSchema
  .partial()
  .refine((body) => Object.keys(body).length > 0, "send at least one field to change");

export const roleDetailSchema = roleSchema
  .extend({ workModelDecisions: z.array(decisionSchema) })
  .meta({ id: "RoleDetail" });

/** Accept the advice, or override it with a reason. */
export const workModelDecisionBody = z.object({
  factors: workModelFactorsSchema,
  chosenModel: z.enum(workModels),
  onsiteDaysPerWeek: z.number().int().min(1).max(4).optional(),
  overrideReason: textSchema.trim().max(2000).optional(),
});

export const workModelDecisionResponse = z.object({ role: roleSchema, decision: decisionSchema });

/** A role's own fields, as a new role states them. */
export type RoleInput = z.infer<typeof roleFieldsSchema>;
export type RoleView = z.infer<typeof roleSchema>;
export type WorkModelDecisionView = z.infer<typeof decisionSchema>;
export type DecideWorkModelInput = z.infer<typeof workModelDecisionBody>;
export type WorkModelDecisionResult = z.infer<typeof workModelDecisionResponse>;
