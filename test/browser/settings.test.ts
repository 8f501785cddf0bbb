import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/modules/api-tokens/api-tokens.ts";
import { systemActor } from "../../src/modules/audit/audit-log.ts";
import { DEMO_PASSWORD, seedDemoOrganization } from "../../src/modules/demo/seed-demo.ts";
import { findUserByEmail } from "../../src/modules/members/members.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { call, startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser } from "./browser.ts";

describe("the web app (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** The token created through the UI, used against the API by later steps. */
  let secret = "";
  /** An admin's API token made by the test, for reading what the pages stored. */
  let adminToken = "";

  beforeAll(async () => {
    server = await startTestServer("pglite");
    const deps = { db: server.database.db, clock: systemClock };
    const { organizationId } = await seedDemoOrganization(deps);
    const admin = await findUserByEmail(server.database.db, "admin@example.com");
    if (!admin) throw new Error("the demo seed must create admin@example.com");
    ({ secret: adminToken } = await createApiToken(deps, systemActor, {
      organizationId,
      userId: admin.id,
      name: "Slack check (settings test)",
    }));
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(email: string) {
    await page.goto(`${server.url}/settings/tokens`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  it("shows a clear error for a wrong password and stays on the sign-in page", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel("Email").fill("admin@example.com");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Email or password is incorrect");
  });

  it("signs the demo admin in, creates an API token in Settings, and the token works against the API", async () => {
    await signIn("admin@example.com");
    // The page asked for before signing in is where the user lands.
    await page.waitForURL(/\/settings\/tokens$/);
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.waitFor();
    for (const area of [
      "Roles",
      "Candidates",
      "Interviews",
      "Challenges",
      "Teams & outcomes",
      "Evidence",
      "Settings",
    ]) {
      expect(await nav.getByRole("link", { name: area, exact: true }).count()).toBe(1);
    }
    expect(await page.getByLabel("Organisation").inputValue()).toBeTruthy();

    await page.getByLabel("Token name").fill("browser test");
    await page.getByRole("button", { name: "Create token" }).click();
    const secretField = page.getByLabel("New token secret");
    await secretField.waitFor();
    secret = await secretField.inputValue();
    expect(secret).toMatch(/^evd_/);
    await page.screenshot({ path: "test/browser/screenshots/tokens.png", fullPage: true });

    const members = await call(server, "GET", "/api/v1/members", { token: secret });
    expect(members.status).toBe(200);
    expect((members.body.items as { email: string }[]).map((member) => member.email)).toContain(
      "admin@example.com",
    );

    // The audit page shows the creation, attributed to the admin.
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.getByRole("cell", { name: "api_token.created" }).first().waitFor();
  });

  it("revokes the token from the UI; the API refuses it at once", async () => {
    await page.getByRole("link", { name: "API tokens" }).click();
    const row = page.getByRole("row").filter({ hasText: "browser test" });
    await row.getByRole("button", { name: "Revoke" }).click();
    await row.getByRole("button", { name: "Confirm revoke" }).click();
    await row.getByText(/Revoked/).waitFor();
    const refused = await call(server, "GET", "/api/v1/members", { token: secret });
    expect(refused.status).toBe(401);
  });

  it("sets, replaces and removes the Slack webhook for overdue-scorecard nudges, never showing the URL", async () => {
    const slackSecret = "T0BROWSER/B0BROWSER/sekretPart123";
    const slackStatus = async () =>
      (await call(server, "GET", "/api/v1/work-queue/slack-webhook", { token: adminToken })).body as {
        isConfigured: boolean;
      };
    await page.getByRole("link", { name: "Notifications" }).click();
    await page.waitForURL(/\/settings\/notifications$/);
    const form = page.getByRole("form", { name: "Slack nudges for overdue scorecards" });
    await form.getByText("No webhook", { exact: true }).waitFor();

    // Another host is refused by the server, its message at the field; nothing is stored.
    await form.getByLabel("Incoming webhook URL").fill("https://example.com/hooks/nudges");
    await form.getByRole("button", { name: "Save webhook" }).click();
    const urlMessage = form.locator("#slack-webhook-url-error");
    await urlMessage.waitFor();
    expect(await urlMessage.textContent()).toContain("must be a Slack incoming webhook");
    expect((await slackStatus()).isConfigured).toBe(false);

    await form.getByLabel("Incoming webhook URL").fill(`https://hooks.slack.com/services/${slackSecret}`);
    await form.getByRole("button", { name: "Save webhook" }).click();
    await form.getByRole("status").filter({ hasText: "Webhook saved." }).waitFor();
    expect((await slackStatus()).isConfigured).toBe(true);

    // After a reload the page says a webhook is set, and nothing of the URL comes back.
    await page.reload();
    await form.getByText("Webhook set", { exact: true }).waitFor();
    expect(await form.getByLabel("Replace the incoming webhook URL").inputValue()).toBe("");
    const html = await page.content();
    expect(html).not.toContain("sekretPart123");
    expect(html).not.toContain("hooks.slack.com/services/T0BROWSER");
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.screenshot({ path: "test/browser/screenshots/settings-notifications.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({
      path: "test/browser/screenshots/settings-notifications-390.png",
      fullPage: true,
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 720 });

    // Replacing it keeps it set.
    await form
      .getByLabel("Replace the incoming webhook URL")
      .fill("https://hooks.slack.com/services/T0OTHER/B0OTHER/another");
    await form.getByRole("button", { name: "Replace webhook" }).click();
    await form.getByRole("status").filter({ hasText: "Webhook replaced." }).waitFor();
    expect((await slackStatus()).isConfigured).toBe(true);

    // Removing asks first, then stops the Slack posts.
    await form.getByRole("button", { name: "Remove webhook" }).click();
    await form.getByRole("button", { name: "Confirm removal" }).click();
    await form.getByRole("status").filter({ hasText: "Webhook removed" }).waitFor();
    expect((await slackStatus()).isConfigured).toBe(false);
    await page.reload();
    await form.getByText("No webhook", { exact: true }).waitFor();
    expect(await form.getByRole("button", { name: "Remove webhook" }).count()).toBe(0);
  });

  it("hides admin-only settings from an interviewer and refuses them in the API", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    await signIn("interviewer@example.com");
    await page.waitForURL(/\/settings\/tokens$/);
    expect(await page.getByRole("link", { name: "Audit log" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Notifications" }).count()).toBe(0);
    await page.goto(`${server.url}/settings/notifications`);
    await page.getByText(/admins only/i).waitFor();
    expect(await page.getByLabel("Incoming webhook URL").count()).toBe(0);
    await page.goto(`${server.url}/settings/audit`);
    await page.getByText(/admins only/i).waitFor();
    await page.screenshot({ path: "test/browser/screenshots/interviewer-audit.png", fullPage: true });
  });
});
