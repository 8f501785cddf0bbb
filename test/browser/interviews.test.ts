import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/modules/api-tokens/api-tokens.ts";
import { systemActor } from "../../src/modules/audit/audit-log.ts";
import { DEMO_PASSWORD, seedDemoOrganization } from "../../src/modules/demo/seed-demo.ts";
import { findUserByEmail } from "../../src/modules/members/members.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { readOutboxFiles } from "../support/eml.ts";
import { call, startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser } from "./browser.ts";

const candidateName = "Noor Visible-Name";
const blindCandidateName = "Tariq Hidden-Name";
const overrideReason = "Two references raised the same on-call concern the interviews could not probe.";

interface PlanStage {
  id: string;
  name: string;
  type: string;
  mode: string | null;
  kitVersionId: string | null;
  interviewerPool: string[];
  requiredRaters: number;
  weight: number;
  isBlind: boolean;
  challengeId: string | null;
  deadlineDays: number | null;
}

interface RubricAttribute {
  id: string;
  name: string;
}

describe("structured interviews, scorecards and the decision (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const tokens = { admin: "", manager: "", interviewer: "" };
  const userIds = { admin: "", manager: "", interviewer: "" };
  let applicationId = "";
  let interviewId = "";
  let blindStageId = "";
  let roleId = "";
  let systemDesignStageId = "";
  let rubric: RubricAttribute[] = [];

  /** An API call that must succeed with the given status; returns the body. */
  async function api(token: string, method: string, path: string, body?: unknown, status = 200) {
    const response = await call(server, method, path, { token, body });
    if (response.status !== status) {
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body as Record<string, unknown>;
  }

  beforeAll(async () => {
    server = await startTestServer("pglite");
    const deps = { db: server.database.db, clock: systemClock };
    const { organizationId } = await seedDemoOrganization(deps);
    for (const [key, email] of [
      ["admin", "admin@example.com"],
      ["manager", "manager@example.com"],
      ["interviewer", "interviewer@example.com"],
    ] as const) {
      const user = await findUserByEmail(server.database.db, email);
      if (!user) throw new Error(`the demo seed must create ${email}`);
      userIds[key] = user.id;
      ({ secret: tokens[key] } = await createApiToken(deps, systemActor, {
        organizationId,
        userId: user.id,
        name: "interviews browser test",
      }));
    }

    // A remote role with its plan; only system design counts in the formula, so two
    // scorecards make it complete.
    const role = await api(
      tokens.admin,
      "POST",
      "/api/v1/roles",
      {
        title: "Backend Engineer, Platform",
        team: "Platform",
        seniority: "senior",
        timezone: { fromUtcOffset: -2, toUtcOffset: 3 },
        headcount: 1,
        status: "open",
        hireThreshold: 3,
      },
      201,
    );
    roleId = role.id as string;
    const catalogue = await api(tokens.admin, "GET", "/api/v1/work-model/factors");
    await api(
      tokens.admin,
      "POST",
      `/api/v1/roles/${roleId}/work-model-decision`,
      {
        factors: catalogue.defaults,
        chosenModel: "remote",
        overrideReason: "The team already works fully remotely across three countries.",
      },
      201,
    );
    const template = await api(tokens.admin, "POST", `/api/v1/roles/${roleId}/plan/from-template`, {}, 201);
    const templateStages = template.stages as PlanStage[];
    const plan = await api(tokens.admin, "PUT", `/api/v1/roles/${roleId}/plan`, {
      stages: templateStages.map((stage) => ({
        id: stage.id,
        name: stage.name,
        type: stage.type,
        mode: stage.mode,
        ...(stage.kitVersionId ? { kitVersionId: stage.kitVersionId } : {}),
        interviewerPool: stage.interviewerPool,
        requiredRaters: stage.requiredRaters,
        weight: stage.type === "system_design" ? 1 : 0,
        isBlind: stage.isBlind,
        challengeId: stage.challengeId,
        deadlineDays: stage.deadlineDays,
      })),
    });
    const stages = plan.stages as PlanStage[];
    const systemDesign = stages.find((stage) => stage.type === "system_design");
    const blindStage = stages.find((stage) => stage.isBlind && stage.type === "async_collaboration");
    if (!systemDesign || !blindStage)
      throw new Error("the remote template has system design and a blind review");
    blindStageId = blindStage.id;
    systemDesignStageId = systemDesign.id;

    // More applicants than the schedule form's search shows at once, one with an accented name.
    const imported = await call(server, "POST", "/api/v1/candidates/import", {
      token: tokens.admin,
      body: {
        csv: [
          "full_name,email",
          "Sofia Brandão,sofia.brandao@example.net",
          ...Array.from(
            { length: 20 },
            (_, index) => `Applicant ${index + 1},applicant.${index + 1}@example.net`,
          ),
        ].join("\r\n"),
        roleId,
        mode: "all_or_nothing",
      },
    });
    expect(imported.body.imported, JSON.stringify(imported.body)).toBe(21);

    const candidate = await api(
      tokens.admin,
      "POST",
      "/api/v1/candidates",
      { fullName: candidateName, email: "noor@example.net", roleId },
      201,
    );
    applicationId = (candidate.applications as { id: string }[])[0]?.id ?? "";
    // The blind review's candidate, found in the schedule form by search.
    await api(
      tokens.admin,
      "POST",
      "/api/v1/candidates",
      { fullName: blindCandidateName, email: "tariq@example.net", roleId },
      201,
    );

    const interview = await api(
      tokens.admin,
      "POST",
      "/api/v1/interviews",
      {
        applicationId,
        stageId: systemDesign.id,
        scheduledAt: new Date(Date.now() + 2 * 60 * 60 * 1000).toISOString(),
        durationMinutes: 60,
        interviewerIds: [userIds.interviewer, userIds.manager],
        mode: "remote",
        videoLink: "https://meet.example.com/system-design",
      },
      201,
    );
    interviewId = interview.id as string;
    rubric = (interview.kit as { rubric: RubricAttribute[] }).rubric;

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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

  async function signOut() {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
  }

  const othersSection = () => page.getByRole("region", { name: "Other interviewers' scorecards" });

  it("lists the interviewer's interviews with their place and scorecard state", async () => {
    await signIn("interviewer@example.com", "/interviews");
    const upcoming = page.getByRole("table", { name: "Upcoming" });
    const row = upcoming.getByRole("row").filter({ hasText: candidateName });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain("Backend Engineer, Platform");
    expect(text).toContain("Remote system design");
    expect(text).toContain("Not submitted");
    expect(await row.getByRole("link", { name: "Join video call" }).getAttribute("href")).toBe(
      "https://meet.example.com/system-design",
    );
    // Interviewers do not schedule.
    expect(await page.getByRole("heading", { name: "Schedule an interview" }).count()).toBe(0);
  });

  it("shows the kit with its typed questions, probes and unscored segment, and hides others' scorecards", async () => {
    await page.getByRole("link", { name: candidateName }).click();
    await page.waitForURL(new RegExp(`/interviews/${interviewId}$`));
    await page.getByRole("heading", { level: 1, name: candidateName }).waitFor();

    const questions = page.getByRole("region", { name: "Questions", exact: true });
    await questions.getByText("We're building a URL shortener", { exact: false }).waitFor();
    expect(await questions.getByText(/· Exercise ·/).count()).toBeGreaterThan(0);
    expect(await questions.getByText(/· Situational ·/).count()).toBeGreaterThan(0);
    expect(await questions.getByText(/· Job knowledge ·/).count()).toBeGreaterThan(0);
    await questions
      .getByRole("list", { name: "Pre-written probes" })
      .first()
      .getByText("Which of these requirements shapes the design most, and why?")
      .waitFor();
    const segment = page.locator("details", { hasText: "Candidate's questions" });
    expect(await segment.textContent()).toContain("Not scored");

    await othersSection().getByText("Other scorecards stay hidden until you submit yours").waitFor();
  });

  it("keeps the hiring manager's filed scorecard hidden from the interviewer who has not filed", async () => {
    const scorecardRequests: number[] = [];
    page.on("response", (response) => {
      if (/\/api\/v1\/interviews\/[^/]+\/scorecards$/.test(response.url()))
        scorecardRequests.push(response.status());
    });
    await api(
      tokens.manager,
      "POST",
      `/api/v1/interviews/${interviewId}/scorecards`,
      {
        ratings: rubric.map((attribute) => ({
          attributeId: attribute.id,
          level: 3,
          evidence: `Manager's note on ${attribute.name}: traced the redirect path with numbers.`,
        })),
        recommendation: "yes",
      },
      201,
    );
    // The API refuses too, not only the page.
    const refused = await call(server, "GET", `/api/v1/interviews/${interviewId}/scorecards`, {
      token: tokens.interviewer,
    });
    expect(refused.status).toBe(403);

    await page.reload();
    await page.getByRole("heading", { level: 1, name: candidateName }).waitFor();
    await othersSection().getByText("Other scorecards stay hidden until you submit yours").waitFor();
    // The manager has filed (the list says so) but nothing of their ratings shows.
    expect(await page.getByText("Manager's note", { exact: false }).count()).toBe(0);
    expect(await page.getByRole("article", { name: /Scorecard by/ }).count()).toBe(0);
    expect(scorecardRequests).toEqual([]);
  });

  it("refuses an incomplete scorecard, then files a complete one and reveals the others", async () => {
    const form = page.locator("form.scorecard-form");
    // Submitting empty marks what is missing instead of sending anything.
    await form.getByRole("button", { name: "Submit scorecard" }).click();
    const incomplete = form.getByRole("alert").filter({ hasText: "The scorecard is not complete yet." });
    await incomplete.waitFor();
    expect(await incomplete.textContent()).toContain(`${rubric[0]?.name}: needs a level and evidence`);

    for (const [index, attribute] of rubric.entries()) {
      const group = form.getByRole("group", { name: attribute.name, exact: true });
      // Every level shows its behavioural anchor.
      expect(await group.getByRole("radio").count()).toBe(4);
      await group.getByRole("radio", { name: index % 2 === 0 ? /^3 · / : /^4 · / }).check();
      await form
        .getByLabel(`Evidence for ${attribute.name}`, { exact: true })
        .fill(`Interviewer's note on ${attribute.name}: estimated peak load before choosing storage.`);
    }
    await form.getByRole("radio", { name: "Strong yes" }).check();
    await page.screenshot({ path: "test/browser/screenshots/scorecard.png", fullPage: true });
    await form.getByRole("button", { name: "Submit scorecard" }).click();
    // The interview starts in two hours, so filing now asks first.
    await page
      .getByRole("dialog", { name: "File before the interview has started?" })
      .getByRole("button", { name: "File the scorecard now" })
      .click();

    const mine = page.getByRole("article", { name: "Your scorecard as filed" });
    await mine.waitFor();
    expect(await mine.textContent()).toContain("Locked");
    expect(await mine.textContent()).toContain("Strong yes");
    const others = page.getByRole("article", { name: /Scorecard by Hana Hiring-Manager/ });
    await others.waitFor();
    expect(await others.textContent()).toContain("Manager's note on");
    expect(await page.getByText("Other scorecards stay hidden").count()).toBe(0);
  });

  it("amends the filed scorecard only with a reason, as a new version", async () => {
    await page.getByRole("button", { name: "Amend" }).click();
    const amendForm = page.getByRole("region", { name: "Amend your scorecard" });
    await amendForm.getByRole("button", { name: "Save amendment" }).click();
    await amendForm.getByRole("alert").filter({ hasText: "Reason for the amendment" }).waitFor();

    const first = rubric[0];
    if (!first) throw new Error("the kit has a rubric");
    await amendForm
      .getByRole("group", { name: first.name, exact: true })
      .getByRole("radio", { name: /^2 · / })
      .check();
    await amendForm
      .getByLabel("Reason for the amendment")
      .fill("Re-read my notes: the scoping was prompted.");
    await amendForm.getByRole("button", { name: "Save amendment" }).click();
    await page.getByRole("status").filter({ hasText: "Amendment saved as version 2." }).waitFor();
    // The filed version stays on screen until the amendment loads, so wait for its text.
    const mine = page
      .getByRole("article", { name: "Your scorecard as filed" })
      .filter({ hasText: "Re-read my notes: the scoping was prompted." });
    await mine.waitFor();
    expect(await mine.textContent()).toContain("Earlier version (1)");
  });

  it("lets the hiring manager see the components and requires a reason to depart from the formula", async () => {
    await signOut();
    await signIn("manager@example.com", `/applications/${applicationId}/decision`);
    const components = page.getByRole("table", { name: "Components of the formula" });
    const row = components.getByRole("row", { name: /Remote system design/ });
    await row.waitFor();
    const rowText = await row.textContent();
    expect(rowText).toContain("100%");
    expect(rowText).toContain("2 of 2 required");
    const chart = page.getByRole("img", { name: /Weighted contribution of each stage/ });
    expect(await chart.count()).toBe(1);
    // Observable Plot draws the bars inside the image; the figure's description carries the figures.
    await chart.locator("svg").first().waitFor();
    const descriptionId = await chart.getAttribute("aria-describedby");
    expect(await page.locator(`[id="${descriptionId}"]`).textContent()).toContain(
      "against a threshold of 3: hire",
    );
    const verdict = page.getByRole("region", { name: "The formula says" });
    expect(await verdict.textContent()).toContain("Hire");

    const decisionRequests: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/decision") && request.method() === "POST") decisionRequests.push("POST");
    });
    await page.getByRole("radio", { name: "No hire" }).check();
    const reason = page.getByLabel("Override reason");
    await page.getByText("Required: the formula says hire, and you chose no hire. Say why.").waitFor();
    await page.getByRole("button", { name: "Record decision" }).click();
    // Recording asks once more, naming the decision (test/browser/workspace.test.ts tests the dialog).
    await page.getByRole("dialog").getByRole("button", { name: "Record: no hire" }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "needs an override reason" });
    await refusal.waitFor();
    await page.getByText("Override reason: required when the decision departs from the formula").waitFor();
    expect(await reason.evaluate((element) => element === document.activeElement)).toBe(true);

    await reason.fill(overrideReason);
    await page.getByRole("button", { name: "Record decision" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Record: no hire" }).click();
    await page.getByRole("status").filter({ hasText: "Decision recorded: no hire." }).waitFor();
    expect(decisionRequests).toEqual(["POST", "POST"]);
    const history = page.getByRole("region", { name: "Decision history" });
    const entry = await history.getByRole("listitem").first().textContent();
    expect(entry).toContain("No hire");
    expect(entry).toContain("Departed from the formula");
    expect(entry).toContain(overrideReason);
    await page.screenshot({ path: "test/browser/screenshots/decision.png", fullPage: true });

    const stored = await api(tokens.manager, "GET", `/api/v1/applications/${applicationId}/decision`);
    expect(stored.applicationStatus).toBe("rejected");
  });

  it("schedules a blind review through the form as the hiring manager", async () => {
    await page.goto(`${server.url}/interviews`);
    const form = page.getByRole("region", { name: "Schedule an interview" });
    // The application is found by search (the ARIA combobox pattern), through the server.
    const search = form.getByRole("combobox", { name: "Application" });
    const listbox = form.getByRole("listbox", { name: "Matching applications" });
    const options = listbox.getByRole("option");
    // The options once the answer for what was typed is in (the list is busy until then).
    const settledOptions = async () => {
      // Attached, not visible: a listbox without options has no size.
      await form.locator('[role="listbox"][aria-busy="false"]').waitFor({ state: "attached" });
      return options.allTextContents();
    };

    // Part of a role's title finds the applications to every role so named, newest first, in any
    // case: here more than a page, so the popup says only the newest are shown.
    await search.fill("BACKEND ENGINEER");
    await listbox.getByRole("option", { name: new RegExp(blindCandidateName) }).waitFor();
    await form.getByText("The 20 newest matches are shown").waitFor();
    expect(await search.getAttribute("aria-expanded")).toBe("true");
    expect((await settledOptions()).length).toBe(20);
    await form.screenshot({ path: "test/browser/screenshots/interviews-schedule-search.png" });
    const wide = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    await form.screenshot({ path: "test/browser/screenshots/interviews-schedule-search-390.png" });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (wide) await page.setViewportSize(wide);

    // Accents are ignored: "brandao" finds Sofia Brandão.
    await search.fill("brandao");
    await expect
      .poll(settledOptions, { timeout: 15_000 })
      .toEqual([expect.stringContaining("Sofia Brandão")]);

    // Nothing matches: the popup says so, with no options.
    await search.fill("nobody-by-this-name");
    await form.getByRole("status").filter({ hasText: "No active application matches" }).waitFor();
    expect(await settledOptions()).toEqual([]);

    // Escape closes the list; pressed again it clears the text.
    await search.press("Escape");
    expect(await search.getAttribute("aria-expanded")).toBe("false");
    await search.press("Escape");
    expect(await search.inputValue()).toBe("");

    // Part of a name finds only that candidate; the arrow keys and Enter choose it.
    await search.fill("hidden-na");
    await expect
      .poll(settledOptions, { timeout: 15_000 })
      .toEqual([expect.stringContaining(blindCandidateName)]);
    await search.press("ArrowDown");
    const active = await search.getAttribute("aria-activedescendant");
    expect(active).not.toBeNull();
    expect(await listbox.locator(`[id="${active}"]`).getAttribute("aria-selected")).toBe("true");
    await search.press("Enter");
    expect(await search.inputValue()).toBe(`${blindCandidateName} – Backend Engineer, Platform`);
    expect(await search.getAttribute("aria-expanded")).toBe("false");
    await form.getByLabel("Stage").selectOption(blindStageId);
    await form.getByText("Blind review: interviewers see a pseudonym").waitFor();
    await form.getByLabel("Date and time").fill("2031-05-06T10:30");
    // The kit's minimum fills the duration; the API checks it again.
    await expect.poll(() => form.getByLabel("Duration (minutes)").inputValue()).not.toBe("");
    await form.getByRole("checkbox", { name: /Ivo Interviewer/ }).check();
    await form.getByRole("checkbox", { name: /Ada Admin/ }).check();
    await form.getByRole("radio", { name: "Onsite" }).check();
    await form.getByRole("button", { name: "Schedule interview" }).click();
    // Onsite needs a room: the API's message shows beside the field.
    await form.getByText("required for an onsite interview", { exact: true }).waitFor();
    await form.getByLabel("Room").fill("Lisbon, room 2.14");
    await form.getByRole("button", { name: "Schedule interview" }).click();
    await form.getByRole("status").filter({ hasText: "Interview scheduled" }).waitFor();
    await page.screenshot({ path: "test/browser/screenshots/interviews-schedule.png", fullPage: true });
  });

  it("shows a blind-stage interview by pseudonym only, never the candidate's name", async () => {
    await signOut();
    await signIn("interviewer@example.com", "/interviews");
    const row = page
      .getByRole("table", { name: "Upcoming" })
      .getByRole("row")
      .filter({ hasText: "Blind review" });
    await row.waitFor();
    const pseudonym = (await row.getByRole("link").first().textContent()) ?? "";
    expect(pseudonym).toMatch(/^Candidate [0-9A-F]{4}$/);
    expect(await page.locator("body").textContent()).not.toContain(blindCandidateName);

    await row.getByRole("link", { name: pseudonym }).click();
    await page.getByRole("heading", { level: 1, name: new RegExp(pseudonym) }).waitFor();
    await page.getByRole("region", { name: "Questions", exact: true }).waitFor();
    const heading = await page.getByRole("heading", { level: 1 }).textContent();
    expect(heading).toContain("Blind review");
    const text = (await page.locator("body").textContent()) ?? "";
    expect(text).not.toContain(blindCandidateName);
    expect(text).not.toContain("Tariq");
    expect(text).not.toContain("tariq@example.net");
    expect(await page.title()).not.toContain("Tariq");
    expect(text).toContain("Lisbon, room 2.14");
    await page.screenshot({ path: "test/browser/screenshots/blind-interview.png", fullPage: true });
  });

  it("lists kits by kind, and shows a kit's validation problems at their fields", async () => {
    await signOut();
    await signIn("manager@example.com", "/interviews/kits");
    await page.getByRole("heading", { name: "System design", exact: true }).waitFor();
    const kitCard = page.getByRole("listitem").filter({ hasText: "System design: URL shortener" });
    expect(await kitCard.textContent()).toContain("Frozen");
    await kitCard.getByRole("link").click();
    await page.getByRole("heading", { level: 1, name: "System design: URL shortener" }).waitFor();
    await page.getByRole("region", { name: "Versions", exact: true }).getByText("Frozen").waitFor();

    // The JSON is for power users: loaded into the visual editor, its problems show at their fields.
    await page.getByText("JSON import and export").click();
    const editor = page.getByLabel("Kit JSON");
    const content = JSON.parse(await editor.inputValue()) as { rubric: { levels: unknown[] }[] };
    content.rubric[0]?.levels.pop();
    await editor.fill(JSON.stringify(content, null, 2));
    await page.getByRole("button", { name: "Load JSON into the form" }).click();
    const levelsMessage = page.locator("#kit-attribute-0-levels-error");
    await levelsMessage.waitFor();
    expect(await levelsMessage.textContent()).toBe("needs exactly 4 levels, 1 to 4");
    await page.getByRole("button", { name: "Save as new version" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /to fix before saving/ })
      .waitFor();
    await page.screenshot({ path: "test/browser/screenshots/kit-editor.png", fullPage: true });
  });

  it("reschedules an interview from its page: field errors at their fields, the new time shown, stored and sent", async () => {
    // Signed in as the hiring manager (the hiring team may reschedule; the route's access).
    const rescheduled = await api(
      tokens.admin,
      "POST",
      "/api/v1/candidates",
      { fullName: "Rita Reschedule", email: "rita@example.net", roleId },
      201,
    );
    const ritaApplicationId = (rescheduled.applications as { id: string }[])[0]?.id ?? "";
    const scheduleAt = async (startsInHours: number) =>
      (await api(
        tokens.admin,
        "POST",
        "/api/v1/interviews",
        {
          applicationId: ritaApplicationId,
          stageId: systemDesignStageId,
          scheduledAt: new Date(Date.now() + startsInHours * 60 * 60 * 1000).toISOString(),
          durationMinutes: 60,
          interviewerIds: [userIds.interviewer, userIds.manager],
          mode: "remote",
          videoLink: "https://meet.example.com/reschedule",
        },
        201,
      )) as { id: string; scheduledAt: string };
    const past = await scheduleAt(-48);
    const cancelled = await scheduleAt(96);
    await api(tokens.admin, "POST", `/api/v1/interviews/${cancelled.id}/cancel`);
    const future = await scheduleAt(72);

    // A past interview, a cancelled one and a completed one offer no Reschedule.
    await page.goto(`${server.url}/interviews/${past.id}`);
    await page.getByRole("button", { name: "Cancel interview" }).waitFor();
    expect(await page.getByRole("button", { name: "Reschedule" }).count()).toBe(0);
    await page.goto(`${server.url}/interviews/${cancelled.id}`);
    await page.getByText("Cancelled", { exact: true }).waitFor();
    expect(await page.getByRole("button", { name: "Reschedule" }).count()).toBe(0);
    await page.goto(`${server.url}/interviews/${interviewId}`);
    await page.getByText(/^Completed/).waitFor();
    expect(await page.getByRole("button", { name: "Reschedule" }).count()).toBe(0);

    await page.goto(`${server.url}/interviews/${future.id}`);
    await page.getByRole("button", { name: "Reschedule" }).click();
    const form = page.getByRole("region", { name: "Reschedule the interview" });
    await form.getByText("updated calendar invitation").waitFor();
    // The form starts from the current time, in the browser's time zone.
    const currentLocal = await page.evaluate((iso) => {
      const date = new Date(iso);
      const pad = (value: number) => String(value).padStart(2, "0");
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
    }, future.scheduledAt);
    expect(await form.getByLabel("Date and time").inputValue()).toBe(currentLocal);

    // Shorter than the kit's minimum: the server's message shows at the duration field.
    await form.getByLabel("Date and time").fill("2031-06-10T14:30");
    await form.getByLabel("Duration (minutes)").fill("5");
    await form.getByRole("button", { name: "Save the new time" }).click();
    const durationMessage = form.locator("#reschedule-duration-error");
    await durationMessage.waitFor();
    expect(await durationMessage.textContent()).toMatch(/needs at least \d+ minutes/);
    expect(await form.getByLabel("Duration (minutes)").getAttribute("aria-invalid")).toBe("true");
    const unchanged = await api(tokens.admin, "GET", `/api/v1/interviews/${future.id}`);
    expect(unchanged.scheduledAt).toBe(future.scheduledAt);

    await form.getByLabel("Duration (minutes)").fill("90");
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.screenshot({ path: "test/browser/screenshots/interview-reschedule.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test/browser/screenshots/interview-reschedule-390.png", fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });
    await form.getByRole("button", { name: "Save the new time" }).click();

    const expectedIso = await page.evaluate(() => new Date("2031-06-10T14:30").toISOString());
    const confirmation = page.getByRole("status").filter({ hasText: "Rescheduled to" });
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toContain("updated invitation");
    expect(await form.count()).toBe(0);
    // The page shows the new time; the API has stored it.
    const when = page.locator("dt", { hasText: "When" }).locator("xpath=following-sibling::dd[1]");
    expect(await when.locator("time").getAttribute("datetime")).toBe(expectedIso);
    expect(await when.textContent()).toContain("90 minutes");
    const stored = await api(tokens.admin, "GET", `/api/v1/interviews/${future.id}`);
    expect(stored.scheduledAt).toBe(expectedIso);
    expect(stored.durationMinutes).toBe(90);
    await page.screenshot({ path: "test/browser/screenshots/interview-rescheduled.png", fullPage: true });

    // The candidate and each interviewer got the update: same event, higher SEQUENCE, the new start.
    const dtStart = `DTSTART:${expectedIso.replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`;
    await expect
      .poll(
        async () =>
          (await readOutboxFiles(server.outboxDir))
            .map((file) => file.email)
            .filter((email) => (email.headers.get("subject") ?? "").startsWith("Rescheduled:"))
            .filter((email) =>
              email.parts.some(
                (part) =>
                  part.contentType.startsWith("text/calendar") &&
                  part.body.includes(dtStart) &&
                  part.body.includes("SEQUENCE:1"),
              ),
            )
            .map((email) => email.headers.get("to") ?? "")
            .sort(),
        { timeout: 10_000 },
      )
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining("rita@example.net"),
          expect.stringContaining("interviewer@example.com"),
          expect.stringContaining("manager@example.com"),
        ]),
      );
  });
});
