/**
 * A recruiter plans a trial day in the planner and sends it, an observer files their
 * observation form with the note guard's hint showing, the candidate reads the agenda in the
 * portal, and the hiring manager sees the form's score in the decision formula and its levels
 * beside the scorecards. Screenshots of the pages at 1366 and 390 px.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/platform/clock.ts";
import { addExerciseCandidate, type ExerciseCandidate } from "../support/exercise-seed.ts";
import { addTestMember } from "../support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from "../support/server.ts";
import { createTrialDayRole } from "../support/trial-day-seed.ts";
import { launchBrowser, signInWithPassword } from "./browser.ts";

describe("trial day: planner, observation form and the candidate's agenda (Chromium)", () => {
  const clock = fixedClock(new Date("2026-12-07T09:00:00Z"));
  let server: TestServer;
  let org: SeededOrganization;
  let browser: Browser;
  let page: Page;
  let candidate: ExerciseCandidate;
  let host: { id: string; email: string; token: string };
  let observer: { id: string; email: string; token: string };

  beforeAll(async () => {
    server = await startTestServer("pglite", { clock });
    org = await seedOrganization(server.database, "Onsite");
    host = await addTestMember(server.database, org.id, "Hana Host");
    observer = await addTestMember(server.database, org.id, "Olu Observer");
    const role = await createTrialDayRole(server, org);
    candidate = await addExerciseCandidate(
      server,
      org,
      { roleId: role.roleId, stageId: role.stageId },
      { fullName: "Ines Duarte", email: "ines.duarte@example.net" },
    );
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    // A loaded machine: the server, the seed and Chromium take a while to start.
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const sessionGroup = (title: RegExp) => page.getByRole("group", { name: title });

  it("plans the day in the planner, refusing a scored session without an observer, and sends it", async () => {
    await signInWithPassword(page, server.url, org.users.recruiter.email, TEST_PASSWORD);
    await page.goto(`${server.url}/applications/${candidate.applicationId}`);
    await page.getByRole("link", { name: "Trial day" }).click();
    await page.getByRole("heading", { name: "Plan the trial day" }).waitFor();
    await page.getByLabel("Date", { exact: true }).fill("2026-12-15");
    await page.getByLabel("Candidate's time zone").fill("Europe/Lisbon");
    await page.getByLabel("Location").fill("Evident office, Rua Augusta 10, Lisbon");

    const pairing = sessionGroup(/^Session 1/);
    await pairing.getByLabel("Room").fill("Room 2");
    await pairing.getByRole("group", { name: "Hosts" }).getByLabel("Hana Host").check();
    await pairing
      .getByRole("group", { name: /^Observers/ })
      .getByLabel("Olu Observer")
      .check();
    const lunch = sessionGroup(/^Session 2/);
    await lunch.getByText("Lunch is optional for the candidate and unscored").waitFor();
    await lunch.getByRole("group", { name: "Hosts" }).getByLabel("Hana Host").check();
    // The design discussion has no observer yet: the server refuses it, at the session.
    await page.getByRole("button", { name: "Save the draft" }).click();
    await page.getByText("needs at least one observer").first().waitFor();

    const design = sessionGroup(/^Session 3/);
    await design.getByRole("group", { name: "Hosts" }).getByLabel("Hana Host").check();
    await design
      .getByRole("group", { name: /^Observers/ })
      .getByLabel("Olu Observer")
      .check();
    await page.getByRole("button", { name: "Save the draft" }).click();
    await page.getByText("Draft: only the hiring team sees it").waitFor();
    await page.screenshot({ path: "test/browser/screenshots/trial-day-planner-1366.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test/browser/screenshots/trial-day-planner-390.png", fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });

    await page.getByRole("button", { name: "Send to the candidate" }).click();
    await page.getByText("Sent to the candidate and the team").waitFor();
    const outbox = await call(server, "GET", "/api/v1/outbox", { token: org.users.admin.token });
    const sent = (outbox.body.items as { template: string; to: string }[]).filter(
      (email) => email.template === "trial_day_agenda",
    );
    expect(sent.map((email) => email.to).sort()).toEqual(
      ["ines.duarte@example.net", host.email, observer.email].sort(),
    );
  });

  it("lets an observer file their form for a session, with the note guard's hint", async () => {
    await page.context().clearCookies();
    await signInWithPassword(page, server.url, observer.email, TEST_PASSWORD);
    await page.goto(`${server.url}/applications/${candidate.applicationId}/trial-day`);
    const form = page.getByRole("form", { name: "Your observation form: Pairing on the ticket" });
    await form.waitFor();
    expect(await page.getByRole("heading", { name: "Payment" }).count()).toBe(0);
    await form.getByText("3 · ", { exact: false }).first().click();
    await form
      .getByLabel("Evidence for Clarifying the work and reporting status")
      .fill("Asked about page size and sort order at kickoff; posted status at 11:00. A great culture fit.");
    await form.getByText("“culture fit”").waitFor();
    await form.getByText("3 · ", { exact: false }).nth(1).click();
    await form
      .getByLabel("Evidence for Working with the team")
      .fill("Asked the buddy for help after trying two fixes, with the error and a hypothesis.");
    await page.screenshot({
      path: "test/browser/screenshots/trial-day-observation-1366.png",
      fullPage: true,
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test/browser/screenshots/trial-day-observation-390.png", fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
    await form.getByRole("button", { name: "File your form" }).click();
    await page.getByText("Your form", { exact: true }).waitFor();
    await page.getByText("note guard: culture fit").waitFor();
  });

  it("shows the candidate the agenda in the portal, lunch optional and unobserved", async () => {
    await page.context().clearCookies();
    await page.context().addCookies([
      {
        name: "evident_candidate",
        value: candidate.cookie.slice("evident_candidate=".length),
        url: server.url,
      },
    ]);
    await page.goto(`${server.url}/portal/home`);
    await page.getByRole("link", { name: /See your trial day's agenda/ }).click();
    await page.getByRole("heading", { name: "Your trial day with Onsite", exact: false }).waitFor();
    await page.getByText("Tue, 15 Dec 2026 (Europe/Lisbon)").waitFor();
    const agenda = page.getByRole("region", { name: "Agenda" });
    await agenda.getByText("Team lunch").waitFor();
    await agenda.getByText("Optional, not assessed").waitFor();
    expect(await page.getByText("Olu Observer").count()).toBe(0);
    await page.screenshot({ path: "test/browser/screenshots/trial-day-portal-1366.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test/browser/screenshots/trial-day-portal-390.png", fullPage: true });
  });

  it("shows the trial day's score in the decision formula and the observer's form beside the scorecards", async () => {
    await page.context().clearCookies();
    await page.setViewportSize({ width: 1366, height: 900 });
    await signInWithPassword(page, server.url, org.users.hiring_manager.email, TEST_PASSWORD);
    await page.goto(`${server.url}/applications/${candidate.applicationId}/decision`);
    const components = page.getByRole("table", { name: "Components of the formula" });
    const trialDay = components.getByRole("row", { name: /Onsite trial day/ });
    await trialDay.waitFor();
    // One form, both behaviours at 3: the stage scores 3, the only stage with a score so far, and
    // Olu is its one rater of the two the plan requires.
    const [weight, score, raters] = await trialDay.locator("td").allTextContents();
    expect(weight).toBe("100% (plan 25%)");
    expect(score).toBe("3");
    expect(raters).toBe("1 of 2 required (too few)");

    const form = page.getByRole("table", { name: /Onsite trial day: Pairing on the ticket/ });
    await form.waitFor();
    expect(await form.locator("thead th").allTextContents()).toEqual(["Attribute", "Olu Observer"]);
    const firstCell = form.locator("tbody tr").first().locator("td").first();
    expect((await firstCell.locator("summary").textContent())?.startsWith("3")).toBe(true);
    await firstCell.locator("summary").click();
    await firstCell.getByText("posted status at 11:00").waitFor();
    await page.screenshot({ path: "test/browser/screenshots/trial-day-decision-1366.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test/browser/screenshots/trial-day-decision-390.png", fullPage: true });
  });
});
