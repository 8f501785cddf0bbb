import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import type { HttpApp, RouteDependencies } from "../../../server/http-types.ts";
import { authErrorResponses, noContentResponse, problemSchema } from "../../../server/schemas.ts";
import { memberOf, publicAccess, staffAccess } from "../../auth/access.ts";
import { listDeliveries } from "../deliveries.ts";
import { deliveryList } from "../schemas.ts";
import { githubBackfillJob } from "./github-backfill.ts";
import {
  createIntegration,
  deleteIntegration,
  findWebhookReceiver,
  getIntegration,
  listIntegrations,
  rotateIntegrationSecret,
  updateIntegrationConfig,
} from "./integrations.ts";
import {
  backfillBodySchema,
  backfillQueuedResponse,
  createIntegrationBodySchema,
  deliveryListQuery,
  integrationConfigBody,
  integrationList,
  integrationParams,
  integrationSchema,
  integrationWithSecretSchema,
  rotateIntegrationBodySchema,
  testDeliveryResponse,
  webhookAnswerSchema,
  webhookParams,
} from "./schemas.ts";
import { createSecretBox } from "./secret-box.ts";
import { signatureHeader, signBody } from "./signatures.ts";
import { receiveWebhook, testPayloadOf } from "./webhooks.ts";

const ADMINS = ["admin"] as const;
/** The app's own body limit (server/app.ts), so its 413 message stays true for webhooks too. */
const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

