import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, noContentResponse, problemSchema } from "../../server/schemas.ts";
import { EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { applicationParams } from "../candidates/schemas.ts";
import { type InterviewChange, sendInterviewEmails } from "../mail/interview-invites.ts";
import {
  cancelInterview,
  getInterview,
  HIRING_TEAM_ROLES,
  listInterviews,
  rescheduleInterview,
  scheduleInterview,
} from "./interviews.ts";
import {
  interviewDetailSchema,
  interviewListQuery,
  interviewListResponse,
  interviewParams,
  interviewSchema,
  rescheduleInterviewBody,
  scheduleInterviewBody,
  scorecardAmendmentBody,
  scorecardBody,
  scorecardDraftBody,
  scorecardDraftSchema,
  scorecardList,
  scorecardParams,
  scorecardWithHistorySchema,
} from "./schemas.ts";
import { deleteScorecardDraft, getScorecardDraft, saveScorecardDraft } from "./scorecard-drafts.ts";
import {
  amendScorecard,
  getScorecard,
  listApplicationScorecards,
  listInterviewScorecards,
  submitScorecard,
} from "./scorecards.ts";

export function registerInterviewRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };
  const mailDeps = { db, mailer: deps.mailer, clock: deps.clock, baseUrl: deps.config.baseUrl };
  // The interview stands whatever the mail server does: sendEmail records a failure in the outbox.
  const emailAbout =
    (request: { log: { warn(object: unknown, message: string): void } }) =>
    (organizationId: string, interviewId: string, change: InterviewChange) =>
      sendInterviewEmails(mailDeps, organizationId, interviewId, change).catch((error: unknown) =>
        request.log.warn({ err: error }, "interview emails failed"),
      );

  app.post(
    "/api/v1/interviews",
    {
      config: { access: staffAccess(HIRING_TEAM_ROLES, { tokens: true }) },
      schema: {
        tags: ["interviews"],
        summary:
          "Schedule an interview in a stage of the application's plan (admins, recruiters, hiring managers); freezes the stage's kit version",
        body: scheduleInterviewBody,
        response: { 201: interviewDetailSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const interview = await scheduleInterview(
        services,
        { ...member.actor, userId: member.userId },
        { userId: member.userId, role: member.role },
        member.organizationId,
        { ...request.body, scheduledAt: new Date(request.body.scheduledAt) },
      );
      await emailAbout(request)(member.organizationId, interview.id, { kind: "scheduled" });
      return reply.code(201).send(interview);
    },
  );

  app.get(
    "/api/v1/interviews",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["interviews"],
        summary:
          "Interviews in time order: interviewers see theirs; the hiring team sees all unless mine=true",
        querystring: interviewListQuery,
        response: { 200: interviewListResponse, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const { mine, from, to, applicationId, roleId, interviewerId, status, limit } = request.query;
      const items = await listInterviews(
        db,
        member.organizationId,
        { userId: member.userId, role: member.role },
        {
          mine: mine === "true",
          from: from ? new Date(from) : undefined,
          to: to ? new Date(to) : undefined,
          applicationId,
          roleId,
          interviewerId,
          status,
          limit,
        },
      );
      return { items };
    },
  );

  app.get(
    "/api/v1/interviews/:interviewId",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["interviews"],
        summary:
          "An interview with its frozen kit (questions, probes, anchored rubric, candidate-questions segment) and the caller's own scorecard",
        params: interviewParams,
        response: { 200: interviewDetailSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return getInterview(
        db,
        member.organizationId,
        { userId: member.userId, role: member.role },
        request.params.interviewId,
      );
    },
  );

  app.post(
    "/api/v1/interviews/:interviewId/cancel",
    {
      config: { access: staffAccess(HIRING_TEAM_ROLES, { tokens: true }) },
      schema: {
        tags: ["interviews"],
        summary: "Cancel a scheduled interview (admins, recruiters, hiring managers)",
        params: interviewParams,
        response: { 200: interviewSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const interview = await cancelInterview(
        services,
        member.actor,
        { userId: member.userId, role: member.role },
        member.organizationId,
        request.params.interviewId,
      );
      await emailAbout(request)(member.organizationId, interview.id, {
        kind: "cancelled",
        reason: "cancelled",
        notifyCandidate: true,
      });
      return interview;
    },
  );

  app.post(
    "/api/v1/interviews/:interviewId/reschedule",
    {
      config: { access: staffAccess(HIRING_TEAM_ROLES, { tokens: true }) },
      schema: {
        tags: ["interviews"],
        summary:
          "Move a scheduled interview to a new time or place (admins, recruiters, hiring managers); the candidate and interviewers get the updated calendar invitation",
        params: interviewParams,
        body: rescheduleInterviewBody,
        response: { 200: interviewDetailSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const interview = await rescheduleInterview(
        services,
        member.actor,
        { userId: member.userId, role: member.role },
        member.organizationId,
        request.params.interviewId,
        { ...request.body, scheduledAt: new Date(request.body.scheduledAt) },
      );
      await emailAbout(request)(member.organizationId, interview.id, { kind: "rescheduled" });
      return interview;
    },
  );

  app.post(
    "/api/v1/interviews/:interviewId/scorecards",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["scorecards"],
        summary:
          "File your scorecard (interviewers of this interview): a rating with evidence for every rubric attribute; locked once filed",
        params: interviewParams,
        body: scorecardBody,
        response: { 201: scorecardWithHistorySchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const scorecard = await submitScorecard(
        services,
        member.actor,
        { userId: member.userId, role: member.role },
        member.organizationId,
        request.params.interviewId,
        request.body,
      );
      return reply.code(201).send(scorecard);
    },
  );

  app.get(
    "/api/v1/interviews/:interviewId/scorecards",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["scorecards"],
        summary:
          "The interview's scorecards, latest versions with history; an interviewer of the candidate must file theirs first (403)",
        params: interviewParams,
        response: { 200: scorecardList, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const items = await listInterviewScorecards(
        db,
        member.organizationId,
        { userId: member.userId, role: member.role },
        request.params.interviewId,
      );
      return { items };
    },
  );

  app.get(
    "/api/v1/applications/:applicationId/scorecards",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["scorecards"],
        summary:
          "Every scorecard of an application, latest versions with history; an interviewer of the candidate must file theirs first (403)",
        params: applicationParams,
        response: { 200: scorecardList, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const items = await listApplicationScorecards(
        db,
        member.organizationId,
        { userId: member.userId, role: member.role },
        request.params.applicationId,
      );
      return { items };
    },
  );

  app.get(
    "/api/v1/scorecards/:scorecardId",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["scorecards"],
        summary:
          "One scorecard with all its versions: yours always, others' under the same rule as the lists",
        params: scorecardParams,
        response: { 200: scorecardWithHistorySchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return getScorecard(
        db,
        member.organizationId,
        { userId: member.userId, role: member.role },
        request.params.scorecardId,
      );
    },
  );

  app.post(
    "/api/v1/scorecards/:scorecardId/amendments",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["scorecards"],
        summary:
          "Amend your latest scorecard version with a reason: stores version n+1, keeps the earlier versions",
        params: scorecardParams,
        body: scorecardAmendmentBody,
        response: { 201: scorecardWithHistorySchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const scorecard = await amendScorecard(
        services,
        member.actor,
        { userId: member.userId, role: member.role },
        member.organizationId,
        request.params.scorecardId,
        request.body,
      );
      return reply.code(201).send(scorecard);
    },
  );

  app.get(
    "/api/v1/interviews/:interviewId/scorecard-draft",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["scorecards"],
        summary:
          "Your unfiled scorecard draft for this interview (its interviewers only); body is null when you have none",
        params: interviewParams,
        response: { 200: scorecardDraftSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return getScorecardDraft(
        db,
        member.organizationId,
        { userId: member.userId, role: member.role },
        request.params.interviewId,
      );
    },
  );

  app.put(
    "/api/v1/interviews/:interviewId/scorecard-draft",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["scorecards"],
        summary:
          "Save your scorecard draft (its interviewers only): ratings, recommendation and private notes, any of them incomplete; replaces the previous draft, deleted when you file",
        params: interviewParams,
        body: scorecardDraftBody,
        response: { 200: scorecardDraftSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return saveScorecardDraft(
        services,
        member.organizationId,
        { userId: member.userId, role: member.role },
        request.params.interviewId,
        request.body,
      );
    },
  );

  app.delete(
    "/api/v1/interviews/:interviewId/scorecard-draft",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["scorecards"],
        summary: "Discard your scorecard draft for this interview (its interviewers only)",
        params: interviewParams,
        response: { 204: noContentResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      await deleteScorecardDraft(
        db,
        member.organizationId,
        { userId: member.userId, role: member.role },
        request.params.interviewId,
      );
      return reply.code(204).send(null);
    },
  );
}
