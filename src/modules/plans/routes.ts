import { z } from "zod";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, problemSchema, textSchema, uuidParam } from "../../server/schemas.ts";
import { EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { workModels } from "../roles/roles-table.ts";
import { ROLE_EDITORS } from "../roles/routes.ts";
import {
  createPlanFromTemplate,
  getPlan,
  MAX_PLAN_STAGES,
  MAX_REQUIRED_RATERS,
  replacePlan,
} from "./plans.ts";
import { stageModes, stageTypes } from "./plans-table.ts";

const planStageSchema = z
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
    applicationCount: z.number().int().describe("Applications currently in this stage"),
  })
  .meta({ id: "PlanStage" });

const planSchema = z
  .object({ roleId: z.uuid(), stages: z.array(planStageSchema) })
  .meta({ id: "HiringPlan" });

const planStageInputSchema = z.object({
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
});

const roleParams = z.object({ roleId: uuidParam });

export function registerPlanRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };

  app.get(
    "/api/v1/roles/:roleId/plan",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["plans"],
        summary: "The role's hiring plan: its stages in order (empty until created)",
        params: roleParams,
        response: { 200: planSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return getPlan(db, member.organizationId, request.params.roleId);
    },
  );

  app.post(
    "/api/v1/roles/:roleId/plan/from-template",
    {
      config: { access: staffAccess(ROLE_EDITORS, { tokens: true }) },
      schema: {
        tags: ["plans"],
        summary:
          "Create the plan from the template of a work model (the role's by default); replace: true starts again while no application has entered the plan",
        params: roleParams,
        body: z
          .object({ workModel: z.enum(workModels).optional(), replace: z.boolean().default(false) })
          .default({ replace: false }),
        response: { 201: planSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const plan = await createPlanFromTemplate(
        services,
        member.actor,
        member.organizationId,
        request.params.roleId,
        request.body,
      );
      return reply.code(201).send(plan);
    },
  );

  app.put(
    "/api/v1/roles/:roleId/plan",
    {
      config: { access: staffAccess(ROLE_EDITORS, { tokens: true }) },
      schema: {
        tags: ["plans"],
        summary:
          "Replace the ordered stages. Send existing stages with their id to keep them; a stage left out is removed (refused while applications are in it). Kits: send kitSlug or kitVersionId, or neither for no kit.",
        params: roleParams,
        body: z.object({ stages: z.array(planStageInputSchema).min(1).max(MAX_PLAN_STAGES) }),
        response: { 200: planSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return replacePlan(services, member.actor, member.organizationId, request.params.roleId, request.body);
    },
  );
}
