import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../platform/clock.ts";
import { type Db, queryRows } from "../../platform/db/client.ts";
import { type JobDefinition, runOnce } from "../../platform/queue.ts";
import { systemActor } from "../audit/audit-log.ts";
import type { Mailer } from "../mail/mailer.ts";
import { deleteOutboxFiles, eraseCandidateRecords } from "./erase.ts";
import type { CandidateDataHolding } from "./personal-data.ts";

export type RetentionDeps = {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  /** Every module's candidate data (src/modules/contracts.ts), passed in to keep imports one-way. */
  candidateData: readonly CandidateDataHolding[];
};

export interface CandidateDueForErasure {
  candidateId: string;
  organizationId: string;
  retentionDays: number;
}

/**
 * Candidates of organisations with a retention period whose every application ended in
 * rejection or withdrawal, the last of those longer ago than the period. A candidate without
 * applications is not "rejected" and stays; so does anyone with an active or hired application.
 */
export async function findCandidatesDueForErasure(db: Db, now: Date): Promise<CandidateDueForErasure[]> {
  return queryRows<CandidateDueForErasure>(
    db,
    sql`
      select c.id as "candidateId", c.organization_id as "organizationId",
             o.candidate_retention_days as "retentionDays"
      from candidates c
      join organizations o on o.id = c.organization_id
      join applications a on a.candidate_id = c.id and a.organization_id = c.organization_id
      left join application_events e
        on e.application_id = a.id and e.kind in ('rejected', 'withdrawn')
      where c.erased_at is null and o.candidate_retention_days is not null
      group by c.id, c.organization_id, o.candidate_retention_days
      having bool_and(a.status in ('rejected', 'withdrawn'))
         -- An application closed without its event (imported data) counts from its last change.
         and coalesce(max(e.created_at), max(a.updated_at))
             < ${now.toISOString()}::timestamptz - make_interval(days => o.candidate_retention_days)
      order by c.organization_id, c.id`,
  );
}

const noPayload = z.object({});

/**
 * Daily: erases candidates past their organisation's retention period. Each erasure runs once
 * (runOnce keyed by the candidate), so a retried or duplicated job erases and audits nobody twice.
 */
export const candidateRetentionJob: JobDefinition<typeof noPayload, RetentionDeps> = {
  queue: "privacy.candidate-retention",
  payload: noPayload,
  retryLimit: 3,
  expireInSeconds: 60 * 60,
  async handle(deps) {
    const due = await findCandidatesDueForErasure(deps.db, deps.clock.now());
    let erased = 0;
    let outboxFilesNotDeleted = 0;
    for (const candidate of due) {
      const { result, replayed } = await runOnce(
        deps.db,
        { queue: candidateRetentionJob.queue, idempotencyKey: candidate.candidateId },
        async (tx) => {
          const { outboxFileNames } = await eraseCandidateRecords(
            tx,
            deps.candidateData,
            deps.clock.now(),
            systemActor,
            candidate.organizationId,
            candidate.candidateId,
            "retention",
          );
          // File names are generated ids, not personal data; kept so a retry can finish deleting.
          return { outboxFileNames };
        },
      );
      if (!replayed) erased += 1;
      outboxFilesNotDeleted += await deleteOutboxFiles(deps.mailer, result.outboxFileNames);
    }
    return { due: due.length, erased, outboxFilesNotDeleted };
  },
};
