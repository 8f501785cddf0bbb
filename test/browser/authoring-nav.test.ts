import { and, asc, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoUsers, seedDemoOrganization } from "../../src/modules/demo/seed-demo.ts";
import { planStages } from "../../src/modules/plans/plans-table.ts";
import { createCandidateSession } from "../../src/modules/portal/candidate-sessions.ts";
import { roles } from "../../src/modules/roles/roles-table.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { seedCandidate } from "../support/portal-seed.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser, signInWithPassword, signOutFromHeader } from "./browser.ts";

/** Authoring without JSON, navigation by role and plain wording, and the staff pages on a phone. */
describe("authoring, navigation and mobile (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let organizationId = "";

  beforeAll(async () => {
    server = await startTestServer("pglite");
    ({ organizationId } = await seedDemoOrganization(
      { db: server.database.db, clock: systemClock },
      { withHiringData: true },
    ));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    // The demo's hiring data takes a while to seed on a busy machine.
  }, 300_000);
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
    // The part being edited, as it is seen: the question and the save bar kept in view.
    await prompt.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test/browser/screenshots/kit-editor-question-1366.png" });
    await page.setViewportSize({ width: 390, height: 844 });
    await prompt.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test/browser/screenshots/kit-editor-question-390.png" });
    await page.setViewportSize({ width: 1366, height: 900 });

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

  it("collapses the plan's stages, keeps Save in view and warns about an empty interviewer pool", async () => {
    const db = server.database.db;
    const [role] = await db
      .select({ id: roles.id })
      .from(roles)
      .where(eq(roles.organizationId, organizationId))
      .orderBy(asc(roles.createdAt))
      .limit(1);
    if (!role) throw new Error("the demo has roles");
    const [interviewStage] = await db
      .select({ name: planStages.name })
      .from(planStages)
      .where(and(eq(planStages.roleId, role.id), eq(planStages.type, "system_design")));
    if (!interviewStage) throw new Error("the demo role's plan has a system design stage");

    await signInAs("manager@example.com");
    await page.goto(`${server.url}/roles/${role.id}/plan`);
    await page.getByRole("button", { name: "Collapse all" }).click();
    const stage = page.getByRole("region", { name: new RegExp(`Stage \\d+ ${interviewStage.name}`) });
    await stage.getByText(/in the pool|no interviewer pool/).waitFor();
    expect(await stage.getByLabel("Required raters").isVisible()).toBe(false);
    // Save stays in view with every stage collapsed or not.
    const save = page.getByRole("button", { name: "Save plan" });
    expect(await save.isVisible()).toBe(true);

    await stage.getByRole("button", { name: `Expand ${interviewStage.name}` }).click();
    const pool = stage.getByRole("group", { name: "Interviewer pool" });
    for (const box of await pool.getByRole("checkbox").all()) if (await box.isChecked()) await box.uncheck();
    await pool.getByText("Nobody is in this stage's pool").waitFor();
    // Fields a stage does not use are not offered: the decision stage has neither weight nor raters.
    const decision = page.getByRole("region", { name: /Stage \d+ Decision/ });
    await decision.getByRole("button", { name: /^Expand/ }).click();
    expect(await decision.getByLabel("Weight").count()).toBe(0);
    expect(await decision.getByLabel("Required raters").count()).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await save.boundingBox();
    const viewport = page.viewportSize();
    expect(box && viewport && box.y + box.height <= viewport.height).toBe(true);
    await screenshots("plan-editor");
  });

  const expectedNavigation: Record<string, string[]> = {
    admin: [
      "Home",
      "Roles",
      "Candidates",
      "Interviews",
      "Challenges",
      "Teams & outcomes",
      "Team practices",
      "Analytics",
      "Reviews",
      "Evidence",
      "Settings",
    ],
    recruiter: [
      "Home",
      "Roles",
      "Candidates",
      "Interviews",
      "Challenges",
      "Team practices",
      "Analytics",
      "Evidence",
      "Settings",
    ],
    hiring_manager: [
      "Home",
      "Roles",
      "Candidates",
      "Interviews",
      "Challenges",
      "Teams & outcomes",
      "Team practices",
      "Analytics",
      "Reviews",
      "Evidence",
      "Settings",
    ],
    interviewer: ["Home", "Roles", "Interviews", "Challenges", "Team practices", "Evidence", "Settings"],
  };

  for (const user of demoUsers) {
    it(`shows the ${user.role} only the areas the server lets them open`, async () => {
      const refused: string[] = [];
      const onResponse = (response: { status(): number; url(): string }) => {
        if (response.status() === 403 && response.url().includes("/api/")) refused.push(response.url());
      };
      page.on("response", onResponse);
      try {
        await signInAs(user.email);
        const nav = page.getByRole("navigation", { name: "Main" });
        await nav.getByRole("link", { name: "Home" }).waitFor();
        const links = nav.getByRole("link");
        const labels = (await links.allTextContents()).map((text) => text.trim());
        // Every demo user has work waiting, so Home carries its count ("Home4, 4 waiting").
        const badge = /\d+, \d+ waiting(, \d+ overdue)?$/;
        expect(labels[0]).toMatch(new RegExp(`^Home${badge.source}`));
        expect(labels.map((label) => label.replace(badge, ""))).toEqual(expectedNavigation[user.role]);
        const hrefs = await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""));
        for (const href of hrefs) {
          refused.length = 0;
          await page.goto(`${server.url}${href}`);
          await page.waitForLoadState("networkidle");
          expect(refused, `${user.role} at ${href}`).toEqual([]);
          expect(await page.locator(".no-access").count(), `${user.role} at ${href}`).toBe(0);
        }
      } finally {
        page.off("response", onResponse);
      }
    }, 240_000);
  }

  it("says in plain words that a page is not open to the role, without role identifiers or a retry", async () => {
    await signInAs("interviewer@example.com");
    for (const address of [
      "/candidates",
      "/outcomes",
      "/settings/audit",
      "/settings/email-templates",
      "/analytics/reviews",
      "/analytics",
    ]) {
      await page.goto(`${server.url}${address}`);
      await page.waitForLoadState("networkidle");
      const main = page.locator("main");
      await main
        .getByText(/only|does not give access/i)
        .first()
        .waitFor();
      const text = (await main.textContent()) ?? "";
      expect(text, address).not.toMatch(/hiring_manager|needs the role/);
      expect(await main.getByRole("button", { name: "Try again" }).count(), address).toBe(0);
    }
    await page.goto(`${server.url}/candidates`);
    await screenshots("no-access");
  }, 120_000);

  it("confirms a role change, never offers self-removal, and filters the audit log", async () => {
    await signInAs("admin@example.com");
    await page.goto(`${server.url}/settings/members`);
    const own = page.getByRole("row").filter({ hasText: "admin@example.com" });
    await own.getByText("Another admin can remove you").waitFor();
    expect(await own.getByRole("button", { name: /Remove/ }).count()).toBe(0);

    const interviewer = demoUsers.find((user) => user.role === "interviewer");
    if (!interviewer) throw new Error("the demo has an interviewer");
    const row = page.getByRole("row").filter({ hasText: interviewer.email });
    await row.getByLabel(`Role for ${interviewer.email}`).selectOption({ label: "Recruiter" });
    await row.getByText(`Change ${interviewer.name}'s role from Interviewer to Recruiter?`).waitFor();
    await row.getByRole("button", { name: "Change role" }).click();
    await row
      .getByRole("status")
      .filter({ hasText: `${interviewer.name} is now a recruiter.` })
      .waitFor();
    await screenshots("members");
    // And back, so the other steps see the demo's roles.
    await row.getByLabel(`Role for ${interviewer.email}`).selectOption({ label: "Interviewer" });
    await row.getByRole("button", { name: "Change role" }).click();
    await row.getByRole("status").filter({ hasText: "is now an interviewer." }).waitFor();

    await page.goto(`${server.url}/settings/audit`);
    await page.getByLabel("Who").selectOption({ label: "Ada Admin (admin@example.com)" });
    await page.getByLabel("Action").selectOption({ label: "Member role changed" });
    const table = page.getByRole("table", { name: "Audit log, newest first" });
    await table.getByRole("link", { name: interviewer.name }).first().waitFor();
    const rows = table.locator("tbody tr");
    // The filtered answer replaces the unfiltered page: wait for the one filtered by both.
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    for (const text of await rows.allTextContents()) {
      expect(text).toContain("Ada Admin");
      expect(text).toContain("Member role changed");
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
    expect(page.url()).toContain("action=member.role_changed");
    await page.getByLabel("Object").selectOption({ label: "Role" });
    await page.getByText("Nothing recorded matches these filters.").waitFor();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByLabel("From").fill("2999-01-01");
    await page.getByText("Nothing recorded matches these filters.").waitFor();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await table.locator("tbody tr").first().waitFor();
    await screenshots("audit-log");
  });

  it("asks candidates the self-identification questions of the organisation's preset", async () => {
    await signInAs("admin@example.com");
    await page.goto(`${server.url}/settings/privacy`);
    await page.getByLabel("UK and EU").check();
    await page.getByRole("button", { name: "Save privacy settings" }).click();
    await page.getByRole("status").filter({ hasText: "Privacy settings saved." }).waitFor();
    await screenshots("privacy-presets");

    const candidateId = await seedCandidate(server.database.db, organizationId, {
      fullName: "Aoife Preset",
      email: "aoife.preset@example.net",
    });
    const { token } = await createCandidateSession(server.database.db, systemClock, {
      organizationId,
      candidateId,
    });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addCookies([{ name: "evident_candidate", value: token, url: server.url }]);
    const portal = await context.newPage();
    await portal.goto(`${server.url}/portal/home`);
    const form = portal.getByRole("region", { name: "Voluntary self-identification" });
    await form.getByLabel("Ethnic group").selectOption({ label: "Mixed or multiple ethnic groups" });
    expect(await form.getByLabel("Are you a veteran?").count()).toBe(0);
    expect(await form.getByLabel("Race or ethnicity").count()).toBe(0);
    await form.getByRole("button", { name: "Save my answers" }).click();
    await form.getByRole("status").filter({ hasText: "Your answers are saved" }).waitFor();
    await portal.screenshot({
      path: "test/browser/screenshots/portal-demographics-uk-390.png",
      fullPage: true,
    });

    // The minimal preset leaves gender alone.
    await page.getByLabel("Minimal: gender only").check();
    await page.getByRole("button", { name: "Save privacy settings" }).click();
    await page.getByRole("status").filter({ hasText: "Privacy settings saved." }).waitFor();
    await portal.reload();
    await form.getByLabel("Gender").waitFor();
    expect(await form.getByLabel("Ethnic group").count()).toBe(0);
    await context.close();
  });

  it("fits every staff list page into 390 px without sideways scrolling", async () => {
    await signInAs("admin@example.com");
    await page.setViewportSize({ width: 390, height: 844 });
    const overflowing: string[] = [];
    const pages = [
      "/",
      "/roles",
      "/candidates",
      "/interviews",
      "/interviews/kits",
      "/challenges",
      "/outcomes",
      "/analytics/validity",
      "/analytics/funnel",
      "/analytics/reviews",
      "/evidence",
      "/settings/members",
      "/settings/tokens",
      "/settings/audit",
      "/settings/outbox",
      "/settings/email-templates",
      "/settings/privacy",
    ];
    for (const address of pages) {
      await page.goto(`${server.url}${address}`);
      await page.waitForLoadState("networkidle");
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
        innerWidth: window.innerWidth,
      }));
      if (scrollWidth > innerWidth) overflowing.push(`${address}: ${scrollWidth} > ${innerWidth}`);
    }
    expect(overflowing).toEqual([]);
    // The menu button opens and closes the navigation.
    await page.goto(`${server.url}/roles`);
    const menu = page.getByRole("button", { name: /^Menu/ });
    expect(
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Candidates" })
        .isVisible(),
    ).toBe(false);
    await menu.click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Candidates" }).click();
    await page.waitForURL(/\/candidates$/);
    await page.locator('.menu-button[aria-expanded="false"]').waitFor();
    await page.screenshot({ path: "test/browser/screenshots/candidates-390.png", fullPage: false });
    await page.goto(`${server.url}/roles`);
    await menu.click();
    await page.screenshot({ path: "test/browser/screenshots/menu-open-390.png", fullPage: false });
    await page.setViewportSize({ width: 1366, height: 900 });
  }, 180_000);
});
