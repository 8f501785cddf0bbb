import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postHireReviews } from "../src/modules/analytics/analytics-table.ts";
import { sendDueReviewReminders } from "../src/modules/analytics/post-hire-reviews.ts";
import { applicationEvents, candidateDemographics } from "../src/modules/candidates/candidates-table.ts";
import { hiringDecisions } from "../src/modules/decisions/decisions-table.ts";
import { outboundEmails } from "../src/modules/mail/mail-table.ts";
import { hires, teams } from "../src/modules/outcomes/outcomes-table.ts";
import { roles } from "../src/modules/roles/roles-table.ts";
import { setTeamSlackWebhook } from "../src/modules/team-practices/team-slack.ts";
import { systemClock } from "../src/platform/clock.ts";
import { newId } from "../src/platform/ids.ts";
import { testEngines } from "./support/databases.ts";
import { addTestMember, openRole, seedApplication } from "./support/hiring-seed.ts";
import { startLocalServer } from "./support/local-server.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  TEST_SECRET,
  type TestServer,
} from "./support/server.ts";

const DAY = 86_400_000;

const ratings = (level: 1 | 2 | 3 | 4) =>
  ["problem_solving", "operational_ownership", "delivery", "collaboration", "written_communication"].map(
    (dimension) => ({ dimension, level, evidence: `Seen in the ${dimension} of the payments migration.` }),
  );

