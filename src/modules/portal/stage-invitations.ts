import { and, desc, eq, inArray } from "drizzle-orm";
import { organizations } from "../../platform/db/schema.ts";
import { runOnce } from "../../platform/queue.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { applicationEvents, applications, candidates } from "../candidates/candidates-table.ts";
import { type SentEmail, sendEmail } from "../mail/mail.ts";
import { signInUrl } from "../mail/portal-links.ts";
import type { CandidateStep } from "../mail/templates.ts";
import { planStages, type StageType } from "../plans/plans-table.ts";
import { roles } from "../roles/roles-table.ts";
import { INVITATION_TTL_MS, issueLink, type PortalMailDeps } from "./magic-links.ts";

/**
 * The stages in which the candidate has something to do, and what: these send an invitation
 * when an application enters them. Review and decision stages happen without the candidate.
 */
export const candidateStepOfStage: Partial<Record<StageType, CandidateStep>> = {
  async_challenge: "challenge",
  async_collaboration: "exercise",
  written_exercise: "exercise",
  async_exercise: "exercise",
  system_design: "interview",
  pair_programming: "interview",
  trial_day: "interview",
};

/** The record that an entry's invitation went out; keyed by the application event of the entry. */
const STAGE_INVITATION_KEY = "stage-invitation";

export interface StageInvitation {
  to: string;
  stageName: string;
  email: SentEmail;
}

/**
 * Emails the candidate a magic link into the portal for the stage their application is in now,
 * when it is a candidate-facing stage. Called after a stage move (or a new application) commits.
 *
 * Once per entry into a stage: the entry is the application event that put the application into
 * its current stage, and the link is issued with runOnce under that event's id, so calling this
 * again (a retried request, two staff members at once) sends nothing more. Moving out and back in
 * is a new entry and a new invitation. Answers null when nothing was sent.
 */
export async function sendStageInvitation(
  deps: PortalMailDeps,
  actor: Actor,
  organizationId: string,
  applicationId: string,
): Promise<StageInvitation | null> {
  const [current] = await deps.db
    .select({
      candidateId: candidates.id,
      email: candidates.email,
      fullName: candidates.fullName,
      erasedAt: candidates.erasedAt,
      status: applications.status,
      roleTitle: roles.title,
      stageId: planStages.id,
      stageName: planStages.name,
      stageType: planStages.type,
      deadlineDays: planStages.deadlineDays,
      organizationName: organizations.name,
      organizationSlug: organizations.slug,
    })
    .from(applications)
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .innerJoin(planStages, eq(planStages.id, applications.currentStageId))
    .innerJoin(organizations, eq(organizations.id, applications.organizationId))
    .where(and(eq(applications.id, applicationId), eq(applications.organizationId, organizationId)));
  const step = current ? candidateStepOfStage[current.stageType] : undefined;
  if (!current || !step || current.status !== "active" || current.erasedAt || !current.email) return null;
  const to = current.email;

  const [entry] = await deps.db
    .select({ id: applicationEvents.id })
    .from(applicationEvents)
    .where(
      and(
        eq(applicationEvents.applicationId, applicationId),
        eq(applicationEvents.toStageId, current.stageId),
        inArray(applicationEvents.kind, ["created", "stage_moved"]),
      ),
    )
    .orderBy(desc(applicationEvents.id))
    .limit(1);
  if (!entry) return null;

  // The secret stays in memory: the stored result holds only the expiry, never the token.
  let token: string | null = null;
  const issued = await runOnce(
    deps.db,
    { queue: STAGE_INVITATION_KEY, idempotencyKey: String(entry.id) },
    async (tx) => {
      const link = await issueLink(
        tx,
        deps.clock,
        { organizationId, candidateId: current.candidateId },
        INVITATION_TTL_MS,
      );
      token = link.token;
      await recordAudit(tx, actor, {
        organizationId,
        action: "application.stage_invitation_sent",
        objectType: "application",
        objectId: applicationId,
        detail: { stageId: current.stageId, expiresAt: link.expiresAt.toISOString() },
      });
      return { expiresAt: link.expiresAt.toISOString() };
    },
  );
  if (issued.replayed || token === null) return null;

  // Sent after the commit, as every email: a slow mail server must not hold a transaction open.
  const email = await sendEmail(deps, {
    organizationId,
    candidateId: current.candidateId,
    template: "stage_invitation",
    to,
    variables: {
      candidateName: current.fullName,
      organizationName: current.organizationName,
      roleTitle: current.roleTitle,
      stageName: current.stageName,
      step,
      deadlineDays: step === "challenge" ? current.deadlineDays : null,
      link: signInUrl(
        deps.baseUrl,
        token,
        current.organizationSlug,
        step === "challenge" ? `/portal/applications/${applicationId}/challenge` : "/portal/home",
      ),
      expiresAt: new Date(issued.result.expiresAt),
    },
  });
  return { to, stageName: current.stageName, email };
}
