/**
 * The candidate's editor at CoderPad level: the task and the editor side by side with a splitter
 * (mouse and keyboard) and a collapsible task, the console with the candidate's own output and an
 * error at their own TypeScript line (said once), one visible test run alone, reset to the
 * starter after confirming, the keyboard shortcuts, and the stage's Submit limit shown and
 * enforced. Real server, queue, worker and sandbox; screenshots at 1366 and 390 px.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInChallengesDir } from "../../src/modules/grading-engine/manifest.ts";
import { assertSandboxAvailable } from "../../src/modules/sandbox/sandbox.ts";
import { addChallengeTaker, createChallengeRole } from "../support/challenge-takers.ts";
import { seedOrganization, startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser } from "./browser.ts";

const CHALLENGE = "token-bucket-limiter";
const referenceTs = readFileSync(
  path.join(builtInChallengesDir, CHALLENGE, "reference/typescript/solution.ts"),
  "utf8",
);
/** Grading runs in the sandbox on a shared two-core machine: give a result time to arrive. */
const RESULT_WAIT_MS = 60_000;

// Line 6 throws while the module loads; the console must say solution.ts:6.
const crashingTs = [
  'console.log("hello from Ines");',
  "export class RateLimiter {",
  "  constructor(readonly capacity: number) {}",
  "}",
  "const ready: boolean = false;",
  'if (!ready) throw new Error("not ready at line six");',
].join("\n");

