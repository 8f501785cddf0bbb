import { z } from "zod";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import {
  authErrorResponses,
  emailSchema,
  memberRoleSchema,
  problemSchema,
  textSchema,
  uuidParam,
} from "../../server/schemas.ts";
import { EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { MIN_PASSWORD_LENGTH } from "../auth/passwords.ts";
import { addMember, changeMemberRole, listMembers, removeMember } from "./members.ts";
import { memberSchema } from "./schemas.ts";

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
        response: { 200: z.object({ items: z.array(memberSchema) }), ...authErrorResponses },
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
        body: z.object({
          email: emailSchema,
          name: textSchema.trim().min(1).max(120),
          role: memberRoleSchema,
          password: textSchema.min(MIN_PASSWORD_LENGTH).max(1024).optional(),
        }),
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
        params: z.object({ userId: uuidParam }),
        body: z.object({ role: memberRoleSchema }),
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
        params: z.object({ userId: uuidParam }),
        response: { 204: z.null(), ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const admin = memberOf(request);
      await removeMember(services, admin.actor, admin.organizationId, request.params.userId);
      return reply.code(204).send(null);
    },
  );
}
