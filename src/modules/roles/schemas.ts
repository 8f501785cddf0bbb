import { z } from "zod";
import { textSchema, uuidParam } from "../../server/schemas.ts";
import { roleStatuses, seniorities, workModels } from "./roles-table.ts";

export const shortList = (item: string) => z.array(textSchema.trim().min(1).max(80)).max(30).describe(item);

/** A role's fields without defaults: a PATCH must change only what it names. */
export const roleFieldsSchema = z.object({
  title: textSchema.trim().min(1).max(120),
  team: textSchema.trim().min(1).max(120),
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
    workModel: z.enum(workModels).nullable(),
    onsiteDaysPerWeek: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Role" });

export const adviceSchema = z.record(z.string(), z.unknown()).meta({ id: "WorkModelAdvice" });

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
