import { and, eq, isNull } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { newId } from "../../platform/ids.ts";
import { systemActor } from "../audit/audit-log.ts";
import type { OutcomeEvent } from "../outcomes/dora/events.ts";
import { ingestOutcomeEvents } from "../outcomes/ingest.ts";
import { hires, services, teams } from "../outcomes/outcomes-table.ts";
import { type ImportedCheck, importChecks, setSlo } from "../outcomes/uptime/uptime.ts";
import type { WorkModel } from "../roles/roles-table.ts";

/**
 * The demo organisation's delivery data: three teams (onsite, remote, hybrid; named like the
 * demo roles' teams, so the demo's hires join them), two services each, and twelve months of
 * generated changes, deployments and incidents up to today, stored through the same
 * ingestOutcomeEvents every connector uses. A seeded generator makes every demo look alike.
 */

interface DemoTeam {
  name: string;
  workModel: WorkModel;
  location: string;
  services: string[];
  /** Chance of a production deployment on a working day. */
  deployChance: number;
  /** Typical hours from a pull request's opening to its merge. */
  reviewHours: number;
  /** Typical hours from merge to deployment. */
  releaseDelayHours: number;
  /** Chance a deployment causes an incident. */
  failureChance: number;
  /** Typical minutes to resolve an incident. */
  recoveryMinutes: number;
}

export const demoTeams: DemoTeam[] = [
  {
    name: "Payments Security",
    workModel: "onsite",
    location: "Berlin office (UTC+1)",
    services: ["payments-api", "fraud-scoring"],
    deployChance: 0.45,
    reviewHours: 20,
    releaseDelayHours: 30,
    failureChance: 0.1,
    recoveryMinutes: 180,
  },
  {
    name: "Observability",
    workModel: "remote",
    location: "UTC−5 to UTC+2",
    services: ["telemetry-ingest", "alerting"],
    deployChance: 0.8,
    reviewHours: 8,
    releaseDelayHours: 4,
    failureChance: 0.06,
    recoveryMinutes: 75,
  },
  {
    name: "Catalogue",
    workModel: "hybrid",
    location: "Lisbon office, 2 days a week (UTC+0)",
    services: ["catalogue-api", "search-indexer"],
    deployChance: 0.3,
    reviewHours: 30,
    releaseDelayHours: 60,
    failureChance: 0.15,
    recoveryMinutes: 360,
  },
];

const DAYS = 365;
const minute = 60_000;
const hour = 60 * minute;

/** mulberry32: small, fast and the same on every machine. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Generates one service's year of events ending at `endMs` (a deterministic function of its seed). */
export function generateServiceEvents(
  team: DemoTeam,
  service: string,
  endMs: number,
  seed: number,
): OutcomeEvent[] {
  const random = seededRandom(seed);
  // Log-normal-ish durations: most near the typical value, a long tail, as delivery times are.
  const around = (typical: number) => typical * Math.exp((random() + random() + random() - 1.5) * 1.2);
  const iso = (ms: number) => new Date(ms).toISOString();
  const events: OutcomeEvent[] = [];
  const startDay = Math.floor(endMs / 86_400_000) - DAYS;
  let changeNumber = 0;
  let deploymentNumber = 0;
  let incidentNumber = 0;
  let waiting: { id: string; mergedMs: number }[] = [];
  for (let day = startDay; day < startDay + DAYS; day += 1) {
    const weekday = (day + 4) % 7; // 0 = Sunday
    if (weekday === 0 || weekday === 6) continue;
    const dayStart = day * 86_400_000;
    // Changes merged today: opened some hours before, first commit before that, reviewed in between.
    const merges = Math.floor(random() * 3);
    for (let index = 0; index < merges; index += 1) {
      changeNumber += 1;
      const mergedMs = dayStart + 9 * hour + Math.floor(random() * 8 * hour);
      const openedMs = mergedMs - Math.max(10 * minute, Math.floor(around(team.reviewHours) * hour));
      const reviewed = random() < 0.9;
      const id = `${service}#${changeNumber}`;
      events.push({
        type: "change",
        service,
        externalId: id,
        author: `dev${1 + Math.floor(random() * 6)}`,
        firstCommitAt: iso(openedMs - Math.floor(around(6) * hour)),
        openedAt: iso(openedMs),
        firstReviewAt: reviewed ? iso(openedMs + Math.floor((mergedMs - openedMs) * random() * 0.6)) : null,
        mergedAt: iso(mergedMs),
      });
      waiting.push({ id, mergedMs });
    }
    if (random() >= team.deployChance) continue;
    // A staging deployment first (ignored by every metric), then production.
    const finishedMs = dayStart + 10 * hour + Math.floor(random() * 7 * hour);
    const startedMs = finishedMs - Math.floor((5 + random() * 20) * minute);
    const ready = waiting.filter(
      (change) =>
        finishedMs - change.mergedMs >= Math.min(around(team.releaseDelayHours) * hour, 20 * 24 * hour),
    );
    deploymentNumber += 1;
    events.push({
      type: "deployment",
      service,
      externalId: `${service}-stg-${deploymentNumber}`,
      environment: "staging",
      result: "success",
      startedAt: iso(startedMs - 40 * minute),
      finishedAt: iso(finishedMs - 30 * minute),
      changes: ready.map((change) => change.id),
    });
    const failed = random() < 0.04;
    events.push({
      type: "deployment",
      service,
      externalId: `${service}-${deploymentNumber}`,
      environment: "production",
      result: failed ? "failure" : "success",
      startedAt: iso(startedMs),
      finishedAt: iso(finishedMs),
      changes: failed ? [] : ready.map((change) => change.id),
    });
    if (failed) continue;
    waiting = waiting.filter((change) => !ready.includes(change));
    if (random() < team.failureChance) {
      incidentNumber += 1;
      const createdMs = finishedMs + Math.floor((5 + random() * 240) * minute);
      const resolvedMs = createdMs + Math.max(5 * minute, Math.floor(around(team.recoveryMinutes) * minute));
      events.push({
        type: "incident",
        service,
        externalId: `${service}-INC-${incidentNumber}`,
        createdAt: iso(createdMs),
        // The most recent incident may still be open.
        resolvedAt: resolvedMs > endMs ? null : iso(resolvedMs),
      });
    }
  }
  return events;
}

