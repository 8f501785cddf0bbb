import { z } from "zod";
import { listResponse, textSchema, uuidParam } from "../../server/schemas.ts";

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

export type ApiTokenView = z.infer<typeof apiTokenSchema>;

export const apiTokenListResponse = listResponse(apiTokenSchema);

export const apiTokenCreateBody = z.object({
  name: textSchema.trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

/** A new token and its secret: the only answer that ever holds the secret. */
export const apiTokenCreatedResponse = z.object({ token: apiTokenSchema, secret: z.string() });

export const apiTokenParams = z.object({ tokenId: uuidParam });