describe.each(testEngines)("post-hire reviews on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let otherManager: { id: string; token: string };
  let applicationId: string;
  let candidateId: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Reviews");
    otherManager = await addTestMember(server.database, org.id, "Other Manager", "hiring_manager");
    const roleId = await openRole(server, org.users.admin.token);
    await server.database.db.update(roles).set({ workModel: "remote" }).where(eq(roles.id, roleId));
    ({ applicationId, candidateId } = await seedApplication(
      server.database,
      org.id,
      roleId,
      { fullName: "Grace Hopper", email: `grace.${newId().slice(0, 6)}@example.com` },
      { status: "hired" },
    ));
    // Hired 200 days ago by the hiring manager: the 90-day and 6-month reviews are due, the 12-month not yet.
    const hiredAt = new Date(Date.now() - 200 * DAY);
    await server.database.db.insert(applicationEvents).values({
      organizationId: org.id,
      applicationId,
      kind: "hired",
      createdAt: hiredAt,
    });
    await server.database.db.insert(hiringDecisions).values({
      id: newId(),
      organizationId: org.id,
      applicationId,
      components: [],
      threshold: 3,
      formulaOutcome: "hire",
      outcome: "hire",
      decidedBy: org.users.hiring_manager.id,
      decidedAt: hiredAt,
    });
    await server.database.db
      .insert(candidateDemographics)
      .values({ candidateId, organizationId: org.id, answers: { gender: "woman" } });
  });
  afterAll(async () => server?.close());

  const file = (body: Record<string, unknown>, token = org.users.hiring_manager.token) =>
    call(server, "POST", `/api/v1/applications/${applicationId}/post-hire-reviews`, { token, body });

  it("lists the hire's review schedule for their manager and for admins only", async () => {
    const mine = await call(server, "GET", "/api/v1/post-hire-reviews", {
      token: org.users.hiring_manager.token,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        applicationId,
        candidateName: "Grace Hopper",
        teamName: null,
        startDate: null,
        managerUserId: org.users.hiring_manager.id,
        reviews: [
          expect.objectContaining({ period: "90d", status: "due", reviewId: null }),
          expect.objectContaining({ period: "6m", status: "due" }),
          expect.objectContaining({ period: "12m", status: "upcoming" }),
        ],
      }),
    ]);
    const admin = await call(server, "GET", "/api/v1/post-hire-reviews", { token: org.users.admin.token });
    expect(admin.body.items).toHaveLength(1);
    const other = await call(server, "GET", "/api/v1/post-hire-reviews", { token: otherManager.token });
    expect(other.body.items).toEqual([]);
    const interviewer = await call(server, "GET", "/api/v1/post-hire-reviews", {
      token: org.users.interviewer.token,
    });
    expect(interviewer.status).toBe(403);
  });

  it("emails the manager once per due review, and tells the hire's team on Slack without naming the hire", async () => {
    // The hire joined a team whose Slack webhook is set (a local server stands in for Slack).
    const slack = await startLocalServer((_request, response) => response.end("ok"));
    const teamId = newId();
    await server.database.db
      .insert(teams)
      .values({ id: teamId, organizationId: org.id, name: "Payments Core", workModel: "remote" });
    await server.database.db.insert(hires).values({
      id: newId(),
      organizationId: org.id,
      applicationId,
      candidateId,
      teamId,
      workModel: "remote",
      level: "mid",
      startDate: null,
      createdAt: new Date(),
    });
    const admin = {
      organizationId: org.id,
      userId: org.users.admin.id,
      role: "admin" as const,
      actor: { type: "system" as const, userId: null, tokenId: null, ip: null, userAgent: null },
    };
    const slackDeps = { db: server.database.db, clock: systemClock, secret: TEST_SECRET };
    await setTeamSlackWebhook(
      { ...slackDeps, slackHosts: [`127.0.0.1:${slack.port}`] },
      admin,
      teamId,
      `http://127.0.0.1:${slack.port}/services/T000/B000/review-hook`,
    );
    const deps = { ...slackDeps, mailer: server.mailer };
    try {
      expect(await sendDueReviewReminders(deps, "https://evident.example")).toEqual({ sent: 2 });
      expect(await sendDueReviewReminders(deps, "https://evident.example")).toEqual({ sent: 0 });
    } finally {
      await slack.close();
    }
    const posted = slack.received.map((request) => JSON.parse(request.body).text as string);
    expect(posted.sort()).toEqual([
      "A 6-month post-hire review of someone who joined Payments Core is due in Evident; their manager has been emailed the link.",
      "A 90-day post-hire review of someone who joined Payments Core is due in Evident; their manager has been emailed the link.",
    ]);
    expect(posted.join(" ")).not.toContain("Grace");
    const emails = await server.database.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.template, "post_hire_review_due"));
    expect(emails.map((email) => email.toAddress)).toEqual([
      org.users.hiring_manager.email,
      org.users.hiring_manager.email,
    ]);
    expect(emails[0]?.subject).toBe("90-day review due: Grace Hopper (Backend Engineer, Platform)");
    expect(emails[0]?.bodyText).toContain("hiring scorecards are deliberately not shown");
  });

  it("files anchored reviews once per period, when due, by the manager or an admin", async () => {
    const filed = await file({ period: "90d", ratings: ratings(3), overall: 3 });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      period: "90d",
      overall: 3,
      reviewerUserId: org.users.hiring_manager.id,
    });
    expect((await file({ period: "90d", ratings: ratings(3), overall: 3 })).status).toBe(409);
    const early = await file({ period: "12m", ratings: ratings(3), overall: 3, stillEmployed: true });
    expect(early.status).toBe(409);
    expect(String(early.body.detail)).toContain("cannot be filed before then");
    expect((await file({ period: "6m", ratings: ratings(3).slice(1), overall: 3 })).status).toBe(400);
    const noReason = await file({ period: "6m", ratings: ratings(2), overall: 2, stillEmployed: false });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body.errors)).toContain("leavingReason");
    expect((await file({ period: "6m", ratings: ratings(4), overall: 4 }, otherManager.token)).status).toBe(
      403,
    );
    expect(
      (await file({ period: "6m", ratings: ratings(4), overall: 4 }, org.users.admin.token)).status,
    ).toBe(201);

    const listed = await call(server, "GET", `/api/v1/applications/${applicationId}/post-hire-reviews`, {
      token: org.users.hiring_manager.token,
    });
    expect((listed.body.items as { period: string }[]).map((review) => review.period)).toEqual(["90d", "6m"]);
    // The reviewer's view holds the reviews only, never the hiring scorecards.
    expect(JSON.stringify(listed.body)).not.toContain("scorecard");
  });

  it("feeds the live analytics: the 6-month overall is the outcome, by the role's work model", async () => {
    const models = await call(server, "GET", "/api/v1/analytics/work-models?source=live&minGroupSize=1", {
      token: org.users.admin.token,
    });
    expect(models.status).toBe(200);
    expect(models.body.groups).toEqual([
      expect.objectContaining({ workModel: "onsite", n: 0 }),
      expect.objectContaining({ workModel: "remote", n: 1, reason: "too_few" }),
      expect.objectContaining({ workModel: "hybrid", n: 0 }),
    ]);
    const impact = await call(
      server,
      "GET",
      "/api/v1/analytics/adverse-impact?source=live&category=gender&minGroupSize=1",
      {
        token: org.users.admin.token,
      },
    );
    expect(impact.body.groups).toEqual([
      expect.objectContaining({ group: "woman", reached: 1, selected: 1, impactRatio: 1 }),
    ]);
  });

  it("clears the evidence notes when the candidate is erased, keeping the levels", async () => {
    const erased = await call(server, "POST", `/api/v1/candidates/${candidateId}/erase`, {
      token: org.users.admin.token,
      body: { confirm: candidateId },
    });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body.redacted).toMatchObject({ postHireReviewEvidence: 2 });
    const rows = await server.database.db
      .select()
      .from(postHireReviews)
      .where(eq(postHireReviews.applicationId, applicationId));
    expect(rows.map((row) => row.overall).sort()).toEqual([3, 4]);
    for (const row of rows) for (const rating of row.ratings) expect(rating.evidence).toBe("");
  });

  it("names the hire's team and start date from the hire record and counts the reviews from the start", async () => {
    const teamId = newId();
    await server.database.db
      .insert(teams)
      .values({ id: teamId, organizationId: org.id, name: "Payments", workModel: "remote" });
    const startDate = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
    await server.database.db
      .insert(hires)
      .values({ id: newId(), organizationId: org.id, applicationId, candidateId, teamId, startDate });
    const list = await call(server, "GET", "/api/v1/post-hire-reviews", { token: org.users.admin.token });
    expect(list.status).toBe(200);
    const [hire] = list.body.items as { reviews: { dueAt: string }[] }[];
    expect(hire).toMatchObject({ applicationId, teamName: "Payments", startDate });
    expect(hire?.reviews[0]?.dueAt).toBe(
      new Date(Date.parse(`${startDate}T00:00:00Z`) + 90 * DAY).toISOString(),
    );
  });
});
