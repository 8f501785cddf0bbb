import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/modules/api-tokens/api-tokens.ts";
import { systemActor } from "../../src/modules/audit/audit-log.ts";
import { DEMO_PASSWORD, seedDemoOrganization } from "../../src/modules/demo/seed-demo.ts";
import { findUserByEmail } from "../../src/modules/members/members.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { call, startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser, signInWithPassword, signOutFromHeader } from "./browser.ts";

/** The demo's delivery data: three teams (onsite, remote, hybrid), 12 months of events. */
describe("Teams & outcomes (Chromium, demo data)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** The demo admin's API token, for what the demo does not hold (uptime checks). */
  let adminToken = "";

  beforeAll(async () => {
    server = await startTestServer("pglite");
    const deps = { db: server.database.db, clock: systemClock };
    const { organizationId } = await seedDemoOrganization(deps, { withHiringData: true });
    const admin = await findUserByEmail(server.database.db, "admin@example.com");
    if (!admin) throw new Error("the demo seed must create admin@example.com");
    ({ secret: adminToken } = await createApiToken(deps, systemActor, {
      organizationId,
      userId: admin.id,
      name: "outcomes browser test",
    }));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signIn = (email: string) => signInWithPassword(page, server.url, email, DEMO_PASSWORD);
  const signOut = () => signOutFromHeader(page);

  const mainNav = () => page.getByRole("navigation", { name: "Main" });
  const subNav = () => page.getByRole("navigation", { name: "Outcomes" });

  /** A Plot chart, found by its title, has drawn marks (not just axes). */
  async function expectMarks(chart: Locator, selector: string) {
    await chart.locator(`svg ${selector}`).first().waitFor();
    expect(await chart.locator(`svg ${selector}`).count()).toBeGreaterThan(0);
  }

  it("shows an admin the four DORA tiles of a team with numbers and bands, and a weekly trend per metric", async () => {
    await signIn("admin@example.com");
    await mainNav().getByRole("link", { name: "Teams & outcomes" }).click();
    await page.waitForURL((url) => url.pathname === "/outcomes");
    const tiles = page.getByRole("list", { name: "DORA metrics" });
    await tiles.getByRole("listitem").first().waitFor();
    expect(await tiles.getByRole("listitem").count()).toBe(4);

    // The first team is chosen; every tile states a figure and the band (or why there is none).
    const frequency = tiles.getByRole("listitem").filter({ hasText: "Deployment frequency" });
    expect(await frequency.locator(".dora-tile-value").textContent()).toMatch(/^\d+(\.\d)? days\/week$/);
    const lead = tiles.getByRole("listitem").filter({ hasText: "Lead time for changes" });
    expect(await lead.locator(".dora-tile-value").textContent()).toMatch(/^\d+(\.\d)? (min|h|days)$/);
    const failures = tiles.getByRole("listitem").filter({ hasText: "Change failure rate" });
    expect(await failures.locator(".dora-tile-value").textContent()).toMatch(/^\d+\.\d %$/);
    const recovery = tiles.getByRole("listitem").filter({ hasText: "Recovery time" });
    expect(await recovery.locator(".dora-tile-value").textContent()).toMatch(/^\d+(\.\d)? (min|h|days)$/);
    for (const tile of [frequency, lead, failures, recovery]) {
      expect(await tile.locator(".dora-band").textContent()).toMatch(
        /^(Elite|High|Medium|Low) \(2023 bands\)$|^No band/,
      );
    }

    // The tiles are the API's answer for that team, not figures of the page's own.
    const teams = await page.evaluate(async () => (await fetch("/api/v1/outcomes/teams")).json());
    const firstTeam = teams.items[0];
    const scope = page.getByLabel("Team or service");
    expect(await scope.inputValue()).toBe(`team:${firstTeam.id}`);
    const from = await page.getByLabel("From").inputValue();
    const to = await page.getByLabel("To").inputValue();
    const dora = await page.evaluate(
      async (query) => (await fetch(`/api/v1/outcomes/dora?${query}`)).json(),
      new URLSearchParams({ team: firstTeam.id, from, to, report: "2023" }).toString(),
    );
    expect(dora.deploymentFrequency.deployments).toBeGreaterThan(0);
    expect(await frequency.textContent()).toContain(`${dora.deploymentFrequency.deployments} deployments`);

    for (const title of [
      "Deployment days per week",
      "Median lead time for changes",
      "Change failure rate",
      "Median recovery time",
    ]) {
      await expectMarks(page.getByRole("img", { name: title }), "circle");
    }
    await page.screenshot({ path: "test/browser/screenshots/outcomes-delivery.png", fullPage: true });

    // Another team, and the 2021 bands.
    const secondTeam = teams.items[1];
    await scope.selectOption(`team:${secondTeam.id}`);
    await page.getByLabel("Bands").selectOption("2021");
    await tiles
      .getByText(/\(2021 bands\)|No band/)
      .first()
      .waitFor();
  });

  it("lists teams with their work model and services, and creates one", async () => {
    await subNav().getByRole("link", { name: "Teams & services" }).click();
    const teams = page.getByRole("list", { name: "Teams" });
    await teams.getByRole("listitem").first().waitFor();
    const cards = teams.locator(":scope > li");
    expect(await cards.count()).toBe(3);
    const text = (await teams.textContent()) ?? "";
    for (const model of ["Onsite", "Remote", "Hybrid"]) expect(text).toContain(model);
    expect(await teams.locator("code").count()).toBeGreaterThanOrEqual(3);

    // An admin creates a team; a name the organisation already uses is refused on the form.
    await page.getByLabel("Name").fill("Data Platform");
    await page.getByLabel("Work model").selectOption("remote");
    await page.getByLabel("Office or time zones").fill("UTC−3 to UTC+1");
    await page.getByRole("button", { name: "Create team" }).click();
    const created = teams.locator(":scope > li").filter({ hasText: "Data Platform" });
    await created.waitFor();
    expect(await created.textContent()).toContain("UTC−3 to UTC+1");
    expect(await created.textContent()).toContain("None yet.");
    await page.getByLabel("Name").fill("Data Platform");
    await page.getByRole("button", { name: "Create team" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: 'A team named "Data Platform" already exists.' })
      .waitFor();
    expect(await cards.count()).toBe(4);
  });

  it("shows the cohort comparison with too-small groups as too few to compare, never a figure", async () => {
    await subNav().getByRole("link", { name: "Cohorts" }).click();
    const table = page.getByRole("table", { name: "Team work model" });
    await table.waitFor();
    // One or two teams per work model (the demo's three and the one created above): every group
    // is under the minimum of 5 teams.
    const rows = table.locator("tbody tr");
    expect(await rows.count()).toBe(3);
    for (const row of await rows.all()) {
      expect(await row.locator("td").textContent()).toBe("Too few to compare");
      expect(await row.locator("td").count()).toBe(1);
    }
    await page.getByText("5 teams per group").waitFor();
  });

  it("shows a service's uptime against its SLO with the burn-down chart", async () => {
    // Three weeks of hourly checks from another monitor, two of them failed, for the first service.
    const services = await call(server, "GET", "/api/v1/outcomes/services", { token: adminToken });
    const serviceId = (services.body as { items: { id: string }[] }).items[0]?.id ?? "";
    const now = Date.now();
    const checks = Array.from({ length: 21 * 24 }, (_, hour) => ({
      checkedAt: new Date(now - (hour + 1) * 3_600_000).toISOString(),
      isGood: hour !== 5 && hour !== 100,
    }));
    const imported = await call(server, "POST", `/api/v1/outcomes/services/${serviceId}/uptime/checks`, {
      token: adminToken,
      body: { checks },
    });
    expect(imported.status).toBe(200);

    await subNav().getByRole("link", { name: "Uptime" }).click();
    await page.getByRole("heading", { name: "Uptime and SLO" }).waitFor();
    const uptime = page.getByRole("list", { name: "Uptime" });
    await uptime.waitFor();
    expect(await uptime.getByRole("listitem").filter({ hasText: "Availability" }).textContent()).toMatch(
      /\d+(\.\d+)? %/,
    );
    const availability = await call(server, "GET", `/api/v1/outcomes/services/${serviceId}/uptime`, {
      token: adminToken,
    });
    const { summary } = availability.body as { summary: { goodChecks: number; validChecks: number } };
    expect(await uptime.getByRole("listitem").filter({ hasText: "Availability" }).textContent()).toContain(
      `${summary.goodChecks} good of ${summary.validChecks} valid checks`,
    );
    // Plot names each mark's group: the budget is drawn as an area and a line.
    await expectMarks(
      page.getByRole("img", { name: /^Error budget burn-down/ }),
      'g[aria-label="line"] path',
    );
  });

  it("lists incidents with their service and time to resolve", async () => {
    await subNav().getByRole("link", { name: "Incidents" }).click();
    const table = page.getByRole("table", { name: "Incidents" });
    await table.waitFor();
    expect(await table.locator("tbody tr").count()).toBeGreaterThan(0);
    expect(await table.locator("tbody").textContent()).toMatch(/\d+(\.\d)? (min|h|days)/);
  });

  it("connects GitHub, shows the secret once, sends a test event and lists the delivery", async () => {
    await subNav().getByRole("link", { name: "Integrations" }).click();
    await page.getByRole("heading", { name: "Connect a tool" }).waitFor();
    await page.getByLabel("Tool", { exact: true }).selectOption("github");
    await page.getByRole("button", { name: "Create integration" }).click();
    await page.getByText("Copy the secret now").waitFor();
    expect(await page.getByText(/\/api\/v1\/outcomes\/webhooks\/github\//).count()).toBe(1);
    await page.getByRole("button", { name: "I have copied the secret" }).click();
    expect(await page.getByText("Copy the secret now").count()).toBe(0);

    const github = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "GitHub" }) });
    await github.getByText("Nothing received yet.").waitFor();
    await github.getByRole("button", { name: "Send a test event" }).click();
    await github.getByRole("status").getByText("The test event was signed, received and accepted.").waitFor();
    const deliveries = github.getByRole("table");
    await deliveries.getByText("Accepted").waitFor();
    expect(await deliveries.getByText(/^evident-test-/).count()).toBe(1);
    await page.screenshot({ path: "test/browser/screenshots/outcomes-integrations.png", fullPage: true });
  });

  it("checks a CSV of incidents, reports bad rows by number, then imports the fixed file", async () => {
    await subNav().getByRole("link", { name: "Import CSV" }).click();
    await page.getByLabel("Kind").selectOption("incidents");
    await page
      .getByLabel("CSV text")
      .fill(
        "service,externalId,createdAt,resolvedAt\npayments-api,CSV-1,2026-11-02T10:00:00Z,2026-11-02T11:00:00Z\npayments-api,CSV-2,yesterday,\n",
      );
    await page.getByRole("button", { name: "Check" }).click();
    const problems = page.getByRole("table", { name: "Rows that cannot be imported" });
    const row3 = problems.getByRole("row", { name: /^3 / });
    await row3.waitFor();
    expect(await row3.textContent()).toContain("createdAt");
    expect(await page.getByRole("button", { name: "Import", exact: true }).isDisabled()).toBe(true);

    await page
      .getByLabel("CSV text")
      .fill(
        "service,externalId,createdAt,resolvedAt\npayments-api,CSV-1,2026-11-02T10:00:00Z,2026-11-02T11:00:00Z\npayments-api,CSV-2,2026-11-03T10:00:00Z,\n",
      );
    await page.getByRole("button", { name: "Check" }).click();
    await page.getByRole("heading", { name: "Check passed" }).waitFor();
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByRole("heading", { name: "Import finished" }).waitFor();
    await page.getByRole("status").getByText("2 rows: 2 stored, 0 unchanged").waitFor();
  });

  it("fits a phone: tiles stack and the charts redraw to the narrow width", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/outcomes`);
    const tiles = page.getByRole("list", { name: "DORA metrics" });
    await tiles.getByRole("listitem").first().waitFor();
    const chart = page.getByRole("img", { name: "Deployment days per week" });
    await expectMarks(chart, "circle");
    const width = await chart.locator("svg").evaluate((svg) => svg.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(390);
    // Nothing is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "test/browser/screenshots/outcomes-delivery-narrow.png", fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
    await signOut();
  });

  it("lets a recruiter open a role for one of the teams, so the hire will join that team", async () => {
    await signIn("recruiter@example.com");
    await page.goto(`${server.url}/roles/new`);
    const team = page.getByLabel("Team", { exact: true });
    await team.waitFor();
    // The demo's three teams are offered with their work models; the free-text name only on request.
    const options = await team.locator("option").allTextContents();
    expect(options[0]).toBe("Choose a team");
    expect(options.at(-1)).toBe("Another team (type its name)");
    expect(options).toEqual(
      expect.arrayContaining(["Catalogue (hybrid)", "Observability (remote)", "Payments Security (onsite)"]),
    );
    expect(await page.getByLabel("Team name").count()).toBe(0);
    await team.selectOption({ label: "Observability (remote)" });
    await page.getByLabel("Title", { exact: true }).fill("Site Reliability Engineer");
    await page.getByLabel("Seniority").selectOption("mid");
    await page.getByLabel("Accepted time zones from (UTC offset)").fill("0");
    await page.getByLabel("to (UTC offset)", { exact: true }).fill("2");
    await page.getByRole("button", { name: "Create role" }).click();
    await page.waitForURL(/\/roles\/[0-9a-f-]{36}$/);
    await page.getByText("Observability · Mid-level").waitFor();
    const roleId = new URL(page.url()).pathname.split("/").at(-1);
    const stored = await page.evaluate(async (id) => (await fetch(`/api/v1/roles/${id}`)).json(), roleId);
    const teams = await call(server, "GET", "/api/v1/outcomes/teams", { token: adminToken });
    const observability = (teams.body.items as { id: string; name: string }[]).find(
      (item) => item.name === "Observability",
    );
    expect(stored).toMatchObject({ team: "Observability", teamId: observability?.id });
    await signOut();
  });

  it("shows a hiring manager the team views only: no service detail, integrations or imports", async () => {
    await signIn("manager@example.com");
    await mainNav().getByRole("link", { name: "Teams & outcomes" }).click();
    await page.getByRole("list", { name: "DORA metrics" }).getByRole("listitem").first().waitFor();
    const links = await subNav().getByRole("link").allTextContents();
    expect(links).toEqual(["Delivery", "Teams & services", "Cohorts"]);
    expect(await page.getByLabel("Team or service").locator("optgroup").count()).toBe(1);
    await page.goto(`${server.url}/outcomes/integrations`);
    await page.waitForURL((url) => url.pathname === "/outcomes");
    await signOut();
  });

  it("shows an interviewer no Outcomes entry, and no outcomes at its address", async () => {
    await signIn("interviewer@example.com");
    await mainNav().getByRole("link", { name: "Home" }).waitFor();
    expect(await mainNav().getByRole("link", { name: "Teams & outcomes" }).count()).toBe(0);
    await page.goto(`${server.url}/outcomes`);
    await page.getByText("Only admins and hiring managers can see delivery outcomes.").waitFor();
    expect(await page.getByRole("list", { name: "DORA metrics" }).count()).toBe(0);
    const answer = await page.evaluate(async () => (await fetch("/api/v1/outcomes/teams")).status);
    expect(answer).toBe(403);
  });
});
