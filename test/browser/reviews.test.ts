import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemoOrganization } from "../../src/modules/demo/seed-demo.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser } from "./browser.ts";

/**
 * The demo's hires start 30, 121, 212 and 303 days before the demo is created
 * (seed-outcomes-demo.ts), so some have their 90-day or 6-month review due; all were recorded by
 * the demo hiring manager, who reviews them.
 */
describe("post-hire reviews (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer("pglite");
    await seedDemoOrganization({ db: server.database.db, clock: systemClock }, { withHiringData: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(email: string, path: string) {
    page = await browser.newPage();
    await page.goto(`${server.url}${path}`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === path);
  }

  it("a hiring manager opens a due review from the list, sees the missing evidence refused, and files it", async () => {
    await signIn("manager@example.com", "/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Reviews", exact: true }).click();
    await page.waitForURL(/\/analytics\/reviews$/);
    const dueTable = page.getByRole("table", { name: "Reviews due, longest overdue first" });
    await dueTable.waitFor();
    const dueRows = dueTable.locator("tbody tr");
    const dueBefore = await dueRows.count();
    expect(dueBefore).toBeGreaterThan(0);
    // Longest overdue first: the first row's due date is the earliest.
    const dueDates = await dueTable
      .locator("tbody time")
      .evaluateAll((times) => times.map((time) => time.getAttribute("datetime") ?? ""));
    expect(dueDates).toEqual([...dueDates].sort());
    const first = dueRows.first().getByRole("link");
    const hireName = (await first.textContent()) ?? "";
    await first.click();
    await page.waitForURL(/\/analytics\/reviews\/[0-9a-f-]{36}$/);

    // The URL changes before the page renders; the form is the sign the review page is there.
    const form = page.locator("form.review-form");
    await form.waitFor();
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(hireName);
    await expect(page.locator(".review-hire-facts").textContent()).resolves.toMatch(/Team.+Start date/);
    await expect(form.getByRole("heading", { level: 2 }).textContent()).resolves.toContain("90-day review");
    // Each level shows its anchor text; no hiring scorecard is on the page.
    expect(await form.getByLabel(/Frames problems, weighs alternatives and ships solutions/).count()).toBe(1);
    expect(
      await page
        .locator(".review-page")
        .getByText(/scorecard/i)
        .count(),
    ).toBe(0);

    const dimensions = [
      "Problem-solving quality",
      "Operational ownership",
      "Delivery",
      "Collaboration",
      "Written communication",
    ];
    for (const [index, dimension] of dimensions.entries()) {
      const group = form.getByRole("group", { name: dimension });
      await group
        .getByRole("radio")
        .nth(index % 2 === 0 ? 2 : 3)
        .check();
      // The collaboration note is left out.
      if (dimension !== "Collaboration") {
        await group
          .getByLabel(`Evidence for ${dimension.toLowerCase()}`)
          .fill(`Seen in their work on ${dimension}.`);
      }
    }
    await form.getByLabel("Overall (1–4)").fill("3");
    await form.getByRole("button", { name: /^File the/ }).click();

    const collaborationEvidence = form.getByLabel("Evidence for collaboration");
    await expect
      .poll(() => collaborationEvidence.getAttribute("aria-invalid"), { timeout: 30_000 })
      .toBe("true");
    const describedBy = (await collaborationEvidence.getAttribute("aria-describedby")) ?? "";
    const errorId = describedBy.split(" ").find((id) => id.endsWith("-error")) ?? "";
    await expect(page.locator(`[id="${errorId}"]`).textContent()).resolves.toBe(
      "describe the evidence for this level",
    );
    await expect(page.getByRole("alert").textContent()).resolves.toContain(
      "The review was not filed: 1 answer needs attention (Collaboration evidence).",
    );
    // Only that field is marked.
    expect(await form.locator('textarea[aria-invalid="true"]').count()).toBe(1);

    await collaborationEvidence.fill("Reviews teammates' changes within a day and pairs on incidents.");
    await form.getByRole("button", { name: /^File the/ }).click();
    await page.getByRole("status").filter({ hasText: "review is filed" }).waitFor();
    const filed = page.locator(".filed-review").first();
    await expect(filed.textContent()).resolves.toContain(
      "Reviews teammates' changes within a day and pairs on incidents.",
    );
    await expect(filed.textContent()).resolves.toContain("3 of 4");
    // Read-only: the filed review has no inputs.
    expect(await filed.locator("input, textarea, select").count()).toBe(0);

    // The list moves it from due to done.
    await page.getByRole("link", { name: "← All post-hire reviews" }).click();
    const doneTable = page.getByRole("table", { name: "Filed reviews" });
    await doneTable.waitFor();
    await expect(doneTable.getByRole("link", { name: hireName }).count()).resolves.toBeGreaterThan(0);
    await page.close();
  });

  it("an interviewer has no Reviews entry and the page says in plain words who may see it", async () => {
    await signIn("interviewer@example.com", "/analytics/reviews");
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Interviews", exact: true }).waitFor();
    expect(await nav.getByRole("link", { name: "Reviews", exact: true }).count()).toBe(0);
    await page
      .getByRole("status")
      .filter({ hasText: "Only hiring managers and admins can see post-hire reviews." })
      .waitFor();
    await page.goto(`${server.url}/analytics/reviews/00000000-0000-4000-8000-000000000000`);
    await page
      .getByRole("status")
      .filter({ hasText: "Only hiring managers and admins can see post-hire reviews." })
      .waitFor();
    expect(await page.locator("form").count()).toBe(0);
    await page.close();
  });
});
