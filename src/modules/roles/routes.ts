import type { MemberRole } from "../../platform/db/schema.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, problemSchema } from "../../server/schemas.ts";
import { organizationWorkModelEvidence } from "../analytics/analytics.ts";
import { EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { adviseWorkModel } from "../workmodel/advisor.ts";
import { workModelEvidence } from "../workmodel/evidence.ts";
import {
  defaultWorkModelFactors,
  factorLabels,
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
import {
  adviceSchema,
  factorCatalogueSchema,
  roleChangesBody,
  roleDetailSchema,
  roleInputSchema,
  roleListQuery,
  roleListResponse,
  roleParams,
  roleSchema,
  workModelDecisionBody,
  workModelDecisionResponse,
} from "./schemas.ts";

/** Who may open and change roles and decide their work model. Everyone in the organisation may read them. */
export const ROLE_EDITORS: readonly MemberRole[] = ["admin", "recruiter", "hiring_manager"];

export function registerRoleRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };

  app.get(
    "/api/v1/work-model/factors",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["roles"],
        summary:
          "The advisor's factors: names, help texts, scales, neutral defaults and the evidence it cites",
        response: { 200: factorCatalogueSchema, ...authErrorResponses },
      },
    },
    async () => {
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
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["roles"],
        summary: "The organisation's roles, newest first",
        querystring: roleListQuery,
        response: { 200: roleListResponse, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return { items: await listRoles(db, member.organizationId, request.query) };
    },
  );

  app.post(
    "/api/v1/roles",
    {
      config: { access: staffAccess(ROLE_EDITORS, { tokens: true }) },
      schema: {
        tags: ["roles"],
        summary: "Open a role (admins, recruiters, hiring managers)",
        body: roleInputSchema,
        response: { 201: roleSchema, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      return reply
        .code(201)
        .send(await createRole(services, member.actor, member.organizationId, request.body));
    },
  );

  app.get(
    "/api/v1/roles/:roleId",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["roles"],
        summary: "A role with its work-model decisions, newest first",
        params: roleParams,
        response: { 200: roleDetailSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
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
      config: { access: staffAccess(ROLE_EDITORS, { tokens: true }) },
      schema: {
        tags: ["roles"],
        summary: "Change a role's details or status",
        params: roleParams,
        body: roleChangesBody,
        response: { 200: roleSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return updateRole(services, member.actor, member.organizationId, request.params.roleId, request.body);
    },
  );

  app.post(
    "/api/v1/roles/:roleId/advice",
    {
      config: { access: staffAccess(ROLE_EDITORS, { tokens: true }) },
      schema: {
        tags: ["roles"],
        summary: "Work-model advice for these factors: recommendation, each factor's contribution, evidence",
        params: roleParams,
        body: workModelFactorsSchema,
        response: { 200: adviceSchema, ...authErrorResponses, 422: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      await requireRole(db, member.organizationId, request.params.roleId);
      // The organisation's own evidence goes beside the advice, never into it.
      return {
        ...adviseWorkModel(request.body),
        organizationEvidence: await organizationWorkModelEvidence(db, member.organizationId),
      };
    },
  );

  app.post(
    "/api/v1/roles/:roleId/work-model-decision",
    {
      config: { access: staffAccess(ROLE_EDITORS, { tokens: true }) },
      schema: {
        tags: ["roles"],
        summary: "Accept or override the advice; an override needs a reason. Stored as a decision record.",
        params: roleParams,
        body: workModelDecisionBody,
        response: { 201: workModelDecisionResponse, ...authErrorResponses, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
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
