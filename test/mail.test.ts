import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyInterviewScheduled, sendEmail } from "../src/modules/mail/mail.ts";
import { createMailer } from "../src/modules/mail/mailer.ts";
import { systemClock } from "../src/platform/clock.ts";
import { loadConfig } from "../src/platform/config.ts";
import { testEngines } from "./support/databases.ts";
import { readOutboxFiles, textPart } from "./support/eml.ts";
import {
  hoursFrom,
  seedApplication,
  seedCandidate,
  seedInterview,
  seedRoleWithStages,
} from "./support/portal-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

/** A loopback port nothing listens on: bound once to learn a free number, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Email: the file outbox, SMTP failures, the notifications other modules call and the admin outbox. */
describe.each(testEngines)("email on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  const mailDeps = () => ({ db: server.database.db, mailer: server.mailer, clock: systemClock });

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Mailing");
    other = await seedOrganization(server.database, "Elsewhere");
  });
  afterAll(async () => server?.close());

  it("writes an RFC 5322 .eml file to the outbox and records the email", async () => {
    const sent = await sendEmail(mailDeps(), {
      organizationId: org.id,
      template: "interview_scheduled",
      to: "ana.file@example.test",
      variables: {
        candidateName: "Ana <script>alert(1)</script>",
        organizationName: "Mailing & Co",
        roleTitle: "Backend Engineer",
        stageName: "System design",
        scheduledAt: new Date("2026-07-06T09:30:00Z"),
        timeZone: "Europe/Lisbon",
        durationMinutes: 75,
        mode: "remote",
        room: null,
        videoLink: "https://meet.example.test/abc?x=1&y=2",
        portalUrl: "http://localhost:3000/portal",
      },
    });
    expect(sent).toMatchObject({ status: "sent", error: null });

    const files = await readOutboxFiles(server.outboxDir);
    const detail = await call(server, "GET", `/api/v1/outbox/${sent.id}`, { token: org.users.admin.token });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      template: "interview_scheduled",
      to: "ana.file@example.test",
      transport: "file",
      status: "sent",
      subject: "Your System design interview with Mailing & Co",
    });
    const file = files.find((item) => item.fileName === detail.body.fileName);
    if (!file) throw new Error(`The outbox has no ${String(detail.body.fileName)}`);
    expect(file.fileName).toMatch(/^\d{8}T\d{9}Z-[0-9a-f-]{36}\.eml$/);
    // Every line ends in CRLF, as RFC 5322 requires.
    expect(file.raw.replace(/\r\n/g, "")).not.toContain("\n");

    const { headers } = file.email;
    expect(headers.get("to")).toBe("ana.file@example.test");
    expect(headers.get("from")).toContain("no-reply@evident.test");
    expect(headers.get("subject")).toBe("Your System design interview with Mailing & Co");
    expect(headers.get("mime-version")).toBe("1.0");
    expect(headers.get("message-id")).toMatch(/^<.+@.+>$/);
    expect(new Date(headers.get("date") ?? "").getTime()).not.toBeNaN();

    const text = textPart(file.email);
    expect(text).toContain("Monday, 6 July 2026 at 10:30 GMT+01:00 (Europe/Lisbon)");
    expect(text).toContain("Duration: 75 minutes");
    expect(text).toContain("Remote, video link: https://meet.example.test/abc?x=1&y=2");
    expect(detail.body.bodyText).toBe(text.replace(/\r\n/g, "\n"));

    const html = file.email.parts.find((part) => part.contentType.startsWith("text/html"))?.body ?? "";
    expect(html).toContain("Hello Ana &lt;script&gt;alert(1)&lt;/script&gt;,");
    expect(html).not.toContain("<script>");
    expect(html).toContain("Mailing &amp; Co");
    expect(html).toContain("https://meet.example.test/abc?x=1&amp;y=2");
  });

  it("records a failed delivery, with its error, when the SMTP server cannot be reached", async () => {
    const config = loadConfig({
      NODE_ENV: "test",
      EVIDENT_SECRET: "test-secret-test-secret-test-secret-0123",
      EVIDENT_DATA_DIR: server.outboxDir,
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(await closedPort()),
    });
    const smtpMailer = createMailer(config);
    expect(smtpMailer.transport).toBe("smtp");
    const sent = await sendEmail(
      { db: server.database.db, mailer: smtpMailer, clock: systemClock },
      {
        organizationId: org.id,
        template: "magic_link",
        to: "bruno.smtp@example.test",
        variables: {
          candidateName: "Bruno",
          organizationName: "Mailing",
          link: "http://localhost:3000/portal/sign-in?token=abc",
          expiresInMinutes: 30,
        },
      },
    );
    expect(sent.status).toBe("failed");
    expect(sent.error).toMatch(/ECONNREFUSED/);

    const outbox = await call(server, "GET", "/api/v1/outbox", { token: org.users.admin.token });
    const row = (outbox.body.items as { id: string }[]).find((item) => item.id === sent.id);
    expect(row).toMatchObject({ transport: "smtp", status: "failed", to: "bruno.smtp@example.test" });
    expect(String((row as { error?: string }).error)).toMatch(/ECONNREFUSED/);
  });

  it("notifies a candidate of a scheduled interview in their time zone, with a portal link", async () => {
    const role = await seedRoleWithStages(server.database.db, org.id, { title: "Payments Engineer" });
    const [, systemDesign] = role.stages;
    if (!systemDesign) throw new Error("stage missing");
    const candidateId = await seedCandidate(server.database.db, org.id, {
      fullName: "Carla Notified",
      email: "carla.notified@example.test",
    });
    const applicationId = await seedApplication(server.database.db, {
      organizationId: org.id,
      candidateId,
      roleId: role.roleId,
      currentStageId: systemDesign.id,
      events: [{ kind: "created", toStageId: systemDesign.id, at: new Date() }],
    });
    const interviewId = await seedInterview(server.database.db, {
      organizationId: org.id,
      applicationId,
      stageId: systemDesign.id,
      scheduledAt: hoursFrom(new Date(), 48),
      durationMinutes: 90,
      mode: "onsite",
      room: "Lisbon office, room Tejo",
    });
    const deps = { ...mailDeps(), baseUrl: "https://evident.example.test" };

    const interviewEmail = await notifyInterviewScheduled(deps, org.id, interviewId, {
      timeZone: "Europe/Lisbon",
    });
    expect(interviewEmail?.status).toBe("sent");
    const interviewDetail = await call(server, "GET", `/api/v1/outbox/${interviewEmail?.id}`, {
      token: org.users.admin.token,
    });
    expect(interviewDetail.body).toMatchObject({ candidateId, template: "interview_scheduled" });
    expect(interviewDetail.body.bodyText).toContain("On site, Lisbon office, room Tejo");
    expect(interviewDetail.body.bodyText).toContain("Duration: 90 minutes");
    expect(interviewDetail.body.bodyText).toContain("(Europe/Lisbon)");
    // The link knows the organisation: the candidate never has to type its short name.
    expect(interviewDetail.body.bodyText).toContain(`https://evident.example.test/portal?org=${org.slug}`);

    await expect(
      notifyInterviewScheduled(deps, org.id, interviewId, { timeZone: "Mars/Olympus" }),
    ).rejects.toMatchObject({ code: "bad_request" });
    await expect(notifyInterviewScheduled(deps, other.id, interviewId)).rejects.toMatchObject({
      code: "not_found",
    });
    // The decision's email is a draft the hiring team sends: test/lifecycle-emails.test.ts.
  });

  it("gives every candidate email sent through the routes a portal link that knows the organisation", async () => {
    const role = await seedRoleWithStages(server.database.db, org.id, { title: "Ledger Engineer" });
    const [, systemDesign] = role.stages;
    if (!systemDesign) throw new Error("stage missing");
    const staff = org.users.recruiter.token;
    const created = await call(server, "POST", "/api/v1/candidates", {
      token: staff,
      body: { fullName: "Dario Linked", email: "dario.linked@example.test" },
    });
    expect(created.status).toBe(201);
    const candidateId = String(created.body.id);
    const application = await call(server, "POST", "/api/v1/applications", {
      token: staff,
      body: { candidateId, roleId: role.roleId },
    });
    expect(application.status).toBe(201);
    const moved = await call(server, "POST", `/api/v1/applications/${String(application.body.id)}/stage`, {
      token: staff,
      body: { stageId: systemDesign.id },
    });
    expect(moved.status).toBe(200);
    expect(
      (await call(server, "POST", `/api/v1/candidates/${candidateId}/invite`, { token: staff })).status,
    ).toBe(201);
    const asked = await call(server, "POST", "/api/v1/portal/magic-links", {
      body: { email: "dario.linked@example.test" },
    });
    expect(asked.status).toBe(202);

    // Read what the candidate received: the .eml files, not the recorded copies.
    let received: Awaited<ReturnType<typeof readOutboxFiles>> = [];
    for (let attempt = 0; attempt < 100 && received.length < 3; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      received = (await readOutboxFiles(server.outboxDir)).filter(
        (file) => file.email.headers.get("to") === "dario.linked@example.test",
      );
    }
    expect(received).toHaveLength(3);
    for (const file of received) {
      const links = textPart(file.email).match(/https?:\/\/\S+\/portal\S*/g) ?? [];
      expect(links.length, file.email.headers.get("subject")).toBeGreaterThan(0);
      for (const link of links) {
        expect(new URL(link).searchParams.get("org"), link).toBe(org.slug);
        // Every one of these is a magic link: it signs the candidate in.
        expect(new URL(link).searchParams.get("token"), link).toMatch(/^[\w-]{43}$/);
      }
    }
  });

  it("shows the outbox to admins only, page by page, and never another organisation's emails", async () => {
    for (const role of ["recruiter", "hiring_manager", "interviewer"] as const) {
      expect((await call(server, "GET", "/api/v1/outbox", { token: org.users[role].token })).status).toBe(
        403,
      );
    }
    const first = await call(server, "GET", "/api/v1/outbox?limit=2", { token: org.users.admin.token });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await call(server, "GET", `/api/v1/outbox?limit=2&cursor=${first.body.nextCursor}`, {
      token: org.users.admin.token,
    });
    const all = await call(server, "GET", "/api/v1/outbox?limit=200", { token: org.users.admin.token });
    const ids = (items: unknown) => (items as { id: string }[]).map((item) => item.id);
    expect([...ids(first.body.items), ...ids(second.body.items)]).toEqual(ids(all.body.items).slice(0, 4));
    expect(ids(all.body.items)).toHaveLength(6);

    const foreign = await call(server, "GET", "/api/v1/outbox", { token: other.users.admin.token });
    expect(foreign.body.items).toEqual([]);
    const someId = ids(all.body.items)[0];
    expect(
      (await call(server, "GET", `/api/v1/outbox/${someId}`, { token: other.users.admin.token })).status,
    ).toBe(404);
    const badCursor = await call(server, "GET", `/api/v1/outbox?cursor=${someId}`, {
      token: other.users.admin.token,
    });
    expect(badCursor.status).toBe(400);
  });
});
