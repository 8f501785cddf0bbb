import { z } from "zod";
import { pageResponse, textSchema } from "../../server/schemas.ts";

export const auditEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({
      type: z.enum(["user", "token", "system"]),
      userId: z.string().nullable(),
      email: z.string().nullable(),
      tokenId: z.string().nullable(),
    }),
    action: z.string(),
    objectType: z.string(),
    objectId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: "AuditEvent" });

export const auditLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: textSchema.regex(/^\d+$/, "must be a nextCursor value").optional(),
});

export const auditLogPage = pageResponse(auditEventSchema);

export type AuditEventView = z.infer<typeof auditEventSchema>;

export type AuditLogPage = z.infer<typeof auditLogPage>;
