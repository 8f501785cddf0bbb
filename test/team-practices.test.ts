import { readFileSync } from "node:fs";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboundEmails } from "../src/modules/mail/mail-table.ts";
import { fetchCalendar } from "../src/modules/team-practices/calendar-fetch.ts";
import { teamPracticeSettings } from "../src/modules/team-practices/team-practices-table.ts";
import { setTeamSlackWebhook } from "../src/modules/team-practices/team-slack.ts";
import { sendUpdateDigests, sendUpdatePrompts } from "../src/modules/team-practices/updates.ts";
import { fixedClock } from "../src/platform/clock.ts";
import { queryRows } from "../src/platform/db/client.ts";
import { testEngines } from "./support/databases.ts";
import { openEventStreamReader } from "./support/event-stream-reader.ts";
import { addTestMember } from "./support/hiring-seed.ts";
import { startLocalServer } from "./support/local-server.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

const SECRET = "test-secret-test-secret-test-secret-0123";
const WEEK = 7 * 86_400_000;
const calendarFixture = readFileSync(new URL("./fixtures/team-calendar.ics", import.meta.url), "utf8");

type Member = { id: string; email: string; token: string };
type Board = {
  items: { id: string; prompt: string; text: string; votes: number; hasMyVote: boolean }[];
  actions: {
    id: string;
    text: string;
    owner: { id: string };
    isCarriedOver: boolean;
    isClosed: boolean;
    raisedOn: string;
  }[];
};

