import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, candidates } from "../src/modules/candidates/candidates-table.ts";
import { candidateDataHoldings } from "../src/modules/contracts.ts";
import { scorecards } from "../src/modules/interviews/interviews-table.ts";
import { sendEmail } from "../src/modules/mail/mail.ts";
import { ERASED_TEXT } from "../src/modules/privacy/erase.ts";
import { candidateRetentionJob } from "../src/modules/privacy/retention.ts";
import { fixedClock, systemClock } from "../src/platform/clock.ts";
import { type Db, queryRows } from "../src/platform/db/client.ts";
import { jobResults } from "../src/platform/db/schema.ts";
import { testEngines } from "./support/databases.ts";
import { parseEml, readOutboxFiles, signInTokenOf, textPart } from "./support/eml.ts";
import { addTestMember, openRole, ratingsFor, seedStages } from "./support/hiring-seed.ts";
import {
  daysAgo,
  hoursFrom,
  type Person,
  type SeededRole,
  seedApplication,
  seedCandidate,
  seedDecision,
  seedInterview,
  seedResume,
  seedRoleWithStages,
  seedScorecard,
} from "./support/portal-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

/**
 * Every place in the database where one of `needles` occurs: every column of every table of
 * the public schema, read as text (bytea decoded with escapes, so text inside files shows).
 */
async function findTraces(db: Db, needles: string[]): Promise<string[]> {
  const columns = await queryRows<{ table_name: string; column_name: string; data_type: string }>(
    db,
    sql`select c.table_name, c.column_name, c.data_type
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        order by c.table_name, c.ordinal_position`,
  );
  expect(columns.length).toBeGreaterThan(100);
  const traces: string[] = [];
  const needleArray = sql`array[${sql.join(
    needles.map((needle) => sql`${needle.toLowerCase()}`),
    sql`, `,
  )}]::text[]`;
  for (const column of columns) {
    const table = sql.raw(`"${column.table_name}"`);
    const name = sql.raw(`"${column.column_name}"`);
    const asText = column.data_type === "bytea" ? sql`encode(${name}, 'escape')` : sql`${name}::text`;
    const found = await queryRows<{ needle: string }>(
      db,
      sql`select distinct needle from ${table} cross join unnest(${needleArray}) as needle
          where strpos(lower(${asText}), needle) > 0`,
    );
    for (const row of found) traces.push(`${column.table_name}.${column.column_name} ⊃ ${row.needle}`);
  }
  return traces;
}

async function findOutboxTraces(outboxDir: string, needles: string[]): Promise<string[]> {
  const traces: string[] = [];
  for (const file of await readOutboxFiles(outboxDir)) {
    // Both the raw file and its decoded parts: an encoding must not hide a name from the scan.
    const readable = `${file.raw}\n${file.email.parts.map((part) => part.body).join("\n")}`.toLowerCase();
    for (const needle of needles)
      if (readable.includes(needle.toLowerCase())) traces.push(`${file.fileName} ⊃ ${needle}`);
  }
  return traces;
}

const DESIGN_KIT = "system-design-url-shortener";

