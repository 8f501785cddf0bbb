import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/client.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { type Actor, recordAudit } from "../../audit/audit-log.ts";
import { services } from "../outcomes-table.ts";
import { checkProbeTarget, type ResolveHost, systemResolve } from "./probe-guard.ts";
import {
  type BurnDownPoint,
  burnDownSeries,
  type SloSummary,
  summariseSlo,
  type TimeRange,
  targetPpmOfPercent,
} from "./slo.ts";
import { uptimeChecks, uptimeMaintenanceWindows, uptimeProbes, uptimeSlos } from "./uptime-table.ts";

/** Uptime per service: probe settings, imported checks, maintenance windows, SLO and its figures. */

type Deps = { db: Db; clock: Clock };

/** Without a configured SLO, availability is still reported against this target over this period. */
export const DEFAULT_SLO = { targetPpm: 999_000, windowDays: 28 } as const;

const msPerDay = 86_400_000;

export async function requireService(db: Db, organizationId: string, serviceId: string) {
  const [service] = await db
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(and(eq(services.organizationId, organizationId), eq(services.id, serviceId)));
  if (!service) throw new AppError("not_found", "That service was not found in this organisation.");
  return service;
}

export interface ProbeInput {
  url: string;
  intervalSeconds: number;
  timeoutMs: number;
  expectedStatus: number;
  isEnabled?: boolean;
}

export interface ProbeView extends Required<ProbeInput> {
  id: string;
  serviceId: string;
  createdAt: string;
}

const toProbeView = (row: typeof uptimeProbes.$inferSelect): ProbeView => ({
  id: row.id,
  serviceId: row.serviceId,
  url: row.url,
  intervalSeconds: row.intervalSeconds,
  timeoutMs: row.timeoutMs,
  expectedStatus: row.expectedStatus,
  isEnabled: row.isEnabled,
  createdAt: row.createdAt.toISOString(),
});

/** Sets the service's probe. The URL is checked now (scheme, DNS, address) and again on every probe. */
export async function configureProbe(
  deps: Deps & { resolve?: ResolveHost },
  actor: Actor,
  organizationId: string,
  serviceId: string,
  input: ProbeInput,
): Promise<ProbeView> {
  await requireService(deps.db, organizationId, serviceId);
  if (input.timeoutMs >= input.intervalSeconds * 1000) {
    throw new AppError("bad_request", "The timeout must be shorter than the interval.", {
      fieldErrors: [{ path: "body.timeoutMs", message: "must be shorter than intervalSeconds" }],
    });
  }
  await checkProbeTarget(input.url, deps.resolve ?? systemResolve);
  const values = {
    url: input.url,
    intervalSeconds: input.intervalSeconds,
    timeoutMs: input.timeoutMs,
    expectedStatus: input.expectedStatus,
    isEnabled: input.isEnabled ?? true,
  };
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(uptimeProbes)
      .values({ id: newId(), organizationId, serviceId, ...values, createdAt: deps.clock.now() })
      .onConflictDoUpdate({ target: uptimeProbes.serviceId, set: values })
      .returning();
    if (!row) throw new AppError("internal", "The probe could not be stored.");
    // The URL stays out of the audit log (free text); the probe row holds it.
    await recordAudit(tx, actor, {
      organizationId,
      action: "uptime_probe.configured",
      objectType: "service",
      objectId: serviceId,
      detail: {
        intervalSeconds: values.intervalSeconds,
        expectedStatus: values.expectedStatus,
        isEnabled: values.isEnabled,
      },
    });
    return toProbeView(row);
  });
}

export async function findProbe(
  db: Db,
  organizationId: string,
  serviceId: string,
): Promise<ProbeView | null> {
  const [row] = await db
    .select()
    .from(uptimeProbes)
    .where(and(eq(uptimeProbes.organizationId, organizationId), eq(uptimeProbes.serviceId, serviceId)));
  return row ? toProbeView(row) : null;
}

export async function deleteProbe(deps: Deps, actor: Actor, organizationId: string, serviceId: string) {
  await requireService(deps.db, organizationId, serviceId);
  await deps.db.transaction(async (tx) => {
    const removed = await tx
      .delete(uptimeProbes)
      .where(and(eq(uptimeProbes.organizationId, organizationId), eq(uptimeProbes.serviceId, serviceId)))
      .returning({ id: uptimeProbes.id });
    if (removed.length === 0) throw new AppError("not_found", "This service has no probe.");
    await recordAudit(tx, actor, {
      organizationId,
      action: "uptime_probe.deleted",
      objectType: "service",
      objectId: serviceId,
    });
  });
}

