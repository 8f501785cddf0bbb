import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendDueEmailDrafts } from "../src/modules/mail/email-drafts.ts";
import { fixedClock } from "../src/platform/clock.ts";
import { auditEvents } from "../src/platform/db/schema.ts";
import { testEngines } from "./support/databases.ts";
import { readOutboxFiles, textPart } from "./support/eml.ts";
import { openRole, seedApplication } from "./support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Draft {
  id: string;
  purpose: string;
  to: string;
  subject: string;
  bodyText: string;
  html: string;
  status: string;
  sendAt: string | null;
  sentAt: string | null;
  outboundEmailId: string | null;
}

/**
 * Lifecycle emails (issue 10, item 2): the organisation's wording of candidate emails with
 * preview, decision emails drafted rather than sent on the click, sent, scheduled or cancelled
 * by the hiring team, and the rejection email of the reject dialog; on every engine.
 */
describe.each(testEngines)("lifecycle emails on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let roleId: string;
  let candidateCount = 0;
  // Real time, pinned: the scheduled-email job is run at chosen moments.
  const clock = fixedClock(new Date(Math.floor(Date.now() / MINUTE) * MINUTE));
  const mailDeps = () => ({ db: server.database.db, clock, mailer: server.mailer });

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    org = await seedOrganization(server.database, "Lifecycle");
    other = await seedOrganization(server.database, "Elsewhere");
    roleId = await openRole(server, org.users.recruiter.token, { title: "Platform Engineer" });
  });
  afterAll(async () => server?.close());

  async function newApplication() {
    candidateCount += 1;
    return seedApplication(server.database, org.id, roleId, {
      fullName: `Casey Lifecycle ${candidateCount}`,
      email: `casey${candidateCount}.${engine}@candidates.test`,
    });
  }

  async function decide(applicationId: string, outcome: "hire" | "no_hire") {
    const response = await call(server, "POST", `/api/v1/applications/${applicationId}/decision`, {
      token: org.users.hiring_manager.token,
      body: { outcome, overrideReason: "Decided on the evidence at hand (score 3.5)." },
    });
    expect(response.status).toBe(201);
  }

  async function draftsOf(applicationId: string, token = org.users.hiring_manager.token): Promise<Draft[]> {
    const response = await call(server, "GET", `/api/v1/applications/${applicationId}/emails`, { token });
    expect(response.status).toBe(200);
    return response.body.items as unknown as Draft[];
  }

  async function outboxCount(): Promise<number> {
    const response = await call(server, "GET", "/api/v1/outbox?limit=200", { token: org.users.admin.token });
    return (response.body.items ?? []).length;
  }

  async function auditActions(): Promise<string[]> {
    const rows = await server.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.organizationId, org.id));
    return rows.map((row) => row.action);
  }

  describe("templates", () => {
    it("lists the built-in wording, saves the organisation's own, previews it and goes back to the default", async () => {
      const list = await call(server, "GET", "/api/v1/email-templates", { token: org.users.recruiter.token });
      expect(list.status).toBe(200);
      const templates = list.body.items as { template: string; isCustomized: boolean; body: string }[];
      expect(templates.map((item) => item.template)).toEqual([
        "decision_hire",
        "decision_no_hire",
        "rejection",
        "interview_scheduled",
        "stage_invitation",
      ]);
      expect(templates.every((item) => !item.isCustomized)).toBe(true);

      const wording = {
        subject: "News about {{roleTitle}}",
        body: "Hi {{candidateName}},\n\nWe are not moving on with <b>your</b> application.\n\nYour portal: {{portalLink}}\n\n{{organizationName}}",
      };
      const preview = await call(server, "POST", "/api/v1/email-templates/rejection/preview", {
        token: org.users.recruiter.token,
        body: { ...wording, values: { candidateName: "Ada <Lovelace>" } },
      });
      expect(preview.status).toBe(200);
      expect(preview.body.subject).toBe("News about Backend Engineer");
      expect(preview.body.text).toContain("Hi Ada <Lovelace>,");
      expect(preview.body.html).toContain("Hi Ada &lt;Lovelace&gt;,");
      expect(preview.body.html).not.toContain("<b>");
      expect(preview.body.html).toContain(
        '<a href="https://evident.example/portal?org=acme-labs">Your portal</a>',
      );

      const saved = await call(server, "PUT", "/api/v1/email-templates/rejection", {
        token: org.users.recruiter.token,
        body: wording,
      });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ isCustomized: true, subject: wording.subject, body: wording.body });
      expect(String(saved.body.defaultBody)).toContain("{{portalLink}}");
      expect(await auditActions()).toContain("email_template.updated");

      // Another organisation keeps the built-in wording and cannot see this one.
      const foreign = await call(server, "GET", "/api/v1/email-templates/rejection", {
        token: other.users.admin.token,
      });
      expect(foreign.body).toMatchObject({ isCustomized: false });
      expect(foreign.body.subject).not.toBe(wording.subject);

      const reset = await call(server, "DELETE", "/api/v1/email-templates/rejection", {
        token: org.users.admin.token,
      });
      expect(reset.status).toBe(200);
      expect(reset.body).toMatchObject({ isCustomized: false, updatedAt: null });
      expect(reset.body.body).toBe(reset.body.defaultBody);
      expect(await auditActions()).toContain("email_template.reset");
    });

    it("refuses an unknown variable, unbalanced braces and a dropped portal link, naming the problem", async () => {
      const put = (body: unknown) =>
        call(server, "PUT", "/api/v1/email-templates/decision_hire", { token: org.users.admin.token, body });
      const unknown = await put({ subject: "Hi {{firstName}}", body: "Link: {{portalLink}}" });
      expect(unknown.status).toBe(400);
      expect(unknown.headers.get("content-type")).toContain("application/problem+json");
      expect(unknown.body.detail).toContain("{{firstName}}");
      expect(unknown.body.errors).toEqual([{ path: "subject", message: "unknown variable firstName" }]);

      const unbalanced = await put({ subject: "Hello", body: "Dear {{candidateName,\n\n{{portalLink}}" });
      expect(unbalanced.status).toBe(400);
      expect(unbalanced.body.detail).toContain('"{{" without its "}}"');

      const stray = await put({ subject: "Hello}}", body: "{{portalLink}}" });
      expect(stray.status).toBe(400);
      expect(stray.body.detail).toContain('"}}" without its "{{"');

      const noLink = await put({ subject: "Hello", body: "Dear {{candidateName}}, welcome aboard." });
      expect(noLink.status).toBe(400);
      expect(noLink.body.detail).toContain("{{portalLink}}");

      const previewUnknownValue = await call(
        server,
        "POST",
        "/api/v1/email-templates/decision_hire/preview",
        {
          token: org.users.admin.token,
          body: { values: { salary: "lots" } },
        },
      );
      expect(previewUnknownValue.status).toBe(400);
      expect(previewUnknownValue.body.detail).toContain("salary");

      const unknownTemplate = await call(server, "GET", "/api/v1/email-templates/welcome", {
        token: org.users.admin.token,
      });
      expect(unknownTemplate.status).toBe(400);
      // Nothing was stored by any refusal.
      const kept = await call(server, "GET", "/api/v1/email-templates/decision_hire", {
        token: org.users.admin.token,
      });
      expect(kept.body.isCustomized).toBe(false);
    });

    it("lets only admins and recruiters read and word templates", async () => {
      for (const role of ["hiring_manager", "interviewer"] as const) {
        const token = org.users[role].token;
        expect((await call(server, "GET", "/api/v1/email-templates", { token })).status).toBe(403);
        const put = await call(server, "PUT", "/api/v1/email-templates/rejection", {
          token,
          body: { subject: "x", body: "{{portalLink}}" },
        });
        expect(put.status).toBe(403);
      }
    });

    it("sends the organisation's wording in the emails it applies to", async () => {
      const saved = await call(server, "PUT", "/api/v1/email-templates/decision_no_hire", {
        token: org.users.recruiter.token,
        body: {
          subject: "{{organizationName}}: about {{roleTitle}}",
          body: "Dear {{candidateName}},\n\nWe chose another candidate.\n\nPortal: {{portalLink}}",
        },
      });
      expect(saved.status).toBe(200);
      const { applicationId } = await newApplication();
      await decide(applicationId, "no_hire");
      const [draft] = await draftsOf(applicationId);
      expect(draft?.subject).toMatch(/^Lifecycle .*: about Platform Engineer$/);
      expect(draft?.bodyText).toContain(`Dear Casey Lifecycle ${candidateCount},`);
      expect(draft?.bodyText).toContain(`Portal: http://`);
      expect(draft?.bodyText).toContain(`/portal?org=${org.slug}`);
      await call(server, "DELETE", "/api/v1/email-templates/decision_no_hire", {
        token: org.users.admin.token,
      });
    });
  });

  describe("decision email drafts", () => {
    it("records a decision without sending anything; the team edits the draft and sends it once", async () => {
      const { applicationId } = await newApplication();
      const before = await outboxCount();
      await decide(applicationId, "hire");
      expect(await outboxCount()).toBe(before);

      const [draft] = await draftsOf(applicationId);
      if (!draft) throw new Error("no draft");
      expect(draft).toMatchObject({
        purpose: "decision",
        status: "draft",
        sentAt: null,
        outboundEmailId: null,
      });
      expect(draft.to).toBe(`casey${candidateCount}.${engine}@candidates.test`);
      expect(draft.bodyText).toContain("would like to offer you the position");
      // The candidate's email never carries the evaluation, nor the override reason.
      for (const evaluation of ["3.5", "score", "formula", "evidence at hand", "threshold"]) {
        expect(draft.bodyText.toLowerCase()).not.toContain(evaluation.toLowerCase());
      }

      // Recruiters see the draft but may not send a decision's email; interviewers see nothing.
      expect((await draftsOf(applicationId, org.users.recruiter.token)).length).toBe(1);
      const byRecruiter = await call(server, "POST", `/api/v1/email-drafts/${draft.id}/send`, {
        token: org.users.recruiter.token,
      });
      expect(byRecruiter.status).toBe(403);
      const byInterviewer = await call(server, "GET", `/api/v1/applications/${applicationId}/emails`, {
        token: org.users.interviewer.token,
      });
      expect(byInterviewer.status).toBe(403);
      // Another organisation's staff cannot find it.
      const foreign = await call(server, "POST", `/api/v1/email-drafts/${draft.id}/send`, {
        token: other.users.hiring_manager.token,
      });
      expect(foreign.status).toBe(404);

      const edited = await call(server, "PATCH", `/api/v1/email-drafts/${draft.id}`, {
        token: org.users.hiring_manager.token,
        body: { subject: "Your offer", bodyText: `${draft.bodyText}\nWe look forward to working with you.` },
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ subject: "Your offer", status: "draft" });

      const sent = await call(server, "POST", `/api/v1/email-drafts/${draft.id}/send`, {
        token: org.users.hiring_manager.token,
      });
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ status: "sent" });
      expect(await outboxCount()).toBe(before + 1);
      const outbox = await call(server, "GET", `/api/v1/outbox/${sent.body.outboundEmailId}`, {
        token: org.users.admin.token,
      });
      expect(outbox.body).toMatchObject({ template: "decision", subject: "Your offer", status: "sent" });
      expect(outbox.body.bodyText).toContain("We look forward to working with you.");
      const files = await readOutboxFiles(server.outboxDir);
      expect(
        files.some((file) => textPart(file.email).includes("We look forward to working with you.")),
      ).toBe(true);

      // Sent once: sending again, editing or cancelling is refused.
      const again = await call(server, "POST", `/api/v1/email-drafts/${draft.id}/send`, {
        token: org.users.hiring_manager.token,
      });
      expect(again.status).toBe(409);
      expect(again.body.detail).toContain("already sent");
      const editLate = await call(server, "PATCH", `/api/v1/email-drafts/${draft.id}`, {
        token: org.users.admin.token,
        body: { subject: "x", bodyText: "y" },
      });
      expect(editLate.status).toBe(409);
      expect(await outboxCount()).toBe(before + 1);
      expect(await auditActions()).toEqual(
        expect.arrayContaining(["email_draft.edited", "email_draft.sent"]),
      );
    });

    it("schedules a draft; the job sends it at its time, not before", async () => {
      const { applicationId } = await newApplication();
      await decide(applicationId, "no_hire");
      const [draft] = await draftsOf(applicationId);
      if (!draft) throw new Error("no draft");

      const past = await call(server, "POST", `/api/v1/email-drafts/${draft.id}/schedule`, {
        token: org.users.hiring_manager.token,
        body: { sendAt: new Date(clock.now().getTime() - MINUTE).toISOString() },
      });
      expect(past.status).toBe(400);
      expect(past.body.errors).toEqual([{ path: "sendAt", message: "must be in the future" }]);

      const sendAt = new Date(clock.now().getTime() + 2 * HOUR);
      const scheduled = await call(server, "POST", `/api/v1/email-drafts/${draft.id}/schedule`, {
        token: org.users.hiring_manager.token,
        body: { sendAt: sendAt.toISOString() },
      });
      expect(scheduled.status).toBe(200);
      expect(scheduled.body).toMatchObject({ status: "scheduled", sendAt: sendAt.toISOString() });

      const before = await outboxCount();
      clock.advance(HOUR);
      expect(await sendDueEmailDrafts(mailDeps())).toEqual({ sent: 0 });
      expect(await outboxCount()).toBe(before);

      clock.advance(HOUR + MINUTE);
      expect(await sendDueEmailDrafts(mailDeps())).toEqual({ sent: 1 });
      const [after] = await draftsOf(applicationId);
      expect(after).toMatchObject({ status: "sent" });
      expect(await outboxCount()).toBe(before + 1);
      // The next run finds nothing more to send.
      expect(await sendDueEmailDrafts(mailDeps())).toEqual({ sent: 0 });
      const late = await call(server, "POST", `/api/v1/email-drafts/${draft.id}/cancel`, {
        token: org.users.hiring_manager.token,
      });
      expect(late.status).toBe(409);
    });

    it("cancels a scheduled email before its time, and a draft with Don't send", async () => {
      const { applicationId } = await newApplication();
      await decide(applicationId, "hire");
      const [draft] = await draftsOf(applicationId);
      if (!draft) throw new Error("no draft");
      const scheduled = await call(server, "POST", `/api/v1/email-drafts/${draft.id}/schedule`, {
        token: org.users.admin.token,
        body: { sendAt: new Date(clock.now().getTime() + 30 * MINUTE).toISOString() },
      });
      expect(scheduled.status).toBe(200);
      const cancelled = await call(server, "POST", `/api/v1/email-drafts/${draft.id}/cancel`, {
        token: org.users.admin.token,
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: "cancelled" });

      const before = await outboxCount();
      clock.advance(HOUR);
      expect(await sendDueEmailDrafts(mailDeps())).toEqual({ sent: 0 });
      expect(await outboxCount()).toBe(before);
      const sendCancelled = await call(server, "POST", `/api/v1/email-drafts/${draft.id}/send`, {
        token: org.users.admin.token,
      });
      expect(sendCancelled.status).toBe(409);
      expect(await auditActions()).toEqual(
        expect.arrayContaining(["email_draft.scheduled", "email_draft.cancelled"]),
      );
      const detail = await server.database.db
        .select({ detail: auditEvents.detail })
        .from(auditEvents)
        .where(and(eq(auditEvents.organizationId, org.id), eq(auditEvents.action, "email_draft.cancelled")));
      expect(detail.at(-1)?.detail).toMatchObject({ draftId: draft.id, previousStatus: "scheduled" });
    });
  });

  describe("rejection from the pipeline", () => {
    it("offers the rejection email, sends it with the rejection, or schedules it", async () => {
      const { applicationId } = await newApplication();
      const offered = await call(server, "GET", `/api/v1/applications/${applicationId}/rejection-email`, {
        token: org.users.recruiter.token,
      });
      expect(offered.status).toBe(200);
      expect(offered.body.to).toBe(`casey${candidateCount}.${engine}@candidates.test`);
      expect(offered.body.bodyText).toContain("decided not to move forward");

      // A time in the past is refused before anything changes.
      const badTime = await call(server, "POST", `/api/v1/applications/${applicationId}/reject`, {
        token: org.users.recruiter.token,
        body: {
          reason: "skills_gap",
          email: {
            subject: String(offered.body.subject),
            bodyText: String(offered.body.bodyText),
            sendAt: new Date(clock.now().getTime() - HOUR).toISOString(),
          },
        },
      });
      expect(badTime.status).toBe(400);
      expect(badTime.body.errors).toEqual([{ path: "email.sendAt", message: "must be in the future" }]);
      expect((await draftsOf(applicationId)).length).toBe(0);

      const before = await outboxCount();
      const rejected = await call(server, "POST", `/api/v1/applications/${applicationId}/reject`, {
        token: org.users.recruiter.token,
        body: {
          reason: "skills_gap",
          email: {
            subject: "About your application",
            bodyText: `${String(offered.body.bodyText)}\nGood luck!`,
          },
        },
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body.status).toBe("rejected");
      const [email] = await draftsOf(applicationId, org.users.recruiter.token);
      expect(email).toMatchObject({
        purpose: "rejection",
        status: "sent",
        subject: "About your application",
      });
      expect(await outboxCount()).toBe(before + 1);

      const second = await newApplication();
      const scheduledReject = await call(
        server,
        "POST",
        `/api/v1/applications/${second.applicationId}/reject`,
        {
          token: org.users.recruiter.token,
          body: {
            reason: "position_filled",
            email: {
              subject: "About your application",
              bodyText: "Hello,\n\nThe position is filled.",
              sendAt: new Date(clock.now().getTime() + HOUR).toISOString(),
            },
          },
        },
      );
      expect(scheduledReject.status).toBe(200);
      const [scheduled] = await draftsOf(second.applicationId);
      expect(scheduled).toMatchObject({ purpose: "rejection", status: "scheduled" });
      // A recruiter may cancel a rejection email (not a decision's).
      const cancelled = await call(server, "POST", `/api/v1/email-drafts/${scheduled?.id}/cancel`, {
        token: org.users.recruiter.token,
      });
      expect(cancelled.body).toMatchObject({ status: "cancelled" });

      const third = await newApplication();
      const silent = await call(server, "POST", `/api/v1/applications/${third.applicationId}/reject`, {
        token: org.users.recruiter.token,
        body: { reason: "other" },
      });
      expect(silent.status).toBe(200);
      expect(await draftsOf(third.applicationId)).toEqual([]);
    });

    it("exports a candidate's drafts and erases them with the candidate", async () => {
      const { applicationId, candidateId } = await newApplication();
      await decide(applicationId, "no_hire");
      const exported = await call(server, "GET", `/api/v1/candidates/${candidateId}/export`, {
        token: org.users.admin.token,
      });
      expect(exported.status).toBe(200);
      const drafts = exported.body.emailDrafts as { purpose: string; status: string }[];
      expect(drafts).toEqual([expect.objectContaining({ purpose: "decision", status: "draft" })]);

      const erased = await call(server, "POST", `/api/v1/candidates/${candidateId}/erase`, {
        token: org.users.admin.token,
        body: { confirm: candidateId },
      });
      expect(erased.status).toBe(200);
      expect((erased.body.removed as Record<string, number>).emailDrafts).toBe(1);
      expect(await draftsOf(applicationId)).toEqual([]);
    });
  });
});
