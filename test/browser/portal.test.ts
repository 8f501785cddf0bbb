import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/modules/api-tokens/api-tokens.ts";
import { systemActor } from "../../src/modules/audit/audit-log.ts";
import { DEMO_PASSWORD, seedDemoOrganization } from "../../src/modules/demo/seed-demo.ts";
import { findUserByEmail } from "../../src/modules/members/members.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { parseEml, textPart } from "../support/eml.ts";
import { call, startTestServer, type TestServer } from "../support/server.ts";
import { launchBrowser } from "./browser.ts";

const candidate = { fullName: "Noor Haddad", email: "noor.haddad@example.org" };
const roleTitle = "Backend Engineer, Platform";
const videoLink = "https://meet.example.com/platform-system-design";

interface OutboxItem {
  id: string;
  template: string;
  to: string;
  subject: string;
}

describe("the candidate portal, the email outbox and privacy (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let candidateContext: BrowserContext;
  let candidatePage: Page;
  let adminPage: Page;
  let adminToken = "";
  let candidateId = "";
  let invitationLink = "";

  beforeAll(async () => {
    server = await startTestServer("pglite");
    const deps = { db: server.database.db, clock: systemClock };
    const { organizationId } = await seedDemoOrganization(deps);
    const tokenFor = async (email: string) => {
      const user = await findUserByEmail(server.database.db, email);
      if (!user) throw new Error(`the demo seed must create ${email}`);
      const { secret } = await createApiToken(deps, systemActor, {
        organizationId,
        userId: user.id,
        name: "portal browser test",
      });
      return { id: user.id, token: secret };
    };
    const admin = await tokenFor("admin@example.com");
    const interviewer = await tokenFor("interviewer@example.com");
    const manager = await tokenFor("manager@example.com");
    adminToken = admin.token;

    const api = async (method: string, url: string, body?: unknown, token = adminToken) => {
      const response = await call(server, method, url, { token, body });
      if (response.status >= 300) {
        throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(response.body)}`);
      }
      return response.body as unknown;
    };

    // A demo role with a decided work model and the plan of its template.
    const role = await api("POST", "/api/v1/roles", {
      title: roleTitle,
      team: "Platform",
      seniority: "senior",
      timezone: { fromUtcOffset: -1, toUtcOffset: 3 },
      headcount: 1,
      status: "open",
    });
    const roleId = (role as { id: string }).id;
    const { defaults } = (await api("GET", "/api/v1/work-model/factors")) as { defaults: unknown };
    const advice = (await api("POST", `/api/v1/roles/${roleId}/advice`, defaults)) as {
      recommendation: string;
      onsiteDaysPerWeek: number | null;
    };
    await api("POST", `/api/v1/roles/${roleId}/work-model-decision`, {
      factors: defaults,
      chosenModel: advice.recommendation,
      ...(advice.onsiteDaysPerWeek === null ? {} : { onsiteDaysPerWeek: advice.onsiteDaysPerWeek }),
    });
    const plan = (await api("POST", `/api/v1/roles/${roleId}/plan/from-template`, {})) as {
      stages: { id: string; type: string }[];
    };
    const systemDesign = plan.stages.find((stage) => stage.type === "system_design");
    if (!systemDesign) throw new Error("the plan template must have a system design stage");

    // The candidate applies, reaches the system design stage and has an interview with a scorecard.
    const created = (await api("POST", "/api/v1/candidates", { ...candidate, roleId })) as {
      id: string;
      applications: { id: string }[];
    };
    candidateId = created.id;
    const applicationId = created.applications[0]?.id ?? "";
    await api("POST", `/api/v1/applications/${applicationId}/stage`, { stageId: systemDesign.id });
    const interview = (await api("POST", "/api/v1/interviews", {
      applicationId,
      stageId: systemDesign.id,
      scheduledAt: new Date(Date.now() + 3 * 24 * 60 * 60 * 1000).toISOString(),
      durationMinutes: 90,
      interviewerIds: [interviewer.id, manager.id],
      mode: "remote",
      videoLink,
    })) as { id: string };
    const detail = (await api("GET", `/api/v1/interviews/${interview.id}`, undefined, interviewer.token)) as {
      kit: { rubric: { id: string }[] };
    };
    await api(
      "POST",
      `/api/v1/interviews/${interview.id}/scorecards`,
      {
        ratings: detail.kit.rubric.map((attribute) => ({
          attributeId: attribute.id,
          level: 3,
          evidence: "Partitioned the event queue by account and explained the trade-offs clearly.",
        })),
        recommendation: "yes",
      },
      interviewer.token,
    );

    browser = await launchBrowser();
    candidateContext = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    candidatePage = await candidateContext.newPage();
    adminPage = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function outbox(): Promise<OutboxItem[]> {
    const response = await call(server, "GET", "/api/v1/outbox", { token: adminToken });
    expect(response.status).toBe(200);
    return response.body.items as OutboxItem[];
  }

  /** The link as the candidate received it: from the .eml file, since the outbox copy is redacted. */
  async function signInLinkOf(emailId: string): Promise<string> {
    const email = await call(server, "GET", `/api/v1/outbox/${emailId}`, { token: adminToken });
    expect(email.status).toBe(200);
    expect(email.body.bodyText).toContain("token=REDACTED");
    const fileName = email.body.fileName as string;
    const text = textPart(parseEml(await readFile(path.join(server.outboxDir, fileName), "utf8")));
    const link = /https?:\/\/\S+\/portal\/sign-in\?\S+/.exec(text)?.[0];
    if (!link) throw new Error(`no sign-in link in ${fileName}`);
    const url = new URL(link);
    expect(url.searchParams.get("token")).toMatch(/^[\w-]{43}$/);
    // Every link knows the organisation, so the candidate never has to.
    expect(url.searchParams.get("org")).toBe("demo");
    // The server's base URL is not the test server's port; the path and query are what matter.
    return `${server.url}${url.pathname}${url.search}`;
  }

  /** The sign-in page sends the link in the background; wait until it is recorded. */
  async function waitForEmail(matches: (email: OutboxItem) => boolean, count = 1): Promise<OutboxItem[]> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const found = (await outbox()).filter(matches);
      if (found.length >= count) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("the expected email was not recorded");
  }

  it("invites the candidate; the emailed link opens the portal with the application and no score", async () => {
    const invitation = await call(server, "POST", `/api/v1/candidates/${candidateId}/invite`, {
      token: adminToken,
    });
    expect(invitation.status).toBe(201);
    const sent = invitation.body.email as { id: string; status: string };
    expect(sent.status).toBe("sent");
    invitationLink = await signInLinkOf(sent.id);

    await candidatePage.goto(invitationLink);
    await candidatePage.waitForURL((url) => url.pathname === "/portal/home");
    await candidatePage.getByRole("heading", { level: 1, name: `Hello ${candidate.fullName}` }).waitFor();
    const application = candidatePage.getByRole("region", { name: roleTitle });
    await application.waitFor();
    await application.getByText("System design", { exact: false }).first().waitFor();
    await application.getByRole("link", { name: /join the video call/ }).waitFor();
    expect(await application.getByRole("link", { name: /join the video call/ }).getAttribute("href")).toBe(
      videoLink,
    );
    const timeline = application.getByRole("list").first();
    expect(await timeline.getByRole("listitem").count()).toBeGreaterThanOrEqual(2);

    // No staff chrome, and no scores: the organisation does not share feedback.
    expect(await candidatePage.getByRole("navigation", { name: "Main" }).count()).toBe(0);
    expect(await candidatePage.getByText("Feedback from your interviews").count()).toBe(0);
    expect(await candidatePage.getByText(/Average score/).count()).toBe(0);
    const me = await candidateContext.request.get(`${server.url}/api/v1/portal/me`);
    const view = (await me.json()) as { applications: { feedback: unknown }[] };
    expect(view.applications[0]?.feedback).toBeNull();
    expect(JSON.stringify(view)).not.toMatch(/"score"/);

    await candidatePage.screenshot({ path: "test/browser/screenshots/portal.png", fullPage: true });
  });

  it("refuses the same link a second time, with a way to ask for a new one", async () => {
    const again = await candidateContext.newPage();
    await again.goto(invitationLink);
    await expect(again.getByRole("alert").textContent()).resolves.toContain("already been used");
    await again.getByRole("link", { name: "Email me a new sign-in link" }).waitFor();
    await again.close();
  });

  it("opens no staff page with the candidate cookie", async () => {
    const members = await candidateContext.request.get(`${server.url}/api/v1/members`);
    expect(members.status()).toBe(401);
    const candidates = await candidateContext.request.get(`${server.url}/api/v1/candidates`);
    expect(candidates.status()).toBe(401);
    const staffPage = await candidateContext.newPage();
    await staffPage.goto(`${server.url}/settings/members`);
    await staffPage.waitForURL(/\/login$/);
    await staffPage.close();
  });

  it("saves the voluntary self-identification answers", async () => {
    // A fresh load of the portal, as a candidate coming back later would see it; the earlier
    // steps opened other pages (staff pages, a used link) in this browser context.
    await candidatePage.close();
    candidatePage = await candidateContext.newPage();
    await candidatePage.goto(`${server.url}/portal/home`);
    const form = candidatePage.getByRole("region", { name: "Voluntary self-identification" });
    await form.getByText(/never shown to your interviewers/).waitFor();
    await form.getByLabel("Gender").selectOption({ label: "Woman" });
    await form.getByLabel("Age").selectOption({ label: "30 to 39" });
    await form.getByLabel("Are you a veteran?").selectOption({ label: "Prefer not to say" });
    await form.getByRole("button", { name: "Save my answers" }).click();
    await form.getByRole("status").filter({ hasText: "Your answers are saved" }).waitFor();
    const saved = await candidateContext.request.get(`${server.url}/api/v1/portal/demographics`);
    expect(await saved.json()).toEqual({
      answers: { gender: "woman", ageBand: "30_to_39", veteran: "prefer_not_to_say" },
    });
  });

  it("signs out, and signs in again from the email address alone, without being told who is known", async () => {
    await candidatePage.getByRole("button", { name: "Sign out" }).click();
    await candidatePage.waitForURL((url) => url.pathname === "/portal");
    await candidatePage.getByText("You have signed out").waitFor();
    expect((await candidateContext.request.get(`${server.url}/api/v1/portal/me`)).status()).toBe(401);

    const requestLink = async (email: string) => {
      await candidatePage.goto(`${server.url}/portal`);
      await candidatePage.getByRole("heading", { name: "Sign in to follow your application" }).waitFor();
      // Only the address: the candidate is never asked for an organisation's short name.
      expect(await candidatePage.getByRole("textbox").count()).toBe(1);
      await candidatePage.getByLabel("Email").fill(email);
      await candidatePage.getByRole("button", { name: "Email me a sign-in link" }).click();
      await candidatePage.getByRole("heading", { name: "Check your email" }).waitFor();
      return candidatePage.locator(".portal-sent").textContent();
    };
    const unknownAnswer = await requestLink("nobody@example.org");
    const knownAnswer = await requestLink(candidate.email);
    expect(unknownAnswer?.replace("nobody@example.org", "")).toBe(knownAnswer?.replace(candidate.email, ""));
    expect(knownAnswer).not.toContain("Evident Demo");

    // The link is sent in the background; only the known address gets one.
    const [signInEmail] = await waitForEmail((email) => email.template === "magic_link");
    if (!signInEmail) throw new Error("no sign-in link email was recorded");
    expect(signInEmail.to).toBe(candidate.email);
    expect((await outbox()).some((email) => email.to === "nobody@example.org")).toBe(false);

    await candidatePage.goto(await signInLinkOf(signInEmail.id));
    await candidatePage.waitForURL((url) => url.pathname === "/portal/home");
    await candidatePage.getByRole("region", { name: roleTitle }).waitFor();
  });

  it("emailed a stage invitation when the application entered the interview stage; its link signs in", async () => {
    const [invitation, ...more] = await waitForEmail((email) => email.template === "stage_invitation");
    if (!invitation) throw new Error("no stage invitation was recorded");
    expect(more).toEqual([]);
    expect(invitation.to).toBe(candidate.email);
    expect(invitation.subject).toMatch(/system design$/);
    const link = await signInLinkOf(invitation.id);
    const fresh = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    try {
      const page = await fresh.newPage();
      await page.goto(link);
      await page.waitForURL((url) => url.pathname === "/portal/home");
      await page.getByRole("heading", { level: 1, name: `Hello ${candidate.fullName}` }).waitFor();
      await page.getByRole("region", { name: roleTitle }).waitFor();
    } finally {
      await fresh.close();
    }
  });

  it("as the admin, turns feedback sharing on; the candidate then sees per-stage scores", async () => {
    await adminPage.goto(`${server.url}/settings/privacy`);
    await adminPage.waitForURL(/\/login$/);
    await adminPage.getByLabel("Email").fill("admin@example.com");
    await adminPage.getByLabel("Password").fill(DEMO_PASSWORD);
    await adminPage.getByRole("button", { name: "Sign in" }).click();
    await adminPage.waitForURL(/\/settings\/privacy$/);
    const settingsNav = adminPage.getByRole("navigation", { name: "Settings" });
    await settingsNav.getByRole("link", { name: "Email outbox" }).waitFor();
    await settingsNav.getByRole("link", { name: "Privacy" }).waitFor();

    await adminPage.getByLabel("Share interview feedback with candidates").check();
    await adminPage.getByRole("button", { name: "Save privacy settings" }).click();
    await adminPage.getByText("Privacy settings saved.").waitFor();
    const settings = await call(server, "GET", "/api/v1/settings/privacy", { token: adminToken });
    expect(settings.body).toMatchObject({ shareFeedbackWithCandidates: true, candidateRetentionDays: null });

    await candidatePage.reload();
    const application = candidatePage.getByRole("region", { name: roleTitle });
    await application.getByRole("heading", { name: "Feedback from your interviews" }).waitFor();
    await application.getByRole("cell", { name: "3.00" }).waitFor();
    await application.getByRole("img", { name: /Average score per stage/ }).waitFor();
    await candidatePage.screenshot({ path: "test/browser/screenshots/portal-feedback.png", fullPage: true });
  });

  it("as the admin, invites the candidate to the portal from the candidate and application pages", async () => {
    const invitationsBefore = (await outbox()).filter((email) => email.template === "invitation").length;
    await adminPage.goto(`${server.url}/candidates/${candidateId}`);
    await adminPage.getByRole("heading", { level: 1, name: candidate.fullName }).waitFor();
    await adminPage.getByRole("button", { name: "Invite to portal" }).click();
    await adminPage
      .getByRole("status")
      .filter({ hasText: `Portal invitation sent to ${candidate.fullName} at ${candidate.email}` })
      .waitFor();

    await adminPage.getByRole("link", { name: roleTitle }).first().click();
    await adminPage.waitForURL(/\/applications\/[0-9a-f-]+$/);
    await adminPage.getByRole("button", { name: "Invite to portal" }).click();
    await adminPage
      .getByRole("status")
      .filter({ hasText: `Portal invitation sent to ${candidate.fullName} at ${candidate.email}` })
      .waitFor();
    await adminPage.screenshot({ path: "test/browser/screenshots/invite-to-portal.png", fullPage: true });

    const invitations = (await outbox()).filter((email) => email.template === "invitation");
    expect(invitations).toHaveLength(invitationsBefore + 2);
    expect(invitations.every((email) => email.to === candidate.email)).toBe(true);
    // The emailed link is a working one: it signs the candidate in.
    const fresh = await browser.newContext();
    try {
      const page = await fresh.newPage();
      await page.goto(await signInLinkOf(invitations[0]?.id ?? ""));
      await page.waitForURL((url) => url.pathname === "/portal/home");
      await page.getByRole("region", { name: roleTitle }).waitFor();
    } finally {
      await fresh.close();
    }
  });

  it("lists the invitation in the outbox page and shows its text without the secret", async () => {
    await adminPage.goto(`${server.url}/settings/privacy`);
    await adminPage
      .getByRole("navigation", { name: "Settings" })
      .getByRole("link", { name: "Email outbox" })
      .click();
    await adminPage.waitForURL(/\/settings\/outbox$/);
    await adminPage.getByText(/written as an .eml file/).waitFor();
    const invitationRow = adminPage
      .getByRole("row")
      .filter({ hasText: "invites you to your candidate portal" })
      .first();
    await invitationRow.waitFor();
    expect(await invitationRow.textContent()).toContain(candidate.email);
    await invitationRow.getByRole("button").click();
    const body = adminPage.locator(".outbox-body");
    await body.waitFor();
    expect(await body.textContent()).toContain("token=REDACTED");
    await adminPage.screenshot({ path: "test/browser/screenshots/outbox.png", fullPage: true });
  });

  it("erases the candidate from the privacy page; their name is then nowhere in the candidate list", async () => {
    await adminPage
      .getByRole("navigation", { name: "Settings" })
      .getByRole("link", { name: "Privacy" })
      .click();
    await adminPage.waitForURL(/\/settings\/privacy$/);
    await adminPage.getByLabel("Name or email").fill("Noor");
    await adminPage.getByRole("button", { name: "Find candidate" }).click();
    await adminPage.getByRole("button", { name: `Select ${candidate.fullName}` }).click();
    await adminPage.getByRole("heading", { level: 4, name: candidate.fullName }).waitFor();
    await adminPage.getByRole("button", { name: "Erase candidate" }).click();
    const erase = adminPage.getByRole("button", { name: `Erase ${candidate.fullName} permanently` });
    expect(await erase.isDisabled()).toBe(true);
    await adminPage.getByLabel("Type the candidate id to confirm").fill(candidate.fullName);
    expect(await erase.isDisabled()).toBe(true);
    await adminPage.getByLabel("Type the candidate id to confirm").fill(candidateId);
    await adminPage.screenshot({ path: "test/browser/screenshots/privacy.png", fullPage: true });
    await erase.click();
    await adminPage.getByText(`${candidate.fullName} was erased`).waitFor();

    const list = await call(server, "GET", "/api/v1/candidates", { token: adminToken });
    expect(list.status).toBe(200);
    const listed = JSON.stringify(list.body);
    expect(listed).not.toContain("Noor");
    expect(listed).not.toContain("Haddad");
    expect(listed).not.toContain(candidate.email);
    const search = await call(server, "GET", "/api/v1/candidates?query=Haddad", { token: adminToken });
    expect(search.body.items).toEqual([]);
    expect(JSON.stringify(await outbox())).not.toContain(candidate.email);

    // Erasure ends the candidate's portal sessions at once.
    await candidatePage.reload();
    await candidatePage.waitForURL((url) => url.pathname === "/portal");
    await candidatePage.getByText("Your portal session has ended").waitFor();
  });
});