export interface SloView {
  targetPercent: number;
  windowDays: number;
  /** False when the service has no SLO of its own and the default applies. */
  isConfigured: boolean;
}

export async function findSlo(db: Db, organizationId: string, serviceId: string): Promise<SloView> {
  const [row] = await db
    .select()
    .from(uptimeSlos)
    .where(and(eq(uptimeSlos.organizationId, organizationId), eq(uptimeSlos.serviceId, serviceId)));
  const slo = row ?? DEFAULT_SLO;
  return {
    targetPercent: slo.targetPpm / 10_000,
    windowDays: slo.windowDays,
    isConfigured: row !== undefined,
  };
}

export async function setSlo(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  serviceId: string,
  input: { targetPercent: number; windowDays: number },
): Promise<SloView> {
  await requireService(deps.db, organizationId, serviceId);
  const targetPpm = targetPpmOfPercent(input.targetPercent);
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(uptimeSlos)
      .values({ serviceId, organizationId, targetPpm, windowDays: input.windowDays })
      .onConflictDoUpdate({ target: uptimeSlos.serviceId, set: { targetPpm, windowDays: input.windowDays } });
    await recordAudit(tx, actor, {
      organizationId,
      action: "uptime_slo.set",
      objectType: "service",
      objectId: serviceId,
      detail: { targetPpm, windowDays: input.windowDays },
    });
  });
  return findSlo(deps.db, organizationId, serviceId);
}

export interface MaintenanceWindowView {
  id: string;
  startsAt: string;
  endsAt: string;
}

export async function addMaintenanceWindow(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  serviceId: string,
  input: { startsAt: string; endsAt: string },
): Promise<MaintenanceWindowView> {
  await requireService(deps.db, organizationId, serviceId);
  if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
    throw new AppError("bad_request", "A maintenance window must end after it starts.", {
      fieldErrors: [{ path: "body.endsAt", message: "must be after startsAt" }],
    });
  }
  const id = newId();
  await deps.db.transaction(async (tx) => {
    await tx.insert(uptimeMaintenanceWindows).values({
      id,
      organizationId,
      serviceId,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
    });
    await recordAudit(tx, actor, {
      organizationId,
      action: "uptime_maintenance.added",
      objectType: "service",
      objectId: serviceId,
      detail: { windowId: id },
    });
  });
  return {
    id,
    startsAt: new Date(input.startsAt).toISOString(),
    endsAt: new Date(input.endsAt).toISOString(),
  };
}

export async function listMaintenanceWindows(
  db: Db,
  organizationId: string,
  serviceId: string,
): Promise<MaintenanceWindowView[]> {
  await requireService(db, organizationId, serviceId);
  const rows = await db
    .select()
    .from(uptimeMaintenanceWindows)
    .where(
      and(
        eq(uptimeMaintenanceWindows.organizationId, organizationId),
        eq(uptimeMaintenanceWindows.serviceId, serviceId),
      ),
    )
    .orderBy(asc(uptimeMaintenanceWindows.startsAt));
  return rows.map((row) => ({
    id: row.id,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
  }));
}

export async function deleteMaintenanceWindow(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  serviceId: string,
  windowId: string,
) {
  await deps.db.transaction(async (tx) => {
    const removed = await tx
      .delete(uptimeMaintenanceWindows)
      .where(
        and(
          eq(uptimeMaintenanceWindows.organizationId, organizationId),
          eq(uptimeMaintenanceWindows.serviceId, serviceId),
          eq(uptimeMaintenanceWindows.id, windowId),
        ),
      )
      .returning({ id: uptimeMaintenanceWindows.id });
    if (removed.length === 0)
      throw new AppError("not_found", "That maintenance window was not found on this service.");
    await recordAudit(tx, actor, {
      organizationId,
      action: "uptime_maintenance.deleted",
      objectType: "service",
      objectId: serviceId,
      detail: { windowId },
    });
  });
}

export interface ImportedCheck {
  checkedAt: string;
  isGood: boolean;
  statusCode?: number | null;
  latencyMs?: number | null;
}

/** Checks from another monitor. Idempotent: a check at an instant already imported is skipped. */
export async function importChecks(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  serviceId: string,
  checks: readonly ImportedCheck[],
): Promise<{ imported: number; unchanged: number }> {
  await requireService(deps.db, organizationId, serviceId);
  if (checks.length === 0) return { imported: 0, unchanged: 0 };
  return deps.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(uptimeChecks)
      .values(
        checks.map((check) => ({
          id: newId(),
          organizationId,
          serviceId,
          source: "import" as const,
          checkedAt: new Date(check.checkedAt),
          isGood: check.isGood,
          statusCode: check.statusCode ?? null,
          latencyMs: check.latencyMs ?? null,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: uptimeChecks.id });
    await recordAudit(tx, actor, {
      organizationId,
      action: "uptime_checks.imported",
      objectType: "service",
      objectId: serviceId,
      detail: { imported: inserted.length, sent: checks.length },
    });
    return { imported: inserted.length, unchanged: checks.length - inserted.length };
  });
}

