import { z } from "zod";
import { dateTimeSchema, pageResponse, textSchema, uuidParam } from "../../server/schemas.ts";

const AUDIT_WORD = /^[a-z_.]{1,64}$/;

export const auditEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({
      type: z.enum(["user", "token", "system"]),
      userId: z.string().nullable(),
      email: z.string().nullable(),
      name: z.string().nullable(),
      tokenId: z.string().nullable(),
    }),
    action: z.string(),
    objectType: z.string(),
    objectId: z.string().nullable(),
    /**
     * What the object is called today (a candidate's or member's name, a role's title), read
     * from the row it points at: the log itself keeps no names, so an erased candidate has none.
     */
    objectLabel: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: "AuditEvent" });

export const auditLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: textSchema.regex(/^\d+$/, "must be a nextCursor value").optional(),
  actorUserId: uuidParam.optional(),
  action: textSchema.regex(AUDIT_WORD, "must be an action name such as member.role_changed").optional(),
  objectType: textSchema.regex(AUDIT_WORD, "must be an object type such as candidate").optional(),
  /** Inclusive lower bound of the record's time. */
  from: dateTimeSchema.optional(),
  /** Exclusive upper bound of the record's time. */
  to: dateTimeSchema.optional(),
});

export const auditFacetsResponse = z
  .object({
    /** Every action and object type the organisation's log holds, for the filters. */
    actions: z.array(z.string()),
    objectTypes: z.array(z.string()),
  })
  .meta({ id: "AuditFacets" });

export const auditLogPage = pageResponse(auditEventSchema);

export type AuditEventView = z.infer<typeof auditEventSchema>;

export type AuditLogPage = z.infer<typeof auditLogPage>;

export type AuditLogQuery = z.infer<typeof auditLogQuery>;

export type AuditFacets = z.infer<typeof auditFacetsResponse>;
