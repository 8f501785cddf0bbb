import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { services } from "../src/modules/outcomes/outcomes-table.ts";
import { runProbe } from "../src/modules/outcomes/uptime/probe.ts";
import {
  checkProbeTarget,
  refusalOfAddress,
  refusalOfUrl,
} from "../src/modules/outcomes/uptime/probe-guard.ts";
import { runProbeJob, scheduleDueProbes, slotsBetween } from "../src/modules/outcomes/uptime/probe-jobs.ts";
import { burnDownSeries, summariseSlo, targetPpmOfPercent } from "../src/modules/outcomes/uptime/slo.ts";
import { fixedClock, systemClock } from "../src/platform/clock.ts";
import { queryRows } from "../src/platform/db/client.ts";
import { AppError } from "../src/platform/errors.ts";
import { newId } from "../src/platform/ids.ts";
import { testEngines } from "./support/databases.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

/** Uptime: SLO arithmetic, the probe URL guard, probes against a local server, the routes. */

const at = (iso: string) => Date.parse(iso);

describe("SLO arithmetic (SRE workbook definitions), hand-checked", () => {
  it("99.9 % over 10 000 valid checks with 4 bad: availability 0.9996, 10 allowed, 60 % left, burn rate 0.4", () => {
    const checks = Array.from({ length: 10_000 }, (_, index) => ({
      checkedAtMs: index * 60_000,
      ok: index % 2500 !== 7,
    }));
    const summary = summariseSlo(checks, [], targetPpmOfPercent(99.9));
    expect(summary).toEqual({
      validChecks: 10_000,
      goodChecks: 9_996,
      excludedChecks: 0,
      availability: 0.9996,
      targetPercent: 99.9,
      allowedBadChecks: 10,
      errorBudgetRemaining: 0.6,
      burnRate: 0.4,
    });
  });

  it("leaves checks inside maintenance windows out (start inclusive, end exclusive)", () => {
    const checks = [
      { checkedAtMs: at("2024-03-01T10:00:00Z"), ok: false },
      { checkedAtMs: at("2024-03-01T10:30:00Z"), ok: false },
      { checkedAtMs: at("2024-03-01T11:00:00Z"), ok: false },
      { checkedAtMs: at("2024-03-01T11:30:00Z"), ok: true },
    ];
    const maintenance = [{ startMs: at("2024-03-01T10:00:00Z"), endMs: at("2024-03-01T11:00:00Z") }];
    const summary = summariseSlo(checks, maintenance, targetPpmOfPercent(99));
    // Valid: 11:00 (bad) and 11:30 (good) → 1 of 2 good; budget 1 % of 2 = 0.02 checks; spent 1 ÷ 0.02 = 50.
    expect(summary).toMatchObject({ validChecks: 2, goodChecks: 1, excludedChecks: 2, availability: 0.5 });
    expect(summary.burnRate).toBe(50);
    expect(summary.errorBudgetRemaining).toBe(-49);
    expect(summariseSlo([], [], 999_000)).toMatchObject({
      availability: null,
      errorBudgetRemaining: null,
      burnRate: null,
    });
  });

  it("draws the burn-down day by day with the budget counted from the window's start", () => {
    // 95 %: day 1 has 1 bad of 10 (burn (1/10)/0.05 = 2, budget left 1 − 1/(10·0.05) = −1);
    // day 2 has 10 good (burn 0, budget left 1 − 1/(20·0.05) = 0); day 3 has none.
    const day = (d: number, i: number) => at(`2024-03-0${d}T00:00:00Z`) + i * 3_600_000;
    const checks = [
      ...Array.from({ length: 10 }, (_, i) => ({ checkedAtMs: day(1, i), ok: i !== 3 })),
      ...Array.from({ length: 10 }, (_, i) => ({ checkedAtMs: day(2, i), ok: true })),
    ];
    const series = burnDownSeries(checks, [], targetPpmOfPercent(95), {
      startMs: at("2024-03-01T00:00:00Z"),
      endMs: at("2024-03-04T00:00:00Z"),
    });
    expect(series).toEqual([
      {
        day: "2024-03-01",
        validChecks: 10,
        goodChecks: 9,
        availability: 0.9,
        burnRate: 2,
        errorBudgetRemaining: -1,
      },
      {
        day: "2024-03-02",
        validChecks: 10,
        goodChecks: 10,
        availability: 1,
        burnRate: 0,
        errorBudgetRemaining: 0,
      },
      {
        day: "2024-03-03",
        validChecks: 0,
        goodChecks: 0,
        availability: null,
        burnRate: null,
        errorBudgetRemaining: 0,
      },
    ]);
  });

  it("puts probe slots on multiples of the interval", () => {
    expect(slotsBetween(30, 1_000_010_000, 60_000)).toEqual([1_000_020_000, 1_000_050_000]);
    expect(slotsBetween(120, 1_000_080_000, 60_000)).toEqual([1_000_080_000]);
    expect(slotsBetween(120, 1_000_090_000, 60_000)).toEqual([]);
  });
});

