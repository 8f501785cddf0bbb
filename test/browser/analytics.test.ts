import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemoOrganization } from "../../src/modules/demo/seed-demo.ts";
import { demographicValueLabel } from "../../src/modules/portal/demographic-presets.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser, signInWithPassword, signOutFromHeader } from "./browser.ts";

interface WorkModelComparison {
  groups: {
    workModel: "onsite" | "remote" | "hybrid";
    n: number;
    mean: number | null;
    sd: number | null;
    rate: number | null;
    reason: string | null;
  }[];
  pairs: {
    a: "onsite" | "remote" | "hybrid";
    b: "onsite" | "remote" | "hybrid";
    difference: number | null;
    ciLow: number | null;
    ciHigh: number | null;
  }[];
}

const modelLabels = { onsite: "Onsite", remote: "Remote", hybrid: "Hybrid" } as const;

interface ImpactGroup {
  group: string;
  reached: number;
  rate: number | null;
}

/**
 * The demo's imported history has known effects: "System design" predicts the 6-month outcome,
 * "Recruiter screen" does not, and interviewer-07 is lenient.
 */
describe("Analytics (Chromium, demo data)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer("pglite");
    await seedDemoOrganization({ db: server.database.db, clock: systemClock }, { withHiringData: true });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signIn = (email: string) => signInWithPassword(page, server.url, email, DEMO_PASSWORD);
  const signOut = () => signOutFromHeader(page);

  const mainNav = () => page.getByRole("navigation", { name: "Main" });
  const subNav = () => page.getByRole("navigation", { name: "Analytics" });
  const api = <T>(path: string) =>
    page.evaluate(async (url) => (await fetch(url)).json(), path) as Promise<T>;

  async function marksIn(chart: Locator, selector: string): Promise<number> {
    await chart.locator(`svg ${selector}`).first().waitFor();
    return chart.locator(`svg ${selector}`).count();
  }

  it("draws stage validity as a forest plot with an interval per stage, n and the minimum rule", async () => {
    await signIn("admin@example.com");
    await mainNav().getByRole("link", { name: "Analytics" }).click();
    await page.waitForURL((url) => url.pathname === "/analytics/validity");
    const forest = page.getByRole("img", { name: /^Stage validity/ });
    const validity = await api<{ stages: { stage: string; r: number | null; n: number }[] }>(
      "/api/v1/analytics/validity?source=all&minN=10",
    );
    const estimated = validity.stages.filter((stage) => stage.r !== null);
    expect(estimated.length).toBeGreaterThanOrEqual(2);
    // One dot per estimated stage.
    expect(await marksIn(forest, "circle")).toBe(estimated.length);

    const table = page.getByRole("table", { name: "Stage validity in figures" });
    const systemDesign = validity.stages.find((stage) => stage.stage === "System design");
    const screen = validity.stages.find((stage) => stage.stage === "Recruiter screen");
    if (!systemDesign?.r || !screen || screen.r === null)
      throw new Error("the demo history rates both stages");
    // The generated effect: the predictive stage correlates more than the noise.
    expect(systemDesign.r).toBeGreaterThan(screen.r);
    const row = table.getByRole("row", { name: /^System design/ });
    expect(await row.textContent()).toContain(String(systemDesign.n));
    expect(await row.textContent()).toContain(systemDesign.r.toFixed(2).replace(/^0/, ""));
    await page.getByText("10 hires per stage").waitFor();
    await page.getByText(/says how well the stage ranked the people you hired/).waitFor();
    await page.screenshot({ path: "test/browser/screenshots/analytics-validity.png", fullPage: true });
  });

  it("shows adverse impact with ratio bars against the 0.8 line, and small groups as counts only", async () => {
    await subNav().getByRole("link", { name: "Adverse impact" }).click();
    await page.getByRole("table", { name: "Selection by group" }).waitFor();
    const byGender = await api<{ groups: ImpactGroup[] }>(
      "/api/v1/analytics/adverse-impact?source=all&category=gender&minGroupSize=10",
    );
    const chart = page.getByRole("img", { name: /^Impact ratio of each group/ });
    const compared = byGender.groups.filter((group) => group.reached >= 10);
    expect(await marksIn(chart, "rect")).toBe(compared.length);
    // The dashed four-fifths line is drawn.
    expect(await chart.locator("svg [stroke-dasharray]").count()).toBeGreaterThanOrEqual(1);

    // A group under the minimum somewhere in the demo (a small group, or a late stage few reach):
    // its counts show, its rate never does.
    const funnel = await api<{ stages: { stage: string }[] }>("/api/v1/analytics/funnel?source=all");
    let found: { category: string; stage: string; small: ImpactGroup } | null = null;
    search: for (const category of ["gender", "race_ethnicity"]) {
      for (const stage of ["", ...funnel.stages.map((entry) => entry.stage)]) {
        const answer = await api<{ groups: ImpactGroup[] }>(
          `/api/v1/analytics/adverse-impact?${new URLSearchParams({ source: "all", category, minGroupSize: "10", ...(stage ? { stage } : {}) })}`,
        );
        const small = answer.groups.find((group) => group.reached > 0 && group.reached < 10);
        if (small) {
          found = { category, stage, small };
          break search;
        }
      }
    }
    if (!found) throw new Error("the demo history should have a group under the minimum somewhere");
    const { category, stage, small } = found;
    await page.getByLabel("Category").selectOption(category);
    await page
      .getByLabel("Selection")
      .selectOption(stage ? { label: `Passing ${stage}` } : { label: "Hire decision" });
    const table = page.getByRole("table", { name: "Selection by group" });
    // Evident's own categories are shown by their names (demographic-presets.ts).
    const label =
      small.group === "not_disclosed" ? "Not disclosed" : (demographicValueLabel(small.group) ?? small.group);
    const row = table
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: label, exact: true }) });
    await row.getByText("Too few to compare").waitFor();
    const text = (await row.textContent()) ?? "";
    expect(text).toContain(String(small.reached));
    expect(text).not.toMatch(/%/);
    expect(small.rate).not.toBeNull(); // the API answers it, for the auditor; the page does not show it
    await page.screenshot({ path: "test/browser/screenshots/analytics-adverse-impact.png", fullPage: true });
  });

  it("shows calibration as a leniency dot plot with the lenient interviewer right of zero, and the ICC", async () => {
    await subNav().getByRole("link", { name: "Calibration" }).click();
    await page.getByLabel("Stage").selectOption("System design");
    const chart = page.getByRole("img", { name: "Leniency of each interviewer at System design" });
    expect(await marksIn(chart, "circle")).toBeGreaterThan(1);
    const calibration = await api<{
      interviewers: { interviewer: string; leniency: number | null }[];
      reliability: { icc1: { value: number } | null };
    }>("/api/v1/analytics/calibration?source=all&stage=System%20design&minN=10");
    const lenient = calibration.interviewers.find((entry) => entry.interviewer === "interviewer-07");
    expect(lenient?.leniency).toBeGreaterThan(0.3);
    const icc = calibration.reliability.icc1;
    if (!icc) throw new Error("the demo history has enough applications for the ICC");
    await page
      .getByRole("region", { name: "Agreement between interviewers" })
      .getByText(icc.value.toFixed(2).replace(/^0/, ""), { exact: false })
      .first()
      .waitFor();
    await page.getByText(/relative to the people they rated with/).waitFor();
  });

  it("shows work models as intervals per group and pairwise differences", async () => {
    await subNav().getByRole("link", { name: "Work models" }).click();
    const groups = page.getByRole("img", { name: /by work model$/ });
    expect(await marksIn(groups, "circle")).toBeGreaterThanOrEqual(1);
    await page.getByRole("img", { name: "Differences between work models" }).waitFor();
    await page.getByText(/observational comparison, not an experiment/).waitFor();
    await page.getByLabel("Outcome").selectOption("retained_12m");
    await page.getByRole("img", { name: "Still employed at 12 months by work model" }).waitFor();
  });

  it("draws the funnel with a bar per stage, and links the bias-audit report", async () => {
    await subNav().getByRole("link", { name: "Funnel" }).click();
    const funnel = await api<{ stages: unknown[] }>("/api/v1/analytics/funnel?source=all");
    const chart = page.getByRole("img", { name: "Applications reaching and passing each stage" });
    // Two bars per stage: reached and passed.
    expect(await marksIn(chart, "rect")).toBe(funnel.stages.length * 2);
    const report = subNav().getByRole("link", { name: "Bias-audit report (PDF)" });
    expect(await report.getAttribute("href")).toBe("/api/v1/analytics/report.pdf");
  });

  it("serves the bias-audit report behind its link as a PDF to the signed-in admin", async () => {
    const href = await subNav().getByRole("link", { name: "Bias-audit report (PDF)" }).getAttribute("href");
    if (!href) throw new Error("the report link has an address");
    // page.request shares the browser context's cookies: this is the signed-in admin's download.
    const response = await page.request.get(new URL(href, server.url).toString());
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^application\/pdf\b/);
    const body = await response.body();
    expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(body.length).toBeGreaterThan(1000);
  });

  it("shows the organisation's own hires beside the research on a role's work-model advisor", async () => {
    const roles = await api<{ items: { id: string; title: string }[] }>("/api/v1/roles");
    const role = roles.items[0];
    if (!role) throw new Error("the demo organisation has roles");
    // The same comparison the advisor shows, read from the analytics API (all data, minimum 5).
    const byRating = await api<WorkModelComparison>(
      "/api/v1/analytics/work-models?source=all&outcome=outcome_6m&minGroupSize=5",
    );
    const byRetention = await api<WorkModelComparison>(
      "/api/v1/analytics/work-models?source=all&outcome=retained_12m&minGroupSize=5",
    );
    const compared = byRating.groups.filter((group) => group.reason === null && group.mean !== null);
    expect(compared.length).toBeGreaterThanOrEqual(2);

    await page.goto(`${server.url}/roles/${role.id}`);
    const recommendation = page.getByRole("region", { name: "Recommendation" });
    await recommendation.waitFor();
    const evidence = page.getByRole("region", { name: "What your own hires show" });
    const table = evidence.getByRole("table", { name: "Your hires by work model" });
    for (const group of byRating.groups) {
      const label = modelLabels[group.workModel];
      const row = table
        .getByRole("row")
        .filter({ has: page.getByRole("rowheader", { name: label, exact: true }) });
      const retention = byRetention.groups.find((entry) => entry.workModel === group.workModel);
      if (group.reason === null && group.mean !== null && group.sd !== null) {
        // Each model's mean, SD and n from the organisation's own hires.
        await row.getByText(`${group.mean.toFixed(2)} (SD ${group.sd.toFixed(2)}), n = ${group.n}`).waitFor();
      } else {
        await row.getByText(`Too few to compare (n = ${group.n})`).first().waitFor();
      }
      if (retention?.reason === null && retention.rate !== null) {
        expect(await row.textContent()).toContain(`n = ${retention.n}`);
      }
    }
    // The differences with their 95 % intervals, as a chart with a dot per estimated pair.
    const estimated = byRating.pairs.filter((pair) => pair.difference !== null);
    const chart = evidence.getByRole("img", {
      name: "Differences in the 6-month rating between your work models",
    });
    expect(await marksIn(chart, "circle")).toBe(estimated.length);
    const firstPair = estimated[0];
    if (!firstPair?.difference || firstPair.ciLow === null) throw new Error("the demo compares two models");
    const pairs = evidence.getByRole("table", { name: "Differences between work models" });
    const pairRow = pairs.getByRole("row", {
      name: new RegExp(`^${modelLabels[firstPair.a]} − ${modelLabels[firstPair.b]}`),
    });
    expect(await pairRow.textContent()).toContain(Math.abs(firstPair.ciLow).toFixed(2));
    await evidence.getByText(/observational comparison, not an experiment/).waitFor();
    await evidence.getByText(/does not change the recommendation/).waitFor();
    await page.screenshot({ path: "test/browser/screenshots/advisor-own-evidence.png", fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await marksIn(chart, "circle");
    expect(
      await chart.locator("svg").evaluate((svg) => svg.getBoundingClientRect().width),
    ).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Its tables fit too, without a sideways scroll of their own.
    const tablesFit = await evidence
      .locator(".table-scroll")
      .evaluateAll((boxes) => boxes.every((box) => box.scrollWidth <= box.clientWidth));
    expect(tablesFit).toBe(true);
    await page.screenshot({
      path: "test/browser/screenshots/advisor-own-evidence-narrow.png",
      fullPage: true,
    });
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${server.url}/analytics/funnel`);
  });

  it("refuses a history import with a bad row, names its file and row, and keeps the history", async () => {
    const before = await api<unknown>("/api/v1/analytics/funnel?source=history");
    await subNav().getByRole("link", { name: "Import history" }).click();
    const file = (name: string, text: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
    await page
      .getByLabel("applications.csv")
      .setInputFiles(
        file(
          "applications.csv",
          "application_ref,role,work_model,hired,hire_work_model,gender,race_ethnicity,outcome_6m,retained_12m\nX1,Backend,remote,true,remote,,,3,true\n",
        ),
      );
    await page
      .getByLabel("stages.csv")
      .setInputFiles(
        file(
          "stages.csv",
          "application_ref,stage,stage_order,passed,entered_at\nX1,Screen,1,maybe,2025-01-01\n",
        ),
      );
    await page
      .getByLabel("ratings.csv")
      .setInputFiles(file("ratings.csv", "application_ref,stage,interviewer_ref,rating\nX1,Screen,i1,3\n"));
    await page.getByRole("button", { name: "Import and replace history" }).click();
    await page.getByRole("heading", { name: "Import refused" }).waitFor();
    const row = page
      .getByRole("table", { name: "Rows that cannot be imported" })
      .getByRole("row", { name: /2/ });
    expect(await row.first().textContent()).toContain("stages");
    expect(await row.first().textContent()).toContain("passed");
    expect(await api<unknown>("/api/v1/analytics/funnel?source=history")).toEqual(before);
  });

  it("fits a phone: the forest plot redraws to the width and nothing scrolls sideways", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/analytics/adverse-impact`);
    await page.getByRole("table", { name: "Selection by group" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({
      path: "test/browser/screenshots/analytics-adverse-impact-narrow.png",
      fullPage: true,
    });
    await page.goto(`${server.url}/analytics/validity`);
    const forest = page.getByRole("img", { name: /^Stage validity/ });
    await marksIn(forest, "circle");
    expect(
      await forest.locator("svg").evaluate((svg) => svg.getBoundingClientRect().width),
    ).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1366, height: 900 });
    await signOut();
  });

  it("shows a hiring manager the analytics, without the history import", async () => {
    await signIn("manager@example.com");
    await mainNav().getByRole("link", { name: "Analytics" }).click();
    await page.getByRole("img", { name: /^Stage validity/ }).waitFor();
    expect(await subNav().getByRole("link", { name: "Import history" }).count()).toBe(0);
    await signOut();
  });

  it("shows an interviewer no Analytics entry, and no analytics at its address", async () => {
    await signIn("interviewer@example.com");
    await mainNav().getByRole("link", { name: "Home" }).waitFor();
    expect(await mainNav().getByRole("link", { name: "Analytics" }).count()).toBe(0);
    await page.goto(`${server.url}/analytics/validity`);
    await page.getByText("Only admins and hiring managers can see analytics", { exact: false }).waitFor();
    expect(await page.getByRole("img").count()).toBe(0);
    const status = await page.evaluate(async () => (await fetch("/api/v1/analytics/validity")).status);
    expect(status).toBe(403);
    await signOut();
  });

  // Last: a successful import replaces the demo's imported history, which the tests above read.
  it("imports a valid history through the page and reports the rows it stored", async () => {
    await signIn("admin@example.com");
    await page.goto(`${server.url}/analytics/import`);
    const file = (name: string, text: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
    await page
      .getByLabel("applications.csv")
      .setInputFiles(
        file(
          "applications.csv",
          [
            "application_ref,role,work_model,hired,hire_work_model,gender,race_ethnicity,outcome_6m,retained_12m",
            "H1,Backend engineer,remote,true,remote,Woman,,3,true",
            "H2,Backend engineer,hybrid,false,,Man,Asian,,",
            "H3,Backend engineer,onsite,,,,,,",
          ].join("\n"),
        ),
      );
    await page
      .getByLabel("stages.csv")
      .setInputFiles(
        file(
          "stages.csv",
          [
            "application_ref,stage,stage_order,passed,entered_at",
            "H1,Imported screen,1,true,2025-01-06",
            "H1,Imported design,2,true,2025-01-13",
            "H2,Imported screen,1,true,2025-02-03",
            "H2,Imported design,2,false,2025-02-10",
            "H3,Imported screen,1,false,2025-03-03",
          ].join("\r\n"),
        ),
      );
    await page
      .getByLabel("ratings.csv")
      .setInputFiles(
        file(
          "ratings.csv",
          [
            "application_ref,stage,interviewer_ref,rating",
            "H1,Imported screen,i1,3",
            "H1,Imported design,i1,4",
            "H1,Imported design,i2,3",
            "H2,Imported design,i2,2",
          ].join("\n"),
        ),
      );
    await page.getByRole("button", { name: "Import and replace history" }).click();
    await page
      .getByRole("status")
      .getByText("History imported: 3 applications, 5 stage rows and 4 ratings.", { exact: false })
      .waitFor();
    // The demo's 400 applications are replaced: the history funnel now has exactly these stages.
    const funnel = await api<{ stages: { stage: string; reached: number; passed: number }[] }>(
      "/api/v1/analytics/funnel?source=history",
    );
    expect(funnel.stages.map(({ stage, reached, passed }) => ({ stage, reached, passed }))).toEqual([
      { stage: "Imported screen", reached: 3, passed: 2 },
      { stage: "Imported design", reached: 2, passed: 1 },
    ]);
  });
});
