import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../../platform/db/client.ts";
import type { DoraMetrics } from "./dora.ts";
import type { OutcomeEvent } from "./events.ts";
import type { DoraQuery } from "./window.ts";

/**
 * A port of Apache DevLake's DORA computation to PostgreSQL, kept as an independent reference:
 * tests run it over the same events as the TypeScript engine and compare the answers, and it
 * is the "single hand-written SQL query modelled on DevLake's dashboard query" the outcomes
 * benchmark measures the engine against. The product never calls it.
 *
 * It works on DevLake-shaped tables in a `devlake` schema, filled from Evident events by
 * DORA.md §0's mapping (a service is a project with one repo, one CI scope and one board):
 *   1. loadDevlakeTables: the domain-layer rows (pull_requests, cicd_deployment_commits, issues…);
 *   2. refreshDevlakeMetrics: DevLake's Go enrichment steps, ported to SQL
 *      (change_lead_time_calculator.go → project_pr_metrics,
 *       incident_deploy_connector.go → project_issue_metrics);
 *   3. queryDevlakeDora: grafana/dashboards/DORA.json's panels (deployment frequency, lead time,
 *      change failure rate, recovery, and the Overall panel's bands) as one query.
 * MySQL → PostgreSQL: WEEKDAY(d) → isodow − 1, DATE_FORMAT(m,'%Y-%m') DIV 6 → year / 6,
 * TIMESTAMPDIFF(MINUTE) → trunc(epoch / 60), DECIMAL division with 4 decimals → round(…, 4),
 * $__timeFilter → BETWEEN from 00:00:00 AND to 23:59:59. Where Evident decided differently from
 * DevLake (DORA.md D1–D4: explicit change lists, orderings, per-service "incidents collected"),
 * the port follows Evident, and says so where it does.
 */

const schemaStatements = [
  "create schema if not exists devlake",
  `create table if not exists devlake.project_mapping (project_name text not null, "table" text not null, row_id text not null)`,
  `create table if not exists devlake.pull_requests (
     id text primary key, base_repo_id text not null, created_date timestamp(3) not null, merged_date timestamp(3))`,
  `create table if not exists devlake.pull_request_commits (pull_request_id text not null, commit_authored_date timestamp(3) not null)`,
  // Only the comments that count as reviews (by someone other than the author): firstReviewAt.
  `create table if not exists devlake.pull_request_comments (pull_request_id text not null, created_date timestamp(3) not null)`,
  `create table if not exists devlake.cicd_deployment_commits (
     id text primary key, cicd_deployment_id text not null, external_id text not null, cicd_scope_id text not null,
     result text not null, environment text not null, started_date timestamp(3) not null, finished_date timestamp(3) not null)`,
  // D1: what a deployment ships is listed, where DevLake diffs commits against its predecessor.
  `create table if not exists devlake.deployment_changes (deployment_commit_id text not null, pull_request_id text not null)`,
  `create table if not exists devlake.issues (
     id text primary key, type text not null, created_date timestamp(3) not null, resolution_date timestamp(3),
     lead_time_minutes integer)`,
  `create table if not exists devlake.board_issues (board_id text not null, issue_id text not null)`,
  `create table if not exists devlake.project_pr_metrics (
     id text primary key, project_name text not null, pr_coding_time integer, pr_pickup_time integer,
     pr_review_time integer, deployment_commit_id text, pr_deploy_time integer, pr_cycle_time integer)`,
  `create table if not exists devlake.project_issue_metrics (id text not null, project_name text not null, deployment_id text)`,
  // computeTimeSpan (change_lead_time_calculator.go): ceiled minutes, null when negative, on whole seconds.
  `create or replace function devlake.ceiled_span_minutes(start_at timestamp, end_at timestamp) returns integer
     language sql immutable as $$
       select case when span < 0 then null else span::integer end
       from (select ceil(extract(epoch from date_trunc('second', end_at) - date_trunc('second', start_at)) / 60) as span) s
     $$`,
  // TIMESTAMPDIFF(MINUTE, …) and the issue extractors' lead_time_minutes: truncated, on whole seconds.
  `create or replace function devlake.truncated_minutes(start_at timestamp, end_at timestamp) returns integer
     language sql immutable as $$
       select trunc(extract(epoch from date_trunc('second', end_at) - date_trunc('second', start_at)) / 60)::integer
     $$`,
];

