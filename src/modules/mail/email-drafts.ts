import { and, asc, desc, eq, inArray, lte } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import { organizations } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { JobDefinition } from "../../platform/queue.ts";
import { type Actor, recordAudit, systemActor } from "../audit/audit-log.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import type { WorkerDependencies } from "../module-contract.ts";
import { roles } from "../roles/roles-table.ts";
import { findTemplateWording, type MailDeps, sendPlainTextEmail } from "./mail.ts";
import { type emailDraftPurposes, type emailDraftStatuses, emailDrafts } from "./mail-table.ts";
import { portalUrl } from "./portal-links.ts";
import type { EmailDraftView, RejectionEmailPreview } from "./schemas.ts";
import { renderEmail, renderPlainText } from "./templates.ts";

export type EmailDraftPurpose = (typeof emailDraftPurposes)[number];
type DraftStatus = (typeof emailDraftStatuses)[number];
type DraftRow = typeof emailDrafts.$inferSelect;

/** Who acts on a draft: a decision's email is sent only by someone who may record decisions. */
export interface DraftSender {
  actor: Actor;
  mayDecide: boolean;
}

/** The furthest ahead an email may be scheduled. */
const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

/** The states from which a draft may still be edited, sent, scheduled or cancelled. */
const OPEN_STATUSES: DraftStatus[] = ["draft", "scheduled", "failed"];

