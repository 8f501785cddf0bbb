import { type EventStream, openEventStream, requireEventStreamAccept } from "../../platform/events-stream.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, listResponse, noContentResponse, problemSchema } from "../../server/schemas.ts";
import { EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { CALENDAR_MAX_BYTES } from "./calendar-fetch.ts";
import {
  getMyCalendar,
  getTeamFocusTime,
  importCalendar,
  importCalendarFromUrl,
  removeMyCalendar,
} from "./calendars.ts";
import {
  addRetroAction,
  addRetroItem,
  createRetroBoard,
  getRetroBoard,
  listRetroBoards,
  requireBoardAccess,
  retroBoardChanged,
  setRetroActionClosed,
  voteForRetroItem,
  withdrawRetroVote,
} from "./retros.ts";
import {
  boardActionParams,
  boardItemParams,
  boardParams,
  calendarFileBody,
  calendarUrlBody,
  myCalendar,
  practiceTeamDetail,
  practiceTeamSummary,
  retroActionBody,
  retroActionPatch,
  retroBoardBody,
  retroBoardEventStream,
  retroBoardSummary,
  retroBoardView,
  retroItemBody,
  slackTestResponse,
  teamFocusTime,
  teamMembersBody,
  teamParams,
  teamSettingsBody,
  teamSettingsView,
  teamSlackBody,
  teamUpdateBody,
  teamUpdatesQuery,
  teamUpdatesWeek,
  updateParticipation,
  weeksQuery,
} from "./schemas.ts";
import {
  getPracticeTeam,
  listPracticeTeams,
  setTeamMembers,
  TEAM_MANAGER_ROLES,
  updateTeamSettings,
} from "./team-access.ts";
import { removeTeamSlackWebhook, sendTeamSlackTest, setTeamSlackWebhook } from "./team-slack.ts";
import { getUpdateParticipation, getUpdatesWeek, saveMyUpdate } from "./updates.ts";

/**
 * Team practices (issue 13, item 4). Every member of the organisation may call these routes, as
 * any of them may be in a team; the services then let a caller see only their own teams, unless
 * they are an admin or hiring manager (TEAM_MANAGER_ROLES), who see and arrange every team.
 */
export function registerTeamPracticeRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };
  const retroDeps = { ...services, events: deps.events };
  const anyMember = { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) };
  const managers = { access: staffAccess(TEAM_MANAGER_ROLES, { tokens: true }) };
  const tags = ["team-practices"];
  const base = "/api/v1/team-practices";

  app.get(
    `${base}/teams`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "The teams the caller may see: their own, or every team for admins and hiring managers",
        response: { 200: listResponse(practiceTeamSummary), ...authErrorResponses },
      },
    },
    async (request) => ({ items: await listPracticeTeams(db, memberOf(request)) }),
  );

  app.get(
    `${base}/teams/:teamId`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "A team's members and practice settings (the Slack URL is never returned)",
        params: teamParams,
        response: { 200: practiceTeamDetail, ...authErrorResponses },
      },
    },
    async (request) => getPracticeTeam(db, memberOf(request), request.params.teamId),
  );

  app.put(
    `${base}/teams/:teamId/members`,
    {
      config: managers,
      schema: {
        tags,
        summary: "Set who is in the team (admins, hiring managers)",
        params: teamParams,
        body: teamMembersBody,
        response: { 200: practiceTeamDetail, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      await setTeamMembers(services, member, request.params.teamId, request.body.userIds);
      return getPracticeTeam(db, member, request.params.teamId);
    },
  );

  app.patch(
    `${base}/teams/:teamId/settings`,
    {
      config: managers,
      schema: {
        tags,
        summary: "The time zone and working hours focus time is measured in (admins, hiring managers)",
        params: teamParams,
        body: teamSettingsBody,
        response: { 200: teamSettingsView, ...authErrorResponses },
      },
    },
    async (request) => updateTeamSettings(services, memberOf(request), request.params.teamId, request.body),
  );

  app.put(
    `${base}/teams/:teamId/slack-webhook`,
    {
      config: managers,
      schema: {
        tags,
        summary: "Post the team's update prompts and digests to this Slack incoming webhook; stored sealed",
        params: teamParams,
        body: teamSlackBody,
        response: { 204: noContentResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      await setTeamSlackWebhook(
        { ...services, secret: deps.config.secret },
        memberOf(request),
        request.params.teamId,
        request.body.url,
      );
      return reply.code(204).send(null);
    },
  );

  app.delete(
    `${base}/teams/:teamId/slack-webhook`,
    {
      config: managers,
      schema: {
        tags,
        summary: "Stop posting to Slack for this team",
        params: teamParams,
        response: { 204: noContentResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      await removeTeamSlackWebhook(
        { ...services, secret: deps.config.secret },
        memberOf(request),
        request.params.teamId,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${base}/teams/:teamId/slack-webhook/test`,
    {
      config: managers,
      schema: {
        tags,
        summary: "Send a test message through the team's stored Slack webhook",
        params: teamParams,
        response: { 200: slackTestResponse, 409: problemSchema, 503: problemSchema, ...authErrorResponses },
      },
    },
    async (request) =>
      sendTeamSlackTest(
        { ...services, secret: deps.config.secret },
        memberOf(request),
        request.params.teamId,
      ),
  );

  app.get(
    `${base}/teams/:teamId/updates`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "The team's digest of written updates for a week (remote and hybrid teams); never scored",
        params: teamParams,
        querystring: teamUpdatesQuery,
        response: { 200: teamUpdatesWeek, 409: problemSchema, ...authErrorResponses },
      },
    },
    async (request) => getUpdatesWeek(services, memberOf(request), request.params.teamId, request.query.week),
  );

  app.put(
    `${base}/teams/:teamId/updates/mine`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "Write or rewrite the caller's update for the current week (team members)",
        params: teamParams,
        body: teamUpdateBody,
        response: { 200: teamUpdatesWeek, 409: problemSchema, ...authErrorResponses },
      },
    },
    async (request) => saveMyUpdate(services, memberOf(request), request.params.teamId, request.body),
  );

  app.get(
    `${base}/teams/:teamId/updates/participation`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "The share of the team's members who posted, per week; no per-person figures",
        params: teamParams,
        querystring: weeksQuery,
        response: { 200: updateParticipation, 409: problemSchema, ...authErrorResponses },
      },
    },
    async (request) =>
      getUpdateParticipation(services, memberOf(request), request.params.teamId, request.query.weeks),
  );

  app.get(
    `${base}/teams/:teamId/retros`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "The team's retro boards, newest first",
        params: teamParams,
        response: { 200: listResponse(retroBoardSummary), ...authErrorResponses },
      },
    },
    async (request) => ({ items: await listRetroBoards(db, memberOf(request), request.params.teamId) }),
  );

  app.post(
    `${base}/teams/:teamId/retros`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "Open a retro board for a sprint (team members)",
        params: teamParams,
        body: retroBoardBody,
        response: { 201: retroBoardSummary, 409: problemSchema, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const board = await createRetroBoard(
        retroDeps,
        memberOf(request),
        request.params.teamId,
        request.body.sprint,
      );
      return reply.code(201).send(board);
    },
  );

  app.get(
    `${base}/retros/:boardId`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "A retro board: anonymous items with vote counts, and the action items open or raised here",
        params: boardParams,
        response: { 200: retroBoardView, ...authErrorResponses },
      },
    },
    async (request) => getRetroBoard(db, memberOf(request), request.params.boardId),
  );

  app.post(
    `${base}/retros/:boardId/items`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "Add an anonymous item (the author is not stored)",
        params: boardParams,
        body: retroItemBody,
        response: { 200: retroBoardView, ...authErrorResponses },
      },
    },
    async (request) => addRetroItem(retroDeps, memberOf(request), request.params.boardId, request.body),
  );

  app.put(
    `${base}/retros/:boardId/items/:itemId/vote`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "Vote for an item (one vote per person per item; voting twice changes nothing)",
        params: boardItemParams,
        response: { 200: retroBoardView, ...authErrorResponses },
      },
    },
    async (request) =>
      voteForRetroItem(retroDeps, memberOf(request), request.params.boardId, request.params.itemId),
  );

  app.delete(
    `${base}/retros/:boardId/items/:itemId/vote`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "Withdraw the caller's vote for an item",
        params: boardItemParams,
        response: { 200: retroBoardView, ...authErrorResponses },
      },
    },
    async (request) =>
      withdrawRetroVote(retroDeps, memberOf(request), request.params.boardId, request.params.itemId),
  );

  app.post(
    `${base}/retros/:boardId/actions`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "Add an action item with an owner from the team; it carries over until closed",
        params: boardParams,
        body: retroActionBody,
        response: { 200: retroBoardView, ...authErrorResponses },
      },
    },
    async (request) => addRetroAction(retroDeps, memberOf(request), request.params.boardId, request.body),
  );

  app.patch(
    `${base}/retros/:boardId/actions/:actionId`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "Close or reopen an action item, from a board it appears on",
        params: boardActionParams,
        body: retroActionPatch,
        response: { 200: retroBoardView, ...authErrorResponses },
      },
    },
    async (request) =>
      setRetroActionClosed(
        retroDeps,
        memberOf(request),
        request.params.boardId,
        request.params.actionId,
        request.body.isClosed,
      ),
  );

  registerRetroEventsRoute(app, deps);

  app.get(
    `${base}/calendar`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "Whether the caller imported a calendar, when and how many busy times it held",
        response: { 200: myCalendar, ...authErrorResponses },
      },
    },
    async (request) => getMyCalendar(db, memberOf(request)),
  );

  app.put(
    `${base}/calendar/file`,
    {
      config: anyMember,
      bodyLimit: 3 * CALENDAR_MAX_BYTES,
      schema: {
        tags,
        summary:
          "Import the caller's calendar from an .ics file (replaces the previous import; only busy times are kept)",
        body: calendarFileBody,
        response: { 200: myCalendar, 413: problemSchema, ...authErrorResponses },
      },
    },
    async (request) => importCalendar(services, memberOf(request), request.body.content, "file"),
  );

  app.put(
    `${base}/calendar/url`,
    {
      config: anyMember,
      schema: {
        tags,
        summary:
          "Import the caller's calendar from an http(s) URL on the public internet (fetched once, within size and time limits; the URL is not stored)",
        body: calendarUrlBody,
        response: { 200: myCalendar, 413: problemSchema, ...authErrorResponses },
      },
    },
    async (request) => importCalendarFromUrl(services, memberOf(request), request.body.url),
  );

  app.delete(
    `${base}/calendar`,
    {
      config: anyMember,
      schema: {
        tags,
        summary: "Delete the caller's imported calendar",
        response: { 204: noContentResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      await removeMyCalendar(db, memberOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${base}/teams/:teamId/focus-time`,
    {
      config: anyMember,
      schema: {
        tags,
        summary:
          "The team's focus blocks (≥ 2 h without meetings in working hours) per member-week, as a distribution and trend; never per person",
        params: teamParams,
        querystring: weeksQuery,
        response: { 200: teamFocusTime, 409: problemSchema, ...authErrorResponses },
      },
    },
    async (request) =>
      getTeamFocusTime(services, memberOf(request), request.params.teamId, request.query.weeks),
  );
}

/**
 * GET …/retros/:boardId/events: the board as server-sent events, so everyone on it sees items,
 * votes and actions arrive without reloading. The first `board` event is the board once the
 * stream listens; each later one follows a change. Reads are chained, so they arrive in order.
 */
function registerRetroEventsRoute(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const openStreams = new Set<EventStream>();
  app.addHook("preClose", async () => {
    for (const stream of [...openStreams]) stream.close();
  });

  app.get(
    "/api/v1/team-practices/retros/:boardId/events",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["team-practices"],
        summary: "Server-sent events (EventSource) of a retro board: `board` first, then after every change",
        params: boardParams,
        response: { 200: retroBoardEventStream, 406: problemSchema, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const { boardId } = request.params;
      // Someone who may not see the board learns that first, whatever they accept.
      await requireBoardAccess(db, member, boardId);
      requireEventStreamAccept(request);
      const stream = openEventStream(reply, openStreams);
      let chain: Promise<void> = Promise.resolve();
      const sendBoard = () => {
        chain = chain
          .then(async () => {
            if (stream.isClosed) return;
            stream.send("board", await getRetroBoard(db, member, boardId));
          })
          .catch((error: unknown) => {
            // Access may have ended (removed from the team): the stream ends with it.
            request.log.warn({ err: error }, "retro board stream ended");
            stream.close();
          });
      };
      const unsubscribe = deps.events.subscribe(retroBoardChanged, (event) => {
        if (event.boardId === boardId) sendBoard();
      });
      stream.onClose(unsubscribe);
      sendBoard();
    },
  );
}