/** Privacy: subject access export, erasure without trace, settings, the retention job, demographics. */
describe.each(testEngines)("privacy on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let role: SeededRole;
  let secondRater: { id: string; token: string };

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Privacy");
    other = await seedOrganization(server.database, "Stranger");
    role = await seedRoleWithStages(server.database.db, org.id, { title: "Staff Backend Engineer" });
    secondRater = await addTestMember(server.database, org.id, "Second Rater");
    // The candidates here answer every self-identification question, which the US EEO-1 set asks.
    const preset = await call(server, "PATCH", "/api/v1/settings/privacy", {
      token: org.users.admin.token,
      body: { demographicPreset: "us_eeo" },
    });
    expect(preset.status).toBe(200);
  });
  afterAll(async () => server?.close());

  const stage = (index: number) => {
    const found = role.stages[index];
    if (!found) throw new Error(`no stage ${index}`);
    return found;
  };

  /** Invites the candidate through the API and signs in with the emailed link. */
  async function signInAs(candidateId: string) {
    const invited = await call(server, "POST", `/api/v1/candidates/${candidateId}/invite`, {
      token: org.users.recruiter.token,
    });
    expect(invited.status).toBe(201);
    const detail = await call(server, "GET", `/api/v1/outbox/${(invited.body.email as { id: string }).id}`, {
      token: org.users.admin.token,
    });
    const raw = await readFile(path.join(server.outboxDir, String(detail.body.fileName)), "utf8");
    const session = await call(server, "POST", "/api/v1/portal/session", {
      body: { token: signInTokenOf(textPart(parseEml(raw))) },
    });
    expect(session.status).toBe(200);
    const cookie = (session.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    return { cookie, csrfToken: String(session.body.csrfToken) };
  }

  /** A candidate with data in every place Evident keeps candidate data. */
  async function seedEverywhere(person: Person & { firstName: string; lastName: string }) {
    const db = server.database.db;
    const now = new Date();
    const candidateId = await seedCandidate(db, org.id, person);
    const fileId = await seedResume(db, {
      organizationId: org.id,
      candidateId,
      filename: `${person.firstName}-${person.lastName}-CV.txt`,
      content: `${person.fullName}\n${person.email}\n${person.phone}\nBuilt a payments ledger.`,
    });
    const applicationId = await seedApplication(db, {
      organizationId: org.id,
      candidateId,
      roleId: role.roleId,
      currentStageId: stage(1).id,
      events: [
        {
          kind: "created",
          toStageId: stage(0).id,
          at: daysAgo(now, 6),
          note: `${person.firstName} was referred`,
        },
        {
          kind: "stage_moved",
          fromStageId: stage(0).id,
          toStageId: stage(1).id,
          at: daysAgo(now, 3),
          reason: `${person.lastName} asked to move faster`,
          note: `Call ${person.email} to schedule`,
        },
      ],
    });
    const interviewId = await seedInterview(db, {
      organizationId: org.id,
      applicationId,
      stageId: stage(1).id,
      scheduledAt: daysAgo(now, 1),
      status: "completed",
      videoLink: `https://meet.example.test/${person.firstName.toLowerCase()}-interview`,
      participantIds: [org.users.interviewer.id],
    });
    await seedInterview(db, {
      organizationId: org.id,
      applicationId,
      stageId: stage(2).id,
      scheduledAt: hoursFrom(now, 24),
      mode: "onsite",
      room: "Room Orion",
    });
    const ratings = [
      {
        attributeId: "trade-offs",
        level: 4 as const,
        evidence: `${person.firstName} compared two ledger designs`,
      },
      {
        attributeId: "scaling",
        level: 3 as const,
        evidence: "Partitioned the ledger by account; explained hot spots",
      },
    ];
    const firstCard = await seedScorecard(db, {
      organizationId: org.id,
      interviewId,
      applicationId,
      stageId: stage(1).id,
      interviewerId: org.users.interviewer.id,
      ratings,
      recommendation: "yes",
    });
    await seedScorecard(db, {
      organizationId: org.id,
      interviewId,
      applicationId,
      stageId: stage(1).id,
      interviewerId: org.users.interviewer.id,
      ratings,
      recommendation: "strong_yes",
      version: 2,
      amendsId: firstCard,
      amendmentReason: `Corrected after ${person.fullName}'s follow-up`,
    });
    await seedDecision(db, {
      organizationId: org.id,
      applicationId,
      stageId: stage(1).id,
      decidedBy: org.users.hiring_manager.id,
      outcome: "hire",
      overrideReason: `${person.lastName}'s references were excellent`,
    });
    const { cookie, csrfToken } = await signInAs(candidateId);
    const demographics = await call(server, "PUT", "/api/v1/portal/demographics", {
      headers: { cookie, "x-csrf-token": csrfToken },
      body: { raceEthnicity: "native_hawaiian_or_pacific_islander", ageBand: "60_or_over", veteran: "yes" },
    });
    expect(demographics.status).toBe(200);
    // An email recorded without a link to the candidate is still theirs: found by address.
    await sendEmail(
      { db, mailer: server.mailer, clock: systemClock },
      {
        organizationId: org.id,
        template: "decision",
        to: person.email,
        variables: {
          candidateName: person.fullName,
          organizationName: "Privacy",
          roleTitle: role.title,
          outcome: "hire",
          portalUrl: "http://localhost/portal",
        },
      },
    );
    return { candidateId, applicationId, interviewId, fileId, cookie };
  }

  /**
   * The same candidate data as `seedEverywhere`, but made the way users make it: every row comes
   * from a real route, so the erasure test sees every copy the product writes (audit records,
   * emails, event history), not only the rows a seed helper knows about. Only the plan's stages
   * are inserted directly: they are the organisation's configuration, not candidate data.
   */
  async function createEverywhereThroughRoutes(person: Person & { firstName: string; lastName: string }) {
    const recruiter = org.users.recruiter.token;
    const manager = org.users.hiring_manager.token;
    const roleId = await openRole(server, recruiter, { title: "Ledger Engineer" });
    const [review, design, followUp] = await seedStages(server.database, org.id, roleId, [
      { name: "Application review", type: "application_review" },
      { name: "System design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2, weight: 0.5 },
      {
        name: "Design follow-up",
        type: "system_design",
        kitSlug: DESIGN_KIT,
        requiredRaters: 2,
        weight: 0.5,
      },
    ]);
    if (!review || !design || !followUp) throw new Error("stages");

    const created = await call(server, "POST", "/api/v1/candidates", {
      token: recruiter,
      body: {
        fullName: person.fullName,
        email: person.email,
        phone: person.phone,
        location: person.location,
        links: person.links,
        source: person.source,
      },
    });
    expect(created.status).toBe(201);
    const candidateId = String(created.body.id);
    const form = new FormData();
    const resume = `${person.fullName}\n${person.email}\n${person.phone}\nBuilt a payments ledger.`;
    form.append(
      "file",
      new Blob([resume], { type: "text/plain" }),
      `${person.firstName}-${person.lastName}-CV.txt`,
    );
    const uploaded = await fetch(`${server.url}/api/v1/candidates/${candidateId}/resume`, {
      method: "PUT",
      headers: { authorization: `Bearer ${recruiter}` },
      body: form,
    });
    expect(uploaded.status).toBe(200);

    const applied = await call(server, "POST", "/api/v1/applications", {
      token: recruiter,
      body: { candidateId, roleId },
    });
    expect(applied.status).toBe(201);
    const applicationId = String(applied.body.id);
    const moved = await call(server, "POST", `/api/v1/applications/${applicationId}/stage`, {
      token: recruiter,
      body: { stageId: design.id, note: `Call ${person.firstName} at ${person.email} to schedule` },
    });
    expect(moved.status).toBe(200);

    const schedule = async (body: Record<string, unknown>) => {
      const response = await call(server, "POST", "/api/v1/interviews", {
        token: manager,
        body: {
          applicationId,
          scheduledAt: "2030-07-01T09:00:00Z",
          durationMinutes: 60,
          interviewerIds: [org.users.interviewer.id, secondRater.id],
          ...body,
        },
      });
      expect(response.status).toBe(201);
      return String(response.body.id);
    };
    const interviewId = await schedule({
      stageId: design.id,
      mode: "remote",
      videoLink: `https://meet.example.test/${person.firstName.toLowerCase()}-interview`,
    });
    await schedule({ stageId: followUp.id, mode: "onsite", room: `${person.firstName}'s panel, room 4` });

    const ratings = ratingsFor(DESIGN_KIT, [3]).map((rating, index) =>
      index === 0
        ? { ...rating, evidence: `${person.firstName} compared two ledger designs in depth` }
        : rating,
    );
    const card = await call(server, "POST", `/api/v1/interviews/${interviewId}/scorecards`, {
      token: org.users.interviewer.token,
      body: { ratings, recommendation: "yes" },
    });
    expect(card.status).toBe(201);
    const amended = await call(server, "POST", `/api/v1/scorecards/${card.body.id}/amendments`, {
      token: org.users.interviewer.token,
      body: {
        ratings,
        recommendation: "strong_yes",
        reason: `Corrected after ${person.fullName}'s follow-up`,
      },
    });
    expect(amended.status).toBe(201);
    // Evidence is incomplete (one rater of two stages), so hiring is an override with a reason.
    const decided = await call(server, "POST", `/api/v1/applications/${applicationId}/decision`, {
      token: manager,
      body: { outcome: "hire", overrideReason: `${person.lastName}'s references were excellent` },
    });
    expect(decided.status).toBe(201);

    const { cookie, csrfToken } = await signInAs(candidateId);
    const demographics = await call(server, "PUT", "/api/v1/portal/demographics", {
      headers: { cookie, "x-csrf-token": csrfToken },
      body: { raceEthnicity: "native_hawaiian_or_pacific_islander", ageBand: "60_or_over", veteran: "yes" },
    });
    expect(demographics.status).toBe(200);
    return { candidateId, applicationId, interviewId, roleId, designStageId: design.id, cookie };
  }

  it("exports everything held about a candidate to admins, with a download link for the resume", async () => {
    const person = {
      fullName: "Olivia Exportable",
      firstName: "Olivia",
      lastName: "Exportable",
      email: "olivia.exportable@example.test",
      phone: "+351 912 345 678",
      location: "Porto",
      links: ["https://github.com/olivia-exportable"],
      source: "referral",
    };
    const seeded = await seedEverywhere(person);
    for (const role of ["recruiter", "hiring_manager", "interviewer"] as const) {
      const denied = await call(server, "GET", `/api/v1/candidates/${seeded.candidateId}/export`, {
        token: org.users[role].token,
      });
      expect(denied.status).toBe(403);
    }
    const foreign = await call(server, "GET", `/api/v1/candidates/${seeded.candidateId}/export`, {
      token: other.users.admin.token,
    });
    expect(foreign.status).toBe(404);

    const exported = await call(server, "GET", `/api/v1/candidates/${seeded.candidateId}/export`, {
      token: org.users.admin.token,
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toContain(`candidate-${seeded.candidateId}.json`);
    const data = exported.body as Record<string, unknown>;
    expect(data.candidate).toMatchObject({
      id: seeded.candidateId,
      fullName: person.fullName,
      email: person.email,
      phone: person.phone,
      location: "Porto",
      links: person.links,
      source: "referral",
      erasedAt: null,
    });
    const [application] = data.applications as Record<string, unknown[]>[];
    expect(application).toMatchObject({
      id: seeded.applicationId,
      role: { title: "Staff Backend Engineer" },
    });
    expect(application?.history?.map((event) => (event as { kind: string }).kind)).toEqual([
      "created",
      "stage_moved",
    ]);
    expect(application?.history?.[0]).toMatchObject({
      toStage: "Application review",
      note: "Olivia was referred",
    });
    expect(application?.interviews).toHaveLength(2);
    expect(application?.scorecards).toHaveLength(2);
    expect(application?.scorecards?.[0]).not.toHaveProperty("interviewerId");
    expect(application?.decisions).toEqual([
      expect.objectContaining({ outcome: "hire", overrideReason: "Exportable's references were excellent" }),
    ]);
    expect(data.demographics).toEqual({
      raceEthnicity: "native_hawaiian_or_pacific_islander",
      ageBand: "60_or_over",
      veteran: "yes",
    });
    expect((data.emails as { template: string }[]).map((email) => email.template).sort()).toEqual([
      "decision",
      "invitation",
    ]);
    const [file] = data.files as { id: string; filename: string; downloadUrl: string; sizeBytes: number }[];
    expect(file).toMatchObject({ id: seeded.fileId, filename: "Olivia-Exportable-CV.txt" });
    const downloadPath = new URL(String(file?.downloadUrl)).pathname;
    const download = await fetch(`${server.url}${downloadPath}`, {
      headers: { authorization: `Bearer ${org.users.admin.token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(
      'attachment; filename="Olivia-Exportable-CV.txt"',
    );
    expect(await download.text()).toContain("Built a payments ledger.");
    const recruiterDownload = await fetch(`${server.url}${downloadPath}`, {
      headers: { authorization: `Bearer ${org.users.recruiter.token}` },
    });
    expect(recruiterDownload.status).toBe(403);

    const audit = await call(server, "GET", "/api/v1/audit?limit=5", { token: org.users.admin.token });
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ action: "candidate.exported", objectId: seeded.candidateId }),
    );
  });

  it("never returns demographic answers from any staff endpoint (the export, for the candidate, aside)", async () => {
    const person = {
      fullName: "Pia Demographic",
      firstName: "Pia",
      lastName: "Demographic",
      email: "pia.demographic@example.test",
      phone: "+1 555 0100 222",
    };
    const seeded = await seedEverywhere(person);
    const spec = await call(server, "GET", "/api/openapi.json");
    const knownIds: Record<string, string> = {
      candidateId: seeded.candidateId,
      applicationId: seeded.applicationId,
      interviewId: seeded.interviewId,
      fileId: seeded.fileId,
      roleId: role.roleId,
    };
    const visited: string[] = [];
    for (const [routePath, operations] of Object.entries(
      spec.body.paths as Record<string, Record<string, unknown>>,
    )) {
      if (!operations.get || !routePath.startsWith("/api/v1/") || routePath.startsWith("/api/v1/portal/"))
        continue;
      if (routePath === "/api/v1/candidates/{candidateId}/export") continue;
      const concrete = routePath.replace(/\{(\w+)\}/g, (_, name: string) => knownIds[name] ?? randomUUID());
      for (const staff of Object.values(org.users)) {
        const response = await fetch(`${server.url}${concrete}`, {
          headers: { authorization: `Bearer ${staff.token}` },
        });
        const text = await response.text();
        for (const answer of ["native_hawaiian", "60_or_over", "raceEthnicity", "ageBand"]) {
          expect(text, `${concrete} as ${staff.email}`).not.toContain(answer);
        }
      }
      visited.push(routePath);
    }
    expect(visited).toEqual(
      expect.arrayContaining(["/api/v1/outbox", "/api/v1/audit", "/api/v1/settings/privacy"]),
    );
  });

  it("erases a candidate without leaving a trace, keeping anonymous ratings and scores", async () => {
    const person = {
      fullName: "Zebediah Quarrington-Vex",
      firstName: "Zebediah",
      lastName: "Quarrington-Vex",
      email: "zeb.quarrington@vexmail.test",
      phone: "+44 20 7946 0958",
      location: "Ulaanbaatar",
      links: ["https://github.com/zquarrington"],
      source: "Met Zebediah at a conference",
    };
    const seeded = await createEverywhereThroughRoutes(person);
    // A link the candidate asked for (sent in the background): one more email and magic link.
    await call(server, "POST", "/api/v1/portal/magic-links", {
      body: { email: person.email, organization: org.slug },
    });
    for (let attempt = 0; attempt < 100; attempt++) {
      const outbox = await call(server, "GET", "/api/v1/outbox?limit=200", { token: org.users.admin.token });
      if (
        (outbox.body.items as { to: string; template: string }[]).some(
          (item) => item.to === person.email && item.template === "magic_link",
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const bystander = await seedCandidate(server.database.db, org.id, {
      fullName: "Bystander Kept",
      email: "bystander.kept@example.test",
    });
    await call(server, "POST", `/api/v1/candidates/${bystander}/invite`, {
      token: org.users.recruiter.token,
    });

    const needles = [
      person.firstName,
      person.lastName,
      person.email,
      person.phone,
      "Ulaanbaatar",
      "zquarrington",
    ];
    const before = await findTraces(server.database.db, needles);
    const tablesBefore = new Set(before.map((trace) => trace.split(".")[0]));
    for (const table of [
      "candidates",
      "stored_files",
      "application_events",
      "interviews",
      "scorecards",
      "hiring_decisions",
      "outbound_emails",
    ]) {
      expect(tablesBefore, `the scan must see the ${table} the routes wrote`).toContain(table);
    }
    // The append-only audit log never takes free text, so there is nothing in it to erase.
    expect(before.filter((trace) => trace.startsWith("audit_events."))).toEqual([]);
    expect((await findOutboxTraces(server.outboxDir, needles)).length).toBeGreaterThanOrEqual(3);

    const erasePath = `/api/v1/candidates/${seeded.candidateId}/erase`;
    const unconfirmed = await call(server, "POST", erasePath, {
      token: org.users.admin.token,
      body: { confirm: bystander },
    });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.errors).toEqual([{ path: "confirm", message: "must equal the candidate's id" }]);
    const byRecruiter = await call(server, "POST", erasePath, {
      token: org.users.recruiter.token,
      body: { confirm: seeded.candidateId },
    });
    expect(byRecruiter.status).toBe(403);
    const byStranger = await call(server, "POST", erasePath, {
      token: other.users.admin.token,
      body: { confirm: seeded.candidateId },
    });
    expect(byStranger.status).toBe(404);

    const erased = await call(server, "POST", erasePath, {
      token: org.users.admin.token,
      body: { confirm: seeded.candidateId },
    });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({
      candidateId: seeded.candidateId,
      // The resume; invitation, the stage invitation sent when the application entered an
      // interview stage, two interview emails and the requested link; and the four invitations
      // to the two interviews' interviewers, which name the candidate. The decision's email was
      // drafted, not sent (mail/email-drafts.ts): the draft goes too.
      removed: {
        files: 1,
        emails: 9,
        emailDrafts: 1,
        magicLinks: 3,
        portalSessions: 1,
        demographics: 1,
        challengeCode: 0,
        // The hire decision made a hire record (outcomes); it names the candidate, so it goes.
        hires: 1,
      },
      redacted: {
        // The stage move's note and the decision's event, which carries the override reason.
        applicationEventNotes: 2,
        applicationEventReasons: 0,
        // The first rating's evidence, in both versions of the scorecard.
        scorecardEvidence: 2,
        scorecardAmendmentReasons: 1,
        decisionOverrideReasons: 1,
        interviewPlaces: 2,
      },
      outboxFilesNotDeleted: 0,
    });

    expect(await findTraces(server.database.db, needles)).toEqual([]);
    expect(await findOutboxTraces(server.outboxDir, needles)).toEqual([]);
    // Only this candidate's emails went: the bystander's invitation is still in the outbox.
    expect(await findOutboxTraces(server.outboxDir, ["bystander.kept@example.test"])).toHaveLength(1);

    const db = server.database.db;
    const [candidate] = await db.select().from(candidates).where(eq(candidates.id, seeded.candidateId));
    expect(candidate).toMatchObject({
      fullName: null,
      email: null,
      phone: null,
      location: null,
      links: [],
      source: null,
    });
    expect(candidate?.erasedAt).toBeInstanceOf(Date);
    // The evaluation stays, anonymous: the application, its ratings and scores, the decision.
    const [application] = await db
      .select()
      .from(applications)
      .where(eq(applications.id, seeded.applicationId));
    expect(application).toMatchObject({ status: "hired", roleId: seeded.roleId });
    const cards = await db
      .select()
      .from(scorecards)
      .where(and(eq(scorecards.applicationId, seeded.applicationId)))
      .orderBy(scorecards.version);
    expect(cards.map((card) => [card.score, card.recommendation])).toEqual([
      [3, "yes"],
      [3, "strong_yes"],
    ]);
    expect(cards[1]?.ratings[0]?.evidence).toBe(ERASED_TEXT);
    expect(cards[1]?.ratings[1]?.evidence).toMatch(/^Observed for /);
    expect(cards[1]?.amendmentReason).toBe(ERASED_TEXT);
    const decision = await call(server, "GET", `/api/v1/applications/${seeded.applicationId}/decision`, {
      token: org.users.admin.token,
    });
    expect(decision.body.decisions).toEqual([
      expect.objectContaining({ outcome: "hire", isOverride: true, overrideReason: ERASED_TEXT }),
    ]);

    expect(
      (await call(server, "GET", "/api/v1/portal/me", { headers: { cookie: seeded.cookie } })).status,
    ).toBe(401);
    const reinvited = await call(server, "POST", `/api/v1/candidates/${seeded.candidateId}/invite`, {
      token: org.users.admin.token,
    });
    expect(reinvited.status).toBe(409);
    const exported = await call(server, "GET", `/api/v1/candidates/${seeded.candidateId}/export`, {
      token: org.users.admin.token,
    });
    expect(exported.body).toMatchObject({
      candidate: { fullName: null, email: null },
      demographics: null,
      emails: [],
      files: [],
    });
    const audit = await call(server, "GET", "/api/v1/audit?limit=10", { token: org.users.admin.token });
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ action: "candidate.erased", objectId: seeded.candidateId }),
    );
  });

  it("lets admins read and change the privacy settings, within bounds", async () => {
    const read = await call(server, "GET", "/api/v1/settings/privacy", { token: org.users.admin.token });
    expect(read.body).toEqual({
      shareFeedbackWithCandidates: false,
      candidateRetentionDays: null,
      demographicPreset: "us_eeo",
    });
    for (const role of ["recruiter", "hiring_manager", "interviewer"] as const) {
      expect(
        (await call(server, "GET", "/api/v1/settings/privacy", { token: org.users[role].token })).status,
      ).toBe(403);
      const patch = await call(server, "PATCH", "/api/v1/settings/privacy", {
        token: org.users[role].token,
        body: { candidateRetentionDays: 90 },
      });
      expect(patch.status).toBe(403);
    }
    for (const candidateRetentionDays of [29, 3651, 45.5, "90"]) {
      const invalid = await call(server, "PATCH", "/api/v1/settings/privacy", {
        token: org.users.admin.token,
        body: { candidateRetentionDays },
      });
      expect(invalid.status).toBe(400);
      expect((invalid.body.errors as { path: string }[])[0]?.path).toBe("body.candidateRetentionDays");
    }
    expect(
      (await call(server, "PATCH", "/api/v1/settings/privacy", { token: org.users.admin.token, body: {} }))
        .status,
    ).toBe(400);

    const changed = await call(server, "PATCH", "/api/v1/settings/privacy", {
      token: org.users.admin.token,
      body: { candidateRetentionDays: 180 },
    });
    expect(changed.body).toEqual({
      shareFeedbackWithCandidates: false,
      candidateRetentionDays: 180,
      demographicPreset: "us_eeo",
    });
    const cleared = await call(server, "PATCH", "/api/v1/settings/privacy", {
      token: org.users.admin.token,
      body: { candidateRetentionDays: null, shareFeedbackWithCandidates: true },
    });
    expect(cleared.body).toEqual({
      shareFeedbackWithCandidates: true,
      candidateRetentionDays: null,
      demographicPreset: "us_eeo",
    });
    const untouched = await call(server, "GET", "/api/v1/settings/privacy", {
      token: other.users.admin.token,
    });
    // Another organisation keeps its own settings, and a new organisation asks the minimal set.
    expect(untouched.body).toEqual({
      shareFeedbackWithCandidates: false,
      candidateRetentionDays: null,
      demographicPreset: "minimal",
    });
    await call(server, "PATCH", "/api/v1/settings/privacy", {
      token: org.users.admin.token,
      body: { shareFeedbackWithCandidates: false },
    });
  });

  it("the retention job erases, once, only candidates whose every application closed longer ago than the period", async () => {
    const db = server.database.db;
    const retaining = await seedOrganization(server.database, "Retaining");
    const keeping = await seedOrganization(server.database, "Keeping");
    const setRetention = await call(server, "PATCH", "/api/v1/settings/privacy", {
      token: retaining.users.admin.token,
      body: { candidateRetentionDays: 30 },
    });
    expect(setRetention.status).toBe(200);
    const now = new Date();
    const roleHere = await seedRoleWithStages(db, retaining.id);
    const secondRole = await seedRoleWithStages(db, retaining.id);
    const roleThere = await seedRoleWithStages(db, keeping.id);

    async function candidateWith(
      organizationId: string,
      label: string,
      closings: { status: "active" | "rejected" | "withdrawn" | "hired"; daysAgo: number; roleId: string }[],
    ) {
      const candidateId = await seedCandidate(db, organizationId, {
        fullName: `Retention ${label}`,
        email: `retention.${label}@example.test`,
      });
      for (const closing of closings) {
        const kind = closing.status === "active" ? "created" : closing.status;
        await seedApplication(db, {
          organizationId,
          candidateId,
          roleId: closing.roleId,
          currentStageId: null,
          status: closing.status,
          events: [
            { kind: "created", at: daysAgo(now, closing.daysAgo + 20) },
            ...(kind === "created" ? [] : [{ kind, at: daysAgo(now, closing.daysAgo) }]),
          ],
        });
      }
      return candidateId;
    }
    const rejectedLongAgo = await candidateWith(retaining.id, "rejected-40", [
      { status: "rejected", daysAgo: 40, roleId: roleHere.roleId },
    ]);
    const withdrawnLongAgo = await candidateWith(retaining.id, "withdrawn-31", [
      { status: "withdrawn", daysAgo: 31, roleId: roleHere.roleId },
      { status: "rejected", daysAgo: 45, roleId: secondRole.roleId },
    ]);
    const rejectedRecently = await candidateWith(retaining.id, "rejected-10", [
      { status: "rejected", daysAgo: 10, roleId: roleHere.roleId },
    ]);
    const oneStillActive = await candidateWith(retaining.id, "active", [
      { status: "rejected", daysAgo: 60, roleId: roleHere.roleId },
      { status: "active", daysAgo: 60, roleId: secondRole.roleId },
    ]);
    const hired = await candidateWith(retaining.id, "hired", [
      { status: "hired", daysAgo: 90, roleId: roleHere.roleId },
    ]);
    const withoutApplications = await candidateWith(retaining.id, "none", []);
    const elsewhere = await candidateWith(keeping.id, "elsewhere", [
      { status: "rejected", daysAgo: 400, roleId: roleThere.roleId },
    ]);
    // The candidate's invitation is in the outbox; the job removes its .eml file too.
    await call(server, "POST", `/api/v1/candidates/${rejectedLongAgo}/invite`, {
      token: retaining.users.admin.token,
    });
    expect(await findOutboxTraces(server.outboxDir, ["retention.rejected-40@example.test"])).toHaveLength(1);

    const deps = { db, clock: fixedClock(now), mailer: server.mailer, candidateData: candidateDataHoldings };
    const first = await candidateRetentionJob.handle(deps, {}, { id: "first", retryCount: 0 });
    expect(first).toEqual({ due: 2, erased: 2, outboxFilesNotDeleted: 0 });
    const second = await candidateRetentionJob.handle(deps, {}, { id: "second", retryCount: 0 });
    expect(second).toEqual({ due: 0, erased: 0, outboxFilesNotDeleted: 0 });

    const rows = await db
      .select({ id: candidates.id, erasedAt: candidates.erasedAt, email: candidates.email })
      .from(candidates);
    const erasedIds = rows.filter((row) => row.erasedAt !== null).map((row) => row.id);
    expect(erasedIds).toEqual(expect.arrayContaining([rejectedLongAgo, withdrawnLongAgo]));
    for (const kept of [rejectedRecently, oneStillActive, hired, withoutApplications, elsewhere]) {
      expect(rows.find((row) => row.id === kept)?.email).toMatch(/^retention\./);
    }
    expect(await findTraces(db, ["retention.rejected-40", "retention.withdrawn-31"])).toEqual([]);
    expect(await findOutboxTraces(server.outboxDir, ["retention.rejected-40@example.test"])).toEqual([]);

    const results = await db
      .select()
      .from(jobResults)
      .where(eq(jobResults.queue, candidateRetentionJob.queue));
    expect(results.map((row) => row.idempotencyKey).sort()).toEqual(
      [rejectedLongAgo, withdrawnLongAgo].sort(),
    );
    const audit = await call(server, "GET", "/api/v1/audit?limit=50", { token: retaining.users.admin.token });
    const erasures = (
      audit.body.items as { action: string; objectId: string; detail: { trigger?: string } }[]
    ).filter((event) => event.action === "candidate.erased");
    expect(erasures.map((event) => event.objectId).sort()).toEqual(
      [rejectedLongAgo, withdrawnLongAgo].sort(),
    );
    expect(erasures.every((event) => event.detail.trigger === "retention")).toBe(true);

    // A later day: the recently rejected candidate's period has passed.
    deps.clock.advance(21 * 24 * 60 * 60 * 1000);
    expect(await candidateRetentionJob.handle(deps, {}, { id: "third", retryCount: 0 })).toMatchObject({
      erased: 1,
    });
  });
});
