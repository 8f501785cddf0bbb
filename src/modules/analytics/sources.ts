import { type SQL, sql } from "drizzle-orm";

/**
 * Where the analytics read from. `history`: the imported files; `live`: Evident's own
 * applications, stage history, scorecards and post-hire reviews; `all`: both, as a union (an
 * imported application is never matched to a live one).
 *
 * Each source is three SQL relations with the same columns whatever the source, so every
 * statistic is one query over them and `all` is a UNION ALL:
 * - applications: app_key int8, role text, hired bool (null: not decided), hire_work_model text,
 *   gender text, race_ethnicity text, outcome_6m float8, retained_12m bool
 * - visits: app_key, stage text, stage_order int, passed bool, entered_at timestamptz, days float8
 *   (days in the stage, to the next stage the application reached, as statistics/funnel.ts defines it)
 * - ratings: app_key, stage text, interviewer text, rating float8 (one per interviewer, application and stage)
 * - stage scores: app_key, stage, n int, total float8, squares float8: each application's ratings at
 *   each stage summarised (count, sum, squared deviations from their mean). The import stores
 *   these with the stage rows, so the analytics never aggregate a million ratings per request.
 * A live hire's work model is its team's at joining (the outcomes module's `hires`), else its role's.
 * Keys: imported applications keep their positive number; live ones get negative numbers
 * (−row_number() by id), so the two can never collide.
 */
export const analyticsSources = ["history", "live", "all"] as const;
export type AnalyticsSource = (typeof analyticsSources)[number];

export interface SourceScope {
  organizationId: string;
  source: AnalyticsSource;
  /** Only applications to roles of this name (imported `role`, or a live role's title). */
  role?: string | undefined;
}

const NOT_DISCLOSED = "not_disclosed";

function historyApplications(scope: SourceScope): SQL {
  const roleFilter = scope.role === undefined ? sql`` : sql` and role = ${scope.role}`;
  return sql`select application_number::int8 as app_key, role, hired, hire_work_model, gender, race_ethnicity,
      outcome_6m::float8 as outcome_6m, retained_12m
    from analytics_imported_applications where organization_id = ${scope.organizationId}${roleFilter}`;
}

/** Live applications with their negative keys, shared by the three live relations. */
function liveKeys(scope: SourceScope): SQL {
  const roleFilter = scope.role === undefined ? sql`` : sql` and r.title = ${scope.role}`;
  return sql`select a.id, a.status, a.candidate_id, r.title as role, r.work_model,
      -(row_number() over (order by a.id))::int8 as app_key
    from applications a join roles r on r.id = a.role_id
    where a.organization_id = ${scope.organizationId}${roleFilter}`;
}

function liveApplications(scope: SourceScope): SQL {
  // Self-identification answers use the portal's keys; no answer, or "prefer not to say", is not disclosed.
  const answer = (key: string) =>
    sql`coalesce(nullif(d.answers->>${key}, 'prefer_not_to_say'), ${NOT_DISCLOSED})`;
  return sql`select k.app_key, k.role,
      case k.status when 'hired' then true when 'rejected' then false end as hired,
      case when k.status = 'hired' then coalesce(h.work_model, k.work_model) end as hire_work_model,
      ${answer("gender")} as gender, ${answer("raceEthnicity")} as race_ethnicity,
      six.overall::float8 as outcome_6m, twelve.still_employed as retained_12m
    from (${liveKeys(scope)}) k
    left join hires h on h.application_id = k.id
    left join candidate_demographics d on d.candidate_id = k.candidate_id
    left join post_hire_reviews six on six.application_id = k.id and six.period = '6m'
    left join post_hire_reviews twelve on twelve.application_id = k.id and twelve.period = '12m'`;
}

/** Imported stage rows, of one role's applications when the scope names one. */
function historyStageRows(scope: SourceScope, columns: SQL, where: SQL = sql``): SQL {
  if (scope.role === undefined) {
    return sql`select ${columns} from analytics_imported_stages s
      where s.organization_id = ${scope.organizationId}${where}`;
  }
  return sql`select ${columns} from analytics_imported_stages s join analytics_imported_applications a
      on a.organization_id = s.organization_id and a.application_number = s.application_number
    where s.organization_id = ${scope.organizationId} and a.role = ${scope.role}${where}`;
}

function historyVisits(scope: SourceScope): SQL {
  return historyStageRows(
    scope,
    sql`s.application_number::int8 as app_key, s.stage, s.stage_order, s.passed,
      (s.entered_at::timestamp at time zone 'UTC') as entered_at, s.days_in_stage as days`,
  );
}