const tables = [
  "project_mapping",
  "pull_requests",
  "pull_request_commits",
  "pull_request_comments",
  "cicd_deployment_commits",
  "deployment_changes",
  "issues",
  "board_issues",
  "project_pr_metrics",
  "project_issue_metrics",
];

export async function createDevlakeTables(db: Db): Promise<void> {
  for (const statement of schemaStatements) await db.execute(sql.raw(statement));
}

export async function clearDevlakeTables(db: Db): Promise<void> {
  await db.execute(sql.raw(`truncate ${tables.map((table) => `devlake.${table}`).join(", ")}`));
}

/** DevLake ids are global; an Evident event is unique per service. */
const rowId = (service: string, externalId: string) => JSON.stringify([service, externalId]);

/**
 * Fills the domain-layer tables from events (in arrival order; a later event with the same
 * type, service and externalId replaces the earlier one, as the store does).
 */
export async function loadDevlakeTables(db: Db, events: readonly OutcomeEvent[]): Promise<void> {
  const latest = new Map<string, OutcomeEvent>();
  for (const event of events)
    latest.set(JSON.stringify([event.type, event.service, event.externalId]), event);

  const services = new Set<string>();
  const pullRequests: object[] = [];
  const prCommits: object[] = [];
  const prComments: object[] = [];
  const deployments: object[] = [];
  const deploymentChanges: object[] = [];
  const issues: object[] = [];
  for (const event of latest.values()) {
    services.add(event.service);
    const id = rowId(event.service, event.externalId);
    if (event.type === "change") {
      pullRequests.push({
        id,
        base_repo_id: `repo:${event.service}`,
        created_date: event.openedAt,
        merged_date: event.mergedAt,
      });
      if (event.firstCommitAt) prCommits.push({ pull_request_id: id, at: event.firstCommitAt });
      if (event.firstReviewAt) prComments.push({ pull_request_id: id, at: event.firstReviewAt });
    } else if (event.type === "deployment") {
      deployments.push({
        id,
        external_id: event.externalId,
        cicd_scope_id: `scope:${event.service}`,
        result: event.result === "success" ? "SUCCESS" : "FAILURE",
        environment:
          ({ production: "PRODUCTION", staging: "STAGING" } as Record<string, string>)[event.environment] ??
          event.environment,
        started_date: event.startedAt,
        finished_date: event.finishedAt,
      });
      for (const changeId of event.changes) {
        deploymentChanges.push({ deployment_commit_id: id, pull_request_id: rowId(event.service, changeId) });
      }
    } else {
      issues.push({
        id,
        created_date: event.createdAt,
        resolution_date: event.resolvedAt,
        board_id: `board:${event.service}`,
      });
    }
  }
  const mapping = [...services].flatMap((service) => [
    { project_name: service, table: "repos", row_id: `repo:${service}` },
    { project_name: service, table: "cicd_scopes", row_id: `scope:${service}` },
    { project_name: service, table: "boards", row_id: `board:${service}` },
  ]);

  // Instants arrive as ISO strings with an offset; columns hold UTC wall time, as DevLake's do.
  const utc = (column: string) => sql.raw(`(x.${column}::timestamptz at time zone 'UTC')`);
  const json = (rows: object[]) => sql`${JSON.stringify(rows)}::jsonb`;
  await db.execute(sql`
    insert into devlake.project_mapping (project_name, "table", row_id)
    select x.project_name, x.table, x.row_id from jsonb_to_recordset(${json(mapping)}) as x(project_name text, "table" text, row_id text)`);
  await db.execute(sql`
    insert into devlake.pull_requests (id, base_repo_id, created_date, merged_date)
    select x.id, x.base_repo_id, ${utc("created_date")}, ${utc("merged_date")}
    from jsonb_to_recordset(${json(pullRequests)}) as x(id text, base_repo_id text, created_date text, merged_date text)`);
  await db.execute(sql`
    insert into devlake.pull_request_commits (pull_request_id, commit_authored_date)
    select x.pull_request_id, ${utc("at")} from jsonb_to_recordset(${json(prCommits)}) as x(pull_request_id text, at text)`);
  await db.execute(sql`
    insert into devlake.pull_request_comments (pull_request_id, created_date)
    select x.pull_request_id, ${utc("at")} from jsonb_to_recordset(${json(prComments)}) as x(pull_request_id text, at text)`);
  await db.execute(sql`
    insert into devlake.cicd_deployment_commits
      (id, cicd_deployment_id, external_id, cicd_scope_id, result, environment, started_date, finished_date)
    select x.id, x.id, x.external_id, x.cicd_scope_id, x.result, x.environment, ${utc("started_date")}, ${utc("finished_date")}
    from jsonb_to_recordset(${json(deployments)})
      as x(id text, external_id text, cicd_scope_id text, result text, environment text, started_date text, finished_date text)`);
  await db.execute(sql`
    insert into devlake.deployment_changes (deployment_commit_id, pull_request_id)
    select x.deployment_commit_id, x.pull_request_id
    from jsonb_to_recordset(${json(deploymentChanges)}) as x(deployment_commit_id text, pull_request_id text)`);
  await db.execute(sql`
    insert into devlake.issues (id, type, created_date, resolution_date, lead_time_minutes)
    select x.id, 'INCIDENT', ${utc("created_date")}, ${utc("resolution_date")},
      devlake.truncated_minutes(${utc("created_date")}, ${utc("resolution_date")})
    from jsonb_to_recordset(${json(issues)}) as x(id text, created_date text, resolution_date text)`);
  await db.execute(sql`
    insert into devlake.board_issues (board_id, issue_id)
    select x.board_id, x.id from jsonb_to_recordset(${json(issues)}) as x(id text, board_id text)`);
}

