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

/** The error answers every authenticated route can give, for the OpenAPI document. */
export const authErrorResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
} as const;