function historyStageScores(scope: SourceScope): SQL {
  return historyStageRows(
    scope,
    sql`s.application_number::int8 as app_key, s.stage, s.rating_count as n, s.rating_sum as total,
      s.rating_squares as squares`,
    sql` and s.rating_count > 0`,
  );
}

/**
 * Live visits from the application history: an application reached a stage when an event moved
 * it there (first time counts); it passed when it later reached a stage further on in the plan,
 * or was hired from it.
 */
function liveVisits(scope: SourceScope): SQL {
  return sql`select x.*,
      extract(epoch from (lead(x.entered_at) over (partition by x.app_key order by x.stage_order) - x.entered_at))::float8 / 86400 as days
    from (${liveStageEntries(scope)}) x`;
}

function liveStageEntries(scope: SourceScope): SQL {
  return sql`select k.app_key, ps.name as stage, ps.position as stage_order,
      (k.status = 'hired' or exists (
        select 1 from application_events later join plan_stages ls on ls.id = later.to_stage_id
        where later.application_id = e.application_id and ls.position > ps.position)) as passed,
      min(e.created_at) as entered_at
    from (${liveKeys(scope)}) k
    join application_events e on e.application_id = k.id and e.to_stage_id is not null
    join plan_stages ps on ps.id = e.to_stage_id
    group by k.app_key, k.status, e.application_id, ps.id, ps.name, ps.position`;
}

function historyRatings(scope: SourceScope): SQL {
  if (scope.role === undefined) {
    return sql`select application_number::int8 as app_key, stage, interviewer_ref as interviewer, rating::float8 as rating
      from analytics_imported_ratings where organization_id = ${scope.organizationId}`;
  }
  return sql`select r.application_number::int8 as app_key, r.stage, r.interviewer_ref as interviewer, r.rating::float8 as rating
    from analytics_imported_ratings r join analytics_imported_applications a
      on a.organization_id = r.organization_id and a.application_number = r.application_number
    where r.organization_id = ${scope.organizationId} and a.role = ${scope.role}`;
}

/**
 * Live ratings: an interviewer's overall rating of a stage is the score of their scorecard (the
 * mean of its anchored levels, latest version), averaged when they interviewed the application
 * at that stage more than once. Interviewers are shown by name to admins and hiring managers.
 */
function liveRatings(scope: SourceScope): SQL {
  return sql`select k.app_key, ps.name as stage, u.name as interviewer, avg(latest.score)::float8 as rating
    from (${liveKeys(scope)}) k
    join (select distinct on (s.interview_id, s.interviewer_id) s.application_id, s.stage_id, s.interviewer_id, s.score
          from scorecards s where s.organization_id = ${scope.organizationId}
          order by s.interview_id, s.interviewer_id, s.version desc) latest on latest.application_id = k.id
    join plan_stages ps on ps.id = latest.stage_id
    join users u on u.id = latest.interviewer_id
    group by k.app_key, ps.name, latest.interviewer_id, u.name`;
}

/** Live stage scores from the live ratings; constant ratings have exactly zero squares. */
function liveStageScores(scope: SourceScope): SQL {
  return sql`select g.app_key, g.stage, count(*)::int as n, sum(g.rating) as total,
      case when min(g.rating) = max(g.rating) then 0 else sum((g.rating - g.centre) ^ 2) end as squares
    from (select l.*, avg(l.rating) over (partition by l.app_key, l.stage) as centre from (${liveRatings(scope)}) l) g
    group by g.app_key, g.stage`;
}

function pick(
  scope: SourceScope,
  history: (scope: SourceScope) => SQL,
  live: (scope: SourceScope) => SQL,
): SQL {
  if (scope.source === "history") return history(scope);
  if (scope.source === "live") return live(scope);
  return sql`${history(scope)} union all ${live(scope)}`;
}

/** `(relation) alias`, ready to put after FROM or JOIN. */
export const applicationsOf = (scope: SourceScope, alias: string) =>
  sql`(${pick(scope, historyApplications, liveApplications)}) ${sql.raw(alias)}`;
export const visitsOf = (scope: SourceScope, alias: string) =>
  sql`(${pick(scope, historyVisits, liveVisits)}) ${sql.raw(alias)}`;
export const ratingsOf = (scope: SourceScope, alias: string) =>
  sql`(${pick(scope, historyRatings, liveRatings)}) ${sql.raw(alias)}`;
export const stageScoresOf = (scope: SourceScope, alias: string) =>
  sql`(${pick(scope, historyStageScores, liveStageScores)}) ${sql.raw(alias)}`;
