import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/platform/clock.ts";
import { addTestMember } from "../support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from "../support/server.ts";
import { launchBrowser, signInWithPassword } from "./browser.ts";

type Member = { id: string; email: string; token: string };

/** An ICS calendar around the current week: a recurring stand-up, a planning meeting, a day away. */
function calendarAroundNow(): string {
  const now = systemClock.now();
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const day = (offset: number) => {
    const date = new Date(monday.getTime() + offset * 86_400_000);
    return date.toISOString().slice(0, 10).replaceAll("-", "");
  };
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Evident browser test//EN",
    "BEGIN:VEVENT",
    "UID:standup@browser.test",
    "DTSTAMP:20260101T000000Z",
    `DTSTART:${day(-21)}T093000Z`,
    `DTEND:${day(-21)}T094500Z`,
    "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=40",
    "SUMMARY:Stand-up",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:planning@browser.test",
    "DTSTAMP:20260101T000000Z",
    `DTSTART:${day(1)}T130000Z`,
    `DTEND:${day(1)}T150000Z`,
    "SUMMARY:Planning",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:away@browser.test",
    "DTSTAMP:20260101T000000Z",
    `DTSTART;VALUE=DATE:${day(4)}`,
    `DTEND;VALUE=DATE:${day(5)}`,
    "SUMMARY:Day off",
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

describe("Team practices (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let org: SeededOrganization;
  let ana: Member;
  let ben: Member;
  let cleo: Member;
  let teamId = "";
  let anaContext: BrowserContext;
  let benContext: BrowserContext;
  let anaPage: Page;
  let benPage: Page;
  let boardUrl = "";

  beforeAll(async () => {
    server = await startTestServer("pglite");
    org = await seedOrganization(server.database, "Practice");
    ana = await addTestMember(server.database, org.id, "Ana Writer");
    ben = await addTestMember(server.database, org.id, "Ben Voter");
    cleo = await addTestMember(server.database, org.id, "Cleo Planner");
    const team = await call(server, "POST", "/api/v1/outcomes/teams", {
      token: org.users.admin.token,
      body: { name: "Platform Crew", workModel: "hybrid" },
    });
    teamId = String(team.body.id);
    const members = await call(server, "PUT", `/api/v1/team-practices/teams/${teamId}/members`, {
      token: org.users.hiring_manager.token,
      body: { userIds: [ana.id, ben.id, cleo.id] },
    });
    expect(members.status).toBe(200);
    browser = await launchBrowser();
    anaContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    // A second person on a phone, in a browser context of their own (their own session cookie).
    benContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    anaPage = await anaContext.newPage();
    benPage = await benContext.newPage();
    await signInWithPassword(anaPage, server.url, ana.email, TEST_PASSWORD);
    await signInWithPassword(benPage, server.url, ben.email, TEST_PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("posts a weekly update and shows the digest and the share who posted", async () => {
    await anaPage
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Team practices" })
      .click();
    await anaPage.getByRole("link", { name: "Platform Crew" }).click();
    await anaPage.waitForURL((url) => url.pathname.endsWith("/updates"));
    await anaPage.getByText("No updates for this week yet.").waitFor();

    // An empty "what moved" is refused by the server with its own words, next to the field.
    await anaPage.getByLabel("What is next").fill("Release the importer");
    await anaPage.getByRole("button", { name: "Post update" }).click();
    await anaPage.getByRole("alert").filter({ hasText: "What moved" }).waitFor();

    await anaPage.getByLabel("What moved").fill("The calendar importer is merged");
    await anaPage.getByLabel("What is blocked").fill("Waiting on the staging database");
    await anaPage.getByRole("button", { name: "Post update" }).click();
    await anaPage.getByRole("heading", { name: "Team digest: 1 of 3 posted" }).waitFor();
    const digest = anaPage.getByRole("list", { name: "Updates" });
    expect(await digest.getByRole("listitem").count()).toBe(1);
    expect(await digest.textContent()).toContain("The calendar importer is merged");
    // This week's bar (the weeks before have none: nobody posted then).
    await anaPage
      .getByRole("img", { name: "Share of members who posted, per week" })
      .locator("svg rect:not([height='0'])")
      .first()
      .waitFor();
    await anaPage.screenshot({ path: "test/browser/screenshots/team-practices-updates.png", fullPage: true });

    // Ben, on his phone, sees Ana's update in the digest.
    await benPage.goto(`${server.url}/team-practices/${teamId}/updates`);
    await benPage.getByText("The calendar importer is merged").waitFor();
    await benPage.getByLabel("What moved").fill("Dashboards for the alerts");
    await benPage.getByLabel("What is next").fill("On-call handbook");
    await benPage.getByRole("button", { name: "Post update" }).click();
    await benPage.getByRole("heading", { name: "Team digest: 2 of 3 posted" }).waitFor();
    await benPage.screenshot({
      path: "test/browser/screenshots/team-practices-updates-narrow.png",
      fullPage: true,
    });
  });

  let retroAttempt = 0;
  it("runs a retro where a second person sees items, votes and actions arrive without reloading", async () => {
    // A retry opens a board of its own (one board per sprint).
    retroAttempt += 1;
    const sprint = `Sprint ${13 + retroAttempt}`;
    await anaPage
      .getByRole("navigation", { name: "Team practices" })
      .getByRole("link", { name: "Retros" })
      .click();
    await anaPage.getByRole("heading", { name: "Retros" }).waitFor();
    await anaPage.getByLabel("Sprint").fill(sprint);
    await anaPage.getByRole("button", { name: "Open retro" }).click();
    await anaPage.getByRole("heading", { name: `${sprint} retro` }).waitFor();
    boardUrl = anaPage.url();

    await benPage.goto(boardUrl);
    await benPage.getByRole("heading", { name: `${sprint} retro` }).waitFor();
    await benPage.getByText("Live: changes by others appear here").waitFor();
    await anaPage.getByText("Live: changes by others appear here").waitFor();

    await anaPage.getByLabel("Add to To improve (anonymous)").fill("Reviews wait too long");
    await anaPage
      .getByLabel("Add to To improve (anonymous)")
      .locator("..")
      .getByRole("button", { name: "Add" })
      .click();
    // No reload on Ben's page: the item arrives over the board's event stream.
    const benItems = benPage.getByRole("list", { name: "To improve" });
    await benItems.getByText("Reviews wait too long").waitFor();
    // Anonymous: nothing on the item says who wrote it.
    expect(await benItems.textContent()).not.toContain("Ana");

    await benItems.getByRole("button", { name: /vote for this item/ }).click();
    await benItems.getByRole("button", { name: /yours included/ }).waitFor();
    // Ana sees the count, not who voted.
    await anaPage
      .getByRole("list", { name: "To improve" })
      .getByRole("button", { name: "1 vote: vote for this item" })
      .waitFor();

    await benPage.getByLabel("Add to Went well (anonymous)").fill("Pairing on the migration");
    await benPage
      .getByLabel("Add to Went well (anonymous)")
      .locator("..")
      .getByRole("button", { name: "Add" })
      .click();
    await anaPage.getByRole("list", { name: "Went well" }).getByText("Pairing on the migration").waitFor();

    await anaPage.getByLabel("Action", { exact: true }).fill("Agree a review rota");
    await anaPage.getByLabel("Owner", { exact: true }).selectOption({ label: "Ben Voter" });
    await anaPage.getByRole("button", { name: "Add action" }).click();
    await benPage.getByRole("list", { name: "Action items" }).getByText("Agree a review rota").waitFor();
    await anaPage.screenshot({ path: "test/browser/screenshots/team-practices-retro.png", fullPage: true });
    await benPage.screenshot({
      path: "test/browser/screenshots/team-practices-retro-narrow.png",
      fullPage: true,
    });
  });

  it("shows the team's focus time from imported calendars only once three members imported", async () => {
    const calendar = calendarAroundNow();
    const benImport = await call(server, "PUT", "/api/v1/team-practices/calendar/file", {
      token: ben.token,
      body: { content: calendar },
    });
    expect(benImport.status).toBe(200);

    await anaPage.goto(`${server.url}/team-practices/${teamId}/focus`);
    await anaPage.getByText("You have not imported a calendar.").waitFor();
    await anaPage.getByLabel("Import an .ics file").setInputFiles({
      name: "ana.ics",
      mimeType: "text/calendar",
      buffer: Buffer.from(calendar),
    });
    await anaPage.getByText(/Imported from a file on .*busy times kept/).waitFor();
    await anaPage.getByText("Too few to show").waitFor();

    // A link to a private address is refused with the server's reason.
    await anaPage.getByLabel("Or a calendar link (ICS)").fill("http://127.0.0.1:9/calendar.ics");
    await anaPage.getByRole("button", { name: "Import link" }).click();
    await anaPage.getByRole("alert").filter({ hasText: "loopback, private" }).waitFor();

    const cleoImport = await call(server, "PUT", "/api/v1/team-practices/calendar/file", {
      token: cleo.token,
      body: { content: calendar },
    });
    expect(cleoImport.status).toBe(200);
    await anaPage.reload();
    const distribution = anaPage.getByRole("img", { name: "Focus blocks per member-week" });
    await distribution.locator("svg rect:not([height='0'])").first().waitFor();
    await anaPage
      .getByRole("img", { name: "Median focus hours per member, trend" })
      .locator("svg circle")
      .first()
      .waitFor();
    expect(await anaPage.getByText("3 of 3 members imported a calendar.").count()).toBe(1);
    // Never per person: no member's name appears on the focus page.
    const focusSection = anaPage.getByRole("region", { name: "The team's focus time" });
    for (const name of ["Ana Writer", "Ben Voter", "Cleo Planner"]) {
      expect(await focusSection.getByText(name).count()).toBe(0);
    }
    await anaPage.screenshot({ path: "test/browser/screenshots/team-practices-focus.png", fullPage: true });

    await benPage.goto(`${server.url}/team-practices/${teamId}/focus`);
    await benPage
      .getByRole("img", { name: "Focus blocks per member-week" })
      .locator("svg rect:not([height='0'])")
      .first()
      .waitFor();
    await benPage.screenshot({
      path: "test/browser/screenshots/team-practices-focus-narrow.png",
      fullPage: true,
    });
  });

  it("lets a hiring manager arrange members and Slack, and keeps interviewers outside a team out", async () => {
    const manager = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signInWithPassword(manager, server.url, org.users.hiring_manager.email, TEST_PASSWORD);
    await manager.goto(`${server.url}/team-practices/${teamId}/settings`);
    await manager.getByRole("heading", { name: "Members & settings" }).waitFor();
    await manager.getByLabel("Incoming webhook URL").fill("https://example.com/not-slack");
    await manager.getByRole("button", { name: "Save webhook" }).click();
    await manager.getByRole("alert").filter({ hasText: "Slack incoming webhook" }).waitFor();
    await manager.screenshot({
      path: "test/browser/screenshots/team-practices-settings.png",
      fullPage: true,
    });
    await manager.close();

    const interviewer = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInWithPassword(interviewer, server.url, org.users.interviewer.email, TEST_PASSWORD);
    await interviewer.goto(`${server.url}/team-practices`);
    await interviewer.getByText("You are not in a team yet.").waitFor();
    await interviewer.goto(`${server.url}/team-practices/${teamId}/updates`);
    await interviewer.getByRole("alert").filter({ hasText: "That team was not found." }).waitFor();
    await interviewer.close();
  });
});
