/**
 * A candidate goes through a three-step async exercise in the portal (design document, code
 * review of a diff, question thread with a delayed answer) while the server's clock is advanced,
 * and a pool reviewer rates a step blind with the note guard's hint showing and files the rating.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/platform/clock.ts";
import {
  addExerciseCandidate,
  createExerciseRole,
  EXERCISE_START,
  type ExerciseCandidate,
  threeStepExercise,
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

describe("async exercise in the portal and its blind review (Chromium)", () => {
  const clock = fixedClock(EXERCISE_START);
  let server: TestServer;
  let org: SeededOrganization;
  let browser: Browser;
  let page: Page;
  let candidate: ExerciseCandidate;
  let reviewer: { id: string; email: string; token: string };

  beforeAll(async () => {
    server = await startTestServer("pglite", { clock });
    org = await seedOrganization(server.database, "Async");
    reviewer = await addTestMember(server.database, org.id, "Rae Reviewer");
    const role = await createExerciseRole(server, org, [reviewer.id]);
    expect(
      (
        await call(server, "PUT", `/api/v1/plan-stages/${role.stageId}/exercise`, {
          token: org.users.recruiter.token,
          body: threeStepExercise("refuse"),
        })
      ).status,
    ).toBe(200);
    candidate = await addExerciseCandidate(
      server,
      org,
      role,
      { fullName: "Noor Haddad", email: "noor.haddad@example.net" },
      clock,
    );
    expect(
      (
        await call(server, "POST", `/api/v1/applications/${candidate.applicationId}/exercise`, {
          token: org.users.recruiter.token,
          body: { startsAt: EXERCISE_START.toISOString(), candidateTimeZone: "Europe/Lisbon" },
        })
      ).status,
    ).toBe(201);
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
    // A loaded machine: the server, the seed and Chromium take a while to start.
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const exerciseUrl = () => `${server.url}/portal/applications/${candidate.applicationId}/exercise`;

  it("shows the steps with release times and deadlines in the candidate's zone, and takes the design document", async () => {
    await page.goto(exerciseUrl());
    await page.getByRole("heading", { name: "Multi-day async exercise" }).waitFor();
    await page.getByText("Tue, 8 Dec 2026, 17:00 (Europe/Lisbon)").first().waitFor();
    expect(await page.getByRole("link", { name: "Review the retry worker" }).count()).toBe(0);
    await page.screenshot({
      path: "test/browser/screenshots/working-style-exercise-1366.png",
      fullPage: true,
    });

    await page.getByRole("link", { name: "Design document: outbound webhooks" }).click();
    await page.getByRole("heading", { name: "Your design document" }).waitFor();
    await page
      .getByLabel("Design document (Markdown)")
      .fill("# Webhooks\n\nRetries with exponential backoff, capped at 24 hours.");
    await page.getByText("10 words", { exact: false }).waitFor();
    await page.getByText(/Draft saved/).waitFor();
    await page.getByRole("tab", { name: "Preview" }).click();
    await page.getByRole("heading", { name: "Webhooks", exact: true }).waitFor();
    await page.getByRole("button", { name: "Submit this version" }).click();
    await page.getByText("Version 1 submitted.", { exact: false }).waitFor();
  });

  it("opens the code review the next day and takes line comments with a verdict", async () => {
    clock.set(new Date("2026-12-08T10:00:00Z"));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${exerciseUrl()}/steps/code-review`);
    await page.getByRole("heading", { name: "Your review" }).waitFor();
    await page.getByRole("button", { name: "Comment on new line 2 of src/retry.ts" }).click();
    await page
      .getByRole("textbox", { name: "Comment on new line 2" })
      .fill("A hundred attempts without backoff will hammer the receiver.");
    await page.getByRole("button", { name: "Add comment" }).click();
    await page.getByText("A hundred attempts without backoff").waitFor();
    await page.getByLabel("Request changes").check();
    await page.getByLabel("Summary for the author").fill("Add backoff and a cap before merging.");
    await page.getByRole("button", { name: "Submit the review" }).click();
    await page.getByText("Review version 1 submitted.").waitFor();
    await page.screenshot({
      path: "test/browser/screenshots/working-style-code-review-390.png",
      fullPage: true,
    });
  });

  it("shows the team's answer to a question only after four working hours", async () => {
    clock.set(new Date("2026-12-09T14:00:00Z"));
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${exerciseUrl()}/steps/questions`);
    await page.getByLabel("Ask a question").fill("Which signature scheme do receivers expect?");
    await page.getByRole("button", { name: "Send the question" }).click();
    await page.getByText("Waiting for the team's answer.").waitFor();
    const view = await call(server, "GET", `/api/v1/applications/${candidate.applicationId}/exercise`, {
      token: org.users.recruiter.token,
    });
    const question = (view.body.steps as { questions: { id: string }[] }[])[2]?.questions[0];
    const answered = await call(server, "POST", `/api/v1/exercise-questions/${question?.id}/answer`, {
      token: org.users.recruiter.token,
      body: { answer: "HMAC-SHA256 over the raw body." },
    });
    // Asked and answered at 14:00 on Wednesday in Lisbon: three working hours today, one tomorrow.
    expect(answered.body.releaseAt).toBe("2026-12-10T10:00:00.000Z");
    await page.reload();
    await page.getByText("Waiting for the team's answer.").waitFor();
    clock.set(new Date("2026-12-10T10:00:00Z"));
    await page.reload();
    await page.getByText("HMAC-SHA256 over the raw body.").waitFor();
  });

  it("lets a pool reviewer rate the design document blind, with a gentle note-guard hint, and file it", async () => {
    await page.context().clearCookies();
    await signInWithPassword(page, server.url, reviewer.email, TEST_PASSWORD);
    await page.goto(`${server.url}/applications/${candidate.applicationId}/exercise`);
    await page.getByRole("heading", { name: /Multi-day async exercise: Candidate [0-9A-F]{4}/ }).waitFor();
    expect(await page.getByText("Noor").count()).toBe(0);
    await page.getByText("Activity timeline").waitFor();
    const step = page.getByRole("region", { name: "Design document: outbound webhooks" });
    const clarity = step.getByRole("group", { name: "Design doc clarity" });
    await clarity.getByText("4 · ", { exact: false }).click();
    await clarity
      .getByLabel("Evidence for Design doc clarity")
      .fill("Leads with the decision; great culture fit.");
    await step.getByText("“culture fit”").waitFor();
    const decisions = step.getByRole("group", { name: "Assumptions, decisions and next steps" });
    await decisions.getByText("3 · ", { exact: false }).click();
    await decisions
      .getByLabel("Evidence for Assumptions, decisions and next steps")
      .fill("Names the 24-hour cap as an assumption and asks who owns retries.");
    await page.screenshot({ path: "test/browser/screenshots/working-style-review-1366.png", fullPage: true });

    await step.getByRole("button", { name: "File the rating" }).click();
    // Filed: the form gives way to the reviewer's own rating, with the levels chosen.
    await step
      .getByText(/Your rating, filed .*: Design doc clarity 4, Assumptions, decisions and next steps 3/)
      .waitFor();
    expect(await step.getByRole("button", { name: "File the rating" }).count()).toBe(0);
    await step.getByText("note guard: culture fit").waitFor();

    // Stored as filed: the reviewer's own view from the API has it, evidence and flag included.
    const view = await call(server, "GET", `/api/v1/applications/${candidate.applicationId}/exercise`, {
      token: reviewer.token,
    });
    expect(view.status).toBe(200);
    const designDoc = (
      view.body.steps as {
        id: string;
        hasMyReview: boolean;
        reviews: { isMine: boolean; reviewerId: string; flaggedTerms: string[]; ratings: unknown[] }[];
      }[]
    ).find((candidateStep) => candidateStep.id === "design-doc");
    expect(designDoc?.hasMyReview).toBe(true);
    expect(designDoc?.reviews).toHaveLength(1);
    expect(designDoc?.reviews[0]).toMatchObject({
      isMine: true,
      reviewerId: reviewer.id,
      flaggedTerms: ["culture fit"],
      ratings: [
        {
          attributeId: "design-doc-clarity",
          level: 4,
          evidence: "Leads with the decision; great culture fit.",
        },
        {
          attributeId: "assumptions-decisions-next-steps",
          level: 3,
          evidence: "Names the 24-hour cap as an assumption and asks who owns retries.",
        },
      ],
    });

    // Still blind after filing, across a reload: the candidate's real name is nowhere on the page.
    await page.reload();
    await step.getByText(/Your rating, filed/).waitFor();
    const text = (await page.locator("body").textContent()) ?? "";
    expect(text).not.toContain("Noor");
    expect(text).not.toContain("Haddad");
    expect(text).not.toContain("noor.haddad@example.net");
  });
});
