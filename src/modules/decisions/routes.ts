import type { MemberRole } from "../../platform/db/schema.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, problemSchema } from "../../server/schemas.ts";
import { memberOf, staffAccess } from "../auth/access.ts";
import { HIRING_TEAM_ROLES } from "../interviews/interviews.ts";
import { getDecisionEvidence } from "./decision-evidence.ts";
import { getDecisionSummary, recordDecision } from "./decisions.ts";
import { applicationParams, decisionBody, decisionEvidenceSchema, decisionSummarySchema } from "./schemas.ts";

/** Who records the final hiring decision. */
export const DECISION_MAKERS: readonly MemberRole[] = ["admin", "hiring_manager"];

export function registerDecisionRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock, baseUrl: deps.config.baseUrl };

  app.get(
    "/api/v1/applications/:applicationId/decision",
    {
      config: { access: staffAccess(HIRING_TEAM_ROLES, { tokens: true }) },
      schema: {
        tags: ["decisions"],
        summary:
          "The fixed weighted formula over the application's scorecards (trial-day observation forms and exercise reviews count as scorecards), and the decisions recorded (admins, recruiters, hiring managers)",
        params: applicationParams,
        response: { 200: decisionSummarySchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return getDecisionSummary(
        db,
        member.organizationId,
        { userId: member.userId, role: member.role },
        request.params.applicationId,
      );
    },
  );

  app.post(
    "/api/v1/applications/:applicationId/decision",
    {
      config: { access: staffAccess(DECISION_MAKERS, { tokens: true }) },
      schema: {
        tags: ["decisions"],
        summary:
          "Record the hiring decision (admins, hiring managers): hire or no_hire; departing from the formula needs an override reason. Nothing is sent: the candidate's email is drafted (GET /applications/{applicationId}/emails) for the team to send or schedule",
        params: applicationParams,
        body: decisionBody,
        response: { 201: decisionSummarySchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const summary = await recordDecision(
        services,
        { ...member.actor, userId: member.userId },
        { userId: member.userId, role: member.role },
        member.organizationId,
        request.params.applicationId,
        request.body,
      );
      return reply.code(201).send(summary);
    },
  );

  app.get(
    "/api/v1/applications/:applicationId/decision/evidence",
    {
      config: { access: staffAccess(HIRING_TEAM_ROLES, { tokens: true }) },
      schema: {
        tags: ["decisions"],
        summary:
          "Every filed scorecard as a per-attribute grid per interview, and every filed trial-day observation form and exercise review as one per session or step (raters by pseudonym in blind stages), and the application's integrity flags (admins, recruiters, hiring managers)",
        params: applicationParams,
        response: { 200: decisionEvidenceSchema, ...authErrorResponses },
      },
    },
    async (request) => getDecisionEvidence(db, memberOf(request), request.params.applicationId),
  );
}
