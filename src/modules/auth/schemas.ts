import { z } from "zod";
import { memberRoleSchema } from "../../server/schemas.ts";

export const organizationOfUser = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  role: memberRoleSchema,
  isDemo: z.boolean().describe("The demo organisation holds sample data only"),
});

export const sessionResponse = z
  .object({
    user: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
    activeOrganization: organizationOfUser.nullable(),
    organizations: z.array(organizationOfUser),
    csrfToken: z
      .string()
      .describe("Send as X-CSRF-Token on every unsafe request made with the session cookie"),
  })
  .meta({ id: "Session" });
