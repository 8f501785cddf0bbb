import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicationEvents, applications } from "../src/modules/candidates/candidates-table.ts";
import { candidatePseudonym } from "../src/modules/interviews/blind.ts";
import { fixedClock } from "../src/platform/clock.ts";
import { testEngines } from "./support/databases.ts";
import {
  addExerciseCandidate,
  EXERCISE_START,
  type ExerciseCandidate,
  threeStepExercise,
} from "./support/exercise-seed.ts";
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
const PAIRING_KIT = "pair-programming-webhook-consumer";

type Member = { id: string; email: string; token: string };
interface Summary {
  applicationStatus: string;
  components: {
    stageId: string;
    stageName: string;
    weight: number;
    score: number | null;
    raters: number;
    requiredRaters: number;
  }[];
  formulaScore: number | null;
  threshold: number;
  formulaOutcome: string;
  decisions: {
    outcome: string;
    formulaOutcome: string;
    formulaScore: number | null;
    components: Summary["components"];
    isOverride: boolean;
    overrideReason: string | null;
    decidedBy: { id: string };
  }[];
}

/** The weighted decision formula and recorded hiring decisions through the API, on every engine. */
describe.each(testEngines)("hiring decisions on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let ana: Member;
  let ben: Member;
  let roleId: string;
  let design: SeededStage;
  let pairing: SeededStage;
  let candidateCount = 0;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Mu");
    other = await seedOrganization(server.database, "Nu");
    ana = org.users.interviewer;
    ben = await addTestMember(server.database, org.id, "Ben Rater");
    roleId = await openRole(server, org.users.recruiter.token, { hireThreshold: 3 });
    const stages = await seedStages(server.database, org.id, roleId, [
      { name: "Application review", type: "application_review" },
      { name: "System design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2, weight: 0.6 },
      {
        name: "Pair programming",
        type: "pair_programming",
        kitSlug: PAIRING_KIT,
        requiredRaters: 2,
        weight: 0.4,
      },
      { name: "Decision", type: "decision" },
    ]);
    if (!stages[1] || !stages[2]) throw new Error("stages");
    design = stages[1];
    pairing = stages[2];
  });
  afterAll(async () => server?.close());

  async function newApplication(forRole = roleId) {
    candidateCount += 1;
    const seeded = await seedApplication(server.database, org.id, forRole, {
      fullName: `Decision Candidate ${candidateCount}`,
      email: `decision${candidateCount}.${engine}@candidates.test`,
    });
    return seeded.applicationId;
  }

  async function interview(applicationId: string, stage: SeededStage) {
    const response = await call(server, "POST", "/api/v1/interviews", {
      token: org.users.recruiter.token,
      body: {
        applicationId,
        stageId: stage.id,
        scheduledAt: "2030-06-01T10:00:00Z",
        durationMinutes: 60,
        interviewerIds: [ana.id, ben.id],
        mode: "remote",
        videoLink: "https://meet.example.com/panel",
      },
    });
    expect(response.status).toBe(201);
    return String(response.body.id);
  }

  async function file(interviewId: string, member: Member, level: number, kit: string) {
    const response = await call(server, "POST", `/api/v1/interviews/${interviewId}/scorecards`, {
      token: member.token,
      body: { ratings: ratingsFor(kit, [level]), recommendation: level >= 3 ? "yes" : "no" },
    });
    expect(response.status).toBe(201);
    return String(response.body.id);
  }

  /** Design rated 4 and 3 (3.5), pairing rated 3 and 2 (2.5): 0.6 × 3.5 + 0.4 × 2.5 = 3.1. */
  async function fullyRated(applicationId: string) {
    const designInterview = await interview(applicationId, design);
    const pairingInterview = await interview(applicationId, pairing);
    const anaDesign = await file(designInterview, ana, 4, DESIGN_KIT);
    await file(designInterview, ben, 3, DESIGN_KIT);
    await file(pairingInterview, ana, 3, PAIRING_KIT);
    await file(pairingInterview, ben, 2, PAIRING_KIT);
    return { designInterview, pairingInterview, anaDesign };
  }

  async function summary(applicationId: string, token = org.users.hiring_manager.token) {
    const response = await call(server, "GET", `/api/v1/applications/${applicationId}/decision`, { token });
    expect(response.status).toBe(200);
    return response.body as unknown as Summary;
  }

  const decide = (
    applicationId: string,
    body: Record<string, unknown>,
    token = org.users.hiring_manager.token,
  ) => call(server, "POST", `/api/v1/applications/${applicationId}/decision`, { token, body });

  async function eventsOf(applicationId: string) {
    return server.database.db
      .select()
      .from(applicationEvents)
      .where(
        and(eq(applicationEvents.organizationId, org.id), eq(applicationEvents.applicationId, applicationId)),
      );
  }

  it("shows an incomplete formula with every weighted stage until the raters have filed", async () => {
    const applicationId = await newApplication();
    const empty = await summary(applicationId);
    expect(empty).toMatchObject({
      applicationStatus: "active",
      components: [
        {
          stageId: design.id,
          stageName: "System design",
          weight: 0.6,
          score: null,
          raters: 0,
          requiredRaters: 2,
        },
        {
          stageId: pairing.id,
          stageName: "Pair programming",
          weight: 0.4,
          score: null,
          raters: 0,
          requiredRaters: 2,
        },
      ],
      formulaScore: null,
      threshold: 3,
      formulaOutcome: "incomplete",
      decisions: [],
    });
    const designInterview = await interview(applicationId, design);
    await file(designInterview, ana, 4, DESIGN_KIT);
    const partial = await summary(applicationId);
    expect(partial.components[0]).toMatchObject({ score: 4, raters: 1 });
    expect(partial.formulaScore).toBe(4);
    expect(partial.formulaOutcome).toBe("incomplete");
  });

  it("combines the latest scorecards by the stage weights and records a decision that follows the formula", async () => {
    const applicationId = await newApplication();
    await fullyRated(applicationId);
    const computed = await summary(applicationId, org.users.recruiter.token);
    expect(computed.components.map((component) => [component.score, component.raters])).toEqual([
      [3.5, 2],
      [2.5, 2],
    ]);
    expect(computed.formulaScore).toBe(3.1);
    expect(computed.formulaOutcome).toBe("hire");

    const decided = await decide(applicationId, { outcome: "hire" });
    expect(decided.status).toBe(201);
    const after = decided.body as unknown as Summary;
    expect(after.applicationStatus).toBe("hired");
    expect(after.decisions).toEqual([
      expect.objectContaining({
        outcome: "hire",
        formulaOutcome: "hire",
        formulaScore: 3.1,
        components: computed.components,
        isOverride: false,
        overrideReason: null,
        decidedBy: expect.objectContaining({ id: org.users.hiring_manager.id }),
      }),
    ]);
    const [application] = await server.database.db
      .select()
      .from(applications)
      .where(eq(applications.id, applicationId));
    expect(application?.status).toBe("hired");
    expect(await eventsOf(applicationId)).toEqual([
      expect.objectContaining({
        kind: "hired",
        reason: "decision: hire",
        actorUserId: org.users.hiring_manager.id,
      }),
    ]);
    // An application is decided once.
    expect((await decide(applicationId, { outcome: "hire" })).status).toBe(409);
  });

  it("requires an override reason to depart from the formula, and records it", async () => {
    const applicationId = await newApplication();
    await fullyRated(applicationId);
    for (const overrideReason of [undefined, "   "]) {
      const refused = await decide(applicationId, { outcome: "no_hire", overrideReason });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        { path: "overrideReason", message: "required when the decision departs from the formula" },
      ]);
    }
    expect((await summary(applicationId)).decisions).toEqual([]);

    const reason = "References raised an integrity concern the interviews could not cover.";
    const decided = await decide(
      applicationId,
      { outcome: "no_hire", overrideReason: reason },
      org.users.admin.token,
    );
    expect(decided.status).toBe(201);
    expect(decided.body).toMatchObject({
      applicationStatus: "rejected",
      decisions: [{ outcome: "no_hire", formulaOutcome: "hire", isOverride: true, overrideReason: reason }],
    });
    const [application] = await server.database.db
      .select()
      .from(applications)
      .where(eq(applications.id, applicationId));
    expect(application).toMatchObject({ status: "rejected", rejectionReason: "other" });
    expect(await eventsOf(applicationId)).toEqual([
      expect.objectContaining({ kind: "rejected", reason: "decision: no hire", note: reason }),
    ]);
    const audit = await call(server, "GET", "/api/v1/audit?limit=20", { token: org.users.admin.token });
    const overridden = (audit.body.items as { action: string; objectId: string; detail: object }[]).find(
      (item) => item.action === "application.decision_overridden" && item.objectId === applicationId,
    );
    // The reason stays in the decision the record points at, never in the append-only log.
    expect(overridden?.detail).toEqual(
      expect.objectContaining({ outcome: "no_hire", formulaOutcome: "hire", isOverride: true }),
    );
    expect(JSON.stringify(overridden?.detail)).not.toContain(reason);
    const decisionId = (overridden?.detail as { decisionId?: string } | undefined)?.decisionId;
    expect((await summary(applicationId)).decisions).toContainEqual(
      expect.objectContaining({ id: decisionId, overrideReason: reason }),
    );
  });

  it("treats deciding on incomplete evidence as an override", async () => {
    const applicationId = await newApplication();
    const designInterview = await interview(applicationId, design);
    await file(designInterview, ana, 4, DESIGN_KIT);
    await file(designInterview, ben, 4, DESIGN_KIT);
    const refused = await decide(applicationId, { outcome: "hire" });
    expect(refused.status).toBe(400);
    expect(String(refused.body.detail)).toMatch(/incomplete/);
    const decided = await decide(applicationId, {
      outcome: "hire",
      overrideReason: "Competing offer expires tomorrow; pairing skipped with the candidate's agreement.",
    });
    expect(decided.status).toBe(201);
    expect(decided.body).toMatchObject({
      decisions: [{ outcome: "hire", formulaOutcome: "incomplete", formulaScore: 4, isOverride: true }],
    });
  });

  it("counts only the latest version of each scorecard and ignores cancelled interviews; stored decisions keep their components", async () => {
    const applicationId = await newApplication();
    const { anaDesign, pairingInterview } = await fullyRated(applicationId);
    const amended = await call(server, "POST", `/api/v1/scorecards/${anaDesign}/amendments`, {
      token: ana.token,
      body: {
        ratings: ratingsFor(DESIGN_KIT, [2]),
        recommendation: "no",
        reason: "Re-read my notes: the data model had gaps.",
      },
    });
    expect(amended.status).toBe(201);
    const afterAmendment = await summary(applicationId);
    // Design is now (2 + 3) / 2 = 2.5: 0.6 × 2.5 + 0.4 × 2.5 = 2.5.
    expect(afterAmendment.components[0]).toMatchObject({ score: 2.5, raters: 2 });
    expect(afterAmendment.formulaScore).toBe(2.5);
    expect(afterAmendment.formulaOutcome).toBe("no_hire");

    expect(
      (
        await call(server, "POST", `/api/v1/interviews/${pairingInterview}/cancel`, {
          token: org.users.recruiter.token,
        })
      ).status,
    ).toBe(409);
    const secondPairing = await interview(applicationId, pairing);
    await file(secondPairing, ana, 1, PAIRING_KIT);
    const withExtra = await summary(applicationId);
    expect(withExtra.components[1]).toMatchObject({ score: 2, raters: 2 });
    expect(
      (
        await call(server, "POST", `/api/v1/interviews/${secondPairing}/cancel`, {
          token: org.users.recruiter.token,
        })
      ).status,
    ).toBe(200);
    const afterCancel = await summary(applicationId);
    expect(afterCancel.components[1]).toMatchObject({ score: 2.5, raters: 2 });

    const decided = await decide(applicationId, { outcome: "no_hire" });
    expect(decided.status).toBe(201);
    const stored = (decided.body as unknown as Summary).decisions[0];
    expect(stored).toMatchObject({ formulaOutcome: "no_hire", formulaScore: 2.5, isOverride: false });
    // Evidence changed after the decision leaves the decision's own record as it was.
    await call(server, "POST", `/api/v1/scorecards/${amended.body.id}/amendments`, {
      token: ana.token,
      body: {
        ratings: ratingsFor(DESIGN_KIT, [4]),
        recommendation: "strong_yes",
        reason: "Late correction after the decision.",
      },
    });
    const later = await summary(applicationId);
    expect(later.formulaScore).not.toBe(2.5);
    expect(later.decisions[0]?.components).toEqual(stored?.components);
    expect(later.decisions[0]?.formulaScore).toBe(2.5);
  });

  it("compares at the role's own threshold: a score exactly at it says hire", async () => {
    const strictRole = await openRole(server, org.users.recruiter.token, {
      title: "Staff Engineer",
      hireThreshold: 3.5,
    });
    const [strictDesign] = await seedStages(server.database, org.id, strictRole, [
      { name: "System design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2, weight: 1 },
    ]);
    if (!strictDesign) throw new Error("stage");
    const exact = await newApplication(strictRole);
    const exactInterview = await interview(exact, strictDesign);
    await file(exactInterview, ana, 4, DESIGN_KIT);
    await file(exactInterview, ben, 3, DESIGN_KIT);
    expect(await summary(exact)).toMatchObject({ formulaScore: 3.5, threshold: 3.5, formulaOutcome: "hire" });

    const below = await newApplication(strictRole);
    const belowInterview = await interview(below, strictDesign);
    await file(belowInterview, ana, 4, DESIGN_KIT);
    const benBelow = await call(server, "POST", `/api/v1/interviews/${belowInterview}/scorecards`, {
      token: ben.token,
      // Six 3s and one 2: 20 / 7 = 2.857; design = (4 + 2.857) / 2 = 3.429 < 3.5.
      body: { ratings: ratingsFor(DESIGN_KIT, [3, 3, 3, 3, 3, 3, 2]), recommendation: "yes" },
    });
    expect(benBelow.status).toBe(201);
    expect(await summary(below)).toMatchObject({ formulaScore: 3.429, formulaOutcome: "no_hire" });
  });

  it("lets only hiring managers and admins decide, and the hiring team read", async () => {
    const applicationId = await newApplication();
    await fullyRated(applicationId);
    expect((await decide(applicationId, { outcome: "hire" }, org.users.recruiter.token)).status).toBe(403);
    expect((await decide(applicationId, { outcome: "hire" }, ana.token)).status).toBe(403);
    expect(
      (await call(server, "GET", `/api/v1/applications/${applicationId}/decision`, { token: ana.token }))
        .status,
    ).toBe(403);
    const badOutcome = await decide(applicationId, { outcome: "maybe" });
    expect(badOutcome.status).toBe(400);
    expect((badOutcome.body.errors as { path: string }[])[0]?.path).toBe("body.outcome");
    expect((await summary(applicationId)).applicationStatus).toBe("active");
  });

  it("answers 404 to another organisation and changes nothing", async () => {
    const applicationId = await newApplication();
    await fullyRated(applicationId);
    const intruder = other.users.admin.token;
    expect(
      (await call(server, "GET", `/api/v1/applications/${applicationId}/decision`, { token: intruder }))
        .status,
    ).toBe(404);
    expect(
      (await decide(applicationId, { outcome: "no_hire", overrideReason: "Outside interference." }, intruder))
        .status,
    ).toBe(404);
    expect((await decide(applicationId, { outcome: "hire" }, other.users.hiring_manager.token)).status).toBe(
      404,
    );
    const unchanged = await summary(applicationId);
    expect(unchanged).toMatchObject({ applicationStatus: "active", decisions: [] });
    expect(await eventsOf(applicationId)).toEqual([]);
  });
});

