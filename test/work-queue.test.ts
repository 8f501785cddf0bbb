import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../src/modules/audit/audit-log.ts";
import {
  challengeAttempts,
  challengePackages,
  challengeSubmissions,
} from "../src/modules/challenges/grading-table.ts";
import { sendScorecardNudges, setSlackWebhook } from "../src/modules/work-queue/nudges.ts";
import { dayBounds } from "../src/modules/work-queue/work-queue.ts";
import { scorecardNudges } from "../src/modules/work-queue/work-queue-table.ts";
import { fixedClock } from "../src/platform/clock.ts";
import { newId } from "../src/platform/ids.ts";
import { testEngines } from "./support/databases.ts";
import { readOutboxFiles, textPart } from "./support/eml.ts";
import {
  addTestMember,
  openRole,
  ratingsFor,
  type SeededStage,
  seedApplication,
  seedStages,
} from "./support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

const DESIGN_KIT = "system-design-url-shortener";
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const SECRET = "test-secret-test-secret-test-secret-0123";

type Member = { id: string; email: string; token: string };
type Item = {
  kind: string;
  key: string;
  title: string;
  detail: string | null;
  at: string;
  isOverdue: boolean;
  path: string;
};

describe("dayBounds", () => {
  it("gives the calendar day around an instant in a time zone", () => {
    const at = new Date("2026-03-02T23:30:00Z");
    expect(dayBounds(at, "UTC")).toEqual({
      from: new Date("2026-03-02T00:00:00Z"),
      to: new Date("2026-03-03T00:00:00Z"),
    });
    // 00:30 on the 3rd in Lisbon's summer is still the 2nd in UTC; in winter Lisbon is UTC.
    expect(dayBounds(new Date("2026-07-02T23:30:00Z"), "Europe/Lisbon").from).toEqual(
      new Date("2026-07-02T23:00:00Z"),
    );
    expect(dayBounds(at, "America/New_York").from).toEqual(new Date("2026-03-02T05:00:00Z"));
  });
});

