import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRole, seedApplication, seedStages } from "../support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from "../support/server.ts";
import { launchBrowser } from "./browser.ts";

const DESIGN_KIT = "system-design-url-shortener";
const SHOTS = "test/browser/screenshots";

/**
 * Waits until the email an iframe shows (its srcdoc, the document the candidate gets) contains
 * the text. Waiting inside the frame instead was flaky under load: the sandboxed srcdoc document
 * is replaced as the wording changes, and a wait could hang on the replaced one.
 */
async function waitForEmailText(frame: Locator, text: string) {
  await expect
    .poll(async () => (await frame.getAttribute("srcdoc")) ?? "", { timeout: 30_000, interval: 200 })
    .toContain(text);
}

/**
 * Lifecycle emails (issue 10, item 2) in Chromium: an organisation words its rejection email
 * and sees the preview; a recorded decision leaves a draft the hiring manager edits and sends,
 * which then is in the outbox; a rejection from the pipeline offers the email in its dialog.
 */
describe("lifecycle emails: templates, decision email drafts and the reject dialog (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let org: SeededOrganization;
  let roleId = "";
  let decidedApplicationId = "";
  let rejectedApplicationId = "";

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

  async function fitsWidth(page: Page, width: number) {
    await page.setViewportSize({ width, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  }

  beforeAll(async () => {
    server = await startTestServer("pglite");
    org = await seedOrganization(server.database, "Lifecycle");
    roleId = await openRole(server, org.users.recruiter.token, { title: "Data Engineer" });
    const [review, design] = await seedStages(server.database, org.id, roleId, [
      { name: "Application review", type: "application_review" },
      { name: "System design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 1, weight: 1 },
      { name: "Decision", type: "decision" },
    ]);
    if (!review || !design) throw new Error("stages");
    ({ applicationId: decidedApplicationId } = await seedApplication(
      server.database,
      org.id,
      roleId,
      { fullName: "Dana Decided", email: "dana@candidates.test" },
      { stageId: design.id },
    ));
    ({ applicationId: rejectedApplicationId } = await seedApplication(
      server.database,
      org.id,
      roleId,
      { fullName: "Rui Rejected", email: "rui@candidates.test" },
      { stageId: review.id },
    ));
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("words the rejection email in Settings, refuses an unknown variable and previews the wording", async () => {
    const page = await signIn(org.users.recruiter.email, "/settings/email-templates");
    await page.getByRole("heading", { name: "Email templates" }).waitFor();
    await page.getByRole("button", { name: /^Rejection/ }).click();
    const form = page.getByRole("form", { name: "Rejection" });
    const body = form.getByLabel("Body");
    await body.waitFor();
    const preview = page.locator("iframe.email-preview-body");
    // The preview fills the variables with samples.
    await waitForEmailText(preview, "Hello Ada Lovelace,");

    await body.fill("Hello {{firstName}},\n\nOpen your candidate portal: {{portalLink}}");
    await page
      .getByRole("alert")
      .getByText(/\{\{firstName\}\}/)
      .waitFor();

    const wording =
      "Hello {{candidateName}},\n\nThank you for applying to {{roleTitle}}. We will not continue, and we wish you every success.\n\nOpen your candidate portal: {{portalLink}}\n\nThe {{organizationName}} hiring team";
    await body.fill(wording);
    await waitForEmailText(preview, "Thank you for applying to Backend Engineer. We will not continue");
    expect(await preview.getAttribute("srcdoc")).toMatch(/<a href="[^"]+">Open your candidate portal<\/a>/);
    await page.screenshot({ path: `${SHOTS}/email-templates-1366.png`, fullPage: true });

    await form.getByRole("button", { name: "Save wording" }).click();
    await page
      .getByRole("status")
      .getByText("Saved: candidates now receive your wording of “Rejection”.")
      .waitFor();
    await page.getByRole("button", { name: /^Rejection\s*Your wording/ }).waitFor();
    const stored = await call(server, "GET", "/api/v1/email-templates/rejection", {
      token: org.users.recruiter.token,
    });
    expect(stored.body).toMatchObject({ isCustomized: true, body: wording });

    await fitsWidth(page, 390);
    await page.screenshot({ path: `${SHOTS}/email-templates-390.png`, fullPage: true });
    await page
      .locator(".email-template-preview")
      .screenshot({ path: `${SHOTS}/email-templates-preview-390.png` });
    await page.close();

    // An interviewer is told in plain words that this page is not theirs.
    const interviewer = await signIn(org.users.interviewer.email, "/settings/email-templates");
    await interviewer.getByText("Only admins and recruiters word the emails candidates receive.").waitFor();
    await interviewer.close();
  });

  it("drafts the decision email instead of sending it; the manager edits and sends it, and it is in the outbox", async () => {
    const page = await signIn(
      org.users.hiring_manager.email,
      `/applications/${decidedApplicationId}/decision`,
    );
    await page.getByRole("radio", { name: /^Hire/ }).check();
    await page
      .getByLabel("Override reason")
      .fill("Strong system design; one rater was enough for this role.");
    await page.getByRole("button", { name: "Record decision" }).click();
    await page
      .getByRole("dialog", { name: "Record the decision: hire?" })
      .getByRole("button", { name: "Record: hire" })
      .click();

    const panel = page.getByRole("region", { name: "Email to the candidate" });
    await panel.getByText("Draft, not sent").waitFor();
    await panel.getByText("Nothing has been sent.").waitFor();
    // Recording sent nothing: the outbox is empty.
    const before = await call(server, "GET", "/api/v1/outbox", { token: org.users.admin.token });
    expect(before.body.items).toEqual([]);
    await waitForEmailText(panel.locator("iframe"), "would like to offer you the position");

    await panel.getByRole("button", { name: "Edit" }).click();
    await panel.getByLabel("Subject").fill("Your offer for Data Engineer");
    const text = panel.getByLabel("Email text");
    await text.fill(`${await text.inputValue()}\nWe look forward to hearing from you.`);
    await panel.getByRole("button", { name: "Save changes" }).click();
    await panel.getByText("Your changes are saved; the email is not sent yet.").waitFor();
    await panel.getByText("Your offer for Data Engineer").first().waitFor();
    await page.screenshot({ path: `${SHOTS}/decision-email-1366.png`, fullPage: true });

    await panel.getByRole("button", { name: "Send now" }).click();
    const confirm = page.getByRole("dialog", { name: "Send this email to dana@candidates.test now?" });
    await confirm.getByRole("button", { name: "Send the email" }).click();
    await panel.getByText("Sent to dana@candidates.test.").waitFor();
    await panel.locator(".status-pill-sent").waitFor();
    await fitsWidth(page, 390);
    // The edited text is in the document the candidate was sent.
    await waitForEmailText(panel.locator("iframe"), "We look forward to hearing from you.");
    await page.screenshot({ path: `${SHOTS}/decision-email-390.png`, fullPage: true });
    // The email's own frame, as the phone shows it once scrolled to.
    await panel.screenshot({ path: `${SHOTS}/decision-email-panel-390.png` });
    await page.close();

    // The admin finds it in the outbox page.
    const admin = await signIn(org.users.admin.email, "/settings/outbox");
    await admin.getByText("Your offer for Data Engineer").first().click();
    await admin.getByText("We look forward to hearing from you.").waitFor();
    await admin.close();
  });

  it("rejects from the pipeline with the dialog, and sends the organisation's rejection email", async () => {
    const page = await signIn(org.users.recruiter.email, `/roles/${roleId}/pipeline`);
    await page.getByRole("button", { name: "Reject Rui Rejected" }).click();
    const dialog = page.getByRole("dialog", { name: "Reject Rui Rejected" });
    await dialog.getByLabel("Reason").selectOption("position_filled");
    await dialog.getByLabel("Note").fill("Filled internally.");
    await expect.poll(() => dialog.getByLabel("Email text").inputValue()).toContain("We will not continue");
    expect(await dialog.getByLabel("Email the candidate").isChecked()).toBe(true);
    await dialog.getByRole("button", { name: "Preview" }).click();
    await dialog
      .getByLabel("Preview of the email")
      .getByText("Thank you for applying to Data Engineer.")
      .waitFor();
    await page.screenshot({ path: `${SHOTS}/reject-dialog-1366.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/reject-dialog-390.png` });
    await page.setViewportSize({ width: 1366, height: 900 });
    await dialog.getByRole("button", { name: "Edit" }).click();
    await dialog.getByLabel("Subject").fill("About your application for Data Engineer");
    await dialog.getByRole("button", { name: "Reject and send the email" }).click();
    await dialog.waitFor({ state: "detached" });

    // The application page lists the rejection email as sent.
    await page.goto(`${server.url}/applications/${rejectedApplicationId}`);
    const sentPanel = page.getByRole("region", { name: "Rejection email to the candidate" });
    await sentPanel.locator(".status-pill-sent").waitFor();
    await sentPanel
      .locator(".email-preview-subject")
      .getByText("About your application for Data Engineer")
      .waitFor();

    const application = await call(server, "GET", `/api/v1/applications/${rejectedApplicationId}`, {
      token: org.users.recruiter.token,
    });
    expect(application.body).toMatchObject({ status: "rejected", rejectionReason: "position_filled" });
    const emails = await call(server, "GET", `/api/v1/applications/${rejectedApplicationId}/emails`, {
      token: org.users.recruiter.token,
    });
    expect(emails.body.items).toEqual([
      expect.objectContaining({
        purpose: "rejection",
        status: "sent",
        to: "rui@candidates.test",
        subject: "About your application for Data Engineer",
      }),
    ]);
    const outbox = await call(server, "GET", "/api/v1/outbox", { token: org.users.admin.token });
    expect((outbox.body.items as { subject: string }[]).map((item) => item.subject)).toContain(
      "About your application for Data Engineer",
    );
    await page.close();
  });
});
