import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, queryRows } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import type { JobDefinition } from "../../platform/queue.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { candidatePseudonym } from "../interviews/blind.ts";
import { sendEmail } from "../mail/mail.ts";
import type { WorkerDependencies } from "../module-contract.ts";
import { createSecretBox } from "../outcomes/connectors/secret-box.ts";
import { SCORECARD_DUE_HOURS } from "./work-queue.ts";
import { scorecardNudges, slackWebhooks } from "./work-queue-table.ts";

type NudgeDeps = Pick<WorkerDependencies, "db" | "clock" | "mailer" | "secret">;

/** What a sealed Slack URL is bound to, so a sealed value copied to another organisation does not open. */
const slackBinding = (organizationId: string) => `slack-webhook:${organizationId}`;

/**
 * Emails every interviewer whose scorecard is overdue (the interview ended more than
 * SCORECARD_DUE_HOURS ago), once per scorecard per UTC day: the nudge row is inserted before the
 * email goes out, and its primary key (interview, interviewer, day) refuses a second one, so two
 * workers or a retried job never nudge twice. Organisations with a Slack webhook get one post per
 * run listing that run's new nudges. A rejected or withdrawn application owes no scorecard.
 */
export async function sendScorecardNudges(
  deps: NudgeDeps,
  baseUrl: string,
): Promise<{ emailed: number; slackPosts: number }> {
  const now = deps.clock.now();
  const today = now.toISOString().slice(0, 10);
  const dueBefore = new Date(now.getTime() - SCORECARD_DUE_HOURS * 3600_000);
  const overdue = await queryRows<{
    organization_id: string;
    organization_name: string;
    interview_id: string;
    application_id: string;
    interviewer_id: string;
    interviewer_name: string;
    interviewer_email: string;
    candidate_name: string | null;
    is_blind: boolean;
    stage_name: string;
    role_title: string;
    ends_at: Date | string;
  }>(
    deps.db,
    sql`select i.organization_id, o.name as organization_name, i.id as interview_id, i.application_id,
          u.id as interviewer_id, u.name as interviewer_name, u.email as interviewer_email,
          c.full_name as candidate_name, s.is_blind, s.name as stage_name, r.title as role_title,
          i.scheduled_at + make_interval(mins => i.duration_minutes) as ends_at
        from interviews i
        join interview_participants p on p.interview_id = i.id
        join users u on u.id = p.user_id
        join memberships m on m.user_id = u.id and m.organization_id = i.organization_id
        join organizations o on o.id = i.organization_id
        join applications a on a.id = i.application_id
        join candidates c on c.id = a.candidate_id
        join plan_stages s on s.id = i.stage_id
        join roles r on r.id = a.role_id
        where i.status <> 'cancelled' and a.status = 'active'
          and i.scheduled_at + make_interval(mins => i.duration_minutes) <= ${dueBefore.toISOString()}::timestamptz
          and not exists (select 1 from scorecards sc where sc.interview_id = i.id and sc.interviewer_id = p.user_id)
          and not exists (select 1 from scorecard_nudges n
                          where n.interview_id = i.id and n.interviewer_id = p.user_id and n.nudged_on = ${today}::date)
        order by i.organization_id, ends_at`,
  );
  const newByOrganization = new Map<string, { name: string; lines: string[] }>();
  let emailed = 0;
  for (const row of overdue) {
    const claimed = await deps.db
      .insert(scorecardNudges)
      .values({
        interviewId: row.interview_id,
        interviewerId: row.interviewer_id,
        nudgedOn: today,
        organizationId: row.organization_id,
        sentAt: now,
      })
      .onConflictDoNothing()
      .returning({ interviewId: scorecardNudges.interviewId });
    if (claimed.length === 0) continue;
    // Interviewers of a blind stage know the candidate only by pseudonym, in email as on screen.
    const candidate =
      row.is_blind || !row.candidate_name ? candidatePseudonym(row.application_id) : row.candidate_name;
    const link = new URL(`/interviews/${row.interview_id}`, baseUrl).toString();
    await sendEmail(deps, {
      organizationId: row.organization_id,
      template: "scorecard_overdue",
      to: row.interviewer_email,
      variables: {
        interviewerName: row.interviewer_name,
        organizationName: row.organization_name,
        candidateLabel: candidate,
        stageName: row.stage_name,
        roleTitle: row.role_title,
        endedAt: new Date(row.ends_at),
        link,
      },
    });
    emailed += 1;
    const summary = newByOrganization.get(row.organization_id) ?? { name: row.organization_name, lines: [] };
    summary.lines.push(
      `• ${row.interviewer_name}: ${candidate}, ${row.stage_name} (${row.role_title}) <${link}|open>`,
    );
    newByOrganization.set(row.organization_id, summary);
  }

  let slackPosts = 0;
  for (const [organizationId, summary] of newByOrganization) {
    const url = await openSlackWebhook(deps, organizationId);
    if (!url) continue;
    const text = `${summary.lines.length} overdue ${summary.lines.length === 1 ? "scorecard" : "scorecards"} at ${summary.name}:\n${summary.lines.join("\n")}`;
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`Slack answered ${response.status} to the nudge post`);
    slackPosts += 1;
  }
  return { emailed, slackPosts };
}

