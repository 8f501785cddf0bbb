import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { memberships, users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import type { MemberContext } from "../auth/access.ts";
import { isKnownTimeZone } from "../mail/templates.ts";
import { teams } from "../outcomes/outcomes-table.ts";
import type { WorkModel } from "../roles/roles-table.ts";
import type { PracticeTeamDetail, PracticeTeamSummary, TeamSettingsInput } from "./schemas.ts";
import { teamMembers, teamPracticeSettings } from "./team-practices-table.ts";

/**
 * Who takes part in which team's practices. Admins and hiring managers of the organisation see
 * and arrange every team; anyone else sees only the teams they are a member of, and another
 * team is simply "not found", as another organisation's would be.
 */
export const TEAM_MANAGER_ROLES = ["admin", "hiring_manager"] as const;

export function isTeamManager(member: Pick<MemberContext, "role">): boolean {
  return (TEAM_MANAGER_ROLES as readonly string[]).includes(member.role);
}

export interface TeamAccess {
  team: { id: string; name: string; workModel: WorkModel; organizationId: string };
  isMember: boolean;
  canManage: boolean;
}

const TEAM_NOT_FOUND = "That team was not found.";

/** The team if the caller may see it (a member, or a manager of the organisation); else 404. */
export async function requireTeamAccess(db: Db, member: MemberContext, teamId: string): Promise<TeamAccess> {
  const [row] = await db
    .select({
      id: teams.id,
      name: teams.name,
      workModel: teams.workModel,
      organizationId: teams.organizationId,
      isMember: sql<boolean>`exists (select 1 from ${teamMembers} tm where tm.team_id = ${teams.id} and tm.user_id = ${member.userId})`,
    })
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.organizationId, member.organizationId)));
  const canManage = isTeamManager(member);
  if (!row || (!row.isMember && !canManage)) throw new AppError("not_found", TEAM_NOT_FOUND);
  const { isMember, ...team } = row;
  return { team, isMember: Boolean(isMember), canManage };
}

/** Taking part (posting, voting, importing for the team) is for the team's own members. */
export async function requireTeamMember(db: Db, member: MemberContext, teamId: string): Promise<TeamAccess> {
  const access = await requireTeamAccess(db, member, teamId);
  if (!access.isMember) {
    throw new AppError(
      "forbidden",
      "Only the team's members take part in its practices; add yourself to the team first.",
    );
  }
  return access;
}

/** The teams the caller may see, with their member counts. */
export async function listPracticeTeams(db: Db, member: MemberContext): Promise<PracticeTeamSummary[]> {
  const rows = await db
    .select({
      id: teams.id,
      name: teams.name,
      workModel: teams.workModel,
      location: teams.location,
      memberCount: sql<number>`(select count(*)::int from ${teamMembers} tm where tm.team_id = ${teams.id})`,
      isMember: sql<boolean>`exists (select 1 from ${teamMembers} tm where tm.team_id = ${teams.id} and tm.user_id = ${member.userId})`,
    })
    .from(teams)
    .where(eq(teams.organizationId, member.organizationId))
    .orderBy(asc(teams.name));
  const canManage = isTeamManager(member);
  return rows
    .filter((row) => canManage || row.isMember)
    .map((row) => ({ ...row, memberCount: Number(row.memberCount), isMember: Boolean(row.isMember) }));
}

export interface TeamSettings {
  timeZone: string;
  workdayStartHour: number;
  workdayEndHour: number;
  hasSlackWebhook: boolean;
}

export async function readTeamSettings(
  db: Db,
  teamId: string,
): Promise<TeamSettings & { sealedSlackUrl: string | null }> {
  const [row] = await db.select().from(teamPracticeSettings).where(eq(teamPracticeSettings.teamId, teamId));
  return {
    timeZone: row?.timeZone ?? "UTC",
    workdayStartHour: row?.workdayStartHour ?? 9,
    workdayEndHour: row?.workdayEndHour ?? 17,
    hasSlackWebhook: Boolean(row?.sealedSlackUrl),
    sealedSlackUrl: row?.sealedSlackUrl ?? null,
  };
}

export async function listTeamMembers(db: Db, teamId: string) {
  return db
    .select({ id: users.id, name: users.name })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(asc(users.name));
}

