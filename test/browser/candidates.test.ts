import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/modules/api-tokens/api-tokens.ts";
import { systemActor } from "../../src/modules/audit/audit-log.ts";
import { DEMO_PASSWORD, seedDemoOrganization } from "../../src/modules/demo/seed-demo.ts";
import { findUserByEmail } from "../../src/modules/members/members.ts";
import { defaultWorkModelFactors } from "../../src/modules/workmodel/factors.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { call, startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser } from "./browser.ts";

const roleTitle = "Backend Engineer, Platform";

// Row 3 (the header is row 1) has an invalid email.
const csvWithInvalidRow = [
  "full_name,email,location,links",
  "Ada Lovelace,ada@example.org,London,https://github.com/ada",
  "Grace Hopper,grace-at-example.org,Arlington,",
  "Linus Torvalds,linus@example.org,Portland,https://github.com/torvalds",
].join("\n");
const csvFixed = csvWithInvalidRow.replace("grace-at-example.org", "grace@example.org");

interface ApplicationBody {
  id: string;
  candidate: { fullName: string };
  currentStage: { id: string; name: string } | null;
  status: string;
  rejectionReason: string | null;
  history: {
    kind: string;
    fromStage: { name: string | null } | null;
    toStage: { name: string | null } | null;
    reason: string | null;
    note: string | null;
    actor: { email: string } | null;
  }[];
}

