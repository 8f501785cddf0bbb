import { and, asc, desc, eq, gte, inArray, lte } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError, type FieldError } from "../../platform/errors.ts";
import type { DoraDataset } from "./dora/dataset.ts";
import { computeDoraMetricsOfDataset, type DoraMetrics } from "./dora/dora.ts";
import { devlakeLowerMedian } from "./dora/median.ts";
import { truncatedMinutesBetween } from "./dora/time-spans.ts";
import {
  type DoraQuery,
  dayNumberOfDate,
  doraQuerySchema,
  msPerDay,
  type ReportYear,
  windowBounds,
} from "./dora/window.ts";
import { loadDoraDataset } from "./events-store.ts";
import { hires, outcomeIncidents, services, teams } from "./outcomes-table.ts";

/**
 * The outcome views over stored events: DORA per service or team, its weekly trend, incidents,
 * and the cohort comparisons. Every number comes from `computeDoraMetrics` (the engine in
 * dora/), fed with the stored events of the services in scope.
 */

/** What a view is about: one service by name, one team (its services pooled), or, with neither, every service. */
export interface OutcomeScope {
  service?: string | undefined;
  team?: string | undefined;
}

export interface WindowInput {
  from?: string | undefined;
  to?: string | undefined;
  report?: ReportYear | undefined;
}

const isoDay = (dayNumber: number) => new Date(dayNumber * msPerDay).toISOString().slice(0, 10);

/**
 * The window of a query: `from`/`to` as given, else the last 365 days up to today (UTC); the
 * engine's rules apply (from ≤ to, at most 400 days).
 */
export function resolveWindow(clock: Clock, input: WindowInput): DoraQuery {
  const today = Math.floor(clock.now().getTime() / msPerDay);
  const to = input.to ?? isoDay(today);
  const from = input.from ?? isoDay(Math.min(today, dayNumberOfDate(to)) - 364);
  const parsed = doraQuerySchema.safeParse({ from, to, report: input.report ?? 2023 });
  if (!parsed.success) {
    const fieldErrors: FieldError[] = parsed.error.issues.map((issue) => ({
      path: `querystring.${issue.path.join(".")}`,
      message: issue.message,
    }));
    throw new AppError(
      "bad_request",
      `The window is invalid: ${fieldErrors.map((error) => `${error.path} ${error.message}`).join("; ")}.`,
      { fieldErrors },
    );
  }
  return parsed.data;
}

/** The ids of the services in scope; an unknown service or another organisation's team is 404. */
export async function servicesInScope(
  db: Db,
  organizationId: string,
  scope: OutcomeScope,
): Promise<string[]> {
  if (scope.service !== undefined && scope.team !== undefined) {
    throw new AppError("bad_request", "Give either service or team, not both.", {
      fieldErrors: [{ path: "querystring.team", message: "cannot be combined with service" }],
    });
  }
  if (scope.service !== undefined) {
    const [service] = await db
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.organizationId, organizationId), eq(services.name, scope.service)));
    if (!service) throw new AppError("not_found", `No service is named "${scope.service}".`);
    return [service.id];
  }
  if (scope.team !== undefined) {
    const [team] = await db
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.organizationId, organizationId), eq(teams.id, scope.team)));
    if (!team) throw new AppError("not_found", "That team was not found.");
    const owned = await db.select({ id: services.id }).from(services).where(eq(services.teamId, team.id));
    return owned.map((row) => row.id);
  }
  const all = await db
    .select({ id: services.id })
    .from(services)
    .where(eq(services.organizationId, organizationId));
  return all.map((row) => row.id);
}

export async function getDoraMetrics(
  deps: { db: Db; clock: Clock },
  organizationId: string,
  scope: OutcomeScope,
  window: WindowInput,
): Promise<DoraMetrics> {
  const query = resolveWindow(deps.clock, window);
  const serviceIds = await servicesInScope(deps.db, organizationId, scope);
  return computeDoraMetricsOfDataset(await loadDoraDataset(deps.db, organizationId, serviceIds), query);
}

export interface WeeklyPoint {
  /** The Monday the week starts on (DevLake's weeks); the first and last weeks may be partial. */
  week: string;
  from: string;
  to: string;
  deployments: number;
  deploymentDays: number;
  changes: number;
  leadTimeMedianMinutes: number | null;
  failedDeployments: number;
  changeFailureRate: number | null;
  incidents: number;
  recoveryMedianMinutes: number | null;
}

/**
 * The four metrics week by week over the window (for trend charts): each week is the engine's
 * answer for that week's days, so a point is exactly what `GET /dora` says for that week.
 */
