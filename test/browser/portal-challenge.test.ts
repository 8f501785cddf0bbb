/**
 * A candidate takes the built-in token-bucket-limiter challenge in the portal: real server,
 * real pg-boss queue and grading worker, real sandbox.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInChallengesDir } from "../../src/modules/grading-engine/manifest.ts";
import { assertSandboxAvailable } from "../../src/modules/sandbox/sandbox.ts";
import { addChallengeTaker, createChallengeRole } from "../support/challenge-takers.ts";
import {
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "../support/server.ts";
import { launchBrowser } from "./browser.ts";

const CHALLENGE = "token-bucket-limiter";
const challengeDir = path.join(builtInChallengesDir, CHALLENGE);
const readChallengeFile = (relative: string) => readFileSync(path.join(challengeDir, relative), "utf8");
const referenceJs = readChallengeFile("reference/javascript/solution.js");
const wrongJs = readChallengeFile("wrong/drains-on-failure/javascript/solution.js");
const testCounts = (() => {
  const counts = { visible: 0, hidden: 0 };
  for (const file of ["1-basic.json", "2-edge.json", "3-scale.json"]) {
    const suite = JSON.parse(readChallengeFile(`tests/${file}`)) as { tests: { visibility: string }[] };
    for (const test of suite.tests) counts[test.visibility === "hidden" ? "hidden" : "visible"] += 1;
  }
  return counts;
})();
const roleTitle = "Platform Engineer";
const challengeTitle = "Per-key token bucket rate limiter";
/** Grading runs in the sandbox on a shared two-core machine: give a result time to arrive. */
const RESULT_WAIT_MS = 45_000;

