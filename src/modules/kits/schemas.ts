import { z } from "zod";
import { KIT_KINDS } from "./kit-schema.ts";

export const kitSummarySchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    kind: z.enum(KIT_KINDS),
    source: z.enum(["built_in", "custom"]),
    latestVersion: z.number().int().nullable(),
    latestVersionId: z.uuid().nullable(),
    frozen: z.boolean(),
  })
  .meta({ id: "KitSummary" });

export const kitVersionSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    version: z.number().int(),
    source: z.enum(["built_in", "custom"]),
    frozenAt: z.string().nullable(),
    createdAt: z.string(),
    content: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "KitVersion" });