describe.each(testEngines)("team practices on %s", (engine) => {
  // Wednesday 4 March 2026, 10:00 UTC: the fixture calendar's first week.
  const clock = fixedClock(new Date("2026-03-04T10:00:00Z"));
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let ana: Member;
  let ben: Member;
  let cleo: Member;
  let outsider: Member;
  let remoteTeam: string;
  let onsiteTeam: string;
  let hybridTeam: string;

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    org = await seedOrganization(server.database, "Practices");
    other = await seedOrganization(server.database, "Elsewhere");
    ana = await addTestMember(server.database, org.id, "Ana Writer");
    ben = await addTestMember(server.database, org.id, "Ben Voter");
    cleo = await addTestMember(server.database, org.id, "Cleo Quiet");
    outsider = await addTestMember(server.database, org.id, "Olga Outside");
    const createTeam = async (name: string, workModel: string) => {
      const created = await call(server, "POST", "/api/v1/outcomes/teams", {
        token: org.users.admin.token,
        body: { name, workModel },
      });
      expect(created.status).toBe(201);
      return String(created.body.id);
    };
    remoteTeam = await createTeam("Remote Crew", "remote");
    onsiteTeam = await createTeam("Office Crew", "onsite");
    hybridTeam = await createTeam("Hybrid Crew", "hybrid");
    for (const teamId of [remoteTeam, onsiteTeam, hybridTeam]) {
      const set = await call(server, "PUT", `/api/v1/team-practices/teams/${teamId}/members`, {
        token: org.users.hiring_manager.token,
        body: { userIds: [ana.id, ben.id, cleo.id] },
      });
      expect(set.status).toBe(200);
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  const path = (suffix: string) => `/api/v1/team-practices${suffix}`;

  describe("membership and access", () => {
    it("shows members their teams and managers every team; others see nothing", async () => {
      const mine = await call(server, "GET", path("/teams"), { token: ana.token });
      expect((mine.body.items as { name: string; isMember: boolean }[]).map((team) => team.name)).toEqual([
        "Hybrid Crew",
        "Office Crew",
        "Remote Crew",
      ]);
      const outsiders = await call(server, "GET", path("/teams"), { token: outsider.token });
      expect(outsiders.body.items).toEqual([]);
      const interviewer = await call(server, "GET", path(`/teams/${remoteTeam}`), {
        token: org.users.interviewer.token,
      });
      expect(interviewer.status).toBe(404);
      const recruiterBoard = await call(server, "GET", path(`/teams/${remoteTeam}/retros`), {
        token: org.users.recruiter.token,
      });
      expect(recruiterBoard.status).toBe(404);
      const manager = await call(server, "GET", path(`/teams/${remoteTeam}`), {
        token: org.users.hiring_manager.token,
      });
      expect(manager.status).toBe(200);
      expect(manager.body).toMatchObject({
        canManage: true,
        isMember: false,
        hasAsyncUpdates: true,
        hasFocusTime: false,
      });
      expect((manager.body.members as { id: string }[]).map((member) => member.id).sort()).toEqual(
        [ana.id, ben.id, cleo.id].sort(),
      );
    });

    it("lets only managers arrange a team, and only with the organisation's own members", async () => {
      const byMember = await call(server, "PUT", path(`/teams/${remoteTeam}/members`), {
        token: ana.token,
        body: { userIds: [ana.id] },
      });
      expect(byMember.status).toBe(403);
      const stranger = await call(server, "PUT", path(`/teams/${remoteTeam}/members`), {
        token: org.users.admin.token,
        body: { userIds: [ana.id, other.users.admin.id] },
      });
      expect(stranger.status).toBe(400);
      expect(stranger.body.detail).toBe("Every team member must be a member of this organisation.");
      expect(JSON.stringify(stranger.body)).not.toContain(other.users.admin.id);
      const badZone = await call(server, "PATCH", path(`/teams/${hybridTeam}/settings`), {
        token: org.users.admin.token,
        body: { timeZone: "Mars/Olympus" },
      });
      expect(badZone.status).toBe(400);
      const backwards = await call(server, "PATCH", path(`/teams/${hybridTeam}/settings`), {
        token: org.users.admin.token,
        body: { workdayStartHour: 17, workdayEndHour: 9 },
      });
      expect(backwards.status).toBe(400);
    });

    it("answers another organisation with not found, whatever it asks", async () => {
      const token = other.users.admin.token;
      expect((await call(server, "GET", path(`/teams/${remoteTeam}`), { token })).status).toBe(404);
      expect((await call(server, "GET", path(`/teams/${remoteTeam}/updates`), { token })).status).toBe(404);
      expect((await call(server, "GET", path(`/teams/${hybridTeam}/focus-time`), { token })).status).toBe(
        404,
      );
      expect(
        (await call(server, "PUT", path(`/teams/${remoteTeam}/members`), { token, body: { userIds: [] } }))
          .status,
      ).toBe(404);
      expect((await call(server, "GET", path("/teams"), { token })).body.items).toEqual([]);
    });
  });

  describe("async updates", () => {
    it("keeps one update per member and week and shows the share who posted, never who did not", async () => {
      const empty = await call(server, "PUT", path(`/teams/${remoteTeam}/updates/mine`), {
        token: ana.token,
        body: { moved: "  ", blocked: "", next: "Ship it" },
      });
      expect(empty.status).toBe(400);
      expect(String(empty.body.detail)).toContain("moved");
      const first = await call(server, "PUT", path(`/teams/${remoteTeam}/updates/mine`), {
        token: ana.token,
        body: { moved: "Draft of the API", blocked: "", next: "Review" },
      });
      expect(first.status).toBe(200);
      const rewritten = await call(server, "PUT", path(`/teams/${remoteTeam}/updates/mine`), {
        token: ana.token,
        body: { moved: "The API is merged", blocked: "Waiting on keys", next: "Release" },
      });
      expect(rewritten.body).toMatchObject({ weekStart: "2026-03-02", postedCount: 1, memberCount: 3 });
      await call(server, "PUT", path(`/teams/${remoteTeam}/updates/mine`), {
        token: ben.token,
        body: { moved: "Alerts", blocked: "", next: "Dashboards" },
      });
      const digest = await call(server, "GET", path(`/teams/${remoteTeam}/updates`), {
        token: org.users.hiring_manager.token,
      });
      expect(digest.body).toMatchObject({ postedCount: 2, memberCount: 3, mine: null, isCurrentWeek: true });
      const updates = digest.body.updates as { authorName: string; moved: string }[];
      expect(updates.map((update) => [update.authorName, update.moved])).toEqual([
        ["Ana Writer", "The API is merged"],
        ["Ben Voter", "Alerts"],
      ]);
      // A manager reads but does not post; an onsite team has no written updates.
      const managerPost = await call(server, "PUT", path(`/teams/${remoteTeam}/updates/mine`), {
        token: org.users.hiring_manager.token,
        body: { moved: "x", blocked: "", next: "y" },
      });
      expect(managerPost.status).toBe(403);
      const onsite = await call(server, "GET", path(`/teams/${onsiteTeam}/updates`), { token: ana.token });
      expect(onsite.status).toBe(409);
      expect(onsite.body.detail).toContain("remote and hybrid");

      const share = await call(server, "GET", path(`/teams/${remoteTeam}/updates/participation?weeks=3`), {
        token: cleo.token,
      });
      expect(share.body).toEqual({
        memberCount: 3,
        weeks: [
          { weekStart: "2026-02-16", postedCount: 0, share: 0 },
          { weekStart: "2026-02-23", postedCount: 0, share: 0 },
          { weekStart: "2026-03-02", postedCount: 2, share: 0.667 },
        ],
      });
      expect(JSON.stringify(share.body)).not.toContain(cleo.id);
      const tooMany = await call(
        server,
        "GET",
        path(`/teams/${remoteTeam}/updates/participation?weeks=500`),
        {
          token: cleo.token,
        },
      );
      expect(tooMany.status).toBe(400);
    });

    it("prompts those who have not posted by email and Slack once a week, then sends the digest", async () => {
      const slack = await startLocalServer((_request, response) => response.end("ok"));
      try {
        const manager = {
          organizationId: org.id,
          userId: org.users.admin.id,
          role: "admin" as const,
          actor: { type: "system" as const, userId: null, tokenId: null, ip: null, userAgent: null },
        };
        const slackUrl = `http://127.0.0.1:${slack.port}/services/T000/B000/secret-part`;
        await setTeamSlackWebhook(
          { db: server.database.db, clock, secret: SECRET, slackHosts: [`127.0.0.1:${slack.port}`] },
          manager,
          remoteTeam,
          slackUrl,
        );
        // Sealed: the stored value and every answer are free of the URL.
        const [stored] = await server.database.db
          .select({ sealed: teamPracticeSettings.sealedSlackUrl })
          .from(teamPracticeSettings)
          .where(eq(teamPracticeSettings.teamId, remoteTeam));
        expect(stored?.sealed).toBeTruthy();
        expect(stored?.sealed).not.toContain("secret-part");
        const team = await call(server, "GET", path(`/teams/${remoteTeam}`), {
          token: org.users.admin.token,
        });
        expect(team.body.settings).toMatchObject({ hasSlackWebhook: true });
        expect(JSON.stringify(team.body)).not.toContain("secret-part");

        const test = await call(server, "POST", path(`/teams/${remoteTeam}/slack-webhook/test`), {
          token: org.users.admin.token,
        });
        expect(test.status).toBe(200);
        expect(slack.received.at(-1)?.body).toContain("Evident test message for Remote Crew");
        const noHook = await call(server, "POST", path(`/teams/${hybridTeam}/slack-webhook/test`), {
          token: org.users.admin.token,
        });
        expect(noHook.status).toBe(409);
        const notSlack = await call(server, "PUT", path(`/teams/${hybridTeam}/slack-webhook`), {
          token: org.users.admin.token,
          body: { url: "https://example.com/hook" },
        });
        expect(notSlack.status).toBe(400);
        const byMember = await call(server, "PUT", path(`/teams/${hybridTeam}/slack-webhook`), {
          token: ana.token,
          body: { url: "https://hooks.slack.com/services/T/B/X" },
        });
        expect(byMember.status).toBe(403);

        const deps = { db: server.database.db, clock, mailer: server.mailer, secret: SECRET };
        const prompts = await sendUpdatePrompts(deps, "https://evident.example");
        // Remote: Cleo had not posted; hybrid: nobody had. Onsite teams get no prompt.
        expect(prompts).toEqual({ emailed: 4, slackPosts: 1 });
        expect(slack.received.at(-1)?.body).toContain("weekly update");
        expect(await sendUpdatePrompts(deps, "https://evident.example")).toEqual({
          emailed: 0,
          slackPosts: 0,
        });
        const promptRecipients = await server.database.db
          .select({ to: outboundEmails.toAddress })
          .from(outboundEmails)
          .where(
            and(eq(outboundEmails.organizationId, org.id), eq(outboundEmails.template, "team_update_prompt")),
          );
        expect(promptRecipients.map((row) => row.to).sort()).toEqual(
          [ana.email, ben.email, cleo.email, cleo.email].sort(),
        );

        const digests = await sendUpdateDigests(deps, "https://evident.example");
        expect(digests.emailed).toBe(6);
        const [remoteDigest] = await server.database.db
          .select({ body: outboundEmails.bodyText })
          .from(outboundEmails)
          .where(
            and(
              eq(outboundEmails.template, "team_update_digest"),
              eq(outboundEmails.toAddress, cleo.email),
              sql`${outboundEmails.subject} like 'Remote Crew%'`,
            ),
          );
        expect(remoteDigest?.body).toContain("The API is merged");
        expect(remoteDigest?.body).toContain("Ben Voter");
      } finally {
        await slack.close();
      }
    });

    it("counts last week's posts once the week has turned", async () => {
      clock.advance(WEEK);
      try {
        const share = await call(server, "GET", path(`/teams/${remoteTeam}/updates/participation?weeks=2`), {
          token: ana.token,
        });
        expect(share.body.weeks).toEqual([
          { weekStart: "2026-03-02", postedCount: 2, share: 0.667 },
          { weekStart: "2026-03-09", postedCount: 0, share: 0 },
        ]);
        const lastWeek = await call(server, "GET", path(`/teams/${remoteTeam}/updates?week=2026-03-05`), {
          token: ana.token,
        });
        expect(lastWeek.body).toMatchObject({
          weekStart: "2026-03-02",
          isCurrentWeek: false,
          postedCount: 2,
        });
      } finally {
        clock.advance(-WEEK);
      }
    });
  });

  describe("retrospectives", () => {
    let sprintOne: string;

    it("stores items without their author and takes one vote per person per item", async () => {
      const board = await call(server, "POST", path(`/teams/${remoteTeam}/retros`), {
        token: ana.token,
        body: { sprint: "Sprint 1" },
      });
      expect(board.status).toBe(201);
      sprintOne = String(board.body.id);
      const again = await call(server, "POST", path(`/teams/${remoteTeam}/retros`), {
        token: ben.token,
        body: { sprint: "Sprint 1" },
      });
      expect(again.status).toBe(409);

      const added = await call(server, "POST", path(`/retros/${sprintOne}/items`), {
        token: ana.token,
        body: { prompt: "to_improve", text: "Reviews wait too long" },
      });
      expect(added.status).toBe(200);
      await call(server, "POST", path(`/retros/${sprintOne}/items`), {
        token: ben.token,
        body: { prompt: "went_well", text: "Pairing on the migration" },
      });
      const badPrompt = await call(server, "POST", path(`/retros/${sprintOne}/items`), {
        token: ben.token,
        body: { prompt: "blame", text: "x" },
      });
      expect(badPrompt.status).toBe(400);

      // Anonymity by construction: the table has no column that could name the author.
      const columns = await queryRows<{ column_name: string }>(
        server.database.db,
        sql`select column_name from information_schema.columns where table_name = 'retro_items'`,
      );
      expect(columns.map((column) => column.column_name).sort()).toEqual(
        ["board_id", "created_at", "id", "organization_id", "prompt", "text"].sort(),
      );
      const view = (await call(server, "GET", path(`/retros/${sprintOne}`), { token: cleo.token }))
        .body as Board;
      expect(JSON.stringify(view.items)).not.toContain(ana.id);
      const item = view.items.find((entry) => entry.text === "Reviews wait too long");
      if (!item) throw new Error("item missing");

      await call(server, "PUT", path(`/retros/${sprintOne}/items/${item.id}/vote`), { token: ana.token });
      const twice = await call(server, "PUT", path(`/retros/${sprintOne}/items/${item.id}/vote`), {
        token: ana.token,
      });
      expect((twice.body as Board).items.find((entry) => entry.id === item.id)).toMatchObject({
        votes: 1,
        hasMyVote: true,
      });
      const benVote = await call(server, "PUT", path(`/retros/${sprintOne}/items/${item.id}/vote`), {
        token: ben.token,
      });
      // Most votes first; the caller sees only their own vote marked.
      expect((benVote.body as Board).items[0]).toMatchObject({ id: item.id, votes: 2, hasMyVote: true });
      const seenByCleo = (await call(server, "GET", path(`/retros/${sprintOne}`), { token: cleo.token }))
        .body as Board;
      expect(seenByCleo.items[0]).toMatchObject({ votes: 2, hasMyVote: false });
      const withdrawn = await call(server, "DELETE", path(`/retros/${sprintOne}/items/${item.id}/vote`), {
        token: ben.token,
      });
      expect((withdrawn.body as Board).items[0]).toMatchObject({ votes: 1, hasMyVote: false });
      const managerVote = await call(server, "PUT", path(`/retros/${sprintOne}/items/${item.id}/vote`), {
        token: org.users.hiring_manager.token,
      });
      expect(managerVote.status).toBe(403);
      const otherOrg = await call(server, "PUT", path(`/retros/${sprintOne}/items/${item.id}/vote`), {
        token: other.users.admin.token,
      });
      expect(otherOrg.status).toBe(404);
      const interviewer = await call(server, "GET", path(`/retros/${sprintOne}`), {
        token: org.users.interviewer.token,
      });
      expect(interviewer.status).toBe(404);
    });

    it("carries action items over to the next boards until closed", async () => {
      const notMember = await call(server, "POST", path(`/retros/${sprintOne}/actions`), {
        token: ana.token,
        body: { text: "Review rota", ownerId: outsider.id },
      });
      expect(notMember.status).toBe(400);
      expect(notMember.body.detail).toBe("An action item's owner must be a member of the team.");
      const added = await call(server, "POST", path(`/retros/${sprintOne}/actions`), {
        token: ana.token,
        body: { text: "Review rota", ownerId: ben.id },
      });
      expect((added.body as Board).actions).toMatchObject([
        { text: "Review rota", isCarriedOver: false, isClosed: false },
      ]);

      clock.advance(14 * 86_400_000);
      try {
        const two = await call(server, "POST", path(`/teams/${remoteTeam}/retros`), {
          token: ben.token,
          body: { sprint: "Sprint 2" },
        });
        const sprintTwo = String(two.body.id);
        const boardTwo = (await call(server, "GET", path(`/retros/${sprintTwo}`), { token: cleo.token }))
          .body as Board;
        expect(boardTwo.actions).toMatchObject([
          {
            text: "Review rota",
            owner: { id: ben.id },
            isCarriedOver: true,
            isClosed: false,
            raisedOn: "Sprint 1",
          },
        ]);
        const actionId = boardTwo.actions[0]?.id ?? "";
        const closed = await call(server, "PATCH", path(`/retros/${sprintTwo}/actions/${actionId}`), {
          token: ben.token,
          body: { isClosed: true },
        });
        expect((closed.body as Board).actions).toMatchObject([{ isClosed: true, isCarriedOver: true }]);

        clock.advance(14 * 86_400_000);
        const three = await call(server, "POST", path(`/teams/${remoteTeam}/retros`), {
          token: ben.token,
          body: { sprint: "Sprint 3" },
        });
        const boardThree = (
          await call(server, "GET", path(`/retros/${String(three.body.id)}`), { token: ana.token })
        ).body as Board;
        expect(boardThree.actions).toEqual([]);
        // The board it was raised on keeps it, closed.
        const boardOne = (await call(server, "GET", path(`/retros/${sprintOne}`), { token: ana.token }))
          .body as Board;
        expect(boardOne.actions).toMatchObject([
          { text: "Review rota", isClosed: true, isCarriedOver: false },
        ]);
        // Another team's action cannot be closed from this board.
        const otherBoard = await call(server, "POST", path(`/teams/${hybridTeam}/retros`), {
          token: ben.token,
          body: { sprint: "Hybrid 1" },
        });
        const foreign = await call(
          server,
          "PATCH",
          path(`/retros/${String(otherBoard.body.id)}/actions/${actionId}`),
          {
            token: ben.token,
            body: { isClosed: false },
          },
        );
        expect(foreign.status).toBe(404);
      } finally {
        clock.advance(-28 * 86_400_000);
      }
    });

    it("streams the board to everyone on it as items and votes arrive", async () => {
      const stream = await openEventStreamReader(`${server.url}${path(`/retros/${sprintOne}/events`)}`, {
        authorization: `Bearer ${cleo.token}`,
      });
      try {
        expect(stream.response.status).toBe(200);
        const first = await stream.next(10_000);
        if (!first) throw new Error("the stream ended before its first event");
        expect(first.event).toBe("board");
        const before = (first.data as Board).items.length;
        await call(server, "POST", path(`/retros/${sprintOne}/items`), {
          token: ana.token,
          body: { prompt: "ideas", text: "Try async stand-ups" },
        });
        const next = await stream.next(10_000);
        const board = next?.data as Board;
        expect(board.items).toHaveLength(before + 1);
        expect(board.items.map((item) => item.text)).toContain("Try async stand-ups");
      } finally {
        stream.close();
      }
      const outsiderStream = await openEventStreamReader(
        `${server.url}${path(`/retros/${sprintOne}/events`)}`,
        {
          authorization: `Bearer ${outsider.token}`,
        },
      );
      expect(outsiderStream.response.status).toBe(404);
      outsiderStream.close();
      const notEventStream = await call(server, "GET", path(`/retros/${sprintOne}/events`), {
        token: ana.token,
      });
      expect(notEventStream.status).toBe(406);
    });
  });

  describe("focus time", () => {
    it("refuses what is not a calendar", async () => {
      const pdf = await call(server, "PUT", path("/calendar/file"), {
        token: ana.token,
        body: { content: "%PDF-1.7 not a calendar" },
      });
      expect(pdf.status).toBe(400);
      expect(pdf.body.detail).toContain("not an iCalendar");
    });

    it("shows a team distribution only once three members imported, never per person", async () => {
      for (const member of [ana, ben]) {
        const imported = await call(server, "PUT", path("/calendar/file"), {
          token: member.token,
          body: { content: calendarFixture },
        });
        expect(imported.status).toBe(200);
        expect(imported.body).toMatchObject({ isImported: true, source: "file", eventCount: 21 });
      }
      const two = await call(server, "GET", path(`/teams/${hybridTeam}/focus-time?weeks=2`), {
        token: cleo.token,
      });
      expect(two.body).toMatchObject({ importedCount: 2, memberCount: 3, minGroupSize: 3 });
      expect(
        (two.body.weeks as { isShown: boolean; buckets: unknown }[]).every(
          (week) => !week.isShown && week.buckets === null,
        ),
      ).toBe(true);

      await call(server, "PUT", path("/calendar/file"), {
        token: cleo.token,
        body: { content: calendarFixture },
      });
      const three = await call(server, "GET", path(`/teams/${hybridTeam}/focus-time?weeks=2`), {
        token: org.users.hiring_manager.token,
      });
      const weeks = three.body.weeks as {
        weekStart: string;
        isShown: boolean;
        medianBlocks: number;
        medianFocusHours: number;
        buckets: { key: string; memberWeeks: number }[];
      }[];
      expect(weeks.map((week) => week.weekStart)).toEqual(["2026-02-23", "2026-03-02"]);
      expect(weeks[1]).toMatchObject({
        isShown: true,
        memberCount: 3,
        medianBlocks: 5,
        medianFocusHours: 27.8,
      });
      expect(weeks[1]?.buckets.find((bucket) => bucket.key === "some")?.memberWeeks).toBe(3);
      const text = JSON.stringify(three.body);
      for (const member of [ana, ben, cleo]) expect(text).not.toContain(member.id);

      const remote = await call(server, "GET", path(`/teams/${remoteTeam}/focus-time`), { token: ana.token });
      expect(remote.status).toBe(409);
      const outsiderView = await call(server, "GET", path(`/teams/${hybridTeam}/focus-time`), {
        token: outsider.token,
      });
      expect(outsiderView.status).toBe(404);

      // Deleting one's calendar takes the week back under the minimum.
      expect((await call(server, "DELETE", path("/calendar"), { token: cleo.token })).status).toBe(204);
      const after = await call(server, "GET", path(`/teams/${hybridTeam}/focus-time?weeks=1`), {
        token: ana.token,
      });
      expect(after.body).toMatchObject({ importedCount: 2, weeks: [{ isShown: false }] });
    });

    it("refuses calendar URLs that lead to loopback, private, link-local or metadata addresses", async () => {
      const local = await startLocalServer((_request, response) => {
        response.setHeader("content-type", "text/calendar");
        response.end(calendarFixture);
      });
      try {
        for (const url of [
          `http://127.0.0.1:${local.port}/calendar.ics`,
          `http://localhost:${local.port}/calendar.ics`,
          `http://[::1]:${local.port}/calendar.ics`,
          `http://[::ffff:127.0.0.1]:${local.port}/calendar.ics`,
          `webcal://127.0.0.1:${local.port}/calendar.ics`,
          "http://10.1.2.3/calendar.ics",
          "http://192.168.1.10/calendar.ics",
          "http://169.254.169.254/latest/meta-data/",
          "http://metadata.google.internal/computeMetadata/v1/",
          "http://user:password@calendar.example/calendar.ics",
          "file:///etc/passwd",
          "not a url",
        ]) {
          const refused = await call(server, "PUT", path("/calendar/url"), {
            token: ana.token,
            body: { url },
          });
          expect(refused.status, url).toBe(400);
          expect(String(refused.body.detail), url).toMatch(/^The calendar URL /);
        }
        expect(local.received).toEqual([]);

        // A public-looking name whose DNS answer is loopback is refused after resolution.
        await expect(
          fetchCalendar(`http://calendar.example.test:${local.port}/calendar.ics`, {
            resolve: async () => [{ address: "127.0.0.1", family: 4 }],
          }),
        ).rejects.toMatchObject({ detail: expect.stringContaining("loopback") });
        expect(local.received).toEqual([]);

        // With the address rule widened for this test only, the same fetch works, within limits.
        const allowLocal = { refusalOfAddress: () => null };
        const text = await fetchCalendar(`http://127.0.0.1:${local.port}/calendar.ics`, allowLocal);
        expect(text).toContain("BEGIN:VCALENDAR");
        await expect(
          fetchCalendar(`http://127.0.0.1:${local.port}/calendar.ics`, { ...allowLocal, maxBytes: 100 }),
        ).rejects.toMatchObject({ code: "payload_too_large" });
      } finally {
        await local.close();
      }
      const silent = await startLocalServer(() => {
        // Never answers.
      });
      const redirecting = await startLocalServer((_request, response) => {
        response.statusCode = 302;
        response.setHeader("location", "http://169.254.169.254/");
        response.end();
      });
      try {
        const allowLocal = { refusalOfAddress: () => null };
        await expect(
          fetchCalendar(`http://127.0.0.1:${silent.port}/slow.ics`, { ...allowLocal, timeoutMs: 300 }),
        ).rejects.toMatchObject({ detail: expect.stringContaining("did not answer") });
        await expect(
          fetchCalendar(`http://127.0.0.1:${redirecting.port}/moved.ics`, allowLocal),
        ).rejects.toMatchObject({
          detail: expect.stringContaining("redirects"),
        });
      } finally {
        await silent.close();
        await redirecting.close();
      }
    });
  });

  it("keeps the calendar to busy times of the member's own organisation", async () => {
    const rows = await queryRows<{ organization_id: string; count: number }>(
      server.database.db,
      sql`select organization_id, count(*)::int as count from calendar_busy_times group by organization_id`,
    );
    expect(rows.map((row) => row.organization_id)).toEqual([org.id]);
    const columns = await queryRows<{ column_name: string }>(
      server.database.db,
      sql`select column_name from information_schema.columns where table_name = 'calendar_busy_times'`,
    );
    expect(columns.map((column) => column.column_name)).not.toContain("summary");
    const users = await server.database.db
      .select({ id: outboundEmails.id })
      .from(outboundEmails)
      .where(inArray(outboundEmails.toAddress, [outsider.email]));
    expect(users).toEqual([]);
  });
});
