import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../src/modules/audit/audit-log.ts";
import { planStages } from "../src/modules/plans/plans-table.ts";
import { MAGIC_LINK_RATE_LIMIT, MAGIC_LINK_REQUESTED } from "../src/modules/portal/routes.ts";
import { sendStageInvitation } from "../src/modules/portal/stage-invitations.ts";
import { fixedClock } from "../src/platform/clock.ts";
import { newId } from "../src/platform/ids.ts";
import { testEngines } from "./support/databases.ts";
import { parseEml, signInTokenOf, textPart } from "./support/eml.ts";
import {
  daysAgo,
  hoursFrom,
  type SeededRole,
  seedApplication,
  seedCandidate,
  seedInterview,
  seedRoleWithStages,
  seedScorecard,
} from "./support/portal-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from "./support/server.ts";

interface OutboxItem {
  id: string;
  to: string;
  template: string;
  subject: string;
}

/** The candidate portal: magic links, the candidate session, what candidates see, demographics. */
describe.each(testEngines)("candidate portal on %s", (engine) => {
  const clock = fixedClock(new Date());
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let role: SeededRole;

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    org = await seedOrganization(server.database, "Portal");
    other = await seedOrganization(server.database, "Outsider");
    role = await seedRoleWithStages(server.database.db, org.id, { title: "Backend Engineer, Ledger" });
  });
  afterAll(async () => server?.close());

  let emailCounter = 0;
  async function newCandidate(fullName = "Dana Candidate", organizationId = org.id) {
    emailCounter += 1;
    const email = `candidate${emailCounter}.${organizationId.slice(0, 6)}@example.test`;
    const id = await seedCandidate(server.database.db, organizationId, { fullName, email });
    return { id, email, fullName };
  }

  async function tokenFromOutboxEmail(emailId: string, adminToken = org.users.admin.token) {
    const detail = await call(server, "GET", `/api/v1/outbox/${emailId}`, { token: adminToken });
    expect(detail.status).toBe(200);
    const raw = await readFile(path.join(server.outboxDir, String(detail.body.fileName)), "utf8");
    return { token: signInTokenOf(textPart(parseEml(raw))), recordedText: String(detail.body.bodyText) };
  }

  /** The portal link of an outbox email, read from its .eml file as the candidate's mail client shows it. */
  async function linkFromOutboxEmail(emailId: string, adminToken = org.users.admin.token) {
    const detail = await call(server, "GET", `/api/v1/outbox/${emailId}`, { token: adminToken });
    expect(detail.status).toBe(200);
    const raw = await readFile(path.join(server.outboxDir, String(detail.body.fileName)), "utf8");
    const match = /https?:\/\/\S+\/portal\S*/.exec(textPart(parseEml(raw)));
    if (!match) throw new Error("No portal link in the email");
    return new URL(match[0]);
  }

  async function invite(candidateId: string, staffToken = org.users.recruiter.token) {
    return call(server, "POST", `/api/v1/candidates/${candidateId}/invite`, { token: staffToken });
  }

  async function exchange(token: string) {
    const response = await call(server, "POST", "/api/v1/portal/session", { body: { token } });
    const setCookie = response.headers.get("set-cookie") ?? "";
    return { ...response, setCookie, cookie: setCookie.split(";")[0] ?? "" };
  }

  /** Invites the candidate and signs in with the emailed link, as the candidate would. */
  async function signInAs(candidateId: string) {
    const invited = await invite(candidateId);
    expect(invited.status).toBe(201);
    const { token } = await tokenFromOutboxEmail((invited.body.email as { id: string }).id);
    const session = await exchange(token);
    expect(session.status).toBe(200);
    return { cookie: session.cookie, csrfToken: String(session.body.csrfToken) };
  }

  async function outboxItems(adminToken = org.users.admin.token): Promise<OutboxItem[]> {
    const response = await call(server, "GET", "/api/v1/outbox?limit=200", { token: adminToken });
    return response.body.items as unknown as OutboxItem[];
  }

  /** Link requests are answered before the email is sent; wait until it is recorded. */
  async function waitForEmailTo(
    address: string,
    count = 1,
    adminToken = org.users.admin.token,
  ): Promise<OutboxItem[]> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const emails = (await outboxItems(adminToken)).filter((item) => item.to === address);
      if (emails.length >= count) return emails;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`No email to ${address} was recorded`);
  }

  it("invites a candidate with a 7-day single-use link; interviewers and other organisations cannot", async () => {
    const candidate = await newCandidate();
    const invited = await invite(candidate.id);
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ candidateId: candidate.id, email: { status: "sent", error: null } });
    expect(new Date(String(invited.body.expiresAt)).getTime() - clock.now().getTime()).toBe(
      7 * 24 * 3600 * 1000,
    );

    const emailId = (invited.body.email as { id: string }).id;
    const { token, recordedText } = await tokenFromOutboxEmail(emailId);
    expect(token).toMatch(/^[\w-]{43}$/);
    // Admins reading the outbox must not be able to sign in as the candidate.
    expect(recordedText).not.toContain(token);
    expect(recordedText).toContain(`/portal/sign-in?token=REDACTED&org=${org.slug}`);
    expect(invited.body.to).toBe(candidate.email);

    expect((await invite(candidate.id, org.users.interviewer.token)).status).toBe(403);
    expect((await invite(candidate.id, org.users.hiring_manager.token)).status).toBe(201);
    expect((await invite(candidate.id, other.users.admin.token)).status).toBe(404);
  });

  it("exchanges a link once for an httpOnly, SameSite candidate cookie; reuse and unknown tokens are 401", async () => {
    const candidate = await newCandidate("Eli Exchange");
    const invited = await invite(candidate.id);
    const { token } = await tokenFromOutboxEmail((invited.body.email as { id: string }).id);

    const first = await exchange(token);
    expect(first.status).toBe(200);
    expect(first.setCookie).toMatch(/^evident_candidate=[\w-]{43};/);
    expect(first.setCookie).toMatch(/HttpOnly/i);
    expect(first.setCookie).toMatch(/SameSite=Lax/i);
    expect(first.setCookie).toMatch(/Max-Age=604800/);
    expect(first.body).toMatchObject({ fullName: "Eli Exchange", email: candidate.email, applications: [] });

    const me = await call(server, "GET", "/api/v1/portal/me", { headers: { cookie: first.cookie } });
    expect(me.status).toBe(200);
    expect(me.body.organization).toMatchObject({ slug: org.slug });

    const second = await exchange(token);
    expect(second.status).toBe(401);
    expect(second.body.detail).toMatch(/already been used/);
    expect(second.setCookie).toBe("");
    const unknown = await exchange("x".repeat(43));
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toMatch(/not valid/);
  });

  it("expires requested links after 30 minutes", async () => {
    const candidate = await newCandidate("Fay Expiry");
    for (let request = 0; request < 2; request++) {
      const response = await call(server, "POST", "/api/v1/portal/magic-links", {
        body: { email: candidate.email.toUpperCase(), organization: org.slug },
      });
      expect(response.status).toBe(202);
    }
    const emails = await waitForEmailTo(candidate.email, 2);
    expect(emails.every((email) => email.template === "magic_link")).toBe(true);
    const [early, late] = await Promise.all(emails.map((email) => tokenFromOutboxEmail(email.id)));
    if (!early || !late) throw new Error("two links expected");

    clock.advance(29 * 60 * 1000);
    expect((await exchange(early.token)).status).toBe(200);
    clock.advance(2 * 60 * 1000);
    const expired = await exchange(late.token);
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toMatch(/expired/);
  });

  it("answers link requests the same way whether or not the email is known, and rate-limits them", async () => {
    const known = await newCandidate("Gus Known");
    const outsider = await newCandidate("Hal Outsider", other.id);
    const ask = (email: string, organization = org.slug) =>
      call(server, "POST", "/api/v1/portal/magic-links", { body: { email, organization } });

    const answers = [
      await ask(known.email),
      await ask("nobody.at.all@example.test"),
      await ask(known.email, "no-such-organisation"),
      // A candidate of another organisation is unknown here.
      await ask(outsider.email),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual(answers[0]?.body);
    }
    await waitForEmailTo(known.email);
    // Give a wrongly sent email time to show up before asserting there is none.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const addresses = (await outboxItems()).map((item) => item.to);
    expect(addresses.filter((address) => address === known.email)).toHaveLength(1);
    expect(addresses).not.toContain("nobody.at.all@example.test");
    expect((await outboxItems(other.users.admin.token)).map((item) => item.to)).not.toContain(outsider.email);

    const flooded = "flood@example.test";
    for (let attempt = 1; attempt < MAGIC_LINK_RATE_LIMIT.max; attempt++) {
      expect((await ask(flooded)).status).toBe(202);
    }
    expect((await ask(flooded)).status).toBe(202);
    const limited = await ask(flooded);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toContain("application/problem+json");
  });

  it("keeps the candidate and staff cookies apart: each is 401 on the other's routes", async () => {
    const candidate = await newCandidate("Ida Separate");
    const { cookie } = await signInAs(candidate.id);
    for (const staffPath of ["/api/v1/auth/session", "/api/v1/members", "/api/v1/roles", "/api/v1/outbox"]) {
      const response = await call(server, "GET", staffPath, { headers: { cookie } });
      expect(response.status, staffPath).toBe(401);
    }
    expect(
      (await call(server, "POST", `/api/v1/candidates/${candidate.id}/invite`, { headers: { cookie } }))
        .status,
    ).toBe(401);

    const login = await call(server, "POST", "/api/v1/auth/login", {
      body: { email: org.users.admin.email, password: TEST_PASSWORD },
    });
    const staffCookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(staffCookie).toMatch(/^evident_session=/);
    expect(
      (await call(server, "GET", "/api/v1/portal/me", { headers: { cookie: staffCookie } })).status,
    ).toBe(401);
    expect((await call(server, "GET", "/api/v1/portal/me", { token: org.users.admin.token })).status).toBe(
      401,
    );
    // A staff member signed in in the same browser can still ask for a candidate link.
    const asked = await call(server, "POST", "/api/v1/portal/magic-links", {
      headers: { cookie: staffCookie },
      body: { email: candidate.email, organization: org.slug },
    });
    expect(asked.status).toBe(202);
    await waitForEmailTo(candidate.email, 2);
  });

  it("requires the candidate CSRF token for unsafe portal requests and ends the session on logout", async () => {
    const candidate = await newCandidate("Jon Csrf");
    const { cookie, csrfToken } = await signInAs(candidate.id);
    const login = await call(server, "POST", "/api/v1/auth/login", {
      body: { email: org.users.recruiter.email, password: TEST_PASSWORD },
    });
    const staffCsrf = String(login.body.csrfToken);
    const answers = { gender: "prefer_not_to_say" };

    const missing = await call(server, "PUT", "/api/v1/portal/demographics", {
      headers: { cookie },
      body: answers,
    });
    expect(missing.status).toBe(403);
    expect(missing.body.detail).toMatch(/X-CSRF-Token/);
    const staffToken = await call(server, "PUT", "/api/v1/portal/demographics", {
      headers: { cookie, "x-csrf-token": staffCsrf },
      body: answers,
    });
    expect(staffToken.status).toBe(403);
    expect((await call(server, "POST", "/api/v1/portal/logout", { headers: { cookie } })).status).toBe(403);

    const saved = await call(server, "PUT", "/api/v1/portal/demographics", {
      headers: { cookie, "x-csrf-token": csrfToken },
      body: answers,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ answers });

    const loggedOut = await call(server, "POST", "/api/v1/portal/logout", {
      headers: { cookie, "x-csrf-token": csrfToken },
    });
    expect(loggedOut.status).toBe(204);
    expect(loggedOut.headers.get("set-cookie")).toMatch(/^evident_candidate=;/);
    expect((await call(server, "GET", "/api/v1/portal/me", { headers: { cookie } })).status).toBe(401);
  });

  it("stores voluntary demographic answers, replaces them, withdraws them and rejects anything else", async () => {
    const candidate = await newCandidate("Kim Demographics");
    const { cookie, csrfToken } = await signInAs(candidate.id);
    const headers = { cookie, "x-csrf-token": csrfToken };
    const put = (body: unknown) => call(server, "PUT", "/api/v1/portal/demographics", { headers, body });

    expect((await call(server, "GET", "/api/v1/portal/demographics", { headers })).body).toEqual({
      answers: {},
    });
    const full = {
      gender: "woman",
      raceEthnicity: "asian",
      ageBand: "40_to_49",
      disability: "no",
      veteran: "prefer_not_to_say",
    };
    expect((await put(full)).status).toBe(200);
    expect((await call(server, "GET", "/api/v1/portal/demographics", { headers })).body).toEqual({
      answers: full,
    });

    expect((await put({ ageBand: "30_to_39" })).body).toEqual({ answers: { ageBand: "30_to_39" } });
    const invalid = await put({ gender: "robot", favouriteColour: "blue" });
    expect(invalid.status).toBe(400);
    expect((invalid.body.errors as { path: string }[]).map((error) => error.path).sort()).toEqual([
      "body",
      "body.gender",
    ]);
    expect((await put({})).body).toEqual({ answers: {} });
    expect((await call(server, "GET", "/api/v1/portal/demographics", { headers })).body).toEqual({
      answers: {},
    });
  });

  it("shows a candidate only their own applications, stage names and dates, and upcoming interviews", async () => {
    const [review, systemDesign, pairing] = role.stages;
    if (!review || !systemDesign || !pairing) throw new Error("stages missing");
    const otherRole = await seedRoleWithStages(server.database.db, org.id, {
      title: "Data Platform Engineer",
    });
    const mine = await newCandidate("Lea Mine");
    const theirs = await newCandidate("Max Theirs");
    const now = clock.now();
    const myApplication = await seedApplication(server.database.db, {
      organizationId: org.id,
      candidateId: mine.id,
      roleId: role.roleId,
      currentStageId: systemDesign.id,
      events: [
        { kind: "created", toStageId: review.id, at: daysAgo(now, 10), note: "Strong referral from the CTO" },
        {
          kind: "stage_moved",
          fromStageId: review.id,
          toStageId: systemDesign.id,
          at: daysAgo(now, 5),
          note: "Moved after a private debrief",
        },
      ],
    });
    await seedInterview(server.database.db, {
      organizationId: org.id,
      applicationId: myApplication,
      stageId: systemDesign.id,
      scheduledAt: hoursFrom(now, 30),
      durationMinutes: 90,
      mode: "onsite",
      room: "Room Atlas",
      participantIds: [org.users.interviewer.id],
    });
    await seedInterview(server.database.db, {
      organizationId: org.id,
      applicationId: myApplication,
      stageId: review.id,
      scheduledAt: hoursFrom(now, -30),
      mode: "remote",
      videoLink: "https://meet.example.test/past",
    });
    await seedInterview(server.database.db, {
      organizationId: org.id,
      applicationId: myApplication,
      stageId: pairing.id,
      scheduledAt: hoursFrom(now, 50),
      status: "cancelled",
      videoLink: "https://meet.example.test/cancelled",
    });
    const theirApplication = await seedApplication(server.database.db, {
      organizationId: org.id,
      candidateId: theirs.id,
      roleId: otherRole.roleId,
      currentStageId: otherRole.stages[0]?.id ?? null,
      events: [{ kind: "created", toStageId: otherRole.stages[0]?.id ?? null, at: daysAgo(now, 2) }],
    });

    const { cookie } = await signInAs(mine.id);
    const me = await call(server, "GET", "/api/v1/portal/me", { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.applications).toEqual([
      {
        id: myApplication,
        roleTitle: "Backend Engineer, Ledger",
        workModel: "remote",
        status: "active",
        currentStage: { name: "System design", type: "system_design" },
        stageHistory: [
          { stageName: "Application review", enteredAt: daysAgo(now, 10).toISOString() },
          { stageName: "System design", enteredAt: daysAgo(now, 5).toISOString() },
        ],
        upcomingInterviews: [
          {
            id: expect.any(String),
            hasPad: true,
            scheduledAt: hoursFrom(now, 30).toISOString(),
            durationMinutes: 90,
            mode: "onsite",
            room: "Room Atlas",
            videoLink: null,
            stageName: "System design",
          },
        ],
        feedback: null,
      },
    ]);
    const text = JSON.stringify(me.body);
    for (const hidden of [
      theirApplication,
      "Data Platform Engineer",
      "referral",
      "debrief",
      org.users.interviewer.email,
    ]) {
      expect(text).not.toContain(hidden);
    }
  });

  it("never shows scores, ratings or evidence unless the organisation shares feedback, then only summaries", async () => {
    const [, systemDesign, pairing] = role.stages;
    if (!systemDesign || !pairing) throw new Error("stages missing");
    const candidate = await newCandidate("Noa Feedback");
    const now = clock.now();
    const applicationId = await seedApplication(server.database.db, {
      organizationId: org.id,
      candidateId: candidate.id,
      roleId: role.roleId,
      currentStageId: pairing.id,
      events: [{ kind: "created", toStageId: systemDesign.id, at: daysAgo(now, 3) }],
    });
    const interviewId = await seedInterview(server.database.db, {
      organizationId: org.id,
      applicationId,
      stageId: systemDesign.id,
      scheduledAt: daysAgo(now, 1),
      status: "completed",
    });
    const card = (
      interviewerId: string,
      levels: [1 | 2 | 3 | 4, 1 | 2 | 3 | 4],
      recommendation: "yes" | "no",
    ) => ({
      organizationId: org.id,
      interviewId,
      applicationId,
      stageId: systemDesign.id,
      interviewerId,
      ratings: [
        { attributeId: "trade-offs", level: levels[0], evidence: "SECRET-EVIDENCE weighed consistency" },
        { attributeId: "scaling", level: levels[1], evidence: "SECRET-EVIDENCE sharded by account" },
      ],
      recommendation,
    });
    const superseded = await seedScorecard(server.database.db, card(org.users.interviewer.id, [1, 1], "no"));
    await seedScorecard(server.database.db, {
      ...card(org.users.interviewer.id, [3, 4], "yes"),
      version: 2,
      amendsId: superseded,
      amendmentReason: "SECRET-AMENDMENT typo",
    });
    await seedScorecard(server.database.db, card(org.users.hiring_manager.id, [2, 3], "no"));

    const { cookie } = await signInAs(candidate.id);
    const hidden = await call(server, "GET", "/api/v1/portal/me", { headers: { cookie } });
    expect(hidden.body.feedbackShared).toBe(false);
    const hiddenText = JSON.stringify(hidden.body);
    for (const secret of ["SECRET", "score", "rating", "recommendation", "level", "strong_yes"]) {
      expect(hiddenText.toLowerCase()).not.toContain(secret.toLowerCase());
    }

    const shared = await call(server, "PATCH", "/api/v1/settings/privacy", {
      token: org.users.admin.token,
      body: { shareFeedbackWithCandidates: true },
    });
    expect(shared.status).toBe(200);
    try {
      const visible = await call(server, "GET", "/api/v1/portal/me", { headers: { cookie } });
      const application = (visible.body.applications as { id: string; feedback: unknown }[]).find(
        (item) => item.id === applicationId,
      );
      // The amended scorecard replaces its first version: (3.5 + 2.5) / 2.
      expect(application?.feedback).toEqual({
        stages: [{ stageName: "System design", score: 3, raters: 2 }],
        recommendations: { strong_no: 0, no: 1, yes: 1, strong_yes: 0 },
      });
      const visibleText = JSON.stringify(visible.body);
      for (const secret of ["SECRET", "evidence", "trade-offs", "attributeId", org.users.interviewer.id]) {
        expect(visibleText).not.toContain(secret);
      }
    } finally {
      await call(server, "PATCH", "/api/v1/settings/privacy", {
        token: org.users.admin.token,
        body: { shareFeedbackWithCandidates: false },
      });
    }
  });

  it("signs a candidate in from their email address alone: one link per organisation that knows it", async () => {
    const address = `both.orgs.${newId().slice(0, 6)}@example.test`;
    const here = await seedCandidate(server.database.db, org.id, { fullName: "Ona Twice", email: address });
    const there = await seedCandidate(server.database.db, other.id, {
      fullName: "Ona Twice",
      email: address,
    });
    const ask = (body: Record<string, string>) =>
      call(server, "POST", "/api/v1/portal/magic-links", { body });

    const answers = [
      await ask({ email: address.toUpperCase() }),
      await ask({ email: `nobody.${newId().slice(0, 6)}@example.test` }),
      await ask({ email: `nobody.${newId().slice(0, 6)}@example.test`, organization: "no-such-org" }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(202);
      // The answer names no organisation and says nothing about whether the address is known.
      expect(answer.body).toEqual({ detail: MAGIC_LINK_REQUESTED });
    }

    // Each organisation sends its own email, with a link that knows the organisation and signs in there.
    const sessions: Record<string, string> = {};
    for (const [organization, candidateId] of [
      [org, here],
      [other, there],
    ] as const) {
      const [email] = await waitForEmailTo(address, 1, organization.users.admin.token);
      if (!email) throw new Error("no email");
      expect(email.template).toBe("magic_link");
      const link = await linkFromOutboxEmail(email.id, organization.users.admin.token);
      expect(link.pathname).toBe("/portal/sign-in");
      expect(link.searchParams.get("org")).toBe(organization.slug);
      const session = await exchange(link.searchParams.get("token") ?? "");
      expect(session.status).toBe(200);
      const me = await call(server, "GET", "/api/v1/portal/me", { headers: { cookie: session.cookie } });
      expect(me.body.organization).toMatchObject({ slug: organization.slug });
      sessions[organization.slug] = candidateId;
    }
    expect(Object.keys(sessions)).toHaveLength(2);

    // The org-specific path still works: from one organisation's link, only that organisation answers.
    expect((await ask({ email: address, organization: other.slug })).status).toBe(202);
    await waitForEmailTo(address, 2, other.users.admin.token);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await outboxItems()).filter((item) => item.to === address)).toHaveLength(1);
  });

  it("emails a magic link into the portal once per entry into a challenge, exercise or interview stage", async () => {
    const [review, systemDesign] = role.stages;
    if (!review || !systemDesign) throw new Error("stages missing");
    const challengeStageId = newId();
    await server.database.db.insert(planStages).values({
      id: challengeStageId,
      organizationId: org.id,
      roleId: role.roleId,
      position: 10,
      name: "Take-home challenge",
      type: "async_challenge",
      challengeId: "rate-limiter",
      deadlineDays: 5,
    });
    const candidate = await newCandidate("Pia Pipeline");
    const staff = org.users.recruiter.token;
    const created = await call(server, "POST", "/api/v1/applications", {
      token: staff,
      body: { candidateId: candidate.id, roleId: role.roleId },
    });
    expect(created.status).toBe(201);
    const applicationId = String(created.body.id);
    const move = (stageId: string) =>
      call(server, "POST", `/api/v1/applications/${applicationId}/stage`, {
        token: staff,
        body: { stageId },
      });
    const invitations = async () =>
      (await outboxItems()).filter(
        (item) => item.to === candidate.email && item.template === "stage_invitation",
      );

    // Application review happens without the candidate: no email on entering it.
    expect(await invitations()).toEqual([]);

    expect((await move(challengeStageId)).status).toBe(200);
    const [first, ...more] = await invitations();
    if (!first) throw new Error("no stage invitation was sent");
    expect(more).toEqual([]);
    expect(first.subject).toContain("Take-home challenge");
    const link = await linkFromOutboxEmail(first.id);
    expect(link.pathname).toBe("/portal/sign-in");
    expect(link.searchParams.get("org")).toBe(org.slug);
    expect(link.searchParams.get("next")).toBe(`/portal/applications/${applicationId}/challenge`);
    const detail = await call(server, "GET", `/api/v1/outbox/${first.id}`, { token: org.users.admin.token });
    expect(detail.body.bodyText).toContain("within 5 days");
    expect(detail.body.bodyText).not.toContain(link.searchParams.get("token"));

    // A retried move changes nothing and sends nothing; nor does asking for the entry's invitation again.
    expect((await move(challengeStageId)).status).toBe(409);
    expect(
      await sendStageInvitation(
        { db: server.database.db, clock, mailer: server.mailer, baseUrl: server.url },
        systemActor,
        org.id,
        applicationId,
      ),
    ).toBeNull();
    expect(await invitations()).toHaveLength(1);

    // The link signs the candidate in, once, and the portal shows the challenge stage.
    const session = await exchange(link.searchParams.get("token") ?? "");
    expect(session.status).toBe(200);
    const application = (session.body.applications as { id: string; currentStage: unknown }[]).find(
      (item) => item.id === applicationId,
    );
    expect(application?.currentStage).toEqual({ name: "Take-home challenge", type: "async_challenge" });
    expect((await exchange(link.searchParams.get("token") ?? "")).status).toBe(401);

    // Back to review (no email), into an interview stage (its own invitation), then into the challenge again.
    expect((await move(review.id)).status).toBe(200);
    expect(await invitations()).toHaveLength(1);
    expect((await move(systemDesign.id)).status).toBe(200);
    expect((await move(challengeStageId)).status).toBe(200);
    const sent = await invitations();
    expect(sent).toHaveLength(3);
    expect(sent.filter((item) => item.subject.endsWith(": System design"))).toHaveLength(1);
    expect(sent.filter((item) => item.subject.endsWith(": Take-home challenge"))).toHaveLength(2);
    const interviewLink = await linkFromOutboxEmail(
      sent.find((item) => item.subject.endsWith("System design"))?.id ?? "",
    );
    expect(interviewLink.searchParams.get("next")).toBe("/portal/home");
    expect(interviewLink.searchParams.get("org")).toBe(org.slug);

    // Interviewers cannot move applications, so they cannot trigger invitations either.
    expect((await move(review.id)).status).toBe(200);
    const byInterviewer = await call(server, "POST", `/api/v1/applications/${applicationId}/stage`, {
      token: org.users.interviewer.token,
      body: { stageId: challengeStageId },
    });
    expect(byInterviewer.status).toBe(403);
    expect(await invitations()).toHaveLength(3);
  });

  it("invites a candidate whose application starts in a candidate-facing stage, from either route that creates one", async () => {
    const challengeFirst = await seedRoleWithStages(server.database.db, org.id, {
      title: "Challenge-first role",
    });
    await server.database.db.insert(planStages).values({
      id: newId(),
      organizationId: org.id,
      roleId: challengeFirst.roleId,
      position: -1,
      name: "Opening challenge",
      type: "async_challenge",
      challengeId: "rate-limiter",
      deadlineDays: null,
    });
    const staff = org.users.hiring_manager.token;
    const withRole = await call(server, "POST", "/api/v1/candidates", {
      token: staff,
      body: {
        fullName: "Quin First",
        email: `quin.${newId().slice(0, 6)}@example.test`,
        roleId: challengeFirst.roleId,
      },
    });
    expect(withRole.status).toBe(201);
    const later = await newCandidate("Rae Later");
    const applied = await call(server, "POST", "/api/v1/applications", {
      token: staff,
      body: { candidateId: later.id, roleId: challengeFirst.roleId },
    });
    expect(applied.status).toBe(201);
    for (const address of [String(withRole.body.email), later.email]) {
      const emails = (await outboxItems()).filter((item) => item.to === address);
      expect(emails.map((item) => item.template)).toEqual(["stage_invitation"]);
      expect(emails[0]?.subject).toContain("Opening challenge");
    }
  });
});
