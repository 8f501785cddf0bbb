import { eq } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { organizations } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import type { PrivacySettings } from "./schemas.ts";

export const RETENTION_DAYS_RANGE = { min: 30, max: 3650 } as const;

export async function getPrivacySettings(db: Db, organizationId: string): Promise<PrivacySettings> {
  const [row] = await db
    .select({
      shareFeedbackWithCandidates: organizations.shareFeedbackWithCandidates,
      candidateRetentionDays: organizations.candidateRetentionDays,
      demographicPreset: organizations.demographicPreset,
    })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!row) throw new AppError("not_found", "That organisation was not found.");
  return row;
}

export async function updatePrivacySettings(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  organizationId: string,
  changes: Partial<PrivacySettings>,
): Promise<PrivacySettings> {
  const days = changes.candidateRetentionDays;
  if (
    days !== undefined &&
    days !== null &&
    (!Number.isInteger(days) || days < RETENTION_DAYS_RANGE.min || days > RETENTION_DAYS_RANGE.max)
  ) {
    throw new AppError(
      "bad_request",
      `candidateRetentionDays must be a whole number of days from ${RETENTION_DAYS_RANGE.min} to ${RETENTION_DAYS_RANGE.max}, or null to keep candidates.`,
      { fieldErrors: [{ path: "candidateRetentionDays", message: "30–3650 or null" }] },
    );
  }
  if (Object.keys(changes).length === 0) return getPrivacySettings(deps.db, organizationId);
  return deps.db.transaction(async (tx) => {
    const before = await getPrivacySettings(tx, organizationId);
    const [after] = await tx
      .update(organizations)
      .set(changes)
      .where(eq(organizations.id, organizationId))
      .returning({
        shareFeedbackWithCandidates: organizations.shareFeedbackWithCandidates,
        candidateRetentionDays: organizations.candidateRetentionDays,
        demographicPreset: organizations.demographicPreset,
      });
    if (!after) throw new AppError("not_found", "That organisation was not found.");
    await recordAudit(tx, actor, {
      organizationId,
      action: "organization.privacy_settings_changed",
      objectType: "organization",
      objectId: organizationId,
      detail: { before, after },
    });
    return after;
  });
}