/** DevLake's enrichment steps for every project: project_pr_metrics and project_issue_metrics. */
export async function refreshDevlakeMetrics(db: Db): Promise<void> {
  await db.execute(sql.raw("truncate devlake.project_pr_metrics, devlake.project_issue_metrics"));
  // change_lead_time_calculator.go: one row per merged PR. getDeploymentCommit orders candidate
  // deployments by started_date, id; Evident by finish, start, externalId (D3).
  await db.execute(sql`
    insert into devlake.project_pr_metrics
      (id, project_name, pr_coding_time, pr_pickup_time, pr_review_time, deployment_commit_id, pr_deploy_time, pr_cycle_time)
    select pr.id, pm.project_name, parts.coding, parts.pickup, parts.review, dep.id, parts.deploy,
      coalesce(parts.coding, 0) + coalesce(parts.during, 0) + coalesce(parts.deploy, 0)
    from devlake.pull_requests pr
      join devlake.project_mapping pm on pm.row_id = pr.base_repo_id and pm."table" = 'repos'
      left join lateral (
        select min(c.commit_authored_date) as first_commit_date
        from devlake.pull_request_commits c where c.pull_request_id = pr.id) first_commit on true
      left join lateral (
        select min(c.created_date) as first_review_date
        from devlake.pull_request_comments c where c.pull_request_id = pr.id) first_review on true
      left join lateral (
        select dc.id, dc.finished_date
        from devlake.cicd_deployment_commits dc
          join devlake.deployment_changes shipped on shipped.deployment_commit_id = dc.id and shipped.pull_request_id = pr.id
          join devlake.project_mapping dpm on dpm.row_id = dc.cicd_scope_id and dpm."table" = 'cicd_scopes'
        where dpm.project_name = pm.project_name and dc.environment = 'PRODUCTION' and dc.result = 'SUCCESS'
        order by dc.finished_date, dc.started_date, dc.external_id collate "C"
        limit 1) dep on true
      cross join lateral (
        select devlake.ceiled_span_minutes(first_commit.first_commit_date, pr.created_date) as coding,
          devlake.ceiled_span_minutes(pr.created_date, first_review.first_review_date) as pickup,
          devlake.ceiled_span_minutes(first_review.first_review_date, pr.merged_date) as review,
          devlake.ceiled_span_minutes(pr.created_date, pr.merged_date) as during,
          devlake.ceiled_span_minutes(pr.merged_date, dep.finished_date) as deploy) parts
    where pr.merged_date is not null`);
  // incident_deploy_connector.go: the latest successful production deployment of the project
  // finished strictly before the incident; ties by start, then externalId, last (D3).
  await db.execute(sql`
    insert into devlake.project_issue_metrics (id, project_name, deployment_id)
    select i.id, pm.project_name, dep.cicd_deployment_id
    from devlake.issues i
      join devlake.board_issues bi on bi.issue_id = i.id
      join devlake.project_mapping pm on pm.row_id = bi.board_id and pm."table" = 'boards'
      left join lateral (
        select dc.cicd_deployment_id
        from devlake.cicd_deployment_commits dc
          join devlake.project_mapping dpm on dpm.row_id = dc.cicd_scope_id and dpm."table" = 'cicd_scopes'
        where dc.result = 'SUCCESS' and dc.environment = 'PRODUCTION' and dpm.project_name = pm.project_name
          and dc.finished_date < i.created_date
        group by dc.cicd_deployment_id
        order by max(dc.finished_date) desc, max(dc.started_date) desc, max(dc.external_id collate "C") desc
        limit 1) dep on true
    where i.type = 'INCIDENT'`);
}

