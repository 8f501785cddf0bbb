import { and, desc, eq, sql } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { organizations } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import { interviews } from "../interviews/interviews-table.ts";
import { planStages } from "../plans/plans-table.ts";
import { roles } from "../roles/roles-table.ts";
import { emailTemplateOverrides, outboundEmails } from "./mail-table.ts";
import type { Mailer } from "./mailer.ts";
import { portalUrl } from "./portal-links.ts";
import type { OutboxEmailDetail, OutboxEmailView, OutboxPage } from "./schemas.ts";
import type { CustomizableTemplate, TemplateWording } from "./template-wording.ts";
import {
  type EmailTemplate,
  isKnownTimeZone,
  type RenderedEmail,
  renderEmail,
  renderPlainText,
  type TemplateVariables,
  wordedTemplateOf,
} from "./templates.ts";

export type MailDeps = { db: Db; mailer: Mailer; clock: Clock };
/** The notifications link to the candidate portal (for their organisation), so they also need the public base URL. */
export type NotifyDeps = MailDeps & { baseUrl: string };

export interface SentEmail {
  id: string;
  status: "sent" | "failed";
  error: string | null;
}

/**
 * Sign-in links are secrets: the recorded copy (readable by admins in the outbox) carries the
 * link with its token removed, so reading the outbox never lets anyone sign in as a candidate.
 */
function withoutSecrets<T extends EmailTemplate>(variables: TemplateVariables[T]): TemplateVariables[T] {
  if (!("link" in variables)) return variables;
  const url = new URL(variables.link);
  if (url.searchParams.has("token")) url.searchParams.set("token", "REDACTED");
  return { ...variables, link: url.toString() };
}

/** The organisation's own wording of a template, or null for the built-in one. */
export async function findTemplateWording(
  db: Db,
  organizationId: string,
  template: CustomizableTemplate,
): Promise<TemplateWording | null> {
  const [row] = await db
    .select({ subject: emailTemplateOverrides.subject, body: emailTemplateOverrides.body })
    .from(emailTemplateOverrides)
    .where(
      and(
        eq(emailTemplateOverrides.organizationId, organizationId),
        eq(emailTemplateOverrides.template, template),
      ),
    );
  return row ?? null;
}

/**
 * Renders a template (in the organisation's wording where it has one), sends it and records it
 * in the outbox. A failed delivery does not throw: it is recorded with status "failed" and its
 * error, and the answer says so.
 */
export async function sendEmail<T extends EmailTemplate>(
  deps: MailDeps,
  email: {
    organizationId: string;
    candidateId?: string | null;
    template: T;
    to: string;
    variables: TemplateVariables[T];
    /** A calendar invitation to attach (calendar-invites.ts builds it). */
    calendar?: { method: "REQUEST" | "CANCEL"; content: string };
  },
): Promise<SentEmail> {
  const worded = wordedTemplateOf(email.template, email.variables);
  const wording = worded === null ? null : await findTemplateWording(deps.db, email.organizationId, worded);
  const rendered = renderEmail(email.template, email.variables, wording);
  const recorded = renderEmail(email.template, withoutSecrets<T>(email.variables), wording);
  return deliverEmail(deps, { ...email, rendered, recorded });
}

/**
 * Sends an email the hiring team wrote or edited as plain text (a draft), and records it in
 * the outbox. It carries no sign-in link, so the recorded copy is the one sent.
 */
export async function sendPlainTextEmail(
  deps: MailDeps,
  email: {
    organizationId: string;
    candidateId: string | null;
    template: EmailTemplate;
    to: string;
    subject: string;
    text: string;
  },
): Promise<SentEmail> {
  const rendered = renderPlainText(email.subject, email.text);
  return deliverEmail(deps, { ...email, rendered, recorded: rendered });
}

