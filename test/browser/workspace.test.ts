import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addTestMember, openRole, ratingsFor, seedApplication, seedStages } from "../support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from "../support/server.ts";
import { seedCopiedChallengeSubmissions } from "../support/workspace-seed.ts";
import { launchBrowser } from "./browser.ts";

const DESIGN_KIT = "system-design-url-shortener";
const SHOTS = "test/browser/screenshots";

/**
 * The interviewer workspace (kit beside the scorecard, drafts that survive a reload, questions
 * before leaving and before filing early), the decision page's evidence grid, integrity flags and
 * confirmation, and the pipeline board's drag and drop with Undo, in Chromium.
 */
describe("interviewer workspace, decision evidence and pipeline board (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let org: SeededOrganization;
  let ben: { id: string; email: string; token: string };
  let roleId = "";
  let emptyRoleId = "";
  let applicationId = "";
  let interviewId = "";
  let movingApplicationId = "";

  async function api(token: string, method: string, path: string, body?: unknown, status = 200) {
    const response = await call(server, method, path, { token, body });
    if (response.status !== status) {
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body as Record<string, unknown>;
  }

  async function signIn(email: string, path: string, width = 1366): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${server.url}${path}`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === path);
    return page;
  }

  beforeAll(async () => {
    server = await startTestServer("pglite");
    org = await seedOrganization(server.database, "Workspace");
    ben = await addTestMember(server.database, org.id, "Ben Rater");
    roleId = await openRole(server, org.users.recruiter.token);
    emptyRoleId = await openRole(server, org.users.recruiter.token, { title: "Site Reliability Engineer" });
    const [challenge, design, final] = await seedStages(server.database, org.id, roleId, [
      { name: "Coding challenge", type: "async_challenge", weight: 0 },
      { name: "System design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2, weight: 1 },
      { name: "Final conversation", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2 },
    ]);
    await seedStages(server.database, org.id, emptyRoleId, [
      { name: "Screen", type: "application_review" },
      { name: "Design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2 },
    ]);
    if (!challenge || !design || !final) throw new Error("stages");
    ({ applicationId } = await seedApplication(
      server.database,
      org.id,
      roleId,
      { fullName: "Noor Visible-Name", email: "noor@candidates.test" },
      { stageId: design.id },
    ));
    const copier = await seedApplication(
      server.database,
      org.id,
      roleId,
      { fullName: "Copy Cat", email: "copy@candidates.test" },
      { stageId: challenge.id },
    );
    ({ applicationId: movingApplicationId } = await seedApplication(
      server.database,
      org.id,
      roleId,
      { fullName: "Mia Mover", email: "mia@candidates.test" },
      { stageId: challenge.id },
    ));
    await seedCopiedChallengeSubmissions(server.database.db, org.id, challenge.id, [
      applicationId,
      copier.applicationId,
    ]);
    // In the future, so filing now is "before the interview has started".
    const interview = await api(
      org.users.hiring_manager.token,
      "POST",
      "/api/v1/interviews",
      {
        applicationId,
        stageId: design.id,
        scheduledAt: "2031-03-04T09:00:00Z",
        durationMinutes: 60,
        interviewerIds: [org.users.interviewer.id, ben.id],
        mode: "remote",
        videoLink: "https://meet.example.com/design-round",
      },
      201,
    );
    interviewId = String(interview.id);
    // The other interviewer has filed; the interviewer under test does so in the page.
    await api(
      ben.token,
      "POST",
      `/api/v1/interviews/${interviewId}/scorecards`,
      { ratings: ratingsFor(DESIGN_KIT, [4, 3]), recommendation: "strong_yes" },
      201,
    );
    browser = await launchBrowser();
    // The machine running the suite is shared; starting a server and a browser can take a while.
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const firstAttribute = () => ratingsFor(DESIGN_KIT, [3])[0]?.attributeId ?? "";

  it("shows the kit beside the scorecard, folds kit sections, and keeps a draft across a reload", async () => {
    const page = await signIn(org.users.interviewer.email, `/interviews/${interviewId}`);
    const kit = page.getByRole("region", { name: "Interview kit" });
    const form = page.locator("form.scorecard-form");
    await form.waitFor();
    const kitBox = await kit.boundingBox();
    const formBox = await form.boundingBox();
    // Side by side at desktop width: the scorecard starts to the right of the kit.
    expect(kitBox && formBox && formBox.x >= kitBox.x + kitBox.width - 1).toBe(true);

    const guidance = kit.locator("details", { hasText: "How to run this interview" });
    expect(await guidance.getAttribute("open")).toBeNull();
    await guidance.locator("summary").click();
    expect(await guidance.getAttribute("open")).not.toBeNull();
    const firstQuestion = kit.locator("details", { hasText: "Question 1" });
    await firstQuestion.locator("summary").click();
    expect(await firstQuestion.getAttribute("open")).toBeNull();

    const evidence = page.locator(`#scorecard-evidence-${firstAttribute()}`);
    await evidence.fill("Asked about the read/write ratio before choosing storage.");
    await page.locator(`#scorecard-${firstAttribute()}-level-3`).check();
    await page.getByLabel("Private notes").fill("Follow up on cache eviction.");
    await page
      .getByRole("status")
      .filter({ hasText: /^Draft saved \d{1,2}:\d{2}/ })
      .waitFor();
    await page.screenshot({ path: `${SHOTS}/workspace-interview-1366.png` });

    // The draft is the server's, so it follows the interviewer to another device.
    const saved = await api(
      org.users.interviewer.token,
      "GET",
      `/api/v1/interviews/${interviewId}/scorecard-draft`,
    );
    expect(JSON.stringify(saved.body)).toContain("read/write ratio");
    await page.reload();
    await form.waitFor();
    await expect(evidence.inputValue()).resolves.toBe(
      "Asked about the read/write ratio before choosing storage.",
    );
    expect(await page.locator(`#scorecard-${firstAttribute()}-level-3`).isChecked()).toBe(true);
    await expect(page.getByLabel("Private notes").inputValue()).resolves.toBe("Follow up on cache eviction.");
    await page
      .getByRole("status")
      .filter({ hasText: /^Draft saved/ })
      .waitFor();
    // The draft is the server's, so it follows the interviewer to another device.
    const stored = await api(
      org.users.interviewer.token,
      "GET",
      `/api/v1/interviews/${interviewId}/scorecard-draft`,
    );
    expect((stored.body as { privateNotes: string }).privateNotes).toBe("Follow up on cache eviction.");

    await page.setViewportSize({ width: 390, height: 844 });
    const narrowKit = await kit.boundingBox();
    const narrowForm = await form.boundingBox();
    // Stacked on a phone: the scorecard comes below the kit, and nothing is wider than the screen.
    expect(narrowKit && narrowForm && narrowForm.y >= narrowKit.y + narrowKit.height - 1).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/workspace-interview-390.png` });
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/workspace-interview-390-scorecard.png` });
    await page.close();
  });

  it("asks before leaving with unsaved changes, and lets the interviewer stay", async () => {
    const page = await signIn(org.users.interviewer.email, `/interviews/${interviewId}`);
    const evidence = page.locator(`#scorecard-evidence-${firstAttribute()}`);
    await evidence.waitFor();
    // The draft is saved 1.2 s after typing pauses, and on a busy machine the click below can come
    // later than that. So the save is held at the network until the question has been answered:
    // the notes are then certainly "not saved yet" when the interviewer leaves, whatever the timing.
    let releaseSave = () => {};
    const saveHeld = new Promise<void>((resolve) => {
      releaseSave = resolve;
    });
    await page.route("**/scorecard-draft", async (route) => {
      if (route.request().method() === "PUT") await saveHeld;
      await route.continue();
    });
    await evidence.fill("Typed just now, and not saved yet when leaving.");
    await page.getByRole("link", { name: "Interviews", exact: true }).first().click();
    const dialog = page.getByRole("dialog", { name: "Leave with unsaved notes?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Stay on this page" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(new URL(page.url()).pathname).toBe(`/interviews/${interviewId}`);
    await expect(evidence.inputValue()).resolves.toBe("Typed just now, and not saved yet when leaving.");

    // Once saved, leaving asks nothing. "Saving draft…" shows the held save has started (the page
    // still says "Draft saved" from the earlier draft until then); releasing it stores the notes.
    await page.getByRole("status").filter({ hasText: "Saving draft…" }).waitFor();
    releaseSave();
    await page
      .getByRole("status")
      .filter({ hasText: /^Draft saved/ })
      .waitFor();
    await page.locator(".breadcrumb").getByRole("link", { name: "Interviews" }).click();
    await page.waitForURL((url) => url.pathname === "/interviews");
    await page.close();
  });

  it("asks before filing ahead of the interview, files on confirmation and clears the draft", async () => {
    const page = await signIn(org.users.interviewer.email, `/interviews/${interviewId}`);
    const form = page.locator("form.scorecard-form");
    await form.waitFor();
    for (const rating of ratingsFor(DESIGN_KIT, [3])) {
      await page.locator(`#scorecard-${rating.attributeId}-level-3`).check();
      await page.locator(`#scorecard-evidence-${rating.attributeId}`).fill(rating.evidence);
    }
    await page.getByRole("radio", { name: "Yes", exact: true }).check();
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith("/scorecards")) posts.push(request.url());
    });
    await form.getByRole("button", { name: "Submit scorecard" }).click();
    const dialog = page.getByRole("dialog", { name: "File before the interview has started?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Not yet" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(posts).toEqual([]);

    await form.getByRole("button", { name: "Submit scorecard" }).click();
    await dialog.getByRole("button", { name: "File the scorecard now" }).click();
    await page.getByRole("heading", { name: "Your scorecard as filed" }).waitFor();
    expect(posts).toHaveLength(1);
    const draft = await api(
      org.users.interviewer.token,
      "GET",
      `/api/v1/interviews/${interviewId}/scorecard-draft`,
    );
    expect(draft.body).toBeNull();
    await page.close();
  });

  it("shows every scorecard per attribute and the similarity flag, and confirms the decision before recording it", async () => {
    const page = await signIn(org.users.hiring_manager.email, `/applications/${applicationId}/decision`);
    const grid = page.getByRole("table", { name: /System design/ });
    await grid.waitFor();
    const headers = await grid.locator("thead th").allTextContents();
    // Raters in filing order: Ben filed in the set-up, before the interviewer under test.
    expect(headers).toEqual(["Attribute", "Ben Rater", "Workspace interviewer"]);
    expect(await grid.locator("tbody tr").count()).toBe(ratingsFor(DESIGN_KIT, [3]).length);
    // Ben rated the first attribute 4; his evidence opens from the cell.
    const bensCell = grid.locator("tbody tr").first().locator("td").nth(0);
    expect((await bensCell.locator("summary").textContent())?.startsWith("4")).toBe(true);
    await bensCell.locator("summary").click();
    await bensCell.getByText("walked through the trade-offs").waitFor();

    const flags = page.getByRole("region", { name: "Integrity flags" });
    await flags.getByText(/Challenge code \d+% similar to Candidate [0-9A-F]{4}'s/).waitFor();
    // The evidence comes before the formula.
    const flagsBox = await flags.boundingBox();
    const formulaBox = await page.getByRole("region", { name: "The formula says" }).boundingBox();
    expect(flagsBox && formulaBox && flagsBox.y < formulaBox.y).toBe(true);
    await page.screenshot({ path: `${SHOTS}/workspace-decision-1366.png`, fullPage: true });

    const decisionPosts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith("/decision")) decisionPosts.push("POST");
    });
    await page.getByRole("radio", { name: /Hire.*the formula's outcome/ }).check();
    await page.getByRole("button", { name: "Record decision" }).click();
    const dialog = page.getByRole("dialog", { name: "Record the decision: hire?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(decisionPosts).toEqual([]);
    await page.getByRole("button", { name: "Record decision" }).click();
    await dialog.getByRole("button", { name: "Record: hire" }).click();
    await page.getByRole("status").filter({ hasText: "Decision recorded: hire." }).waitFor();
    expect(decisionPosts).toEqual(["POST"]);

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/workspace-decision-390.png`, fullPage: true });
    await page.close();
  });

  async function stageOf(id: string): Promise<string> {
    const application = await api(org.users.recruiter.token, "GET", `/api/v1/applications/${id}`);
    return (application.currentStage as { name: string }).name;
  }

  it("moves a card by dragging it to the next stage, and undoes the move", async () => {
    const page = await signIn(org.users.recruiter.email, `/roles/${roleId}/pipeline`);
    const handle = page.getByRole("button", { name: "Drag Mia Mover to another stage" });
    await handle.waitFor();
    // By the column's heading: every card's Move select also lists "System design".
    const columnOf = (stage: string) =>
      page.locator(".pipeline-column").filter({ has: page.locator("h3", { hasText: stage }) });
    const designColumn = columnOf("System design");
    const from = await handle.boundingBox();
    const to = await designColumn.boundingBox();
    if (!from || !to) throw new Error("the handle and the column must be on screen");
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    // In steps, as a hand moves: the pointer sensor starts the drag after 6 px of travel.
    await page.mouse.move(from.x + 40, from.y + 10, { steps: 10 });
    await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 20 });
    await designColumn.and(page.locator(".pipeline-column-over")).waitFor();
    await page.mouse.up();

    const confirmation = page.locator(".move-confirmation", {
      hasText: "Mia Mover moved to System design.",
    });
    await confirmation.waitFor();
    await designColumn.getByRole("link", { name: "Mia Mover" }).waitFor();
    expect(await stageOf(movingApplicationId)).toBe("System design");
    await page.screenshot({ path: `${SHOTS}/workspace-pipeline-1366.png`, fullPage: true });

    await confirmation.getByRole("button", { name: /^Undo/ }).click();
    await page
      .locator(".move-confirmation", { hasText: "Move undone: Mia Mover is back in Coding challenge." })
      .waitFor();
    await columnOf("Coding challenge").getByRole("link", { name: "Mia Mover" }).waitFor();
    expect(await stageOf(movingApplicationId)).toBe("Coding challenge");
    // test/workspace.test.ts shows the API audits it as application.stage_move_undone.
    await page.close();
  });

  it("moves a card with dnd-kit's keyboard controls and with the Move control", async () => {
    const page = await signIn(org.users.recruiter.email, `/roles/${roleId}/pipeline`);
    const handle = page.getByRole("button", { name: "Drag Mia Mover to another stage" });
    await handle.focus();
    // Each key waits for what the page announces, as a keyboard user does: a key pressed before
    // the drag has started is lost on a busy machine.
    await page.keyboard.press("Space");
    // dnd-kit says "Picked up" and at once where the card is over, so the handle's pressed state
    // is what shows the drag has started.
    await page.locator('button[aria-label="Drag Mia Mover to another stage"][aria-pressed="true"]').waitFor();
    await page
      .getByText("is over Coding challenge, its current stage", { exact: false })
      .waitFor({ state: "attached" });
    await page.keyboard.press("ArrowRight");
    await page.getByText("is over System design", { exact: false }).waitFor({ state: "attached" });
    await page.keyboard.press("Space");
    await page.locator(".move-confirmation", { hasText: "Mia Mover moved to System design." }).waitFor();
    expect(await stageOf(movingApplicationId)).toBe("System design");

    // The select and button on each card still move it too, and the focus follows the card.
    await page.getByLabel("Move Mia Mover to").selectOption({ label: "Final conversation" });
    await page.getByRole("button", { name: "Move Mia Mover" }).click();
    await page.locator(".move-confirmation", { hasText: "Mia Mover moved to Final conversation." }).waitFor();
    expect(await stageOf(movingApplicationId)).toBe("Final conversation");

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/workspace-pipeline-390.png`, fullPage: true });
    await page.close();
  });

  it("shows an empty role its empty state instead of an empty board", async () => {
    const page = await signIn(org.users.recruiter.email, `/roles/${emptyRoleId}/pipeline`);
    await page.getByRole("heading", { name: "No one is in this pipeline yet" }).waitFor();
    expect(await page.getByRole("link", { name: "Add the first candidate" }).getAttribute("href")).toBe(
      `/candidates/new?roleId=${emptyRoleId}`,
    );
    expect(await page.locator(".pipeline-board").count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/workspace-pipeline-empty-390.png`, fullPage: true });
    await page.close();
  });
});