interface EvidenceGridBody {
  id: string;
  source: string;
  interviewId: string | null;
  stageName: string;
  title: string | null;
  href: string;
  isBlind: boolean;
  raters: { label: string; score: number; recommendation: string | null; submittedAt: string }[];
  rows: {
    attributeId: string;
    attributeName: string;
    cells: ({ level: number; evidence: string } | null)[];
  }[];
}

/**
 * Trial-day observation forms and async-exercise reviews are rated on the kits' anchored 1–4
 * levels; each filed one counts in the formula as a scorecard of its stage and shows on the
 * decision page beside the scorecards, blind review honoured.
 */
describe.each(testEngines)("decision formula over trial days and async exercises on %s", (engine) => {
  const clock = fixedClock(EXERCISE_START);
  let server: TestServer;
  let org: SeededOrganization;
  let olu: Member;
  let pia: Member;
  let rae: Member;
  let hana: Member;
  let trialDay: SeededStage;
  let exercise: SeededStage;
  let blindDesign: SeededStage;
  let candidate: ExerciseCandidate;
  let roleId: string;

  const TRIAL_KIT = "trial-day-onsite-observation";
  const recruiter = () => org.users.recruiter.token;
  const manager = () => org.users.hiring_manager.token;
  const trialDayPath = (rest = "") => `/api/v1/applications/${candidate.applicationId}/trial-day${rest}`;
  const plan = {
    date: "2026-12-15",
    candidateTimeZone: "Europe/Lisbon",
    dayStart: "09:00",
    dayEnd: "17:00",
    location: "Evident office, Rua Augusta 10, Lisbon",
    sessions: [
      {
        id: "pairing",
        kind: "pairing",
        title: "Pairing with Ines Duarte on the pagination ticket",
        startTime: "09:30",
        endTime: "12:00",
        room: "Room 2",
        hostIds: [] as string[],
        observerIds: [] as string[],
      },
      {
        id: "lunch",
        kind: "lunch",
        title: "Team lunch",
        startTime: "12:00",
        endTime: "13:00",
        room: "Canteen",
        hostIds: [] as string[],
        observerIds: [] as string[],
      },
      {
        id: "design",
        kind: "design_discussion",
        title: "Design discussion: filtering orders",
        startTime: "13:00",
        endTime: "14:00",
        room: "Room 2",
        hostIds: [] as string[],
        observerIds: [] as string[],
      },
    ],
  };
  let behaviours: Record<string, string[]> = {};

  async function summary(token = manager()) {
    const response = await call(server, "GET", `/api/v1/applications/${candidate.applicationId}/decision`, {
      token,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as unknown as Summary;
  }
  const componentOf = (body: Summary, stage: SeededStage) =>
    body.components.find((component) => component.stageId === stage.id);

  async function fileForm(
    member: Member,
    sessionId: string,
    levels: number[],
    ids = behaviours[sessionId] ?? [],
  ) {
    // A minute apart, so forms are in filing order.
    clock.advance(60_000);
    return call(server, "POST", trialDayPath(`/sessions/${sessionId}/observations`), {
      token: member.token,
      body: {
        ratings: ids.map((behaviourId, index) => ({
          behaviourId,
          level: levels[Math.min(index, levels.length - 1)],
          evidence: "Ines Duarte asked what done means before writing any code.",
        })),
      },
    });
  }

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    org = await seedOrganization(server.database, "Xi");
    olu = await addTestMember(server.database, org.id, "Olu Observer");
    pia = await addTestMember(server.database, org.id, "Pia Observer");
    rae = await addTestMember(server.database, org.id, "Rae Reviewer");
    hana = await addTestMember(server.database, org.id, "Hana Host");
    roleId = await openRole(server, recruiter(), { hireThreshold: 3 });
    const stages = await seedStages(server.database, org.id, roleId, [
      { name: "Application review", type: "application_review" },
      // Weighted 0: it only makes the hiring manager a blind reviewer of the candidate.
      { name: "Blind design review", type: "system_design", kitSlug: DESIGN_KIT, isBlind: true },
      { name: "Onsite trial day", type: "trial_day", kitSlug: TRIAL_KIT, requiredRaters: 2, weight: 0.25 },
      {
        name: "Multi-day async exercise",
        type: "async_exercise",
        kitSlug: "async-collaboration-outbound-webhooks",
        requiredRaters: 1,
        weight: 0.25,
        isBlind: true,
        interviewerPool: [rae.id],
      },
      { name: "Decision", type: "decision" },
    ]);
    if (!stages[1] || !stages[2] || !stages[3]) throw new Error("stages");
    blindDesign = stages[1];
    trialDay = stages[2];
    exercise = stages[3];
    candidate = await addExerciseCandidate(
      server,
      org,
      { roleId, stageId: trialDay.id },
      { fullName: "Ines Duarte", email: "ines.duarte@example.net" },
      clock,
    );
    for (const session of plan.sessions) {
      if (session.kind === "lunch") continue;
      session.hostIds = [hana.id];
      session.observerIds = session.id === "pairing" ? [olu.id, pia.id] : [olu.id];
    }
    const saved = await call(server, "PUT", trialDayPath(), { token: recruiter(), body: plan });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const sessions = (saved.body.trialDay as { sessions: { id: string; behaviourIds: string[] }[] }).sessions;
    behaviours = Object.fromEntries(sessions.map((session) => [session.id, session.behaviourIds]));
  });
  afterAll(async () => server?.close());

  it("scores a trial day from its observers' filed forms only, each form the mean of its levels", async () => {
    // Pairing rates two behaviours, the design discussion one; lunch none.
    expect(behaviours.pairing).toHaveLength(2);
    expect(behaviours.design).toHaveLength(1);
    expect(behaviours.lunch).toEqual([]);
    const empty = await summary();
    expect(empty.components.map((component) => component.stageName)).toEqual([
      "Onsite trial day",
      "Multi-day async exercise",
    ]);
    expect(componentOf(empty, trialDay)).toMatchObject({
      weight: 0.25,
      score: null,
      raters: 0,
      requiredRaters: 2,
    });

    // A day still a draft takes no forms, so nothing counts.
    expect((await fileForm(olu, "pairing", [4, 3])).status).toBe(409);
    expect((await call(server, "POST", trialDayPath("/send"), { token: recruiter() })).status).toBe(200);
    expect((await fileForm(olu, "lunch", [4], behaviours.pairing)).status).toBe(409);

    // Olu: pairing 4 and 3 (3.5). Pia has not filed hers: one rater of the two required.
    expect((await fileForm(olu, "pairing", [4, 3])).status).toBe(201);
    const one = await summary();
    expect(componentOf(one, trialDay)).toMatchObject({ score: 3.5, raters: 1 });
    expect(one.formulaScore).toBe(3.5);
    expect(one.formulaOutcome).toBe("incomplete");

    // Pia: pairing 3 and 3 (3); Olu: design discussion 1. Stage = (3.5 + 3 + 1) / 3 = 2.5.
    expect((await fileForm(pia, "pairing", [3])).status).toBe(201);
    expect((await fileForm(olu, "design", [1])).status).toBe(201);
    const all = await summary();
    expect(componentOf(all, trialDay)).toEqual({
      stageId: trialDay.id,
      stageName: "Onsite trial day",
      weight: 0.25,
      score: 2.5,
      raters: 2,
      requiredRaters: 2,
    });
    expect(all.formulaScore).toBe(2.5);
  });

  it("counts no form of a cancelled day, or of one planned again but still a draft, until it is sent again", async () => {
    expect((await call(server, "POST", trialDayPath("/cancel"), { token: recruiter() })).status).toBe(200);
    expect(componentOf(await summary(), trialDay)).toMatchObject({ score: null, raters: 0 });
    const replanned = await call(server, "PUT", trialDayPath(), { token: recruiter(), body: plan });
    expect(replanned.status, JSON.stringify(replanned.body)).toBe(200);
    expect((replanned.body.trialDay as { status: string }).status).toBe("draft");
    expect(componentOf(await summary(), trialDay)).toMatchObject({ score: null, raters: 0 });
    expect((await call(server, "POST", trialDayPath("/send"), { token: recruiter() })).status).toBe(200);
    expect(componentOf(await summary(), trialDay)).toMatchObject({ score: 2.5, raters: 2 });
  });

  it("scores an async exercise from its filed reviews and weighs both stages in the formula", async () => {
    const defined = await call(server, "PUT", `/api/v1/plan-stages/${exercise.id}/exercise`, {
      token: recruiter(),
      body: threeStepExercise("refuse"),
    });
    expect(defined.status, JSON.stringify(defined.body)).toBe(200);
    const moved = await call(server, "POST", `/api/v1/applications/${candidate.applicationId}/stage`, {
      token: recruiter(),
      body: { stageId: exercise.id },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const started = await call(server, "POST", `/api/v1/applications/${candidate.applicationId}/exercise`, {
      token: recruiter(),
      body: { startsAt: EXERCISE_START.toISOString(), candidateTimeZone: "Europe/Lisbon" },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const portal = `/api/v1/portal/applications/${candidate.applicationId}/exercise/steps/design-doc`;
    expect((await call(server, "GET", portal, { headers: { cookie: candidate.cookie } })).status).toBe(200);
    const handedIn = await call(server, "POST", `${portal}/submissions`, {
      headers: { cookie: candidate.cookie, "x-csrf-token": candidate.csrf },
      body: {
        content: { kind: "design_doc", markdown: "# Webhooks\n\nRetries with backoff, by Ines Duarte." },
      },
    });
    expect(handedIn.status, JSON.stringify(handedIn.body)).toBe(201);
    // The hiring manager reviews the step (the hiring team may).
    const reviewed = await call(
      server,
      "POST",
      `/api/v1/applications/${candidate.applicationId}/exercise/steps/design-doc/reviews`,
      {
        token: rae.token,
        body: {
          ratings: [
            { attributeId: "design-doc-clarity", level: 4, evidence: "Ines Duarte leads with the decision." },
            {
              attributeId: "assumptions-decisions-next-steps",
              level: 3,
              evidence: "States the retry cap and what Ines would do next.",
            },
          ],
        },
      },
    );
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(201);

    // Trial day 2.5, exercise (4 + 3) / 2 = 3.5: (0.25 × 2.5 + 0.25 × 3.5) / 0.5 = 3, the threshold.
    const both = await summary(recruiter());
    expect(componentOf(both, exercise)).toEqual({
      stageId: exercise.id,
      stageName: "Multi-day async exercise",
      weight: 0.25,
      score: 3.5,
      raters: 1,
      requiredRaters: 1,
    });
    expect(both.formulaScore).toBe(3);
    expect(both.formulaOutcome).toBe("hire");
  });

  it("lists the forms and reviews beside the scorecards, with raters, times and levels, blind review honoured", async () => {
    const evidencePath = `/api/v1/applications/${candidate.applicationId}/decision/evidence`;
    const open = await call(server, "GET", evidencePath, { token: recruiter() });
    expect(open.status).toBe(200);
    const grids = open.body.grids as EvidenceGridBody[];
    expect(grids.map((grid) => [grid.source, grid.stageName, grid.title])).toEqual([
      ["async_exercise", "Multi-day async exercise", "Design document: outbound webhooks"],
      ["trial_day", "Onsite trial day", "Pairing with Ines Duarte on the pagination ticket"],
      ["trial_day", "Onsite trial day", "Design discussion: filtering orders"],
    ]);
    const [review, pairing, design] = grids as [EvidenceGridBody, EvidenceGridBody, EvidenceGridBody];
    expect(pairing).toMatchObject({
      interviewId: null,
      href: `/applications/${candidate.applicationId}/trial-day`,
      isBlind: false,
      raters: [
        {
          label: "Olu Observer",
          score: 3.5,
          recommendation: null,
          submittedAt: "2026-12-07T09:03:00.000Z",
        },
        { label: "Pia Observer", score: 3, recommendation: null },
      ],
    });
    expect(pairing.rows.map((row) => [row.attributeId, row.cells.map((cell) => cell?.level)])).toEqual([
      [behaviours.pairing?.[0], [4, 3]],
      [behaviours.pairing?.[1], [3, 3]],
    ]);
    expect(pairing.rows[0]?.attributeName).toBe("Clarifying the work and reporting status");
    expect(pairing.rows[0]?.cells[0]?.evidence).toContain("Ines Duarte");
    expect(design.raters).toEqual([expect.objectContaining({ label: "Olu Observer", score: 1 })]);
    // The exercise stage is blind: its reviewer is a pseudonym even to the hiring team.
    expect(review).toMatchObject({
      isBlind: true,
      href: `/applications/${candidate.applicationId}/exercise`,
      raters: [{ label: "Reviewer 1", score: 3.5, recommendation: null }],
    });
    expect(JSON.stringify(review)).not.toContain("Rae Reviewer");

    // The hiring manager interviews the candidate in a blind stage: a blind reviewer, who reads
    // every form, review and session title with the candidate's name replaced by the pseudonym.
    const scheduled = await call(server, "POST", "/api/v1/interviews", {
      token: recruiter(),
      body: {
        applicationId: candidate.applicationId,
        stageId: blindDesign.id,
        scheduledAt: "2026-12-20T10:00:00Z",
        durationMinutes: 60,
        interviewerIds: [org.users.hiring_manager.id, hana.id],
        mode: "remote",
        videoLink: "https://meet.example.com/blind-panel",
      },
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    const filed = await call(server, "POST", `/api/v1/interviews/${scheduled.body.id}/scorecards`, {
      token: manager(),
      body: { ratings: ratingsFor(DESIGN_KIT, [3]), recommendation: "yes" },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const blind = await call(server, "GET", evidencePath, { token: manager() });
    expect(blind.status).toBe(200);
    const blindGrids = (blind.body.grids as EvidenceGridBody[]).filter((grid) => grid.source !== "interview");
    expect(blindGrids).toHaveLength(3);
    const text = JSON.stringify(blindGrids);
    expect(text).not.toMatch(/Ines|Duarte/);
    expect(text).toContain(candidatePseudonym(candidate.applicationId));
    expect(blindGrids[1]?.title).toBe(
      `Pairing with ${candidatePseudonym(candidate.applicationId)} on the pagination ticket`,
    );
    // The levels and the formula are the same for everyone.
    expect(blindGrids.map((grid) => grid.raters.map((rater) => rater.score))).toEqual([[3.5], [3.5, 3], [1]]);
    expect((await summary(manager())).formulaScore).toBe(3);
  });
});
