import { and, asc, desc, eq, ne } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { applicationEvents, type applicationStatuses, applications } from "../candidates/candidates-table.ts";
import { challengeAttempts, challengeSubmissions } from "../challenges/grading-table.ts";
import { findBlindScrubbers, scrubberOf } from "../interviews/blind.ts";
import type { Viewer } from "../interviews/interviews.ts";
import { interviews, scorecards } from "../interviews/interviews-table.ts";
import { requireScorecardAccess } from "../interviews/scorecards.ts";
import { createDecisionDraft } from "../mail/email-drafts.ts";
import { createHireForApplication } from "../outcomes/hires.ts";
import { planStages } from "../plans/plans-table.ts";
import { roles } from "../roles/roles-table.ts";
import { computeDecisionFormula, type FormulaOutcome, type FormulaResult } from "./decision-formula.ts";
import { type DecisionComponent, type decisionOutcomes, hiringDecisions } from "./decisions-table.ts";
import { requireOwnObservationsFiled, rubricFormulaScorecards } from "./rubric-evidence.ts";

/** baseUrl: the decision's email draft links to the candidate portal. */
type Deps = { db: Db; clock: Clock; baseUrl: string };

export type DecisionOutcome = (typeof decisionOutcomes)[number];

/** What the application's event history says when a decision closes it. */
export const DECISION_EVENT_REASONS: Record<DecisionOutcome, string> = {
  hire: "decision: hire",
  no_hire: "decision: no hire",
};

export interface DecisionRecordView {
  id: string;
  outcome: DecisionOutcome;
  formulaOutcome: FormulaOutcome;
  formulaScore: number | null;
  threshold: number;
  /** The formula's components as they stood when the decision was made. */
  components: DecisionComponent[];
  isOverride: boolean;
  overrideReason: string | null;
  decidedBy: { id: string; name: string; email: string };
  decidedAt: string;
}

export interface DecisionSummary extends FormulaResult {
  applicationId: string;
  applicationStatus: (typeof applicationStatuses)[number];
  /** Recorded decisions, newest first. */
  decisions: DecisionRecordView[];
}

export interface RecordDecisionInput {
  outcome: DecisionOutcome;
  overrideReason?: string | undefined;
}

/** The formula applied to the application's evidence as it stands now. */
/**
 * An auto-graded challenge counts as one rater of its stage: the latest graded Submit of the
 * stage's attempt, its share of the points mapped linearly onto the rubric scale (0 % → 1,
 * 100 % → 4) so it weighs like any other stage score.
 */
async function challengeScorecards(db: Db, organizationId: string, applicationId: string) {
  const rows = await db
    .select({
      attemptId: challengeAttempts.id,
      stageId: challengeAttempts.stageId,
      score: challengeSubmissions.score,
      maxScore: challengeSubmissions.maxScore,
    })
    .from(challengeSubmissions)
    .innerJoin(challengeAttempts, eq(challengeAttempts.id, challengeSubmissions.attemptId))
    .where(
      and(
        eq(challengeAttempts.organizationId, organizationId),
        eq(challengeAttempts.applicationId, applicationId),
        eq(challengeSubmissions.mode, "submit"),
        eq(challengeSubmissions.status, "graded"),
      ),
    )
    .orderBy(desc(challengeSubmissions.createdAt));
  const latestPerAttempt = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!latestPerAttempt.has(row.attemptId)) latestPerAttempt.set(row.attemptId, row);
  return [...latestPerAttempt.values()].map((row) => ({
    stageId: row.stageId,
    interviewerId: `auto-grader:${row.attemptId}`,
    score: 1 + (3 * (row.score ?? 0)) / Math.max(1, row.maxScore ?? 0),
  }));
}

