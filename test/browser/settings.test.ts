import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemoOrganization } from "../../src/modules/demo/seed-demo.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { call, startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser } from "./browser.ts";

describe("the web app (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** The token created through the UI, used against the API by later steps. */
  let secret = "";

  beforeAll(async () => {
    server = await startTestServer("pglite");
    await seedDemoOrganization({ db: server.database.db, clock: systemClock });
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

  it("hides admin-only settings from an interviewer and refuses them in the API", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    await signIn("interviewer@example.com");
    await page.waitForURL(/\/settings\/tokens$/);
    expect(await page.getByRole("link", { name: "Audit log" }).count()).toBe(0);
    await page.goto(`${server.url}/settings/audit`);
    await page.getByText(/admins only/i).waitFor();
    await page.screenshot({ path: "test/browser/screenshots/interviewer-audit.png", fullPage: true });
  });
});
