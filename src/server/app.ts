import { existsSync } from "node:fs";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from "fastify-type-provider-zod";
import { registerAnalyticsRoutes } from "../modules/analytics/routes.ts";
import { createApiTokenCache } from "../modules/api-tokens/api-tokens.ts";
import { registerApiTokenRoutes } from "../modules/api-tokens/routes.ts";
import { registerAuditRoutes } from "../modules/audit/routes.ts";
import { type DeclaredRoute, declaredRoutesOf, enforceAccess, publicAccess } from "../modules/auth/access.ts";
import { UNSAFE_METHODS } from "../modules/auth/callers.ts";
import { registerAuthRoutes } from "../modules/auth/routes.ts";
import { SESSION_COOKIE } from "../modules/auth/sessions.ts";
import { createApplicationPageCache } from "../modules/candidates/application-page-cache.ts";
import { registerCandidateRoutes } from "../modules/candidates/routes.ts";
import { registerChallengeRoutes } from "../modules/challenges/routes.ts";
import { registerDecisionRoutes } from "../modules/decisions/routes.ts";
import { absentDemoStatus, type DemoStatus } from "../modules/demo/demo-preparation.ts";
import { registerDemoRoutes } from "../modules/demo/routes.ts";
import { registerExerciseRoutes } from "../modules/exercises/routes.ts";
import { registerInterviewRoutes } from "../modules/interviews/routes.ts";
import { registerWhiteboardExportRoutes } from "../modules/interviews/whiteboard-export-routes.ts";
import { registerKitRoutes } from "../modules/kits/routes.ts";
import { registerMailRoutes } from "../modules/mail/routes.ts";
import { registerMemberRoutes } from "../modules/members/routes.ts";
import { registerOrganizationRoutes } from "../modules/organizations/routes.ts";
import { registerConnectorRoutes } from "../modules/outcomes/connectors/routes.ts";
import { registerOutcomeRoutes } from "../modules/outcomes/routes.ts";
import { registerUptimeRoutes } from "../modules/outcomes/uptime/routes.ts";
import { createPadCollaboration } from "../modules/pads/collaboration.ts";
import { registerPadRoutes } from "../modules/pads/routes.ts";
import { registerPlanRoutes } from "../modules/plans/routes.ts";
import { registerPortalRoutes } from "../modules/portal/routes.ts";
import { registerPrivacyRoutes } from "../modules/privacy/routes.ts";
import { registerRoleRoutes } from "../modules/roles/routes.ts";
import { sandboxStatus } from "../modules/sandbox/sandbox.ts";
import { registerTeamPracticeRoutes } from "../modules/team-practices/routes.ts";
import { registerTrialDayRoutes } from "../modules/trial-days/routes.ts";
import { registerWorkQueueRoutes } from "../modules/work-queue/routes.ts";
import { AppError, type FieldError, toProblem } from "../platform/errors.ts";
import { type Logger, OneLinePerRequest } from "../platform/logger.ts";
import { organizationScope } from "../platform/scoped-cache.ts";
import type { HttpApp, RouteDependencies, ServerCaches } from "./http-types.ts";
import { healthResponse, problemSchema } from "./schemas.ts";
import { refuseUnstorableInput } from "./unstorable-input.ts";

export const webDistDir = fileURLToPath(new URL("../../web/dist", import.meta.url));
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppOptions extends RouteDependencies {
  logger: Logger | false;
  /** How far the demo organisation created beside the server (`evident start`) is, if any. */
  demoStatus?: () => DemoStatus;
}

function createServerCaches(options: AppOptions): ServerCaches {
  return {
    apiTokens: createApiTokenCache(options.events, options.clock),
    applicationPages: createApplicationPageCache(options.events, options.clock),
  };
}

/** The organisation a staff member or candidate acted in, once the access hook resolved them. */
function organizationOfRequest(request: import("fastify").FastifyRequest): string | null {
  const access = request.resolvedAccess;
  if (access?.audience === "staff") return access.member.organizationId;
  if (access?.audience === "candidate") return access.candidate.organizationId;
  return null;
}

