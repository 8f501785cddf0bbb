import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemoOrganization } from "../../src/modules/demo/seed-demo.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser, signInWithPassword, signOutFromHeader } from "./browser.ts";

/** Authoring without JSON, navigation by role and plain wording, and the staff pages on a phone. */
describe("authoring, navigation and mobile (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer("pglite");
    await seedDemoOrganization({ db: server.database.db, clock: systemClock });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signInAs(email: string) {
    if (await page.getByRole("button", { name: "Sign out" }).isVisible()) await signOutFromHeader(page);
    await signInWithPassword(page, server.url, email, DEMO_PASSWORD);
  }

  async function screenshots(name: string) {
    await page.screenshot({ path: `test/browser/screenshots/${name}-1366.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `test/browser/screenshots/${name}-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
  }

  it("builds a kit in the visual editor, validating as one types, saves it, and re-imports its JSON", async () => {
    await signInAs("manager@example.com");
    await page.goto(`${server.url}/interviews/kits/written-communication-rubric`);
    const save = page.getByRole("button", { name: "Save as new version" });
    await save.waitFor();
    expect(await save.isDisabled()).toBe(true);

    await page.getByLabel("Title", { exact: true }).fill("Written design review");
    await page.getByLabel("Slug", { exact: true }).fill("written-design-review");
    expect(await save.isDisabled()).toBe(false);

    await page.getByRole("button", { name: "Add question", exact: true }).click();
    const prompt = page.locator("#kit-question-3-prompt");
    await prompt.fill("Explain **why** the consumer retries:\n\n- idempotency keys\n- back-off");
    await page.locator("#kit-question-3-probe-0").fill("What happens when the consumer crashes mid-batch?");

    // A message appears at the field while typing, and goes when the field is right again.
    const anchor = page.locator("#kit-attribute-0-level-0-anchor");
    const originalAnchor = await anchor.inputValue();
    await anchor.fill("Good.");
    const anchorMessage = page.locator("#kit-attribute-0-level-0-anchor-error");
    await anchorMessage.waitFor();
    expect(await anchorMessage.textContent()).toContain("is a verdict, not a behavioural example");
    expect(await anchor.getAttribute("aria-invalid")).toBe("true");
    await page.getByRole("status").filter({ hasText: "problem" }).first().waitFor();
    await anchor.fill(originalAnchor);
    await anchorMessage.waitFor({ state: "detached" });

    await prompt.fill("");
    await page.locator("#kit-question-3-prompt-error").getByText("must not be empty").waitFor();
    await prompt.fill("Explain **why** the consumer retries:\n\n- idempotency keys\n- back-off");
    await page.getByText("Unsaved changes; the kit is complete.").waitFor();
    await screenshots("kit-editor");

    await save.click();
    await page.waitForURL(/\/interviews\/kits\/written-design-review\?version=1$/);
    await page.getByRole("heading", { level: 1, name: "Written design review" }).waitFor();
    // The new question's Markdown is rendered for interviewers.
    const questions = page.getByRole("region", { name: "Questions", exact: true });
    await questions.locator("strong", { hasText: "why" }).waitFor();
    expect(
      await questions.getByRole("listitem").filter({ hasText: "idempotency keys" }).count(),
    ).toBeGreaterThan(0);
    expect(await page.getByRole("button", { name: "Save as new version" }).isDisabled()).toBe(true);

    // Export the saved kit's JSON, change it, load it back into the form and save it.
    await page.getByText("JSON import and export").click();
    const json = page.getByLabel("Kit JSON");
    const exported = JSON.parse(await json.inputValue()) as { slug: string; title: string };
    expect(exported.slug).toBe("written-design-review");
    await json.fill(
      JSON.stringify({ ...exported, slug: "written-design-review-copy", title: "Design review copy" }),
    );
    await page.getByRole("button", { name: "Load JSON into the form" }).click();
    expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe("Design review copy");
    await page.getByRole("button", { name: "Save as new version" }).click();
    await page.waitForURL(/\/interviews\/kits\/written-design-review-copy\?version=1$/);
    await page.getByRole("heading", { level: 1, name: "Design review copy" }).waitFor();

    // Pasting something that is not JSON says so and leaves the form alone.
    await page.getByText("JSON import and export").click();
    await page.getByLabel("Kit JSON").fill("{ not json");
    await page.getByRole("button", { name: "Load JSON into the form" }).click();
    await page.getByRole("alert").getByText("The text is not valid JSON").waitFor();
    expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe("Design review copy");
  });
});