/** The Home work queue: each kind of item appears for the right people and disappears once done. */
describe.each(testEngines)("work queue on %s", (engine) => {
  // Real time, pinned: seeded rows take the database's now(), the services the clock's.
  const clock = fixedClock(new Date(Math.floor(Date.now() / HOUR) * HOUR));
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let ana: Member;
  let ben: Member;
  let roleId: string;
  let design: SeededStage;
  let challenge: SeededStage;
  let decision: SeededStage;

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    org = await seedOrganization(server.database, "Queue");
    other = await seedOrganization(server.database, "Elsewhere");
    ana = org.users.interviewer;
    ben = await addTestMember(server.database, org.id, "Ben Rater");
    roleId = await openRole(server, org.users.recruiter.token, { title: "Backend Engineer, Payments" });
    [design, challenge, decision] = (await seedStages(server.database, org.id, roleId, [
      { name: "System design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2, weight: 0.6 },
      { name: "Coding challenge", type: "async_challenge", weight: 0.4 },
      { name: "Decision", type: "decision" },
    ])) as [SeededStage, SeededStage, SeededStage];
  });

  afterAll(async () => {
    await server?.close();
  });

  async function queueOf(member: Member, query = ""): Promise<Item[]> {
    const response = await call(server, "GET", `/api/v1/work-queue${query}`, { token: member.token });
    expect(response.status).toBe(200);
    return response.body.items as Item[];
  }

  async function schedule(applicationId: string, at: Date, interviewers: Member[]) {
    const response = await call(server, "POST", "/api/v1/interviews", {
      token: org.users.recruiter.token,
      body: {
        applicationId,
        stageId: design.id,
        scheduledAt: at.toISOString(),
        durationMinutes: 60,
        interviewerIds: interviewers.map((member) => member.id),
        mode: "remote",
        videoLink: "https://meet.example.test/design",
      },
    });
    expect(response.status).toBe(201);
    return String(response.body.id);
  }

  async function fileScorecard(interviewId: string, member: Member) {
    const response = await call(server, "POST", `/api/v1/interviews/${interviewId}/scorecards`, {
      token: member.token,
      body: { ratings: ratingsFor(DESIGN_KIT, [3]), recommendation: "yes" },
    });
    expect(response.status).toBe(201);
  }

  it("lists owed scorecards (overdue first), today's interviews and ready decisions, and drops each once done", async () => {
    const ada = await seedApplication(
      server.database,
      org.id,
      roleId,
      {
        fullName: "Ada Queue",
        email: "ada.queue@example.test",
      },
      { stageId: design.id },
    );
    const bob = await seedApplication(
      server.database,
      org.id,
      roleId,
      {
        fullName: "Bob Today",
        email: "bob.today@example.test",
      },
      { stageId: design.id },
    );
    // Ada's interview ended two hours ago: Ana and Ben owe scorecards, not yet overdue.
    const adaInterview = await schedule(ada.applicationId, new Date(clock.now().getTime() - 3 * HOUR), [
      ana,
      ben,
    ]);
    let anaQueue = await queueOf(ana);
    const owed = anaQueue.find((item) => item.key === `scorecard_owed:${adaInterview}`);
    expect(owed).toMatchObject({
      kind: "scorecard_owed",
      title: "File your scorecard: Ada Queue, System design",
      isOverdue: false,
      path: `/interviews/${adaInterview}`,
    });
    expect(owed?.title).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);

    // A day later it is overdue and heads the queue; Bob's interview later today is listed too.
    clock.advance(DAY);
    const today = dayBounds(clock.now(), "UTC");
    const later = new Date(Math.min(clock.now().getTime() + HOUR, today.to.getTime() - HOUR));
    const bobInterview = await schedule(bob.applicationId, later > clock.now() ? later : clock.now(), [
      ana,
      ben,
    ]);
    anaQueue = await queueOf(ana);
    expect(anaQueue[0]).toMatchObject({ key: `scorecard_owed:${adaInterview}`, isOverdue: true });
    expect(anaQueue.map((item) => item.key)).toContain(`interview_today:${bobInterview}`);
    // The hiring team sees the organisation's interviews today; another organisation sees nothing.
    expect((await queueOf(org.users.recruiter)).map((item) => item.key)).toContain(
      `interview_today:${bobInterview}`,
    );
    expect(await queueOf(other.users.recruiter)).toEqual([]);

    // Ana files: her item goes, Ben's stays, and no decision is ready while his is missing.
    await fileScorecard(adaInterview, ana);
    expect((await queueOf(ana)).map((item) => item.key)).not.toContain(`scorecard_owed:${adaInterview}`);
    expect((await queueOf(ben)).map((item) => item.key)).toContain(`scorecard_owed:${adaInterview}`);
    expect((await queueOf(org.users.hiring_manager)).map((item) => item.key)).not.toContain(
      `decision_ready:${ada.applicationId}`,
    );

    // Ben files: every scorecard of the stage is in, so the hiring team may decide; interviewers are not asked.
    await fileScorecard(adaInterview, ben);
    const managerQueue = await queueOf(org.users.hiring_manager);
    expect(managerQueue.find((item) => item.key === `decision_ready:${ada.applicationId}`)).toMatchObject({
      title: "Decide on Ada Queue for Backend Engineer, Payments",
      detail: "Every scorecard of System design is in",
      path: `/applications/${ada.applicationId}/decision`,
    });
    expect((await queueOf(ana)).some((item) => item.kind === "decision_ready")).toBe(false);

    const decided = await call(server, "POST", `/api/v1/applications/${ada.applicationId}/decision`, {
      token: org.users.hiring_manager.token,
      body: {
        outcome: "no_hire",
        overrideReason: "Only one stage was held; the role needs the challenge too.",
      },
    });
    expect(decided.status).toBe(201);
    expect((await queueOf(org.users.hiring_manager)).map((item) => item.key)).not.toContain(
      `decision_ready:${ada.applicationId}`,
    );

    // Counts for the navigation match the list.
    const counts = await call(server, "GET", "/api/v1/work-queue/counts", { token: ana.token });
    const anaItems = await queueOf(ana);
    expect(counts.body.total).toBe(anaItems.length);
    expect((counts.body.counts as Record<string, number>).interview_today).toBe(
      anaItems.filter((item) => item.kind === "interview_today").length,
    );
  });

  it("lists challenge results until the application moves on, stalled candidates, and packages being validated", async () => {
    const cy = await seedApplication(
      server.database,
      org.id,
      roleId,
      {
        fullName: "Cy Challenge",
        email: "cy.challenge@example.test",
      },
      { stageId: challenge.id },
    );
    const attemptId = newId();
    await server.database.db.insert(challengeAttempts).values({
      id: attemptId,
      organizationId: org.id,
      applicationId: cy.applicationId,
      stageId: challenge.id,
      challengeId: "lru-cache",
      openedAt: clock.now(),
    });
    await server.database.db.insert(challengeSubmissions).values({
      id: newId(),
      organizationId: org.id,
      attemptId,
      mode: "submit",
      language: "typescript",
      files: { "solution.ts": "export {}" },
      status: "graded",
      score: 7,
      maxScore: 10,
      gradedAt: clock.now(),
    });
    const result = (await queueOf(org.users.recruiter)).find(
      (item) => item.key === `challenge_result:${cy.applicationId}`,
    );
    expect(result).toMatchObject({
      title: "Challenge result in: Cy Challenge, Coding challenge",
      detail: "Backend Engineer, Payments; scored 7 of 10",
      path: `/applications/${cy.applicationId}/challenge`,
    });
    expect((await queueOf(ana)).some((item) => item.kind === "challenge_result")).toBe(false);
    const moved = await call(server, "POST", `/api/v1/applications/${cy.applicationId}/stage`, {
      token: org.users.recruiter.token,
      body: { stageId: decision.id },
    });
    expect(moved.status).toBe(200);
    const afterMove = await queueOf(org.users.recruiter);
    expect(afterMove.map((item) => item.key)).not.toContain(`challenge_result:${cy.applicationId}`);
    // In the decision stage now, with no decision: ready to decide.
    expect(afterMove.map((item) => item.key)).toContain(`decision_ready:${cy.applicationId}`);

    // Stalled: more than the stage's target (7 days by default) in one stage.
    const dee = await seedApplication(
      server.database,
      org.id,
      roleId,
      {
        fullName: "Dee Waiting",
        email: "dee.waiting@example.test",
      },
      { stageId: design.id },
    );
    expect((await queueOf(org.users.recruiter)).map((item) => item.key)).not.toContain(
      `stalled:${dee.applicationId}`,
    );
    clock.advance(8 * DAY);
    const stalled = (await queueOf(org.users.recruiter)).find(
      (item) => item.key === `stalled:${dee.applicationId}`,
    );
    expect(stalled?.title).toMatch(/^Dee Waiting has waited [78] days in System design$/);
    expect(stalled?.detail).toBe("Backend Engineer, Payments; the plan's target for this stage is 7 days");
    const rejected = await call(server, "POST", `/api/v1/applications/${dee.applicationId}/reject`, {
      token: org.users.recruiter.token,
      body: { reason: "skills_gap" },
    });
    expect(rejected.status).toBe(200);
    expect((await queueOf(org.users.recruiter)).map((item) => item.key)).not.toContain(
      `stalled:${dee.applicationId}`,
    );

    // Packages being validated: admins only.
    const packageId = newId();
    await server.database.db.insert(challengePackages).values({
      id: packageId,
      organizationId: org.id,
      challengeId: "queue-test-package",
      title: "Rate limiter in Go",
      kind: "function",
      languages: ["typescript"],
      files: {},
      status: "validating",
    });
    expect(
      (await queueOf(org.users.admin)).find((item) => item.key === `package_validating:${packageId}`),
    ).toMatchObject({
      title: 'Challenge package "Rate limiter in Go" is being validated',
      path: "/challenges",
    });
    expect((await queueOf(org.users.recruiter)).some((item) => item.kind === "package_validating")).toBe(
      false,
    );
    await server.database.db
      .update(challengePackages)
      .set({ status: "valid" })
      .where(eq(challengePackages.id, packageId));
    expect((await queueOf(org.users.admin)).some((item) => item.kind === "package_validating")).toBe(false);
  });

  it("refuses an unknown time zone with a useful detail and answers 401 without credentials", async () => {
    const response = await call(server, "GET", "/api/v1/work-queue?timeZone=Mars%2FOlympus", {
      token: ana.token,
    });
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain("Mars/Olympus");
    expect((await call(server, "GET", "/api/v1/work-queue")).status).toBe(401);
  });

  it("nudges each interviewer with an overdue scorecard once a day by email, and posts to the organisation's Slack", async () => {
    const posts: { body: string; contentType: string | undefined }[] = [];
    const slack: Server = createServer((request: IncomingMessage, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        posts.push({ body, contentType: request.headers["content-type"] });
        response.end("ok");
      });
    });
    await new Promise<void>((resolve) => slack.listen(0, "127.0.0.1", resolve));
    try {
      const eve = await seedApplication(
        server.database,
        org.id,
        roleId,
        {
          fullName: "Eve Nudge",
          email: "eve.nudge@example.test",
        },
        { stageId: design.id },
      );
      const interviewId = await schedule(eve.applicationId, new Date(clock.now().getTime() - 30 * HOUR), [
        ana,
        ben,
      ]);
      await fileScorecard(interviewId, ben);
      const { port } = slack.address() as AddressInfo;
      await setSlackWebhook(
        { db: server.database.db, clock, secret: SECRET },
        systemActor,
        org.id,
        `http://127.0.0.1:${port}/services/T-TEST-TEAM/B-TEST-BOT/test-webhook-secret`,
      );

      const deps = { db: server.database.db, clock, mailer: server.mailer, secret: SECRET };
      const first = await sendScorecardNudges(deps, "https://evident.example.test");
      const nudgedForEve = await server.database.db
        .select()
        .from(scorecardNudges)
        .where(eq(scorecardNudges.interviewId, interviewId));
      expect(nudgedForEve.map((row) => row.interviewerId)).toEqual([ana.id]);
      expect(first.emailed).toBeGreaterThanOrEqual(1);
      expect(first.slackPosts).toBe(1);
      const emails = (await readOutboxFiles(server.outboxDir)).filter((file) =>
        file.email.headers.get("subject")?.startsWith("Scorecard overdue: Eve Nudge"),
      );
      expect(emails.map((file) => file.email.headers.get("to"))).toEqual([ana.email]);
      const [nudge] = emails;
      if (!nudge) throw new Error("no nudge email");
      expect(textPart(nudge.email)).toContain(`https://evident.example.test/interviews/${interviewId}`);
      expect(posts).toHaveLength(1);
      expect(posts[0]?.contentType).toBe("application/json");
      const posted = JSON.parse(posts[0]?.body ?? "{}") as { text: string };
      expect(posted.text).toContain("Eve Nudge, System design");

      // The same day again: nothing new, no email and no post. Later the same UTC day, whatever
      // the hour the clock was pinned to (at 23:00 two hours on is tomorrow).
      const endOfDay = dayBounds(clock.now(), "UTC").to.getTime();
      clock.advance(Math.min(2 * HOUR, endOfDay - clock.now().getTime() - 60_000));
      expect(await sendScorecardNudges(deps, "https://evident.example.test")).toEqual({
        emailed: 0,
        slackPosts: 0,
      });
      expect(posts).toHaveLength(1);

      // The next day it is nudged again, unless filed by then.
      clock.advance(DAY);
      const nextDay = await sendScorecardNudges(deps, "https://evident.example.test");
      expect(nextDay.emailed).toBeGreaterThanOrEqual(1);
      await fileScorecard(interviewId, ana);
      clock.advance(DAY);
      await sendScorecardNudges(deps, "https://evident.example.test");
      const rows = await server.database.db
        .select()
        .from(scorecardNudges)
        .where(eq(scorecardNudges.interviewId, interviewId));
      expect(rows).toHaveLength(2);
    } finally {
      await new Promise((resolve) => slack.close(resolve));
    }
  });

  it("keeps the Slack webhook sealed, Slack-only and admin-only", async () => {
    const admin = org.users.admin.token;
    const wrongHost = await call(server, "PUT", "/api/v1/work-queue/slack-webhook", {
      token: admin,
      body: { url: "http://169.254.169.254/latest" },
    });
    expect(wrongHost.status).toBe(400);
    expect(wrongHost.body.detail).toContain("hooks.slack.com");
    const set = await call(server, "PUT", "/api/v1/work-queue/slack-webhook", {
      token: admin,
      body: { url: "https://hooks.slack.com/services/T000/B000/secretpart" },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ isConfigured: true });
    const status = await call(server, "GET", "/api/v1/work-queue/slack-webhook", { token: admin });
    expect(JSON.stringify(status.body)).not.toContain("secretpart");
    expect(
      (await call(server, "GET", "/api/v1/work-queue/slack-webhook", { token: org.users.recruiter.token }))
        .status,
    ).toBe(403);
    expect((await call(server, "DELETE", "/api/v1/work-queue/slack-webhook", { token: admin })).status).toBe(
      204,
    );
    const cleared = await call(server, "GET", "/api/v1/work-queue/slack-webhook", { token: admin });
    expect(cleared.body).toMatchObject({ isConfigured: false });
  });
});
