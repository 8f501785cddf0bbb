import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dateTimeSchema, textSchema } from "../src/server/schemas.ts";
import { testEngines } from "./support/databases.ts";
import { addTestMember, backendRole, openRole, seedApplication, seedStages } from "./support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

type FieldErrors = { path: string; message: string }[];
const NUL = "\u0000";
const LONE_SURROGATE = "\ud800";

describe("the shared request schemas", () => {
  it("refuse NUL characters and unpaired surrogates but keep paired ones", () => {
    expect(textSchema.safeParse("Zoë 👩‍💻").success).toBe(true);
    for (const bad of [`a${NUL}b`, `x${LONE_SURROGATE}y`, "\udc00", "\ud83d"]) {
      expect(textSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    // Chained constraints keep the refusal.
    expect(textSchema.trim().max(10).safeParse(` ${NUL} `).success).toBe(false);
  });

  it("accept date-times with a zone within years 0001..9999 UTC only", () => {
    for (const good of ["0001-01-01T00:00:00Z", "2030-05-04T09:00:00+02:00", "9999-12-31T23:59:59Z"]) {
      expect(dateTimeSchema.safeParse(good).success, good).toBe(true);
    }
    for (const bad of [
      "0000-01-01T00:00:00Z",
      "0001-01-01T00:30:00+01:00",
      "9999-12-31T23:00:00-05:00",
      "2030-05-04T09:00:00",
    ]) {
      expect(dateTimeSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

/** Odd input answers 400 problem+json naming the field, never a 500 from PostgreSQL, on every engine. */
describe.each(testEngines)("bad input on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let roleId: string;
  let interviewStageId: string;
  let applicationId: string;
  let candidateId: string;
  let interviewerId: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Oddity");
    roleId = await openRole(server, org.users.recruiter.token);
    const [stage] = await seedStages(server.database, org.id, roleId, [
      { name: "System design", type: "system_design", kitSlug: "system-design-url-shortener" },
    ]);
    interviewStageId = stage?.id ?? "";
    interviewerId = (await addTestMember(server.database, org.id, "Ivy Interviewer")).id;
    ({ applicationId, candidateId } = await seedApplication(
      server.database,
      org.id,
      roleId,
      { fullName: "Known Candidate", email: `known.${engine}@candidates.test` },
      { stageId: interviewStageId },
    ));
  });
  afterAll(async () => server?.close());

  const recruiter = () => org.users.recruiter.token;

  /** A 400 problem+json whose field errors name `path`, and no database error leaking through. */
  function expectRefused(response: Awaited<ReturnType<typeof call>>, path: string) {
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect((response.body.errors as FieldErrors).map((error) => error.path)).toContain(path);
    expect(String(response.body.detail)).not.toMatch(/postgres|invalid byte sequence|surrogate must/i);
  }

  it("refuses a NUL character in a path parameter", async () => {
    const response = await call(server, "GET", "/api/v1/challenges/x%00y", { token: recruiter() });
    expectRefused(response, "params.challengeId");
  });

  it("refuses a NUL character in the search query of candidates and applications", async () => {
    expectRefused(
      await call(server, "GET", "/api/v1/candidates?query=a%00b", { token: recruiter() }),
      "querystring.query",
    );
    expectRefused(
      await call(server, "GET", "/api/v1/applications?query=a%00b", { token: recruiter() }),
      "querystring.query",
    );
  });

  it("refuses a NUL character in names, titles, notes and token names", async () => {
    expectRefused(
      await call(server, "POST", "/api/v1/candidates", {
        token: recruiter(),
        body: { fullName: `Ada${NUL}Lovelace`, email: `ada.${engine}@nul.test` },
      }),
      "body.fullName",
    );
    expectRefused(
      await call(server, "POST", "/api/v1/roles", {
        token: recruiter(),
        body: { ...backendRole, title: `Backend${NUL}` },
      }),
      "body.title",
    );
    expectRefused(
      await call(server, "POST", `/api/v1/applications/${applicationId}/reject`, {
        token: recruiter(),
        body: { reason: "skills_mismatch", note: `said${NUL}no` },
      }),
      "body.note",
    );
    expectRefused(
      await call(server, "POST", "/api/v1/tokens", { token: recruiter(), body: { name: `ci${NUL}` } }),
      "body.name",
    );
  });

  it("refuses an unpaired surrogate in a field the audit log copies into jsonb", async () => {
    const response = await call(server, "POST", "/api/v1/roles", {
      token: recruiter(),
      // JSON.stringify writes a lone surrogate as the escape \ud800, as a careless client would.
      body: { ...backendRole, title: `Backend${LONE_SURROGATE}Engineer` },
    });
    expectRefused(response, "body.title");
  });

  it("reports a NUL character in a CSV cell with its row and column", async () => {
    const csv = `full_name,email\nGood Person,good.${engine}@csv.test\nBad${NUL}Person,bad.${engine}@csv.test\n`;
    const response = await call(server, "POST", "/api/v1/candidates/import", {
      token: recruiter(),
      body: { csv, mode: "all_or_nothing" },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(422);
    const report = response.body.report as { rows: { row: number; status: string; errors: FieldErrors }[] };
    const bad = report.rows.find((row) => row.status === "invalid");
    expect(bad?.row).toBe(3);
    expect(bad?.errors).toEqual([{ column: "full_name", message: expect.stringMatching(/NUL/) }]);
  });

  it("refuses a year-0 date-time in a filter and when scheduling", async () => {
    expectRefused(
      await call(server, "GET", "/api/v1/interviews?to=0000-01-01T00:00:00Z", { token: recruiter() }),
      "querystring.to",
    );
    // Within year 9999 in its own zone but year 10000 in UTC, which PostgreSQL cannot read back.
    expectRefused(
      await call(server, "GET", "/api/v1/interviews?from=9999-12-31T23:00:00-05:00", { token: recruiter() }),
      "querystring.from",
    );
    const scheduled = await call(server, "POST", "/api/v1/interviews", {
      token: org.users.hiring_manager.token,
      body: {
        applicationId,
        stageId: interviewStageId,
        scheduledAt: "0000-06-01T09:00:00Z",
        durationMinutes: 60,
        interviewerIds: [interviewerId],
        mode: "onsite",
        room: "Room 1",
      },
    });
    expectRefused(scheduled, "body.scheduledAt");
  });

  it("answers a malformed multipart resume upload with 400 problem+json", async () => {
    const path = `/api/v1/candidates/${candidateId}/resume`;
    const token = recruiter();
    const noBoundary = await call(server, "PUT", path, {
      token,
      rawBody: "--x\r\n",
      headers: { "content-type": "multipart/form-data" },
    });
    expect(noBoundary.status, JSON.stringify(noBoundary.body)).toBe(400);
    expect(noBoundary.headers.get("content-type")).toContain("application/problem+json");
    const truncated = await call(server, "PUT", path, {
      token,
      rawBody: '--b\r\nContent-Disposition: form-data; name="file"; filename="cv.txt"\r\n\r\nhello',
      headers: { "content-type": "multipart/form-data; boundary=b" },
    });
    expect(truncated.status, JSON.stringify(truncated.body)).toBe(400);
    expect(truncated.headers.get("content-type")).toContain("application/problem+json");
    const nulFilename = await call(server, "PUT", path, {
      token,
      rawBody: `--b\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''cv%00.txt\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n`,
      headers: { "content-type": "multipart/form-data; boundary=b" },
    });
    expectRefused(nulFilename, "file.filename");
  });

  it("answers an over-long path parameter with 414 problem+json that does not echo the URL", async () => {
    const longId = "a".repeat(150);
    const response = await call(server, "GET", `/api/v1/challenges/${longId}`, { token: recruiter() });
    expect(response.status).toBe(414);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body.type).toBe("https://evident.dev/problems/uri-too-long");
    expect(JSON.stringify(response.body)).not.toContain(longId);
  });

  it("answers invalid percent-encoding with 400 problem+json", async () => {
    const response = await call(server, "GET", "/api/v1/candidates/%E0%A4%A", { token: recruiter() });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body.type).toBe("https://evident.dev/problems/bad-request");
    expect(JSON.stringify(response.body)).not.toContain("%E0%A4%A");
  });

  it("answers a request that is not HTTP with 400 problem+json", async () => {
    const { port } = new URL(server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => socket.write("NOT HTTP AT ALL\r\n\r\n"));
      let received = "";
      socket.on("data", (chunk) => {
        received += chunk.toString();
      });
      socket.on("close", () => resolve(received));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toContain("Content-Type: application/problem+json");
    const body = JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 400, type: "https://evident.dev/problems/bad-request" });
  });

  it("keeps the stored data intact", async () => {
    const response = await call(server, "GET", `/api/v1/candidates/${candidateId}`, { token: recruiter() });
    expect(response.status).toBe(200);
    expect(response.body.fullName).toBe("Known Candidate");
  });
});
