import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testEngines } from "../../../test/support/databases.ts";
import { seedCandidate } from "../../../test/support/portal-seed.ts";
import { type SeededOrganization, seedOrganization, TEST_PASSWORD } from "../../../test/support/server.ts";
import { systemClock } from "../../platform/clock.ts";
import { AppError } from "../../platform/errors.ts";
import { candidateCsrfTokenFor, createCandidateSession } from "../portal/candidate-sessions.ts";
import { identifyCaller } from "./callers.ts";
import { csrfTokenFor, signIn } from "./sessions.ts";

const SECRET = "callers-test-secret-callers-test-secret";

/** Identification from method and headers alone, as the live pads' WebSocket upgrade will use it. */
describe.each(testEngines)("identifying callers from headers on %s", (engine) => {
  let database: TestDatabase;
  let org: SeededOrganization;
  let staffCookie = "";
  let staffSessionId = "";
  let candidateCookie = "";
  let candidateSessionId = "";
  let candidateId = "";
  const deps = () => ({ db: database.db, clock: systemClock, secret: SECRET });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    org = await seedOrganization(database, "Callers");
    const signedIn = await signIn(
      { db: database.db, clock: systemClock },
      { email: org.users.recruiter.email, password: TEST_PASSWORD, ip: null, userAgent: null },
    );
    staffCookie = `evident_session=${signedIn.token}`;
    staffSessionId = signedIn.session.sessionId;
    candidateId = await seedCandidate(database.db, org.id, {
      fullName: "Header Candidate",
      email: "header.candidate@example.test",
    });
    const candidate = await createCandidateSession(database.db, systemClock, {
      organizationId: org.id,
      candidateId,
    });
    candidateCookie = `evident_candidate=${candidate.token}`;
    candidateSessionId = candidate.principal.sessionId;
  });
  afterAll(async () => database?.drop());

  it("knows a member of staff by API token and by session cookie", async () => {
    const byToken = await identifyCaller(deps(), {
      method: "GET",
      headers: { authorization: `Bearer ${org.users.admin.token}` },
    });
    expect(byToken).toMatchObject({
      kind: "staff",
      principal: { kind: "token", userId: org.users.admin.id },
    });
    const bySession = await identifyCaller(deps(), { method: "GET", headers: { cookie: staffCookie } });
    expect(bySession).toMatchObject({
      kind: "staff",
      principal: { kind: "session", userId: org.users.recruiter.id },
    });
  });

  it("knows a candidate by the candidate cookie, and nobody without credentials", async () => {
    const candidate = await identifyCaller(deps(), {
      method: "GET",
      headers: { cookie: `theme=dark; ${candidateCookie}` },
    });
    expect(candidate).toEqual({
      kind: "candidate",
      candidate: { sessionId: candidateSessionId, candidateId, organizationId: org.id },
    });
    expect(await identifyCaller(deps(), { method: "GET", headers: {} })).toEqual({ kind: "anonymous" });
    // A cookie that resolves to no session is nobody, not an error.
    expect(
      await identifyCaller(deps(), { method: "GET", headers: { cookie: "evident_session=stale" } }),
    ).toEqual({ kind: "anonymous" });
  });

  it("refuses a bad token and cookie requests that change things without their CSRF token", async () => {
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => (error instanceof AppError ? error.status : error),
      );
    expect(
      await refusal(identifyCaller(deps(), { method: "GET", headers: { authorization: "Bearer evd_nope" } })),
    ).toBe(401);
    expect(await refusal(identifyCaller(deps(), { method: "POST", headers: { cookie: staffCookie } }))).toBe(
      403,
    );
    expect(
      await refusal(identifyCaller(deps(), { method: "DELETE", headers: { cookie: candidateCookie } })),
    ).toBe(403);
    // Each cookie's CSRF token is its own: the staff one does not pass for the candidate.
    expect(
      await refusal(
        identifyCaller(deps(), {
          method: "POST",
          headers: { cookie: candidateCookie, "x-csrf-token": csrfTokenFor(SECRET, candidateSessionId) },
        }),
      ),
    ).toBe(403);
    const staffPost = await identifyCaller(deps(), {
      method: "POST",
      headers: { cookie: staffCookie, "x-csrf-token": csrfTokenFor(SECRET, staffSessionId) },
    });
    expect(staffPost.kind).toBe("staff");
    const candidatePost = await identifyCaller(deps(), {
      method: "PUT",
      headers: { cookie: candidateCookie, "x-csrf-token": candidateCsrfTokenFor(SECRET, candidateSessionId) },
    });
    expect(candidatePost.kind).toBe("candidate");
  });
});
