import { z } from "zod";
import { listResponse, memberRoleSchema, textSchema } from "../../server/schemas.ts";
import { SLUG_PATTERN } from "./organizations.ts";

export const organizationSchema = z
  .object({ id: z.uuid(), slug: z.string(), name: z.string(), isDemo: z.boolean(), createdAt: z.string() })
  .meta({ id: "Organization" });

export type OrganizationView = z.infer<typeof organizationSchema>;

/** One of the signed-in user's organisations, with their role in it. */
export const organizationOfUserSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  role: memberRoleSchema,
  isDemo: z.boolean().describe("The demo organisation holds sample data only"),
});

export type MyOrganization = z.infer<typeof organizationOfUserSchema>;

export const myOrganizationListResponse = listResponse(organizationOfUserSchema);

export const organizationCreateBody = z.object({
  name: textSchema.trim().min(1).max(120),
  slug: textSchema.regex(SLUG_PATTERN, "lowercase letters, digits and inner hyphens").optional(),
});
