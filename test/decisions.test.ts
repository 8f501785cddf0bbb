import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicationEvents, applications } from "../src/modules/candidates/candidates-table.ts";
import { testEngines } from "./support/databases.ts";
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