function toDraftView(row: DraftRow): EmailDraftView {
  return {
    id: row.id,
    applicationId: row.applicationId,
    decisionId: row.decisionId,
    purpose: row.purpose,
    to: row.toAddress,
    subject: row.subject,
    bodyText: row.bodyText,
    html: renderPlainText(row.subject, row.bodyText).html,
    status: row.status,
    sendAt: row.sendAt?.toISOString() ?? null,
    sentAt: row.sentAt?.toISOString() ?? null,
    outboundEmailId: row.outboundEmailId,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The email an application's candidate would get about a decision or a rejection, in the
 * organisation's wording. `to` is null when the candidate has no address (erased).
 */
async function composeApplicationEmail(
  db: Db,
  baseUrl: string,
  organizationId: string,
  applicationId: string,
  about: { purpose: "decision"; outcome: "hire" | "no_hire" } | { purpose: "rejection" },
) {
  const [row] = await db
    .select({
      candidateId: candidates.id,
      email: candidates.email,
      fullName: candidates.fullName,
      roleTitle: roles.title,
      organizationName: organizations.name,
      organizationSlug: organizations.slug,
    })
    .from(applications)
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .innerJoin(organizations, eq(organizations.id, applications.organizationId))
    .where(and(eq(applications.id, applicationId), eq(applications.organizationId, organizationId)));
  if (!row) throw new AppError("not_found", "That application was not found.");
  const variables = {
    candidateName: row.fullName,
    organizationName: row.organizationName,
    roleTitle: row.roleTitle,
    portalUrl: portalUrl(baseUrl, row.organizationSlug),
  };
  const rendered =
    about.purpose === "decision"
      ? renderEmail(
          "decision",
          { ...variables, outcome: about.outcome },
          await findTemplateWording(
            db,
            organizationId,
            about.outcome === "hire" ? "decision_hire" : "decision_no_hire",
          ),
        )
      : renderEmail("rejection", variables, await findTemplateWording(db, organizationId, "rejection"));
  return { candidateId: row.candidateId, to: row.email, subject: rendered.subject, bodyText: rendered.text };
}

/**
 * Drafts the candidate's email about a decision just recorded; nothing is sent until the
 * hiring team sends or schedules it. Call it inside the decision's transaction. Answers null
 * when the candidate has no address.
 */
export async function createDecisionDraft(
  tx: Db,
  baseUrl: string,
  decision: {
    organizationId: string;
    applicationId: string;
    decisionId: string;
    outcome: "hire" | "no_hire";
    decidedBy: string;
    at: Date;
  },
): Promise<string | null> {
  const composed = await composeApplicationEmail(
    tx,
    baseUrl,
    decision.organizationId,
    decision.applicationId,
    {
      purpose: "decision",
      outcome: decision.outcome,
    },
  );
  if (!composed.to) return null;
  const id = newId();
  await tx.insert(emailDrafts).values({
    id,
    organizationId: decision.organizationId,
    applicationId: decision.applicationId,
    candidateId: composed.candidateId,
    decisionId: decision.decisionId,
    purpose: "decision",
    toAddress: composed.to,
    subject: composed.subject,
    bodyText: composed.bodyText,
    status: "draft",
    createdBy: decision.decidedBy,
    createdAt: decision.at,
    updatedAt: decision.at,
  });
  return id;
}

/** The rejection email the reject dialog starts from, for an application still active. */
export async function previewRejectionEmail(
  db: Db,
  baseUrl: string,
  organizationId: string,
  applicationId: string,
): Promise<RejectionEmailPreview> {
  const composed = await composeApplicationEmail(db, baseUrl, organizationId, applicationId, {
    purpose: "rejection",
  });
  if (!composed.to) {
    throw new AppError("conflict", "The candidate has no email address, so there is nobody to email.");
  }
  return {
    to: composed.to,
    subject: composed.subject,
    bodyText: composed.bodyText,
    html: renderPlainText(composed.subject, composed.bodyText).html,
  };
}

/**
 * The rejection email the hiring team wrote in the reject dialog: recorded as a draft of the
 * application, then sent at once or scheduled. Call it after the rejection commits.
 */
export async function createRejectionEmail(
  deps: MailDeps,
  sender: DraftSender,
  organizationId: string,
  applicationId: string,
  email: { subject: string; bodyText: string; sendAt?: string | undefined },
): Promise<EmailDraftView | null> {
  const [row] = await deps.db
    .select({ candidateId: candidates.id, to: candidates.email })
    .from(applications)
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .where(and(eq(applications.id, applicationId), eq(applications.organizationId, organizationId)));
  if (!row) throw new AppError("not_found", "That application was not found.");
  if (!row.to) return null;
  const now = deps.clock.now();
  const id = newId();
  await deps.db.insert(emailDrafts).values({
    id,
    organizationId,
    applicationId,
    candidateId: row.candidateId,
    purpose: "rejection",
    toAddress: row.to,
    subject: email.subject,
    bodyText: email.bodyText,
    status: "draft",
    createdBy: sender.actor.userId,
    createdAt: now,
    updatedAt: now,
  });
  return email.sendAt === undefined
    ? sendEmailDraft(deps, sender, organizationId, id)
    : scheduleEmailDraft(deps, sender, organizationId, id, email.sendAt);
}

/** The candidate emails drafted for an application (decisions and rejections), newest first. */
export async function listApplicationEmails(
  db: Db,
  organizationId: string,
  applicationId: string,
): Promise<EmailDraftView[]> {
  const [application] = await db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.id, applicationId), eq(applications.organizationId, organizationId)));
  if (!application) throw new AppError("not_found", "That application was not found.");
  const rows = await db
    .select()
    .from(emailDrafts)
    .where(and(eq(emailDrafts.organizationId, organizationId), eq(emailDrafts.applicationId, applicationId)))
    .orderBy(desc(emailDrafts.createdAt), desc(emailDrafts.id));
  return rows.map(toDraftView);
}

async function requireDraft(db: Db, organizationId: string, draftId: string, sender: DraftSender) {
  const [row] = await db
    .select()
    .from(emailDrafts)
    .where(and(eq(emailDrafts.id, draftId), eq(emailDrafts.organizationId, organizationId)));
  if (!row) throw new AppError("not_found", "That email was not found.");
  if (row.purpose === "decision" && !sender.mayDecide) {
    throw new AppError(
      "forbidden",
      "Only the people who record hiring decisions (admins and hiring managers) may change or send a decision email.",
    );
  }
  return row;
}

