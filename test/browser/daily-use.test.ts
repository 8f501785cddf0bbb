import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readOutboxFiles } from "../support/eml.ts";
import { addTestMember, openRole, ratingsFor, seedApplication, seedStages } from "../support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from "../support/server.ts";
import { launchBrowser, signInWithPassword, signOutFromHeader } from "./browser.ts";

const DESIGN_KIT = "system-design-url-shortener";
const HOUR = 3600_000;

/**
 * A time zone where it is mid-morning at `at`, so that the interviews seeded two hours either side
 * of it are all "today" on Home and in the calendar whatever the hour the suite runs at (at 23:00
 * UTC, an interview an hour ahead is tomorrow's in UTC). Etc/GMT-11 is UTC+11.
 */
function midMorningTimeZone(at: Date): string {
  const offsetHours = ((10 - at.getUTCHours() + 36) % 24) - 12;
  if (offsetHours === 0) return "Etc/UTC";
  return `Etc/GMT${offsetHours > 0 ? "-" : "+"}${Math.abs(offsetHours)}`;
}
const SHOTS = "test/browser/screenshots";

/** Daily use (issue 10): Home's work queue, rejection cancelling interviews, the team's week. */
describe("daily use: work queue, lifecycle and the team's interviews (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let org: SeededOrganization;
  let quiet: SeededOrganization;
  let ben: { id: string; email: string; token: string };
  let roleId = "";
  let designStageId = "";
  let endedInterviewId = "";
  let upcomingInterviewId = "";
  /** The browser's time zone: mid-morning when the interviews were seeded (midMorningTimeZone). */
  let timezoneId = "Etc/UTC";
  let otherInterviewId = "";

  async function schedule(applicationId: string, at: Date, interviewerIds: string[]) {
    const response = await call(server, "POST", "/api/v1/interviews", {
      token: org.users.recruiter.token,
      body: {
        applicationId,
        stageId: designStageId,
        scheduledAt: at.toISOString(),
        durationMinutes: 60,
        interviewerIds,
        mode: "remote",
        videoLink: "https://meet.example.test/daily",
      },
    });
    if (response.status !== 201)
      throw new Error(`schedule: ${response.status} ${JSON.stringify(response.body)}`);
    return String(response.body.id);
  }

  beforeAll(async () => {
    server = await startTestServer("pglite");
    org = await seedOrganization(server.database, "Daily");
    quiet = await seedOrganization(server.database, "Quiet");
    ben = await addTestMember(server.database, org.id, "Ben Panel");
    roleId = await openRole(server, org.users.recruiter.token, { title: "Backend Engineer, Ledger" });
    const [design] = await seedStages(server.database, org.id, roleId, [
      { name: "System design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2, weight: 1 },
    ]);
    designStageId = design?.id ?? "";
    const ada = await seedApplication(
      server.database,
      org.id,
      roleId,
      { fullName: "Ada Daily", email: "ada.daily@example.test" },
      { stageId: designStageId },
    );
    const bob = await seedApplication(
      server.database,
      org.id,
      roleId,
      { fullName: "Bob Pipeline", email: "bob.pipeline@example.test" },
      { stageId: designStageId },
    );
    const cy = await seedApplication(
      server.database,
      org.id,
      roleId,
      { fullName: "Cy Calendar", email: "cy.calendar@example.test" },
      { stageId: designStageId },
    );
    const interviewer = org.users.interviewer.id;
    timezoneId = midMorningTimeZone(new Date());
    endedInterviewId = await schedule(ada.applicationId, new Date(Date.now() - 2 * HOUR), [
      interviewer,
      ben.id,
    ]);
    upcomingInterviewId = await schedule(bob.applicationId, new Date(Date.now() + HOUR), [
      interviewer,
      ben.id,
    ]);
    const cyStart = new Date(Date.now() + 2 * HOUR);
    otherInterviewId = await schedule(cy.applicationId, cyStart, [ben.id, org.users.hiring_manager.id]);
    browser = await launchBrowser();
    // Migrations, seeding and the browser's start share two busy cores with other suites.
  }, 300_000);

  // Each test signs in on its own browser context, so one failing never leaves the next signed in.
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, timezoneId });
  });

  afterEach(async () => {
    await page?.context().close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows a scorecard owed on Home, with a count in the navigation, and drops it once filed", async () => {
    await signInWithPassword(page, server.url, org.users.interviewer.email, TEST_PASSWORD);
    await page.goto(`${server.url}/`);
    const owed = page.getByRole("link", { name: "File your scorecard: Ada Daily, System design" });
    await owed.waitFor();
    await page.getByRole("heading", { name: /Scorecards you owe/ }).waitFor();
    await page.getByRole("heading", { name: /Interviews today/ }).waitFor();
    expect(await page.getByRole("link", { name: /^System design with Bob Pipeline/ }).count()).toBe(1);
    // The badge on Home counts both items.
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: /Home.*2 waiting/ })
      .waitFor();
    await page.screenshot({ path: `${SHOTS}/home-work-queue.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/home-work-queue-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });

    await owed.click();
    await page.waitForURL(`**/interviews/${endedInterviewId}`);
    const filed = await call(server, "POST", `/api/v1/interviews/${endedInterviewId}/scorecards`, {
      token: org.users.interviewer.token,
      body: { ratings: ratingsFor(DESIGN_KIT, [3]), recommendation: "yes" },
    });
    expect(filed.status).toBe(201);
    await page.goto(`${server.url}/`);
    await page.getByRole("heading", { name: /Interviews today/ }).waitFor();
    expect(await page.getByRole("link", { name: /File your scorecard: Ada Daily/ }).count()).toBe(0);
    await signOutFromHeader(page);
  });

  it("says so when nothing waits", async () => {
    await signInWithPassword(page, server.url, quiet.users.interviewer.email, TEST_PASSWORD);
    await page.goto(`${server.url}/`);
    await page.getByRole("heading", { name: "Nothing waiting for you" }).waitFor();
    await page.screenshot({ path: `${SHOTS}/home-empty.png`, fullPage: true });
    await signOutFromHeader(page);
  });

  it("rejecting from the pipeline cancels the interview to come and emails the cancellation", async () => {
    await signInWithPassword(page, server.url, org.users.recruiter.email, TEST_PASSWORD);
    await page.goto(`${server.url}/roles/${roleId}/pipeline`);
    await page.getByRole("button", { name: "Reject Bob Pipeline" }).click();
    const form = page.getByRole("dialog", { name: "Reject Bob Pipeline" });
    await form.getByLabel("Reason").selectOption({ index: 1 });
    await form.getByText("Interviews still to come are cancelled and their interviewers told.").waitFor();
    await page.screenshot({ path: `${SHOTS}/pipeline-reject.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/pipeline-reject-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
    await form.getByRole("button", { name: "Reject and send the email" }).click();
    await form.waitFor({ state: "detached" });

    const interview = await call(server, "GET", `/api/v1/interviews/${upcomingInterviewId}`, {
      token: org.users.recruiter.token,
    });
    expect(interview.body.status).toBe("cancelled");
    // The cancellation is in the outbox: one METHOD:CANCEL to each interviewer, none to Bob.
    const cancellations = (await readOutboxFiles(server.outboxDir)).filter(
      (file) =>
        file.raw.includes("METHOD:CANCEL") && file.raw.includes(`interview-${upcomingInterviewId}@evident`),
    );
    expect(cancellations.map((file) => file.email.headers.get("to")).sort()).toEqual(
      [org.users.interviewer.email, ben.email].sort(),
    );
  });

  it("shows the team's week with a filter, and the same week as a list", async () => {
    await signInWithPassword(page, server.url, org.users.recruiter.email, TEST_PASSWORD);
    await page.goto(`${server.url}/interviews`);
    const team = page.getByRole("region", { name: "Team interviews" });
    await team.getByRole("link", { name: /Cy Calendar/ }).waitFor();
    await team.getByRole("link", { name: /Bob Pipeline/ }).waitFor();
    await page.screenshot({ path: `${SHOTS}/interviews-week.png`, fullPage: true });
    await team.getByLabel("Interviewer").selectOption({ label: `Daily hiring_manager` });
    await team.getByRole("link", { name: /Bob Pipeline/ }).waitFor({ state: "detached" });
    expect(await team.getByRole("link", { name: /Cy Calendar/ }).count()).toBe(1);
    expect(await team.getByRole("link", { name: /Cy Calendar/ }).getAttribute("href")).toBe(
      `/interviews/${otherInterviewId}`,
    );
    await team.getByLabel("Interviewer").selectOption({ label: "Everyone" });
    await team.getByLabel("Status").selectOption({ label: "Cancelled" });
    await team.getByRole("link", { name: /Cy Calendar/ }).waitFor({ state: "detached" });
    await team.getByRole("link", { name: /Bob Pipeline/ }).waitFor();
    await team.getByLabel("Status").selectOption({ label: "Any status" });
    await team.getByRole("button", { name: "List", exact: true }).click();
    await team.getByRole("link", { name: /Cy Calendar/ }).waitFor();
    await page.screenshot({ path: `${SHOTS}/interviews-list.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/interviews-list-390.png`, fullPage: true });
    await team.getByRole("button", { name: "Week", exact: true }).click();
    await team.getByRole("link", { name: /Cy Calendar/ }).waitFor();
    await page.screenshot({ path: `${SHOTS}/interviews-week-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
    await team.getByRole("button", { name: "Next week" }).click();
    await team.getByRole("link", { name: /Cy Calendar/ }).waitFor({ state: "detached" });
    await team.getByRole("button", { name: "Today" }).click();
    await team.getByRole("link", { name: /Cy Calendar/ }).waitFor();
  });
});