/** The team as its page shows it; managers also get the organisation's members to pick from. */
export async function getPracticeTeam(
  db: Db,
  member: MemberContext,
  teamId: string,
): Promise<PracticeTeamDetail> {
  const access = await requireTeamAccess(db, member, teamId);
  const settings = await readTeamSettings(db, teamId);
  const members = await listTeamMembers(db, teamId);
  const organizationMembers = access.canManage
    ? await db
        .select({ id: users.id, name: users.name })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.organizationId, member.organizationId))
        .orderBy(asc(users.name))
    : [];
  return {
    id: access.team.id,
    name: access.team.name,
    workModel: access.team.workModel,
    isMember: access.isMember,
    canManage: access.canManage,
    hasAsyncUpdates: access.team.workModel !== "onsite",
    hasFocusTime: access.team.workModel !== "remote",
    members,
    organizationMembers,
    settings: {
      timeZone: settings.timeZone,
      workdayStartHour: settings.workdayStartHour,
      workdayEndHour: settings.workdayEndHour,
      hasSlackWebhook: settings.hasSlackWebhook,
    },
  };
}

/**
 * Replaces the team's members with these organisation members (managers). Someone who is not a
 * member of the organisation is refused by name of the field, never by id.
 */
export async function setTeamMembers(
  deps: { db: Db; clock: Clock },
  manager: MemberContext,
  teamId: string,
  userIds: readonly string[],
): Promise<void> {
  await requireTeamAccess(deps.db, manager, teamId);
  const wanted = [...new Set(userIds)];
  if (wanted.length > 0) {
    const known = await deps.db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(
        and(eq(memberships.organizationId, manager.organizationId), inArray(memberships.userId, wanted)),
      );
    if (known.length !== wanted.length) {
      throw new AppError("bad_request", "Every team member must be a member of this organisation.", {
        fieldErrors: [{ path: "userIds", message: "names someone who is not a member of this organisation" }],
      });
    }
  }
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
    if (wanted.length > 0) {
      await tx
        .insert(teamMembers)
        .values(
          wanted.map((userId) => ({ teamId, userId, organizationId: manager.organizationId, addedAt: now })),
        );
    }
    await recordAudit(tx, manager.actor, {
      organizationId: manager.organizationId,
      action: "team.members_set",
      objectType: "team",
      objectId: teamId,
      detail: { memberCount: wanted.length },
    });
  });
}

export async function updateTeamSettings(
  deps: { db: Db; clock: Clock },
  manager: MemberContext,
  teamId: string,
  input: TeamSettingsInput,
): Promise<TeamSettings> {
  await requireTeamAccess(deps.db, manager, teamId);
  const current = await readTeamSettings(deps.db, teamId);
  const next = {
    timeZone: input.timeZone ?? current.timeZone,
    workdayStartHour: input.workdayStartHour ?? current.workdayStartHour,
    workdayEndHour: input.workdayEndHour ?? current.workdayEndHour,
  };
  if (!isKnownTimeZone(next.timeZone)) {
    throw new AppError(
      "bad_request",
      `"${next.timeZone}" is not a time zone this server knows (IANA names, e.g. Europe/Berlin).`,
      {
        fieldErrors: [{ path: "timeZone", message: "is not a known IANA time zone" }],
      },
    );
  }
  if (next.workdayStartHour >= next.workdayEndHour) {
    throw new AppError("bad_request", "The working day must start before it ends.", {
      fieldErrors: [{ path: "workdayEndHour", message: "must be later than the start hour" }],
    });
  }
  await upsertSettings(deps, manager, teamId, next);
  const saved = await readTeamSettings(deps.db, teamId);
  return {
    timeZone: saved.timeZone,
    workdayStartHour: saved.workdayStartHour,
    workdayEndHour: saved.workdayEndHour,
    hasSlackWebhook: saved.hasSlackWebhook,
  };
}

/** Writes some of a team's settings, creating its row with the defaults on first use. */
export async function upsertSettings(
  deps: { db: Db; clock: Clock },
  actor: MemberContext | { organizationId: string; actor: Actor },
  teamId: string,
  changes: Partial<{
    timeZone: string;
    workdayStartHour: number;
    workdayEndHour: number;
    sealedSlackUrl: string | null;
  }>,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db
    .insert(teamPracticeSettings)
    .values({ teamId, organizationId: actor.organizationId, updatedAt: now, ...changes })
    .onConflictDoUpdate({ target: teamPracticeSettings.teamId, set: { ...changes, updatedAt: now } });
}