async function evaluateApplication(db: Db, organizationId: string, applicationId: string) {
  const [application] = await db
    .select({
      id: applications.id,
      status: applications.status,
      roleId: applications.roleId,
      threshold: roles.hireThreshold,
    })
    .from(applications)
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .where(and(eq(applications.organizationId, organizationId), eq(applications.id, applicationId)));
  if (!application) throw new AppError("not_found", "That application was not found.");
  const stages = await db
    .select({
      stageId: planStages.id,
      stageName: planStages.name,
      weight: planStages.weight,
      requiredRaters: planStages.requiredRaters,
    })
    .from(planStages)
    .where(and(eq(planStages.organizationId, organizationId), eq(planStages.roleId, application.roleId)))
    .orderBy(asc(planStages.position), asc(planStages.createdAt));
  const filed = await db
    .select({
      interviewId: scorecards.interviewId,
      interviewerId: scorecards.interviewerId,
      stageId: scorecards.stageId,
      version: scorecards.version,
      score: scorecards.score,
    })
    .from(scorecards)
    .innerJoin(interviews, eq(interviews.id, scorecards.interviewId))
    .where(
      and(
        eq(scorecards.organizationId, organizationId),
        eq(scorecards.applicationId, applicationId),
        ne(interviews.status, "cancelled"),
      ),
    );
  // Only the latest version of each interviewer's scorecard for an interview counts.
  const latest = new Map<string, (typeof filed)[number]>();
  for (const scorecard of filed) {
    const key = `${scorecard.interviewId}:${scorecard.interviewerId}`;
    const current = latest.get(key);
    if (!current || scorecard.version > current.version) latest.set(key, scorecard);
  }
  const graded = await challengeScorecards(db, organizationId, applicationId);
  // Trial-day observation forms and exercise reviews: each filed one a scorecard of its stage.
  const rubricRated = await rubricFormulaScorecards(db, organizationId, applicationId);
  return {
    application,
    result: computeDecisionFormula(
      stages,
      [...latest.values(), ...graded, ...rubricRated],
      application.threshold,
    ),
  };
}

async function listDecisions(db: Db, organizationId: string, viewer: Viewer, applicationId: string) {
  const rows = await db
    .select({ decision: hiringDecisions, decidedBy: { id: users.id, name: users.name, email: users.email } })
    .from(hiringDecisions)
    .innerJoin(users, eq(users.id, hiringDecisions.decidedBy))
    .where(
      and(
        eq(hiringDecisions.organizationId, organizationId),
        eq(hiringDecisions.applicationId, applicationId),
      ),
    )
    .orderBy(desc(hiringDecisions.decidedAt), desc(hiringDecisions.id));
  // A member of the hiring team can also review this candidate blind; the reason may name them.
  const scrub = scrubberOf(
    await findBlindScrubbers(db, organizationId, viewer.userId, [applicationId]),
    applicationId,
  );
  return rows.map(
    ({ decision, decidedBy }): DecisionRecordView => ({
      id: decision.id,
      outcome: decision.outcome,
      formulaOutcome: decision.formulaOutcome,
      formulaScore: decision.formulaScore,
      threshold: decision.threshold,
      components: decision.components,
      isOverride: decision.outcome !== decision.formulaOutcome,
      overrideReason: decision.overrideReason === null ? null : scrub(decision.overrideReason),
      decidedBy,
      decidedAt: decision.decidedAt.toISOString(),
    }),
  );
}

/**
 * The weighted formula over the application's scorecards beside the decisions recorded so far.
 * It shows scores, so a caller who interviews the candidate must have filed their own first.
 */
export async function getDecisionSummary(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  applicationId: string,
): Promise<DecisionSummary> {
  await requireScorecardAccess(db, organizationId, viewer, applicationId);
  await requireOwnObservationsFiled(db, organizationId, viewer, applicationId);
  const { application, result } = await evaluateApplication(db, organizationId, applicationId);
  return {
    applicationId,
    applicationStatus: application.status,
    ...result,
    decisions: await listDecisions(db, organizationId, viewer, applicationId),
  };
}

