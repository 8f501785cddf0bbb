import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses } from "../../server/schemas.ts";
import { memberOf, staffAccess } from "../auth/access.ts";
import { listAuditEvents, listAuditFacets } from "./audit-log.ts";
import { auditFacetsResponse, auditLogPage, auditLogQuery } from "./schemas.ts";

export function registerAuditRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  app.get(
    "/api/v1/audit",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["audit"],
        summary:
          "The organisation's audit log, newest first (admins); filter by actor, action, object type and time",
        querystring: auditLogQuery,
        response: { 200: auditLogPage, ...authErrorResponses },
      },
    },
    async (request) => {
      const admin = memberOf(request);
      return listAuditEvents(db, admin.organizationId, request.query);
    },
  );

  app.get(
    "/api/v1/audit/facets",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["audit"],
        summary: "The actions and object types the audit log holds, for its filters (admins)",
        response: { 200: auditFacetsResponse, ...authErrorResponses },
      },
    },
    async (request) => listAuditFacets(db, memberOf(request).organizationId),
  );
}
