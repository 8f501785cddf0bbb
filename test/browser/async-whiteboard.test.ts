/**
 * The async whiteboard step: the candidate draws alone in the portal once the step is released,
 * the drawing autosaves as a draft that survives a reload, versions are submitted, and a pool
 * reviewer sees the board read-only, blind, beside the step's rubric.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/platform/clock.ts";
import {
  addExerciseCandidate,
  createExerciseRole,
  EXERCISE_START,
  type ExerciseCandidate,
  whiteboardExercise,
} from "../support/exercise-seed.ts";
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

const screenshots = "test/browser/screenshots";

describe("async whiteboard step in the portal and its blind review (Chromium)", () => {
  const clock = fixedClock(EXERCISE_START);
  let server: TestServer;
  let org: SeededOrganization;
  let browser: Browser;
  let page: Page;
  let candidate: ExerciseCandidate;
  let reviewer: { id: string; email: string; token: string };

  beforeAll(async () => {
    server = await startTestServer("pglite", { clock });
    org = await seedOrganization(server.database, "Boards");
    reviewer = await addTestMember(server.database, org.id, "Rae Reviewer");
    const role = await createExerciseRole(server, org, [reviewer.id]);
    const defined = await call(server, "PUT", `/api/v1/plan-stages/${role.stageId}/exercise`, {
      token: org.users.recruiter.token,
      body: whiteboardExercise("refuse"),
    });
    expect(defined.status, JSON.stringify(defined.body)).toBe(200);
    candidate = await addExerciseCandidate(
      server,
      org,
      role,
      { fullName: "Noor Haddad", email: "noor.haddad@example.net" },
      clock,
    );
    const started = await call(server, "POST", `/api/v1/applications/${candidate.applicationId}/exercise`, {
      token: org.users.recruiter.token,
      body: { startsAt: EXERCISE_START.toISOString(), candidateTimeZone: "Europe/Lisbon" },
    });
    expect(started.status).toBe(201);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.addCookies([
      {
        name: "evident_candidate",
        value: candidate.cookie.slice("evident_candidate=".length),
        url: server.url,
      },
    ]);
    page = await context.newPage();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const stepUrl = () =>
    `${server.url}/portal/applications/${candidate.applicationId}/exercise/steps/whiteboard`;

  /** The element types of the stored draft, as the portal answers them. */
  async function draftTypes() {
    const step = await call(
      server,
      "GET",
      `/api/v1/portal/applications/${candidate.applicationId}/exercise/steps/whiteboard`,
      { headers: { cookie: candidate.cookie } },
    );
    const draft = step.body.draft as { content: { elements: { type: string }[] } } | null;
    return draft?.content.elements.map((element) => element.type) ?? [];
  }

  /** Draws a rectangle with the toolbar's shortcut, dragging across the board. */
  async function drawRectangle(from: { x: number; y: number }, to: { x: number; y: number }) {
    const canvas = page.locator(".exercise-whiteboard .excalidraw canvas.interactive");
    await canvas.waitFor({ timeout: 60_000 });
    const box = await canvas.boundingBox();
    if (!box) throw new Error("the whiteboard has no canvas");
    await page.keyboard.press("r");
    await page.mouse.move(box.x + from.x, box.y + from.y);
    await page.mouse.down();
    await page.mouse.move(box.x + to.x, box.y + to.y, { steps: 8 });
    await page.mouse.up();
  }

  it("keeps the step closed until its release time, then lets the candidate draw, autosaving a draft that survives a reload", async () => {
    await page.goto(stepUrl());
    await page.getByRole("heading", { name: "Not open yet" }).waitFor();
    await page.getByText("opens Tue, 8 Dec 2026, 09:00 (Europe/Lisbon)").waitFor();

    clock.set(new Date("2026-12-08T10:00:00Z"));
    await page.goto(stepUrl());
    await page.getByRole("heading", { name: "Your whiteboard" }).waitFor();
    await page.getByText("0 elements").waitFor();
    await page.locator(".exercise-whiteboard .excalidraw").click({ position: { x: 400, y: 200 } });
    // Right of the style panel Excalidraw opens on the left once a tool is chosen.
    await drawRectangle({ x: 320, y: 150 }, { x: 480, y: 260 });
    await page.getByText("1 element ·").waitFor();
    // Autosaved a moment after the drawing stopped changing.
    await expect.poll(draftTypes, { timeout: 20_000 }).toEqual(["rectangle"]);
    await page.getByText(/Draft saved/).waitFor();

    await page.reload();
    await page.getByRole("heading", { name: "Your whiteboard" }).waitFor();
    await page.locator(".exercise-whiteboard .excalidraw canvas.interactive").waitFor({ timeout: 60_000 });
    // The draft came back: one element, in the count and still stored.
    await page.getByText("1 element ·").waitFor();
    expect(await draftTypes()).toEqual(["rectangle"]);
  });

  it("submits versions, at 1366 and 390 px", async () => {
    await page.locator(".exercise-whiteboard .excalidraw").click({ position: { x: 600, y: 300 } });
    await drawRectangle({ x: 560, y: 150 }, { x: 720, y: 240 });
    await page.getByText("2 elements ·").waitFor();
    await expect.poll(draftTypes, { timeout: 20_000 }).toEqual(["rectangle", "rectangle"]);
    await page.getByRole("button", { name: "Submit this version" }).click();
    await page.getByText("Version 1 submitted.", { exact: false }).waitFor();
    await page.getByRole("region", { name: "Submitted versions" }).getByText("Version 1").waitFor();
    await page.screenshot({ path: `${screenshots}/async-whiteboard-candidate-1366.png`, fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("heading", { name: "Your whiteboard" }).waitFor();
    await page.locator(".exercise-whiteboard .excalidraw canvas.interactive").waitFor({ timeout: 60_000 });
    await page.getByText("2 elements ·").waitFor();
    await page.screenshot({ path: `${screenshots}/async-whiteboard-candidate-390.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it("shows the board read-only and blind to a pool reviewer, with the step's rubric", async () => {
    await page.context().clearCookies();
    await signInWithPassword(page, server.url, reviewer.email, TEST_PASSWORD);
    await page.goto(`${server.url}/applications/${candidate.applicationId}/exercise`);
    await page.getByRole("heading", { name: /Multi-day async exercise: Candidate [0-9A-F]{4}/ }).waitFor();
    expect(await page.getByText("Noor").count()).toBe(0);
    const step = page.getByRole("region", { name: "Whiteboard: the delivery flow" });
    await step.getByText("Version 1 of 1", { exact: false }).waitFor();
    const board = step.getByRole("region", { name: "Whiteboard, version 1" });
    await board.locator(".excalidraw canvas").first().waitFor({ timeout: 60_000 });
    // Read-only: Excalidraw's view mode shows no drawing tools.
    expect(await board.locator('[data-testid="toolbar-rectangle"]').count()).toBe(0);
    await step.getByLabel("Evidence for Design doc clarity", { exact: false }).first().waitFor();
    await page.screenshot({ path: `${screenshots}/async-whiteboard-review-1366.png`, fullPage: true });
    // On a phone: the board opened there fits the drawing to its frame.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await board.locator(".excalidraw canvas").first().waitFor({ timeout: 60_000 });
    await board.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshots}/async-whiteboard-review-390.png`, fullPage: true });
    await board.screenshot({ path: `${screenshots}/async-whiteboard-review-board-390.png` });
  });
});
