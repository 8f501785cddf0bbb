/**
 * The staff side of coding challenges in a real browser: a hiring manager uploads a package and
 * watches it validated in the sandbox, puts it in a plan, and reviews candidates' graded code
 * with the similarity comparison. Real HTTP, the real pg-boss queue, grading worker and sandbox.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { zipSync } from "fflate";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChallenge } from "../../src/modules/grading-engine/load-challenge.ts";
import { builtInChallengesDir, readSolutionDir } from "../../src/modules/grading-engine/manifest.ts";
import { planStages } from "../../src/modules/plans/plans-table.ts";
import { assertSandboxAvailable } from "../../src/modules/sandbox/sandbox.ts";
import {
  addChallengeTaker,
  type ChallengeRole,
  type ChallengeTaker,
  createChallengeRole,
  sendCode,
  waitForGrading,
} from "../support/challenge-takers.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from "../support/server.ts";
import { launchBrowser } from "./browser.ts";

const BUILT_IN = "token-bucket-limiter";
const PACKAGE_ID = "team-limiter";
const challengeDir = path.join(builtInChallengesDir, BUILT_IN);
const wrongJs = readFileSync(
  path.join(challengeDir, "wrong/drains-on-failure/javascript/solution.js"),
  "utf8",
);
const hiddenTestName = (() => {
  const suite = JSON.parse(readFileSync(path.join(challengeDir, "tests/2-edge.json"), "utf8")) as {
    tests: { name: string; visibility: string }[];
  };
  const hidden = suite.tests.find((test) => test.visibility === "hidden");
  if (!hidden) throw new Error(`${BUILT_IN} must have a hidden edge-case test`);
  return hidden.name;
})();

/** The built-in limiter renamed, JavaScript only and without the large workload suite, so it validates quickly. */
function teamLimiterZip(): Uint8Array {
  const files = readSolutionDir(challengeDir);
  const manifest = JSON.parse(files["challenge.json"] ?? "{}");
  manifest.id = PACKAGE_ID;
  manifest.title = "Team rate limiter";
  manifest.languages = ["javascript"];
  const packaged: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(files)) {
    if (name.includes("/python/") || name.includes("/typescript/") || name === "tests/3-scale.json") continue;
    packaged[`${PACKAGE_ID}/${name}`] = new TextEncoder().encode(
      name === "challenge.json" ? JSON.stringify(manifest) : content,
    );
  }
  return zipSync(packaged);
}

interface Taker extends ChallengeTaker {
  submissionId: string;
}