function closedDraftError(status: DraftStatus): AppError {
  const why: Record<DraftStatus, string> = {
    draft: "",
    scheduled: "",
    failed: "",
    sending: "This email is being sent right now.",
    sent: "This email was already sent; it cannot be sent or changed again.",
    cancelled: "This email was cancelled, so it will not be sent.",
  };
  return new AppError("conflict", why[status] || "This email cannot be changed now.");
}

/**
 * Moves an open draft to a new state in one statement, so two people (or a person and the
 * scheduled-email job) never both act on it: the loser finds it no longer open and gets 409.
 */
async function transitionDraft(
  db: Db,
  organizationId: string,
  draft: DraftRow,
  changes: Partial<typeof emailDrafts.$inferInsert>,
): Promise<DraftRow> {
  const [updated] = await db
    .update(emailDrafts)
    .set(changes)
    .where(
      and(
        eq(emailDrafts.id, draft.id),
        eq(emailDrafts.organizationId, organizationId),
        inArray(emailDrafts.status, OPEN_STATUSES),
      ),
    )
    .returning();
  if (updated) return updated;
  const [current] = await db
    .select({ status: emailDrafts.status })
    .from(emailDrafts)
    .where(eq(emailDrafts.id, draft.id));
  throw closedDraftError(current?.status ?? draft.status);
}

/** Changes the subject and text of a draft not yet sent (a scheduled one stays scheduled). */
export async function updateEmailDraft(
  deps: MailDeps,
  sender: DraftSender,
  organizationId: string,
  draftId: string,
  changes: { subject: string; bodyText: string },
): Promise<EmailDraftView> {
  const draft = await requireDraft(deps.db, organizationId, draftId, sender);
  const updated = await deps.db.transaction(async (tx) => {
    const row = await transitionDraft(tx, organizationId, draft, { ...changes, updatedAt: deps.clock.now() });
    await recordAudit(tx, sender.actor, {
      organizationId,
      action: "email_draft.edited",
      objectType: "application",
      objectId: draft.applicationId,
      detail: { draftId, purpose: draft.purpose },
    });
    return row;
  });
  return toDraftView(updated);
}

/** Sends a draft now (also a scheduled one, ahead of its time, or a failed one again). */
export async function sendEmailDraft(
  deps: MailDeps,
  sender: DraftSender,
  organizationId: string,
  draftId: string,
): Promise<EmailDraftView> {
  const draft = await requireDraft(deps.db, organizationId, draftId, sender);
  return deliverDraft(deps, sender.actor, organizationId, draft, "now");
}

async function deliverDraft(
  deps: MailDeps,
  actor: Actor,
  organizationId: string,
  draft: DraftRow,
  trigger: "now" | "schedule",
): Promise<EmailDraftView> {
  const claimed = await transitionDraft(deps.db, organizationId, draft, {
    status: "sending",
    updatedAt: deps.clock.now(),
  });
  const sent = await sendPlainTextEmail(deps, {
    organizationId,
    candidateId: claimed.candidateId,
    template: claimed.purpose === "decision" ? "decision" : "rejection",
    to: claimed.toAddress,
    subject: claimed.subject,
    text: claimed.bodyText,
  });
  const now = deps.clock.now();
  const updated = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(emailDrafts)
      .set({
        status: sent.status,
        sentAt: sent.status === "sent" ? now : null,
        outboundEmailId: sent.id,
        error: sent.error,
        updatedAt: now,
      })
      .where(eq(emailDrafts.id, claimed.id))
      .returning();
    await recordAudit(tx, actor, {
      organizationId,
      action: sent.status === "sent" ? "email_draft.sent" : "email_draft.send_failed",
      objectType: "application",
      objectId: claimed.applicationId,
      detail: { draftId: claimed.id, purpose: claimed.purpose, outboundEmailId: sent.id, trigger },
    });
    return row ?? claimed;
  });
  return toDraftView(updated);
}

