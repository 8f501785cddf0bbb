import { AppError } from "../../platform/errors.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, noContentResponse, problemSchema } from "../../server/schemas.ts";
import { candidateAccess, candidateOf, EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { applicationParams } from "../candidates/schemas.ts";
import { createSubmission, describeChallengeForCandidate, readOwnSubmission, saveDraft } from "./attempts.ts";
import { listCatalog, loadOrganizationChallenge, readChallengeBrief } from "./catalog.ts";
import {
  deletePackage,
  listPackages,
  MAX_PACKAGE_ZIP_BYTES,
  readPackage,
  uploadPackage,
} from "./packages.ts";
import { regradePackageSubmissions, regradeSubmission } from "./regrade.ts";
import { reviewApplicationChallenges, reviewSimilarity } from "./review.ts";
import {
  attemptParams,
  candidateChallengeSchema,
  candidateSubmissionSchema,
  challengeDetailSchema,
  challengeListResponse,
  challengeParams,
  challengeReviewSchema,
  draftSavedResponse,
  packageListResponse,
  packageParams,
  packageSchema,
  regradePackageResponse,
  regradeSubmissionResponse,
  runInputSchema,
  similarityReviewSchema,
  submissionInputSchema,
  submissionParams,
} from "./schemas.ts";
import { registerChallengeEventsRoute } from "./submission-events.ts";

/** Who may upload and delete the organisation's own challenge packages. */
export const PACKAGE_MANAGERS = ["admin", "hiring_manager"] as const;
const HIRING_TEAM = ["admin", "recruiter", "hiring_manager"] as const;

export function registerChallengeRoutes(app: HttpApp, deps: RouteDependencies) {
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
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["challenges"],
        summary: "The challenges the organisation can use: the built-in library and its own packages",
        response: { 200: challengeListResponse, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return { items: await listCatalog(db, member.organizationId) };
    },
  );

  app.get(
    "/api/v1/challenges/:challengeId",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["challenges"],
        summary: "A challenge's prompt, starters, tests (names, visibility, points) and limits",
        params: challengeParams,
        response: { 200: challengeDetailSchema, ...authErrorResponses, 422: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
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
      config: { access: staffAccess(HIRING_TEAM, { tokens: true }) },
      schema: {
        tags: ["challenges"],
        summary: "The organisation's uploaded challenge packages with their validation status",
        response: { 200: packageListResponse, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return { items: await listPackages(db, member.organizationId) };
    },
  );

  app.get(
    "/api/v1/challenge-packages/:packageId",
    {
      config: { access: staffAccess(HIRING_TEAM, { tokens: true }) },
      schema: {
        tags: ["challenges"],
        summary: "One uploaded package and its validation report",
        params: packageParams,
        response: { 200: packageSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return readPackage(db, member.organizationId, request.params.packageId);
    },
  );

  app.post(
    "/api/v1/challenge-packages",
    {
      config: { access: staffAccess(PACKAGE_MANAGERS, { tokens: true }) },
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
      const member = memberOf(request);
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
      config: { access: staffAccess(PACKAGE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["challenges"],
        summary: "Delete an uploaded package that no hiring plan uses",
        params: packageParams,
        response: { 204: noContentResponse, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      await deletePackage(db, member.actor, member.organizationId, request.params.packageId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/v1/challenge-packages/:packageId/regrade",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["challenges"],
        summary:
          "Regrade every finished Submit of the package's challenge (after replacing the package). Earlier grades stay readable; the new ones count. Audited.",
        params: packageParams,
        response: {
          202: regradePackageResponse,
          ...authErrorResponses,
          409: problemSchema,
          503: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const result = await regradePackageSubmissions(
        { db, clock, queue },
        member.actor,
        member.organizationId,
        request.params.packageId,
      );
      return reply.code(202).send(result);
    },
  );

  app.post(
    "/api/v1/challenge-submissions/:submissionId/regrade",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["challenges"],
        summary:
          "Grade a finished Run or Submit again. Its earlier grade stays readable in the review; the new one counts. Audited.",
        params: submissionParams,
        response: {
          202: regradeSubmissionResponse,
          ...authErrorResponses,
          409: problemSchema,
          503: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const result = await regradeSubmission(
        { db, clock, queue },
        member.actor,
        member.organizationId,
        request.params.submissionId,
      );
      return reply.code(202).send(result);
    },
  );

  app.get(
    "/api/v1/applications/:applicationId/challenge-attempts",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["challenges"],
        summary:
          "The candidate's challenge attempts: every submission, the final one's full report and code (blind review honoured)",
        params: applicationParams,
        response: { 200: challengeReviewSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return reviewApplicationChallenges(db, member, request.params.applicationId, clock.now());
    },
  );

  app.get(
    "/api/v1/applications/:applicationId/challenge-attempts/:attemptId/similarity",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["challenges"],
        summary:
          "Other candidates' final submissions of the same challenge that share much code with this one, with the matching fragments. A flag for a person to look at, never a rejection.",
        params: attemptParams,
        response: { 200: similarityReviewSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return reviewSimilarity(db, member, request.params.applicationId, request.params.attemptId);
    },
  );
}

/** The candidate's side of challenges, under the portal's paths: candidate cookie, candidate CSRF. */
export function registerPortalChallengeRoutes(portal: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const { clock, queue } = deps;

  portal.get(
    "/api/v1/portal/applications/:applicationId/challenge",
    {
      config: { access: candidateAccess },
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
      describeChallengeForCandidate({ db, clock }, candidateOf(request), request.params.applicationId),
  );

  portal.put(
    "/api/v1/portal/applications/:applicationId/challenge/draft",
    {
      config: { access: candidateAccess },
      schema: {
        tags: ["portal"],
        summary: "Save the editor's working copy",
        params: applicationParams,
        body: submissionInputSchema,
        response: {
          200: draftSavedResponse,
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
      saveDraft({ db, clock }, candidateOf(request), request.params.applicationId, request.body),
  );

  for (const [path, mode, summary, body] of [
    [
      "runs",
      "run",
      "Run the visible tests (or one of them) on the code (not a submission); poll the result",
      runInputSchema,
    ],
    [
      "submissions",
      "submit",
      "Submit the code: graded against every test; at most the stage's number of Submits; poll the result",
      submissionInputSchema,
    ],
  ] as const) {
    portal.post(
      `/api/v1/portal/applications/:applicationId/challenge/${path}`,
      {
        config: { access: candidateAccess },
        schema: {
          tags: ["portal"],
          summary,
          params: applicationParams,
          body,
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
          candidateOf(request),
          request.params.applicationId,
          mode,
          request.body,
        );
        return reply.code(202).send(view);
      },
    );
  }

  registerChallengeEventsRoute(portal, deps);

  portal.get(
    "/api/v1/portal/challenge-submissions/:submissionId",
    {
      config: { access: candidateAccess },
      schema: {
        tags: ["portal"],
        summary: "One of the candidate's own Runs or Submits: visible test results, hidden tests as counts",
        params: submissionParams,
        response: { 200: candidateSubmissionSchema, 401: problemSchema, 404: problemSchema },
      },
    },
    async (request) => readOwnSubmission(db, candidateOf(request), request.params.submissionId),
  );
}