describe("candidates, the hiring plan and the pipeline board (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** The demo recruiter's API token, for setting up the role and checking what the UI stored. */
  let recruiterToken = "";
  let interviewerToken = "";
  let roleId = "";

  beforeAll(async () => {
    server = await startTestServer("pglite");
    const deps = { db: server.database.db, clock: systemClock };
    const { organizationId } = await seedDemoOrganization(deps);
    const recruiter = await findUserByEmail(server.database.db, "recruiter@example.com");
    const interviewer = await findUserByEmail(server.database.db, "interviewer@example.com");
    if (!recruiter || !interviewer)
      throw new Error("the demo seed must create the recruiter and the interviewer");
    ({ secret: recruiterToken } = await createApiToken(deps, systemActor, {
      organizationId,
      userId: recruiter.id,
      name: "candidates browser test",
    }));
    ({ secret: interviewerToken } = await createApiToken(deps, systemActor, {
      organizationId,
      userId: interviewer.id,
      name: "candidates browser test",
    }));

    const role = await call(server, "POST", "/api/v1/roles", {
      token: recruiterToken,
      body: {
        title: roleTitle,
        team: "Platform",
        seniority: "senior",
        techStack: ["TypeScript", "PostgreSQL"],
        timezone: { fromUtcOffset: -5, toUtcOffset: 3 },
        headcount: 1,
        status: "open",
      },
    });
    expect(role.status).toBe(201);
    roleId = role.body.id as string;

    // Factors that favour remote; the advice is checked first so accepting it needs no override reason.
    const factors = {
      ...defaultWorkModelFactors,
      talentPoolBreadth: 4,
      asyncMaturity: 4,
      deepFocusNeed: 4,
      coDesignNeed: 0,
      juniorMentorshipNeed: 0,
    };
    const advice = await call(server, "POST", `/api/v1/roles/${roleId}/advice`, {
      token: recruiterToken,
      body: factors,
    });
    expect(advice.status).toBe(200);
    expect(advice.body.recommendation).toBe("remote");
    const decision = await call(server, "POST", `/api/v1/roles/${roleId}/work-model-decision`, {
      token: recruiterToken,
      body: { factors, chosenModel: "remote" },
    });
    expect(decision.status).toBe(201);

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(email: string, path: string) {
    await page.goto(`${server.url}${path}`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === path);
  }

  const stage = (name: RegExp) => page.getByRole("region", { name });

  async function applicationsOfRole(status?: string) {
    const response = await call(
      server,
      "GET",
      `/api/v1/applications?roleId=${roleId}${status ? `&status=${status}` : ""}`,
      { token: recruiterToken },
    );
    expect(response.status).toBe(200);
    return response.body.items as ApplicationBody[];
  }

  async function applicationOf(fullName: string): Promise<ApplicationBody> {
    const summary = (await applicationsOfRole()).find((item) => item.candidate.fullName === fullName);
    if (!summary) throw new Error(`${fullName} has no application`);
    const detail = await call(server, "GET", `/api/v1/applications/${summary.id}`, { token: recruiterToken });
    expect(detail.status).toBe(200);
    return detail.body as unknown as ApplicationBody;
  }

  it("creates the role's hiring plan from the remote template and shows validation errors by field", async () => {
    await signIn("recruiter@example.com", `/roles/${roleId}/plan`);
    await page.getByText("This role has no hiring plan yet.").waitFor();
    await page.getByRole("button", { name: "Create from the remote template" }).click();

    await stage(/Stage 1 Application review/).waitFor();
    await stage(/Stage 3 Multi-day async collaboration exercise/).waitFor();
    await stage(/Stage 6 Decision/).waitFor();
    const weights = page.getByRole("img", { name: /Weight of each stage in the decision formula/ });
    expect(await weights.count()).toBe(1);
    expect(await page.getByText("The weights add up to 1.").count()).toBe(1);
    const plan = await call(server, "GET", `/api/v1/roles/${roleId}/plan`, { token: recruiterToken });
    expect((plan.body.stages as { name: string }[]).map((item) => item.name)).toEqual([
      "Application review",
      "Async coding challenge",
      "Multi-day async collaboration exercise",
      "Remote system design",
      "Remote pair programming",
      "Decision",
    ]);

    // One rater for a live interview, and weights that no longer add up to 1: both refused, by field.
    const systemDesign = stage(/Stage 4 Remote system design/);
    await systemDesign.getByLabel("Required raters").fill("1");
    await systemDesign.getByLabel("Weight").fill("0.4");
    await page.getByText("The weights add up to 1.1;").waitFor();
    await page.getByRole("button", { name: "Save plan" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "The plan is invalid" });
    await alert
      .getByText(/Stage 4 \(Remote system design\), required raters: interview stages need at least 2/)
      .waitFor();
    await alert.getByText(/Stages: the scored stages' weights sum to 1.1/).waitFor();
    expect(await systemDesign.getByText("interview stages need at least 2 independent raters").count()).toBe(
      1,
    );
    expect(await systemDesign.getByLabel("Required raters").getAttribute("aria-invalid")).toBe("true");
    await page.screenshot({ path: "test/browser/screenshots/plan-errors.png", fullPage: true });

    // Reorder with the buttons and save a valid plan.
    await systemDesign.getByLabel("Required raters").fill("2");
    await systemDesign.getByLabel("Weight").fill("0.3");
    // The stalled-candidate target on every stage, and the submits a challenge stage allows.
    await systemDesign.getByLabel("Stalled after (days)").fill("10");
    const challengeStage = stage(/Stage 2 Async coding challenge/);
    await expect(challengeStage.getByLabel("Submits allowed").inputValue()).resolves.toBe("3");
    await challengeStage.getByLabel("Submits allowed").fill("5");
    expect(await systemDesign.getByLabel("Submits allowed").count()).toBe(0);
    await page.getByRole("button", { name: "Move Remote pair programming up" }).click();
    await stage(/Stage 4 Remote pair programming/).waitFor();
    await page.getByRole("button", { name: "Save plan" }).click();
    await page.getByRole("status").getByText("Plan saved.").waitFor();
    const saved = await call(server, "GET", `/api/v1/roles/${roleId}/plan`, { token: recruiterToken });
    const savedStages = saved.body.stages as {
      name: string;
      requiredRaters: number;
      targetDays: number;
      maxSubmits: number;
    }[];
    expect(savedStages.map((item) => item.name).slice(3, 5)).toEqual([
      "Remote pair programming",
      "Remote system design",
    ]);
    expect(savedStages[4]?.requiredRaters).toBe(2);
    expect(savedStages[4]?.targetDays).toBe(10);
    expect(savedStages[3]?.targetDays).toBe(7);
    expect(savedStages[1]?.maxSubmits).toBe(5);
    await page.screenshot({ path: "test/browser/screenshots/plan.png", fullPage: true });
  });

  it("checks a CSV, refuses an all-or-nothing import with an invalid row, then imports the fixed file", async () => {
    await page.goto(`${server.url}/candidates/import`);
    await page.getByLabel("CSV text").fill(csvWithInvalidRow);
    await page.getByLabel("Apply to role").selectOption({ label: roleTitle });
    expect(await page.getByLabel(/^All or nothing/).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Check", exact: true }).click();

    const problems = page.getByRole("table", { name: "Rows that cannot be imported" });
    const invalidRow = problems.getByRole("row", { name: /^3 / });
    await invalidRow.getByText("Invalid").waitFor();
    await invalidRow.getByText("must be an email address").waitFor();
    await page.getByText("3 rows: 2 valid, 1 invalid, 0 duplicates.").waitFor();

    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByRole("heading", { name: "Import refused" }).waitFor();
    await page
      .getByRole("alert")
      .getByText(/Nothing was imported: 1 row\(s\) are invalid \(first: row 3\)/)
      .waitFor();
    await page.screenshot({ path: "test/browser/screenshots/import-refused.png", fullPage: true });
    const none = await call(server, "GET", "/api/v1/candidates", { token: recruiterToken });
    expect(none.body.items).toEqual([]);

    await page.getByLabel("CSV text").fill(csvFixed);
    await page.getByRole("button", { name: "Check", exact: true }).click();
    await page.getByText("Every row is valid.").waitFor();
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByRole("status").getByText("Imported 3 candidates.").waitFor();

    const imported = await applicationsOfRole();
    expect(imported.map((item) => item.candidate.fullName).sort()).toEqual([
      "Ada Lovelace",
      "Grace Hopper",
      "Linus Torvalds",
    ]);
    expect(imported.every((item) => item.currentStage?.name === "Application review")).toBe(true);
  });

  it("moves a candidate to the next stage from the keyboard and rejects another with a reason", async () => {
    await page.getByRole("link", { name: `open the pipeline of ${roleTitle}` }).click();
    await page.waitForURL(new RegExp(`/roles/${roleId}/pipeline$`));
    const chart = page.getByRole("img", { name: /Active applications in each stage/ });
    await chart.waitFor();
    expect(await chart.getAttribute("aria-labelledby")).toBeTruthy();
    await chart.locator("svg").first().waitFor();
    const review = page.getByRole("region", { name: /Application review/ });
    await review.getByRole("listitem").filter({ hasText: "Ada Lovelace" }).waitFor();
    expect(await review.getByRole("listitem").count()).toBe(3);

    // Keyboard only: the select offers the next stage first; Tab reaches the Move button, Enter moves.
    const moveSelect = page.getByLabel("Move Ada Lovelace to");
    expect(await moveSelect.inputValue()).toBeTruthy();
    expect(await moveSelect.locator("option:checked").textContent()).toBe("Async coding challenge");
    await moveSelect.focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Move Ada Lovelace");
    await page.keyboard.press("Enter");

    const challenge = page.getByRole("region", { name: /Async coding challenge/ });
    await challenge.getByRole("link", { name: "Ada Lovelace" }).waitFor();
    await page.getByRole("status").getByText("Ada Lovelace moved to Async coding challenge.").waitFor();
    // Focus followed the card into its new column.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Ada Lovelace");

    const ada = await applicationOf("Ada Lovelace");
    expect(ada.currentStage?.name).toBe("Async coding challenge");
    const move = ada.history.at(-1);
    expect(move).toMatchObject({
      kind: "stage_moved",
      fromStage: { name: "Application review" },
      toStage: { name: "Async coding challenge" },
      actor: { email: "recruiter@example.com" },
    });

    await page.getByRole("button", { name: "Reject Grace Hopper" }).click();
    // The reject dialog (test/browser/lifecycle-emails.test.ts covers its email); Grace is not emailed here.
    const rejectForm = page.getByRole("dialog", { name: "Reject Grace Hopper" });
    await rejectForm.getByLabel("Reason").selectOption("skills_gap");
    await rejectForm.getByLabel("Note").fill("The challenge brief needs more PostgreSQL depth than shown.");
    await rejectForm.getByLabel("Email the candidate").uncheck();
    await rejectForm.getByRole("button", { name: "Reject", exact: true }).click();
    await page.getByRole("status").getByText("Grace Hopper rejected: Skills gap.").waitFor();
    await review.getByRole("link", { name: "Grace Hopper" }).waitFor({ state: "detached" });
    expect(await review.getByRole("listitem").count()).toBe(1);

    const grace = await applicationOf("Grace Hopper");
    expect(grace.status).toBe("rejected");
    expect(grace.rejectionReason).toBe("skills_gap");
    expect(grace.history.at(-1)).toMatchObject({
      kind: "rejected",
      reason: "skills_gap",
      note: "The challenge brief needs more PostgreSQL depth than shown.",
      actor: { email: "recruiter@example.com" },
    });

    await page.mouse.move(0, 0);
    await page.screenshot({ path: "test/browser/screenshots/pipeline.png", fullPage: true });
    // On a phone the columns stack and every control stays reachable.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test/browser/screenshots/pipeline-narrow.png", fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it("shows the application's history with the actor and note, and the candidate's profile", async () => {
    await page.getByRole("link", { name: "Ada Lovelace" }).click();
    await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: "Ada Lovelace" }).waitFor();
    const history = page.getByRole("table", { name: /Stage moves and status changes/ });
    const moveRow = history
      .getByRole("row")
      .filter({ hasText: "Moved from “Application review” to “Async coding challenge”" });
    await moveRow.getByText("Rae Recruiter").waitFor();
    await page.getByRole("heading", { name: "Interviews and scorecards" }).waitFor();
    await page.getByText("No interviews have been scheduled for this application.").waitFor();

    // A move from the detail page carries a note, shown in the history with who moved it.
    await page
      .getByLabel("Move Ada Lovelace to")
      .selectOption({ label: "Multi-day async collaboration exercise" });
    await page.getByLabel("Note on the move").fill("Passed every hidden test of the challenge.");
    await page.getByRole("button", { name: "Move Ada Lovelace" }).click();
    const noted = history.getByRole("row").filter({ hasText: "Passed every hidden test of the challenge." });
    await noted
      .getByText("Moved from “Async coding challenge” to “Multi-day async collaboration exercise”")
      .waitFor();
    await noted.getByText("Rae Recruiter").waitFor();
    expect((await applicationOf("Ada Lovelace")).history.at(-1)?.note).toBe(
      "Passed every hidden test of the challenge.",
    );
    await page.screenshot({ path: "test/browser/screenshots/application.png", fullPage: true });

    await page.getByRole("link", { name: "Candidate profile" }).click();
    await page.waitForURL(/\/candidates\/[0-9a-f-]{36}$/);
    await page.getByText("https://github.com/ada").waitFor();
    await page.getByRole("heading", { name: "Applications" }).waitFor();
    await page.getByLabel("Resume file").setInputFiles({
      name: "ada-lovelace.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Ada Lovelace\nAnalytical Engine programmer.\n"),
    });
    await page.getByRole("button", { name: "Upload resume" }).click();
    await page.getByRole("link", { name: "Download resume of Ada Lovelace" }).waitFor();
    await page.screenshot({ path: "test/browser/screenshots/candidate.png", fullPage: true });
  });

  it("lists the applications with filters and tells an interviewer the data is not theirs to see", async () => {
    await page.goto(`${server.url}/candidates?roleId=${roleId}&status=active`);
    const table = page.getByRole("table", { name: "Applications, newest first" });
    await table.getByRole("row", { name: /Linus Torvalds/ }).waitFor();
    expect(await table.getByRole("row", { name: /Grace Hopper/ }).count()).toBe(0);
    await page.getByLabel("Status").selectOption("rejected");
    await table.getByRole("row", { name: /Grace Hopper/ }).waitFor();
    await page.screenshot({ path: "test/browser/screenshots/candidates.png", fullPage: true });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    await signIn("interviewer@example.com", `/roles/${roleId}/pipeline`);
    await page.getByText(/Only admins, recruiters and hiring managers can see the pipeline/).waitFor();
    expect(await page.getByRole("region", { name: /Application review/ }).count()).toBe(0);
    const refused = await call(server, "GET", `/api/v1/applications?roleId=${roleId}`, {
      token: interviewerToken,
    });
    expect(refused.status).toBe(403);
  });
});
