import type { FastifyReply } from "fastify";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, noContentResponse, problemSchema } from "../../server/schemas.ts";
import { candidateAccess, candidateOf, memberOf, publicAccess, staffAccess } from "../auth/access.ts";
import { candidateParams } from "../candidates/schemas.ts";
import { registerPortalChallengeRoutes } from "../challenges/routes.ts";
import { registerPortalExerciseRoutes } from "../exercises/routes.ts";
import { registerPortalTrialDayRoutes } from "../trial-days/routes.ts";
import {
  CANDIDATE_SESSION_COOKIE,
  CANDIDATE_SESSION_TTL_MS,
  type CandidatePrincipal,
  candidateCsrfTokenFor,
  endCandidateSession,
} from "./candidate-sessions.ts";
import { exchangeMagicLink, inviteCandidate, requestMagicLink } from "./magic-links.ts";
import {
  describeCandidatePortal,
  readDemographicQuestions,
  readOwnDemographics,
  saveOwnDemographics,
} from "./portal.ts";
import {
  acceptedSchema,
  demographicAnswersSchema,
  demographicQuestionsResponse,
  demographicsResponse,
  magicLinkBody,
  portalInvitationSchema,
  portalSessionBody,
  portalViewSchema,
} from "./schemas.ts";

/** Staff who may invite a candidate to the portal. */
export const PORTAL_INVITERS = ["admin", "recruiter", "hiring_manager"] as const;

/** Link requests are limited per client address and email, so the endpoint cannot be used to flood an inbox. */
export const MAGIC_LINK_RATE_LIMIT = { max: 5, timeWindow: 15 * 60_000 };

/** One answer for every link request, known address or not, so it reveals nothing. */
export const MAGIC_LINK_REQUESTED =
  "If we know this address, we have sent you a sign-in link: one email for each organisation you applied to. Each link works once, for 30 minutes.";

export function registerPortalRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const { clock, mailer, config } = deps;
  const mailDeps = { db, clock, mailer, baseUrl: config.baseUrl };

  app.post(
    "/api/v1/candidates/:candidateId/invite",
    {
      config: { access: staffAccess(PORTAL_INVITERS, { tokens: true }) },
      schema: {
        tags: ["portal"],
        summary: "Invite a candidate to the portal: emails a sign-in link valid for 7 days",
        params: candidateParams,
        response: {
          201: portalInvitationSchema,
          ...authErrorResponses,
          409: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const invitation = await inviteCandidate(
        mailDeps,
        member.actor,
        member.organizationId,
        request.params.candidateId,
      );
      return reply.code(201).send(invitation);
    },
  );

  // The candidate routes live in their own scope, for the hook that waits for pending link requests.
  void app.register(async (scope) => {
    const portal = scope as unknown as HttpApp;
    // Link requests finish in the background, so the answer's timing does not reveal whether
    // the email exists; closing the server waits for them.
    const pendingRequests = new Set<Promise<unknown>>();
    portal.addHook("onClose", async () => {
      await Promise.allSettled(pendingRequests);
    });

    async function describe(candidate: CandidatePrincipal) {
      return {
        ...(await describeCandidatePortal({ db, clock }, candidate)),
        csrfToken: candidateCsrfTokenFor(config.secret, candidate.sessionId),
      };
    }

    function setCandidateCookie(reply: FastifyReply, token: string) {
      reply.setCookie(CANDIDATE_SESSION_COOKIE, token, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: config.baseUrl.startsWith("https://"),
        maxAge: CANDIDATE_SESSION_TTL_MS / 1000,
      });
    }

    portal.post(
      "/api/v1/portal/magic-links",
      {
        config: {
          access: publicAccess,
          rateLimit: {
            ...MAGIC_LINK_RATE_LIMIT,
            keyGenerator: (request) => {
              const email = (request.body as { email?: unknown } | undefined)?.email;
              return `portal|${request.ip}|${typeof email === "string" ? email.toLowerCase() : ""}`;
            },
          },
        },
        schema: {
          tags: ["portal"],
          summary:
            "Email a candidate a sign-in link (valid 30 minutes) from every organisation that knows the address. Answers the same 202 whether or not the address is known, and never says where.",
          body: magicLinkBody,
          response: { 202: acceptedSchema, 400: problemSchema, 429: problemSchema },
        },
      },
      async (request, reply) => {
        const pending = requestMagicLink(mailDeps, {
          email: request.body.email,
          organizationSlug: request.body.organization,
        }).catch((error: unknown) =>
          request.log.error({ err: error }, "sending a portal sign-in link failed"),
        );
        pendingRequests.add(pending);
        void pending.finally(() => pendingRequests.delete(pending));
        return reply.code(202).send({ detail: MAGIC_LINK_REQUESTED });
      },
    );

    portal.post(
      "/api/v1/portal/session",
      {
        config: { access: publicAccess },
        schema: {
          tags: ["portal"],
          summary:
            "Exchange a sign-in link's token for a candidate session (sets the evident_candidate cookie)",
          body: portalSessionBody,
          response: { 200: portalViewSchema, 400: problemSchema, 401: problemSchema },
        },
      },
      async (request, reply) => {
        const { token, principal } = await exchangeMagicLink({ db, clock }, request.body.token);
        setCandidateCookie(reply, token);
        return describe(principal);
      },
    );

    registerPortalChallengeRoutes(portal, deps);
    registerPortalExerciseRoutes(portal, deps);
    registerPortalTrialDayRoutes(portal, deps);

    portal.get(
      "/api/v1/portal/me",
      {
        config: { access: candidateAccess },
        schema: {
          tags: ["portal"],
          summary: "The signed-in candidate's own applications, stages and upcoming interviews",
          response: { 200: portalViewSchema, 401: problemSchema },
        },
      },
      async (request) => describe(candidateOf(request)),
    );

    portal.post(
      "/api/v1/portal/logout",
      {
        config: { access: candidateAccess },
        schema: {
          tags: ["portal"],
          summary: "End the candidate session",
          response: { 204: noContentResponse, 401: problemSchema, 403: problemSchema },
        },
      },
      async (request, reply) => {
        await endCandidateSession(db, candidateOf(request));
        reply.clearCookie(CANDIDATE_SESSION_COOKIE, { path: "/" });
        return reply.code(204).send(null);
      },
    );

    portal.get(
      "/api/v1/portal/demographics",
      {
        config: { access: candidateAccess },
        schema: {
          tags: ["portal"],
          summary: "The candidate's own voluntary self-identification answers",
          response: { 200: demographicsResponse, 401: problemSchema },
        },
      },
      async (request) => ({ answers: await readOwnDemographics(db, candidateOf(request)) }),
    );

    portal.get(
      "/api/v1/portal/demographics/questions",
      {
        config: { access: candidateAccess },
        schema: {
          tags: ["portal"],
          summary: "The self-identification questions the candidate's organisation asks (its preset)",
          response: { 200: demographicQuestionsResponse, 401: problemSchema },
        },
      },
      async (request) => readDemographicQuestions(db, candidateOf(request)),
    );

    portal.put(
      "/api/v1/portal/demographics",
      {
        config: { access: candidateAccess },
        schema: {
          tags: ["portal"],
          summary:
            "Voluntary self-identification; every question optional. Replaces earlier answers; {} withdraws them. Never shown to the hiring team.",
          body: demographicAnswersSchema,
          response: {
            200: demographicsResponse,
            400: problemSchema,
            401: problemSchema,
            403: problemSchema,
          },
        },
      },
      async (request) => ({
        answers: await saveOwnDemographics({ db, clock }, candidateOf(request), request.body),
      }),
    );
  });
}
