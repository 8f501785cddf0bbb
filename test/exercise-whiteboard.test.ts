import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../src/platform/clock.ts";
import { testEngines } from "./support/databases.ts";
import {
  addExerciseCandidate,
  createExerciseRole,
  EXERCISE_START,
  type ExerciseCandidate,
  type ExerciseRole,
  whiteboardExercise,
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

/** An Excalidraw element as the web app sends it (the server checks the fields it relies on). */
function element(id: string, type: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    type,
    version: 1,
    versionNonce: 1,
    isDeleted: false,
    x: 10,
    y: 20,
    width: 120,
    height: 60,
    angle: 0,
    strokeColor: "#1e1e1e",
    backgroundColor: "transparent",
    fillStyle: "solid",
    strokeWidth: 2,
    roughness: 1,
    opacity: 100,
    groupIds: [],
    frameId: null,
    index: "a0",
    roundness: null,
    seed: 1,
    boundElements: null,
    updated: 1,
    link: null,
    locked: false,
    ...extra,
  };
}

const text = (id: string, words: string) =>
  element(id, "text", { text: words, originalText: words, fontSize: 20, fontFamily: 5, containerId: null });

/** The async whiteboard step: a candidate draws alone over the step's window; reviewers see it blind. */
describe.each(testEngines)("async whiteboard step on %s", (engine) => {
  const clock = fixedClock(EXERCISE_START);
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let role: ExerciseRole;
  let reviewer: { id: string; token: string };
  let candidate: ExerciseCandidate;
  let neighbour: ExerciseCandidate;

  const asCandidate = (
    who: ExerciseCandidate,
    method: string,
    path: string,
    body?: unknown,
    applicationId = who.applicationId,
  ) =>
    call(server, method, `/api/v1/portal/applications/${applicationId}/exercise${path}`, {
      headers: { cookie: who.cookie, ...(method === "GET" ? {} : { "x-csrf-token": who.csrf }) },
      body,
    });
  const define = (body: unknown) =>
    call(server, "PUT", `/api/v1/plan-stages/${role.stageId}/exercise`, {
      token: org.users.recruiter.token,
      body,
    });
  const start = (who: ExerciseCandidate, startsAt = EXERCISE_START) =>
    call(server, "POST", `/api/v1/applications/${who.applicationId}/exercise`, {
      token: org.users.recruiter.token,
      body: { startsAt: startsAt.toISOString(), candidateTimeZone: "Europe/Lisbon" },
    });
  const board = (elements: unknown[]) => ({ content: { kind: "whiteboard", elements } });

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    org = await seedOrganization(server.database, "Whiteboards");
    other = await seedOrganization(server.database, "Elsewhere");
    reviewer = await addTestMember(server.database, org.id, "Rae Reviewer");
    role = await createExerciseRole(server, org, [reviewer.id]);
    candidate = await addExerciseCandidate(
      server,
      org,
      role,
      { fullName: "Noor Haddad", email: "noor.haddad@example.net" },
      clock,
    );
    neighbour = await addExerciseCandidate(
      server,
      org,
      role,
      { fullName: "Omar Other", email: "omar.other@example.net" },
      clock,
    );
  });
  afterAll(async () => server?.close());

  it("defines a whiteboard step, which takes no diff", async () => {
    const withDiff = whiteboardExercise("refuse");
    (withDiff.steps[1] as { diff?: string }).diff = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n";
    const refused = await define(withDiff);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual({
      path: "steps.1.diff",
      message: "only code review steps take a diff",
    });

    const defined = await define(whiteboardExercise("refuse"));
    expect(defined.status, JSON.stringify(defined.body)).toBe(200);
    expect((defined.body.steps as { kind: string }[]).map((step) => step.kind)).toEqual([
      "design_doc",
      "whiteboard",
    ]);
    expect((await start(candidate)).status).toBe(201);
    expect((await start(neighbour)).status).toBe(201);
  });

  it("cannot be opened or drafted before its release time", async () => {
    const early = await asCandidate(candidate, "GET", "/steps/whiteboard");
    expect(early.status).toBe(409);
    expect(early.body.detail).toBe(
      '"Whiteboard: the delivery flow" opens Tue, 8 Dec 2026, 09:00 (Europe/Lisbon); it cannot be opened before then.',
    );
    expect(
      (await asCandidate(candidate, "PUT", "/steps/whiteboard/draft", board([element("box", "rectangle")])))
        .status,
    ).toBe(409);
  });

  it("autosaves the drawing as a draft, without the elements Excalidraw marks deleted", async () => {
    clock.set(new Date(EXERCISE_START.getTime() + 25 * HOUR));
    const opened = await asCandidate(candidate, "GET", "/steps/whiteboard");
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ kind: "whiteboard", draft: null, submissions: [] });

    const saved = await asCandidate(
      candidate,
      "PUT",
      "/steps/whiteboard/draft",
      board([
        element("box", "rectangle"),
        element("gone", "ellipse", { isDeleted: true }),
        text("note", "Retry queue"),
      ]),
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const reopened = await asCandidate(candidate, "GET", "/steps/whiteboard");
    const draft = reopened.body.draft as { content: { elements: { id: string; strokeColor: string }[] } };
    expect(draft.content.elements.map((item) => item.id)).toEqual(["box", "note"]);
    // Excalidraw's style properties are kept as they came.
    expect(draft.content.elements[0]?.strokeColor).toBe("#1e1e1e");
    // A design document's content is not a whiteboard's.
    const wrongKind = await asCandidate(candidate, "PUT", "/steps/whiteboard/draft", {
      content: { kind: "design_doc", markdown: "words" },
    });
    expect(wrongKind.status).toBe(400);
  });

  it("refuses elements it cannot show safely or that are not elements, with the field named", async () => {
    const cases: [string, unknown, string][] = [
      ["an image", element("img", "image", { fileId: "f" }), "content.elements.0.type"],
      ["an embedded page", element("web", "embeddable"), "content.elements.0.type"],
      [
        "a script link",
        element("js", "rectangle", { link: "javascript:alert(1)" }),
        "content.elements.0.link",
      ],
      ["no id", { ...element("x", "rectangle"), id: "" }, "content.elements.0.id"],
      ["a position off any canvas", element("far", "rectangle", { x: 1e12 }), "content.elements.0.x"],
      ["not an object", "rectangle", "content.elements.0"],
    ];
    for (const [what, bad, path] of cases) {
      const response = await asCandidate(candidate, "PUT", "/steps/whiteboard/draft", board([bad]));
      expect(response.status, what).toBe(400);
      expect(JSON.stringify(response.body.errors), what).toContain(path);
    }
  });

  it("refuses a drawing over the size limit with 413, and keeps the last good draft", async () => {
    // A freehand stroke of 60 000 points is some 810 KiB of JSON: over the 512 KiB limit, under the 1 MiB body limit.
    const points = Array.from({ length: 60_000 }, (_, index) => [
      (index % 500) + 0.5,
      Math.floor(index / 500) + 0.25,
    ]);
    const huge = await asCandidate(
      candidate,
      "PUT",
      "/steps/whiteboard/draft",
      board([element("scribble", "freedraw", { points, pressures: [], simulatePressure: true })]),
    );
    expect(huge.status).toBe(413);
    expect(huge.headers.get("content-type")).toContain("application/problem+json");
    expect(String(huge.body.detail)).toMatch(/at most 512 KiB of drawing/);
    // Past the server's body limit it is refused before it is read.
    const tooBig = await asCandidate(
      candidate,
      "PUT",
      "/steps/whiteboard/draft",
      board([element("scribble", "freedraw", { points: [...points, ...points], pressures: [] })]),
    );
    expect(tooBig.status).toBe(413);
    const reopened = await asCandidate(candidate, "GET", "/steps/whiteboard");
    expect((reopened.body.draft as { content: { elements: unknown[] } }).content.elements).toHaveLength(2);
  });

  it("keeps every submitted version, refuses an empty board, and is the candidate's own", async () => {
    const empty = await asCandidate(
      candidate,
      "POST",
      "/steps/whiteboard/submissions",
      board([element("gone", "rectangle", { isDeleted: true })]),
    );
    expect(empty.status).toBe(400);
    expect(empty.body.detail).toBe("The whiteboard is empty: draw something before submitting it.");

    const first = await asCandidate(
      candidate,
      "POST",
      "/steps/whiteboard/submissions",
      board([element("box", "rectangle")]),
    );
    expect(first.status).toBe(201);
    clock.advance(HOUR);
    const second = await asCandidate(
      candidate,
      "POST",
      "/steps/whiteboard/submissions",
      board([element("box", "rectangle"), text("sig", "Drawn by Noor Haddad: retries with backoff")]),
    );
    expect(second.body).toMatchObject({ version: 2, isLate: false });
    const reopened = await asCandidate(candidate, "GET", "/steps/whiteboard");
    expect((reopened.body.submissions as { version: number }[]).map((item) => item.version)).toEqual([2, 1]);

    // Another candidate of the same role cannot read, draft or submit on this application.
    for (const [method, path, body] of [
      ["GET", "/steps/whiteboard", undefined],
      ["PUT", "/steps/whiteboard/draft", board([element("x", "rectangle")])],
      ["POST", "/steps/whiteboard/submissions", board([element("x", "rectangle")])],
    ] as const) {
      const response = await asCandidate(neighbour, method, path, body, candidate.applicationId);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    // The neighbour's own board is still empty: nothing of Noor's leaked into it.
    const own = await asCandidate(neighbour, "GET", "/steps/whiteboard");
    expect(own.body).toMatchObject({ draft: null, submissions: [] });
  });

  it("refuses late work when the stage says so, and marks it late when it accepts it", async () => {
    // Due Wed 9 Dec 17:00 in Lisbon.
    clock.set(new Date("2026-12-09T17:30:00Z"));
    const late = await asCandidate(
      candidate,
      "POST",
      "/steps/whiteboard/submissions",
      board([element("box", "rectangle")]),
    );
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(
      /was due Wed, 9 Dec 2026, 17:00 \(Europe\/Lisbon\); this exercise does not accept late work/,
    );
    expect(
      (await asCandidate(candidate, "PUT", "/steps/whiteboard/draft", board([element("box", "rectangle")])))
        .status,
    ).toBe(409);

    expect((await define(whiteboardExercise("accept_marked"))).status).toBe(200);
    clock.set(EXERCISE_START);
    const latecomer = await addExerciseCandidate(
      server,
      org,
      role,
      { fullName: "Lea Late", email: "lea.late@example.net" },
      clock,
    );
    expect((await start(latecomer)).status).toBe(201);
    clock.set(new Date("2026-12-09T18:00:00Z"));
    const marked = await asCandidate(
      latecomer,
      "POST",
      "/steps/whiteboard/submissions",
      board([element("box", "rectangle")]),
    );
    expect(marked.status).toBe(201);
    expect(marked.body).toMatchObject({ version: 1, isLate: true });
  });

  it("shows the board to blind reviewers with the candidate's name scrubbed, and takes the step's rubric", async () => {
    const view = await call(server, "GET", `/api/v1/applications/${candidate.applicationId}/exercise`, {
      token: reviewer.token,
    });
    expect(view.status).toBe(200);
    expect(view.body.isBlind).toBe(true);
    const textOfView = JSON.stringify(view.body);
    expect(textOfView).not.toContain("Noor");
    expect(textOfView).not.toContain("Haddad");
    const step = (
      view.body.steps as {
        id: string;
        rubricAttributeIds: string[];
        submissions: {
          version: number;
          content: { kind: string; elements: { id: string; text?: string }[] };
        }[];
      }[]
    ).find((item) => item.id === "whiteboard");
    expect(step?.rubricAttributeIds).toEqual(["design-doc-clarity", "assumptions-decisions-next-steps"]);
    const latest = step?.submissions[0];
    expect(latest?.content.kind).toBe("whiteboard");
    expect(latest?.content.elements.find((item) => item.id === "sig")?.text).toMatch(
      /^Drawn by Candidate [0-9A-F]{4}: retries with backoff$/,
    );

    const filed = await call(
      server,
      "POST",
      `/api/v1/applications/${candidate.applicationId}/exercise/steps/whiteboard/reviews`,
      {
        token: reviewer.token,
        body: {
          ratings: [
            {
              attributeId: "design-doc-clarity",
              level: 3,
              evidence: "The failure path reads left to right.",
            },
            {
              attributeId: "assumptions-decisions-next-steps",
              level: 2,
              evidence: "No note on who owns the dead letters.",
            },
          ],
        },
      },
    );
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    // Another organisation sees nothing of it.
    expect(
      (
        await call(server, "GET", `/api/v1/applications/${candidate.applicationId}/exercise`, {
          token: other.users.admin.token,
        })
      ).status,
    ).toBe(404);
  });
});
