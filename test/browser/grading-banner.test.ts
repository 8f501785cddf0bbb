/**
 * Admins see a banner when this server cannot grade challenge code; other roles do not.
 * A missing bubblewrap is simulated with a bwrap path that does not exist.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemoOrganization } from "../../src/modules/demo/seed-demo.ts";
import { configureSandboxHost, sandboxHost } from "../../src/modules/sandbox/sandbox.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser, signInWithPassword, signOutFromHeader } from "./browser.ts";

const realBwrap = sandboxHost.bwrapPath;

describe("the grading-unavailable banner (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer("pglite");
    await seedDemoOrganization({ db: server.database.db, clock: systemClock });
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    configureSandboxHost({ bwrapPath: realBwrap });
    await browser?.close();
    await server?.close();
  });

  it("shows admins the banner with the doctor command while grading is unavailable, at 1366 and 390 px", async () => {
    configureSandboxHost({ bwrapPath: "/nonexistent/evident-test/bwrap" });
    await page.setViewportSize({ width: 1366, height: 900 });
    await signInWithPassword(page, server.url, "admin@example.com", DEMO_PASSWORD);
    const banner = page.getByText("Challenge grading is unavailable on this server");
    await banner.waitFor();
    expect(await banner.textContent()).toContain("npx evident doctor");
    expect(await page.getByText("Code grading").count()).toBe(1);
    await page.screenshot({ path: "/tmp/evident-grading-banner-1366.png" });
    await page.setViewportSize({ width: 390, height: 844 });
    await banner.waitFor();
    const box = await banner.boundingBox();
    expect(box?.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "/tmp/evident-grading-banner-390.png", fullPage: true });
    await signOutFromHeader(page);
  });

  it("shows it to no other role, and to admins no more once grading works", async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await signInWithPassword(page, server.url, "recruiter@example.com", DEMO_PASSWORD);
    await page.getByText("Code grading").waitFor();
    expect(await page.getByText("Challenge grading is unavailable").count()).toBe(0);
    await signOutFromHeader(page);

    configureSandboxHost({ bwrapPath: realBwrap });
    await signInWithPassword(page, server.url, "admin@example.com", DEMO_PASSWORD);
    await page.getByText("Code grading").waitFor();
    await page.getByRole("definition").filter({ hasText: "ok" }).first().waitFor();
    expect(await page.getByText("Challenge grading is unavailable").count()).toBe(0);
  });
});
