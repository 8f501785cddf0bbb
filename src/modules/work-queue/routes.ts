import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, noContentResponse } from "../../server/schemas.ts";
import { EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import {
  checkSlackWebhookUrl,
  getSlackWebhookStatus,
  removeSlackWebhook,
  setSlackWebhook,
} from "./nudges.ts";
import {
  slackWebhookBody,
  slackWebhookStatus,
  workQueueCountsResponse,
  workQueueQuery,
  workQueueResponse,
} from "./schemas.ts";
import { getWorkQueue } from "./work-queue.ts";

export function registerWorkQueueRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };

  app.get(
    "/api/v1/work-queue",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["work-queue"],
        summary:
          "What the caller has to do next in the organisation, by their role: scorecards owed, interviews today, decisions ready, challenge results, stalled candidates, packages validating",
        querystring: workQueueQuery,
        response: { 200: workQueueResponse, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return getWorkQueue(services, member.organizationId, member, { timeZone: request.query.timeZone });
    },
  );

  app.get(
    "/api/v1/work-queue/counts",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["work-queue"],
        summary: "How many items of each kind the caller's work queue holds, for the navigation",
        querystring: workQueueQuery,
        response: { 200: workQueueCountsResponse, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const queue = await getWorkQueue(services, member.organizationId, member, {
        timeZone: request.query.timeZone,
      });
      return { counts: queue.counts, total: queue.total };
    },
  );

  app.get(
    "/api/v1/work-queue/slack-webhook",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["work-queue"],
        summary: "Whether overdue-scorecard nudges are also posted to Slack (admins); the URL is never shown",
        response: { 200: slackWebhookStatus, ...authErrorResponses },
      },
    },
    async (request) => getSlackWebhookStatus(db, memberOf(request).organizationId),
  );

  app.put(
    "/api/v1/work-queue/slack-webhook",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["work-queue"],
        summary: "Post overdue-scorecard nudges to this Slack incoming webhook (admins); stored sealed",
        body: slackWebhookBody,
        response: { 200: slackWebhookStatus, ...authErrorResponses },
      },
    },
    async (request) => {
      const admin = memberOf(request);
      const url = checkSlackWebhookUrl(request.body.url);
      await setSlackWebhook(
        { ...services, secret: deps.config.secret },
        admin.actor,
        admin.organizationId,
        url,
      );
      return getSlackWebhookStatus(db, admin.organizationId);
    },
  );

  app.delete(
    "/api/v1/work-queue/slack-webhook",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["work-queue"],
        summary: "Stop posting nudges to Slack (admins)",
        response: { 204: noContentResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const admin = memberOf(request);
      await removeSlackWebhook(services, admin.actor, admin.organizationId);
      return reply.code(204).send(null);
    },
  );
}
