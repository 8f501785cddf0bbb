import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/modules/api-tokens/api-tokens.ts";
import { systemActor } from "../../src/modules/audit/audit-log.ts";
import { DEMO_PASSWORD, seedDemoOrganization } from "../../src/modules/demo/seed-demo.ts";
import { findUserByEmail } from "../../src/modules/members/members.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { call, startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser } from "./browser.ts";

const overrideReason = "Quarterly planning and on-call handovers need the team together twice a week.";

describe("roles and the work-model advisor (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** The demo hiring manager's API token, for checking what the UI stored. */
  let managerToken = "";
  let roleId = "";
  const decisionRequests: string[] = [];

  beforeAll(async () => {
    server = await startTestServer("pglite");
    const deps = { db: server.database.db, clock: systemClock };
    const { organizationId } = await seedDemoOrganization(deps);
    const manager = await findUserByEmail(server.database.db, "manager@example.com");
    if (!manager) throw new Error("the demo seed must create manager@example.com");
    ({ secret: managerToken } = await createApiToken(deps, systemActor, {
      organizationId,
      userId: manager.id,
      name: "roles browser test",
    }));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("request", (request) => {
      if (request.url().endsWith("/work-model-decision")) decisionRequests.push(request.method());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(email: string, path: string) {
    await page.goto(`${server.url}${path}`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === path);
  }

  const recommendation = () => page.getByRole("region", { name: "Recommendation" });

  /** Waits until the live recommendation names this model. */
  async function recommends(model: "Onsite" | "Remote" | "Hybrid") {
    await recommendation().getByText(model, { exact: true }).waitFor();
  }

  it("opens a role through the form as the hiring manager", async () => {
    await signIn("manager@example.com", "/roles");
    await page.getByText("There are no roles yet.").waitFor();
    await page.getByRole("link", { name: "Open a role" }).click();
    await page.waitForURL(/\/roles\/new$/);

    await page.getByLabel("Title", { exact: true }).fill("Senior Backend Engineer, Payments");
    await page.getByLabel("Team", { exact: true }).fill("Payments");
    await page.getByLabel("Seniority").selectOption("senior");
    await page.getByLabel("Tech stack").fill("TypeScript, PostgreSQL, Kafka");
    await page.getByLabel("Office locations").fill("Lisbon, Berlin");
    await page.getByLabel("Accepted time zones from (UTC offset)").fill("-1");
    // An inverted band passes the browser's checks; the API's refusal is shown on the form.
    await page.getByLabel("to (UTC offset)", { exact: true }).fill("-5");
    await page.getByLabel("Compliance needs").fill("PCI DSS");
    await page.getByLabel("Headcount").fill("2");
    await page.getByLabel("Hire threshold").fill("3");
    await page.getByRole("button", { name: "Create role" }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "Accepted time zones: from must be ≤ to" });
    await refusal.waitFor();
    await page.getByLabel("to (UTC offset)", { exact: true }).fill("3");
    await page.getByRole("button", { name: "Create role" }).click();

    await page.waitForURL(/\/roles\/[0-9a-f-]{36}$/);
    roleId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    await page.getByRole("heading", { level: 1, name: "Senior Backend Engineer, Payments" }).waitFor();
    expect(await page.getByText("TypeScript, PostgreSQL, Kafka").count()).toBe(1);
  });

  it("updates the recommendation live as factors change, and applies hard constraints", async () => {
    // The neutral defaults tie every model, and a tie goes to hybrid.
    await recommends("Hybrid");
    // This demo has no hires with outcomes: the own-evidence panel says so instead of showing figures.
    const ownEvidence = page.getByRole("region", { name: "What your own hires show" });
    await ownEvidence.getByText("No evidence from your own hires yet.", { exact: false }).waitFor();
    expect(await ownEvidence.getByRole("table").count()).toBe(0);

    // Sliders by keyboard: End is the top of the scale (4), Home the bottom (0).
    await page.getByLabel("Talent pool breadth").press("End");
    await page.getByLabel("Async maturity of the team").press("End");
    await page.getByLabel("Need for deep focus").press("End");
    await page.getByLabel("Co-design and serendipity").press("Home");
    await page.getByLabel("Junior onboarding and mentorship").press("Home");
    expect(await page.getByLabel("Need for deep focus").getAttribute("aria-valuetext")).toBe(
      "very high or critical (4 of 4)",
    );
    await recommends("Remote");
    expect(await recommendation().getAttribute("aria-live")).toBe("polite");
    expect(await page.getByRole("radio", { name: /^Remote/ }).isChecked()).toBe(true);
    // Each factor's contribution is explained with its citations.
    const contributions = page.getByRole("table", { name: "How each factor contributes" });
    await contributions
      .getByRole("row", { name: /Talent pool breadth/ })
      .getByText("+4")
      .waitFor();
    expect(await page.getByRole("img", { name: /Score of each work model/ }).count()).toBe(1);

    await page.getByLabel("On-premises access required").check();
    await recommends("Onsite");
    await page.getByRole("heading", { name: "Hard constraints apply" }).waitFor();
    expect(await page.getByRole("radio", { name: /^Remote/ }).isDisabled()).toBe(true);
    expect(await page.getByRole("radio", { name: /^Hybrid/ }).isDisabled()).toBe(true);
    expect(await page.getByRole("radio", { name: /^Onsite/ }).isChecked()).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: "test/browser/screenshots/roles-hard-constraint.png", fullPage: true });

    await page.getByLabel("On-premises access required").uncheck();
    await recommends("Remote");
    expect(await page.getByRole("radio", { name: /^Remote/ }).isDisabled()).toBe(false);
    expect(await page.getByRole("heading", { name: "Hard constraints apply" }).count()).toBe(0);
    // All of that was advice only: nothing was recorded.
    expect(decisionRequests).toEqual([]);
  });

  it("needs a reason to override the advice, then records the decision", async () => {
    await page.getByRole("radio", { name: /^Hybrid/ }).check();
    const reason = page.getByLabel("Override reason");
    expect(await reason.getAttribute("required")).not.toBeNull();
    await page.getByText("Required: the advisor recommends remote, and you chose hybrid.").waitFor();

    await page.getByRole("button", { name: "Record decision" }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "needs an override reason" });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain("Override reason: required when the choice departs");
    // The field with the problem is where the user ends up.
    expect(await reason.evaluate((element) => element === document.activeElement)).toBe(true);

    await page.getByLabel("Onsite days per week").fill("2");
    await reason.fill(overrideReason);
    await page.getByRole("button", { name: "Record decision" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: "Decision recorded: Hybrid, 2 days a week onsite." })
      .waitFor();
    expect(decisionRequests).toEqual(["POST", "POST"]);
    // The form now shows the decision in force; a further decision would need its own reason.
    expect(await page.getByRole("radio", { name: /^Hybrid/ }).isChecked()).toBe(true);
    expect(await reason.inputValue()).toBe("");

    const history = page.getByRole("region", { name: "Decision history" });
    await history.getByText(overrideReason).waitFor();
    const entry = await history.getByRole("listitem").first().textContent();
    expect(entry).toContain("Hybrid, 2 days a week onsite");
    expect(entry).toContain("Overrode the advice");
    expect(entry).toContain("manager@example.com");
    expect(entry).toContain("recommended remote");
    expect(await page.locator(".role-details").textContent()).toContain("Hybrid, 2 days a week onsite");
    // The advice summary is sticky; from the top it sits beside the factors, as a reader first sees it.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: "test/browser/screenshots/roles-advisor.png", fullPage: true });

    const stored = await call(server, "GET", `/api/v1/roles/${roleId}`, { token: managerToken });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ workModel: "hybrid", onsiteDaysPerWeek: 2 });
    expect(stored.body.workModelDecisions).toEqual([
      expect.objectContaining({
        recommendedModel: "remote",
        chosenModel: "hybrid",
        onsiteDaysPerWeek: 2,
        overrideReason,
        decidedBy: expect.objectContaining({ email: "manager@example.com" }),
      }),
    ]);

    // The list shows the decided work model and filters by it.
    await page.getByRole("link", { name: "Roles", exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === "/roles");
    const row = page.getByRole("row", { name: /Senior Backend Engineer, Payments/ });
    expect(await row.textContent()).toContain("Hybrid, 2 days a week onsite");
    await page.getByLabel("Work model").selectOption("remote");
    await page.getByText("No roles match these filters.").waitFor();
  });

  it("shows an interviewer the role read-only", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    await signIn("interviewer@example.com", `/roles/${roleId}`);
    await page.getByRole("heading", { level: 1, name: "Senior Backend Engineer, Payments" }).waitFor();
    await page.getByRole("region", { name: "Decision history" }).getByText(overrideReason).waitFor();
    // The advice the decision rested on is shown, but nothing can be changed.
    await recommends("Remote");
    expect(await page.getByRole("button", { name: "Record decision" }).count()).toBe(0);
    expect(await page.getByRole("slider").count()).toBe(0);
    expect(await page.getByLabel("Status").count()).toBe(0);

    await page.getByRole("link", { name: "Roles", exact: true }).first().click();
    await page.getByRole("row", { name: /Senior Backend Engineer, Payments/ }).waitFor();
    expect(await page.getByRole("link", { name: "Open a role" }).count()).toBe(0);
  });
});