export async function getWeeklyDora(
  deps: { db: Db; clock: Clock },
  organizationId: string,
  scope: OutcomeScope,
  window: WindowInput,
): Promise<{ from: string; to: string; report: ReportYear; weeks: WeeklyPoint[] }> {
  const query = resolveWindow(deps.clock, window);
  const serviceIds = await servicesInScope(deps.db, organizationId, scope);
  const dataset = await loadDoraDataset(deps.db, organizationId, serviceIds);
  const first = dayNumberOfDate(query.from);
  const last = dayNumberOfDate(query.to);
  const weeks: WeeklyPoint[] = [];
  // 1970-01-01 was a Thursday: day numbers shifted by 3 make Monday 0.
  for (let monday = first - ((first + 3) % 7); monday <= last; monday += 7) {
    const from = isoDay(Math.max(monday, first));
    const to = isoDay(Math.min(monday + 6, last));
    const metrics = computeDoraMetricsOfDataset(dataset, { from, to, report: query.report });
    weeks.push({
      week: isoDay(monday),
      from,
      to,
      deployments: metrics.deploymentFrequency.deployments,
      deploymentDays: metrics.deploymentFrequency.deploymentDays,
      changes: metrics.leadTimeForChanges.changes,
      leadTimeMedianMinutes: metrics.leadTimeForChanges.medianMinutes,
      failedDeployments: metrics.changeFailureRate.failedDeployments,
      changeFailureRate: metrics.changeFailureRate.rate,
      incidents: metrics.recoveryTime.incidents,
      recoveryMedianMinutes: metrics.recoveryTime.medianMinutes,
    });
  }
  return { from: query.from, to: query.to, report: query.report, weeks };
}

export interface IncidentView {
  externalId: string;
  service: string;
  source: string;
  createdAt: string;
  resolvedAt: string | null;
  /** Whole minutes from creation to resolution (truncated), null while open. */
  minutesToResolve: number | null;
}

/** Incidents created in the window, newest first. */
export async function listIncidents(
  deps: { db: Db; clock: Clock },
  organizationId: string,
  scope: OutcomeScope,
  window: WindowInput & { limit?: number | undefined },
): Promise<{ items: IncidentView[] }> {
  const query = resolveWindow(deps.clock, window);
  const bounds = windowBounds(query);
  const serviceIds = await servicesInScope(deps.db, organizationId, scope);
  if (serviceIds.length === 0) return { items: [] };
  const rows = await deps.db
    .select({ incident: outcomeIncidents, service: services.name })
    .from(outcomeIncidents)
    .innerJoin(services, eq(services.id, outcomeIncidents.serviceId))
    .where(
      and(
        eq(outcomeIncidents.organizationId, organizationId),
        inArray(outcomeIncidents.serviceId, serviceIds),
        gte(outcomeIncidents.createdAt, new Date(bounds.startMs)),
        lte(outcomeIncidents.createdAt, new Date(bounds.endMs)),
      ),
    )
    .orderBy(desc(outcomeIncidents.createdAt), asc(outcomeIncidents.externalId))
    .limit(window.limit ?? 200);
  return {
    items: rows.map(({ incident, service }) => ({
      externalId: incident.externalId,
      service,
      source: incident.source,
      createdAt: incident.createdAt.toISOString(),
      resolvedAt: incident.resolvedAt?.toISOString() ?? null,
      minutesToResolve:
        incident.resolvedAt === null
          ? null
          : truncatedMinutesBetween(incident.createdAt.getTime(), incident.resolvedAt.getTime()),
    })),
  };
}

/** The smallest group a cohort view shows numbers for (issue 14 item 6). */
export const defaultMinGroupSize = 5;

export const cohortDimensions = ["work_model", "hire_quarter"] as const;
export type CohortDimension = (typeof cohortDimensions)[number];

export interface CohortMetrics {
  medianDeploymentDaysPerWeek: number | null;
  leadTimeMedianMinutes: number | null;
  changeFailureRate: number | null;
  recoveryMedianMinutes: number | null;
}

export type CohortGroup =
  | { key: string; status: "ok"; size: number; metrics: CohortMetrics }
  /** Fewer members than the minimum: no number at all, not even the size. */
  | { key: string; status: "too_few"; size: null; metrics: null };

export interface CohortView {
  by: CohortDimension;
  /** What a group counts: teams (work model) or hires (hire quarter). */
  unit: "teams" | "hires";
  minGroupSize: number;
  report: ReportYear;
  from: string | null;
  to: string | null;
  groups: CohortGroup[];
}

