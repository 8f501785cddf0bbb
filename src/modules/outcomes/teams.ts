import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { isUniqueViolation } from "../candidates/applications.ts";
import { roles, type WorkModel } from "../roles/roles-table.ts";
import { servicesAutoCreated } from "./ingest.ts";
import { hires, outcomeSettings, services, teams } from "./outcomes-table.ts";

/** Teams, the services they own, and the organisation's outcomes settings. */

export interface TeamView {
  id: string;
  name: string;
  workModel: WorkModel;
  location: string | null;
  services: { id: string; name: string }[];
  createdAt: string;
}

export interface ServiceView {
  id: string;
  name: string;
  team: { id: string; name: string } | null;
  createdAt: string;
}

export interface TeamInput {
  name: string;
  workModel: WorkModel;
  location?: string | null | undefined;
}

export async function listTeams(db: Db, organizationId: string): Promise<TeamView[]> {
  const rows = await db
    .select()
    .from(teams)
    .where(eq(teams.organizationId, organizationId))
    .orderBy(asc(teams.name));
  const owned = await db
    .select({ id: services.id, name: services.name, teamId: services.teamId })
    .from(services)
    .where(and(eq(services.organizationId, organizationId), sql`${services.teamId} is not null`))
    .orderBy(asc(services.name));
  return rows.map((team) => ({
    id: team.id,
    name: team.name,
    workModel: team.workModel,
    location: team.location,
    services: owned.filter((service) => service.teamId === team.id).map(({ id, name }) => ({ id, name })),
    createdAt: team.createdAt.toISOString(),
  }));
}

export async function getTeam(db: Db, organizationId: string, teamId: string): Promise<TeamView> {
  const team = (await listTeams(db, organizationId)).find((row) => row.id === teamId);
  if (!team) throw new AppError("not_found", "That team was not found.");
  return team;
}

export async function createTeam(
  db: Db,
  actor: Actor,
  organizationId: string,
  input: TeamInput,
): Promise<TeamView> {
  const id = newId();
  try {
    await db.transaction(async (tx) => {
      await tx.insert(teams).values({
        id,
        organizationId,
        name: input.name,
        workModel: input.workModel,
        location: input.location ?? null,
      });
      await recordAudit(tx, actor, {
        organizationId,
        action: "team.created",
        objectType: "team",
        objectId: id,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", `A team named "${input.name}" already exists.`);
    throw error;
  }
  return getTeam(db, organizationId, id);
}

export async function updateTeam(
  db: Db,
  actor: Actor,
  organizationId: string,
  teamId: string,
  input: Partial<TeamInput>,
): Promise<TeamView> {
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.workModel !== undefined ? { workModel: input.workModel } : {}),
    ...(input.location !== undefined ? { location: input.location } : {}),
  };
  // A PATCH that names no field changes nothing (an UPDATE with no column would be refused).
  if (Object.keys(changes).length === 0) return getTeam(db, organizationId, teamId);
  try {
    await db.transaction(async (tx) => {
      const updated = await tx
        .update(teams)
        .set(changes)
        .where(and(eq(teams.organizationId, organizationId), eq(teams.id, teamId)))
        .returning({ id: teams.id });
      if (updated.length === 0) throw new AppError("not_found", "That team was not found.");
      // Roles linked to the team show its name.
      if (input.name !== undefined) {
        await tx
          .update(roles)
          .set({ team: input.name })
          .where(and(eq(roles.organizationId, organizationId), eq(roles.teamId, teamId)));
      }
      await recordAudit(tx, actor, {
        organizationId,
        action: "team.updated",
        objectType: "team",
        objectId: teamId,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", `A team named "${input.name}" already exists.`);
    throw error;
  }
  return getTeam(db, organizationId, teamId);
}

/** A team that still owns services or has hires is kept: reassign those first. */
export async function deleteTeam(
  db: Db,
  actor: Actor,
  organizationId: string,
  teamId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [team] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.organizationId, organizationId), eq(teams.id, teamId)))
      .for("update");
    if (!team) throw new AppError("not_found", "That team was not found.");
    const [owned] = await tx.select({ n: count() }).from(services).where(eq(services.teamId, teamId));
    const [joined] = await tx.select({ n: count() }).from(hires).where(eq(hires.teamId, teamId));
    if ((owned?.n ?? 0) > 0 || (joined?.n ?? 0) > 0) {
      throw new AppError(
        "conflict",
        `The team still owns ${owned?.n ?? 0} service(s) and has ${joined?.n ?? 0} hire(s); assign them to another team first.`,
      );
    }
    await tx.delete(teams).where(eq(teams.id, teamId));
    await recordAudit(tx, actor, {
      organizationId,
      action: "team.deleted",
      objectType: "team",
      objectId: teamId,
    });
  });
}

export async function listServices(
  db: Db,
  organizationId: string,
  filter: { unassigned?: boolean | undefined } = {},
): Promise<ServiceView[]> {
  const rows = await db
    .select({ service: services, team: { id: teams.id, name: teams.name } })
    .from(services)
    .leftJoin(teams, eq(teams.id, services.teamId))
    .where(
      and(
        eq(services.organizationId, organizationId),
        filter.unassigned ? sql`${services.teamId} is null` : undefined,
      ),
    )
    .orderBy(asc(services.name));
  return rows.map(({ service, team }) => ({
    id: service.id,
    name: service.name,
    team: team?.id ? { id: team.id, name: team.name } : null,
    createdAt: service.createdAt.toISOString(),
  }));
}

export async function getService(db: Db, organizationId: string, serviceId: string): Promise<ServiceView> {
  const service = (await listServices(db, organizationId)).find((row) => row.id === serviceId);
  if (!service) throw new AppError("not_found", "That service was not found.");
  return service;
}

async function requireTeam(db: Db, organizationId: string, teamId: string): Promise<void> {
  const [team] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.organizationId, organizationId), eq(teams.id, teamId)));
  if (!team) {
    throw new AppError("bad_request", "teamId names no team of this organisation.", {
      fieldErrors: [{ path: "teamId", message: "is not a team of this organisation" }],
    });
  }
}

