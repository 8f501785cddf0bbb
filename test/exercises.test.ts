import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../src/platform/clock.ts";
import { testEngines } from "./support/databases.ts";
import {
  addExerciseCandidate,
  createExerciseRole,
  EXERCISE_START,
  type ExerciseCandidate,
  type ExerciseRole,
  threeStepExercise,
} from "./support/exercise-seed.ts";
import { addTestMember } from "./support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

const HOUR = 3_600_000;

/** Multi-day async exercises: schedules, release times, late policy, questions, blind review. */
describe.each(testEngines)("async exercises on %s", (engine) => {
  const clock = fixedClock(EXERCISE_START);
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let role: ExerciseRole;
  let reviewer: { id: string; token: string };
  let secondReviewer: { id: string; token: string };
  let candidate: ExerciseCandidate;

  const recruiter = () => org.users.recruiter.token;
  const asCandidate = (who: ExerciseCandidate, method: string, path: string, body?: unknown) =>
    call(server, method, `/api/v1/portal/applications/${who.applicationId}/exercise${path}`, {
      headers: { cookie: who.cookie, ...(method === "GET" ? {} : { "x-csrf-token": who.csrf }) },
      body,
    });
  const define = (
    latePolicy: "refuse" | "accept_marked",
    changes: (body: ReturnType<typeof threeStepExercise>) => void = () => {},
  ) => {
    const body = threeStepExercise(latePolicy);
    changes(body);
    return call(server, "PUT", `/api/v1/plan-stages/${role.stageId}/exercise`, { token: recruiter(), body });
  };
  const start = (who: ExerciseCandidate, candidateTimeZone: string, startsAt = EXERCISE_START) =>
    call(server, "POST", `/api/v1/applications/${who.applicationId}/exercise`, {
      token: recruiter(),
      body: { startsAt: startsAt.toISOString(), candidateTimeZone },
    });

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    org = await seedOrganization(server.database, "Exercises");
    other = await seedOrganization(server.database, "Elsewhere");
    reviewer = await addTestMember(server.database, org.id, "Rae Reviewer");
    secondReviewer = await addTestMember(server.database, org.id, "Sam Second");
    role = await createExerciseRole(server, org, [reviewer.id, secondReviewer.id]);
    candidate = await addExerciseCandidate(
      server,
      org,
      role,
      { fullName: "Noor Haddad", email: "noor.haddad@example.net" },
      clock,
    );
  });
  afterAll(async () => server?.close());

  it("refuses an invalid exercise: a review step without a diff, a diff that is not one, an unknown rubric attribute", async () => {
    const noDiff = await define("refuse", (body) => {
      (body.steps[1] as { diff?: string | null }).diff = null;
    });
    expect(noDiff.status).toBe(400);
    expect(noDiff.body.errors).toContainEqual({
      path: "steps.1.diff",
      message: "a code review step needs a unified diff",
    });
    const notADiff = await define("refuse", (body) => {
      (body.steps[1] as { diff?: string }).diff = "please review my code";
    });
    expect(notADiff.status).toBe(400);
    expect(String(notADiff.body.detail)).toMatch(/not a unified diff/);
    const unknownAttribute = await define("refuse", (body) => {
      body.steps[0]?.rubricAttributeIds.push("charisma");
    });
    expect(unknownAttribute.status).toBe(400);
    expect(String(unknownAttribute.body.detail)).toMatch(/"charisma" is not an attribute/);

    const defined = await define("refuse");
    expect(defined.status, JSON.stringify(defined.body)).toBe(200);
    expect(defined.body.kit).toMatchObject({ slug: "async-collaboration-outbound-webhooks" });
    expect((defined.body.steps as unknown[]).length).toBe(3);
    // Another organisation cannot read or change it.
    expect(
      (
        await call(server, "GET", `/api/v1/plan-stages/${role.stageId}/exercise`, {
          token: other.users.admin.token,
        })
      ).status,
    ).toBe(404);
  });

  it("refuses a schedule that would make a step due in the candidate's night, and starts one that does not", async () => {
    // 17:00 in Lisbon is 02:00 the next morning in Tokyo.
    const tokyo = await start(candidate, "Asia/Tokyo");
    expect(tokyo.status).toBe(422);
    expect(String(tokyo.body.detail), String(tokyo.body.detail)).toMatch(/candidate.s night/);
    expect(String(tokyo.body.detail), String(tokyo.body.detail)).toMatch(
      /Wed, 9 Dec 2026, 02:00 \(Asia\/Tokyo\)/,
    );
    const unknownZone = await start(candidate, "Mars/Olympus_Mons");
    expect(unknownZone.status).toBe(400);
    expect(unknownZone.body.errors).toEqual([
      { path: "candidateTimeZone", message: "an IANA time zone name" },
    ]);

    const started = await start(candidate, "Europe/Lisbon");
    expect(started.status).toBe(201);
    expect((started.body.steps as { dueLocal: string }[]).map((step) => step.dueLocal)).toEqual([
      "Tue, 8 Dec 2026, 17:00 (Europe/Lisbon)",
      "Wed, 9 Dec 2026, 17:00 (Europe/Lisbon)",
      "Wed, 9 Dec 2026, 17:00 (Europe/Lisbon)",
    ]);
    expect((await start(candidate, "Europe/Lisbon")).status).toBe(409);
  });

  it("enforces release times on the server and shows deadlines in the candidate's zone", async () => {
    const overview = await asCandidate(candidate, "GET", "");
    expect(overview.status).toBe(200);
    expect(overview.body.candidateTimeZone).toBe("Europe/Lisbon");
    expect((overview.body.steps as { isReleased: boolean }[]).map((step) => step.isReleased)).toEqual([
      true,
      false,
      false,
    ]);

    const early = await asCandidate(candidate, "GET", "/steps/code-review");
    expect(early.status).toBe(409);
    expect(early.body.detail).toBe(
      '"Review the retry worker" opens Tue, 8 Dec 2026, 09:00 (Europe/Lisbon); it cannot be opened before then.',
    );
    const earlyDraft = await asCandidate(candidate, "PUT", "/steps/code-review/draft", {
      content: { kind: "code_review", comments: [], verdict: null, summary: "" },
    });
    expect(earlyDraft.status).toBe(409);
    expect((await asCandidate(candidate, "GET", "/steps/no-such-step")).status).toBe(404);
  });

  it("autosaves drafts and keeps every submitted version of the design document", async () => {
    const opened = await asCandidate(candidate, "GET", "/steps/design-doc");
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      brief: expect.stringContaining("outbound webhooks"),
      draft: null,
      submissions: [],
    });

    clock.advance(HOUR);
    const draft = await asCandidate(candidate, "PUT", "/steps/design-doc/draft", {
      content: { kind: "design_doc", markdown: "# Webhooks\n\nDraft by Noor Haddad." },
    });
    expect(draft.status).toBe(200);
    const wrongKind = await asCandidate(candidate, "PUT", "/steps/design-doc/draft", {
      content: { kind: "code_review", comments: [], verdict: null, summary: "" },
    });
    expect(wrongKind.status).toBe(400);
    const empty = await asCandidate(candidate, "POST", "/steps/design-doc/submissions", {
      content: { kind: "design_doc", markdown: "   " },
    });
    expect(empty.status).toBe(400);

    clock.advance(HOUR);
    const first = await asCandidate(candidate, "POST", "/steps/design-doc/submissions", {
      content: { kind: "design_doc", markdown: "# Webhooks\n\nVersion one, written by Noor Haddad." },
    });
    expect(first.status).toBe(201);
    const second = await asCandidate(candidate, "POST", "/steps/design-doc/submissions", {
      content: { kind: "design_doc", markdown: "# Webhooks\n\nVersion two: retries with backoff. — Noor" },
    });
    expect(second.body).toMatchObject({ version: 2, isLate: false });
    const reopened = await asCandidate(candidate, "GET", "/steps/design-doc");
    expect((reopened.body.submissions as { version: number }[]).map((s) => s.version)).toEqual([2, 1]);
    expect(reopened.body.draft).toMatchObject({
      content: { markdown: "# Webhooks\n\nDraft by Noor Haddad." },
    });
  });

  it("takes a code review with comments on lines of the diff and a verdict; refuses late work when the stage says so", async () => {
    clock.set(new Date("2026-12-08T10:00:00Z"));
    const offTheDiff = await asCandidate(candidate, "POST", "/steps/code-review/submissions", {
      content: {
        kind: "code_review",
        comments: [{ file: "src/retry.ts", side: "new", line: 40, body: "?" }],
        verdict: "request_changes",
        summary: "",
      },
    });
    expect(offTheDiff.status).toBe(400);
    expect(offTheDiff.body.errors).toEqual([
      { path: "content.comments.0.line", message: "src/retry.ts has no new line 40 in the diff" },
    ]);
    const noVerdict = await asCandidate(candidate, "POST", "/steps/code-review/submissions", {
      content: { kind: "code_review", comments: [], verdict: null, summary: "x" },
    });
    expect(noVerdict.status).toBe(400);
    const review = await asCandidate(candidate, "POST", "/steps/code-review/submissions", {
      content: {
        kind: "code_review",
        comments: [
          {
            file: "b/src/retry.ts",
            side: "new",
            line: 2,
            body: "100 attempts with no backoff will hammer the receiver.",
          },
        ],
        verdict: "request_changes",
        summary: "Retries need backoff and a cap.",
      },
    });
    expect(review.status).toBe(201);

    // Past the design document's deadline (Tue 17:00 Lisbon): this stage refuses late work.
    clock.set(new Date("2026-12-08T17:00:01Z"));
    const late = await asCandidate(candidate, "POST", "/steps/design-doc/submissions", {
      content: { kind: "design_doc", markdown: "A late third version." },
    });
    expect(late.status).toBe(409);
    expect(late.body.detail).toBe(
      '"Design document: outbound webhooks" was due Tue, 8 Dec 2026, 17:00 (Europe/Lisbon); this exercise does not accept late work.',
    );
  });

  it("releases the hiring team's answer after four working hours, across the evening", async () => {
    clock.set(new Date("2026-12-09T09:30:00Z"));
    const asked = await asCandidate(candidate, "POST", "/steps/questions/questions", {
      question: "Which signature scheme do receivers expect?",
    });
    expect(asked.status).toBe(201);
    expect(asked.body.answer).toBeNull();
    const onDesignDoc = await asCandidate(candidate, "POST", "/steps/design-doc/questions", {
      question: "?",
    });
    expect(onDesignDoc.status).toBe(409);

    // Answered at 15:00 Lisbon on Wednesday: 2 working hours today, 2 tomorrow → Thursday 11:00.
    clock.set(new Date("2026-12-09T15:00:00Z"));
    const interviewerAnswer = await call(
      server,
      "POST",
      `/api/v1/exercise-questions/${asked.body.id}/answer`,
      {
        token: reviewer.token,
        body: { answer: "HMAC-SHA256." },
      },
    );
    expect(interviewerAnswer.status).toBe(403);
    const answered = await call(server, "POST", `/api/v1/exercise-questions/${asked.body.id}/answer`, {
      token: recruiter(),
      body: { answer: "HMAC-SHA256 over the raw body, as Stripe does." },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.releaseAt).toBe("2026-12-10T11:00:00.000Z");
    expect(
      (
        await call(server, "POST", `/api/v1/exercise-questions/${asked.body.id}/answer`, {
          token: other.users.admin.token,
          body: { answer: "x" },
        })
      ).status,
    ).toBe(404);

    clock.set(new Date("2026-12-10T10:59:00Z"));
    const before = await asCandidate(candidate, "GET", "/steps/questions");
    expect(before.body.questions).toMatchObject([{ answer: null }]);
    clock.set(new Date("2026-12-10T11:00:00Z"));
    const after = await asCandidate(candidate, "GET", "/steps/questions");
    expect(after.body.questions).toMatchObject([
      { answer: "HMAC-SHA256 over the raw body, as Stripe does." },
    ]);
  });

  it("never shows the candidate reviews, scores or the activity timeline", async () => {
    for (const path of ["", "/steps/design-doc", "/steps/code-review", "/steps/questions"]) {
      const response = await asCandidate(candidate, "GET", path);
      expect(response.status, path).toBe(200);
      const text = JSON.stringify(response.body);
      for (const word of ["timeline", "reviews", "ratings", "flaggedTerms", "opened", "drafted"]) {
        expect(text, `${path} ${word}`).not.toContain(word);
      }
    }
    // Staff routes refuse the candidate cookie.
    expect(
      (
        await call(server, "GET", `/api/v1/applications/${candidate.applicationId}/exercise`, {
          headers: { cookie: candidate.cookie },
        })
      ).status,
    ).toBe(401);
  });

  it("lets pool reviewers rate each step blind with the kit's rubric, independently, with the note guard's flags stored", async () => {
    const view = await call(server, "GET", `/api/v1/applications/${candidate.applicationId}/exercise`, {
      token: reviewer.token,
    });
    expect(view.status).toBe(200);
    expect(view.body.isBlind).toBe(true);
    expect(view.body.candidate).toMatchObject({ isRedacted: true, name: null });
    const text = JSON.stringify(view.body);
    expect(text).not.toContain("Noor");
    expect(text).not.toContain("Haddad");
    const steps = view.body.steps as { id: string; submissions: { content: { markdown?: string } }[] }[];
    expect(steps[0]?.submissions[0]?.content.markdown).toMatch(
      /^# Webhooks\n\nVersion two: retries with backoff\. — Candidate [0-9A-F]{4}$/,
    );
    const timeline = view.body.timeline as { stepId: string; kind: string }[];
    expect(timeline.map((entry) => `${entry.stepId}:${entry.kind}`)).toEqual(
      expect.arrayContaining([
        "design-doc:opened",
        "design-doc:drafted",
        "design-doc:submitted",
        "code-review:submitted",
        "questions:asked",
      ]),
    );

    const outsider = await addTestMember(server.database, org.id, "Out Of Pool");
    expect(
      (
        await call(server, "GET", `/api/v1/applications/${candidate.applicationId}/exercise`, {
          token: outsider.token,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(server, "GET", `/api/v1/applications/${candidate.applicationId}/exercise`, {
          token: other.users.admin.token,
        })
      ).status,
    ).toBe(404);

    const rate = (token: string, ratings: unknown) =>
      call(
        server,
        "POST",
        `/api/v1/applications/${candidate.applicationId}/exercise/steps/design-doc/reviews`,
        { token, body: { ratings } },
      );
    const missing = await rate(reviewer.token, [
      { attributeId: "design-doc-clarity", level: 3, evidence: "Main point first." },
    ]);
    expect(missing.status).toBe(400);
    expect(String(missing.body.detail)).toMatch(/missing assumptions-decisions-next-steps/);
    const filed = await rate(reviewer.token, [
      {
        attributeId: "design-doc-clarity",
        level: 3,
        evidence: "Leads with the decision; a good culture fit.",
      },
      {
        attributeId: "assumptions-decisions-next-steps",
        level: 2,
        evidence: "States retries but not the cap.",
      },
    ]);
    expect(filed.status).toBe(201);
    expect(filed.body.flaggedTerms).toEqual(["culture fit"]);
    expect(
      (
        await rate(reviewer.token, [
          { attributeId: "design-doc-clarity", level: 4, evidence: "x" },
          { attributeId: "assumptions-decisions-next-steps", level: 4, evidence: "x" },
        ])
      ).status,
    ).toBe(409);

    // The second reviewer sees no other rating until filing their own.
    const secondView = await call(server, "GET", `/api/v1/applications/${candidate.applicationId}/exercise`, {
      token: secondReviewer.token,
    });
    expect((secondView.body.steps as { reviews: unknown[] }[])[0]?.reviews).toEqual([]);
    await rate(secondReviewer.token, [
      { attributeId: "design-doc-clarity", level: 4, evidence: "Headings mirror the reader's questions." },
      {
        attributeId: "assumptions-decisions-next-steps",
        level: 3,
        evidence: "Lists assumptions and next steps.",
      },
    ]);
    const afterFiling = await call(
      server,
      "GET",
      `/api/v1/applications/${candidate.applicationId}/exercise`,
      { token: secondReviewer.token },
    );
    expect((afterFiling.body.steps as { reviews: unknown[] }[])[0]?.reviews).toHaveLength(2);
  });

  it("accepts late work and marks it when the stage says so", async () => {
    const defined = await define("accept_marked");
    expect(defined.status, JSON.stringify(defined.body)).toBe(200);
    clock.set(EXERCISE_START);
    const latecomer = await addExerciseCandidate(
      server,
      org,
      role,
      { fullName: "Lea Late", email: "lea.late@example.net" },
      clock,
    );
    expect((await start(latecomer, "America/New_York", new Date("2026-12-07T14:00:00Z"))).status).toBe(201);
    // The design document was due Tue 17:00 in New York (22:00 UTC).
    clock.set(new Date("2026-12-08T23:00:00Z"));
    const late = await asCandidate(latecomer, "POST", "/steps/design-doc/submissions", {
      content: { kind: "design_doc", markdown: "Late, but here." },
    });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ version: 1, isLate: true });
    // The first candidate's run keeps the policy it started with.
    const stillRefused = await asCandidate(candidate, "POST", "/steps/design-doc/submissions", {
      content: { kind: "design_doc", markdown: "Another try." },
    });
    expect(stillRefused.status).toBe(409);
  });

  it("removes a stage's exercise with the stage, when the plan is edited or replaced", async () => {
    const manager = org.users.hiring_manager.token;
    const removable = await createExerciseRole(server, org, [reviewer.id]);
    const definedHere = (stageId: string) =>
      call(server, "PUT", `/api/v1/plan-stages/${stageId}/exercise`, {
        token: manager,
        body: threeStepExercise("refuse"),
      });
    expect((await definedHere(removable.stageId)).status).toBe(200);
    const plan = await call(server, "GET", `/api/v1/roles/${removable.roleId}/plan`, { token: manager });
    type Stage = { id: string; weight: number; type: string; kitVersionId: string | null } & Record<
      string,
      unknown
    >;
    const stages = plan.body.stages as Stage[];
    const removed = stages.find((stage) => stage.id === removable.stageId);
    const kept = stages.filter((stage) => stage.id !== removable.stageId);
    const heir = kept.find((stage) => stage.type === "system_design");
    if (!removed || !heir) throw new Error("the remote template changed");
    heir.weight = Math.round((heir.weight + removed.weight) * 10_000) / 10_000;
    const edited = await call(server, "PUT", `/api/v1/roles/${removable.roleId}/plan`, {
      token: manager,
      body: {
        stages: kept.map((stage) => ({
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
        })),
      },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((edited.body.stages as Stage[]).map((stage) => stage.id)).not.toContain(removable.stageId);
    expect(
      (await call(server, "GET", `/api/v1/plan-stages/${removable.stageId}/exercise`, { token: manager }))
        .status,
    ).toBe(404);

    // Replacing the whole plan from the template drops every stage's exercise too.
    const replaced = await createExerciseRole(server, org, [reviewer.id]);
    expect((await definedHere(replaced.stageId)).status).toBe(200);
    const fromTemplate = await call(server, "POST", `/api/v1/roles/${replaced.roleId}/plan/from-template`, {
      token: manager,
      body: { replace: true },
    });
    expect(fromTemplate.status, JSON.stringify(fromTemplate.body)).toBe(201);
    expect(
      (await call(server, "GET", `/api/v1/plan-stages/${replaced.stageId}/exercise`, { token: manager }))
        .status,
    ).toBe(404);
  });
});