interface DevlakeDoraRow {
  deployments: number;
  deployment_days: number;
  median_days_per_week: number | null;
  median_days_per_month: number | null;
  deployment_frequency_band: string | null;
  changes: number;
  median_change_lead_time: number | null;
  lead_time_band: string | null;
  cfr_deployments: number;
  failed_deployments: number;
  change_failure_rate: number | null;
  cfr_band: string | null;
  recovery_incidents: number;
  median_recovery: number | null;
  recovery_band: string | null;
}

/** DORA.json's panels for the given projects (services), window and report year, as one query. */
export async function queryDevlakeDora(
  db: Db,
  projects: readonly string[],
  query: DoraQuery,
): Promise<DoraMetrics> {
  const from = sql`${`${query.from} 00:00:00`}::timestamp`;
  const to = sql`${`${query.to} 23:59:59`}::timestamp`;
  const inProjects = sql`(${sql.join(
    projects.map((project) => sql`${project}`),
    sql`, `,
  )})`;
  const is2023 = sql`(${query.report}::integer = 2023)`;
  const [row] = await queryRows<DevlakeDoraRow>(db, doraQuery({ from, to, inProjects, is2023 }));
  if (!row) throw new Error("the DORA query returned no row");
  const band = (value: string | null) => value as DoraMetrics["leadTimeForChanges"]["band"];
  return {
    deploymentFrequency: {
      deployments: row.deployments,
      deploymentDays: row.deployment_days,
      medianDeploymentDaysPerWeek: row.median_days_per_week ?? 0,
      medianDeploymentDaysPerMonth: row.median_days_per_month ?? 0,
      band: band(row.deployment_frequency_band),
    },
    leadTimeForChanges: {
      changes: row.changes,
      medianMinutes: row.median_change_lead_time,
      band: band(row.lead_time_band),
    },
    changeFailureRate: {
      deployments: row.cfr_deployments,
      failedDeployments: row.failed_deployments,
      rate: row.change_failure_rate,
      band: band(row.cfr_band),
    },
    recoveryTime: {
      incidents: row.recovery_incidents,
      medianMinutes: row.median_recovery,
      band: band(row.recovery_band),
    },
  };
}