describe("the candidate's challenge page (Chromium)", () => {
  let server: TestServer;
  let org: SeededOrganization;
  let browser: Browser;
  let page: Page;
  let applicationId = "";
  /** Every URL the page asked for, to tell streamed results from polled ones. */
  const requested: string[] = [];
  const pollsForResults = () =>
    requested.filter((url) => url.includes("/api/v1/portal/challenge-submissions/"));
  const eventStreams = () => requested.filter((url) => url.endsWith("/challenge/events"));

  beforeAll(async () => {
    assertSandboxAvailable();
    server = await startTestServer("pglite", { withWorker: true });
    org = await seedOrganization(server.database, "Challenge");
    const role = await createChallengeRole(server, org, {
      title: roleTitle,
      challengeId: CHALLENGE,
      deadlineDays: 5,
    });
    const taker = await addChallengeTaker(server, org, role, {
      fullName: "Ines Okafor",
      email: "ines.okafor@example.net",
    });
    applicationId = taker.applicationId;
    const sessionToken = taker.cookie.slice("evident_candidate=".length);

    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    await context.addCookies([{ name: "evident_candidate", value: sessionToken, url: server.url }]);
    page = await context.newPage();
    page.on("request", (request) => requested.push(request.url()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const editor = () => page.locator(".cm-content");
  const results = () => page.getByRole("region", { name: /results/ });

  /** Replaces the editor's whole text the way a paste would. */
  async function replaceCode(code: string) {
    await editor().click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText(code);
  }

  it("opens from the portal home with the prompt, the deadline and the starter code", async () => {
    await page.goto(`${server.url}/portal/home`);
    const application = page.getByRole("region", { name: roleTitle });
    await application.getByRole("link", { name: /Open the challenge/ }).click();
    await page.waitForURL((url) => url.pathname === `/portal/applications/${applicationId}/challenge`);

    await page.getByRole("heading", { level: 1, name: challengeTitle }).waitFor();
    await page.getByText("Every key has its own bucket").waitFor();
    // The prompt's Markdown table is rendered as a table, not as pipes.
    await page.getByRole("cell", { name: "available(key: string): number" }).waitFor();
    await page.getByText(/4 days 23 hours left|5 days left/).waitFor();
    expect(await page.getByLabel("Language", { exact: true }).inputValue()).toBe("typescript");

    await page.getByLabel("Language", { exact: true }).selectOption("javascript");
    await editor().getByText("This method is yours to write.").first().waitFor();
    expect(await editor().getAttribute("aria-label")).toBe("solution.js, JavaScript code");
    await page.getByText("Nothing run or submitted yet.").waitFor();
  });

  it("runs the reference solution and shows every visible test passing", async () => {
    await replaceCode(referenceJs);
    // Edited code is not thrown away by a change of language without asking.
    await page.getByLabel("Language", { exact: true }).selectOption("python");
    await page.getByText("Switch to Python? Your JavaScript code will be replaced").waitFor();
    await page.getByRole("button", { name: "Keep my code" }).click();
    expect(await page.getByLabel("Language", { exact: true }).inputValue()).toBe("javascript");
    await editor().getByText("export class RateLimiter").waitFor();

    await page.getByRole("button", { name: "Run visible tests" }).click();
    // Queued, or already taken by the idle worker (the stream may say "grading" before the POST answers).
    await page
      .getByRole("status")
      .getByText(/Queued for grading…|Grading…/)
      .waitFor();

    await results()
      .getByText(`Visible tests: ${testCounts.visible} of ${testCounts.visible} passed`)
      .waitFor({
        timeout: RESULT_WAIT_MS,
      });
    await results().getByRole("status").getByText("Passed").waitFor();
    const tests = results().getByRole("listitem");
    expect(await tests.count()).toBe(testCounts.visible);
    expect(await tests.filter({ hasText: "Failed" }).count()).toBe(0);
    // A Run shows no hidden tests at all.
    expect(
      await results()
        .getByText(/hidden tests passed/)
        .count(),
    ).toBe(0);
    // The result came over the events stream: the page never asked for it.
    expect(eventStreams().length).toBeGreaterThan(0);
    expect(pollsForResults()).toEqual([]);
  });

  it("submits a wrong solution after confirming and reports fewer hidden tests passed", async () => {
    // Counted, not assumed: a retried earlier test may have left a second Run in the history.
    const history = page.getByRole("region", { name: "Your Runs and Submits" }).getByRole("listitem");
    const earlier = await history.count();
    expect(earlier).toBeGreaterThan(0);
    await replaceCode(wrongJs);
    await page.getByRole("button", { name: /^Submit 1 of 3…/ }).click();
    await page
      .getByText(/including hidden tests you cannot see.*your latest Submit is the one that counts/)
      .waitFor();
    await page.getByRole("button", { name: "Confirm submit" }).click();

    const summary = results().locator(".portal-challenge-hidden-summary");
    await summary.waitFor({ timeout: RESULT_WAIT_MS });
    const [, passed, total] =
      /(\d+) of (\d+) hidden tests passed/.exec((await summary.textContent()) ?? "") ?? [];
    expect(Number(total)).toBe(testCounts.hidden);
    expect(Number(passed)).toBeLessThan(testCounts.hidden);
    await results().getByRole("status").getByText("Some tests failed").waitFor();
    await results()
      .getByRole("img", { name: new RegExp(`Hidden tests: ${passed} of ${total} passed`) })
      .waitFor();

    // The history lists the Submit above the Run, newest first.
    await expect.poll(() => history.count()).toBe(earlier + 1);
    expect(await history.nth(0).textContent()).toMatch(/^Submit/);
    expect(await history.nth(1).textContent()).toMatch(/^Run.*Passed/);
    expect(pollsForResults()).toEqual([]);
    await page.screenshot({ path: "test/browser/screenshots/portal-challenge.png", fullPage: true });
  });

  it("saves the draft as the candidate types and restores it after a reload", async () => {
    const draftSaved = page.waitForResponse(
      (response) =>
        response.url().endsWith("/challenge/draft") &&
        response.request().method() === "PUT" &&
        (response.request().postData() ?? "").includes("Draft kept across a reload"),
    );
    await editor().click();
    // At the top, where CodeMirror renders it: lines far outside the viewport are not in the DOM.
    await page.keyboard.press("ControlOrMeta+Home");
    await page.keyboard.insertText("// Draft kept across a reload.\n");
    expect((await draftSaved).status()).toBe(200);
    await page.getByRole("status").getByText("Saved", { exact: true }).waitFor();

    await page.reload();
    await editor().getByText("// Draft kept across a reload.").waitFor();
    expect(await page.getByLabel("Language", { exact: true }).inputValue()).toBe("javascript");
  });

  it("falls back to asking for the result when the events stream cannot be opened", async () => {
    await page.route("**/challenge/events", (route) => route.abort());
    try {
      await page.reload();
      await editor().getByText("// Draft kept across a reload.").waitFor();
      requested.length = 0;
      await page.getByRole("button", { name: "Run visible tests" }).click();
      // The new Run replaces the Submit shown since the reload; its result is what to wait for.
      await page.getByRole("status").getByText("Queued for grading…").waitFor();
      await results()
        .getByRole("status")
        .getByText(/Passed|Some tests failed/)
        .waitFor({ timeout: RESULT_WAIT_MS });
      expect(pollsForResults().length).toBeGreaterThan(0);
    } finally {
      await page.unroute("**/challenge/events");
    }
  });
});
