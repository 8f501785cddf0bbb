import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, problemSchema } from "../../server/schemas.ts";
import { EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { ROLE_EDITORS } from "../roles/routes.ts";
import { createPlanFromTemplate, getPlan, replacePlan } from "./plans.ts";
import { planFromTemplateBody, planReplacementBody, planSchema, roleParams } from "./schemas.ts";

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
        body: planFromTemplateBody,
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
        body: planReplacementBody,
        response: { 200: planSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return replacePlan(services, member.actor, member.organizationId, request.params.roleId, request.body);
    },
  );
}