/** `from` and `to` are UTC days, both inclusive, like the DORA window. */
export interface DayWindow {
  from: string;
  to: string;
}

export function rangeOfDays(window: DayWindow): TimeRange {
  return {
    startMs: Date.parse(`${window.from}T00:00:00Z`),
    endMs: Date.parse(`${window.to}T00:00:00Z`) + msPerDay,
  };
}

/** The SLO period ending today (UTC), when no window is asked for. */
export function defaultWindow(clock: Clock, windowDays: number): DayWindow {
  const today = Math.floor(clock.now().getTime() / msPerDay);
  const day = (n: number) => new Date(n * msPerDay).toISOString().slice(0, 10);
  return { from: day(today - windowDays + 1), to: day(today) };
}

async function readSamples(db: Db, organizationId: string, serviceId: string, range: TimeRange) {
  const [checks, windows] = await Promise.all([
    db
      .select({ checkedAt: uptimeChecks.checkedAt, isGood: uptimeChecks.isGood })
      .from(uptimeChecks)
      .where(
        and(
          eq(uptimeChecks.organizationId, organizationId),
          eq(uptimeChecks.serviceId, serviceId),
          gte(uptimeChecks.checkedAt, new Date(range.startMs)),
          lt(uptimeChecks.checkedAt, new Date(range.endMs)),
        ),
      ),
    db
      .select({ startsAt: uptimeMaintenanceWindows.startsAt, endsAt: uptimeMaintenanceWindows.endsAt })
      .from(uptimeMaintenanceWindows)
      .where(
        and(
          eq(uptimeMaintenanceWindows.organizationId, organizationId),
          eq(uptimeMaintenanceWindows.serviceId, serviceId),
          lt(uptimeMaintenanceWindows.startsAt, new Date(range.endMs)),
          gte(uptimeMaintenanceWindows.endsAt, new Date(range.startMs)),
        ),
      ),
  ]);
  return {
    samples: checks.map((check) => ({ checkedAtMs: check.checkedAt.getTime(), ok: check.isGood })),
    maintenance: windows.map((window) => ({
      startMs: window.startsAt.getTime(),
      endMs: window.endsAt.getTime(),
    })),
  };
}

export interface AvailabilityView {
  window: DayWindow;
  slo: SloView;
  summary: SloSummary;
}

export async function availabilityOf(
  deps: Deps,
  organizationId: string,
  serviceId: string,
  window: DayWindow | null,
): Promise<AvailabilityView> {
  await requireService(deps.db, organizationId, serviceId);
  const slo = await findSlo(deps.db, organizationId, serviceId);
  const days = window ?? defaultWindow(deps.clock, slo.windowDays);
  const { samples, maintenance } = await readSamples(deps.db, organizationId, serviceId, rangeOfDays(days));
  return {
    window: days,
    slo,
    summary: summariseSlo(samples, maintenance, targetPpmOfPercent(slo.targetPercent)),
  };
}

export async function burnDownOf(
  deps: Deps,
  organizationId: string,
  serviceId: string,
  window: DayWindow | null,
): Promise<{ window: DayWindow; slo: SloView; points: BurnDownPoint[] }> {
  await requireService(deps.db, organizationId, serviceId);
  const slo = await findSlo(deps.db, organizationId, serviceId);
  const days = window ?? defaultWindow(deps.clock, slo.windowDays);
  const range = rangeOfDays(days);
  const { samples, maintenance } = await readSamples(deps.db, organizationId, serviceId, range);
  return {
    window: days,
    slo,
    points: burnDownSeries(samples, maintenance, targetPpmOfPercent(slo.targetPercent), range),
  };
}

/** Stores one probe result; the slot instant is its identity, so a retried probe job adds nothing. */
export async function recordProbeCheck(
  db: Db,
  probe: { organizationId: string; serviceId: string },
  slotMs: number,
  result: { ok: boolean; statusCode: number | null; latencyMs: number; error: string | null },
) {
  await db
    .insert(uptimeChecks)
    .values({
      id: newId(),
      organizationId: probe.organizationId,
      serviceId: probe.serviceId,
      source: "probe",
      checkedAt: new Date(slotMs),
      isGood: result.ok,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error: result.error?.slice(0, 500) ?? null,
    })
    .onConflictDoNothing();
}
