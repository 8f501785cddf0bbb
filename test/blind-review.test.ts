import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { candidatePseudonym } from "../src/modules/interviews/blind.ts";
import { testEngines } from "./support/databases.ts";
import {
  addTestMember,
  openRole,
  ratingsFor,
  seedApplication,
  seedCandidateExtras,
  seedStages,
} from "./support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

const WRITTEN_KIT = "written-communication-rubric";
const DESIGN_KIT = "system-design-url-shortener";

/** A candidate whose every identifying field holds a value nothing else in the system contains. */
const candidate = {
  fullName: "Zephyrine Quillfeather-Okonkwo",
  email: "zq.probe@quillfeather-mail.test",
  phone: "+351 912 345 678",
  location: "Vila Nova de Milfontes",
  links: ["https://github.com/zquillprobe", "https://linkedin.example/in/zephyrine-probe"],
  source: "Referred by Ottoline Brackwater",
};
const extras = {
  resumeFilename: "ZQ_curriculum_vitae_2025.pdf",
  resumeText: "Brackwater Polytechnic Institute, BSc 2019. Photo: headshot-zq-probe.jpg",
  demographics: {
    gender: "non_binary",
    raceEthnicity: "native_hawaiian_or_pacific_islander",
    ageBand: "50_to_59",
  },
};

/** What must never reach a blind reviewer, in any response body (compared case-insensitively). */
const forbidden = [
  candidate.fullName,
  "Zephyrine",
  "Quillfeather",
  "Okonkwo",
  candidate.email,
  "zq.probe",
  candidate.phone,
  "912 345 678",
  "912345678",
  candidate.location,
  "Milfontes",
  ...candidate.links,
  "zquillprobe",
  candidate.source,
  "Ottoline",
  extras.resumeFilename,
  "curriculum_vitae",
  "Brackwater",
  "headshot-zq",
  "native_hawaiian_or_pacific_islander",
  "50_to_59",
  "non_binary",
  "raceEthnicity",
  "ageBand",
];

/**
 * Blind review: an interviewer of a blind stage reaches no identifying data about the candidate
 * through any route at all. The GET routes come from the OpenAPI document, so a route added
 * later is scanned too.
 */
