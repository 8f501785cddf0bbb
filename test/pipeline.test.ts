import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicationPageQuery } from "../src/modules/candidates/applications.ts";
import { defaultWorkModelFactors } from "../src/modules/workmodel/factors.ts";
import { testEngines } from "./support/databases.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

type WorkModel = "remote" | "onsite" | "hybrid";

interface Stage {
  id: string;
  position: number;
  name: string;
  type: string;
  mode: string | null;
  kitVersionId: string | null;
  kit: { id: string; slug: string; version: number; title: string } | null;
  interviewerPool: string[];
  requiredRaters: number;
  weight: number;
  isBlind: boolean;
  challengeId: string | null;
  deadlineDays: number | null;
  applicationCount: number;
}

interface ApplicationItem {
  id: string;
  candidate: { id: string; fullName: string; email: string };
  role: { id: string; title: string; workModel: WorkModel | null };
  currentStage: { id: string; name: string; type: string } | null;
  status: string;
  createdAt: string;
}

/** What PUT /plan takes back from a stage GET /plan returned: the same stage, unchanged. */
const asInput = (stage: Stage) => ({
  id: stage.id,
  name: stage.name,
  type: stage.type,
  mode: stage.mode,
  ...(stage.kitVersionId ? { kitVersionId: stage.kitVersionId } : {}),
  interviewerPool: stage.interviewerPool,
  requiredRaters: stage.requiredRaters,
  weight: stage.weight,
  isBlind: stage.isBlind,
  challengeId: stage.challengeId,
  deadlineDays: stage.deadlineDays,
});

let emailCounter = 0;
const uniqueEmail = (name: string) => `${name}.${++emailCounter}.${Date.now()}@candidates.test`;