describe("the candidate's editor (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let applicationId = "";

  beforeAll(async () => {
    assertSandboxAvailable();
    server = await startTestServer("pglite", { withWorker: true });
    const org = await seedOrganization(server.database, "Editor");
    const role = await createChallengeRole(server, org, { challengeId: CHALLENGE, maxSubmits: 2 });
    const taker = await addChallengeTaker(server, org, role, {
      fullName: "Ines Okafor",
      email: "ines.okafor@example.net",
    });
    applicationId = taker.applicationId;
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.addCookies([
      { name: "evident_candidate", value: taker.cookie.slice("evident_candidate=".length), url: server.url },
    ]);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const editor = () => page.locator(".cm-content");
  const results = () => page.getByRole("region", { name: /results/ });
  const consolePanel = () => page.getByRole("region", { name: "Console" });
  const splitter = () => page.getByRole("separator", { name: "Resize the task and the editor" });
  const taskPane = () => page.locator("#portal-challenge-prompt");

  async function replaceCode(code: string) {
    await editor().click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText(code);
  }

  it("puts the task and the editor side by side; the splitter resizes by keyboard and mouse; the task hides", async () => {
    await page.goto(`${server.url}/portal/applications/${applicationId}/challenge`);
    await page.getByText("Every key has its own bucket").waitFor();
    await editor().getByText("This method is yours to write.").first().waitFor();
    const taskBox = await taskPane().boundingBox();
    const editorBox = await editor().boundingBox();
    expect(taskBox && editorBox && taskBox.x + taskBox.width <= editorBox.x).toBe(true);
    await page
      .getByText(/Ctrl\+Enter/)
      .first()
      .waitFor();
    await page
      .getByText(/Ctrl\+Shift\+Enter/)
      .first()
      .waitFor();

    expect(await splitter().getAttribute("aria-valuenow")).toBe("40");
    await splitter().focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    expect(await splitter().getAttribute("aria-valuenow")).toBe("50");
    const widerBox = await taskPane().boundingBox();
    expect((widerBox?.width ?? 0) > (taskBox?.width ?? 0)).toBe(true);

    const handle = await splitter().boundingBox();
    if (!handle) throw new Error("the splitter has no box");
    await page.mouse.move(handle.x + handle.width / 2, handle.y + 100);
    await page.mouse.down();
    await page.mouse.move(1366 * 0.3, handle.y + 100, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Number(await splitter().getAttribute("aria-valuenow"))).toBeLessThan(40);
    await page.screenshot({ path: "test/browser/screenshots/candidate-editor-1366.png" });

    await page.getByRole("button", { name: "Hide the task" }).click();
    expect(await taskPane().isHidden()).toBe(true);
    expect(await splitter().count()).toBe(0);
    await page.getByRole("button", { name: "Show the task" }).click();
    await page.getByText("Every key has its own bucket").waitFor();
  });

  it("shows the candidate's console output and a load error once, at their own line (Ctrl+Enter runs)", async () => {
    await replaceCode(crashingTs);
    await page.keyboard.press("Control+Enter");
    await consolePanel().getByText("hello from Ines").waitFor({ timeout: RESULT_WAIT_MS });
    const crash = consolePanel().locator(".portal-challenge-crash");
    await crash.getByText("Error: not ready at line six").waitFor();
    expect(await crash.textContent()).toMatch(/solution\.ts:6:\d+/);
    expect(await crash.textContent()).not.toContain("solution.js");
    // Said once: each test points at the console instead of repeating the error.
    expect(await results().getByText("not ready at line six").count()).toBe(0);
    expect(await results().getByText("Not run: see the error in the console.").count()).toBeGreaterThan(1);
    await page.screenshot({ path: "test/browser/screenshots/candidate-editor-console.png" });
  });

  it("runs one visible test alone", async () => {
    await replaceCode(referenceTs);
    const tests = page.locator(".portal-challenge-visible-tests");
    await tests.locator("summary").click();
    const runButtons = tests.getByRole("button", { name: /^Run the test/ });
    expect(await runButtons.count()).toBeGreaterThan(1);
    const name = (await tests.locator("li span").first().textContent()) ?? "";
    await runButtons.first().click();
    await results().getByText("Visible tests: 1 of 1 passed").waitFor({ timeout: RESULT_WAIT_MS });
    expect(await results().getByRole("listitem").count()).toBe(1);
    await results().getByText(name, { exact: true }).waitFor();
    await consolePanel().getByText("Your code printed nothing.").waitFor();
  });

  it("resets to the starter only after confirming", async () => {
    await page.getByRole("button", { name: "Reset to starter…" }).click();
    await page.getByText(/Replace your TypeScript code with the starter\?/).waitFor();
    await page.getByRole("button", { name: "Keep my code" }).click();
    await editor().getByText("export class RateLimiter").first().waitFor();
    expect(await editor().getByText("This method is yours to write.").count()).toBe(0);

    await page.getByRole("button", { name: "Reset to starter…" }).click();
    await page.getByRole("button", { name: "Reset and discard my code" }).click();
    await editor().getByText("This method is yours to write.").first().waitFor();
    expect(await page.getByRole("button", { name: "Reset to starter…" }).isDisabled()).toBe(true);
  });

  it("shows 'Submit n of m' before each Submit and refuses after the stage's limit", async () => {
    await replaceCode(referenceTs);
    for (const count of [1, 2]) {
      await page.getByRole("button", { name: new RegExp(`^Submit ${count} of 2…`) }).waitFor();
      await page.keyboard.press("Control+Shift+Enter");
      await page.getByText(new RegExp(`^Submit ${count} of 2: submit this code\\?`)).waitFor();
      await page.getByRole("button", { name: "Confirm submit" }).click();
      await results().locator(".portal-challenge-hidden-summary").waitFor({ timeout: RESULT_WAIT_MS });
    }
    const noneLeft = page.getByRole("button", { name: /^No Submits left/ });
    await noneLeft.waitFor();
    expect(await noneLeft.isDisabled()).toBe(true);
    await page.getByText("You have used all 2 Submits; your latest Submit is the one that counts.").waitFor();
    // The shortcut asks nothing once no Submit is left.
    await page.keyboard.press("Control+Shift+Enter");
    expect(await page.getByRole("button", { name: "Confirm submit" }).count()).toBe(0);

    // The server refuses a third Submit whatever the page shows.
    const refused = await page.evaluate(async (id) => {
      const me = await (await fetch("/api/v1/portal/me")).json();
      const response = await fetch(`/api/v1/portal/applications/${id}/challenge/submissions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
        body: JSON.stringify({
          language: "typescript",
          files: { "solution.ts": "export class RateLimiter {}" },
        }),
      });
      return {
        status: response.status,
        type: response.headers.get("content-type"),
        body: await response.json(),
      };
    }, applicationId);
    expect(refused.status).toBe(409);
    expect(refused.type).toContain("application/problem+json");
    expect(refused.body.detail).toContain("all 2 Submits");
    await page.screenshot({ path: "test/browser/screenshots/candidate-editor-limit.png", fullPage: true });
  });

  it("fits a 390 px wide screen: the task above the editor, no splitter", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await editor().first().waitFor();
    expect(await splitter().isVisible()).toBe(false);
    const taskBox = await taskPane().boundingBox();
    const editorBox = await editor().boundingBox();
    expect(taskBox && editorBox && taskBox.y + taskBox.height <= editorBox.y).toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "test/browser/screenshots/candidate-editor-390.png", fullPage: true });
  });
});