/** Creates the demo teams and their services (before the hiring data, so hires join the teams). */
export async function seedOutcomeTeams(db: Db, organizationId: string): Promise<void> {
  for (const team of demoTeams) {
    const teamId = newId();
    await db.insert(teams).values({
      id: teamId,
      organizationId,
      name: team.name,
      workModel: team.workModel,
      location: team.location,
    });
    await db
      .insert(services)
      .values(team.services.map((name) => ({ id: newId(), organizationId, name, teamId })));
  }
}

/**
 * The year of delivery events, through ingestOutcomeEvents; and a start date for each demo hire.
 * The demo's decisions are all made today, so their start dates are spread over the past year
 * (demo data only) for the hire-quarter cohorts to have quarters to show.
 */
export async function seedOutcomeEvents(
  deps: { db: Db; clock: Clock },
  organizationId: string,
): Promise<void> {
  const endMs = deps.clock.now().getTime();
  const events = demoTeams.flatMap((team, teamIndex) =>
    team.services.flatMap((service, serviceIndex) =>
      generateServiceEvents(team, service, endMs, 20_261_206 + teamIndex * 10 + serviceIndex),
    ),
  );
  await ingestOutcomeEvents(deps.db, organizationId, "demo", events);
  await seedUptimeChecks(deps, organizationId, events, endMs);
  const undated = await deps.db
    .select({ id: hires.id, createdAt: hires.createdAt })
    .from(hires)
    .where(and(eq(hires.organizationId, organizationId), isNull(hires.startDate)))
    .orderBy(hires.createdAt, hires.id);
  for (const [index, hire] of undated.entries()) {
    const daysBefore = 30 + (index % 4) * 91;
    const start = new Date(endMs - daysBefore * 86_400_000).toISOString().slice(0, 10);
    await deps.db.update(hires).set({ startDate: start }).where(eq(hires.id, hire.id));
  }
}

const HOUR_MS = 3_600_000;
/** Rows per insert: eight parameters a check, well under PostgreSQL's 65,535 per statement. */
const CHECKS_PER_IMPORT = 2000;

/**
 * A year of hourly uptime checks per demo service, imported as another monitor's would be, with
 * a 99.9 % SLO over 28 days. A check is bad, most of the time, while one of the service's
 * incidents is open, and very rarely otherwise (a blip), so the availability, the error budget
 * and the incidents list tell one story.
 */
export async function seedUptimeChecks(
  deps: { db: Db; clock: Clock },
  organizationId: string,
  events: readonly OutcomeEvent[],
  endMs: number,
): Promise<void> {
  const serviceRows = await deps.db
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(eq(services.organizationId, organizationId));
  for (const [index, service] of serviceRows.entries()) {
    const random = seededRandom(7_000 + index);
    const outages = events.flatMap((event) =>
      event.type === "incident" && event.service === service.name
        ? [[Date.parse(event.createdAt), event.resolvedAt ? Date.parse(event.resolvedAt) : endMs] as const]
        : [],
    );
    const checks: ImportedCheck[] = [];
    const firstHour = Math.floor(endMs / HOUR_MS) * HOUR_MS - 365 * 24 * HOUR_MS;
    for (let at = firstHour; at <= endMs; at += HOUR_MS) {
      const inOutage = outages.some(([from, to]) => at >= from && at <= to);
      const isGood = inOutage ? random() < 0.3 : random() >= 0.0005;
      checks.push({
        checkedAt: new Date(at).toISOString(),
        isGood,
        statusCode: isGood ? 200 : 503,
        latencyMs: Math.round(isGood ? 40 + random() * 120 : 2000 + random() * 3000),
      });
    }
    for (let start = 0; start < checks.length; start += CHECKS_PER_IMPORT) {
      await importChecks(
        deps,
        systemActor,
        organizationId,
        service.id,
        checks.slice(start, start + CHECKS_PER_IMPORT),
      );
    }
    await setSlo(deps, systemActor, organizationId, service.id, { targetPercent: 99.9, windowDays: 28 });
  }
}
