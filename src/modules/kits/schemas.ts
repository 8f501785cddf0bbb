import { z } from "zod";
import { listResponse, textSchema, uuidParam } from "../../server/schemas.ts";
import { KIT_KINDS, QUESTION_TYPES, RATING_LEVELS } from "./kit-schema.ts";

export const kitSummarySchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    kind: z.enum(KIT_KINDS),
    source: z.enum(["built_in", "custom"]),
    // The organisation's newest version, or null for a built-in kit not used yet.
    latestVersion: z.number().int().nullable(),
    latestVersionId: z.uuid().nullable(),
    frozen: z.boolean(),
  })
  .meta({ id: "KitSummary" });

/** A kit's content as the API answers it (validated when it was saved, so not refined again). */
export const kitContentResponseSchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    kind: z.enum(KIT_KINDS),
    summary: z.string(),
    minimumDurationMinutes: z.number().int(),
    minimumQuestions: z.number().int(),
    competencies: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })),
    questions: z.array(
      z.object({
        id: z.string(),
        type: z.enum(QUESTION_TYPES),
        prompt: z.string(),
        probes: z.array(z.string()),
        competencyIds: z.array(z.string()),
        suggestedMinutes: z.number().int(),
      }),
    ),
    rubric: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        competencyId: z.string(),
        description: z.string(),
        levels: z.array(z.object({ level: z.literal(RATING_LEVELS), label: z.string(), anchor: z.string() })),
      }),
    ),
    candidateQuestionsSegment: z.object({ minutes: z.number().int(), guidance: z.string() }),
    interviewerGuidance: z.array(z.string()),
  })
  .meta({ id: "KitContent" });

export const kitVersionSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    version: z.number().int(),
    source: z.enum(["built_in", "custom"]),
    frozenAt: z.string().nullable(),
    createdAt: z.string(),
    content: kitContentResponseSchema,
  })
  .meta({ id: "KitVersion" });

export const kitListResponse = listResponse(kitSummarySchema);

export const kitDetailSchema = z
  .object({
    slug: z.string(),
    builtIn: kitContentResponseSchema.nullable(),
    versions: z.array(kitVersionSchema),
  })
  .meta({ id: "KitDetail" });

export const kitParams = z.object({ slug: textSchema.regex(/^[a-z0-9-]{1,80}$/, "must be a kit slug") });

export const kitVersionParams = z.object({ kitVersionId: uuidParam });

/** Any JSON object: saveKitVersion validates it as KitContent and names every problem in one answer. */
export const kitContentBody = z
  .record(textSchema, z.unknown())
  .describe("KitContent: slug, title, kind, questions, rubric, …");

export type KitSummary = z.infer<typeof kitSummarySchema>;
export type KitVersionView = z.infer<typeof kitVersionSchema>;
