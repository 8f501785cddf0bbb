import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, problemSchema } from "../../server/schemas.ts";
import { candidateAccess, candidateOf, EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { openPadForCandidate, openPadForStaff, readPadPlayback } from "./pads.ts";
import {
  padInterviewParams,
  padParams,
  padPlaybackSchema,
  padSchema,
  startPadFromBody,
  startPadFromResponse,
} from "./schemas.ts";
import { startPadFrom } from "./start-from.ts";

export function registerPadRoutes(app: HttpApp, deps: RouteDependencies) {
  const services = { db: deps.database.db, clock: deps.clock };

  app.get(
    "/api/v1/interviews/:interviewId/pad",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["pads"],
        summary:
          "The interview's live pad (pair programming and system design), created on first open; interviewers of the interview and the hiring team",
        params: padInterviewParams,
        response: { 200: padSchema, ...authErrorResponses, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return openPadForStaff(services, member, request.params.interviewId);
    },
  );

  app.get(
    "/api/v1/pads/:padId/playback",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["pads"],
        summary:
          "Everything to replay a pad: snapshots, every update and the markers (runs, flagged pastes, the candidate leaving the tab)",
        params: padParams,
        response: { 200: padPlaybackSchema, ...authErrorResponses, 404: problemSchema },
      },
    },
    async (request) => readPadPlayback(services, memberOf(request), request.params.padId),
  );

  app.post(
    "/api/v1/pads/:padId/start-from",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["pads"],
        summary:
          "Replaces the pad's code with a challenge's starter or a kit question's prompt, for everyone in it; only before anyone has typed unless confirmed; the interview's interviewers",
        params: padParams,
        body: startPadFromBody,
        response: {
          200: startPadFromResponse,
          ...authErrorResponses,
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) =>
      startPadFrom(
        { ...services, collaboration: app.padCollaboration },
        memberOf(request),
        request.params.padId,
        request.body,
      ),
  );

  app.get(
    "/api/v1/portal/interviews/:interviewId/pad",
    {
      config: { access: candidateAccess },
      schema: {
        tags: ["portal"],
        summary: "The candidate's own interview pad (never the interviewer panel), created on first open",
        params: padInterviewParams,
        response: { 200: padSchema, ...authErrorResponses, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => openPadForCandidate(services, candidateOf(request), request.params.interviewId),
  );
}
