import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses } from "../../server/schemas.ts";
import { memberOf, staffAccess } from "../auth/access.ts";
import { listOutbox, requireOutboxEmail } from "./mail.ts";
import { outboxEmailDetailSchema, outboxEmailParams, outboxPage, outboxQuery } from "./schemas.ts";

export function registerMailRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;

  app.get(
    "/api/v1/outbox",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary: "Emails Evident sent or failed to send for the organisation, newest first (admins)",
        querystring: outboxQuery,
        response: { 200: outboxPage, ...authErrorResponses },
      },
    },
    async (request) => {
      const admin = memberOf(request);
      return listOutbox(db, admin.organizationId, request.query);
    },
  );

  app.get(
    "/api/v1/outbox/:emailId",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary: "One email of the outbox with its text (admins)",
        params: outboxEmailParams,
        response: { 200: outboxEmailDetailSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const admin = memberOf(request);
      return requireOutboxEmail(db, admin.organizationId, request.params.emailId);
    },
  );
}
