import { z } from "zod";
import type { MemberRole } from "../../platform/db/schema.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, problemSchema, textSchema, uuidParam } from "../../server/schemas.ts";
import { requireMember } from "../auth/guards.ts";
import { adviseWorkModel } from "../workmodel/advisor.ts";
import { workModelEvidence } from "../workmodel/evidence.ts";
import {
  defaultWorkModelFactors,
  factorLabels,
  ordinalFactorNames,
  ordinalLevelLabels,
  relocationBudgets,
  workModelFactorsSchema,
} from "../workmodel/factors.ts";
import {
  createRole,
  decideWorkModel,
  listRoles,
  listWorkModelDecisions,
  requireRole,
  updateRole,
} from "./roles.ts";
import { roleStatuses, seniorities, workModels } from "./roles-table.ts";

/** Who may open and change roles and decide their work model. Everyone in the organisation may read them. */
export const ROLE_EDITORS: readonly MemberRole[] = ["admin", "recruiter", "hiring_manager"];

const shortList = (item: string) => z.array(textSchema.trim().min(1).max(80)).max(30).describe(item);

/** A role's fields without defaults: a PATCH must change only what it names. */
const roleFieldsSchema = z.object({
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

const roleInputSchema = roleFieldsSchema.extend({
  techStack: roleFieldsSchema.shape.techStack.default([]),
  officeLocations: roleFieldsSchema.shape.officeLocations.default([]),
  complianceNeeds: roleFieldsSchema.shape.complianceNeeds.default([]),
  status: roleFieldsSchema.shape.status.default("draft"),
  hireThreshold: roleFieldsSchema.shape.hireThreshold.default(3),
});

const roleSchema = roleFieldsSchema
  .extend({
    id: z.uuid(),
    workModel: z.enum(workModels).nullable(),
    onsiteDaysPerWeek: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Role" });

const modelPointsSchema = z.object({ onsite: z.number(), remote: z.number(), hybrid: z.number() });

const evidenceSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    reference: z.string(),
    finding: z.string(),
    approximate: z.boolean(),
  })
  .meta({ id: "WorkModelEvidence" });

const adviceSchema = z
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
  })
  .meta({ id: "WorkModelAdvice" });

const factorCatalogueSchema = z
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

const decisionSchema = z
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

const roleParams = z.object({ roleId: uuidParam });

export function registerRoleRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };

  app.get(
    "/api/v1/work-model/factors",
    {
      schema: {
        tags: ["roles"],
        summary:
          "The advisor's factors: names, help texts, scales, neutral defaults and the evidence it cites",
        response: { 200: factorCatalogueSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      await requireMember(db, request);
      return {
        defaults: defaultWorkModelFactors,
        labels: factorLabels,
        ordinalLevelLabels,
        relocationBudgets,
        evidence: workModelEvidence,
      };
    },
  );

  app.get(
    "/api/v1/roles",
    {
      schema: {
        tags: ["roles"],
        summary: "The organisation's roles, newest first",
        querystring: z.object({
          status: z.enum(roleStatuses).optional(),
          workModel: z.enum(workModels).optional(),
        }),
        response: { 200: z.object({ items: z.array(roleSchema) }), ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
      return { items: await listRoles(db, member.organizationId, request.query) };
    },
  );

  app.post(
    "/api/v1/roles",
    {
      schema: {
        tags: ["roles"],
        summary: "Open a role (admins, recruiters, hiring managers)",
        body: roleInputSchema,
        response: { 201: roleSchema, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = await requireMember(db, request, ROLE_EDITORS);
      return reply
        .code(201)
        .send(await createRole(services, member.actor, member.organizationId, request.body));
    },
  );

  app.get(
    "/api/v1/roles/:roleId",
    {
      schema: {
        tags: ["roles"],
        summary: "A role with its work-model decisions, newest first",
        params: roleParams,
        response: {
          200: roleSchema.extend({ workModelDecisions: z.array(decisionSchema) }).meta({ id: "RoleDetail" }),
          ...authErrorResponses,
        },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
      const role = await requireRole(db, member.organizationId, request.params.roleId);
      return {
        ...role,
        workModelDecisions: await listWorkModelDecisions(db, member.organizationId, role.id),
      };
    },
  );

  app.patch(
    "/api/v1/roles/:roleId",
    {
      schema: {
        tags: ["roles"],
        summary: "Change a role's details or status",
        params: roleParams,
        body: roleFieldsSchema
          .partial()
          .refine((body) => Object.keys(body).length > 0, "send at least one field to change"),
        response: { 200: roleSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request, ROLE_EDITORS);
      return updateRole(services, member.actor, member.organizationId, request.params.roleId, request.body);
    },
  );

  app.post(
    "/api/v1/roles/:roleId/advice",
    {
      schema: {
        tags: ["roles"],
        summary: "Work-model advice for these factors: recommendation, each factor's contribution, evidence",
        params: roleParams,
        body: workModelFactorsSchema,
        response: { 200: adviceSchema, ...authErrorResponses, 422: problemSchema },
      },
    },
    async (request) => {
      const member = await requireMember(db, request, ROLE_EDITORS);
      await requireRole(db, member.organizationId, request.params.roleId);
      return adviseWorkModel(request.body);
    },
  );

  app.post(
    "/api/v1/roles/:roleId/work-model-decision",
    {
      schema: {
        tags: ["roles"],
        summary: "Accept or override the advice; an override needs a reason. Stored as a decision record.",
        params: roleParams,
        body: z.object({
          factors: workModelFactorsSchema,
          chosenModel: z.enum(workModels),
          onsiteDaysPerWeek: z.number().int().min(1).max(4).optional(),
          overrideReason: textSchema.trim().max(2000).optional(),
        }),
        response: {
          201: z.object({ role: roleSchema, decision: decisionSchema }),
          ...authErrorResponses,
          422: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const member = await requireMember(db, request, ROLE_EDITORS);
      const result = await decideWorkModel(
        services,
        { ...member.actor, userId: member.userId },
        member.organizationId,
        request.params.roleId,
        request.body,
      );
      return reply.code(201).send(result);
    },
  );
}