/**
 * Outcome views by cohort. Work model: the teams (that own at least one service) of each work
 * model, each measured over the window; a group's value is the lower median (DevLake's) of its
 * teams' values. Hire quarter: the hires (with a team and a start date) who started in each
 * quarter; each is measured by their team's metrics over the quarter after the one they started
 * in (clipped to today; hires whose next quarter has not begun are left out); a group's value is
 * the lower median over its hires. A group smaller than the minimum shows "too_few" and no number.
 */
export async function getCohorts(
  deps: { db: Db; clock: Clock },
  organizationId: string,
  input: WindowInput & { by: CohortDimension; minGroupSize?: number | undefined },
): Promise<CohortView> {
  const minGroupSize = input.minGroupSize ?? defaultMinGroupSize;
  const teamRows = await deps.db
    .select({ id: teams.id, workModel: teams.workModel })
    .from(teams)
    .where(eq(teams.organizationId, organizationId));
  const serviceRows = await deps.db
    .select({ id: services.id, teamId: services.teamId })
    .from(services)
    .where(eq(services.organizationId, organizationId));
  const servicesOf = (teamId: string) =>
    serviceRows.filter((row) => row.teamId === teamId).map((row) => row.id);
  const datasets = new Map<string, DoraDataset>();
  const teamEvents = async (teamId: string) => {
    let dataset = datasets.get(teamId);
    if (!dataset) {
      dataset = await loadDoraDataset(deps.db, organizationId, servicesOf(teamId));
      datasets.set(teamId, dataset);
    }
    return dataset;
  };

  if (input.by === "work_model") {
    const query = resolveWindow(deps.clock, input);
    const groups: CohortGroup[] = [];
    for (const workModel of ["onsite", "remote", "hybrid"] as const) {
      const members = teamRows.filter(
        (team) => team.workModel === workModel && servicesOf(team.id).length > 0,
      );
      const measured: DoraMetrics[] = [];
      if (members.length >= minGroupSize) {
        for (const team of members)
          measured.push(computeDoraMetricsOfDataset(await teamEvents(team.id), query));
      }
      groups.push(cohortGroup(workModel, members.length, minGroupSize, measured));
    }
    return {
      by: input.by,
      unit: "teams",
      minGroupSize,
      report: query.report,
      from: query.from,
      to: query.to,
      groups,
    };
  }

  const report = input.report ?? 2023;
  const today = Math.floor(deps.clock.now().getTime() / msPerDay);
  const hireRows = await deps.db
    .select({ teamId: hires.teamId, startDate: hires.startDate })
    .from(hires)
    .where(eq(hires.organizationId, organizationId));
  const byQuarter = new Map<string, { teamId: string; window: DoraQuery }[]>();
  for (const hire of hireRows) {
    if (!hire.teamId || !hire.startDate) continue;
    const [year, month] = hire.startDate.split("-").map(Number) as [number, number];
    const quarter = Math.floor((month - 1) / 3);
    const nextStart = Date.UTC(year, quarter * 3 + 3, 1) / msPerDay;
    const nextEnd = Date.UTC(year, quarter * 3 + 6, 1) / msPerDay - 1;
    if (nextStart > today) continue;
    const key = `${year}-Q${quarter + 1}`;
    const window = { from: isoDay(nextStart), to: isoDay(Math.min(nextEnd, today)), report };
    byQuarter.set(key, [...(byQuarter.get(key) ?? []), { teamId: hire.teamId, window }]);
  }
  const groups: CohortGroup[] = [];
  for (const key of [...byQuarter.keys()].sort()) {
    const members = byQuarter.get(key) ?? [];
    const measured: DoraMetrics[] = [];
    if (members.length >= minGroupSize) {
      for (const member of members)
        measured.push(computeDoraMetricsOfDataset(await teamEvents(member.teamId), member.window));
    }
    groups.push(cohortGroup(key, members.length, minGroupSize, measured));
  }
  return { by: input.by, unit: "hires", minGroupSize, report, from: null, to: null, groups };
}

function cohortGroup(key: string, size: number, minGroupSize: number, measured: DoraMetrics[]): CohortGroup {
  if (size < minGroupSize) return { key, status: "too_few", size: null, metrics: null };
  const median = (pick: (metrics: DoraMetrics) => number | null) =>
    devlakeLowerMedian(measured.map(pick).filter((value): value is number => value !== null));
  return {
    key,
    status: "ok",
    size,
    metrics: {
      medianDeploymentDaysPerWeek: median((m) => m.deploymentFrequency.medianDeploymentDaysPerWeek),
      leadTimeMedianMinutes: median((m) => m.leadTimeForChanges.medianMinutes),
      changeFailureRate: median((m) => m.changeFailureRate.rate),
      recoveryMedianMinutes: median((m) => m.recoveryTime.medianMinutes),
    },
  };
}
