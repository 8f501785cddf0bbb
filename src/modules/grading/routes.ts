import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../../platform/errors.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, problemSchema, textSchema, uuidParam } from "../../server/schemas.ts";
import { requireMember } from "../auth/guards.ts";
import { challengeLanguages } from "../grading-engine/manifest.ts";
import type { CandidatePrincipal } from "../portal/candidate-sessions.ts";
import {
  createSubmission,
  describeChallengeForCandidate,
  readOwnSubmission,
  saveDraft,
  submissionInputSchema,
} from "./attempts.ts";
import { listCatalog, loadOrganizationChallenge, readChallengeBrief } from "./catalog.ts";
import {
  deletePackage,
  listPackages,
  MAX_PACKAGE_ZIP_BYTES,
  readPackage,
  uploadPackage,
} from "./packages.ts";
import { reviewApplicationChallenges, reviewSimilarity } from "./review.ts";
import { registerChallengeEventsRoute } from "./submission-events.ts";

/** Who may upload and delete the organisation's own challenge packages. */
export const PACKAGE_MANAGERS = ["admin", "hiring_manager"] as const;
const HIRING_TEAM = ["admin", "recruiter", "hiring_manager"] as const;

const languageSchema = z.enum(challengeLanguages);
const filesSchema = z.record(z.string(), z.string());

const catalogEntrySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    languages: z.array(languageSchema),
    tests: z.number().int(),
    maxScore: z.number().int(),
    source: z.enum(["built-in", "organization"]),
    status: z.enum(["validating", "valid", "invalid"]),
    packageId: z.uuid().nullable(),
  })
  .meta({ id: "ChallengeSummary" });

const challengeDetailSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    languages: z.array(languageSchema),
    prompt: z.string(),
    starters: z.record(z.string(), filesSchema),
    tests: z.array(
      z.object({ name: z.string(), visibility: z.enum(["visible", "hidden"]), points: z.number().int() }),
    ),
    limits: z.record(z.string(), z.number()),
  })
  .meta({ id: "ChallengeDetail" });