describe("challenges for the hiring team (Chromium)", () => {
  let server: TestServer;
  let org: SeededOrganization;
  let browser: Browser;
  let page: Page;
  let challengeStageId = "";
  let ada: Taker;
  let dee: Taker;

  const createRoleWithPlan = (title: string) => createChallengeRole(server, org, { title });

  /** A candidate at the challenge stage who submits `code` through the portal API; grading starts at once. */
  async function submitAs(
    role: ChallengeRole,
    fullName: string,
    email: string,
    code: string,
  ): Promise<Taker> {
    const taker = await addChallengeTaker(server, org, role, { fullName, email });
    const submitted = await sendCode(server, taker, "submit", "javascript", { "solution.js": code });
    if (submitted.status !== 202)
      throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    return { ...taker, submissionId: String(submitted.body.id) };
  }

  const waitUntilGraded = async (taker: Taker) =>
    (await waitForGrading(server, taker, taker.submissionId)).body;

  beforeAll(async () => {
    assertSandboxAvailable();
    server = await startTestServer("pglite", { withWorker: true });
    org = await seedOrganization(server.database, "Challenges");
    const role = await createChallengeRole(server, org, {
      title: "Backend Engineer, Payments",
      challengeId: BUILT_IN,
      isBlind: false,
    });
    challengeStageId = role.stageId;
    // Both are graded in the background while the package steps run. Dee hands in Ada's code
    // with names changed, which the similarity check must still flag.
    ada = await submitAs(
      role,
      "Ada Quillfeather",
      "ada.q@example.net",
      `// Ada Quillfeather's solution\n${wrongJs}`,
    );
    dee = await submitAs(
      role,
      "Dee Kowalczyk",
      "dee.k@example.net",
      `// Dee Kowalczyk's solution\n${wrongJs.replaceAll("bucket", "pail").replaceAll("tokens", "coins")}`,
    );

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/challenges`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel("Email").fill(org.users.hiring_manager.email);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/challenges$/);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lists the built-in library and opens a challenge's prompt, starters and tests", async () => {
    await page.goto(`${server.url}/challenges`);
    const library = page.getByRole("table", { name: "Challenges this organisation can use" });
    const row = library.getByRole("row").filter({ hasText: BUILT_IN });
    await expect(row.textContent()).resolves.toContain("Built-in");
    await expect(row.textContent()).resolves.toContain("Valid");
    await row.getByRole("link", { name: "Per-key token bucket rate limiter" }).click();
    await page.getByRole("heading", { level: 1, name: "Per-key token bucket rate limiter" }).waitFor();
    await expect(page.locator(".prompt-markdown").textContent()).resolves.toContain("token bucket");
    await page.getByLabel("Language").selectOption("javascript");
    await expect(page.getByRole("tab", { name: "solution.js", selected: true }).count()).resolves.toBe(1);
    await expect(page.locator(".code-listing").textContent()).resolves.toContain("RateLimiter");
    const hiddenRow = page.getByRole("row").filter({ hasText: hiddenTestName });
    await expect(hiddenRow.textContent()).resolves.toContain("Hidden");
    // The counts are every suite's tests and points, as the grader loads them.
    const tests = loadChallenge(challengeDir).suites.flatMap((suite) => suite.tests);
    const visible = tests.filter((test) => test.visibility === "visible");
    const points = (list: typeof tests) => list.reduce((sum, test) => sum + test.points, 0);
    expect(tests.length).toBeGreaterThan(visible.length);
    const summary = page.getByRole("region", { name: "Tests" }).locator("p").first();
    await expect(summary.textContent()).resolves.toContain(
      `${tests.length} tests worth ${points(tests)} points; ${visible.length} tests (${points(visible)} points) are visible`,
    );
    const rows = page.getByRole("region", { name: "Tests" }).getByRole("row");
    expect(await rows.count()).toBe(tests.length + 1); // and the heading row
  });

  it("uploads a package, shows it validating, then valid with its report", { timeout: 120_000 }, async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Challenges" }).click();
    await page.getByLabel("Package zip").setInputFiles({
      name: `${PACKAGE_ID}.zip`,
      mimeType: "application/zip",
      buffer: Buffer.from(teamLimiterZip()),
    });
    await page.getByRole("button", { name: "Upload package" }).click();
    await expect(page.getByRole("status").filter({ hasText: "uploaded" }).textContent()).resolves.toContain(
      "Team rate limiter was uploaded and is being validated.",
    );
    const item = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: /Team rate limiter/ }) });
    await expect(item.textContent()).resolves.toContain("Validating…");

    const report = item.getByRole("table", { name: "Validation report of Team rate limiter" });
    await report.waitFor({ timeout: 110_000 });
    await expect(item.locator(".challenge-status").textContent()).resolves.toBe("Valid");
    const reference = report.getByRole("row").filter({ hasText: "reference" });
    await expect(reference.textContent()).resolves.toMatch(/JavaScript\s*ok/);
    await expect(
      report.getByRole("row").filter({ hasText: "wrong/drains-on-failure" }).textContent(),
    ).resolves.toContain("ok");
    // Once valid it joins the library as the organisation's own.
    const libraryRow = page
      .getByRole("table", { name: "Challenges this organisation can use" })
      .getByRole("row", {
        name: /Team rate limiter/,
      });
    await expect(libraryRow.textContent()).resolves.toContain("Your organisation");
  });

  it("refuses a broken zip with the problem's detail and the report", async () => {
    await page.getByLabel("Package zip").setInputFiles({
      name: "broken.zip",
      mimeType: "application/zip",
      buffer: Buffer.from("this is not a zip archive"),
    });
    await page.getByRole("button", { name: "Upload package" }).click();
    const alert = page.locator(".package-upload").getByRole("alert");
    await expect(alert.textContent()).resolves.toContain("The upload is not a readable zip archive");
    await expect(alert.getByRole("listitem").textContent()).resolves.toContain("not a zip archive");
  });

  it("puts the valid package on a plan's challenge stage, which keeps it from being deleted", async () => {
    const { roleId, stageId } = await createRoleWithPlan("Backend Engineer, Platform");
    await page.goto(`${server.url}/roles/${roleId}/plan`);
    const select = page.getByLabel("Challenge", { exact: true });
    await select.selectOption(PACKAGE_ID);
    await page.getByRole("button", { name: "Save plan" }).click();
    await page.getByRole("status").filter({ hasText: "Plan saved." }).waitFor();
    const plan = await call(server, "GET", `/api/v1/roles/${roleId}/plan`, {
      token: org.users.hiring_manager.token,
    });
    const stage = (plan.body.stages as { id: string; challengeId: string | null }[]).find(
      (candidate) => candidate.id === stageId,
    );
    expect(stage?.challengeId).toBe(PACKAGE_ID);

    // A package a plan uses cannot be deleted; the refusal says why.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Challenges" }).click();
    await page.getByRole("button", { name: "Delete Team rate limiter" }).click();
    await page.getByRole("button", { name: "Confirm delete" }).click();
    const item = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: /Team rate limiter/ }) });
    await expect(item.getByRole("alert").textContent()).resolves.toContain(
      `A hiring plan stage uses ${PACKAGE_ID}; remove it from the plan first.`,
    );
  });

  it("shows a candidate's score, every test including hidden ones, and the code", {
    timeout: 90_000,
  }, async () => {
    const graded = await waitUntilGraded(ada);
    expect(graded.status).toBe("graded");
    await page.goto(`${server.url}/applications/${ada.applicationId}`);
    await page.getByRole("link", { name: "Challenge results" }).click();
    await page.getByRole("heading", { level: 1, name: "Challenge results of Ada Quillfeather" }).waitFor();
    const review = await call(server, "GET", `/api/v1/applications/${ada.applicationId}/challenge-attempts`, {
      token: org.users.hiring_manager.token,
    });
    const final = (review.body.attempts as { final: { report: { score: number; maxScore: number } } }[])[0]
      ?.final;
    expect(final?.report.score).toBeLessThan(final?.report.maxScore ?? 0);
    await page
      .getByRole("heading", {
        name: `Final submission: ${final?.report.score} of ${final?.report.maxScore} points`,
      })
      .waitFor();
    // The chart is drawn by Observable Plot inside the image; each bar says passed or failed in words.
    const scoreChart = page.getByRole("img", { name: "Score per test" });
    await scoreChart.locator("svg").first().waitFor();
    await expect(scoreChart.textContent()).resolves.toContain("✗ failed, 0/10");
    const tests = page.getByRole("table", {
      name: "Every test of the final submission, hidden ones included",
    });
    await expect(tests.getByRole("row").filter({ hasText: hiddenTestName }).textContent()).resolves.toContain(
      "Hidden",
    );
    await expect(
      tests.getByRole("row").filter({ hasText: "a failed acquire removes nothing" }).textContent(),
    ).resolves.toContain("Failed");
    await expect(page.getByRole("tab", { name: "solution.js", selected: true }).count()).resolves.toBe(1);
    await expect(page.locator(".code-listing").first().textContent()).resolves.toContain(
      "Ada Quillfeather's solution",
    );
  });

  it("flags near-identical code side by side under blind review, as a flag and not a verdict", {
    timeout: 90_000,
  }, async () => {
    await waitUntilGraded(dee);
    await server.database.db
      .update(planStages)
      .set({ isBlind: true })
      .where(eq(planStages.id, challengeStageId));
    await page.goto(`${server.url}/applications/${dee.applicationId}/challenge`);
    const heading = page.getByRole("heading", { level: 1, name: /^Challenge results of / });
    await heading.waitFor();
    await expect(heading.textContent()).resolves.toContain("Blind review");
    await expect(page.locator("main").textContent()).resolves.not.toContain("Kowalczyk");

    const similarity = page.getByRole("region", { name: "Similarity flags" });
    await expect(similarity.textContent()).resolves.toContain("never a verdict");
    const compare = similarity.getByRole("button", { name: /^Compare with / });
    await compare.waitFor();
    const pseudonym = ((await compare.textContent()) ?? "").replace("Compare with ", "");
    await expect(similarity.getByRole("listitem").first().textContent()).resolves.toMatch(/\d+ % similar/);
    await compare.click();
    await expect(similarity.textContent()).resolves.not.toContain("Quillfeather");
    const mine = similarity.getByRole("tablist", { name: "This candidate's code" });
    const theirs = similarity.getByRole("tablist", { name: `${pseudonym}'s code` });
    await expect(mine.count()).resolves.toBe(1);
    await expect(theirs.count()).resolves.toBe(1);
    const columns = similarity.locator(".similarity-columns > div");
    await expect(columns.nth(0).locator("mark.code-line-matched").count()).resolves.toBeGreaterThan(0);
    await expect(columns.nth(1).locator("mark.code-line-matched").count()).resolves.toBeGreaterThan(0);
    await expect(columns.nth(1).locator(".code-listing").textContent()).resolves.toContain(pseudonym);
  });
});