function doraQuery(parts: { from: SQL; to: SQL; inProjects: SQL; is2023: SQL }): SQL {
  const { from, to, inProjects, is2023 } = parts;
  return sql`
with
-- Metric 1: deployment frequency (panel 11), over DevLake's calendar of the window's last ≤ 400 days
last_few_calendar_months as (
  select cast(${to} - make_interval(days => h + t + u) as date) as day
  from (values (0), (100), (200), (300)) as hs(h)
    cross join (values (0), (10), (20), (30), (40), (50), (60), (70), (80), (90)) as ts(t)
    cross join (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as us(u)
  where ${to} - make_interval(days => h + t + u) > ${from}
),
_production_deployment_days as (
  select cdc.cicd_deployment_id as deployment_id, max(cast(cdc.finished_date as date)) as day
  from devlake.cicd_deployment_commits cdc
    join devlake.project_mapping pm on cdc.cicd_scope_id = pm.row_id and pm."table" = 'cicd_scopes'
  where pm.project_name in ${inProjects} and cdc.result = 'SUCCESS' and cdc.environment = 'PRODUCTION'
  group by 1
),
_days_weekly_deploy as (
  select c.day - (extract(isodow from c.day)::integer - 1) as week,
    count(distinct d.day) as days_deployed
  from last_few_calendar_months c left join _production_deployment_days d on d.day = c.day
  group by 1
),
_days_monthly_deploy as (
  select date_trunc('month', c.day)::date as month,
    max(case when d.day is not null then 1 end) as months_deployed,
    count(distinct d.day) as days_deployed
  from last_few_calendar_months c left join _production_deployment_days d on d.day = c.day
  group by 1
),
_days_six_months_deploy as (
  select month,
    sum(days_deployed) over (order by month rows between 5 preceding and current row) as days_deployed_per_six_months,
    count(months_deployed) over (order by month rows between 5 preceding and current row) as months_deployed_count,
    -- DATE_FORMAT(month, '%Y-%m') DIV 6: MySQL reads 'YYYY-MM' as YYYY, so year DIV 6.
    row_number() over (partition by extract(year from month)::integer / 6 order by month desc) as rn
  from _days_monthly_deploy
),
_median_number_of_deployment_days_per_week as (
  select max(days_deployed) as median_number_of_deployment_days_per_week
  from (select *, percent_rank() over (order by days_deployed) as ranks from _days_weekly_deploy) r
  where ranks <= 0.5
),
_median_number_of_deployment_days_per_month as (
  select max(days_deployed) as median_number_of_deployment_days_per_month
  from (select *, percent_rank() over (order by days_deployed) as ranks from _days_monthly_deploy) r
  where ranks <= 0.5
),
_median_number_of_deployment_days_per_six_months as (
  select min(days_deployed_per_six_months) as median_number_of_deployment_days_per_six_months,
    min(months_deployed_count) as is_collected
  from (
    select *, percent_rank() over (order by days_deployed_per_six_months) as ranks
    from _days_six_months_deploy where rn % 6 = 1) r
  where ranks >= 0.5
),
_deployment_frequency as (
  select w.median_number_of_deployment_days_per_week as per_week,
    m.median_number_of_deployment_days_per_month as per_month,
    case when ${is2023} then
      case
        when w.median_number_of_deployment_days_per_week >= 5 then 'elite'
        when w.median_number_of_deployment_days_per_week >= 1 then 'high'
        when m.median_number_of_deployment_days_per_month >= 1 then 'medium'
        when m.median_number_of_deployment_days_per_month < 1 and s.is_collected is not null then 'low'
      end
    else
      case
        when w.median_number_of_deployment_days_per_week >= 5 then 'elite'
        when m.median_number_of_deployment_days_per_month >= 1 then 'high'
        when s.median_number_of_deployment_days_per_six_months >= 1 then 'medium'
        when s.median_number_of_deployment_days_per_six_months < 1 and s.is_collected is not null then 'low'
      end
    end as band
  from _median_number_of_deployment_days_per_week w, _median_number_of_deployment_days_per_month m,
    _median_number_of_deployment_days_per_six_months s
),
_deployment_days as (
  select count(distinct d.day) as deployment_days
  from last_few_calendar_months c join _production_deployment_days d on d.day = c.day
),
-- Metric 2: lead time for changes (panel 12): PRs whose deployment finished in the window
_pr_stats as (
  select distinct pr.id, ppm.pr_cycle_time
  from devlake.pull_requests pr
    join devlake.project_pr_metrics ppm on ppm.id = pr.id
    join devlake.project_mapping pm on pr.base_repo_id = pm.row_id and pm."table" = 'repos'
    join devlake.cicd_deployment_commits cdc on ppm.deployment_commit_id = cdc.id
  where pm.project_name in ${inProjects} and pr.merged_date is not null and ppm.pr_cycle_time is not null
    and cdc.finished_date between ${from} and ${to}
),
_median_change_lead_time as (
  select max(pr_cycle_time) as median_change_lead_time, (select count(*) from _pr_stats) as changes
  from (select *, percent_rank() over (order by pr_cycle_time) as ranks from _pr_stats) r
  where ranks <= 0.5
),
-- Metric 3: change failure rate (panel 14); a deployment counts once (D11)
_deployments as (
  select cdc.cicd_deployment_id as deployment_id, max(cdc.finished_date) as deployment_finished_date
  from devlake.cicd_deployment_commits cdc
    join devlake.project_mapping pm on cdc.cicd_scope_id = pm.row_id and pm."table" = 'cicd_scopes'
  where pm.project_name in ${inProjects} and cdc.result = 'SUCCESS' and cdc.environment = 'PRODUCTION'
  group by 1
  having max(cdc.finished_date) between ${from} and ${to}
),
_failure_caused_by_deployments as (
  select d.deployment_id, d.deployment_finished_date,
    count(distinct case when i.type = 'INCIDENT' then d.deployment_id end) as has_incident
  from _deployments d
    left join devlake.project_issue_metrics pim on d.deployment_id = pim.deployment_id
    left join devlake.issues i on pim.id = i.id
  group by 1, 2
),
_incidents_collected as (
  -- D4: DevLake shows N/A when the database holds no incident; Evident asks the selected services.
  select exists (
    select 1 from devlake.issues i
      join devlake.board_issues bi on bi.issue_id = i.id
      join devlake.project_mapping pm on pm.row_id = bi.board_id and pm."table" = 'boards'
    where i.type = 'INCIDENT' and pm.project_name in ${inProjects}) as collected
),
_change_failure_rate as (
  select count(deployment_id) as deployments, coalesce(sum(has_incident), 0) as failed,
    sum(has_incident)::float8 / nullif(count(deployment_id), 0) as change_failure_rate,
    round(sum(has_incident)::numeric / nullif(count(deployment_id), 0), 4) as rounded_rate
  from _failure_caused_by_deployments
),
_change_failure_band as (
  select case when not (select collected from _incidents_collected) or rounded_rate is null then null
    when ${is2023} then
      case when rounded_rate <= .05 then 'elite' when rounded_rate <= .10 then 'high'
           when rounded_rate <= .15 then 'medium' else 'low' end
    else
      case when rounded_rate <= .15 then 'elite' when rounded_rate <= .20 then 'high'
           when rounded_rate <= .30 then 'medium' else 'low' end
    end as band
  from _change_failure_rate
),
-- Metric 4 (panel 17): 2023 failed deployment recovery time, from the deployment's finish;
-- 2021 time to restore service, the incident's lead_time_minutes
_recovery_2023 as (
  select distinct i.id, devlake.truncated_minutes(d.deployment_finished_date, i.resolution_date) as minutes
  from devlake.issues i
    join devlake.project_issue_metrics pim on i.id = pim.id
    join _deployments d on pim.deployment_id = d.deployment_id
  where pim.project_name in ${inProjects} and i.type = 'INCIDENT'
    and i.resolution_date between ${from} and ${to}
),
_recovery_2021 as (
  select distinct i.id, i.lead_time_minutes as minutes
  from devlake.issues i
    join devlake.board_issues bi on i.id = bi.issue_id
    join devlake.project_mapping pm on bi.board_id = pm.row_id and pm."table" = 'boards'
  where pm.project_name in ${inProjects} and i.type = 'INCIDENT'
    and i.resolution_date between ${from} and ${to}
),
_recovery as (
  select * from _recovery_2023 where ${is2023}
  union all
  select * from _recovery_2021 where not ${is2023}
),
_median_recovery as (
  select max(minutes) as median_recovery, (select count(*) from _recovery) as incidents
  from (select *, percent_rank() over (order by minutes) as ranks from _recovery) r
  where ranks <= 0.5
)
select
  (select count(*) from _deployments)::integer as deployments,
  (select deployment_days from _deployment_days)::integer as deployment_days,
  df.per_week::integer as median_days_per_week,
  df.per_month::integer as median_days_per_month,
  df.band as deployment_frequency_band,
  lt.changes::integer as changes,
  lt.median_change_lead_time::integer as median_change_lead_time,
  case
    when lt.median_change_lead_time is null then null
    when ${is2023} then
      case when lt.median_change_lead_time < 24 * 60 then 'elite' when lt.median_change_lead_time < 7 * 24 * 60 then 'high'
           when lt.median_change_lead_time < 30 * 24 * 60 then 'medium' else 'low' end
    else
      case when lt.median_change_lead_time < 60 then 'elite' when lt.median_change_lead_time < 7 * 24 * 60 then 'high'
           when lt.median_change_lead_time < 180 * 24 * 60 then 'medium' else 'low' end
  end as lead_time_band,
  cfr.deployments::integer as cfr_deployments,
  cfr.failed::integer as failed_deployments,
  cfr.change_failure_rate,
  cfb.band as cfr_band,
  rec.incidents::integer as recovery_incidents,
  rec.median_recovery::integer as median_recovery,
  case
    when rec.median_recovery is null then null
    when rec.median_recovery < 60 then 'elite'
    when rec.median_recovery < 24 * 60 then 'high'
    when rec.median_recovery < 7 * 24 * 60 then 'medium'
    else 'low'
  end as recovery_band
from _deployment_frequency df, _median_change_lead_time lt, _change_failure_rate cfr, _change_failure_band cfb,
  _median_recovery rec`;
}