async function openSlackWebhook(deps: Pick<NudgeDeps, "db" | "secret">, organizationId: string) {
  const [row] = await deps.db
    .select({ sealedUrl: slackWebhooks.sealedUrl })
    .from(slackWebhooks)
    .where(eq(slackWebhooks.organizationId, organizationId));
  return row ? createSecretBox(deps.secret).open(row.sealedUrl, slackBinding(organizationId)) : null;
}

/**
 * A Slack incoming webhook URL: https, on Slack's host. Other hosts are refused so the worker never
 * posts the organisation's data anywhere an admin typed by mistake (and never into our network).
 * `allowedHosts` widens this for tests against a local server.
 */
export function checkSlackWebhookUrl(value: string, allowedHosts: readonly string[] = []): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalidSlackUrl("is not a URL");
  }
  const isSlack = url.protocol === "https:" && url.hostname === "hooks.slack.com";
  if (!isSlack && !allowedHosts.includes(url.host)) {
    throw invalidSlackUrl("must be a Slack incoming webhook: https://hooks.slack.com/services/...");
  }
  return url.toString();
}

function invalidSlackUrl(message: string) {
  return new AppError("bad_request", `The Slack webhook URL ${message}.`, {
    fieldErrors: [{ path: "url", message }],
  });
}

export async function setSlackWebhook(
  deps: { db: Db; clock: { now(): Date }; secret: string },
  actor: Actor,
  organizationId: string,
  url: string,
): Promise<void> {
  const now = deps.clock.now();
  const sealedUrl = createSecretBox(deps.secret).seal(url, slackBinding(organizationId));
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(slackWebhooks)
      .values({ organizationId, sealedUrl, updatedAt: now })
      .onConflictDoUpdate({ target: slackWebhooks.organizationId, set: { sealedUrl, updatedAt: now } });
    await recordAudit(tx, actor, {
      organizationId,
      action: "slack_webhook.set",
      objectType: "organization",
      objectId: organizationId,
    });
  });
}

export async function removeSlackWebhook(deps: { db: Db }, actor: Actor, organizationId: string) {
  await deps.db.transaction(async (tx) => {
    await tx.delete(slackWebhooks).where(eq(slackWebhooks.organizationId, organizationId));
    await recordAudit(tx, actor, {
      organizationId,
      action: "slack_webhook.removed",
      objectType: "organization",
      objectId: organizationId,
    });
  });
}

export async function getSlackWebhookStatus(db: Db, organizationId: string) {
  const [row] = await db
    .select({ updatedAt: slackWebhooks.updatedAt })
    .from(slackWebhooks)
    .where(eq(slackWebhooks.organizationId, organizationId));
  return { isConfigured: Boolean(row), updatedAt: row ? row.updatedAt.toISOString() : null };
}

const noPayload = z.object({});

/** Daily at 08:07 UTC; also safe to run more often, as nudges are once per scorecard per day. */
export const scorecardNudgeJob: JobDefinition<typeof noPayload, WorkerDependencies> = {
  queue: "work-queue.scorecard-nudges",
  payload: noPayload,
  retryLimit: 3,
  expireInSeconds: 30 * 60,
  async handle(deps) {
    return sendScorecardNudges(
      deps,
      process.env.EVIDENT_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
    );
  },
};
