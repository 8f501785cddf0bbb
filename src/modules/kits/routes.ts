import { z } from "zod";
import { AppError } from "../../platform/errors.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, textSchema, uuidParam } from "../../server/schemas.ts";
import { requireMember } from "../auth/guards.ts";
import { ROLE_EDITORS } from "../roles/routes.ts";
import { KIT_KINDS, QUESTION_TYPES, RATING_LEVELS } from "./kit-schema.ts";
import { findBuiltInKit, listKits, listKitVersions, requireKitVersion, saveKitVersion } from "./kits.ts";

const kitSummarySchema = z
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

const kitVersionSchema = z
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

export function registerKitRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;

  app.get(
    "/api/v1/kits",
    {
      schema: {
        tags: ["kits"],
        summary: "Interview kits: the built-in library and the organisation's own",
        response: { 200: z.object({ items: z.array(kitSummarySchema) }), ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
      return { items: await listKits(db, member.organizationId) };
    },
  );

  app.get(
    "/api/v1/kits/:slug",
    {
      schema: {
        tags: ["kits"],
        summary: "A kit's versions, newest first; a built-in kit not used yet shows the library's content",
        params: z.object({ slug: textSchema.regex(/^[a-z0-9-]{1,80}$/, "must be a kit slug") }),
        response: {
          200: z
            .object({
              slug: z.string(),
              builtIn: kitContentResponseSchema.nullable(),
              versions: z.array(kitVersionSchema),
            })
            .meta({ id: "KitDetail" }),
          ...authErrorResponses,
        },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
      const versions = await listKitVersions(db, member.organizationId, request.params.slug);
      const builtIn = findBuiltInKit(request.params.slug);
      if (versions.length === 0 && !builtIn)
        throw new AppError("not_found", "That interview kit was not found.");
      return {
        slug: request.params.slug,
        builtIn: builtIn ?? null,
        versions: versions as never,
      };
    },
  );

  app.get(
    "/api/v1/kit-versions/:kitVersionId",
    {
      schema: {
        tags: ["kits"],
        summary: "One kit version with its questions, probes and anchored rubric",
        params: z.object({ kitVersionId: uuidParam }),
        response: { 200: kitVersionSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
      return (await requireKitVersion(db, member.organizationId, request.params.kitVersionId)) as never;
    },
  );

  app.post(
    "/api/v1/kits",
    {
      schema: {
        tags: ["kits"],
        summary: "Save a kit version: a new kit of your own, or the next version of an existing one",
        body: z
          .record(textSchema, z.unknown())
          .describe("KitContent: slug, title, kind, questions, rubric, …"),
        response: { 201: kitVersionSchema, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = await requireMember(db, request, ROLE_EDITORS);
      const saved = await saveKitVersion(
        { db, clock: deps.clock },
        member.actor,
        member.organizationId,
        request.body,
      );
      return reply.code(201).send(saved as never);
    },
  );
}
