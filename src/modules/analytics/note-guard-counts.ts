/**
 * How many filed evidence notes of a stage the note guard flagged (note-guard/): current
 * scorecard versions, async exercise reviews and trial-day observation forms. Calibration and the bias-audit report show the
 * count beside each stage. Imported history carries no notes, so it counts nothing.
 */
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db/client.ts";
import type { SourceScope } from "./sources.ts";

export interface NoteGuardCount {
  /** Filed notes (one per scorecard, exercise review or observation form) in the stage. */
  notes: number;
  /** Of those, notes with at least one flagged phrase. */
  flagged: number;
  terms: { phrase: string; count: number }[];
}

export async function countFlaggedNotes(db: Db, scope: SourceScope, stage: string): Promise<NoteGuardCount> {
  if (scope.source === "history") return { notes: 0, flagged: 0, terms: [] };
  const roleFilter = scope.role === undefined ? sql`true` : sql`r.title = ${scope.role}`;
  const rows = await queryRows<{ flagged_terms: string[] }>(
    db,
    sql`select s.flagged_terms from scorecards s
          join plan_stages p on p.id = s.stage_id
          join applications a on a.id = s.application_id
          join roles r on r.id = a.role_id
        where s.organization_id = ${scope.organizationId} and p.name = ${stage} and ${roleFilter}
          and not exists (select 1 from scorecards later where later.amends_id = s.id)
        union all
        select e.flagged_terms from exercise_reviews e
          join exercise_runs x on x.id = e.run_id
          join plan_stages p on p.id = x.stage_id
          join applications a on a.id = x.application_id
          join roles r on r.id = a.role_id
        where e.organization_id = ${scope.organizationId} and p.name = ${stage} and ${roleFilter}
        union all
        select o.flagged_terms from trial_day_observations o
          join trial_days t on t.id = o.trial_day_id
          join plan_stages p on p.id = t.stage_id
          join applications a on a.id = t.application_id
          join roles r on r.id = a.role_id
        where o.organization_id = ${scope.organizationId} and p.name = ${stage} and ${roleFilter}`,
  );
  const counts = new Map<string, number>();
  for (const row of rows)
    for (const phrase of row.flagged_terms) counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
  return {
    notes: rows.length,
    flagged: rows.filter((row) => row.flagged_terms.length > 0).length,
    terms: [...counts]
      .map(([phrase, count]) => ({ phrase, count }))
      .sort((a, b) => b.count - a.count || (a.phrase < b.phrase ? -1 : 1)),
  };
}
