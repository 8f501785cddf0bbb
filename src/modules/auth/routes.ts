import type { FastifyReply } from "fastify";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { noContentResponse, problemSchema } from "../../server/schemas.ts";
import { listOrganizationsOfUser } from "../organizations/organizations.ts";
import { actorOf, publicAccess, sessionOf, signedInAccess } from "./access.ts";
import { loginBody, sessionResponse, switchOrganizationBody } from "./schemas.ts";
import {
  csrfTokenFor,
  type ResolvedSession,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  signIn,
  signOut,
  switchOrganization,
} from "./sessions.ts";

/** Login is rate-limited per client address and email, against password guessing. */
export const LOGIN_RATE_LIMIT = { max: 10, timeWindow: 60_000 };

export function registerAuthRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;

  async function describeSession(session: ResolvedSession) {
    const organizations = await listOrganizationsOfUser(db, session.userId);
    return {
      user: { id: session.userId, email: session.email, name: session.name },
      activeOrganization: organizations.find((org) => org.id === session.activeOrganizationId) ?? null,
      organizations,
      csrfToken: csrfTokenFor(deps.config.secret, session.sessionId),
    };
  }

  function setSessionCookie(reply: FastifyReply, token: string) {
    reply.setCookie(SESSION_COOKIE, token, {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: deps.config.baseUrl.startsWith("https://"),
      maxAge: SESSION_TTL_MS / 1000,
    });
  }

  app.post(
    "/api/v1/auth/login",
    {
      config: {
        access: publicAccess,
        rateLimit: {
          ...LOGIN_RATE_LIMIT,
          keyGenerator: (request) => {
            const email = (request.body as { email?: unknown } | undefined)?.email;
            return `${request.ip}|${typeof email === "string" ? email.toLowerCase() : ""}`;
          },
        },
      },
      schema: {
        tags: ["auth"],
        summary: "Sign in with email and password; sets the session cookie",
        body: loginBody,
        response: { 200: sessionResponse, 400: problemSchema, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const { token, session } = await signIn(
        { db, clock: deps.clock },
        {
          email: request.body.email,
          password: request.body.password,
          ip: request.ip ?? null,
          userAgent: request.headers["user-agent"]?.slice(0, 512) ?? null,
        },
      );
      setSessionCookie(reply, token);
      return describeSession(session);
    },
  );

  app.get(
    "/api/v1/auth/session",
    {
      config: { access: signedInAccess({ tokens: false }) },
      schema: {
        tags: ["auth"],
        summary: "The signed-in user, their organisations and the CSRF token",
        response: { 200: sessionResponse, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => describeSession(sessionOf(request).session),
  );

  app.post(
    "/api/v1/auth/logout",
    {
      config: { access: signedInAccess({ tokens: false }) },
      schema: {
        tags: ["auth"],
        summary: "End the session",
        response: { 204: noContentResponse, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      const principal = sessionOf(request);
      await signOut(db, actorOf(request), principal.session);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/v1/auth/switch-organization",
    {
      config: { access: signedInAccess({ tokens: false }) },
      schema: {
        tags: ["auth"],
        summary: "Make another of your organisations the active one",
        body: switchOrganizationBody,
        response: {
          200: sessionResponse,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request) => {
      const principal = sessionOf(request);
      await switchOrganization(db, principal.session, request.body.organizationId);
      return describeSession({ ...principal.session, activeOrganizationId: request.body.organizationId });
    },
  );
}
