/**
 * The demo organisation's Home for each demo user, as a newcomer trying Evident sees it on first
 * sign-in: work in every queue (seed-work-queue-demo.ts), at 1366 and 390 px.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemoOrganization } from "../../src/modules/demo/seed-demo.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser, signInWithPassword, signOutFromHeader } from "./browser.ts";

const SHOTS = "test/browser/screenshots";

/** What each demo user finds first: a heading of their queue and one item in it. */
const expectations = [
  { who: "interviewer", heading: /Scorecards you owe/, item: /File your scorecard: Lena Marquardt/ },
  { who: "manager", heading: /Decisions ready/, item: /Decide on Sofia Brandão/ },
  { who: "recruiter", heading: /Candidates waiting too long/, item: /Yusuf Demir has waited 12 days/ },
  { who: "admin", heading: /Interviews today/, item: /with Kofi Mensah/ },
] as const;

describe("the demo organisation's Home for every demo user (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer("pglite");
    await seedDemoOrganization({ db: server.database.db, clock: systemClock }, { withHiringData: true });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const { who, heading, item } of expectations) {
    it(`gives ${who}@example.com work on Home`, async () => {
      await page.setViewportSize({ width: 1366, height: 900 });
      await signInWithPassword(page, server.url, `${who}@example.com`, DEMO_PASSWORD);
      await page.goto(`${server.url}/`);
      await page.getByRole("link", { name: item }).first().waitFor();
      await page.getByRole("heading", { name: heading }).first().waitFor();
      expect(await page.getByRole("heading", { name: "Nothing waiting for you" }).count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/demo-home-${who}-1366.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole("link", { name: item }).first().waitFor();
      await page.screenshot({ path: `${SHOTS}/demo-home-${who}-390.png`, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await signOutFromHeader(page);
    });
  }
});
