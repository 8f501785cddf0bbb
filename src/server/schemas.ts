import { z } from "zod";
import { memberRoles } from "../platform/db/schema.ts";

/** Schemas shared by several modules' routes. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

export const memberRoleSchema = z.enum(memberRoles);
export const uuidParam = z.uuid({ error: "must be a UUID" });
export const emailSchema = z.email({ error: "must be an email address" }).max(254);

/**
 * Text PostgreSQL can store. It refuses NUL (U+0000) in text columns and unpaired UTF-16
 * surrogates in jsonb, so either would surface as a database error (a 500) long after
 * validation; refusing them at the boundary answers a 400 naming the field instead.
 */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && value.isWellFormed();
}

export const UNSTORABLE_TEXT_MESSAGE = "must not contain NUL characters (U+0000) or unpaired surrogates";

/**
 * The one string schema for request input: every text field, path parameter and query value
 * starts from it (`textSchema.trim().max(200)`), so no module can let unstorable text through.
 */
export const textSchema = z.string().refine(isStorableText, { error: UNSTORABLE_TEXT_MESSAGE });

/**
 * Years 0001..9999 in UTC. PostgreSQL has no year 0 and JavaScript writes years past 9999 as
 * "+010000-…", which PostgreSQL cannot read back; both would otherwise fail in the database.
 * (timestamptz itself reaches 4713 BC..294276 AD, but no hiring date lies outside this range.)
 */
export const EARLIEST_DATE_TIME = new Date("0001-01-01T00:00:00Z");
export const LATEST_DATE_TIME = new Date("9999-12-31T23:59:59.999Z");

export function isStorableDateTime(value: string): boolean {
  const time = Date.parse(value);
  return time >= EARLIEST_DATE_TIME.getTime() && time <= LATEST_DATE_TIME.getTime();
}

/** The one date-time schema for request input: ISO 8601 with a zone, within years 0001..9999 UTC. */
export const dateTimeSchema = z.iso
  .datetime({
    offset: true,
    error: "must be an ISO 8601 date-time with a time zone, e.g. 2025-03-04T14:00:00Z",
  })
  .refine(isStorableDateTime, { error: "must lie between the years 0001 and 9999 (UTC)" });

/** The error answers every authenticated route can give, for the OpenAPI document. */
export const authErrorResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
} as const;

/** The `{ items }` envelope of a list a route answers whole. */
export function listResponse<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item) });
}

/** The `{ items, nextCursor }` envelope of a cursor-paginated list; nextCursor is null on the last page. */
export function pageResponse<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** The body of a 204 answer: none. */
export const noContentResponse = z.null();

/** GET /api/health: the server answers, and so do its database and job queue. */
export const healthResponse = z.object({
  status: z.literal("ok"),
  database: z.enum(["pglite", "postgresql"]),
  queue: z.enum(["ok", "disabled"]),
  /** Whether code can be graded here (bubblewrap makes a box); `evident doctor` says why not. */
  sandbox: z.enum(["ok", "unavailable"]),
});