export async function createService(
  db: Db,
  actor: Actor,
  organizationId: string,
  input: { name: string; teamId?: string | null | undefined },
): Promise<ServiceView> {
  if (input.teamId) await requireTeam(db, organizationId, input.teamId);
  const id = newId();
  try {
    await db.transaction(async (tx) => {
      await tx
        .insert(services)
        .values({ id, organizationId, name: input.name, teamId: input.teamId ?? null });
      await recordAudit(tx, actor, {
        organizationId,
        action: "service.created",
        objectType: "service",
        objectId: id,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", `A service named "${input.name}" already exists.`);
    throw error;
  }
  return getService(db, organizationId, id);
}

/** Renames a service or assigns it to a team (teamId null: no team). */
export async function updateService(
  db: Db,
  actor: Actor,
  organizationId: string,
  serviceId: string,
  input: { name?: string | undefined; teamId?: string | null | undefined },
): Promise<ServiceView> {
  const current = await getService(db, organizationId, serviceId);
  if (input.teamId) await requireTeam(db, organizationId, input.teamId);
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.teamId !== undefined ? { teamId: input.teamId } : {}),
  };
  // A PATCH that names no field changes nothing (an UPDATE with no column would be refused).
  if (Object.keys(changes).length === 0) return current;
  try {
    await db.transaction(async (tx) => {
      await tx
        .update(services)
        .set(changes)
        .where(and(eq(services.organizationId, organizationId), eq(services.id, serviceId)));
      await recordAudit(tx, actor, {
        organizationId,
        action: "service.updated",
        objectType: "service",
        objectId: serviceId,
        ...(input.teamId !== undefined ? { detail: { teamId: input.teamId } } : {}),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", `A service named "${input.name}" already exists.`);
    throw error;
  }
  return getService(db, organizationId, serviceId);
}

export interface OutcomeSettingsView {
  autoCreateServices: boolean;
}

export async function getOutcomeSettings(db: Db, organizationId: string): Promise<OutcomeSettingsView> {
  return { autoCreateServices: await servicesAutoCreated(db, organizationId) };
}

export async function updateOutcomeSettings(
  db: Db,
  actor: Actor,
  organizationId: string,
  input: OutcomeSettingsView,
): Promise<OutcomeSettingsView> {
  await db.transaction(async (tx) => {
    await tx
      .insert(outcomeSettings)
      .values({ organizationId, autoCreateServices: input.autoCreateServices })
      .onConflictDoUpdate({
        target: outcomeSettings.organizationId,
        set: { autoCreateServices: input.autoCreateServices },
      });
    await recordAudit(tx, actor, {
      organizationId,
      action: "outcomes.settings_updated",
      objectType: "organization",
      objectId: organizationId,
      detail: { autoCreateServices: input.autoCreateServices },
    });
  });
  return getOutcomeSettings(db, organizationId);
}
