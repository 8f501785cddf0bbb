import { AppError } from "../../../platform/errors.ts";
import type { HttpApp, RouteDependencies } from "../../../server/http-types.ts";
import { authErrorResponses, noContentResponse } from "../../../server/schemas.ts";
import { memberOf, staffAccess } from "../../auth/access.ts";
import { OUTCOME_READERS } from "../routes.ts";
import {
  availabilitySchema,
  burnDownSchema,
  importChecksBodySchema,
  importChecksResponse,
  maintenanceBodySchema,
  maintenanceWindowList,
  maintenanceWindowParams,
  maintenanceWindowSchema,
  probeBodySchema,
  probeSchema,
  serviceParams,
  sloBodySchema,
  sloSchema,
  uptimeWindowQuerySchema,
} from "./schemas.ts";
import {
  addMaintenanceWindow,
  availabilityOf,
  burnDownOf,
  configureProbe,
  deleteMaintenanceWindow,
  deleteProbe,
  findProbe,
  importChecks,
  listMaintenanceWindows,
  requireService,
  setSlo,
} from "./uptime.ts";

const ADMINS = ["admin"] as const;
/** Whoever reads the outcomes area (routes.ts: admins and hiring managers) reads uptime. */
const READERS = OUTCOME_READERS;
const base = "/api/v1/outcomes/services/:serviceId/uptime";

export function registerUptimeRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };
  const windowOf = (query: { from?: string; to?: string }) =>
    query.from && query.to ? { from: query.from, to: query.to } : null;

  app.get(
    base,
    {
      config: { access: staffAccess(READERS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary:
          "A service's availability (good ÷ valid checks, maintenance excluded), SLO, error budget left and burn rate over a window (default: the SLO period ending today)",
        params: serviceParams,
        querystring: uptimeWindowQuerySchema,
        response: { 200: availabilitySchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const { organizationId } = memberOf(request);
      const availability = await availabilityOf(
        services,
        organizationId,
        request.params.serviceId,
        windowOf(request.query),
      );
      return { ...availability, probe: await findProbe(db, organizationId, request.params.serviceId) };
    },
  );

  app.get(
    `${base}/burn-down`,
    {
      config: { access: staffAccess(READERS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary: "Day by day availability, burn rate and the error budget left, for the burn-down chart",
        params: serviceParams,
        querystring: uptimeWindowQuerySchema,
        response: { 200: burnDownSchema, ...authErrorResponses },
      },
    },
    async (request) =>
      burnDownOf(
        services,
        memberOf(request).organizationId,
        request.params.serviceId,
        windowOf(request.query),
      ),
  );

  app.get(
    `${base}/probe`,
    {
      config: { access: staffAccess(READERS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary: "The service's HTTP probe",
        params: serviceParams,
        response: { 200: probeSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const { organizationId } = memberOf(request);
      await requireService(db, organizationId, request.params.serviceId);
      const probe = await findProbe(db, organizationId, request.params.serviceId);
      if (!probe) throw new AppError("not_found", "This service has no probe.");
      return probe;
    },
  );

  app.put(
    `${base}/probe`,
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary:
          "Configure the service's HTTP probe (run by the job worker): only http(s), never link-local or metadata addresses, checked now and on every probe",
        params: serviceParams,
        body: probeBodySchema,
        response: { 200: probeSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return configureProbe(
        services,
        member.actor,
        member.organizationId,
        request.params.serviceId,
        request.body,
      );
    },
  );

  app.delete(
    `${base}/probe`,
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary: "Stop probing the service (its checks stay)",
        params: serviceParams,
        response: { 204: noContentResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      await deleteProbe(services, member.actor, member.organizationId, request.params.serviceId);
      return reply.code(204).send(null);
    },
  );

  app.put(
    `${base}/slo`,
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary: "Set the service's availability SLO (target percent and period in days)",
        params: serviceParams,
        body: sloBodySchema,
        response: { 200: sloSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return setSlo(services, member.actor, member.organizationId, request.params.serviceId, request.body);
    },
  );

  app.post(
    `${base}/checks`,
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary:
          "Import checks from another monitor (idempotent: a check at an instant already imported is skipped)",
        params: serviceParams,
        body: importChecksBodySchema,
        response: {
          200: importChecksResponse,
          ...authErrorResponses,
        },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return importChecks(
        services,
        member.actor,
        member.organizationId,
        request.params.serviceId,
        request.body.checks,
      );
    },
  );

  app.get(
    `${base}/maintenance-windows`,
    {
      config: { access: staffAccess(READERS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary: "The service's maintenance windows (checks inside them do not count)",
        params: serviceParams,
        response: { 200: maintenanceWindowList, ...authErrorResponses },
      },
    },
    async (request) => ({
      items: await listMaintenanceWindows(db, memberOf(request).organizationId, request.params.serviceId),
    }),
  );

  app.post(
    `${base}/maintenance-windows`,
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary: "Add a maintenance window",
        params: serviceParams,
        body: maintenanceBodySchema,
        response: { 201: maintenanceWindowSchema, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const window = await addMaintenanceWindow(
        services,
        member.actor,
        member.organizationId,
        request.params.serviceId,
        request.body,
      );
      return reply.code(201).send(window);
    },
  );

  app.delete(
    `${base}/maintenance-windows/:windowId`,
    {
      config: { access: staffAccess(ADMINS, { tokens: true }) },
      schema: {
        tags: ["outcomes"],
        summary: "Remove a maintenance window",
        params: maintenanceWindowParams,
        response: { 204: noContentResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      await deleteMaintenanceWindow(
        services,
        member.actor,
        member.organizationId,
        request.params.serviceId,
        request.params.windowId,
      );
      return reply.code(204).send(null);
    },
  );
}