async function deliverEmail(
  deps: MailDeps,
  email: {
    organizationId: string;
    candidateId?: string | null;
    template: EmailTemplate;
    to: string;
    rendered: RenderedEmail;
    /** What the outbox keeps: the email with its secrets removed. */
    recorded: RenderedEmail;
    calendar?: { method: "REQUEST" | "CANCEL"; content: string };
  },
): Promise<SentEmail> {
  const now = deps.clock.now();
  let outcome: { status: "sent" | "failed"; fileName: string | null; error: string | null };
  try {
    const { fileName } = await deps.mailer.send({
      to: email.to,
      date: now,
      ...email.rendered,
      ...(email.calendar ? { icalEvent: email.calendar } : {}),
    });
    outcome = { status: "sent", fileName, error: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outcome = { status: "failed", fileName: null, error: message.slice(0, 1000) };
  }
  const id = newId();
  await deps.db.insert(outboundEmails).values({
    id,
    organizationId: email.organizationId,
    candidateId: email.candidateId ?? null,
    template: email.template,
    toAddress: email.to,
    subject: email.recorded.subject,
    bodyText: email.recorded.text,
    transport: deps.mailer.transport,
    fileName: outcome.fileName,
    status: outcome.status,
    error: outcome.error,
    createdAt: now,
  });
  return { id, status: outcome.status, error: outcome.error };
}

function toOutboxView(row: typeof outboundEmails.$inferSelect): OutboxEmailView {
  return {
    id: row.id,
    template: row.template,
    to: row.toAddress,
    subject: row.subject,
    candidateId: row.candidateId,
    transport: row.transport,
    status: row.status,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Newest first; `cursor` is the id of the last email of the previous page. */
export async function listOutbox(
  db: Db,
  organizationId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<OutboxPage> {
  if (page.cursor !== undefined) {
    const [known] = await db
      .select({ id: outboundEmails.id })
      .from(outboundEmails)
      .where(and(eq(outboundEmails.id, page.cursor), eq(outboundEmails.organizationId, organizationId)));
    if (!known) {
      throw new AppError("bad_request", "cursor must be the nextCursor value of a previous page.", {
        fieldErrors: [{ path: "cursor", message: "not a cursor this endpoint issued" }],
      });
    }
  }
  // Compared in SQL, so the timestamps keep their full precision.
  const rows = await db
    .select()
    .from(outboundEmails)
    .where(
      and(
        eq(outboundEmails.organizationId, organizationId),
        page.cursor === undefined
          ? undefined
          : sql`(${outboundEmails.createdAt}, ${outboundEmails.id}) < (select e.created_at, e.id from ${outboundEmails} e where e.id = ${page.cursor})`,
      ),
    )
    .orderBy(desc(outboundEmails.createdAt), desc(outboundEmails.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit).map(toOutboxView);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? last.id : null };
}

export async function requireOutboxEmail(
  db: Db,
  organizationId: string,
  emailId: string,
): Promise<OutboxEmailDetail> {
  const [row] = await db
    .select()
    .from(outboundEmails)
    .where(and(eq(outboundEmails.id, emailId), eq(outboundEmails.organizationId, organizationId)));
  if (!row) throw new AppError("not_found", "That email was not found in the outbox.");
  return { ...toOutboxView(row), bodyText: row.bodyText, fileName: row.fileName };
}

/**
 * Tells the candidate about a scheduled interview: time in `timeZone` (UTC by default), duration,
 * mode and the room or video link. Answers null when the candidate has no address (erased).
 */
export async function notifyInterviewScheduled(
  deps: NotifyDeps,
  organizationId: string,
  interviewId: string,
  options: { timeZone?: string } = {},
): Promise<SentEmail | null> {
  const timeZone = options.timeZone ?? "UTC";
  if (!isKnownTimeZone(timeZone)) {
    throw new AppError(
      "bad_request",
      `Unknown time zone "${timeZone}"; use an IANA name such as Europe/Lisbon.`,
      {
        fieldErrors: [{ path: "timeZone", message: "an IANA time zone name" }],
      },
    );
  }
  const [row] = await deps.db
    .select({
      interview: interviews,
      candidateId: candidates.id,
      email: candidates.email,
      fullName: candidates.fullName,
      roleTitle: roles.title,
      stageName: planStages.name,
      organizationName: organizations.name,
      organizationSlug: organizations.slug,
    })
    .from(interviews)
    .innerJoin(applications, eq(applications.id, interviews.applicationId))
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .innerJoin(planStages, eq(planStages.id, interviews.stageId))
    .innerJoin(organizations, eq(organizations.id, interviews.organizationId))
    .where(and(eq(interviews.id, interviewId), eq(interviews.organizationId, organizationId)));
  if (!row) throw new AppError("not_found", "That interview was not found.");
  if (!row.email) return null;
  return sendEmail(deps, {
    organizationId,
    candidateId: row.candidateId,
    template: "interview_scheduled",
    to: row.email,
    variables: {
      candidateName: row.fullName,
      organizationName: row.organizationName,
      roleTitle: row.roleTitle,
      stageName: row.stageName,
      scheduledAt: row.interview.scheduledAt,
      timeZone,
      durationMinutes: row.interview.durationMinutes,
      mode: row.interview.mode,
      room: row.interview.room,
      videoLink: row.interview.videoLink,
      portalUrl: portalUrl(deps.baseUrl, row.organizationSlug),
    },
  });
}
