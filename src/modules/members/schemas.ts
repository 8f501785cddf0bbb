import { z } from "zod";
import { memberRoleSchema } from "../../server/schemas.ts";

export const memberSchema = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: memberRoleSchema,
    createdAt: z.string(),
  })
  .meta({ id: "Member" });
