import { z } from "zod";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import {
  authErrorResponses,
  dateTimeSchema,
  problemSchema,
  textSchema,
  uuidParam,
} from "../../server/schemas.ts";
import { requireMember } from "../auth/guards.ts";
import { kitContentResponseSchema } from "../kits/routes.ts";
import { notifyInterviewScheduled } from "../mail/mail.ts";
import { stageTypes } from "../plans/plans-table.ts";
import {
  cancelInterview,
  getInterview,
  HIRING_TEAM_ROLES,
  listInterviews,
  scheduleInterview,
} from "./interviews.ts";
import { interviewModes, interviewStatuses, recommendations } from "./interviews-table.ts";
import {
  amendScorecard,
  getScorecard,
  listApplicationScorecards,
  listInterviewScorecards,
  submitScorecard,
} from "./scorecards.ts";

/** Who the interview is with; only `pseudonym` is filled in when blind review applies. */
export const interviewCandidateSchema = z
  .object({
    pseudonym: z.string().describe('A stable label such as "Candidate 4F2A"'),
    isRedacted: z.boolean(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    location: z.string().nullable(),
    links: z.array(z.string()),
  })
  .meta({ id: "InterviewCandidate" });

const interviewSchema = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    candidate: interviewCandidateSchema,
    role: z.object({ id: z.uuid(), title: z.string() }),
    stage: z.object({ id: z.uuid(), name: z.string(), type: z.enum(stageTypes), isBlind: z.boolean() }),
    kitVersion: z
      .object({ id: z.uuid(), slug: z.string(), version: z.number().int(), title: z.string() })
      .nullable(),
    scheduledAt: z.string(),
    durationMinutes: z.number().int(),
    mode: z.enum(interviewModes),
    room: z.string().nullable(),
    videoLink: z.string().nullable(),
    status: z.enum(interviewStatuses),
    interviewers: z.array(
      z.object({ id: z.uuid(), name: z.string(), email: z.string(), hasSubmitted: z.boolean() }),
    ),
    isParticipant: z.boolean().describe("Whether the caller is one of the interviewers"),
    hasSubmitted: z.boolean().describe("Whether the caller has filed their scorecard"),
    createdAt: z.string(),
  })
  .meta({ id: "Interview" });

const interviewKitSchema = kitContentResponseSchema;

const interviewDetailSchema = interviewSchema
  .extend({
    kit: interviewKitSchema.nullable(),
    myScorecard: z.object({ id: z.uuid(), version: z.number().int() }).nullable(),
  })
  .meta({ id: "InterviewDetail" });

const scorecardSchema = z
  .object({
    id: z.uuid(),
    interviewId: z.uuid(),
    interviewStatus: z.enum(interviewStatuses),
    applicationId: z.uuid(),
    stage: z.object({ id: z.uuid(), name: z.string() }),
    interviewer: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
    version: z.number().int(),
    ratings: z.array(
      z.object({
        attributeId: z.string(),
        attributeName: z.string(),
        level: z.number().int(),
        evidence: z.string(),
      }),
    ),
    score: z.number().describe("Mean rating level, 1–4"),
    recommendation: z.enum(recommendations),
    amendsId: z.uuid().nullable(),
    amendmentReason: z.string().nullable(),
    submittedAt: z.string(),
  })
  .meta({ id: "Scorecard" });

const scorecardWithHistorySchema = scorecardSchema
  .extend({ history: z.array(scorecardSchema).describe("Earlier versions, newest first") })
  .meta({ id: "ScorecardWithHistory" });

const ratingsBody = {
  ratings: z
    .array(
      z.object({
        attributeId: textSchema.min(1).max(100),
        level: z.number().int().min(1).max(4),
        evidence: textSchema.max(5000).describe("What the candidate did or said; at least 10 characters"),
      }),
    )
    .max(50)
    .describe("One rating per attribute of the interview's rubric"),
  recommendation: z.enum(recommendations),
};

const interviewParams = z.object({ interviewId: uuidParam });
const scorecardParams = z.object({ scorecardId: uuidParam });
const scorecardList = z.object({ items: z.array(scorecardWithHistorySchema) });

