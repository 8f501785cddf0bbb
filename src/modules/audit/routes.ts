import { z } from "zod";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, textSchema } from "../../server/schemas.ts";
import { memberOf, staffAccess } from "../auth/access.ts";
import { listAuditEvents } from "./audit-log.ts";
import { auditEventSchema } from "./schemas.ts";

export function registerAuditRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  app.get(
    "/api/v1/audit",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["audit"],
        summary: "The organisation's audit log, newest first (admins)",
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: textSchema.regex(/^\d+$/, "must be a nextCursor value").optional(),
        }),
        response: {
          200: z.object({ items: z.array(auditEventSchema), nextCursor: z.string().nullable() }),
          ...authErrorResponses,
        },
      },
    },
    async (request) => {
      const admin = memberOf(request);
      return listAuditEvents(db, admin.organizationId, request.query);
    },
  );
}
