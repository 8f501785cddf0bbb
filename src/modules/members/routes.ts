import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, noContentResponse, problemSchema } from "../../server/schemas.ts";
import { EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { addMember, changeMemberRole, listMembers, removeMember } from "./members.ts";
import { addMemberBody, memberListResponse, memberParams, memberRoleBody, memberSchema } from "./schemas.ts";

export function registerMemberRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };

  app.get(
    "/api/v1/members",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["members"],
        summary: "Members of the organisation and their roles",
        response: { 200: memberListResponse, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return { items: await listMembers(db, member.organizationId) };
    },
  );

  app.post(
    "/api/v1/members",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["members"],
        summary: "Add a member (admins); a new email needs an initial password",
        body: addMemberBody,
        response: { 201: memberSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const admin = memberOf(request);
      return reply.code(201).send(await addMember(services, admin.actor, admin.organizationId, request.body));
    },
  );

  app.patch(
    "/api/v1/members/:userId",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["members"],
        summary: "Change a member's role (admins)",
        params: memberParams,
        body: memberRoleBody,
        response: { 200: memberSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const admin = memberOf(request);
      return changeMemberRole(
        services,
        admin.actor,
        admin.organizationId,
        request.params.userId,
        request.body.role,
      );
    },
  );

  app.delete(
    "/api/v1/members/:userId",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["members"],
        summary: "Remove a member (admins); their API tokens for this organisation are revoked",
        params: memberParams,
        response: { 204: noContentResponse, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const admin = memberOf(request);
      await removeMember(services, admin.actor, admin.organizationId, request.params.userId);
      return reply.code(204).send(null);
    },
  );
}