const validationReportSchema = z
  .object({
    challengeId: z.string(),
    ok: z.boolean(),
    entries: z.array(
      z.object({
        solution: z.string().describe("reference, wrong/<name>, or (layout)"),
        language: z.string(),
        ok: z.boolean(),
        score: z.number(),
        maxScore: z.number(),
        verdict: z.string(),
        problems: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: "PackageValidationReport" });

const packageSchema = z
  .object({
    id: z.uuid(),
    challengeId: z.string(),
    title: z.string(),
    kind: z.string(),
    languages: z.array(z.string()),
    status: z.enum(["validating", "valid", "invalid"]),
    report: validationReportSchema
      .nullable()
      .describe("Null while validating; then each reference and wrong solution's score and problems"),
    createdAt: z.string(),
    validatedAt: z.string().nullable(),
  })
  .meta({ id: "ChallengePackage" });

const testReportSchema = z.object({
  name: z.string(),
  visibility: z.enum(["visible", "hidden"]),
  passed: z.boolean(),
  points: z.number(),
  maxPoints: z.number(),
  durationMs: z.number(),
  message: z.string(),
});

const gradeReportSchema = z
  .object({
    challengeId: z.string(),
    language: z.string(),
    verdict: z.string(),
    score: z.number(),
    maxScore: z.number(),
    tests: z.array(testReportSchema),
    resources: z.object({ wallMs: z.number(), cpuMs: z.number(), maxRssKb: z.number() }),
  })
  .meta({ id: "GradeReport" });

const reviewSubmissionSchema = z.object({
  id: z.uuid(),
  mode: z.enum(["run", "submit"]),
  language: z.string(),
  status: z.string(),
  createdAt: z.string(),
  gradedAt: z.string().nullable(),
  verdict: z.string().nullable(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  error: z.string().nullable(),
});

const candidateSummarySchema = z.object({
  pseudonym: z.string(),
  isRedacted: z.boolean(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  location: z.string().nullable(),
  links: z.array(z.string()),
});

const challengeReviewSchema = z
  .object({
    applicationId: z.uuid(),
    candidate: candidateSummarySchema,
    attempts: z.array(
      z.object({
        id: z.uuid(),
        stage: z.object({ id: z.uuid(), name: z.string(), isBlind: z.boolean() }),
        challenge: z.object({ id: z.string(), title: z.string(), kind: z.string() }),
        openedAt: z.string(),
        dueAt: z.string().nullable(),
        runs: z.number().int(),
        submits: z.number().int(),
        timeSpentMs: z.number().nullable(),
        submissions: z.array(reviewSubmissionSchema),
        final: z
          .object({ submission: reviewSubmissionSchema, report: gradeReportSchema, files: filesSchema })
          .nullable(),
      }),
    ),
  })
  .meta({ id: "ChallengeReview" });

const fragmentSideSchema = z.object({
  file: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int(),
});
const similarityReviewSchema = z
  .object({
    attemptId: z.uuid(),
    submissionId: z.uuid().nullable(),
    compared: z.number().int(),
    threshold: z.number(),
    flags: z.array(
      z.object({
        other: z.object({
          applicationId: z.uuid(),
          pseudonym: z.string(),
          submissionId: z.uuid(),
          language: z.string(),
        }),
        similarity: z.number(),
        fragments: z.array(z.object({ a: fragmentSideSchema, b: fragmentSideSchema })),
        files: z.object({ mine: filesSchema, theirs: filesSchema }),
      }),
    ),
  })
  .meta({ id: "SimilarityReview" });

const candidateSubmissionSchema = z
  .object({
    id: z.uuid(),
    mode: z.enum(["run", "submit"]),
    language: z.string(),
    status: z
      .enum(["queued", "grading", "graded", "failed"])
      .describe("queued → grading → graded, or failed when grading itself failed (not the code)"),
    createdAt: z.string(),
    gradedAt: z.string().nullable(),
    verdict: z.string().nullable(),
    visibleTests: z.array(
      z.object({ name: z.string(), passed: z.boolean(), durationMs: z.number(), message: z.string() }),
    ),
    hiddenTests: z
      .object({ passed: z.number().int(), total: z.number().int() })
      .nullable()
      .describe("Hidden tests only as counts, and only for a graded Submit"),
  })
  .meta({ id: "CandidateSubmission" });

const candidateChallengeSchema = z
  .object({
    attemptId: z.uuid(),
    challenge: z.object({
      id: z.string(),
      title: z.string(),
      kind: z.string(),
      languages: z.array(languageSchema),
    }),
    stageName: z.string(),
    prompt: z.string(),
    starters: z.record(z.string(), filesSchema),
    entryFiles: z.record(z.string(), z.string()),
    openedAt: z.string(),
    dueAt: z.string().nullable(),
    isClosed: z.boolean(),
    draft: z.object({ language: z.string(), files: filesSchema }).nullable(),
    submissions: z.array(candidateSubmissionSchema),
  })
  .meta({ id: "CandidateChallenge" });

export function registerGradingRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const { clock, queue } = deps;

  app.addContentTypeParser(
    ["application/zip", "application/x-zip-compressed"],
    { parseAs: "buffer", bodyLimit: MAX_PACKAGE_ZIP_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    "/api/v1/challenges",
    {
      schema: {
        tags: ["challenges"],
        summary: "The challenges the organisation can use: the built-in library and its own packages",
        response: { 200: z.object({ items: z.array(catalogEntrySchema) }), ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
      return { items: await listCatalog(db, member.organizationId) };
    },
  );

  app.get(
    "/api/v1/challenges/:challengeId",
    {
      schema: {
        tags: ["challenges"],
        summary: "A challenge's prompt, starters, tests (names, visibility, points) and limits",
        params: z.object({ challengeId: textSchema.max(64) }),
        response: { 200: challengeDetailSchema, ...authErrorResponses, 422: problemSchema },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
      const challenge = await loadOrganizationChallenge(
        db,
        member.organizationId,
        request.params.challengeId,
      );
      const brief = readChallengeBrief(challenge);
      return {
        id: challenge.manifest.id,
        title: challenge.manifest.title,
        kind: challenge.manifest.kind,
        languages: challenge.manifest.languages,
        prompt: brief.prompt,
        starters: brief.starters,
        tests: challenge.suites.flatMap((suite) =>
          suite.tests.map((test) => ({ name: test.name, visibility: test.visibility, points: test.points })),
        ),
        limits: challenge.manifest.limits as Record<string, number>,
      };
    },
  );

  app.get(
    "/api/v1/challenge-packages",
    {
      schema: {
        tags: ["challenges"],
        summary: "The organisation's uploaded challenge packages with their validation status",
        response: { 200: z.object({ items: z.array(packageSchema) }), ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request, HIRING_TEAM);
      return { items: await listPackages(db, member.organizationId) };
    },
  );

  app.get(
    "/api/v1/challenge-packages/:packageId",
    {
      schema: {
        tags: ["challenges"],
        summary: "One uploaded package and its validation report",
        params: z.object({ packageId: uuidParam }),
        response: { 200: packageSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request, HIRING_TEAM);
      return readPackage(db, member.organizationId, request.params.packageId);
    },
  );

  app.post(
    "/api/v1/challenge-packages",
    {
      schema: {
        tags: ["challenges"],
        summary:
          "Upload a challenge package (the body is a zip of the challenge folder, Content-Type application/zip). It is checked at once; references and wrong solutions are then graded in the background.",
        response: {
          202: packageSchema,
          ...authErrorResponses,
          409: problemSchema,
          413: problemSchema,
          415: problemSchema,
          422: problemSchema,
          503: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const member = await requireMember(db, request, PACKAGE_MANAGERS);
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError(
          "unsupported_media_type",
          "Send the package as the request body with Content-Type: application/zip.",
        );
      }
      const view = await uploadPackage(
        { db, clock, queue },
        member.actor,
        member.organizationId,
        request.body,
      );
      return reply.code(202).send(view);
    },
  );

  app.delete(
    "/api/v1/challenge-packages/:packageId",
    {
      schema: {
        tags: ["challenges"],
        summary: "Delete an uploaded package that no hiring plan uses",
        params: z.object({ packageId: uuidParam }),
        response: { 204: z.null(), ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = await requireMember(db, request, PACKAGE_MANAGERS);
      await deletePackage(db, member.actor, member.organizationId, request.params.packageId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/v1/applications/:applicationId/challenge-attempts",
    {
      schema: {
        tags: ["challenges"],
        summary:
          "The candidate's challenge attempts: every submission, the final one's full report and code (blind review honoured)",
        params: z.object({ applicationId: uuidParam }),
        response: { 200: challengeReviewSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
      return reviewApplicationChallenges(db, member, request.params.applicationId, clock.now());
    },
  );

  app.get(
    "/api/v1/applications/:applicationId/challenge-attempts/:attemptId/similarity",
    {
      schema: {
        tags: ["challenges"],
        summary:
          "Other candidates' final submissions of the same challenge that share much code with this one, with the matching fragments. A flag for a person to look at, never a rejection.",
        params: z.object({ applicationId: uuidParam, attemptId: uuidParam }),
        response: { 200: similarityReviewSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
      return reviewSimilarity(db, member, request.params.applicationId, request.params.attemptId);
    },
  );
}

/** The candidate's side, registered inside the portal's scope (candidate cookie, candidate CSRF). */
export function registerPortalChallengeRoutes(
  portal: HttpApp,
  deps: RouteDependencies,
  requireCandidate: (request: FastifyRequest) => CandidatePrincipal,
) {
  const { db } = deps.database;
  const { clock, queue } = deps;
  const applicationParams = z.object({ applicationId: uuidParam });

  portal.get(
    "/api/v1/portal/applications/:applicationId/challenge",
    {
      schema: {
        tags: ["portal"],
        summary:
          "The challenge of the application's current stage: prompt, starters, deadline, draft and own results. The first call starts the attempt.",
        params: applicationParams,
        response: {
          200: candidateChallengeSchema,
          401: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request) =>
      describeChallengeForCandidate({ db, clock }, requireCandidate(request), request.params.applicationId),
  );

  portal.put(
    "/api/v1/portal/applications/:applicationId/challenge/draft",
    {
      schema: {
        tags: ["portal"],
        summary: "Save the editor's working copy",
        params: applicationParams,
        body: submissionInputSchema,
        response: {
          200: z.object({ savedAt: z.string() }),
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
          409: problemSchema,
          413: problemSchema,
        },
      },
    },
    async (request) =>
      saveDraft({ db, clock }, requireCandidate(request), request.params.applicationId, request.body),
  );

  for (const [path, mode, summary] of [
    ["runs", "run", "Run the visible tests on the code (not a submission); poll the result"],
    ["submissions", "submit", "Submit the code: graded against every test; poll the result"],
  ] as const) {
    portal.post(
      `/api/v1/portal/applications/:applicationId/challenge/${path}`,
      {
        schema: {
          tags: ["portal"],
          summary,
          params: applicationParams,
          body: submissionInputSchema,
          response: {
            202: candidateSubmissionSchema,
            400: problemSchema,
            401: problemSchema,
            403: problemSchema,
            404: problemSchema,
            409: problemSchema,
            413: problemSchema,
            429: problemSchema,
            503: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const view = await createSubmission(
          { db, clock, queue },
          requireCandidate(request),
          request.params.applicationId,
          mode,
          request.body,
        );
        return reply.code(202).send(view);
      },
    );
  }

  registerChallengeEventsRoute(portal, deps, requireCandidate);

  portal.get(
    "/api/v1/portal/challenge-submissions/:submissionId",
    {
      schema: {
        tags: ["portal"],
        summary: "One of the candidate's own Runs or Submits: visible test results, hidden tests as counts",
        params: z.object({ submissionId: uuidParam }),
        response: { 200: candidateSubmissionSchema, 401: problemSchema, 404: problemSchema },
      },
    },
    async (request) => readOwnSubmission(db, requireCandidate(request), request.params.submissionId),
  );
}
