import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, noContentResponse } from "../../server/schemas.ts";
import { EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "./api-tokens.ts";
import {
  apiTokenCreateBody,
  apiTokenCreatedResponse,
  apiTokenListResponse,
  apiTokenParams,
} from "./schemas.ts";

export function registerApiTokenRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };

  app.get(
    "/api/v1/tokens",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["api tokens"],
        summary: "API tokens: your own, or every token of the organisation for admins",
        response: { 200: apiTokenListResponse, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const onlyUserId = member.role === "admin" ? null : member.userId;
      return { items: await listApiTokens(db, member.organizationId, { onlyUserId }) };
    },
  );

  app.post(
    "/api/v1/tokens",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["api tokens"],
        summary: "Create an API token for yourself; the secret is in this response only",
        body: apiTokenCreateBody,
        response: { 201: apiTokenCreatedResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const created = await createApiToken(services, member.actor, {
        organizationId: member.organizationId,
        userId: member.userId,
        name: request.body.name,
        expiresInDays: request.body.expiresInDays,
      });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    "/api/v1/tokens/:tokenId",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["api tokens"],
        summary: "Revoke an API token (your own; admins any of the organisation's)",
        params: apiTokenParams,
        response: { 204: noContentResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const onlyUserId = member.role === "admin" ? null : member.userId;
      await revokeApiToken(services, member.actor, member.organizationId, request.params.tokenId, {
        onlyUserId,
      });
      return reply.code(204).send(null);
    },
  );
}
