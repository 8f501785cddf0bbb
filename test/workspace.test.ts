import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interviews, scorecardDrafts } from "../src/modules/interviews/interviews-table.ts";
import { auditEvents } from "../src/platform/db/schema.ts";
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
import { seedCopiedChallengeSubmissions } from "./support/workspace-seed.ts";

const DESIGN_KIT = "system-design-url-shortener";
const WRITTEN_KIT = "written-communication-rubric";

type Member = { id: string; email: string; token: string };

/** The interviewer workspace's drafts, the decision page's evidence and the pipeline board's signals, on every engine. */
describe.each(testEngines)("interviewer workspace and pipeline on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let ana: Member;
  let ben: Member;
  let cy: Member;
  let roleId: string;
  let design: SeededStage;
  let written: SeededStage;
  let challenge: SeededStage;
  let count = 0;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Workspace");
    other = await seedOrganization(server.database, "Elsewhere");
    ana = org.users.interviewer;
    ben = await addTestMember(server.database, org.id, "Ben Rater");
    cy = await addTestMember(server.database, org.id, "Cy Outsider");
    roleId = await openRole(server, org.users.recruiter.token);
    const stages = await seedStages(server.database, org.id, roleId, [
      { name: "Coding challenge", type: "async_challenge", weight: 0.2 },
      { name: "System design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2, weight: 0.5 },
      {
        name: "Blind written exercise",
        type: "written_exercise",
        kitSlug: WRITTEN_KIT,
        requiredRaters: 2,
        weight: 0.3,
        isBlind: true,
      },
    ]);
    const [first, second, third] = stages;
    if (!first || !second || !third) throw new Error("stages");
    [challenge, design, written] = [first, second, third];
  });
  afterAll(async () => server?.close());

  async function newApplication(stageId = design.id) {
    count += 1;
    return (
      await seedApplication(
        server.database,
        org.id,
        roleId,
        { fullName: `Dana Example ${count}`, email: `dana${count}.${engine}@candidates.test` },
        { stageId },
      )
    ).applicationId;
  }

  async function schedule(applicationId: string, stageId = design.id, scheduledAt = "2030-05-04T09:00:00Z") {
    const response = await call(server, "POST", "/api/v1/interviews", {
      token: org.users.hiring_manager.token,
      body: {
        applicationId,
        stageId,
        scheduledAt,
        durationMinutes: 90,
        interviewerIds: [ana.id, ben.id],
        mode: "remote",
        videoLink: "https://meet.example.com/neutral-room",
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return String(response.body.id);
  }

  const draftPath = (interviewId: string) => `/api/v1/interviews/${interviewId}/scorecard-draft`;
  const draftBody = {
    ratings: [{ attributeId: "requirements", level: 3, evidence: "Asked about read/write ratio first" }],
    recommendation: null,
    privateNotes: "Follow up on the cache eviction answer.",
  };

  it("keeps a draft for the interviewer who writes it, and for nobody else", async () => {
    const interviewId = await schedule(await newApplication());
    const empty = await call(server, "GET", draftPath(interviewId), { token: ana.token });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ interviewId, body: null, updatedAt: null });

    const saved = await call(server, "PUT", draftPath(interviewId), { token: ana.token, body: draftBody });
    expect(saved.status).toBe(200);
    expect(saved.body.body).toEqual(draftBody);
    expect(typeof saved.body.updatedAt).toBe("string");
    const read = await call(server, "GET", draftPath(interviewId), { token: ana.token });
    expect(read.body).toEqual(saved.body);

    // The other interviewer of the same interview has a draft of their own: empty, not Ana's.
    const bens = await call(server, "GET", draftPath(interviewId), { token: ben.token });
    expect(bens.status).toBe(200);
    expect(bens.body.body).toBeNull();
    // An interviewer outside the interview does not learn it exists; the hiring team is told why not.
    expect((await call(server, "GET", draftPath(interviewId), { token: cy.token })).status).toBe(404);
    expect(
      (await call(server, "PUT", draftPath(interviewId), { token: cy.token, body: draftBody })).status,
    ).toBe(404);
    const manager = await call(server, "GET", draftPath(interviewId), {
      token: org.users.hiring_manager.token,
    });
    expect(manager.status).toBe(403);
    expect(String(manager.body.detail)).toContain("interviewers");
    // Another organisation sees nothing.
    expect(
      (await call(server, "GET", draftPath(interviewId), { token: other.users.admin.token })).status,
    ).toBe(404);

    // A bad body is a 400 naming the field, never a 500.
    const bad = await call(server, "PUT", draftPath(interviewId), {
      token: ana.token,
      body: { ratings: [{ attributeId: "requirements", level: 7, evidence: "x" }] },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("ratings.0.level");

    const deleted = await call(server, "DELETE", draftPath(interviewId), { token: ana.token });
    expect(deleted.status).toBe(204);
    expect((await call(server, "GET", draftPath(interviewId), { token: ana.token })).body.body).toBeNull();
  });

  it("deletes the draft when the scorecard is filed, and takes no draft after", async () => {
    const interviewId = await schedule(await newApplication());
    await call(server, "PUT", draftPath(interviewId), { token: ana.token, body: draftBody });
    await call(server, "PUT", draftPath(interviewId), { token: ben.token, body: draftBody });
    const filed = await call(server, "POST", `/api/v1/interviews/${interviewId}/scorecards`, {
      token: ana.token,
      body: { ratings: ratingsFor(DESIGN_KIT, [3]), recommendation: "yes" },
    });
    expect(filed.status).toBe(201);
    const rows = await server.database.db
      .select({ interviewerId: scorecardDrafts.interviewerId })
      .from(scorecardDrafts)
      .where(eq(scorecardDrafts.interviewId, interviewId));
    // Ana's draft is gone with the filing; Ben, who has not filed, keeps his.
    expect(rows).toEqual([{ interviewerId: ben.id }]);
    const late = await call(server, "PUT", draftPath(interviewId), { token: ana.token, body: draftBody });
    expect(late.status).toBe(409);
    expect(String(late.body.detail)).toContain("amendment");
  });

  it("shows every filed scorecard per attribute, raters by pseudonym in a blind stage, and the integrity flags", async () => {
    const applicationId = await newApplication();
    const designInterview = await schedule(applicationId);
    const blindInterview = await schedule(applicationId, written.id, "2030-05-06T09:00:00Z");
    for (const member of [ana, ben]) {
      const levels = member === ana ? [2] : [4];
      expect(
        (
          await call(server, "POST", `/api/v1/interviews/${designInterview}/scorecards`, {
            token: member.token,
            body: { ratings: ratingsFor(DESIGN_KIT, levels), recommendation: "yes" },
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await call(server, "POST", `/api/v1/interviews/${blindInterview}/scorecards`, {
            token: member.token,
            body: { ratings: ratingsFor(WRITTEN_KIT, [3]), recommendation: "no" },
          })
        ).status,
      ).toBe(201);
    }
    // The design interview took place long before its scorecards were filed: both are late.
    await server.database.db
      .update(interviews)
      .set({ scheduledAt: new Date("2020-01-01T09:00:00Z") })
      .where(eq(interviews.id, designInterview));
    // Two candidates handed in the same code.
    const copier = await newApplication();
    await seedCopiedChallengeSubmissions(server.database.db, org.id, challenge.id, [applicationId, copier]);

    const evidence = await call(server, "GET", `/api/v1/applications/${applicationId}/decision/evidence`, {
      token: org.users.hiring_manager.token,
    });
    expect(evidence.status).toBe(200);
    const { grids, integrityFlags } = evidence.body as unknown as {
      grids: {
        interviewId: string;
        isBlind: boolean;
        raters: { label: string }[];
        rows: { attributeId: string; cells: ({ level: number; evidence: string } | null)[] }[];
      }[];
      integrityFlags: { kind: string; title: string; href: string | null }[];
    };
    expect(grids.map((grid) => grid.interviewId)).toEqual([designInterview, blindInterview]);
    const [designGrid, blindGrid] = grids;
    expect(designGrid?.isBlind).toBe(false);
    expect(designGrid?.raters.map((rater) => rater.label)).toEqual(["Workspace interviewer", "Ben Rater"]);
    expect(designGrid?.rows.map((row) => row.attributeId)).toEqual(
      ratingsFor(DESIGN_KIT, [3]).map((r) => r.attributeId),
    );
    expect(designGrid?.rows[0]?.cells.map((cell) => cell?.level)).toEqual([2, 4]);
    expect(designGrid?.rows[0]?.cells[0]?.evidence).toContain("trade-offs");
    expect(blindGrid?.isBlind).toBe(true);
    expect(blindGrid?.raters.map((rater) => rater.label)).toEqual(["Reviewer 1", "Reviewer 2"]);
    expect(JSON.stringify(blindGrid)).not.toContain("Ben Rater");
    expect(JSON.stringify(blindGrid)).not.toContain(ben.id);

    expect(integrityFlags.filter((flag) => flag.kind === "late_scorecard")).toHaveLength(2);
    const similarity = integrityFlags.filter((flag) => flag.kind === "similarity");
    expect(similarity).toHaveLength(1);
    expect(similarity[0]?.title).toMatch(/^Challenge code \d+% similar to Candidate [0-9A-F]{4}'s$/);
    expect(similarity[0]?.href).toBe(`/applications/${applicationId}/challenge`);

    // The same independence rule as the scorecards: an interviewer of the candidate files first.
    const unfiled = await newApplication();
    const pendingInterview = await call(server, "POST", "/api/v1/interviews", {
      token: org.users.hiring_manager.token,
      body: {
        applicationId: unfiled,
        stageId: design.id,
        scheduledAt: "2030-05-04T09:00:00Z",
        durationMinutes: 60,
        interviewerIds: [ana.id, org.users.recruiter.id],
        mode: "remote",
        videoLink: "https://meet.example.com/neutral-room",
      },
    });
    expect(pendingInterview.status).toBe(201);
    const refused = await call(server, "GET", `/api/v1/applications/${unfiled}/decision/evidence`, {
      token: org.users.recruiter.token,
    });
    expect(refused.status).toBe(403);
    expect(
      (
        await call(server, "GET", `/api/v1/applications/${applicationId}/decision/evidence`, {
          token: ana.token,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(server, "GET", `/api/v1/applications/${applicationId}/decision/evidence`, {
          token: other.users.admin.token,
        })
      ).status,
    ).toBe(404);
  });

  it("gives each pipeline card its latest stage score, challenge result and next interview", async () => {
    const signalsRole = await openRole(server, org.users.recruiter.token, { title: "Signals Engineer" });
    const [codeStage, designStage] = await seedStages(server.database, org.id, signalsRole, [
      { name: "Code", type: "async_challenge" },
      { name: "Design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2 },
    ]);
    if (!codeStage || !designStage) throw new Error("stages");
    const empty = await call(server, "GET", `/api/v1/roles/${signalsRole}/pipeline-signals`, {
      token: org.users.recruiter.token,
    });
    expect(empty.body).toEqual({ items: [] });

    const scored = (
      await seedApplication(
        server.database,
        org.id,
        signalsRole,
        { fullName: "Signal One", email: `signal.one.${engine}@candidates.test` },
        { stageId: designStage.id },
      )
    ).applicationId;
    const quiet = (
      await seedApplication(
        server.database,
        org.id,
        signalsRole,
        { fullName: "Signal Two", email: `signal.two.${engine}@candidates.test` },
        { stageId: codeStage.id },
      )
    ).applicationId;
    await seedCopiedChallengeSubmissions(server.database.db, org.id, codeStage.id, [scored]);
    const done = await schedule(scored, designStage.id, "2030-05-04T09:00:00Z");
    for (const [member, level] of [
      [ana, 2],
      [ben, 4],
    ] as const) {
      await call(server, "POST", `/api/v1/interviews/${done}/scorecards`, {
        token: member.token,
        body: { ratings: ratingsFor(DESIGN_KIT, [level]), recommendation: "yes" },
      });
    }
    const upcoming = await schedule(scored, designStage.id, "2031-01-02T10:00:00Z");

    const signals = await call(server, "GET", `/api/v1/roles/${signalsRole}/pipeline-signals`, {
      token: org.users.recruiter.token,
    });
    expect(signals.status).toBe(200);
    const byId = new Map(
      (signals.body.items as { applicationId: string }[]).map((item) => [item.applicationId, item]),
    );
    expect(byId.get(scored)).toEqual({
      applicationId: scored,
      latestStageScore: { stageName: "Design", score: 3, raters: 2 },
      scoreHidden: false,
      challenge: { status: "graded", score: 9, maxScore: 10 },
      // The earliest interview still ahead: the 2030 one is filed and completed.
      nextInterview: { id: upcoming, scheduledAt: "2031-01-02T10:00:00.000Z", stageName: "Design" },
    });
    expect(byId.get(quiet)).toEqual({
      applicationId: quiet,
      latestStageScore: null,
      scoreHidden: false,
      challenge: null,
      nextInterview: null,
    });
    // Interviewers never reach the board; another organisation finds no such role.
    expect(
      (await call(server, "GET", `/api/v1/roles/${signalsRole}/pipeline-signals`, { token: ana.token }))
        .status,
    ).toBe(403);
    expect(
      (
        await call(server, "GET", `/api/v1/roles/${signalsRole}/pipeline-signals`, {
          token: other.users.admin.token,
        })
      ).status,
    ).toBe(404);
  });

  it("hides the score from a hiring-team member who interviews the candidate and has not filed", async () => {
    const applicationId = await newApplication();
    const interviewId = await call(server, "POST", "/api/v1/interviews", {
      token: org.users.hiring_manager.token,
      body: {
        applicationId,
        stageId: design.id,
        scheduledAt: "2030-05-04T09:00:00Z",
        durationMinutes: 60,
        interviewerIds: [ana.id, org.users.recruiter.id],
        mode: "remote",
        videoLink: "https://meet.example.com/neutral-room",
      },
    });
    await call(server, "POST", `/api/v1/interviews/${String(interviewId.body.id)}/scorecards`, {
      token: ana.token,
      body: { ratings: ratingsFor(DESIGN_KIT, [4]), recommendation: "strong_yes" },
    });
    const read = async (token: string) => {
      const response = await call(server, "GET", `/api/v1/roles/${roleId}/pipeline-signals`, { token });
      return (
        response.body.items as { applicationId: string; scoreHidden: boolean; latestStageScore: unknown }[]
      ).find((item) => item.applicationId === applicationId);
    };
    expect(await read(org.users.recruiter.token)).toMatchObject({
      scoreHidden: true,
      latestStageScore: null,
    });
    expect(await read(org.users.hiring_manager.token)).toMatchObject({
      scoreHidden: false,
      latestStageScore: { score: 4, raters: 1 },
    });
  });

  it("audits an undone move as such, and does not email the candidate for it", async () => {
    const applicationId = await newApplication(design.id);
    const forward = await call(server, "POST", `/api/v1/applications/${applicationId}/stage`, {
      token: org.users.recruiter.token,
      body: { stageId: written.id },
    });
    expect(forward.status).toBe(200);
    const back = await call(server, "POST", `/api/v1/applications/${applicationId}/stage`, {
      token: org.users.recruiter.token,
      body: { stageId: design.id, undo: true },
    });
    expect(back.status).toBe(200);
    expect((back.body.currentStage as { id: string }).id).toBe(design.id);
    const audited = await server.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, org.id), eq(auditEvents.objectId, applicationId)));
    // The forward move into the exercise invited the candidate to it; the undo sent nothing more.
    expect(audited.map((row) => row.action).sort()).toEqual([
      "application.stage_invitation_sent",
      "application.stage_move_undone",
      "application.stage_moved",
    ]);
  });
});
