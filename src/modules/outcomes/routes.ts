import type { MemberRole } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, noContentResponse, problemSchema } from "../../server/schemas.ts";
import { memberOf, staffAccess } from "../auth/access.ts";
import { ROLE_EDITORS } from "../roles/routes.ts";
import { importOutcomeCsv, MAX_OUTCOME_IMPORT_BYTES } from "./csv-import.ts";
import { listDeliveries, recordDelivery } from "./deliveries.ts";
import { doraMetricsSchema } from "./dora/dora.ts";
import { parseOutcomeEvents } from "./dora/events.ts";
import { getHire, listHires, updateHire } from "./hires.ts";
import { storeOutcomeEvents } from "./ingest.ts";
import { getCohorts, getDoraMetrics, getWeeklyDora, listIncidents } from "./metrics.ts";
import {
  cohortsQuery,
  cohortsSchema,
  deliveriesQuery,
  deliveryList,
  doraQuery,
  eventsBodySchema,
  eventsDeliveryHeaders,
  hireList,
  hireListQuery,
  hireParams,
  hireSchema,
  hireUpdateSchema,
  importBodySchema,
  importQuery,
  incidentList,
  incidentsQuery,
  ingestResultSchema,
  outcomeImportRefusedSchema,
  outcomeImportReportSchema,
  serviceInputSchema,
  serviceList,
  serviceListQuery,
  serviceParams,
  serviceSchema,
  settingsSchema,
  teamChoiceList,
  teamInputSchema,
  teamList,
  teamParams,
  teamSchema,
  weeklySchema,
} from "./schemas.ts";
import {
  createService,
  createTeam,
  deleteTeam,
  getOutcomeSettings,
  getService,
  getTeam,
  listServices,
  listTeams,
  updateOutcomeSettings,
  updateService,
  updateTeam,
} from "./teams.ts";

/** Who manages outcomes: teams, services, hires, ingestion, settings. */
export const OUTCOME_ADMINS: readonly MemberRole[] = ["admin"];
/**
 * Who reads team-level views (DORA per service or team, trends, incidents, cohorts). Hiring
 * managers see teams and cohorts, never a hire's record; interviewers and recruiters see none.
 */
export const OUTCOME_READERS: readonly MemberRole[] = ["admin", "hiring_manager"];

