/**
 * Observation forms: each observer of a scored session files one form, rating the session's
 * behaviours on the kit's anchored levels with an evidence note each. Forms are independent
 * (planning.ts shows the others' only after one's own is filed), final once filed, and keep
 * the note guard's flags as scorecards do. Lunch is unscored and takes no form.
 */
import { eq } from "drizzle-orm";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { recordAudit } from "../audit/audit-log.ts";
import type { MemberContext } from "../auth/access.ts";
import { flaggedPhrases } from "../note-guard/note-guard.ts";
import { behavioursOfSession, isScoredKind } from "./agenda.ts";
import { kitOfStage, namesOf, observationView, type TrialDayDeps, trialDayContext } from "./planning.ts";
import type { TrialDayObservationInput, TrialDayObservationView } from "./schemas.ts";
import { type TrialDayRating, trialDayObservations } from "./trial-days-table.ts";

export async function fileObservation(
  deps: TrialDayDeps,
  member: MemberContext,
  applicationId: string,
  sessionId: string,
  input: TrialDayObservationInput,
): Promise<TrialDayObservationView> {
  const context = await trialDayContext(deps, member, applicationId);
  const { day } = context;
  if (!day) throw new AppError("not_found", "No trial day is planned for this application.");
  const session = day.sessions.find((candidate) => candidate.id === sessionId);
  if (!session) throw new AppError("not_found", "The trial day has no such session.");
  if (!isScoredKind(session.kind)) {
    throw new AppError(
      "conflict",
      `"${session.title}" is lunch: optional and unscored, so it has no observation form.`,
    );
  }
  if (!session.observerIds.includes(member.userId)) {
    throw new AppError("forbidden", `Only the observers of "${session.title}" file forms for it.`);
  }
  if (day.status !== "sent") {
    throw new AppError(
      "conflict",
      day.status === "draft"
        ? "The trial day has not been sent to the candidate yet; forms open once it is."
        : "The trial day was cancelled; it takes no forms.",
    );
  }
  const kit = await kitOfStage(deps, member.organizationId, context.stage, day);
  const expected = behavioursOfSession(
    session,
    kit.content.rubric.map((attribute) => attribute.id),
  );
  const given = input.ratings.map((rating) => rating.behaviourId);
  const missing = expected.filter((id) => !given.includes(id));
  const extra = given.filter((id, index) => !expected.includes(id) || given.indexOf(id) !== index);
  if (missing.length > 0 || extra.length > 0) {
    throw new AppError(
      "bad_request",
      `Rate each of ${expected.join(", ")} once${missing.length ? `; missing ${missing.join(", ")}` : ""}${extra.length ? `; not observed in this session: ${extra.join(", ")}` : ""}.`,
      { fieldErrors: [{ path: "ratings", message: `one rating each for ${expected.join(", ")}` }] },
    );
  }
  const ratings: TrialDayRating[] = input.ratings;
  const flaggedTerms = flaggedPhrases(ratings.map((rating) => rating.evidence));
  const row = await deps.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(trialDayObservations)
      .values({
        id: newId(),
        organizationId: member.organizationId,
        trialDayId: day.id,
        sessionId: session.id,
        observerId: member.userId,
        ratings,
        flaggedTerms,
        submittedAt: deps.clock.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) {
      throw new AppError(
        "conflict",
        `You have already filed your form for "${session.title}"; forms are final.`,
      );
    }
    await recordAudit(tx, member.actor, {
      organizationId: member.organizationId,
      action: "trial_day.observation_filed",
      objectType: "trial_day_observation",
      objectId: inserted.id,
      detail: { trialDayId: day.id, flagged: flaggedTerms.length },
    });
    return inserted;
  });
  const names = await namesOf(deps.db, member.organizationId, [member.userId]);
  return observationView(row, member.userId, (id) => names.get(id) ?? "");
}

/** The forms of a day, for the decision page and the work queue: filed per session and observer. */
export async function filedObservationKeys(deps: TrialDayDeps, trialDayId: string) {
  const rows = await deps.db
    .select({ sessionId: trialDayObservations.sessionId, observerId: trialDayObservations.observerId })
    .from(trialDayObservations)
    .where(eq(trialDayObservations.trialDayId, trialDayId));
  return new Set(rows.map((row) => `${row.sessionId}/${row.observerId}`));
}