/** Integrations (admins) and the webhook receivers (public, authenticated by signature). */
export function registerConnectorRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const secrets = createSecretBox(deps.config.secret);
  const services = { db, clock: deps.clock, secrets };
  const webhookUrl = (kind: string, id: string) =>
    `${deps.config.baseUrl.replace(/\/$/, "")}/api/v1/outcomes/webhooks/${kind}/${id}`;

  app.get(
    "/api/v1/outcomes/integrations",
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary: "The organisation's GitHub, PagerDuty and Jira integrations (never their secrets)",
        response: { 200: integrationList, ...authErrorResponses },
      },
    },
    async (request) => ({ items: await listIntegrations(db, memberOf(request).organizationId) }),
  );

  app.post(
    "/api/v1/outcomes/integrations",
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary: "Connect GitHub, PagerDuty or Jira; the webhook secret is in this response only",
        body: createIntegrationBodySchema,
        response: { 201: integrationWithSecretSchema, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const created = await createIntegration(services, member.actor, member.organizationId, request.body);
      return reply.code(201).send({
        ...created,
        webhookUrl: webhookUrl(created.integration.kind, created.integration.id),
      });
    },
  );

  app.get(
    "/api/v1/outcomes/integrations/:integrationId",
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary: "One integration (never its secrets)",
        params: integrationParams,
        response: { 200: integrationSchema, ...authErrorResponses },
      },
    },
    async (request) => getIntegration(db, memberOf(request).organizationId, request.params.integrationId),
  );

  app.put(
    "/api/v1/outcomes/integrations/:integrationId/config",
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary: "Replace an integration's mapping settings (repositories, services, incident rules)",
        params: integrationParams,
        body: integrationConfigBody,
        response: { 200: integrationSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return updateIntegrationConfig(
        services,
        member.actor,
        member.organizationId,
        request.params.integrationId,
        request.body.config,
      );
    },
  );

  app.post(
    "/api/v1/outcomes/integrations/:integrationId/rotate",
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary:
          "Replace the webhook secret (and optionally the API token); the new secret is in this response only",
        params: integrationParams,
        body: rotateIntegrationBodySchema,
        response: { 200: integrationWithSecretSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const rotated = await rotateIntegrationSecret(
        services,
        member.actor,
        member.organizationId,
        request.params.integrationId,
        request.body,
      );
      return { ...rotated, webhookUrl: webhookUrl(rotated.integration.kind, rotated.integration.id) };
    },
  );

  app.delete(
    "/api/v1/outcomes/integrations/:integrationId",
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary: "Disconnect an integration; events it delivered stay",
        params: integrationParams,
        response: { 204: noContentResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      await deleteIntegration(services, member.actor, member.organizationId, request.params.integrationId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/v1/outcomes/integrations/:integrationId/deliveries",
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary: "The last deliveries received from this integration's vendor: status, events, error",
        params: integrationParams,
        querystring: deliveryListQuery,
        response: { 200: deliveryList, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const integration = await getIntegration(db, member.organizationId, request.params.integrationId);
      return {
        items: await listDeliveries(db, member.organizationId, {
          source: integration.kind,
          limit: request.query.limit,
        }),
      };
    },
  );

  app.post(
    "/api/v1/outcomes/integrations/:integrationId/test",
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary:
          "Send a test event: a signed ping through the receiver (secret, signature, delivery record, job), mapping to no event",
        params: integrationParams,
        response: { 200: testDeliveryResponse, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const integration = await getIntegration(db, member.organizationId, request.params.integrationId);
      const receiver = await findWebhookReceiver(db, secrets, integration.kind, integration.id);
      if (!receiver) throw new AppError("not_found", "That integration was not found in this organisation.");
      const deliveryId = `evident-test-${newId()}`;
      const { body, headers } = testPayloadOf(integration.kind, deliveryId, deps.clock.now());
      const signed = {
        ...headers,
        [signatureHeader[integration.kind]]: signBody(integration.kind, body, receiver.webhookSecret),
      };
      await receiveWebhook(
        { ...services, queue: deps.queue },
        integration.kind,
        integration.id,
        signed,
        body,
      );
      const [delivery] = (
        await listDeliveries(db, member.organizationId, { source: integration.kind, limit: 20 })
      ).filter((item) => item.deliveryId === deliveryId);
      if (!delivery) throw new AppError("internal", "The test delivery was not recorded.");
      return { delivery };
    },
  );

  app.post(
    "/api/v1/outcomes/integrations/:integrationId/backfill",
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary:
          "Import a GitHub integration's merged pull requests and deployments through the REST API (a background job)",
        params: integrationParams,
        body: backfillBodySchema,
        response: {
          202: backfillQueuedResponse,
          ...authErrorResponses,
          409: problemSchema,
          503: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const integration = await getIntegration(db, member.organizationId, request.params.integrationId);
      if (integration.kind !== "github") {
        throw new AppError(
          "conflict",
          `Backfill reads GitHub's REST API; this is a ${integration.kind} integration.`,
        );
      }
      if (!integration.hasApiToken) {
        throw new AppError("conflict", "This integration has no API token; rotate it with one to backfill.");
      }
      if (!deps.queue) throw new AppError("unavailable", "The job queue is not running.");
      const since =
        request.body.since ?? new Date(deps.clock.now().getTime() - 90 * 86_400_000).toISOString();
      await deps.queue.send(
        githubBackfillJob,
        { organizationId: member.organizationId, integrationId: integration.id, since },
        { singletonKey: `github-backfill:${integration.id}` },
      );
      return reply.code(202).send({ queued: true as const });
    },
  );

  // The receivers read the raw body (signatures are over its exact bytes), so they live in a
  // scope of their own whose JSON parser keeps the bytes instead of parsing them.
  app.register(async (scope) => {
    scope.removeContentTypeParser("application/json");
    scope.addContentTypeParser(
      "application/json",
      { parseAs: "buffer", bodyLimit: WEBHOOK_BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    const receivers = scope as unknown as HttpApp;
    receivers.post(
      "/api/v1/outcomes/webhooks/:kind/:integrationId",
      {
        config: { access: publicAccess },
        schema: {
          tags: ["outcomes"],
          summary:
            "Webhook receiver for GitHub, PagerDuty and Jira: authenticated by the vendor's signature of the raw JSON body (401 and nothing stored otherwise); a replayed delivery id is acknowledged and changes nothing",
          params: webhookParams,
          response: {
            200: webhookAnswerSchema,
            202: webhookAnswerSchema,
            400: problemSchema,
            401: problemSchema,
            413: problemSchema,
            415: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : null;
        if (!body) throw new AppError("unsupported_media_type", "Send the body as application/json.");
        const answer = await receiveWebhook(
          { ...services, queue: deps.queue },
          request.params.kind,
          request.params.integrationId,
          request.headers,
          body,
        );
        return reply.code(answer.status).send(answer.body);
      },
    );
  });
}