/** Assembles the HTTP application: plugins, authentication, every module's routes, the web app. */
export async function buildApp(options: AppOptions): Promise<HttpApp> {
  const { config, database, clock } = options;
  const app = Fastify({
    loggerInstance: options.logger || undefined,
    logger: options.logger === false ? false : undefined,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    // The router's own refusals (bad percent-encoding, an over-long path parameter) and
    // unparseable requests answer problem+json like everything else, without echoing the URL.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    logController: new OneLinePerRequest(),
  } as never).withTypeProvider() as unknown as HttpApp;

  // Every API route says who may call it; one without a declaration stops the app from starting.
  const declaredRoutes: DeclaredRoute[] = [];
  app.decorate("declaredRoutes", declaredRoutes);
  app.addHook("onRoute", (route) => {
    declaredRoutes.push(...declaredRoutesOf(route));
  });
  const caches = config.responseCache ? createServerCaches(options) : undefined;
  const routeDeps: RouteDependencies = { ...options, caches };
  const identifyDeps = { db: database.db, clock, secret: config.secret, apiTokenCache: caches?.apiTokens };

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error as FastifyError);
    if (appError.status >= 500) request.log.error({ err: error }, "request failed");
    return reply
      .code(appError.status)
      .type("application/problem+json")
      .send(toProblem(appError, request.url));
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith("/api") || request.method !== "GET") {
      const problem = toProblem(
        new AppError("not_found", `No route ${request.method} ${request.url.split("?")[0]}.`),
      );
      return reply.code(404).type("application/problem+json").send(problem);
    }
    return sendWebApp(reply);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // Plain-HTTP installs (the embedded default on localhost) must not be told to upgrade.
        upgradeInsecureRequests: config.baseUrl.startsWith("https://") ? [] : null,
      },
    },
    strictTransportSecurity: config.baseUrl.startsWith("https://"),
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    // After body parsing, so limits can key on the submitted email as well as the address.
    hook: "preHandler",
    errorResponseBuilder: (_request, context) =>
      new AppError(
        "rate_limited",
        `Too many attempts; try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
      ),
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Evident API",
        version: "1",
        description:
          "Hiring backend engineers with evidence. Authenticate with a session cookie (plus X-CSRF-Token on unsafe requests) or an API token: `Authorization: Bearer evd_…`. Errors are RFC 9457 problem+json.",
      },
      components: {
        securitySchemes: {
          bearerToken: {
            type: "http",
            scheme: "bearer",
            description: "An API token created under Settings → API tokens",
          },
          sessionCookie: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
        },
      },
      security: [{ bearerToken: [] }, { sessionCookie: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: true });

  // Live pads: Hocuspocus on this server's WebSocket upgrade (modules/pads/collaboration.ts).
  const padCollaboration = createPadCollaboration({
    db: database.db,
    clock,
    secret: config.secret,
    baseUrl: config.baseUrl,
    logger: options.logger || undefined,
    redisUrl: config.redisUrl ?? undefined,
  });
  app.decorate("padCollaboration", padCollaboration);
  app.server.on("upgrade", (request, socket, head) => {
    if (!padCollaboration.handleUpgrade(request, socket, head)) socket.destroy();
  });
  app.addHook("preClose", async () => {
    await padCollaboration.close();
  });

  app.decorateRequest("resolvedAccess", null);
  // Before the body is parsed or validated: a caller the route's declaration refuses gets its
  // 401/403 and learns nothing about the route's input.
  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config.access;
    if (access) request.resolvedAccess = await enforceAccess(identifyDeps, request, access);
  });
  app.addHook("preValidation", refuseUnstorableInput);
  if (caches) {
    // Before a write's response leaves, this process forgets what it cached of the organisation,
    // so the writer's next read never shows the past. Other processes hear of the change from
    // the database's notification, which arrives after the commit rather than before the reply.
    app.addHook("onSend", async (request) => {
      if (!UNSAFE_METHODS.has(request.method)) return;
      const organizationId = organizationOfRequest(request);
      if (!organizationId) return;
      caches.apiTokens.forgetScope(organizationScope(organizationId));
      caches.applicationPages.forgetScope(organizationScope(organizationId));
    });
  }

  app.get("/api/openapi.json", { config: { access: publicAccess }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  app.get(
    "/api/health",
    {
      config: { access: publicAccess },
      schema: {
        tags: ["platform"],
        summary: "Liveness of the server, its database and job queue",
        response: {
          200: healthResponse,
          503: problemSchema,
        },
      },
    },
    async () => {
      try {
        await database.ping();
        await options.queue?.ping();
      } catch (error) {
        throw new AppError("unavailable", "The database or the job queue is not answering.", {
          cause: error,
        });
      }
      return {
        status: "ok" as const,
        database: database.engine,
        queue: options.queue ? ("ok" as const) : ("disabled" as const),
        sandbox: sandboxStatus(),
      };
    },
  );

  registerDemoRoutes(app, options.demoStatus ?? absentDemoStatus);

  await app.register(async (api) => {
    const routed = api as unknown as HttpApp;
    registerAuthRoutes(routed, routeDeps);
    registerOrganizationRoutes(routed, routeDeps);
    registerMemberRoutes(routed, routeDeps);
    registerApiTokenRoutes(routed, routeDeps);
    registerAuditRoutes(routed, routeDeps);
    registerRoleRoutes(routed, routeDeps);
    registerChallengeRoutes(routed, routeDeps);
    registerKitRoutes(routed, routeDeps);
    registerPlanRoutes(routed, routeDeps);
    registerCandidateRoutes(routed, routeDeps);
    registerMailRoutes(routed, routeDeps);
    registerPortalRoutes(routed, routeDeps);
    registerPrivacyRoutes(routed, routeDeps);
    registerInterviewRoutes(routed, routeDeps);
    registerWhiteboardExportRoutes(routed, routeDeps);
    registerPadRoutes(routed, routeDeps);
    registerDecisionRoutes(routed, routeDeps);
    registerOutcomeRoutes(routed, routeDeps);
    registerConnectorRoutes(routed, routeDeps);
    registerUptimeRoutes(routed, routeDeps);
    registerAnalyticsRoutes(routed, routeDeps);
    registerExerciseRoutes(routed, routeDeps);
    registerTrialDayRoutes(routed, routeDeps);
    registerWorkQueueRoutes(routed, routeDeps);
    registerTeamPracticeRoutes(routed, routeDeps);
  });

  const hasWebApp = existsSync(`${webDistDir}/index.html`);
  if (hasWebApp) {
    await app.register(fastifyStatic, { root: webDistDir, wildcard: false, index: false });
  }
  function sendWebApp(reply: import("fastify").FastifyReply) {
    if (!hasWebApp) {
      return reply
        .code(503)
        .type("text/plain")
        .send("The web app is not built. Run `npm run build` (npm start does it for you), then restart.");
    }
    return reply.header("cache-control", "no-cache").sendFile("index.html");
  }
  app.get("/", { config: { access: publicAccess }, schema: { hide: true } }, (_request, reply) =>
    sendWebApp(reply),
  );

  return app;
}

/** Maps every failure to the one error type, so the wire always carries problem+json. */
function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fieldErrors: FieldError[] = error.validation.map((issue) => {
      const where = (error.validationContext ?? "body") as string;
      const path = issue.instancePath.replace(/^\//, "").replaceAll("/", ".");
      return { path: path ? `${where}.${path}` : where, message: issue.message ?? "invalid" };
    });
    const summary = fieldErrors.map((field) => `${field.path}: ${field.message}`).join("; ");
    return new AppError("bad_request", `The request is invalid: ${summary}.`, { fieldErrors });
  }
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new AppError("bad_request", `The body is not valid JSON: ${error.message}`);
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError("payload_too_large", `The body is larger than ${BODY_LIMIT_BYTES} bytes.`);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError("unsupported_media_type", "Send the body as application/json.");
    case "FST_ERR_BAD_URL":
      return new AppError(
        "bad_request",
        "The URL is not valid: a path segment has malformed percent-encoding.",
      );
    case "FST_ERR_MAX_PARAM_LENGTH":
      return new AppError(
        "uri_too_long",
        "A path parameter is longer than 100 characters; no identifier is that long.",
      );
    default:
      break;
  }
  if (error.statusCode === 429) return new AppError("rate_limited", error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError("bad_request", error.message);
  }
  return new AppError("internal", "Something went wrong on our side; it has been logged.", { cause: error });
}

function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error);
  return reply.code(appError.status).type("application/problem+json").send(toProblem(appError));
}

/**
 * Requests Node cannot even parse (bad request line, oversized headers, timeouts) never reach
 * Fastify's handlers; answer them as problem+json on the raw socket, as Node would otherwise.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket) {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, code, detail] =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? [408, "request-timeout", "The request took too long to arrive."]
      : error.code === "HPE_HEADER_OVERFLOW"
        ? [431, "header-fields-too-large", "The request headers are too large."]
        : [400, "bad-request", "The request is not valid HTTP/1.1."];
  const title = STATUS_CODES[status] ?? "Bad Request";
  const body = JSON.stringify({ type: `https://evident.dev/problems/${code}`, title, status, detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
