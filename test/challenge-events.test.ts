import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInChallengesDir } from "../src/modules/grading-engine/manifest.ts";
import { assertSandboxAvailable } from "../src/modules/sandbox/sandbox.ts";
import {
  addChallengeTaker,
  type ChallengeTaker,
  createChallengeRole,
  sendCode,
} from "./support/challenge-takers.ts";
import { testEngines } from "./support/databases.ts";
import { openEventStreamReader } from "./support/event-stream-reader.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

const CHALLENGE = "token-bucket-limiter";
const referenceJs = readFileSync(
  path.join(builtInChallengesDir, CHALLENGE, "reference/javascript/solution.js"),
  "utf8",
);

interface StreamedSubmission {
  id: string;
  status: string;
  visibleTests: { passed: boolean }[];
}

describe.each(testEngines)("the candidate's challenge events stream on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let taker: ChallengeTaker;
  let otherTaker: ChallengeTaker;
  let closed = false;
  const eventsPath = (applicationId: string) =>
    `/api/v1/portal/applications/${applicationId}/challenge/events`;
  const streamOf = (applicationId: string, headers: Record<string, string>) =>
    openEventStreamReader(`${server.url}${eventsPath(applicationId)}`, headers);

  beforeAll(async () => {
    assertSandboxAvailable();
    server = await startTestServer(engine, { withWorker: true });
    org = await seedOrganization(server.database, "Streams");
    const role = await createChallengeRole(server, org, { challengeId: CHALLENGE });
    taker = await addChallengeTaker(server, org, role, { fullName: "Ada Stream", email: "ada@stream.test" });
    otherTaker = await addChallengeTaker(server, org, role, {
      fullName: "Bo Other",
      email: "bo@stream.test",
    });
    for (const each of [taker, otherTaker]) {
      const opened = await call(
        server,
        "GET",
        `/api/v1/portal/applications/${each.applicationId}/challenge`,
        {
          headers: { cookie: each.cookie },
        },
      );
      expect(opened.status).toBe(200);
    }
  }, 180_000);
  afterAll(async () => {
    if (!closed) await server?.close();
  });

  it("streams the snapshot first, then the Run taken by a grader and its graded result", async () => {
    const stream = await streamOf(taker.applicationId, { cookie: taker.cookie });
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get("content-type")).toContain("text/event-stream");
    expect(await stream.next()).toEqual({ event: "snapshot", data: { submissions: [] } });

    const sent = await sendCode(server, taker, "run", "javascript", { "solution.js": referenceJs });
    expect(sent.status).toBe(202);
    const seen: StreamedSubmission[] = [];
    while (seen.at(-1)?.status !== "graded") {
      const next = await stream.next(120_000);
      expect(next?.event).toBe("submission");
      seen.push(next?.data as StreamedSubmission);
    }
    expect(seen.map((each) => each.id)).toEqual(seen.map(() => sent.body.id));
    // Taken by a grader, then graded (a read after a fast grade may already see "graded").
    expect(seen.every((each) => each.status === "grading" || each.status === "graded")).toBe(true);
    const graded = seen.at(-1);
    expect(graded?.visibleTests.length).toBeGreaterThan(0);
    expect(graded?.visibleTests.every((test) => test.passed)).toBe(true);
    stream.close();
  }, 180_000);

  it("opens with the current status, so a result stored before the page connected is not missed", async () => {
    const stream = await streamOf(taker.applicationId, { cookie: taker.cookie });
    const first = await stream.next();
    expect(first?.event).toBe("snapshot");
    const submissions = (first?.data as { submissions: StreamedSubmission[] } | undefined)?.submissions ?? [];
    expect(submissions.map((each) => each.status)).toEqual(["graded"]);
    stream.close();
  });

  it("shows a candidate nothing of another candidate's application", async () => {
    const stream = await streamOf(taker.applicationId, { cookie: otherTaker.cookie });
    expect(stream.response.status).toBe(404);
    expect(stream.response.headers.get("content-type")).toContain("application/problem+json");
    expect(((await stream.response.json()) as { detail: string }).detail).toContain("no such application");
  });

  it("refuses staff and anonymous callers", async () => {
    const staff = await streamOf(taker.applicationId, { authorization: `Bearer ${org.users.admin.token}` });
    expect(staff.response.status).toBe(401);
    const anonymous = await streamOf(taker.applicationId, {});
    expect(anonymous.response.status).toBe(401);
  });

  it("answers a request that cannot take a stream with 406, not a response that never ends", async () => {
    const response = await call(server, "GET", eventsPath(taker.applicationId), {
      headers: { cookie: taker.cookie, accept: "application/json" },
    });
    expect(response.status).toBe(406);
    expect(String(response.body.detail)).toContain("EventSource");
  });

  it("ends open streams when the server shuts down, so shutting down does not wait on them", async () => {
    const stream = await streamOf(taker.applicationId, { cookie: taker.cookie });
    expect((await stream.next())?.event).toBe("snapshot");
    const started = Date.now();
    closed = true;
    await server.close();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await stream.ended(2_000)).toBe(true);
  }, 30_000);
});
