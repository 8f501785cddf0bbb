/**
 * A hiring manager adds a multi-day async exercise stage to a role's plan in the web app, defines
 * its steps from the prefilled example, saves them, sees them again after a reload, and sees the
 * server's own message next to a field it refuses.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRemoteRoleWithPlan } from "../support/exercise-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from "../support/server.ts";
import { launchBrowser, signInWithPassword } from "./browser.ts";

interface SavedStep {
  id: string;
  kind: string;
  title: string;
  releaseAfterHours: number;
  responseHours: number;
  diff: string | null;
  answerDelayWorkingHours: number | null;
}

describe("the exercise editor in the plan (Chromium)", () => {
  let server: TestServer;
  let org: SeededOrganization;
  let browser: Browser;
  let page: Page;
  let roleId = "";
  let stageId = "";

  const manager = () => org.users.hiring_manager.token;
  const exerciseStage = () => page.getByRole("region", { name: /Multi-day async exercise$/ });
  const step = (n: number): Locator =>
    exerciseStage().getByRole("group", { name: new RegExp(`^Step ${n} ·`) });
  const readDefinition = () =>
    call(server, "GET", `/api/v1/plan-stages/${stageId}/exercise`, { token: manager() });

  beforeAll(async () => {
    server = await startTestServer("pglite");
    org = await seedOrganization(server.database, "Plans");
    ({ roleId } = await createRemoteRoleWithPlan(server, org, "Backend Engineer, Webhooks"));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signInWithPassword(page, server.url, org.users.hiring_manager.email, TEST_PASSWORD);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("adds an async_exercise stage, which asks for the plan to be saved before its steps", async () => {
    await page.goto(`${server.url}/roles/${roleId}/plan`);
    await page.getByLabel("New stage type").selectOption("async_exercise");
    await page.getByRole("button", { name: "Add stage" }).click();
    await exerciseStage().getByText("Save the plan to define this exercise's steps").waitFor();
    expect(await exerciseStage().getByRole("heading", { name: "Exercise steps" }).count()).toBe(0);

    await page.getByRole("button", { name: "Save plan" }).click();
    await page.getByRole("status").filter({ hasText: "Plan saved." }).waitFor();
    const plan = await call(server, "GET", `/api/v1/roles/${roleId}/plan`, { token: manager() });
    const stage = (plan.body.stages as { id: string; type: string }[]).find(
      (candidate) => candidate.type === "async_exercise",
    );
    expect(stage).toBeDefined();
    stageId = stage?.id ?? "";
    // Nothing is defined until the manager saves the exercise.
    expect((await readDefinition()).status).toBe(404);
  });

  it("prefills a three-step example, edits, reorders and saves it, and shows it after a reload", async () => {
    await exerciseStage().getByRole("heading", { name: "Exercise steps" }).waitFor();
    await exerciseStage().getByText("No exercise is defined for this stage yet").waitFor();
    expect(await step(1).getByLabel("Title").inputValue()).toBe("Design document: outbound webhooks");
    expect(await step(2).getByLabel("Step kind").inputValue()).toBe("code_review");
    expect(await step(2).getByLabel("Diff to review (unified)").inputValue()).toContain("@@ -1,4 +1,6 @@");
    expect(await step(3).getByLabel("Step kind").inputValue()).toBe("question_thread");
    expect(await step(4).count()).toBe(0);

    // Add a whiteboard step and take it out again.
    await exerciseStage().getByLabel("New step kind").selectOption("whiteboard");
    await exerciseStage().getByRole("button", { name: "Add step" }).click();
    expect(await step(4).getByLabel("Step kind").inputValue()).toBe("whiteboard");
    await step(4).getByRole("button", { name: "Remove step 4" }).click();
    expect(await step(4).count()).toBe(0);

    await step(1).getByLabel("Title").fill("Design document: signed webhooks");
    await step(1).getByLabel("Instructions (Markdown)").fill("Design **signed** outbound webhooks.");
    await step(3).getByLabel("Answer delay (working hours)").fill("6");
    await step(3).getByLabel("Opens after (hours)").fill("72");
    // The question thread goes before the code review, then the review is due a day later.
    await step(3).getByRole("button", { name: "Move step 3 up" }).click();
    expect(await step(2).getByLabel("Step kind").inputValue()).toBe("question_thread");
    await step(3).getByLabel("Due after (hours)").fill("56");
    await exerciseStage().getByLabel("Late submissions").selectOption("refuse");

    await exerciseStage().getByRole("button", { name: "Save the exercise" }).click();
    await exerciseStage().getByRole("status").filter({ hasText: "Exercise saved." }).waitFor();

    const saved = await readDefinition();
    expect(saved.status).toBe(200);
    expect(saved.body.latePolicy).toBe("refuse");
    const steps = saved.body.steps as SavedStep[];
    expect(steps.map((s) => [s.kind, s.title])).toEqual([
      ["design_doc", "Design document: signed webhooks"],
      ["question_thread", "Change of requirements"],
      ["code_review", "Review the retry worker"],
    ]);
    expect(steps[0]).toMatchObject({ releaseAfterHours: 0, responseHours: 32, diff: null });
    expect(steps[1]).toMatchObject({ releaseAfterHours: 72, responseHours: 8, answerDelayWorkingHours: 6 });
    expect(steps[2]).toMatchObject({
      releaseAfterHours: 24,
      responseHours: 56,
      answerDelayWorkingHours: null,
    });
    expect(steps[2]?.diff).toContain("+  for (let attempt = 0; attempt < 100; attempt++) {");
    expect(new Set(steps.map((s) => s.id)).size).toBe(3);

    await page.reload();
    await exerciseStage().getByRole("heading", { name: "Exercise steps" }).waitFor();
    await step(1).waitFor();
    expect(await exerciseStage().getByText("No exercise is defined for this stage yet").count()).toBe(0);
    expect(await step(1).getByLabel("Title").inputValue()).toBe("Design document: signed webhooks");
    expect(await step(1).getByLabel("Instructions (Markdown)").inputValue()).toBe(
      "Design **signed** outbound webhooks.",
    );
    expect(await step(2).getByLabel("Answer delay (working hours)").inputValue()).toBe("6");
    expect(await step(3).getByLabel("Due after (hours)").inputValue()).toBe("56");
    expect(await step(3).getByLabel("Diff to review (unified)").inputValue()).toContain("@@ -1,4 +1,6 @@");
    expect(await exerciseStage().getByLabel("Late submissions").inputValue()).toBe("refuse");
    expect(await step(4).count()).toBe(0);
    // Once saved, each step can be narrowed to the kit's rubric attributes.
    await step(1).getByRole("group", { name: "Rated on" }).getByLabel("Design doc clarity").waitFor();
  });

  it("shows the server's messages next to the fields it refuses, and saves nothing", async () => {
    const before = await readDefinition();
    await step(1).getByLabel("Title").fill("   ");
    await step(2).getByLabel("Due after (hours)").fill("0");
    await exerciseStage().getByRole("button", { name: "Save the exercise" }).click();

    // The same body sent straight to the API gives the messages the page must show by the fields.
    const refused = await call(server, "PUT", `/api/v1/plan-stages/${stageId}/exercise`, {
      token: manager(),
      body: {
        ...before.body,
        steps: (before.body.steps as SavedStep[]).map((s, index) =>
          index === 0 ? { ...s, title: "   " } : index === 1 ? { ...s, responseHours: 0 } : s,
        ),
      },
    });
    expect(refused.status).toBe(400);
    const messages = refused.body.errors as { path: string; message: string }[];
    const messageFor = (path: string) => messages.find((error) => error.path === path)?.message ?? "";
    expect(messageFor("body.steps.0.title")).not.toBe("");
    expect(messageFor("body.steps.1.responseHours")).not.toBe("");

    const title = step(1).getByLabel("Title");
    await step(1).getByText(messageFor("body.steps.0.title")).waitFor();
    expect(await title.getAttribute("aria-invalid")).toBe("true");
    const titleError = await title.getAttribute("aria-describedby");
    expect(titleError).toContain("-title-error");
    expect(await page.locator(`[id="${titleError?.split(" ").at(-1)}"]`).textContent()).toBe(
      messageFor("body.steps.0.title"),
    );
    const due = step(2).getByLabel("Due after (hours)");
    expect(await due.getAttribute("aria-invalid")).toBe("true");
    const dueError = (await due.getAttribute("aria-describedby"))?.split(" ").at(-1);
    expect(await page.locator(`[id="${dueError}"]`).textContent()).toBe(
      messageFor("body.steps.1.responseHours"),
    );
    // The other steps' fields are not marked.
    expect(await step(3).getByLabel("Title").getAttribute("aria-invalid")).toBeNull();
    expect(await step(1).getByLabel("Due after (hours)").getAttribute("aria-invalid")).toBeNull();
    expect((await readDefinition()).body).toEqual(before.body);

    // A service-level check (not the schema's) lands by its field too: a diff that is not one.
    await step(1).getByLabel("Title").fill("Design document: signed webhooks");
    await step(2).getByLabel("Due after (hours)").fill("8");
    await step(3).getByLabel("Diff to review (unified)").fill("this is not a diff");
    await exerciseStage().getByRole("button", { name: "Save the exercise" }).click();
    await step(3).getByText("is not a unified diff with at least one hunk", { exact: false }).waitFor();
    expect(await step(3).getByLabel("Diff to review (unified)").getAttribute("aria-invalid")).toBe("true");
    expect(await step(1).getByLabel("Title").getAttribute("aria-invalid")).toBeNull();
    expect((await readDefinition()).body).toEqual(before.body);

    await page.screenshot({ path: "test/browser/screenshots/exercise-editor-1366.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await step(3).getByLabel("Diff to review (unified)").scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test/browser/screenshots/exercise-editor-390.png", fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await page.setViewportSize({ width: 1366, height: 900 });
  });
});