describe("the probe URL guard", () => {
  it("refuses other schemes, credentials, metadata names and link-local or metadata addresses", () => {
    for (const url of [
      "file:///etc/passwd",
      "ftp://example.com/",
      "gopher://example.com/",
      "http://user:pass@example.com/",
      "http://169.254.169.254/latest/meta-data/",
      "http://169.254.0.1/",
      "http://[fe80::1]/",
      "http://[fd00:ec2::254]/",
      "http://[::ffff:169.254.169.254]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://0.0.0.0:8080/",
      "http://metadata.google.internal/computeMetadata/v1/",
      "not a url",
    ]) {
      expect(refusalOfUrl(url), url).not.toBeNull();
    }
    for (const url of [
      "http://127.0.0.1:8080/health",
      "https://status.example.com/",
      "http://[2001:db8::1]/",
    ]) {
      expect(refusalOfUrl(url), url).toBeNull();
    }
    expect(refusalOfAddress("169.254.170.2")).not.toBeNull();
    expect(refusalOfAddress("10.0.0.1")).toBeNull();
  });

  it("resolves the host and refuses it when any address is link-local", async () => {
    const resolvesTo =
      (...addresses: string[]) =>
      async () =>
        addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    await expect(
      checkProbeTarget("http://innocent.example/", resolvesTo("93.184.216.34", "169.254.169.254")),
    ).rejects.toBeInstanceOf(AppError);
    await expect(checkProbeTarget("http://innocent.example/", resolvesTo("fd00:ec2::254"))).rejects.toThrow(
      /link-local or metadata/,
    );
    await expect(
      checkProbeTarget("http://nowhere.example/", async () => {
        throw new Error("ENOTFOUND");
      }),
    ).rejects.toThrow(/does not resolve/);
    const allowed = await checkProbeTarget("http://innocent.example:8080/x", resolvesTo("127.0.0.1"));
    expect(allowed.address).toBe("127.0.0.1");
  });
});

describe("probes against a local HTTP server", () => {
  let target: Server;
  let base: string;
  let hits = 0;
  beforeAll(async () => {
    target = createServer((request, response) => {
      hits += 1;
      if (request.url === "/ok") response.writeHead(200).end("fine");
      else if (request.url === "/down") response.writeHead(503).end("down");
      else if (request.url === "/moved")
        response.writeHead(302, { location: "http://169.254.169.254/" }).end();
      else setTimeout(() => response.writeHead(200).end("late"), 1500);
    });
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => target.close(resolve)));

  it("is good only for the expected status within the timeout; redirects are not followed", async () => {
    expect(await runProbe({ url: `${base}/ok`, timeoutMs: 1000, expectedStatus: 200 })).toMatchObject({
      ok: true,
      statusCode: 200,
      error: null,
    });
    expect(await runProbe({ url: `${base}/down`, timeoutMs: 1000, expectedStatus: 200 })).toMatchObject({
      ok: false,
      statusCode: 503,
    });
    expect(await runProbe({ url: `${base}/moved`, timeoutMs: 1000, expectedStatus: 200 })).toMatchObject({
      ok: false,
      statusCode: 302,
    });
    expect(await runProbe({ url: `${base}/moved`, timeoutMs: 1000, expectedStatus: 302 })).toMatchObject({
      ok: true,
    });
    const slow = await runProbe({ url: `${base}/slow`, timeoutMs: 300, expectedStatus: 200 });
    expect(slow).toMatchObject({ ok: false, statusCode: null, error: "no answer within 300 ms" });
  });

  it("checks the address again at probe time and never connects to a refused one", async () => {
    const before = hits;
    const port = new URL(base).port;
    const result = await runProbe(
      { url: `http://probe-target.test:${port}/ok`, timeoutMs: 1000, expectedStatus: 200 },
      { resolve: async () => [{ address: "169.254.169.254", family: 4 }] },
    );
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/link-local or metadata/);
    expect(hits).toBe(before);
    // The same name resolving to the server is probed, at the address that was checked.
    const allowed = await runProbe(
      { url: `http://probe-target.test:${port}/ok`, timeoutMs: 1000, expectedStatus: 200 },
      { resolve: async () => [{ address: "127.0.0.1", family: 4 }] },
    );
    expect(allowed.ok).toBe(true);
  });
});