/** Hiring plans, candidates and applications through the API, on every engine. */
describe.each(testEngines)("hiring pipeline on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Pipeline");
    other = await seedOrganization(server.database, "Elsewhere");
  });
  afterAll(async () => server?.close());

  async function openRole(
    options: { workModel?: WorkModel; organization?: SeededOrganization; title?: string } = {},
  ) {
    const organization = options.organization ?? org;
    const token = organization.users.recruiter.token;
    const created = await call(server, "POST", "/api/v1/roles", {
      token,
      body: {
        title: options.title ?? `Backend Engineer ${++emailCounter}`,
        team: "Platform",
        seniority: "senior",
        timezone: { fromUtcOffset: -2, toUtcOffset: 3 },
        headcount: 1,
      },
    });
    expect(created.status).toBe(201);
    const roleId = String(created.body.id);
    if (options.workModel) {
      const decided = await call(server, "POST", `/api/v1/roles/${roleId}/work-model-decision`, {
        token,
        body: {
          factors: defaultWorkModelFactors,
          chosenModel: options.workModel,
          overrideReason: "The team has decided this model for the test.",
        },
      });
      expect(decided.status).toBe(201);
    }
    return roleId;
  }

  async function openRoleWithPlan(workModel: WorkModel = "remote", organization = org, title?: string) {
    const roleId = await openRole({ workModel, organization, ...(title ? { title } : {}) });
    const plan = await call(server, "POST", `/api/v1/roles/${roleId}/plan/from-template`, {
      token: organization.users.recruiter.token,
      body: {},
    });
    expect(plan.status).toBe(201);
    return { roleId, stages: plan.body.stages as Stage[] };
  }

  async function addCandidate(
    options: { roleId?: string; fullName?: string; organization?: SeededOrganization } = {},
  ) {
    const organization = options.organization ?? org;
    const fullName = options.fullName ?? `Candidate ${++emailCounter}`;
    const response = await call(server, "POST", "/api/v1/candidates", {
      token: organization.users.recruiter.token,
      body: {
        fullName,
        // Email local parts are ASCII here: "Zoë" becomes "zoe".
        email: uniqueEmail(
          (fullName.split(" ")[0] ?? "c")
            .toLowerCase()
            .normalize("NFD")
            .replace(/[^a-z]/g, ""),
        ),
        roleId: options.roleId,
      },
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; email: string; applications: ApplicationItem[] };
  }

  async function getPlan(roleId: string) {
    const plan = await call(server, "GET", `/api/v1/roles/${roleId}/plan`, {
      token: org.users.recruiter.token,
    });
    expect(plan.status).toBe(200);
    return plan.body.stages as Stage[];
  }

  describe("hiring plans", () => {
    it("creates the remote plan from its template with kits adopted as kit versions", async () => {
      const { roleId, stages } = await openRoleWithPlan("remote");
      expect(stages.map((stage) => [stage.position, stage.type, stage.mode])).toEqual([
        [1, "application_review", null],
        [2, "async_challenge", "async"],
        [3, "async_collaboration", "async"],
        [4, "system_design", "remote"],
        [5, "pair_programming", "remote"],
        [6, "decision", null],
      ]);
      expect(stages.map((stage) => stage.kit?.slug ?? null)).toEqual([
        null,
        null,
        "async-collaboration-outbound-webhooks",
        "system-design-url-shortener",
        "pair-programming-webhook-consumer",
        null,
      ]);
      expect(stages.map((stage) => stage.requiredRaters)).toEqual([1, 1, 2, 2, 2, 1]);
      expect(stages.map((stage) => stage.isBlind)).toEqual([false, true, true, false, false, false]);
      expect(stages.map((stage) => stage.weight)).toEqual([0, 0.2, 0.25, 0.3, 0.25, 0]);
      expect(stages.every((stage) => stage.interviewerPool.length === 0)).toBe(true);
      // The stage points at the organisation's kit_versions row, version 1 of the built-in kit.
      const kit = await call(server, "GET", "/api/v1/kits/system-design-url-shortener", {
        token: org.users.recruiter.token,
      });
      expect((kit.body.versions as { id: string; version: number }[]).map((version) => version.id)).toContain(
        stages[3]?.kitVersionId,
      );
      expect(stages[3]?.kit?.version).toBe(1);
      expect(await getPlan(roleId)).toEqual(stages);
    });

    it("creates the onsite and hybrid plans from their templates", async () => {
      const onsite = await openRoleWithPlan("onsite");
      expect(onsite.stages.map((stage) => `${stage.type}/${stage.mode}/${stage.kit?.slug ?? "-"}`)).toEqual([
        "application_review/null/-",
        "async_challenge/async/-",
        "system_design/onsite/system-design-url-shortener",
        "pair_programming/onsite/pair-programming-webhook-consumer",
        "trial_day/onsite/trial-day-onsite-observation",
        "decision/null/-",
      ]);
      expect(onsite.stages.map((stage) => stage.requiredRaters)).toEqual([1, 1, 2, 2, 2, 1]);
      const hybrid = await openRoleWithPlan("hybrid");
      expect(hybrid.stages.map((stage) => `${stage.type}/${stage.mode}`)).toEqual([
        "application_review/null",
        "async_challenge/async",
        "system_design/remote",
        "pair_programming/onsite",
        "async_collaboration/async",
        "decision/null",
      ]);
      for (const { stages } of [onsite, hybrid]) {
        const total = stages.reduce((sum, stage) => sum + stage.weight, 0);
        expect(total).toBeCloseTo(1, 6);
      }
    });

    it("needs a work model, refuses a second plan, and replaces only while no application entered it", async () => {
      const roleId = await openRole();
      const token = org.users.hiring_manager.token;
      const noModel = await call(server, "POST", `/api/v1/roles/${roleId}/plan/from-template`, {
        token,
        body: {},
      });
      expect(noModel.status).toBe(409);
      expect(String(noModel.body.detail)).toContain("work model");
      expect(await getPlan(roleId)).toEqual([]);

      const named = await call(server, "POST", `/api/v1/roles/${roleId}/plan/from-template`, {
        token,
        body: { workModel: "onsite" },
      });
      expect(named.status).toBe(201);
      const again = await call(server, "POST", `/api/v1/roles/${roleId}/plan/from-template`, {
        token,
        body: { workModel: "remote" },
      });
      expect(again.status).toBe(409);
      expect(String(again.body.detail)).toContain("replace: true");

      const replaced = await call(server, "POST", `/api/v1/roles/${roleId}/plan/from-template`, {
        token,
        body: { workModel: "remote", replace: true },
      });
      expect(replaced.status).toBe(201);
      expect((replaced.body.stages as Stage[])[2]?.type).toBe("async_collaboration");

      await addCandidate({ roleId });
      const afterApplication = await call(server, "POST", `/api/v1/roles/${roleId}/plan/from-template`, {
        token,
        body: { workModel: "onsite", replace: true },
      });
      expect(afterApplication.status).toBe(409);
      expect(String(afterApplication.body.detail)).toContain("1 application(s)");
      expect((await getPlan(roleId)).map((stage) => stage.id)).toEqual(
        (replaced.body.stages as Stage[]).map((stage) => stage.id),
      );
    });

    it("edits the plan: keeps ids, reorders, adds and removes stages, assigns pools and audits", async () => {
      const { roleId, stages } = await openRoleWithPlan("remote");
      const [review, challenge, collaboration, design, pairing, decision] = stages as [
        Stage,
        Stage,
        Stage,
        Stage,
        Stage,
        Stage,
      ];
      const pool = [org.users.interviewer.id, org.users.hiring_manager.id];
      const edited = await call(server, "PUT", `/api/v1/roles/${roleId}/plan`, {
        token: org.users.recruiter.token,
        body: {
          stages: [
            asInput(review),
            asInput(challenge),
            { ...asInput(pairing), interviewerPool: pool, name: "Pairing" },
            {
              ...asInput(design),
              kitVersionId: undefined,
              kitSlug: "system-design-rate-limiter",
              weight: 0.35,
            },
            {
              name: "Written exercise",
              type: "written_exercise",
              mode: "async",
              kitSlug: "written-communication-rubric",
              interviewerPool: [],
              requiredRaters: 1,
              weight: 0.2,
              isBlind: true,
              deadlineDays: 3,
            },
            asInput(decision),
          ],
        },
      });
      expect(edited.status).toBe(200);
      const after = edited.body.stages as Stage[];
      expect(after.map((stage) => stage.name)).toEqual([
        "Application review",
        "Async coding challenge",
        "Pairing",
        "Remote system design",
        "Written exercise",
        "Decision",
      ]);
      expect(after.slice(0, 4).map((stage) => stage.id)).toEqual([
        review.id,
        challenge.id,
        pairing.id,
        design.id,
      ]);
      expect(after[5]?.id).toBe(decision.id);
      expect(after.map((stage) => stage.position)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(after[2]?.interviewerPool).toEqual(pool);
      expect(after[3]?.kit).toMatchObject({ slug: "system-design-rate-limiter", version: 1 });
      expect(after[4]).toMatchObject({ type: "written_exercise", isBlind: true, deadlineDays: 3 });
      expect(after.map((stage) => stage.id)).not.toContain(collaboration.id);
      const audit = await call(server, "GET", "/api/v1/audit?limit=20", { token: org.users.admin.token });
      expect(audit.body.items).toContainEqual(
        expect.objectContaining({ action: "plan.updated", objectId: roleId }),
      );
    });

    it("refuses each invalid plan with the offending stage and field, changing nothing", async () => {
      const { roleId, stages } = await openRoleWithPlan("remote");
      const inputs = stages.map(asInput);
      const put = (body: unknown, token = org.users.recruiter.token) =>
        call(server, "PUT", `/api/v1/roles/${roleId}/plan`, { token, body });
      const withStage = (index: number, changes: Record<string, unknown>) =>
        inputs.map((stage, at) => (at === index ? { ...stage, ...changes } : stage));
      const errorPaths = (response: Awaited<ReturnType<typeof put>>) =>
        (response.body.errors as { path: string }[]).map((error) => error.path);

      const oneRater = await put({ stages: withStage(3, { requiredRaters: 1 }) });
      expect(oneRater.status).toBe(400);
      expect(errorPaths(oneRater)).toEqual(["stages.3.requiredRaters"]);

      const stranger = await put({
        stages: withStage(3, { interviewerPool: [org.users.interviewer.id, other.users.interviewer.id] }),
      });
      expect(stranger.status).toBe(400);
      expect(stranger.body.errors).toEqual([
        {
          path: "stages.3.interviewerPool",
          message: `not members of this organisation: ${other.users.interviewer.id}`,
        },
      ]);

      const smallPool = await put({ stages: withStage(4, { interviewerPool: [org.users.interviewer.id] }) });
      expect(errorPaths(smallPool)).toEqual(["stages.4.interviewerPool"]);

      const weights = await put({ stages: withStage(1, { weight: 0.5 }) });
      expect(weights.status).toBe(400);
      expect(String(weights.body.detail)).toContain("sum to 1.3");
      const withinTolerance = await put({ stages: withStage(1, { weight: 0.2009 }) });
      expect(withinTolerance.status).toBe(200);
      const zeroWeights = await put({ stages: inputs.map((stage) => ({ ...stage, weight: 0 })) });
      expect(zeroWeights.status).toBe(200);
      const restored = await put({ stages: inputs });
      expect(restored.status).toBe(200);

      const reviews = Array.from({ length: 20 }, (_, index) => ({
        ...inputs[0],
        id: undefined,
        name: `Review ${index}`,
      }));
      const tooMany = await put({ stages: [...reviews, { ...inputs[5] }] });
      expect(tooMany.status).toBe(400);
      expect(errorPaths(tooMany)).toEqual(["body.stages"]);

      const noDecision = await put({ stages: inputs.slice(0, 5) });
      expect(errorPaths(noDecision)).toEqual(["stages.4.type"]);

      const wrongKit = await put({
        stages: withStage(3, { kitVersionId: undefined, kitSlug: "pair-programming-webhook-consumer" }),
      });
      expect(errorPaths(wrongKit)).toEqual(["stages.3.kitSlug"]);
      const unknownKit = await put({
        stages: withStage(3, { kitVersionId: undefined, kitSlug: "no-such-kit" }),
      });
      expect(errorPaths(unknownKit)).toEqual(["stages.3.kitSlug"]);

      const foreignStage = (await openRoleWithPlan("onsite")).stages[1] as Stage;
      const stolenId = await put({ stages: withStage(1, { id: foreignStage.id }) });
      expect(errorPaths(stolenId)).toEqual(["stages.1.id"]);

      const interviewerEdit = await put({ stages: inputs }, org.users.interviewer.token);
      expect(interviewerEdit.status).toBe(403);

      expect(await getPlan(roleId)).toEqual(stages);
    });

    it("refuses to remove a stage that has applications in it, naming the stage", async () => {
      const { roleId, stages } = await openRoleWithPlan("remote");
      const candidate = await addCandidate({ roleId });
      const application = candidate.applications[0] as ApplicationItem;
      const moved = await call(server, "POST", `/api/v1/applications/${application.id}/stage`, {
        token: org.users.recruiter.token,
        body: { stageId: stages[3]?.id },
      });
      expect(moved.status).toBe(200);
      const withoutDesign = stages.filter((_, index) => index !== 3).map(asInput);
      const refused = await call(server, "PUT", `/api/v1/roles/${roleId}/plan`, {
        token: org.users.recruiter.token,
        body: {
          stages: withoutDesign.map((stage, index) => (index === 3 ? { ...stage, weight: 0.55 } : stage)),
        },
      });
      expect(refused.status).toBe(409);
      expect(String(refused.body.detail)).toContain('"Remote system design" has 1 application(s)');
      const retyped = await call(server, "PUT", `/api/v1/roles/${roleId}/plan`, {
        token: org.users.recruiter.token,
        body: {
          stages: stages.map((stage, index) =>
            index === 3
              ? {
                  ...asInput(stage),
                  type: "trial_day",
                  kitVersionId: undefined,
                  kitSlug: "trial-day-onsite-observation",
                }
              : asInput(stage),
          ),
        },
      });
      expect(retyped.status).toBe(409);
      expect(String(retyped.body.detail)).toContain("cannot change from system_design to trial_day");
      expect((await getPlan(roleId)).map((stage) => stage.applicationCount)).toEqual([0, 0, 0, 1, 0, 0]);
    });
  });

  describe("candidates", () => {
    it("dedupes candidates by email ignoring case and names the existing candidate", async () => {
      const email = uniqueEmail("ada");
      const created = await call(server, "POST", "/api/v1/candidates", {
        token: org.users.recruiter.token,
        body: {
          fullName: "Ada Lovelace",
          email,
          phone: "+44 20 7946 0000",
          location: "London",
          links: ["https://github.com/ada"],
          source: "referral",
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        fullName: "Ada Lovelace",
        email,
        links: ["https://github.com/ada"],
        applications: [],
        resume: null,
      });
      const duplicate = await call(server, "POST", "/api/v1/candidates", {
        token: org.users.hiring_manager.token,
        body: { fullName: "Ada L.", email: `  ${email.toUpperCase()} ` },
      });
      expect(duplicate.status).toBe(409);
      expect(String(duplicate.body.detail)).toContain(String(created.body.id));
      const found = await call(
        server,
        "GET",
        `/api/v1/candidates?email=${encodeURIComponent(email.toUpperCase())}`,
        {
          token: org.users.recruiter.token,
        },
      );
      expect((found.body.items as { id: string }[]).map((item) => item.id)).toEqual([created.body.id]);

      // The same email in another organisation is another person's record, not a duplicate.
      const elsewhere = await call(server, "POST", "/api/v1/candidates", {
        token: other.users.recruiter.token,
        body: { fullName: "Ada Lovelace", email },
      });
      expect(elsewhere.status).toBe(201);

      const badLink = await call(server, "POST", "/api/v1/candidates", {
        token: org.users.recruiter.token,
        body: { fullName: "Mallory", email: uniqueEmail("mallory"), links: ["javascript:alert(1)"] },
      });
      expect(badLink.status).toBe(400);
      expect((badLink.body.errors as { path: string }[])[0]?.path).toBe("body.links.0");
    });

    it("searches, reads and updates candidates; an email change is deduped too", async () => {
      const grace = await addCandidate({ fullName: "Grace Hopper" });
      const alan = await addCandidate({ fullName: "Alan Turing" });
      const search = await call(server, "GET", "/api/v1/candidates?query=HOPPER", {
        token: org.users.recruiter.token,
      });
      expect((search.body.items as { id: string }[]).map((item) => item.id)).toEqual([grace.id]);
      const byEmail = await call(
        server,
        "GET",
        `/api/v1/candidates?query=${encodeURIComponent(alan.email.slice(0, 8))}`,
        {
          token: org.users.recruiter.token,
        },
      );
      expect((byEmail.body.items as { id: string }[]).map((item) => item.id)).toContain(alan.id);

      const updated = await call(server, "PATCH", `/api/v1/candidates/${grace.id}`, {
        token: org.users.hiring_manager.token,
        body: { location: "Arlington, VA", links: ["https://navy.example/grace"] },
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        fullName: "Grace Hopper",
        location: "Arlington, VA",
        email: grace.email,
      });
      const taken = await call(server, "PATCH", `/api/v1/candidates/${grace.id}`, {
        token: org.users.recruiter.token,
        body: { email: alan.email.toUpperCase() },
      });
      expect(taken.status).toBe(409);
      expect(String(taken.body.detail)).toContain(alan.id);
    });

    it("pages candidates with a cursor", async () => {
      for (let index = 0; index < 3; index += 1) await addCandidate({ fullName: `Pager Person${index}` });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/api/v1/candidates?query=pager&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
        const page = await call(server, "GET", query, { token: org.users.recruiter.token });
        expect(page.status).toBe(200);
        seen.push(...(page.body.items as { id: string }[]).map((item) => item.id));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      expect(seen).toHaveLength(3);
      expect(new Set(seen).size).toBe(3);
      const bad = await call(server, "GET", "/api/v1/candidates?cursor=bm9wZQ", {
        token: org.users.recruiter.token,
      });
      expect(bad.status).toBe(400);
    });
  });

  describe("resumes", () => {
    const pdf = Buffer.concat([
      Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "latin1"),
      Buffer.alloc(2048, 0x20),
      Buffer.from("%%EOF\n"),
    ]);
    // A Windows executable's header, renamed to look like a PDF.
    const executable = Buffer.concat([
      Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00", "latin1"),
      Buffer.alloc(512),
    ]);

    async function upload(
      candidateId: string,
      content: Buffer,
      filename: string,
      type: string,
      token?: string,
    ) {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(content)], { type }), filename);
      const response = await fetch(`${server.url}/api/v1/candidates/${candidateId}/resume`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token ?? org.users.recruiter.token}` },
        body: form,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    it("stores a real PDF and serves it back as a download that is never sniffed", async () => {
      const candidate = await addCandidate();
      const stored = await upload(candidate.id, pdf, "../Ada Lovelace CV.pdf", "application/pdf");
      expect(stored.status).toBe(200);
      expect(stored.body).toMatchObject({
        filename: "Ada Lovelace CV.pdf",
        contentType: "application/pdf",
        sizeBytes: pdf.byteLength,
      });
      const response = await fetch(`${server.url}/api/v1/candidates/${candidate.id}/resume`, {
        headers: { authorization: `Bearer ${org.users.hiring_manager.token}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(response.headers.get("content-disposition")).toMatch(
        /^attachment; filename="Ada Lovelace CV\.pdf"/,
      );
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);
      const detail = await call(server, "GET", `/api/v1/candidates/${candidate.id}`, {
        token: org.users.recruiter.token,
      });
      expect(detail.body.resume).toMatchObject({ contentType: "application/pdf", sizeBytes: pdf.byteLength });

      // A plain-text resume replaces it, whatever it was named.
      const text = await upload(
        candidate.id,
        Buffer.from("Ada Lovelace\nAnalytical Engine\n"),
        "cv",
        "text/plain",
      );
      expect(text.status).toBe(200);
      expect(text.body).toMatchObject({ filename: "cv.txt", contentType: "text/plain; charset=utf-8" });
    });

    it("refuses a renamed executable, a mislabelled file, an oversized file and a non-multipart body", async () => {
      const candidate = await addCandidate();
      const renamed = await upload(candidate.id, executable, "resume.pdf", "application/pdf");
      expect(renamed.status).toBe(415);
      expect(String(renamed.body.detail)).toContain("a Windows executable");
      const mislabelled = await upload(
        candidate.id,
        Buffer.from("just text"),
        "resume.pdf",
        "application/pdf",
      );
      expect(mislabelled.status).toBe(415);
      expect(String(mislabelled.body.detail)).toContain("content is plain text");
      const oversized = Buffer.concat([pdf, Buffer.alloc(5 * 1024 * 1024, 0x20)]);
      const tooBig = await upload(candidate.id, oversized, "big.pdf", "application/pdf");
      expect(tooBig.status).toBe(413);
      expect(String(tooBig.body.detail)).toContain("5 MiB");
      const json = await call(server, "PUT", `/api/v1/candidates/${candidate.id}/resume`, {
        token: org.users.recruiter.token,
        body: { file: "x" },
      });
      expect(json.status).toBe(415);
      const none = await call(server, "GET", `/api/v1/candidates/${candidate.id}/resume`, {
        token: org.users.recruiter.token,
      });
      expect(none.status).toBe(404);
      expect(String(none.body.detail)).toContain("no resume");
    });

    it("keeps resumes from interviewers and other organisations", async () => {
      const candidate = await addCandidate();
      expect((await upload(candidate.id, pdf, "cv.pdf", "application/pdf")).status).toBe(200);
      expect(
        (await upload(candidate.id, pdf, "cv.pdf", "application/pdf", org.users.interviewer.token)).status,
      ).toBe(403);
      expect(
        (await upload(candidate.id, executable, "x.pdf", "application/pdf", other.users.admin.token)).status,
      ).toBe(404);
      for (const [token, status] of [
        [org.users.interviewer.token, 403],
        [other.users.admin.token, 404],
      ] as const) {
        const read = await fetch(`${server.url}/api/v1/candidates/${candidate.id}/resume`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(read.status).toBe(status);
      }
      const kept = await fetch(`${server.url}/api/v1/candidates/${candidate.id}/resume`, {
        headers: { authorization: `Bearer ${org.users.admin.token}` },
      });
      expect(Buffer.from(await kept.arrayBuffer()).equals(pdf)).toBe(true);
    });
  });

  describe("applications", () => {
    it("moves an application forwards and back with the full history", async () => {
      const { roleId, stages } = await openRoleWithPlan("onsite");
      const candidate = await addCandidate({ roleId });
      const application = candidate.applications[0] as ApplicationItem;
      expect(application.currentStage?.id).toBe(stages[0]?.id);
      const token = org.users.recruiter.token;
      const forward = await call(server, "POST", `/api/v1/applications/${application.id}/stage`, {
        token,
        body: { stageId: stages[3]?.id, note: "Strong challenge result" },
      });
      expect(forward.status).toBe(200);
      expect(forward.body.currentStage).toMatchObject({ id: stages[3]?.id, type: "pair_programming" });
      const back = await call(server, "POST", `/api/v1/applications/${application.id}/stage`, {
        token: org.users.hiring_manager.token,
        body: { stageId: stages[2]?.id },
      });
      expect(back.status).toBe(200);
      const same = await call(server, "POST", `/api/v1/applications/${application.id}/stage`, {
        token,
        body: { stageId: stages[2]?.id },
      });
      expect(same.status).toBe(409);
      const otherRole = await openRoleWithPlan("remote");
      const foreign = await call(server, "POST", `/api/v1/applications/${application.id}/stage`, {
        token,
        body: { stageId: otherRole.stages[1]?.id },
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.errors).toEqual([{ path: "stageId", message: "not a stage of this role's plan" }]);

      const detail = await call(server, "GET", `/api/v1/applications/${application.id}`, { token });
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({
        status: "active",
        currentStage: { id: stages[2]?.id, name: "Onsite system design" },
        role: { id: roleId, workModel: "onsite" },
        candidate: { id: candidate.id, email: candidate.email },
      });
      expect((detail.body.stages as { id: string }[]).map((stage) => stage.id)).toEqual(
        stages.map((s) => s.id),
      );
      const history = detail.body.history as {
        kind: string;
        fromStage: { id: string } | null;
        toStage: { id: string; name: string } | null;
        note: string | null;
        actor: { email: string } | null;
      }[];
      expect(
        history.map((event) => [
          event.kind,
          event.fromStage?.id ?? null,
          event.toStage?.id ?? null,
          event.actor?.email,
        ]),
      ).toEqual([
        ["created", null, stages[0]?.id, org.users.recruiter.email],
        ["stage_moved", stages[0]?.id, stages[3]?.id, org.users.recruiter.email],
        ["stage_moved", stages[3]?.id, stages[2]?.id, org.users.hiring_manager.email],
      ]);
      expect(history[1]?.note).toBe("Strong challenge result");
      expect(history[1]?.toStage?.name).toBe("Onsite pair programming");
    });

    it("rejects, withdraws and reopens, refusing moves while closed", async () => {
      const { stages, roleId } = await openRoleWithPlan("remote");
      const candidate = await addCandidate();
      const token = org.users.recruiter.token;
      const created = await call(server, "POST", "/api/v1/applications", {
        token,
        body: { candidateId: candidate.id, roleId },
      });
      expect(created.status).toBe(201);
      const applicationId = String(created.body.id);
      const twice = await call(server, "POST", "/api/v1/applications", {
        token,
        body: { candidateId: candidate.id, roleId },
      });
      expect(twice.status).toBe(409);
      // The detail is for people; API clients find the existing application in the problem.
      expect(twice.body.existingApplicationId).toBe(applicationId);
      expect(String(twice.body.detail)).not.toContain(applicationId);

      const rejected = await call(server, "POST", `/api/v1/applications/${applicationId}/reject`, {
        token,
        body: { reason: "work_model_mismatch", note: "Needs to be onsite daily" },
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: "rejected", rejectionReason: "work_model_mismatch" });
      const badReason = await call(server, "POST", `/api/v1/applications/${applicationId}/reject`, {
        token,
        body: { reason: "vibes" },
      });
      expect(badReason.status).toBe(400);
      for (const [path, body] of [
        ["stage", { stageId: stages[2]?.id }],
        ["reject", { reason: "other" }],
        ["withdraw", {}],
      ] as const) {
        const refused = await call(server, "POST", `/api/v1/applications/${applicationId}/${path}`, {
          token,
          body,
        });
        expect(refused.status).toBe(409);
        expect(String(refused.body.detail)).toContain("rejected");
      }
      const reopened = await call(server, "POST", `/api/v1/applications/${applicationId}/reopen`, { token });
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({
        status: "active",
        rejectionReason: null,
        currentStage: { id: stages[0]?.id },
      });
      expect(
        (await call(server, "POST", `/api/v1/applications/${applicationId}/reopen`, { token })).status,
      ).toBe(409);

      const withdrawn = await call(server, "POST", `/api/v1/applications/${applicationId}/withdraw`, {
        token,
        body: { note: "Accepted another offer" },
      });
      expect(withdrawn.body.status).toBe("withdrawn");
      const history = (
        withdrawn.body.history as { kind: string; reason: string | null; note: string | null }[]
      ).map((event) => [event.kind, event.reason, event.note]);
      expect(history).toEqual([
        ["created", null, null],
        ["rejected", "work_model_mismatch", "Needs to be onsite daily"],
        ["reopened", null, null],
        ["withdrawn", null, "Accepted another offer"],
      ]);
    });

    it("refuses an application to a role without a plan", async () => {
      const roleId = await openRole({ workModel: "remote" });
      const candidate = await addCandidate();
      const refused = await call(server, "POST", "/api/v1/applications", {
        token: org.users.recruiter.token,
        body: { candidateId: candidate.id, roleId },
      });
      expect(refused.status).toBe(409);
      expect(String(refused.body.detail)).toContain("no hiring plan");
    });

    it("filters applications by role, stage, status, work model and candidate search", async () => {
      const remote = await openRoleWithPlan("remote");
      const onsite = await openRoleWithPlan("onsite");
      const zed = await addCandidate({ roleId: remote.roleId, fullName: "Zedekiah Filterson" });
      const yara = await addCandidate({ roleId: remote.roleId, fullName: "Yara Filterson" });
      const xavi = await addCandidate({ roleId: onsite.roleId, fullName: "Xavi Filterson" });
      const token = org.users.hiring_manager.token;
      const yaraApplication = yara.applications[0] as ApplicationItem;
      await call(server, "POST", `/api/v1/applications/${yaraApplication.id}/stage`, {
        token,
        body: { stageId: remote.stages[1]?.id },
      });
      await call(
        server,
        "POST",
        `/api/v1/applications/${(xavi.applications[0] as ApplicationItem).id}/reject`,
        {
          token,
          body: { reason: "skills_gap" },
        },
      );
      const list = async (query: string) => {
        const response = await call(server, "GET", `/api/v1/applications?${query}`, { token });
        expect(response.status).toBe(200);
        return response.body.items as ApplicationItem[];
      };
      const names = (items: ApplicationItem[]) => items.map((item) => item.candidate.fullName);

      expect(names(await list(`roleId=${remote.roleId}`))).toEqual(["Yara Filterson", "Zedekiah Filterson"]);
      expect(names(await list(`stageId=${remote.stages[1]?.id}`))).toEqual(["Yara Filterson"]);
      expect(names(await list("query=filterson&status=rejected"))).toEqual(["Xavi Filterson"]);
      expect(names(await list("query=FILTERSON&workModel=onsite"))).toEqual(["Xavi Filterson"]);
      expect(names(await list(`query=${encodeURIComponent(zed.email)}`))).toEqual(["Zedekiah Filterson"]);
      const [item] = await list(`roleId=${remote.roleId}&status=active&limit=1`);
      expect(item).toMatchObject({
        candidate: { id: yara.id, fullName: "Yara Filterson", email: yara.email },
        role: { id: remote.roleId, workModel: "remote" },
        currentStage: { id: remote.stages[1]?.id, name: "Async coding challenge", type: "async_challenge" },
        status: "active",
      });
      expect(await list(`roleId=${remote.roleId}&status=hired`)).toEqual([]);
    });

    it("searches applications by candidate name, email or role title, ignoring case and accents", async () => {
      const cartographer = await openRoleWithPlan("remote", org, "Cartógrapher of Search");
      const plain = await openRoleWithPlan("onsite");
      const zoe = await addCandidate({ roleId: plain.roleId, fullName: "Zoë Åström-Searchwell" });
      const ines = await addCandidate({ roleId: cartographer.roleId, fullName: "Inés Searchwell" });
      const omar = await addCandidate({ roleId: cartographer.roleId, fullName: "Omar Quill" });
      // Another organisation's applicant with the same name and role title never shows up.
      const elsewhere = await openRoleWithPlan("remote", other, "Cartógrapher of Search");
      await addCandidate({
        roleId: elsewhere.roleId,
        fullName: "Zoë Åström-Searchwell",
        organization: other,
      });

      const token = org.users.hiring_manager.token;
      const list = async (query: string) => {
        const response = await call(server, "GET", `/api/v1/applications?${query}`, { token });
        expect(response.status).toBe(200);
        return response.body as { items: ApplicationItem[]; nextCursor: string | null };
      };
      const names = async (query: string) =>
        (await list(query)).items.map((item) => item.candidate.fullName).sort();

      // Without the accents, in any case, and the accented spelling still finds itself.
      expect(await names(`query=${encodeURIComponent("zoe astrom")}`)).toEqual(["Zoë Åström-Searchwell"]);
      expect(await names(`query=${encodeURIComponent("ÅSTRÖM")}`)).toEqual(["Zoë Åström-Searchwell"]);
      expect(await names("query=ines")).toEqual(["Inés Searchwell"]);
      // The role's title finds everyone applying to it, accents or not.
      expect(await names("query=cartographer%20of")).toEqual(["Inés Searchwell", "Omar Quill"]);
      expect(await names(`query=${encodeURIComponent("CARTÓGRAPHER")}&status=active`)).toEqual([
        "Inés Searchwell",
        "Omar Quill",
      ]);
      // Part of an email, and names across roles.
      expect(await names(`query=${encodeURIComponent(omar.email.slice(0, 8))}`)).toEqual(["Omar Quill"]);
      expect(await names("query=searchwell")).toEqual(["Inés Searchwell", "Zoë Åström-Searchwell"]);
      expect(await names("query=no-such-applicant-anywhere")).toEqual([]);

      // Paginated like the rest of the list: two matches one page at a time.
      const first = await list("query=searchwell&limit=1");
      expect(first.items).toHaveLength(1);
      expect(first.nextCursor).not.toBeNull();
      const second = await list(`query=searchwell&limit=1&cursor=${first.nextCursor}`);
      expect(second.items).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
      expect([first.items[0]?.candidate.id, second.items[0]?.candidate.id].sort()).toEqual(
        [zoe.id, ines.id].sort(),
      );

      // An interviewer may not list applications at all, search or not.
      const interviewer = await call(server, "GET", "/api/v1/applications?query=searchwell", {
        token: org.users.interviewer.token,
      });
      expect(interviewer.status).toBe(403);
    });

    it("walks every page once, without duplicates or gaps, while new applications arrive", async () => {
      const { roleId } = await openRoleWithPlan("hybrid");
      // Twelve applications created in one import share one created_at: the id breaks the tie.
      const csv = [
        "full_name,email",
        ...Array.from({ length: 12 }, (_, index) => `Pager ${index},${uniqueEmail(`bulk${index}`)}`),
      ];
      const imported = await call(server, "POST", "/api/v1/candidates/import", {
        token: org.users.recruiter.token,
        body: { csv: csv.join("\r\n"), roleId, mode: "all_or_nothing" },
      });
      expect(imported.body.imported).toBe(12);
      for (let index = 0; index < 5; index += 1) await addCandidate({ roleId });
      const snapshot = await call(server, "GET", `/api/v1/applications?roleId=${roleId}&limit=100`, {
        token: org.users.recruiter.token,
      });
      const expected = (snapshot.body.items as ApplicationItem[]).map((item) => item.id);
      expect(expected).toHaveLength(17);
      expect(snapshot.body.nextCursor).toBeNull();

      const walked: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const path: string = `/api/v1/applications?roleId=${roleId}&limit=4${cursor ? `&cursor=${cursor}` : ""}`;
        const page = await call(server, "GET", path, { token: org.users.recruiter.token });
        expect(page.status).toBe(200);
        walked.push(...(page.body.items as ApplicationItem[]).map((item) => item.id));
        cursor = page.body.nextCursor as string | null;
        pages += 1;
        // Newer applications arrive between pages; they belong before the first page, not in the walk.
        await addCandidate({ roleId });
      } while (cursor);
      expect(pages).toBe(5);
      expect(walked).toEqual(expected);
      const after = await call(server, "GET", `/api/v1/applications?roleId=${roleId}&limit=100`, {
        token: org.users.recruiter.token,
      });
      expect(after.body.items).toHaveLength(22);
    });

    it("pages with the organisation's, the role's or the status's page index, never sorting", async () => {
      const { roleId } = await openRoleWithPlan("remote");
      for (let index = 0; index < 3; index += 1) await addCandidate({ roleId });
      const firstPage = await call(server, "GET", "/api/v1/applications?limit=2", {
        token: org.users.recruiter.token,
      });
      const cursor = String(firstPage.body.nextCursor);
      const cases = [
        { filter: {}, index: "applications_org_page_idx" },
        { filter: { cursor }, index: "applications_org_page_idx" },
        { filter: { status: "hired" as const, cursor }, index: "applications_org_status_page_idx" },
        { filter: { roleId, cursor }, index: "applications_org_role_page_idx" },
      ];
      for (const { filter, index } of cases) {
        const { sql: text, params } = applicationPageQuery(org.id, { limit: 25, ...filter });
        const plan = await explainWithoutSeqScans(server, text, params);
        expect(plan).toContain(index);
        expect(plan).not.toMatch(/Sort/);
        // The cursor narrows the index scan itself rather than filtering rows after it.
        if ("cursor" in filter) expect(plan).toMatch(/Index Cond: .*ROW\(created_at, id\) < ROW\(/);
      }
    });
  });

  it("documents the pipeline routes and their named schemas in the OpenAPI document", async () => {
    const document = await call(server, "GET", "/api/openapi.json");
    expect(document.status).toBe(200);
    const paths = document.body.paths as Record<string, Record<string, unknown>>;
    for (const path of [
      "/api/v1/roles/{roleId}/plan",
      "/api/v1/roles/{roleId}/plan/from-template",
      "/api/v1/candidates",
      "/api/v1/candidates/import",
      "/api/v1/candidates/{candidateId}/resume",
      "/api/v1/applications",
      "/api/v1/applications/{applicationId}/stage",
    ]) {
      expect(Object.keys(paths)).toContain(path);
    }
    expect(Object.keys(paths["/api/v1/candidates/{candidateId}/resume"] ?? {}).sort()).toEqual([
      "get",
      "put",
    ]);
    const schemas = Object.keys((document.body.components as { schemas: object }).schemas);
    for (const name of [
      "HiringPlan",
      "PlanStage",
      "Candidate",
      "ApplicationSummary",
      "Application",
      "CandidateImportReport",
    ]) {
      expect(schemas).toContain(name);
    }
  });

  describe("permissions and organisations", () => {
    it("gives interviewers 403 on every candidate and application route", async () => {
      const { roleId, stages } = await openRoleWithPlan("remote");
      const candidate = await addCandidate({ roleId });
      const applicationId = (candidate.applications[0] as ApplicationItem).id;
      const token = org.users.interviewer.token;
      const attempts: [string, string, unknown?][] = [
        ["GET", "/api/v1/candidates"],
        ["POST", "/api/v1/candidates", { fullName: "Eve", email: uniqueEmail("eve") }],
        ["GET", `/api/v1/candidates/${candidate.id}`],
        ["PATCH", `/api/v1/candidates/${candidate.id}`, { fullName: "Changed" }],
        ["GET", `/api/v1/candidates/${candidate.id}/resume`],
        [
          "POST",
          "/api/v1/candidates/import",
          { csv: "full_name,email\nEve,eve@example.com", mode: "valid_rows_only" },
        ],
        ["GET", "/api/v1/applications"],
        ["POST", "/api/v1/applications", { candidateId: candidate.id, roleId }],
        ["GET", `/api/v1/applications/${applicationId}`],
        ["POST", `/api/v1/applications/${applicationId}/stage`, { stageId: stages[1]?.id }],
        ["POST", `/api/v1/applications/${applicationId}/reject`, { reason: "other" }],
        ["POST", `/api/v1/applications/${applicationId}/withdraw`, {}],
        ["POST", `/api/v1/applications/${applicationId}/reopen`],
        ["POST", `/api/v1/roles/${roleId}/plan/from-template`, { replace: true }],
      ];
      for (const [method, path, body] of attempts) {
        const response = await call(server, method, path, { token, body });
        expect({ method, path, status: response.status }).toEqual({ method, path, status: 403 });
      }
      const unchanged = await call(server, "GET", `/api/v1/applications/${applicationId}`, {
        token: org.users.recruiter.token,
      });
      expect(unchanged.body).toMatchObject({ status: "active", currentStage: { id: stages[0]?.id } });
      expect(unchanged.body.history).toHaveLength(1);
      // Reading the plan is open to every member: it names stages and kits, not candidates.
      expect((await call(server, "GET", `/api/v1/roles/${roleId}/plan`, { token })).status).toBe(200);
    });

    it("answers 404 to another organisation and changes nothing", async () => {
      const { roleId, stages } = await openRoleWithPlan("remote");
      const candidate = await addCandidate({ roleId });
      const applicationId = (candidate.applications[0] as ApplicationItem).id;
      const intruder = other.users.admin.token;
      const attempts: [string, string, unknown?][] = [
        ["GET", `/api/v1/candidates/${candidate.id}`],
        ["PATCH", `/api/v1/candidates/${candidate.id}`, { fullName: "Taken Over" }],
        ["GET", `/api/v1/candidates/${candidate.id}/resume`],
        ["POST", "/api/v1/applications", { candidateId: candidate.id, roleId }],
        ["GET", `/api/v1/applications/${applicationId}`],
        ["POST", `/api/v1/applications/${applicationId}/stage`, { stageId: stages[2]?.id }],
        ["POST", `/api/v1/applications/${applicationId}/reject`, { reason: "other" }],
        ["POST", `/api/v1/applications/${applicationId}/withdraw`, {}],
        ["POST", `/api/v1/applications/${applicationId}/reopen`],
        ["GET", `/api/v1/roles/${roleId}/plan`],
        ["POST", `/api/v1/roles/${roleId}/plan/from-template`, { workModel: "onsite", replace: true }],
        ["PUT", `/api/v1/roles/${roleId}/plan`, { stages: stages.map(asInput) }],
        ["POST", "/api/v1/candidates", { fullName: "Copy", email: uniqueEmail("copy"), roleId }],
        [
          "POST",
          "/api/v1/candidates/import",
          { csv: "name,email\nCopy,copy@example.com", roleId, mode: "valid_rows_only" },
        ],
      ];
      for (const [method, path, body] of attempts) {
        const response = await call(server, method, path, { token: intruder, body });
        expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
      }
      const listed = await call(server, "GET", `/api/v1/applications?roleId=${roleId}`, { token: intruder });
      expect(listed.body.items).toEqual([]);
      const search = await call(
        server,
        "GET",
        `/api/v1/candidates?email=${encodeURIComponent(candidate.email)}`,
        {
          token: intruder,
        },
      );
      expect(search.body.items).toEqual([]);

      const detail = await call(server, "GET", `/api/v1/candidates/${candidate.id}`, {
        token: org.users.admin.token,
      });
      expect(detail.body).toMatchObject({
        fullName: candidate.applications[0]?.candidate.fullName,
        email: candidate.email,
      });
      expect(detail.body.applications).toEqual([
        expect.objectContaining({
          id: applicationId,
          status: "active",
          currentStage: expect.objectContaining({ id: stages[0]?.id }),
        }),
      ]);
      expect(await getPlan(roleId)).toEqual(
        stages.map((stage, index) => ({ ...stage, applicationCount: index === 0 ? 1 : 0 })),
      );
      const copies = await call(server, "GET", "/api/v1/candidates?query=copy", { token: intruder });
      expect(copies.body.items).toEqual([]);
    });
  });
});

/** The plan PostgreSQL picks for a query when sequential scans are off: what an index can serve. */
async function explainWithoutSeqScans(server: TestServer, text: string, params: unknown[]): Promise<string> {
  const settings = ["set enable_seqscan = off", "set enable_bitmapscan = off"];
  if (server.database.testUrl) {
    const client = new pg.Client({ connectionString: server.database.testUrl });
    await client.connect();
    try {
      for (const setting of settings) await client.query(setting);
      const result = await client.query(`explain ${text}`, params);
      return result.rows.map((row: Record<string, string>) => Object.values(row)[0]).join("\n");
    } finally {
      await client.end();
    }
  }
  const pglite = server.database.pglite;
  if (!pglite) throw new Error("the test database is neither PostgreSQL nor PGlite");
  try {
    for (const setting of settings) await pglite.query(setting);
    const result = await pglite.query<Record<string, string>>(`explain ${text}`, params);
    return result.rows.map((row) => Object.values(row)[0]).join("\n");
  } finally {
    await pglite.query("reset enable_seqscan");
    await pglite.query("reset enable_bitmapscan");
  }
}