describe.each(testEngines)("blind review on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let reviewer: { id: string; token: string };
  /** A hiring manager who also reviews the written work blind: they reach the decision summary. */
  let blindManager: { id: string; token: string };
  let ids: {
    applicationId: string;
    candidateId: string;
    resumeFileId: string;
    roleId: string;
    blindStageId: string;
    designStageId: string;
    kitVersionIds: string[];
    blindInterviewId: string;
    designInterviewId: string;
  };

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Xi");
    reviewer = org.users.interviewer;
    const secondRater = await addTestMember(server.database, org.id, "Second Rater");
    blindManager = await addTestMember(server.database, org.id, "Blind Manager", "hiring_manager");
    const roleId = await openRole(server, org.users.recruiter.token);
    const [blind, design] = await seedStages(server.database, org.id, roleId, [
      {
        name: "Written design doc",
        type: "written_exercise",
        kitSlug: WRITTEN_KIT,
        isBlind: true,
        weight: 0.3,
      },
      { name: "System design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2, weight: 0.7 },
    ]);
    if (!blind?.kitVersionId || !design?.kitVersionId) throw new Error("stages");
    const { applicationId, candidateId } = await seedApplication(server.database, org.id, roleId, candidate, {
      stageId: blind.id,
    });
    const { resumeFileId } = await seedCandidateExtras(server.database, org.id, candidateId, extras);

    const schedule = async (body: Record<string, unknown>) => {
      const response = await call(server, "POST", "/api/v1/interviews", {
        token: org.users.hiring_manager.token,
        body: {
          applicationId,
          scheduledAt: "2030-07-01T09:00:00Z",
          mode: "remote",
          videoLink: "https://meet.example.com/r",
          ...body,
        },
      });
      expect(response.status).toBe(201);
      return String(response.body.id);
    };
    // The reviewer reviews the written work blind, and also sits in the candidate's (not blind) design round.
    // Places named after the candidate, as schedulers do: blind readers must not learn the name from them.
    const blindInterviewId = await schedule({
      stageId: blind.id,
      durationMinutes: 90,
      interviewerIds: [reviewer.id, blindManager.id],
      mode: "onsite",
      videoLink: null,
      room: "Okonkwo review room, 2nd floor",
    });
    const designInterviewId = await schedule({
      stageId: design.id,
      durationMinutes: 60,
      interviewerIds: [reviewer.id, secondRater.id],
      videoLink: "https://meet.example.com/zephyrine-quillfeather",
    });
    // The second rater saw the candidate and names them in the notes, as people do.
    const namedNotes = ratingsFor(DESIGN_KIT, [3]).map((rating) => ({
      ...rating,
      evidence: `${candidate.fullName} (${candidate.email}, ${candidate.phone}) sized the cache; Zephyrine then chose LRU.`,
    }));
    const secondCard = await call(server, "POST", `/api/v1/interviews/${designInterviewId}/scorecards`, {
      token: secondRater.token,
      body: { ratings: namedNotes, recommendation: "yes" },
    });
    expect(secondCard.status).toBe(201);
    ids = {
      applicationId,
      candidateId,
      resumeFileId,
      roleId,
      blindStageId: blind.id,
      designStageId: design.id,
      kitVersionIds: [blind.kitVersionId, design.kitVersionId],
      blindInterviewId,
      designInterviewId,
    };
  });
  afterAll(async () => server?.close());

  function leaksIn(body: unknown): string[] {
    const text = (typeof body === "string" ? body : JSON.stringify(body)).toLowerCase();
    return forbidden.filter((value) => text.includes(value.toLowerCase()));
  }

  it("the scan is not vacuous: outside blind review the same interview shows the candidate", async () => {
    // The hiring manager takes no part in the blind stage, so the design round shows who it is with.
    const managerView = await call(server, "GET", `/api/v1/interviews/${ids.designInterviewId}`, {
      token: org.users.hiring_manager.token,
    });
    expect(managerView.status).toBe(200);
    expect(leaksIn(managerView.body)).toEqual(expect.arrayContaining([candidate.fullName, candidate.email]));
    const managerCards = await call(server, "GET", `/api/v1/applications/${ids.applicationId}/scorecards`, {
      token: org.users.hiring_manager.token,
    });
    expect(leaksIn(managerCards.body)).toEqual(expect.arrayContaining([candidate.fullName, candidate.phone]));
    // A blind stage is redacted for everyone.
    const blindForManager = await call(server, "GET", `/api/v1/interviews/${ids.blindInterviewId}`, {
      token: org.users.hiring_manager.token,
    });
    expect(leaksIn(blindForManager.body)).toEqual([]);
  });

  it("shows the blind reviewer a stable pseudonym instead of the candidate, in every interview of that candidate", async () => {
    const list = await call(server, "GET", "/api/v1/interviews?mine=true", { token: reviewer.token });
    const candidates = (list.body.items as { candidate: Record<string, unknown> }[]).map(
      (item) => item.candidate,
    );
    expect(candidates).toHaveLength(2);
    const [first] = candidates;
    expect(first?.pseudonym).toMatch(/^Candidate [0-9A-F]{4}$/);
    for (const summary of candidates) {
      expect(summary).toEqual({
        pseudonym: first?.pseudonym,
        isRedacted: true,
        name: null,
        email: null,
        location: null,
        links: [],
      });
    }
    const detail = await call(server, "GET", `/api/v1/interviews/${ids.designInterviewId}`, {
      token: reviewer.token,
    });
    expect(detail.body.candidate).toEqual(first);
  });

  it("lets no identifying value reach the blind reviewer through any route it can call", async () => {
    const scanned: { method: string; path: string; status: number }[] = [];
    const leaks: string[] = [];
    const scan = (method: string, path: string, response: { status: number; body: unknown }) => {
      scanned.push({ method, path, status: response.status });
      for (const value of leaksIn(response.body))
        leaks.push(`${method} ${path} (${response.status}) contains "${value}"`);
    };

    // Filing and amending a scorecard answer with the scorecard: scanned as well.
    const blindCard = await call(server, "POST", `/api/v1/interviews/${ids.blindInterviewId}/scorecards`, {
      token: reviewer.token,
      body: { ratings: ratingsFor(WRITTEN_KIT, [3]), recommendation: "yes" },
    });
    expect(blindCard.status).toBe(201);
    scan("POST", "/api/v1/interviews/{interviewId}/scorecards", blindCard);
    const amended = await call(server, "POST", `/api/v1/scorecards/${blindCard.body.id}/amendments`, {
      token: reviewer.token,
      body: {
        ratings: ratingsFor(WRITTEN_KIT, [4]),
        recommendation: "strong_yes",
        reason: "Re-read the doc's rollout section.",
      },
    });
    expect(amended.status).toBe(201);
    scan("POST", "/api/v1/scorecards/{scorecardId}/amendments", amended);
    const designCard = await call(server, "POST", `/api/v1/interviews/${ids.designInterviewId}/scorecards`, {
      token: reviewer.token,
      body: { ratings: ratingsFor(DESIGN_KIT, [3]), recommendation: "yes" },
    });
    expect(designCard.status).toBe(201);
    scan("POST", "/api/v1/interviews/{interviewId}/scorecards", designCard);

    const knownIds: Record<string, string[]> = {
      interviewId: [ids.blindInterviewId, ids.designInterviewId],
      applicationId: [ids.applicationId],
      candidateId: [ids.candidateId],
      scorecardId: [String(blindCard.body.id), String(amended.body.id), String(designCard.body.id)],
      roleId: [ids.roleId],
      stageId: [ids.blindStageId, ids.designStageId],
      kitVersionId: ids.kitVersionIds,
      slug: [WRITTEN_KIT, DESIGN_KIT],
      fileId: [ids.resumeFileId],
      userId: [reviewer.id],
      memberId: [reviewer.id],
    };
    // An id parameter this test does not know yet gets every id that leads to candidate data.
    const candidateDataIds = [ids.candidateId, ids.applicationId, ids.resumeFileId];

    const openapi = await call(server, "GET", "/api/openapi.json");
    const paths = Object.entries(openapi.body.paths as Record<string, Record<string, unknown>>)
      .filter(([, operations]) => "get" in operations)
      .map(([path]) => path);
    expect(paths.length).toBeGreaterThan(10);
    for (const template of paths) {
      for (const path of expandPath(template, knownIds, candidateDataIds)) {
        const response = await call(server, "GET", path, { token: reviewer.token });
        scan("GET", template, response);
      }
    }
    for (const query of [`mine=true`, `applicationId=${ids.applicationId}`, `mine=false`]) {
      scan(
        "GET",
        `/api/v1/interviews?${query}`,
        await call(server, "GET", `/api/v1/interviews?${query}`, { token: reviewer.token }),
      );
    }

    expect(leaks).toEqual([]);
    // The scan reached the routes that do carry this candidate's interviews and scorecards.
    const reached = (template: string) =>
      scanned.some((entry) => entry.path === template && entry.status === 200);
    for (const template of [
      "/api/v1/interviews",
      "/api/v1/interviews/{interviewId}",
      "/api/v1/interviews/{interviewId}/scorecards",
      "/api/v1/applications/{applicationId}/scorecards",
      "/api/v1/scorecards/{scorecardId}",
    ]) {
      expect(reached(template), template).toBe(true);
    }
  });

  it("rewrites a room and withholds a video link that name the candidate, for blind readers only", async () => {
    const pseudonym = candidatePseudonym(ids.applicationId);
    const blindView = await call(server, "GET", `/api/v1/interviews/${ids.blindInterviewId}`, {
      token: reviewer.token,
    });
    expect(blindView.body).toMatchObject({ room: `${pseudonym} review room, 2nd floor`, videoLink: null });
    // Rewriting a link would break it, so the reviewer gets none rather than the name.
    const designView = await call(server, "GET", `/api/v1/interviews/${ids.designInterviewId}`, {
      token: reviewer.token,
    });
    expect(designView.body).toMatchObject({ mode: "remote", videoLink: null });
    const managerView = await call(server, "GET", `/api/v1/interviews/${ids.designInterviewId}`, {
      token: org.users.hiring_manager.token,
    });
    expect(managerView.body.videoLink).toBe("https://meet.example.com/zephyrine-quillfeather");
  });

  it("scrubs the candidate out of override reasons a blind-reviewing hiring manager reads", async () => {
    const filed = await call(server, "POST", `/api/v1/interviews/${ids.blindInterviewId}/scorecards`, {
      token: blindManager.token,
      body: { ratings: ratingsFor(WRITTEN_KIT, [3]), recommendation: "yes" },
    });
    expect(filed.status).toBe(201);
    const reason = `Zephyrine Quillfeather-Okonkwo's references (call ${candidate.phone}) outweigh the gaps`;
    const decided = await call(server, "POST", `/api/v1/applications/${ids.applicationId}/decision`, {
      token: org.users.admin.token,
      body: { outcome: "hire", overrideReason: reason },
    });
    expect(decided.status).toBe(201);
    expect(decided.body.decisions).toEqual([expect.objectContaining({ overrideReason: reason })]);

    const blindRead = await call(server, "GET", `/api/v1/applications/${ids.applicationId}/decision`, {
      token: blindManager.token,
    });
    expect(blindRead.status).toBe(200);
    expect(leaksIn(blindRead.body)).toEqual([]);
    const pseudonym = candidatePseudonym(ids.applicationId);
    expect(blindRead.body.decisions).toEqual([
      expect.objectContaining({
        overrideReason: `${pseudonym}'s references (call ${pseudonym}) outweigh the gaps`,
      }),
    ]);
  });
});

/** Every concrete path for an OpenAPI path template, trying each known id for each parameter. */
function expandPath(template: string, knownIds: Record<string, string[]>, fallbackIds: string[]): string[] {
  let expanded = [template];
  for (const [, name] of template.matchAll(/\{(\w+)\}/g)) {
    if (!name) continue;
    const values = knownIds[name] ?? fallbackIds;
    expanded = expanded.flatMap((path) =>
      values.map((value) => path.replace(`{${name}}`, encodeURIComponent(value))),
    );
  }
  return expanded;
}