describe.each(testEngines)("uptime routes on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let serviceId: string;
  let target: Server;
  let targetUrl: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Uptime");
    other = await seedOrganization(server.database, "Elsewhere");
    serviceId = newId();
    await server.database.db
      .insert(services)
      .values({ id: serviceId, organizationId: org.id, name: "checkout" });
    target = createServer((_request, response) => response.writeHead(204).end());
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/health`;
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => target?.close(resolve));
    await server?.close();
  });

  const admin = () => org.users.admin.token;
  const path = (suffix = "") => `/api/v1/outcomes/services/${serviceId}/uptime${suffix}`;

  it("configures a probe, refusing SSRF targets and short intervals at configuration time", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "file:///etc/passwd",
      "http://[fd00:ec2::254]/",
      "http://metadata.google.internal/",
    ]) {
      const refused = await call(server, "PUT", path("/probe"), {
        token: admin(),
        body: { url, intervalSeconds: 60 },
      });
      expect(refused.status, url).toBe(400);
      expect((refused.body.errors as { path: string }[])[0]?.path).toBe("body.url");
    }
    const tooOften = await call(server, "PUT", path("/probe"), {
      token: admin(),
      body: { url: targetUrl, intervalSeconds: 10 },
    });
    expect(tooOften.status).toBe(400);
    const configured = await call(server, "PUT", path("/probe"), {
      token: admin(),
      body: { url: targetUrl, intervalSeconds: 30, timeoutMs: 2000, expectedStatus: 204 },
    });
    expect(configured.status).toBe(200);
    expect(configured.body).toMatchObject({
      url: targetUrl,
      intervalSeconds: 30,
      expectedStatus: 204,
      isEnabled: true,
    });

    // The worker's probe job: one check per slot, a retry of the same slot adds nothing.
    const probeId = configured.body.id as string;
    const deps = { db: server.database.db, clock: systemClock };
    await runProbeJob.handle(
      deps,
      { probeId, slotMs: at("2024-03-05T10:00:00Z") },
      { id: "j1", retryCount: 0 },
    );
    await runProbeJob.handle(
      deps,
      { probeId, slotMs: at("2024-03-05T10:00:00Z") },
      { id: "j1", retryCount: 1 },
    );
    const rows = await queryRows<{ is_good: boolean; status_code: number; source: string }>(
      server.database.db,
      sql`select is_good, status_code, source from uptime_checks where service_id = ${serviceId}`,
    );
    expect(rows).toEqual([{ is_good: true, status_code: 204, source: "probe" }]);
  });

  it("reports availability, error budget and burn rate over imported checks, maintenance excluded", async () => {
    const checks = [
      // 2024-04-01: 10 checks, one bad (03:00), plus two bad ones inside maintenance (20:00–21:00).
      ...Array.from({ length: 10 }, (_, i) => ({ checkedAt: `2024-04-01T0${i}:00:00Z`, isGood: i !== 3 })),
      { checkedAt: "2024-04-01T20:00:00Z", isGood: false },
      { checkedAt: "2024-04-01T20:30:00Z", isGood: false },
      // 2024-04-02: 10 good checks.
      ...Array.from({ length: 10 }, (_, i) => ({
        checkedAt: `2024-04-02T0${i}:00:00Z`,
        isGood: true,
        statusCode: 200,
        latencyMs: 12,
      })),
    ];
    const imported = await call(server, "POST", path("/checks"), { token: admin(), body: { checks } });
    expect(imported.body).toEqual({ imported: 22, unchanged: 0 });
    const again = await call(server, "POST", path("/checks"), { token: admin(), body: { checks } });
    expect(again.body).toEqual({ imported: 0, unchanged: 22 });
    const window = await call(server, "POST", path("/maintenance-windows"), {
      token: admin(),
      body: { startsAt: "2024-04-01T20:00:00Z", endsAt: "2024-04-01T21:00:00Z" },
    });
    expect(window.status).toBe(201);
    const slo = await call(server, "PUT", path("/slo"), {
      token: admin(),
      body: { targetPercent: 95, windowDays: 30 },
    });
    expect(slo.body).toEqual({ targetPercent: 95, windowDays: 30, isConfigured: true });

    const availability = await call(server, "GET", `${path()}?from=2024-04-01&to=2024-04-02`, {
      token: org.users.hiring_manager.token,
    });
    expect(availability.status).toBe(200);
    // 20 valid, 19 good: 0.95; 5 % of 20 = 1 bad allowed, 1 spent: 0 left, burning at exactly 1.
    expect(availability.body.summary).toEqual({
      validChecks: 20,
      goodChecks: 19,
      excludedChecks: 2,
      availability: 0.95,
      targetPercent: 95,
      allowedBadChecks: 1,
      errorBudgetRemaining: 0,
      burnRate: 1,
    });
    const burnDown = await call(server, "GET", `${path("/burn-down")}?from=2024-04-01&to=2024-04-02`, {
      token: org.users.hiring_manager.token,
    });
    expect(burnDown.body.points).toEqual([
      {
        day: "2024-04-01",
        validChecks: 10,
        goodChecks: 9,
        availability: 0.9,
        burnRate: 2,
        errorBudgetRemaining: -1,
      },
      {
        day: "2024-04-02",
        validChecks: 10,
        goodChecks: 10,
        availability: 1,
        burnRate: 0,
        errorBudgetRemaining: 0,
      },
    ]);
    const badWindow = await call(server, "GET", `${path()}?from=2024-04-02&to=2024-04-01`, {
      token: admin(),
    });
    expect(badWindow.status).toBe(400);
  });

  it("keeps interviewers out, writes to admins, and another organisation's service is not found", async () => {
    const interviewer = org.users.interviewer.token;
    expect((await call(server, "GET", path(), { token: interviewer })).status).toBe(403);
    expect((await call(server, "GET", path("/burn-down"), { token: interviewer })).status).toBe(403);
    const recruiter = org.users.recruiter.token;
    expect((await call(server, "GET", path(), { token: recruiter })).status).toBe(403);
    expect(
      (await call(server, "PUT", path("/slo"), { token: recruiter, body: { targetPercent: 99 } })).status,
    ).toBe(403);
    const stranger = other.users.admin.token;
    expect((await call(server, "GET", path(), { token: stranger })).status).toBe(404);
    expect(
      (
        await call(server, "PUT", path("/probe"), {
          token: stranger,
          body: { url: targetUrl, intervalSeconds: 60 },
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(server, "POST", path("/checks"), { token: stranger, body: { checks: [] } })).status,
    ).toBe(404);
  });
});

describe.each(testEngines)("probes run by the job worker on %s", (engine) => {
  let server: TestServer;
  let target: Server;
  let targetUrl: string;
  beforeAll(async () => {
    server = await startTestServer(engine, { withWorker: true });
    target = createServer((_request, response) => {
      response.writeHead(200).end("up");
    });
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => target?.close(resolve));
    await server?.close();
  });

  it("queues the slots of the coming minute, and the worker stores one check per slot", async () => {
    const org = await seedOrganization(server.database, "Probed");
    const serviceId = newId();
    await server.database.db.insert(services).values({ id: serviceId, organizationId: org.id, name: "api" });
    const configured = await call(server, "PUT", `/api/v1/outcomes/services/${serviceId}/uptime/probe`, {
      token: org.users.admin.token,
      body: { url: targetUrl, intervalSeconds: 30, timeoutMs: 2000 },
    });
    expect(configured.status).toBe(200);
    // Just before a slot: the first falls 1 s later, the second 31 s later (not awaited here).
    const nextSlot = Math.ceil((Date.now() + 2000) / 30_000) * 30_000;
    const clock = fixedClock(new Date(nextSlot - 1000));
    const queue = server.queue;
    if (!queue) throw new Error("the test server has no queue");
    expect(await scheduleDueProbes({ db: server.database.db, clock, queue })).toBe(2);
    // The scheduler running twice in a minute still stores one check per slot.
    await scheduleDueProbes({ db: server.database.db, clock, queue });
    const deadline = Date.now() + 30_000;
    let rows: { checked_at: Date; is_good: boolean }[] = [];
    while (Date.now() < deadline) {
      rows = await queryRows(
        server.database.db,
        sql`select checked_at, is_good from uptime_checks where service_id = ${serviceId}`,
      );
      if (rows.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(rows).toHaveLength(1);
    expect(new Date(rows[0]?.checked_at ?? 0).getTime()).toBe(nextSlot);
    expect(rows[0]?.is_good).toBe(true);
  }, 60_000);
});
