import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { applications } from "../candidates/candidates-table.ts";
import { roles, type WorkModel } from "../roles/roles-table.ts";
import { hires, teams } from "./outcomes-table.ts";

/**
 * Hire records: written when an application's final decision is "hire" (decisions.ts calls
 * createHireForApplication inside the decision's transaction), completed by an admin (start
 * date, team, level). They join hiring signals to team outcomes; cohort views read them only
 * in groups of at least the minimum size.
 */

export interface HireView {
  id: string;
  applicationId: string;
  candidateId: string;
  team: { id: string; name: string } | null;
  workModel: WorkModel | null;
  level: string | null;
  startDate: string | null;
  createdAt: string;
}

/**
 * Inside the decision's transaction. The hire joins the role's team; a role not linked to a
 * team (one opened before teams existed) is matched by its team's name, ignoring case, and
 * otherwise the hire joins no team until an admin sets it. The work model is the team's, else the role's; the level is the role's seniority.
 * A second call for the same application changes nothing.
 */
export async function createHireForApplication(
  tx: Db,
  organizationId: string,
  applicationId: string,
  now: Date,
): Promise<void> {
  const [application] = await tx
    .select({
      candidateId: applications.candidateId,
      roleTeam: roles.team,
      roleTeamId: roles.teamId,
      roleWorkModel: roles.workModel,
      seniority: roles.seniority,
    })
    .from(applications)
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .where(and(eq(applications.organizationId, organizationId), eq(applications.id, applicationId)));
  if (!application) return;
  const [team] = await tx
    .select({ id: teams.id, workModel: teams.workModel })
    .from(teams)
    .where(
      and(
        eq(teams.organizationId, organizationId),
        application.roleTeamId
          ? eq(teams.id, application.roleTeamId)
          : sql`lower(${teams.name}) = lower(${application.roleTeam})`,
      ),
    );
  await tx
    .insert(hires)
    .values({
      id: newId(),
      organizationId,
      applicationId,
      candidateId: application.candidateId,
      teamId: team?.id ?? null,
      workModel: team?.workModel ?? application.roleWorkModel ?? null,
      level: application.seniority,
      startDate: null,
      createdAt: now,
    })
    .onConflictDoNothing();
}

export async function listHires(
  db: Db,
  organizationId: string,
  filter: { teamId?: string | undefined } = {},
): Promise<HireView[]> {
  const rows = await db
    .select({ hire: hires, team: { id: teams.id, name: teams.name } })
    .from(hires)
    .leftJoin(teams, eq(teams.id, hires.teamId))
    .where(
      and(
        eq(hires.organizationId, organizationId),
        filter.teamId ? eq(hires.teamId, filter.teamId) : undefined,
      ),
    )
    .orderBy(desc(hires.createdAt));
  return rows.map(({ hire, team }) => ({
    id: hire.id,
    applicationId: hire.applicationId,
    candidateId: hire.candidateId,
    team: team?.id ? { id: team.id, name: team.name } : null,
    workModel: hire.workModel,
    level: hire.level,
    startDate: hire.startDate,
    createdAt: hire.createdAt.toISOString(),
  }));
}

export async function getHire(db: Db, organizationId: string, hireId: string): Promise<HireView> {
  const hire = (await listHires(db, organizationId)).find((row) => row.id === hireId);
  if (!hire) throw new AppError("not_found", "That hire was not found.");
  return hire;
}

/** Sets the start date, team or level; a new team also sets the hire's work model to the team's. */
export async function updateHire(
  db: Db,
  actor: Actor,
  organizationId: string,
  hireId: string,
  input: {
    startDate?: string | null | undefined;
    teamId?: string | null | undefined;
    level?: string | null | undefined;
  },
): Promise<HireView> {
  const current = await getHire(db, organizationId, hireId);
  // A PATCH that names no field changes nothing (an UPDATE with no column would be refused).
  if (input.startDate === undefined && input.teamId === undefined && input.level === undefined)
    return current;
  await db.transaction(async (tx) => {
    let workModel: WorkModel | null | undefined;
    if (input.teamId) {
      const [team] = await tx
        .select({ workModel: teams.workModel })
        .from(teams)
        .where(and(eq(teams.organizationId, organizationId), eq(teams.id, input.teamId)));
      if (!team) {
        throw new AppError("bad_request", "teamId names no team of this organisation.", {
          fieldErrors: [{ path: "teamId", message: "is not a team of this organisation" }],
        });
      }
      workModel = team.workModel;
    }
    await tx
      .update(hires)
      .set({
        ...(input.startDate !== undefined ? { startDate: input.startDate } : {}),
        ...(input.level !== undefined ? { level: input.level } : {}),
        ...(input.teamId !== undefined ? { teamId: input.teamId } : {}),
        ...(workModel !== undefined ? { workModel } : {}),
      })
      .where(and(eq(hires.organizationId, organizationId), eq(hires.id, hireId)));
    await recordAudit(tx, actor, {
      organizationId,
      action: "hire.updated",
      objectType: "hire",
      objectId: hireId,
      detail: {
        ...(input.teamId !== undefined ? { teamId: input.teamId } : {}),
        ...(input.startDate !== undefined ? { startDate: input.startDate } : {}),
      },
    });
  });
  return getHire(db, organizationId, hireId);
}