export function registerInterviewRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };

  app.post(
    "/api/v1/interviews",
    {
      schema: {
        tags: ["interviews"],
        summary:
          "Schedule an interview in a stage of the application's plan (admins, recruiters, hiring managers); freezes the stage's kit version",
        body: z.object({
          applicationId: uuidParam,
          stageId: uuidParam,
          scheduledAt: dateTimeSchema,
          durationMinutes: z.number().int().min(5).max(600),
          interviewerIds: z.array(uuidParam).min(1).max(10),
          mode: z.enum(interviewModes),
          room: textSchema.max(200).nullish().describe("Required onsite"),
          videoLink: textSchema.max(2000).nullish().describe("Required remote: an https:// link"),
        }),
        response: { 201: interviewDetailSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = await requireMember(db, request, HIRING_TEAM_ROLES);
      const interview = await scheduleInterview(
        services,
        { ...member.actor, userId: member.userId },
        { userId: member.userId, role: member.role },
        member.organizationId,
        { ...request.body, scheduledAt: new Date(request.body.scheduledAt) },
      );
      // The interview stands whatever the mail server does: sendEmail records a failure in the outbox.
      await notifyInterviewScheduled(
        { db, mailer: deps.mailer, clock: deps.clock, baseUrl: deps.config.baseUrl },
        member.organizationId,
        interview.id,
      ).catch((error: unknown) => request.log.warn({ err: error }, "interview notification failed"));
      return reply.code(201).send(interview);
    },
  );

  app.get(
    "/api/v1/interviews",
    {
      schema: {
        tags: ["interviews"],
        summary:
          "Interviews in time order: interviewers see theirs; the hiring team sees all unless mine=true",
        querystring: z.object({
          mine: z.enum(["true", "false"]).optional(),
          from: dateTimeSchema.optional().describe("Scheduled at or after"),
          to: dateTimeSchema.optional().describe("Scheduled before"),
          applicationId: uuidParam.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(200),
        }),
        response: { 200: z.object({ items: z.array(interviewSchema) }), ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
      const { mine, from, to, applicationId, limit } = request.query;
      const items = await listInterviews(
        db,
        member.organizationId,
        { userId: member.userId, role: member.role },
        {
          mine: mine === "true",
          from: from ? new Date(from) : undefined,
          to: to ? new Date(to) : undefined,
          applicationId,
          limit,
        },
      );
      return { items };
    },
  );

  app.get(
    "/api/v1/interviews/:interviewId",
    {
      schema: {
        tags: ["interviews"],
        summary:
          "An interview with its frozen kit (questions, probes, anchored rubric, candidate-questions segment) and the caller's own scorecard",
        params: interviewParams,
        response: { 200: interviewDetailSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
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
      schema: {
        tags: ["interviews"],
        summary: "Cancel a scheduled interview (admins, recruiters, hiring managers)",
        params: interviewParams,
        response: { 200: interviewSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = await requireMember(db, request, HIRING_TEAM_ROLES);
      return cancelInterview(
        services,
        member.actor,
        { userId: member.userId, role: member.role },
        member.organizationId,
        request.params.interviewId,
      );
    },
  );

  app.post(
    "/api/v1/interviews/:interviewId/scorecards",
    {
      schema: {
        tags: ["scorecards"],
        summary:
          "File your scorecard (interviewers of this interview): a rating with evidence for every rubric attribute; locked once filed",
        params: interviewParams,
        body: z.object(ratingsBody),
        response: { 201: scorecardWithHistorySchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = await requireMember(db, request);
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
      schema: {
        tags: ["scorecards"],
        summary:
          "The interview's scorecards, latest versions with history; an interviewer of the candidate must file theirs first (403)",
        params: interviewParams,
        response: { 200: scorecardList, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
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
      schema: {
        tags: ["scorecards"],
        summary:
          "Every scorecard of an application, latest versions with history; an interviewer of the candidate must file theirs first (403)",
        params: z.object({ applicationId: uuidParam }),
        response: { 200: scorecardList, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
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
      schema: {
        tags: ["scorecards"],
        summary:
          "One scorecard with all its versions: yours always, others' under the same rule as the lists",
        params: scorecardParams,
        response: { 200: scorecardWithHistorySchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = await requireMember(db, request);
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
      schema: {
        tags: ["scorecards"],
        summary:
          "Amend your latest scorecard version with a reason: stores version n+1, keeps the earlier versions",
        params: scorecardParams,
        body: z.object({
          ...ratingsBody,
          reason: textSchema.max(2000).describe("Why the scorecard changes; at least 10 characters"),
        }),
        response: { 201: scorecardWithHistorySchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = await requireMember(db, request);
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
}
