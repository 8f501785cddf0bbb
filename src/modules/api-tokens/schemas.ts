import { z } from "zod";

export const apiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe("The first characters of the secret, to recognise it"),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    user: z.object({ id: z.uuid(), email: z.string() }),
  })
  .meta({ id: "ApiToken" });
