/**
 * Whether the candidate is paid for the trial day, how much, and whether it is paid yet.
 * Recruiters and admins record and read it; nobody else sees it, not even in the day's view.
 */
import { AppError } from "../../platform/errors.ts";
import { recordAudit } from "../audit/audit-log.ts";
import type { MemberContext } from "../auth/access.ts";
import { PAYMENT_KEEPERS, readTrialDay, type TrialDayDeps, trialDayContext } from "./planning.ts";
import type { TrialDayPaymentInput, TrialDayStageView } from "./schemas.ts";
import { trialDayPayments } from "./trial-days-table.ts";

export async function recordPayment(
  deps: TrialDayDeps,
  member: MemberContext,
  applicationId: string,
  input: TrialDayPaymentInput,
): Promise<TrialDayStageView> {
  if (!(PAYMENT_KEEPERS as readonly string[]).includes(member.role)) {
    throw new AppError("forbidden", "Only recruiters and admins record a trial day's payment.");
  }
  const { day } = await trialDayContext(deps, member, applicationId);
  if (!day) throw new AppError("conflict", "Plan the trial day before recording its payment.");
  const problems: { path: string; message: string }[] = [];
  if (input.isPaid) {
    if (input.amount === null) problems.push({ path: "amount", message: "the amount paid for the day" });
    if (input.currency === null) problems.push({ path: "currency", message: "a currency, e.g. EUR" });
    if (input.status === null) problems.push({ path: "status", message: "planned or paid" });
    if (input.status === "paid" && input.paidAt === null) {
      problems.push({ path: "paidAt", message: "when it was paid" });
    }
    if (input.status === "planned" && input.paidAt !== null) {
      problems.push({ path: "paidAt", message: "only a paid payment has a date; set the status to paid" });
    }
  }
  if (problems.length > 0) {
    throw new AppError(
      "bad_request",
      `The payment is incomplete: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}.`,
      { fieldErrors: problems },
    );
  }
  const now = deps.clock.now();
  const values = input.isPaid
    ? {
        isPaid: true,
        amount: input.amount?.toFixed(2) ?? null,
        currency: input.currency,
        status: input.status,
        paidAt: input.status === "paid" && input.paidAt ? new Date(input.paidAt) : null,
      }
    : { isPaid: false, amount: null, currency: null, status: null, paidAt: null };
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(trialDayPayments)
      .values({
        trialDayId: day.id,
        organizationId: member.organizationId,
        ...values,
        updatedBy: member.userId,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: trialDayPayments.trialDayId,
        set: { ...values, updatedBy: member.userId, updatedAt: now },
      });
    await recordAudit(tx, member.actor, {
      organizationId: member.organizationId,
      action: "trial_day.payment_recorded",
      objectType: "trial_day",
      objectId: day.id,
      detail: { isPaid: values.isPaid, status: values.status },
    });
  });
  return readTrialDay(deps, member, applicationId);
}