/** A time to send an email at: in the future, at most a year ahead. `path` names the field refused. */
export function checkScheduleTime(sendAtText: string, now: Date, path = "sendAt"): Date {
  const sendAt = new Date(sendAtText);
  if (sendAt.getTime() <= now.getTime()) {
    throw new AppError("bad_request", "Choose a time in the future to schedule the email, or send it now.", {
      fieldErrors: [{ path, message: "must be in the future" }],
    });
  }
  if (sendAt.getTime() - now.getTime() > MAX_SCHEDULE_AHEAD_MS) {
    throw new AppError("bad_request", "An email can be scheduled at most a year ahead.", {
      fieldErrors: [{ path, message: "at most a year ahead" }],
    });
  }
  return sendAt;
}

/** Schedules a draft for a time ahead; the scheduled-email job sends it then. */
export async function scheduleEmailDraft(
  deps: MailDeps,
  sender: DraftSender,
  organizationId: string,
  draftId: string,
  sendAtText: string,
): Promise<EmailDraftView> {
  const draft = await requireDraft(deps.db, organizationId, draftId, sender);
  const now = deps.clock.now();
  const sendAt = checkScheduleTime(sendAtText, now);
  const updated = await deps.db.transaction(async (tx) => {
    const row = await transitionDraft(tx, organizationId, draft, {
      status: "scheduled",
      sendAt,
      error: null,
      updatedAt: now,
    });
    await recordAudit(tx, sender.actor, {
      organizationId,
      action: "email_draft.scheduled",
      objectType: "application",
      objectId: draft.applicationId,
      detail: { draftId, purpose: draft.purpose, sendAt: sendAt.toISOString() },
    });
    return row;
  });
  return toDraftView(updated);
}

/** "Don't send": a draft, or a scheduled email before its time, is cancelled for good. */
export async function cancelEmailDraft(
  deps: MailDeps,
  sender: DraftSender,
  organizationId: string,
  draftId: string,
): Promise<EmailDraftView> {
  const draft = await requireDraft(deps.db, organizationId, draftId, sender);
  const updated = await deps.db.transaction(async (tx) => {
    const row = await transitionDraft(tx, organizationId, draft, {
      status: "cancelled",
      updatedAt: deps.clock.now(),
    });
    await recordAudit(tx, sender.actor, {
      organizationId,
      action: "email_draft.cancelled",
      objectType: "application",
      objectId: draft.applicationId,
      detail: { draftId, purpose: draft.purpose, previousStatus: draft.status },
    });
    return row;
  });
  return toDraftView(updated);
}

/**
 * Sends every scheduled email whose time has come, oldest first. A draft cancelled or sent by
 * hand meanwhile is skipped (its claim fails), so nothing goes out twice. Answers how many it sent.
 */
export async function sendDueEmailDrafts(deps: MailDeps): Promise<{ sent: number }> {
  const due = await deps.db
    .select()
    .from(emailDrafts)
    .where(and(eq(emailDrafts.status, "scheduled"), lte(emailDrafts.sendAt, deps.clock.now())))
    .orderBy(asc(emailDrafts.sendAt));
  let sent = 0;
  for (const draft of due) {
    try {
      const result = await deliverDraft(deps, systemActor, draft.organizationId, draft, "schedule");
      if (result.status === "sent") sent += 1;
    } catch (error) {
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
    }
  }
  return { sent };
}

const noPayload = z.object({});

/** Every minute: a scheduled email goes out within a minute of its time. */
export const scheduledEmailsJob: JobDefinition<typeof noPayload, WorkerDependencies> = {
  queue: "mail.send-scheduled-emails",
  payload: noPayload,
  retryLimit: 2,
  expireInSeconds: 10 * 60,
  async handle(deps) {
    return sendDueEmailDrafts(deps);
  },
};