/** 1000 events, each may list many changes; anything larger is a 413. */
const EVENTS_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export function registerOutcomeRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };
  const admins = { access: staffAccess(OUTCOME_ADMINS, { tokens: true }) };
  const readers = { access: staffAccess(OUTCOME_READERS, { tokens: true }) };
  const tags = ["outcomes"];

  app.post(
    "/api/v1/outcomes/events",
    {
      bodyLimit: EVENTS_BODY_LIMIT_BYTES,
      config: admins,
      schema: {
        tags,
        summary:
          "Ingest up to 1000 delivery events (change, deployment, incident; docs/outcomes.md), stored whole in one transaction or not at all: every invalid event is listed as events[index].field. Idempotent: a replayed event changes nothing. Unknown services are created in no team, unless the organisation turned that off (422 naming them). Optional header X-Delivery-Id names the delivery in the deliveries list.",
        body: eventsBodySchema,
        headers: eventsDeliveryHeaders,
        response: { 200: ingestResultSchema, ...authErrorResponses, 413: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const deliveryId = request.headers["x-delivery-id"] ?? newId();
      try {
        const events = parseOutcomeEvents(request.body.events);
        // The delivery is recorded in the events' transaction: one commit per request.
        return await db.transaction(async (tx) => {
          const result = await storeOutcomeEvents(tx, member.organizationId, "api", events);
          await recordDelivery(tx, {
            organizationId: member.organizationId,
            source: "api",
            deliveryId,
            status: "accepted",
            eventCount: events.length,
          });
          return result;
        });
      } catch (error) {
        if (error instanceof AppError) {
          await recordDelivery(db, {
            organizationId: member.organizationId,
            source: "api",
            deliveryId,
            status: "rejected",
            error: error.detail,
          });
        }
        throw error;
      }
    },
  );

  app.post(
    "/api/v1/outcomes/import",
    {
      bodyLimit: 3 * MAX_OUTCOME_IMPORT_BYTES,
      config: admins,
      schema: {
        tags,
        summary:
          "Import changes, deployments or incidents from CSV text (the event fields as columns, camelCase or snake_case; deployments list their changes separated by spaces or semicolons; at most 8 MiB and 50,000 rows). Any invalid row: 422 with a row-numbered report and nothing stored. Re-importing a file changes nothing. dryRun validates only.",
        querystring: importQuery,
        body: importBodySchema,
        response: {
          200: outcomeImportReportSchema,
          ...authErrorResponses,
          413: problemSchema,
          422: outcomeImportRefusedSchema,
        },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return importOutcomeCsv(db, member.organizationId, { kind: request.query.kind, ...request.body });
    },
  );

  app.get(
    "/api/v1/outcomes/dora",
    {
      config: readers,
      schema: {
        tags,
        summary:
          "The four DORA metrics of a service (service=NAME) or a team (team=ID, its services pooled; neither: every service) over a window, computed as Apache DevLake does, with the bands of the 2021 or 2023 report",
        querystring: doraQuery,
        response: { 200: doraMetricsSchema.meta({ id: "DoraMetrics" }), ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const { service, team, ...window } = request.query;
      return getDoraMetrics(services, member.organizationId, { service, team }, window);
    },
  );

  app.get(
    "/api/v1/outcomes/dora/weekly",
    {
      config: readers,
      schema: {
        tags,
        summary: "The four metrics week by week (Monday weeks) over the window, for trend charts",
        querystring: doraQuery,
        response: { 200: weeklySchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const { service, team, ...window } = request.query;
      return getWeeklyDora(services, member.organizationId, { service, team }, window);
    },
  );

  app.get(
    "/api/v1/outcomes/incidents",
    {
      config: readers,
      schema: {
        tags,
        summary: "Incidents created in the window, newest first, for a service, a team or every service",
        querystring: incidentsQuery,
        response: { 200: incidentList, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const { service, team, ...window } = request.query;
      return listIncidents(services, member.organizationId, { service, team }, window);
    },
  );

  app.get(
    "/api/v1/outcomes/cohorts",
    {
      config: readers,
      schema: {
        tags,
        summary:
          "Outcomes by cohort: by=work_model (teams of each work model over the window) or by=hire_quarter (hires' teams in the quarter after they started). Groups smaller than minGroupSize (default 5 teams or hires) are too_few and carry no number",
        querystring: cohortsQuery,
        response: { 200: cohortsSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return getCohorts(services, member.organizationId, request.query);
    },
  );

  // Whoever opens roles picks the role's team; they see names and work models, not outcomes.
  app.get(
    "/api/v1/teams",
    {
      config: { access: staffAccess(ROLE_EDITORS, { tokens: true }) },
      schema: {
        tags,
        summary: "Teams a role can belong to: id, name and work model (admins, recruiters, hiring managers)",
        response: { 200: teamChoiceList, ...authErrorResponses },
      },
    },
    async (request) => ({
      items: (await listTeams(db, memberOf(request).organizationId)).map(({ id, name, workModel }) => ({
        id,
        name,
        workModel,
      })),
    }),
  );

  app.get(
    "/api/v1/outcomes/teams",
    {
      config: readers,
      schema: {
        tags,
        summary: "Teams with their work model and services",
        response: { 200: teamList, ...authErrorResponses },
      },
    },
    async (request) => ({ items: await listTeams(db, memberOf(request).organizationId) }),
  );

  app.post(
    "/api/v1/outcomes/teams",
    {
      config: admins,
      schema: {
        tags,
        summary: "Create a team (name unique in the organisation)",
        body: teamInputSchema,
        response: { 201: teamSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      return reply.code(201).send(await createTeam(db, member.actor, member.organizationId, request.body));
    },
  );

  app.get(
    "/api/v1/outcomes/teams/:teamId",
    {
      config: readers,
      schema: {
        tags,
        summary: "A team",
        params: teamParams,
        response: { 200: teamSchema, ...authErrorResponses },
      },
    },
    async (request) => getTeam(db, memberOf(request).organizationId, request.params.teamId),
  );

  app.patch(
    "/api/v1/outcomes/teams/:teamId",
    {
      config: admins,
      schema: {
        tags,
        summary: "Rename a team, change its work model or location",
        params: teamParams,
        body: teamInputSchema.partial(),
        response: { 200: teamSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return updateTeam(db, member.actor, member.organizationId, request.params.teamId, request.body);
    },
  );

  app.delete(
    "/api/v1/outcomes/teams/:teamId",
    {
      config: admins,
      schema: {
        tags,
        summary: "Delete a team that owns no service and has no hire (409 otherwise)",
        params: teamParams,
        response: { 204: noContentResponse, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      await deleteTeam(db, member.actor, member.organizationId, request.params.teamId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/v1/outcomes/services",
    {
      config: readers,
      schema: {
        tags,
        summary: "Services with their team; unassigned=true lists those in no team (created by events)",
        querystring: serviceListQuery,
        response: { 200: serviceList, ...authErrorResponses },
      },
    },
    async (request) => ({
      items: await listServices(db, memberOf(request).organizationId, {
        unassigned: request.query.unassigned === "true",
      }),
    }),
  );

  app.post(
    "/api/v1/outcomes/services",
    {
      config: admins,
      schema: {
        tags,
        summary: "Add a service (name unique in the organisation), optionally in a team",
        body: serviceInputSchema,
        response: { 201: serviceSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      return reply.code(201).send(await createService(db, member.actor, member.organizationId, request.body));
    },
  );

  app.get(
    "/api/v1/outcomes/services/:serviceId",
    {
      config: readers,
      schema: {
        tags,
        summary: "A service",
        params: serviceParams,
        response: { 200: serviceSchema, ...authErrorResponses },
      },
    },
    async (request) => getService(db, memberOf(request).organizationId, request.params.serviceId),
  );

  app.patch(
    "/api/v1/outcomes/services/:serviceId",
    {
      config: admins,
      schema: {
        tags,
        summary: "Rename a service or assign it to a team (teamId null: no team)",
        params: serviceParams,
        body: serviceInputSchema.partial(),
        response: { 200: serviceSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return updateService(db, member.actor, member.organizationId, request.params.serviceId, request.body);
    },
  );

  app.get(
    "/api/v1/outcomes/hires",
    {
      config: admins,
      schema: {
        tags,
        summary: "Hire records (admins): created when an application's final decision is hire",
        querystring: hireListQuery,
        response: { 200: hireList, ...authErrorResponses },
      },
    },
    async (request) => ({ items: await listHires(db, memberOf(request).organizationId, request.query) }),
  );

  app.get(
    "/api/v1/outcomes/hires/:hireId",
    {
      config: admins,
      schema: {
        tags,
        summary: "A hire record",
        params: hireParams,
        response: { 200: hireSchema, ...authErrorResponses },
      },
    },
    async (request) => getHire(db, memberOf(request).organizationId, request.params.hireId),
  );

  app.patch(
    "/api/v1/outcomes/hires/:hireId",
    {
      config: admins,
      schema: {
        tags,
        summary: "Set a hire's start date, team (its work model follows the team's) or level",
        params: hireParams,
        body: hireUpdateSchema,
        response: { 200: hireSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return updateHire(db, member.actor, member.organizationId, request.params.hireId, request.body);
    },
  );

  app.get(
    "/api/v1/outcomes/settings",
    {
      config: admins,
      schema: {
        tags,
        summary: "The organisation's outcomes settings",
        response: { 200: settingsSchema, ...authErrorResponses },
      },
    },
    async (request) => getOutcomeSettings(db, memberOf(request).organizationId),
  );

  app.put(
    "/api/v1/outcomes/settings",
    {
      config: admins,
      schema: {
        tags,
        summary: "Change the outcomes settings: whether events may create unknown services",
        body: settingsSchema,
        response: { 200: settingsSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return updateOutcomeSettings(db, member.actor, member.organizationId, request.body);
    },
  );

  app.get(
    "/api/v1/outcomes/deliveries",
    {
      config: admins,
      schema: {
        tags,
        summary:
          "The last deliveries received (events API, webhooks, imports): status and error, newest first",
        querystring: deliveriesQuery,
        response: { 200: deliveryList, ...authErrorResponses },
      },
    },
    async (request) => ({ items: await listDeliveries(db, memberOf(request).organizationId, request.query) }),
  );
}
