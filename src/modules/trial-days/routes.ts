import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, problemSchema } from "../../server/schemas.ts";
import { candidateAccess, candidateOf, EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { applicationParams } from "../candidates/schemas.ts";
import { describeTrialDayForCandidate } from "./candidate-agenda.ts";
import { sendTrialDayEmails } from "./invitations.ts";
import { fileObservation } from "./observations.ts";
import { recordPayment } from "./payments.ts";
import {
  cancelTrialDay,
  PAYMENT_KEEPERS,
  readTrialDay,
  saveTrialDayPlan,
  sendTrialDay,
  TRIAL_DAY_PLANNERS,
  type TrialDayOutcome,
} from "./planning.ts";
import {
  candidateTrialDaySchema,
  observationBody,
  paymentBody,
  sessionParams,
  trialDayObservationSchema,
  trialDayPlanBody,
  trialDayStageSchema,
} from "./schemas.ts";

export function registerTrialDayRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };
  const mailDeps = { db, mailer: deps.mailer, clock: deps.clock, baseUrl: deps.config.baseUrl };
  // The day stands whatever the mail server does: sendEmail records a failure in the outbox.
  const emailAbout = async (
    request: { log: { warn(object: unknown, message: string): void } },
    organizationId: string,
    outcome: TrialDayOutcome,
  ) => {
    if (!outcome.change) return outcome.view;
    await sendTrialDayEmails(mailDeps, organizationId, outcome.trialDayId, outcome.change).catch(
      (error: unknown) => request.log.warn({ err: error }, "trial day emails failed"),
    );
    return outcome.view;
  };
  const planErrors = { ...authErrorResponses, 409: problemSchema };

  app.get(
    "/api/v1/applications/:applicationId/trial-day",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["trial-days"],
        summary:
          "The application's trial-day stage, its kit and its day (null until planned). Interviewers see only a day they host or observe in; the payment only recruiters and admins.",
        params: applicationParams,
        response: { 200: trialDayStageSchema, ...planErrors },
      },
    },
    async (request) => readTrialDay(services, memberOf(request), request.params.applicationId),
  );

  app.put(
    "/api/v1/applications/:applicationId/trial-day",
    {
      config: { access: staffAccess(TRIAL_DAY_PLANNERS, { tokens: true }) },
      schema: {
        tags: ["trial-days"],
        summary:
          "Plan or edit the day: date, the candidate's zone, place and agenda. Once sent, an edit emails an update (same calendar UID, higher SEQUENCE).",
        params: applicationParams,
        body: trialDayPlanBody,
        response: { 200: trialDayStageSchema, ...planErrors },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const outcome = await saveTrialDayPlan(services, member, request.params.applicationId, request.body);
      return emailAbout(request, member.organizationId, outcome);
    },
  );

  app.post(
    "/api/v1/applications/:applicationId/trial-day/send",
    {
      config: { access: staffAccess(TRIAL_DAY_PLANNERS, { tokens: true }) },
      schema: {
        tags: ["trial-days"],
        summary: "Send the day to the candidate and the team: the agenda by email with a calendar invitation",
        params: applicationParams,
        response: { 200: trialDayStageSchema, ...planErrors },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const outcome = await sendTrialDay(services, member, request.params.applicationId);
      return emailAbout(request, member.organizationId, outcome);
    },
  );

  app.post(
    "/api/v1/applications/:applicationId/trial-day/cancel",
    {
      config: { access: staffAccess(TRIAL_DAY_PLANNERS, { tokens: true }) },
      schema: {
        tags: ["trial-days"],
        summary: "Cancel the day; a day already sent is withdrawn from everyone's calendar (METHOD:CANCEL)",
        params: applicationParams,
        response: { 200: trialDayStageSchema, ...planErrors },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const outcome = await cancelTrialDay(services, member, request.params.applicationId);
      return emailAbout(request, member.organizationId, outcome);
    },
  );

  app.post(
    "/api/v1/applications/:applicationId/trial-day/sessions/:sessionId/observations",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["trial-days"],
        summary:
          "File the caller's observation form for a session they observe: each of its behaviours rated 1–4 with an evidence note. Final once filed; lunch takes none (409).",
        params: sessionParams,
        body: observationBody,
        response: { 201: trialDayObservationSchema, ...planErrors },
      },
    },
    async (request, reply) => {
      const form = await fileObservation(
        services,
        memberOf(request),
        request.params.applicationId,
        request.params.sessionId,
        request.body,
      );
      return reply.code(201).send(form);
    },
  );

  app.put(
    "/api/v1/applications/:applicationId/trial-day/payment",
    {
      config: { access: staffAccess(PAYMENT_KEEPERS, { tokens: true }) },
      schema: {
        tags: ["trial-days"],
        summary:
          "Record whether the candidate is paid for the day: amount, currency, planned or paid (recruiters and admins)",
        params: applicationParams,
        body: paymentBody,
        response: { 200: trialDayStageSchema, ...planErrors },
      },
    },
    async (request) => recordPayment(services, memberOf(request), request.params.applicationId, request.body),
  );
}

/** The candidate's agenda, under the portal's paths: candidate cookie only. */
export function registerPortalTrialDayRoutes(portal: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  portal.get(
    "/api/v1/portal/applications/:applicationId/trial-day",
    {
      config: { access: candidateAccess },
      schema: {
        tags: ["portal"],
        summary:
          "The application's trial-day agenda, in the candidate's zone, once the hiring team has sent it",
        params: applicationParams,
        response: { 200: candidateTrialDaySchema, 401: problemSchema, 404: problemSchema },
      },
    },
    async (request) =>
      describeTrialDayForCandidate(
        { db, clock: deps.clock },
        candidateOf(request),
        request.params.applicationId,
      ),
  );
}