/**
 * Records the final decision beside what the formula says at this moment, and closes the
 * application: hired, or rejected. A decision that departs from the formula, including one made
 * while the evidence is incomplete, needs an override reason (Campion et al. 1997, component 15).
 */
export async function recordDecision(
  deps: Deps,
  actor: Actor & { userId: string },
  viewer: Viewer,
  organizationId: string,
  applicationId: string,
  input: RecordDecisionInput,
): Promise<DecisionSummary> {
  await requireScorecardAccess(deps.db, organizationId, viewer, applicationId);
  await requireOwnObservationsFiled(deps.db, organizationId, viewer, applicationId);
  const overrideReason = input.overrideReason?.trim() || null;
  await deps.db.transaction(async (tx) => {
    // Locking the application makes concurrent decisions queue; the second finds it closed.
    const [locked] = await tx
      .select({ status: applications.status })
      .from(applications)
      .where(and(eq(applications.organizationId, organizationId), eq(applications.id, applicationId)))
      .for("update");
    if (!locked) throw new AppError("not_found", "That application was not found.");
    if (locked.status !== "active") {
      throw new AppError(
        "conflict",
        `The application is already ${locked.status}; a decision is recorded once, on an active application.`,
      );
    }
    const { result } = await evaluateApplication(tx, organizationId, applicationId);
    const isOverride = input.outcome !== result.formulaOutcome;
    if (isOverride && !overrideReason) {
      const formulaSays =
        result.formulaOutcome === "incomplete"
          ? "the evidence is incomplete (a weighted stage lacks its required raters)"
          : `the formula says ${result.formulaOutcome}`;
      throw new AppError(
        "bad_request",
        `${formulaSays}; deciding ${input.outcome} needs an override reason.`,
        {
          fieldErrors: [
            { path: "overrideReason", message: "required when the decision departs from the formula" },
          ],
        },
      );
    }

    const now = deps.clock.now();
    const decisionId = newId();
    await tx.insert(hiringDecisions).values({
      id: decisionId,
      organizationId,
      applicationId,
      components: result.components,
      formulaScore: result.formulaScore,
      threshold: result.threshold,
      formulaOutcome: result.formulaOutcome,
      outcome: input.outcome,
      overrideReason,
      decidedBy: actor.userId,
      decidedAt: now,
    });
    const isHire = input.outcome === "hire";
    await tx
      .update(applications)
      .set({
        status: isHire ? "hired" : "rejected",
        rejectionReason: isHire ? null : "other",
        updatedAt: now,
      })
      .where(and(eq(applications.organizationId, organizationId), eq(applications.id, applicationId)));
    // The hire record joins this hiring decision to the team's outcomes (issue 14).
    if (isHire) await createHireForApplication(tx, organizationId, applicationId, now);
    // The candidate hears only when the hiring team sends (or schedules) this draft.
    await createDecisionDraft(tx, deps.baseUrl, {
      organizationId,
      applicationId,
      decisionId,
      outcome: input.outcome,
      decidedBy: actor.userId,
      at: now,
    });
    await tx.insert(applicationEvents).values({
      organizationId,
      applicationId,
      kind: isHire ? "hired" : "rejected",
      reason: DECISION_EVENT_REASONS[input.outcome],
      note: overrideReason,
      actorUserId: actor.userId,
      createdAt: now,
    });
    await recordAudit(tx, actor, {
      organizationId,
      action: isOverride ? "application.decision_overridden" : "application.decided",
      objectType: "application",
      objectId: applicationId,
      detail: {
        decisionId,
        outcome: input.outcome,
        formulaOutcome: result.formulaOutcome,
        formulaScore: result.formulaScore,
        threshold: result.threshold,
        // The override reason stays in the decision row (decisionId): free text may name the candidate.
        isOverride,
      },
    });
  });
  return getDecisionSummary(deps.db, organizationId, viewer, applicationId);
}
