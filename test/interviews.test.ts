import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInKits } from "../src/modules/kits/library/index.ts";
import { testEngines } from "./support/databases.ts";
import {
  addTestMember,
  openRole,
  ratingsFor,
  rubricOf,
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
const PAIRING_KIT = "pair-programming-webhook-consumer";
const WRITTEN_KIT = "written-communication-rubric";

type Member = { id: string; email: string; token: string };
type FieldErrors = { path: string; message: string }[];

/** Scheduling, kit freezing, scorecards, independence and amendments through the API, on every engine. */
describe.each(testEngines)("structured interviews on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let ana: Member;
  let ben: Member;
  let cy: Member;
  let roleId: string;
  let otherRoleId: string;
  let stage: Record<
    "design" | "pairing" | "pooled" | "triple" | "written" | "challenge" | "elsewhere",
    SeededStage
  >;
  let candidateCount = 0;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Kappa");
    other = await seedOrganization(server.database, "Lambda");
    ana = org.users.interviewer;
    ben = await addTestMember(server.database, org.id, "Ben Rater");
    cy = await addTestMember(server.database, org.id, "Cy Rater");
    roleId = await openRole(server, org.users.recruiter.token);
    otherRoleId = await openRole(server, org.users.recruiter.token, { title: "Data Engineer" });
    const [design, pairing, pooled, triple, written, challenge] = await seedStages(
      server.database,
      org.id,
      roleId,
      [
        { name: "System design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 1, weight: 0.6 },
        {
          name: "Pair programming",
          type: "pair_programming",
          kitSlug: PAIRING_KIT,
          requiredRaters: 2,
          weight: 0.4,
        },
        {
          name: "Pooled design",
          type: "system_design",
          kitSlug: "system-design-rate-limiter",
          requiredRaters: 2,
          interviewerPool: [ana.id, ben.id],
        },
        {
          name: "Panel design",
          type: "system_design",
          kitSlug: "system-design-notification-fan-out",
          requiredRaters: 3,
        },
        {
          name: "Written exercise",
          type: "written_exercise",
          kitSlug: WRITTEN_KIT,
          requiredRaters: 1,
          isBlind: false,
        },
        { name: "Coding challenge", type: "async_challenge" },
      ],
    );
    const [elsewhere] = await seedStages(server.database, org.id, otherRoleId, [
      { name: "Other design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2 },
    ]);
    if (!design || !pairing || !pooled || !triple || !written || !challenge || !elsewhere)
      throw new Error("stages");
    stage = { design, pairing, pooled, triple, written, challenge, elsewhere };
  });
  afterAll(async () => server?.close());

  async function newApplication(status: "active" | "withdrawn" = "active") {
    candidateCount += 1;
    const seeded = await seedApplication(
      server.database,
      org.id,
      roleId,
      {
        fullName: `Candidate Person ${candidateCount}`,
        email: `person${candidateCount}.${engine}@candidates.test`,
        location: "Porto",
      },
      { stageId: stage.design.id, status },
    );
    return seeded.applicationId;
  }

  function scheduleBody(applicationId: string, changes: Record<string, unknown> = {}) {
    return {
      applicationId,
      stageId: stage.design.id,
      scheduledAt: "2030-05-04T09:00:00Z",
      durationMinutes: 60,
      interviewerIds: [ana.id, ben.id],
      mode: "remote",
      videoLink: "https://meet.example.com/design-round",
      ...changes,
    };
  }

  async function schedule(
    applicationId: string,
    changes: Record<string, unknown> = {},
    token = org.users.hiring_manager.token,
  ) {
    return call(server, "POST", "/api/v1/interviews", { token, body: scheduleBody(applicationId, changes) });
  }

  async function scheduled(applicationId: string, changes: Record<string, unknown> = {}) {
    const response = await schedule(applicationId, changes);
    expect(response.status).toBe(201);
    return String(response.body.id);
  }

  async function file(interviewId: string, member: Member, levels: number[] = [3], kit = DESIGN_KIT) {
    return call(server, "POST", `/api/v1/interviews/${interviewId}/scorecards`, {
      token: member.token,
      body: { ratings: ratingsFor(kit, levels), recommendation: "yes" },
    });
  }

  async function interviewCount(applicationId: string) {
    const list = await call(server, "GET", `/api/v1/interviews?applicationId=${applicationId}`, {
      token: org.users.admin.token,
    });
    return list.body.items?.length ?? -1;
  }

  it("schedules an interview with the stage's kit, freezes the kit and shows participants their interviews", async () => {
    const applicationId = await newApplication();
    const response = await schedule(applicationId, {
      mode: "onsite",
      room: "Room 4 (Lisbon)",
      videoLink: undefined,
    });
    expect(response.status).toBe(201);
    const interview = response.body as Record<string, unknown> & {
      id: string;
      candidate: { pseudonym: string };
      interviewers: { id: string }[];
      kit: {
        questions: { prompt: string; probes: string[] }[];
        rubric: { levels: { anchor: string }[] }[];
        candidateQuestionsSegment: unknown;
      };
    };
    expect(interview).toMatchObject({
      applicationId,
      candidate: { isRedacted: false, name: expect.stringMatching(/^Candidate Person/), location: "Porto" },
      role: { id: roleId, title: "Backend Engineer, Platform" },
      stage: { id: stage.design.id, name: "System design", type: "system_design", isBlind: false },
      kitVersion: { id: stage.design.kitVersionId, slug: DESIGN_KIT, version: 1 },
      scheduledAt: "2030-05-04T09:00:00.000Z",
      durationMinutes: 60,
      mode: "onsite",
      room: "Room 4 (Lisbon)",
      status: "scheduled",
      isParticipant: false,
      hasSubmitted: false,
      myScorecard: null,
    });
    expect(interview.candidate.pseudonym).toMatch(/^Candidate [0-9A-F]{4}$/);
    expect(interview.interviewers.map((person) => person.id).sort()).toEqual([ana.id, ben.id].sort());
    // The kit as the interviewer runs it: questions with probes, anchored rubric, candidate questions.
    const kit = builtInKits.find((item) => item.slug === DESIGN_KIT);
    expect(interview.kit.questions[0]).toMatchObject({
      prompt: kit?.questions[0]?.prompt,
      probes: kit?.questions[0]?.probes,
    });
    expect(interview.kit.rubric[0]?.levels.map((level) => level.anchor)).toEqual(
      kit?.rubric[0]?.levels.map((level) => level.anchor),
    );
    expect(interview.kit.candidateQuestionsSegment).toEqual(kit?.candidateQuestionsSegment);

    const version = await call(server, "GET", `/api/v1/kit-versions/${stage.design.kitVersionId}`, {
      token: ana.token,
    });
    expect(version.body.frozenAt).not.toBeNull();

    const mine = await call(server, "GET", "/api/v1/interviews?mine=true", { token: ana.token });
    expect(mine.body.items?.map((item) => (item as { id: string }).id)).toContain(interview.id);
    const detail = await call(server, "GET", `/api/v1/interviews/${interview.id}`, { token: ana.token });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ isParticipant: true, hasSubmitted: false });
    // Cy takes no part: the interview neither lists nor opens for them.
    const cyList = await call(server, "GET", "/api/v1/interviews", { token: cy.token });
    expect(cyList.body.items?.map((item) => (item as { id: string }).id)).not.toContain(interview.id);
    expect(
      (await call(server, "GET", `/api/v1/interviews/${interview.id}`, { token: cy.token })).status,
    ).toBe(404);

    const window = await call(
      server,
      "GET",
      "/api/v1/interviews?from=2030-05-04T00:00:00Z&to=2030-05-05T00:00:00Z",
      {
        token: org.users.recruiter.token,
      },
    );
    expect(window.body.items?.map((item) => (item as { id: string }).id)).toContain(interview.id);
    const before = await call(server, "GET", "/api/v1/interviews?to=2030-05-04T09:00:00Z", {
      token: org.users.recruiter.token,
    });
    expect(before.body.items?.map((item) => (item as { id: string }).id)).not.toContain(interview.id);

    const audit = await call(server, "GET", "/api/v1/audit?limit=20", { token: org.users.admin.token });
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ action: "interview.scheduled", objectId: interview.id }),
    );
  });

  it("refuses each scheduling rule's violation with the offending field, and stores nothing", async () => {
    const applicationId = await newApplication();
    const cases: { changes: Record<string, unknown>; path: string; message: RegExp }[] = [
      { changes: { stageId: stage.elsewhere.id }, path: "stageId", message: /another role/ },
      { changes: { stageId: stage.challenge.id }, path: "stageId", message: /interview or review stages/ },
      { changes: { interviewerIds: [ana.id] }, path: "interviewerIds", message: /at least 2/ },
      {
        changes: { stageId: stage.triple.id, durationMinutes: 60 },
        path: "interviewerIds",
        message: /at least 3/,
      },
      { changes: { interviewerIds: [ana.id, ana.id] }, path: "interviewerIds", message: /same person twice/ },
      {
        changes: { interviewerIds: [ana.id, other.users.interviewer.id] },
        path: "interviewerIds.1",
        message: /not a member/,
      },
      {
        changes: { stageId: stage.pooled.id, interviewerIds: [ana.id, cy.id] },
        path: "interviewerIds.1",
        message: /pool/,
      },
      { changes: { durationMinutes: 45 }, path: "durationMinutes", message: /at least 60 minutes/ },
      { changes: { mode: "onsite", videoLink: undefined }, path: "room", message: /onsite/ },
      { changes: { videoLink: undefined }, path: "videoLink", message: /remote/ },
      { changes: { videoLink: "http://meet.example.com/plain" }, path: "videoLink", message: /https/ },
    ];
    for (const { changes, path, message } of cases) {
      const response = await schedule(applicationId, changes);
      expect(response.status, JSON.stringify(changes)).toBe(400);
      const errors = response.body.errors as FieldErrors;
      expect(errors.map((error) => error.path)).toEqual([path]);
      expect(errors[0]?.message).toMatch(message);
    }
    const badTime = await schedule(applicationId, { scheduledAt: "next tuesday" });
    expect(badTime.status).toBe(400);
    expect((badTime.body.errors as FieldErrors)[0]?.path).toBe("body.scheduledAt");
    expect(await interviewCount(applicationId)).toBe(0);

    // A one-rater review stage takes one reviewer; a pooled stage takes its pool.
    expect(
      (
        await schedule(applicationId, {
          stageId: stage.written.id,
          interviewerIds: [cy.id],
          durationMinutes: 90,
        })
      ).status,
    ).toBe(201);
    expect(
      (await schedule(applicationId, { stageId: stage.pooled.id, interviewerIds: [ben.id, ana.id] })).status,
    ).toBe(201);
    expect(await interviewCount(applicationId)).toBe(2);
  });

  it("schedules only for active applications, and only for the hiring team", async () => {
    const withdrawn = await newApplication("withdrawn");
    const refused = await schedule(withdrawn);
    expect(refused.status).toBe(409);
    expect(String(refused.body.detail)).toMatch(/withdrawn/);
    const active = await newApplication();
    expect((await schedule(active, {}, ana.token)).status).toBe(403);
    expect((await schedule(active, {}, org.users.recruiter.token)).status).toBe(201);
    expect((await schedule(active, {}, org.users.admin.token)).status).toBe(201);
    expect(await interviewCount(withdrawn)).toBe(0);
  });

  it("keeps the kit version an interview was given when the kit changes later", async () => {
    const applicationId = await newApplication();
    const interviewId = await scheduled(applicationId, { stageId: stage.pairing.id });
    const kit = builtInKits.find((item) => item.slug === PAIRING_KIT);
    if (!kit) throw new Error("kit");
    const revised = structuredClone(kit);
    const firstQuestion = revised.questions[0];
    if (!firstQuestion) throw new Error("question");
    firstQuestion.prompt = `${firstQuestion.prompt} (Revised: start from the failing test.)`;
    const saved = await call(server, "POST", "/api/v1/kits", {
      token: org.users.recruiter.token,
      body: revised,
    });
    expect(saved.status).toBe(201);
    expect(saved.body.version).toBe(2);

    const detail = await call(server, "GET", `/api/v1/interviews/${interviewId}`, { token: ana.token });
    expect(detail.body.kitVersion).toMatchObject({ id: stage.pairing.kitVersionId, version: 1 });
    expect((detail.body.kit as { questions: { prompt: string }[] }).questions[0]?.prompt).toBe(
      kit.questions[0]?.prompt,
    );
    // The next interview of the stage gets the same frozen version: every candidate is asked the same questions.
    const next = await call(
      server,
      "GET",
      `/api/v1/interviews/${await scheduled(await newApplication(), { stageId: stage.pairing.id })}`,
      {
        token: ana.token,
      },
    );
    expect(next.body.kitVersion).toMatchObject({ id: stage.pairing.kitVersionId, version: 1 });
  });

  it("validates scorecards against the interview's rubric and files only for participants", async () => {
    const interviewId = await scheduled(await newApplication());
    const attributes = rubricOf(DESIGN_KIT);
    const complete = ratingsFor(DESIGN_KIT, [3]);
    const attempt = (member: Member, ratings: unknown) =>
      call(server, "POST", `/api/v1/interviews/${interviewId}/scorecards`, {
        token: member.token,
        body: { ratings, recommendation: "yes" },
      });

    const missing = await attempt(ana, complete.slice(1));
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      { path: "ratings", message: expect.stringContaining(attributes[0] ?? "?") },
    ]);

    const unknown = await attempt(ana, [
      ...complete,
      { attributeId: "charisma", level: 4, evidence: "Smiled a lot during the call." },
    ]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { path: `ratings.${complete.length}.attributeId`, message: expect.stringMatching(/charisma/) },
    ]);

    for (const evidence of ["", "   ", "good"]) {
      const noEvidence = await attempt(
        ana,
        complete.map((rating, index) => (index === 2 ? { ...rating, evidence } : rating)),
      );
      expect(noEvidence.status).toBe(400);
      expect(noEvidence.body.errors).toEqual([
        { path: "ratings.2.evidence", message: expect.stringMatching(/evidence/) },
      ]);
    }
    const twice = await attempt(ana, [...complete, complete[0]]);
    expect((twice.body.errors as FieldErrors).map((error) => error.path)).toEqual([
      `ratings.${complete.length}.attributeId`,
    ]);
    const badLevel = await attempt(
      ana,
      complete.map((rating, index) => (index === 0 ? { ...rating, level: 5 } : rating)),
    );
    expect(badLevel.status).toBe(400);
    expect((badLevel.body.errors as FieldErrors)[0]?.path).toBe("body.ratings.0.level");

    // Cy is no participant and does not see the interview; the hiring manager sees it but does not rate it.
    expect((await attempt(cy, complete)).status).toBe(404);
    expect((await attempt(org.users.hiring_manager, complete)).status).toBe(403);
    expect((await attempt(other.users.admin, complete)).status).toBe(404);

    const filed = await file(interviewId, ana, [4, 4, 4, 3, 3, 3, 3]);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      interviewId,
      interviewer: { id: ana.id },
      version: 1,
      score: 3.429,
      recommendation: "yes",
      amendsId: null,
      history: [],
    });
    expect(
      (filed.body.ratings as { attributeId: string; attributeName: string }[]).map(
        (rating) => rating.attributeId,
      ),
    ).toEqual(attributes);
    const detail = await call(server, "GET", `/api/v1/interviews/${interviewId}`, { token: ana.token });
    expect(detail.body).toMatchObject({
      hasSubmitted: true,
      myScorecard: { id: filed.body.id, version: 1 },
      status: "scheduled",
    });
  });

  it("keeps scorecards independent until one's own is filed; non-participating managers see all", async () => {
    const applicationId = await newApplication();
    const interviewId = await scheduled(applicationId);
    const anaCard = await file(interviewId, ana, [4]);
    expect(anaCard.status).toBe(201);
    const anaCardId = String(anaCard.body.id);

    for (const path of [
      `/api/v1/interviews/${interviewId}/scorecards`,
      `/api/v1/applications/${applicationId}/scorecards`,
      `/api/v1/scorecards/${anaCardId}`,
    ]) {
      const hidden = await call(server, "GET", path, { token: ben.token });
      expect(hidden.status, path).toBe(403);
      expect(String(hidden.body.detail)).toMatch(/Submit yours first/);
    }
    // Ana filed, so she sees every scorecard there is; the manager, who takes no part, too.
    const anaView = await call(server, "GET", `/api/v1/applications/${applicationId}/scorecards`, {
      token: ana.token,
    });
    expect(anaView.status).toBe(200);
    expect(anaView.body.items).toHaveLength(1);
    const managerView = await call(server, "GET", `/api/v1/interviews/${interviewId}/scorecards`, {
      token: org.users.hiring_manager.token,
    });
    expect(managerView.body.items).toHaveLength(1);
    // Cy interviews nobody here: for Cy the application does not exist.
    expect(
      (await call(server, "GET", `/api/v1/applications/${applicationId}/scorecards`, { token: cy.token }))
        .status,
    ).toBe(404);

    const benCard = await file(interviewId, ben, [2]);
    expect(benCard.status).toBe(201);
    expect(benCard.body.interviewer).toMatchObject({ id: ben.id });
    const benView = await call(server, "GET", `/api/v1/interviews/${interviewId}/scorecards`, {
      token: ben.token,
    });
    expect(benView.status).toBe(200);
    expect(
      (benView.body.items as { interviewer: { id: string }; score: number }[])
        .map((card) => [card.interviewer.id, card.score])
        .sort(),
    ).toEqual(
      [
        [ana.id, 4],
        [ben.id, 2],
      ].sort(),
    );
    expect((await call(server, "GET", `/api/v1/scorecards/${anaCardId}`, { token: ben.token })).status).toBe(
      200,
    );
    const done = await call(server, "GET", `/api/v1/interviews/${interviewId}`, { token: ben.token });
    expect(done.body.status).toBe("completed");
  });

  it("holds a participant to the rule across all their interviews of the candidate, hiring team included", async () => {
    const applicationId = await newApplication();
    const design = await scheduled(applicationId, { interviewerIds: [ana.id, org.users.hiring_manager.id] });
    const pairing = await scheduled(applicationId, {
      stageId: stage.pairing.id,
      interviewerIds: [ana.id, ben.id],
    });
    expect((await file(design, ana)).status).toBe(201);
    // The hiring manager interviews too and has not filed: the manager's overview stays closed.
    const managerView = await call(server, "GET", `/api/v1/applications/${applicationId}/scorecards`, {
      token: org.users.hiring_manager.token,
    });
    expect(managerView.status).toBe(403);
    expect(
      (
        await call(server, "GET", `/api/v1/applications/${applicationId}/decision`, {
          token: org.users.hiring_manager.token,
        })
      ).status,
    ).toBe(403);
    // Ana filed for the design round but not the pairing round: still closed.
    expect(
      (await call(server, "GET", `/api/v1/applications/${applicationId}/scorecards`, { token: ana.token }))
        .status,
    ).toBe(403);
    expect((await file(pairing, ana, [3], PAIRING_KIT)).status).toBe(201);
    expect(
      (await call(server, "GET", `/api/v1/applications/${applicationId}/scorecards`, { token: ana.token }))
        .status,
    ).toBe(200);
    // A cancelled interview no longer holds anyone back.
    expect(
      (
        await call(server, "POST", `/api/v1/interviews/${design}/cancel`, {
          token: org.users.recruiter.token,
        })
      ).status,
    ).toBe(200);
    const afterCancel = await call(server, "GET", `/api/v1/applications/${applicationId}/scorecards`, {
      token: org.users.hiring_manager.token,
    });
    expect(afterCancel.status).toBe(200);
    expect(
      (afterCancel.body.items as { interviewStatus: string }[]).map((card) => card.interviewStatus).sort(),
    ).toEqual(["cancelled", "scheduled"]);
  });

  it("locks a filed scorecard; its author amends it as a new version with a reason", async () => {
    const applicationId = await newApplication();
    const interviewId = await scheduled(applicationId);
    const first = await file(interviewId, ana, [2]);
    const again = await file(interviewId, ana, [4]);
    expect(again.status).toBe(409);
    expect(String(again.body.detail)).toContain(`/api/v1/scorecards/${first.body.id}/amendments`);

    const amend = (scorecardId: string, member: Member, reason: string, levels = [3]) =>
      call(server, "POST", `/api/v1/scorecards/${scorecardId}/amendments`, {
        token: member.token,
        body: { ratings: ratingsFor(DESIGN_KIT, levels), recommendation: "strong_yes", reason },
      });
    const noReason = await amend(String(first.body.id), ana, "  typo ");
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ path: "reason", message: expect.stringMatching(/say why/) }]);
    expect(
      (await amend(String(first.body.id), org.users.hiring_manager, "Manager wants a higher score.")).status,
    ).toBe(403);
    expect((await amend(String(first.body.id), cy, "Not my scorecard at all.")).status).toBe(404);

    const amended = await amend(
      String(first.body.id),
      ana,
      "Mixed up two attributes' notes; re-rated from my notes.",
      [3],
    );
    expect(amended.status).toBe(201);
    expect(amended.body).toMatchObject({
      version: 2,
      amendsId: first.body.id,
      amendmentReason: "Mixed up two attributes' notes; re-rated from my notes.",
      score: 3,
      recommendation: "strong_yes",
      history: [{ id: first.body.id, version: 1, score: 2, recommendation: "yes", amendsId: null }],
    });
    const stale = await amend(String(first.body.id), ana, "Amending the old version again.");
    expect(stale.status).toBe(409);
    const third = await amend(String(amended.body.id), ana, "Added the evidence for the data model.", [4]);
    expect(third.body).toMatchObject({ version: 3, amendsId: amended.body.id, score: 4 });
    expect((third.body.history as { version: number }[]).map((version) => version.version)).toEqual([2, 1]);

    const managerView = await call(server, "GET", `/api/v1/applications/${applicationId}/scorecards`, {
      token: org.users.hiring_manager.token,
    });
    expect(managerView.body.items).toHaveLength(1);
    expect(managerView.body.items?.[0]).toMatchObject({ id: third.body.id, version: 3, score: 4 });
    const detail = await call(server, "GET", `/api/v1/interviews/${interviewId}`, { token: ana.token });
    expect(detail.body.myScorecard).toEqual({ id: third.body.id, version: 3 });

    const audit = await call(server, "GET", "/api/v1/audit?limit=50", { token: org.users.admin.token });
    const amendment = (audit.body.items as { action: string; objectId: string; detail: object }[]).find(
      (item) => item.action === "scorecard.amended" && item.objectId === amended.body.id,
    );
    // The reason stays in the scorecard version the record points at, never in the append-only log.
    expect(amendment?.detail).toEqual(expect.objectContaining({ version: 2 }));
    expect(JSON.stringify(amendment?.detail)).not.toContain("Mixed up");
  });

  it("cancels a scheduled interview once; a cancelled interview takes no scorecards", async () => {
    const interviewId = await scheduled(await newApplication());
    expect(
      (await call(server, "POST", `/api/v1/interviews/${interviewId}/cancel`, { token: ana.token })).status,
    ).toBe(403);
    const cancelled = await call(server, "POST", `/api/v1/interviews/${interviewId}/cancel`, {
      token: org.users.recruiter.token,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    expect(
      (
        await call(server, "POST", `/api/v1/interviews/${interviewId}/cancel`, {
          token: org.users.recruiter.token,
        })
      ).status,
    ).toBe(409);
    const late = await file(interviewId, ana);
    expect(late.status).toBe(409);
    expect(String(late.body.detail)).toMatch(/cancelled/);
  });

  it("answers 404 to another organisation for every interview route and changes nothing", async () => {
    const applicationId = await newApplication();
    const interviewId = await scheduled(applicationId);
    const filed = await file(interviewId, ana);
    const intruder = other.users.admin.token;
    const attempts = [
      call(server, "GET", `/api/v1/interviews/${interviewId}`, { token: intruder }),
      call(server, "POST", `/api/v1/interviews/${interviewId}/cancel`, { token: intruder }),
      call(server, "GET", `/api/v1/interviews/${interviewId}/scorecards`, { token: intruder }),
      call(server, "POST", `/api/v1/interviews/${interviewId}/scorecards`, {
        token: intruder,
        body: { ratings: ratingsFor(DESIGN_KIT, [1]), recommendation: "strong_no" },
      }),
      call(server, "GET", `/api/v1/applications/${applicationId}/scorecards`, { token: intruder }),
      call(server, "GET", `/api/v1/scorecards/${filed.body.id}`, { token: intruder }),
      call(server, "POST", `/api/v1/scorecards/${filed.body.id}/amendments`, {
        token: intruder,
        body: {
          ratings: ratingsFor(DESIGN_KIT, [1]),
          recommendation: "strong_no",
          reason: "Overwriting from outside.",
        },
      }),
      call(server, "POST", "/api/v1/interviews", { token: intruder, body: scheduleBody(applicationId) }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(404);
    const outsideList = await call(server, "GET", "/api/v1/interviews", { token: intruder });
    expect(outsideList.body.items).toEqual([]);

    const detail = await call(server, "GET", `/api/v1/interviews/${interviewId}`, {
      token: org.users.admin.token,
    });
    expect(detail.body.status).toBe("scheduled");
    const cards = await call(server, "GET", `/api/v1/interviews/${interviewId}/scorecards`, {
      token: org.users.admin.token,
    });
    expect(cards.body.items).toEqual([
      expect.objectContaining({ id: filed.body.id, version: 1, history: [] }),
    ]);
    expect(await interviewCount(applicationId)).toBe(1);
  });
});
