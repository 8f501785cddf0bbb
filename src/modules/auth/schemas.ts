import { z } from "zod";
import { emailSchema, textSchema, uuidParam } from "../../server/schemas.ts";
import { organizationOfUserSchema } from "../organizations/schemas.ts";

export const sessionResponse = z
  .object({
    user: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
    activeOrganization: organizationOfUserSchema.nullable(),
    organizations: z.array(organizationOfUserSchema),
    csrfToken: z
      .string()
      .describe("Send as X-CSRF-Token on every unsafe request made with the session cookie"),
  })
  .meta({ id: "Session" });

export const loginBody = z.object({ email: emailSchema, password: textSchema.min(1).max(1024) });

export const switchOrganizationBody = z.object({ organizationId: uuidParam });
