/**
 * The demo organisation's Home is not empty for anyone: each demo user signs in with the demo
 * password and finds work of their own in the queue, as seeded by seed-work-queue-demo.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoUsers, seedDemoOrganization } from "../src/modules/demo/seed-demo.ts";
import { laterToday } from "../src/modules/demo/seed-work-queue-demo.ts";
import { systemClock } from "../src/platform/clock.ts";
import { testEngines } from "./support/databases.ts";
import { call, startTestServer, type TestServer } from "./support/server.ts";

type Item = { kind: string; title: string; isOverdue: boolean; path: string };

describe("laterToday", () => {
  it("is an hour ahead on the same day, or an interview still going late in the evening", () => {
    expect(laterToday(new Date("2026-03-02T10:05:00Z")).toISOString()).toBe("2026-03-02T11:15:00.000Z");
    expect(laterToday(new Date("2026-03-02T23:30:00Z")).toISOString()).toBe("2026-03-02T23:10:00.000Z");
  });
});

describe.each(testEngines)("the demo organisation's work queues on %s", (engine) => {
  let server: TestServer;
  const queues = new Map<string, { items: Item[]; total: number }>();

  beforeAll(async () => {
    server = await startTestServer(engine);
    await seedDemoOrganization({ db: server.database.db, clock: systemClock }, { withHiringData: true });
    for (const user of demoUsers) {
      // Signed in as a person would be: the demo password, the session cookie.
      const login = await call(server, "POST", "/api/v1/auth/login", {
        body: { email: user.email, password: DEMO_PASSWORD },
      });
      expect(login.status, user.email).toBe(200);
      const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const queue = await call(server, "GET", "/api/v1/work-queue?timeZone=UTC", { headers: { cookie } });
      expect(queue.status, user.email).toBe(200);
      queues.set(user.role, queue.body as { items: Item[]; total: number });
    }
    // Preparing the whole demo (hiring data, delivery data, two years of history) on a busy machine.
  }, 300_000);
  afterAll(async () => server?.close());

  const kindsOf = (role: string) => new Set((queues.get(role)?.items ?? []).map((item) => item.kind));

  it("gives every demo user something to do", () => {
    for (const user of demoUsers) expect(queues.get(user.role)?.total, user.email).toBeGreaterThan(0);
  });

  it("owes the interviewer an overdue scorecard and shows them today's interview", () => {
    const items = queues.get("interviewer")?.items ?? [];
    const owed = items.find((item) => item.kind === "scorecard_owed");
    expect(owed).toMatchObject({ isOverdue: true, title: expect.stringContaining("Lena Marquardt") });
    // Overdue first.
    expect(items[0]?.kind).toBe("scorecard_owed");
    expect(items.find((item) => item.kind === "interview_today")?.title).toContain("Kofi Mensah");
    // An interviewer's queue holds only their own work: no hiring-team items.
    expect([...kindsOf("interviewer")].sort()).toEqual(["interview_today", "scorecard_owed"]);
  });

  it("has a decision ready for the hiring manager", () => {
    const ready = (queues.get("hiring_manager")?.items ?? []).filter(
      (item) => item.kind === "decision_ready",
    );
    expect(ready.map((item) => item.title)).toContainEqual(expect.stringContaining("Sofia Brandão"));
    expect(ready.find((item) => item.title.includes("Sofia Brandão"))?.path).toMatch(
      /^\/applications\/[0-9a-f-]{36}\/decision$/,
    );
  });

  it("shows the recruiter a stalled candidate, and the admin the hiring team's queue", () => {
    const stalled = (queues.get("recruiter")?.items ?? []).filter((item) => item.kind === "stalled");
    expect(stalled.map((item) => item.title)).toContainEqual(
      expect.stringMatching(/^Yusuf Demir has waited 12 days in /),
    );
    for (const kind of ["stalled", "decision_ready", "interview_today"]) {
      expect(kindsOf("admin").has(kind), kind).toBe(true);
    }
  });
});
