import { and, asc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../platform/clock.ts";
import { type Db, queryRows } from "../../platform/db/client.ts";
import { users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { JobDefinition } from "../../platform/queue.ts";
import type { MemberContext } from "../auth/access.ts";
import { sendEmail } from "../mail/mail.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { WorkerDependencies } from "../module-contract.ts";
import { teams } from "../outcomes/outcomes-table.ts";
import { recentWeekStarts, weekStartOf } from "./focus-time.ts";
import type { TeamUpdateInput, TeamUpdatesWeek, UpdateParticipation } from "./schemas.ts";
import { readTeamSettings, requireTeamAccess, requireTeamMember, type TeamAccess } from "./team-access.ts";
import { teamMembers, teamPracticeMailings, teamUpdates } from "./team-practices-table.ts";
import { postToTeamSlack } from "./team-slack.ts";

/**
 * Weekly written updates for remote and hybrid teams: what moved, what is blocked, what is next.
 * Updates are read by the team, never scored: nothing here ranks, rates or counts a person; the
 * only figure is the share of members who posted in a week.
 */

function requireAsyncTeam(access: TeamAccess) {
  if (access.team.workModel === "onsite") {
    throw new AppError(
      "conflict",
      "Weekly written updates are for remote and hybrid teams; this team works onsite.",
    );
  }
}

/** The week (its Monday) an update belongs to, in the team's time zone. */
async function currentWeek(db: Db, clock: Clock, teamId: string) {
  const settings = await readTeamSettings(db, teamId);
  return weekStartOf(clock.now(), settings.timeZone);
}

/** Writes or rewrites the caller's update for the current week (one per member and week). */
export async function saveMyUpdate(
  deps: { db: Db; clock: Clock },
  member: MemberContext,
  teamId: string,
  input: TeamUpdateInput,
): Promise<TeamUpdatesWeek> {
  const access = await requireTeamMember(deps.db, member, teamId);
  requireAsyncTeam(access);
  const weekStart = await currentWeek(deps.db, deps.clock, teamId);
  const now = deps.clock.now();
  await deps.db
    .insert(teamUpdates)
    .values({
      id: newId(),
      organizationId: member.organizationId,
      teamId,
      userId: member.userId,
      weekStart,
      moved: input.moved,
      blocked: input.blocked,
      next: input.next,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [teamUpdates.teamId, teamUpdates.userId, teamUpdates.weekStart],
      set: { moved: input.moved, blocked: input.blocked, next: input.next, updatedAt: now },
    });
  return getUpdatesWeek(deps, member, teamId, weekStart);
}

/** The digest of one week (the current one by default): every update posted, in name order. */
export async function getUpdatesWeek(
  deps: { db: Db; clock: Clock },
  member: MemberContext,
  teamId: string,
  week?: string,
): Promise<TeamUpdatesWeek> {
  const access = await requireTeamAccess(deps.db, member, teamId);
  requireAsyncTeam(access);
  const current = await currentWeek(deps.db, deps.clock, teamId);
  const weekStart = week ? weekStartOf(new Date(`${week}T12:00:00Z`), "UTC") : current;
  const updates = await readWeekUpdates(deps.db, teamId, weekStart);
  const memberCount = (
    await deps.db
      .select({ userId: teamMembers.userId })
      .from(teamMembers)
      .where(eq(teamMembers.teamId, teamId))
  ).length;
  const mine = updates.find((update) => update.authorId === member.userId) ?? null;
  return {
    weekStart,
    isCurrentWeek: weekStart === current,
    memberCount,
    postedCount: updates.length,
    updates: updates.map(({ authorId: _authorId, ...update }) => update),
    mine: mine ? { moved: mine.moved, blocked: mine.blocked, next: mine.next } : null,
  };
}

async function readWeekUpdates(db: Db, teamId: string, weekStart: string) {
  const rows = await db
    .select({
      id: teamUpdates.id,
      authorId: teamUpdates.userId,
      authorName: users.name,
      moved: teamUpdates.moved,
      blocked: teamUpdates.blocked,
      next: teamUpdates.next,
      updatedAt: teamUpdates.updatedAt,
    })
    .from(teamUpdates)
    .innerJoin(users, eq(users.id, teamUpdates.userId))
    // Only current members: someone who left the team no longer appears in its digest.
    .innerJoin(
      teamMembers,
      and(eq(teamMembers.teamId, teamUpdates.teamId), eq(teamMembers.userId, teamUpdates.userId)),
    )
    .where(and(eq(teamUpdates.teamId, teamId), eq(teamUpdates.weekStart, weekStart)))
    .orderBy(asc(users.name));
  return rows.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() }));
}

/**
 * The share of the team's current members who posted, per week, for the last `weeks` weeks.
 * A team-level figure only: who did not post is never listed.
 */
export async function getUpdateParticipation(
  deps: { db: Db; clock: Clock },
  member: MemberContext,
  teamId: string,
  weeks: number,
): Promise<UpdateParticipation> {
  const access = await requireTeamAccess(deps.db, member, teamId);
  requireAsyncTeam(access);
  const settings = await readTeamSettings(deps.db, teamId);
  const weekStarts = recentWeekStarts(deps.clock.now(), settings.timeZone, weeks);
  const memberIds = (
    await deps.db
      .select({ userId: teamMembers.userId })
      .from(teamMembers)
      .where(eq(teamMembers.teamId, teamId))
  ).map((row) => row.userId);
  const posted =
    memberIds.length === 0
      ? []
      : await deps.db
          .select({ weekStart: teamUpdates.weekStart, posted: sql<number>`count(*)::int` })
          .from(teamUpdates)
          .where(
            and(
              eq(teamUpdates.teamId, teamId),
              inArray(teamUpdates.userId, memberIds),
              gte(teamUpdates.weekStart, weekStarts[0] ?? "0001-01-01"),
              lte(teamUpdates.weekStart, weekStarts.at(-1) ?? "9999-12-31"),
            ),
          )
          .groupBy(teamUpdates.weekStart);
  const byWeek = new Map(posted.map((row) => [row.weekStart, Number(row.posted)]));
  return {
    memberCount: memberIds.length,
    weeks: weekStarts.map((weekStart) => {
      const count = byWeek.get(weekStart) ?? 0;
      return {
        weekStart,
        postedCount: count,
        share: memberIds.length === 0 ? null : Math.round((count / memberIds.length) * 1000) / 1000,
      };
    }),
  };
}

type MailingDeps = { db: Db; clock: Clock; mailer: Mailer; secret: string };

/** Claims (team, kind, week) for one run; false when another run already sent it. */
async function claimMailing(
  db: Db,
  teamId: string,
  organizationId: string,
  kind: "update_prompt" | "update_digest",
  weekStart: string,
  now: Date,
) {
  const claimed = await db
    .insert(teamPracticeMailings)
    .values({ teamId, organizationId, kind, weekStart, sentAt: now })
    .onConflictDoNothing()
    .returning({ teamId: teamPracticeMailings.teamId });
  return claimed.length > 0;
}

async function asyncTeamsWithMembers(db: Db) {
  return queryRows<{
    team_id: string;
    team_name: string;
    organization_id: string;
    organization_name: string;
    user_id: string;
    user_name: string;
    user_email: string;
  }>(
    db,
    sql`select t.id as team_id, t.name as team_name, t.organization_id, o.name as organization_name,
          u.id as user_id, u.name as user_name, u.email as user_email
        from ${teams} t
        join organizations o on o.id = t.organization_id
        join team_members tm on tm.team_id = t.id
        join users u on u.id = tm.user_id
        join memberships m on m.user_id = u.id and m.organization_id = t.organization_id
        where t.work_model in ('remote', 'hybrid')
        order by t.id, u.name`,
  );
}

function groupByTeam<Row extends { team_id: string }>(rows: readonly Row[]) {
  const teamsById = new Map<string, Row[]>();
  for (const row of rows) teamsById.set(row.team_id, [...(teamsById.get(row.team_id) ?? []), row]);
  return teamsById;
}

/**
 * The weekly prompt: every member of a remote or hybrid team who has not posted this week gets
 * an email, and the team's Slack channel (if it has a webhook) one message. Once per team and week.
 */
export async function sendUpdatePrompts(deps: MailingDeps, baseUrl: string) {
  const now = deps.clock.now();
  let emailed = 0;
  let slackPosts = 0;
  for (const [teamId, members] of groupByTeam(await asyncTeamsWithMembers(deps.db))) {
    const first = members[0];
    if (!first) continue;
    const settings = await readTeamSettings(deps.db, teamId);
    const weekStart = weekStartOf(now, settings.timeZone);
    if (!(await claimMailing(deps.db, teamId, first.organization_id, "update_prompt", weekStart, now)))
      continue;
    const posted = new Set(
      (
        await deps.db
          .select({ userId: teamUpdates.userId })
          .from(teamUpdates)
          .where(and(eq(teamUpdates.teamId, teamId), eq(teamUpdates.weekStart, weekStart)))
      ).map((row) => row.userId),
    );
    const link = new URL(`/team-practices/${teamId}/updates`, baseUrl).toString();
    for (const member of members) {
      if (posted.has(member.user_id)) continue;
      await sendEmail(deps, {
        organizationId: member.organization_id,
        template: "team_update_prompt",
        to: member.user_email,
        variables: {
          memberName: member.user_name,
          organizationName: member.organization_name,
          teamName: member.team_name,
          weekStart,
          link,
        },
      });
      emailed += 1;
    }
    const isPosted = await postToTeamSlack(
      deps,
      teamId,
      `Time for ${first.team_name}'s weekly update (week of ${weekStart}): what moved, what is blocked, what is next. <${link}|Write yours>`,
    ).catch(() => false);
    if (isPosted) slackPosts += 1;
  }
  return { emailed, slackPosts };
}

/** The weekly digest: each member of a remote or hybrid team gets the week's updates by email. */
export async function sendUpdateDigests(deps: MailingDeps, baseUrl: string) {
  const now = deps.clock.now();
  let emailed = 0;
  let slackPosts = 0;
  for (const [teamId, members] of groupByTeam(await asyncTeamsWithMembers(deps.db))) {
    const first = members[0];
    if (!first) continue;
    const settings = await readTeamSettings(deps.db, teamId);
    const weekStart = weekStartOf(now, settings.timeZone);
    if (!(await claimMailing(deps.db, teamId, first.organization_id, "update_digest", weekStart, now)))
      continue;
    const updates = await readWeekUpdates(deps.db, teamId, weekStart);
    const link = new URL(`/team-practices/${teamId}/updates?week=${weekStart}`, baseUrl).toString();
    for (const member of members) {
      await sendEmail(deps, {
        organizationId: member.organization_id,
        template: "team_update_digest",
        to: member.user_email,
        variables: {
          memberName: member.user_name,
          organizationName: member.organization_name,
          teamName: member.team_name,
          weekStart,
          updates: updates.map(({ authorName, moved, blocked, next }) => ({
            authorName,
            moved,
            blocked,
            next,
          })),
          link,
        },
      });
      emailed += 1;
    }
    const isPosted = await postToTeamSlack(
      deps,
      teamId,
      `${first.team_name}: ${updates.length} of ${members.length} posted an update for the week of ${weekStart}. <${link}|Read the digest>`,
    ).catch(() => false);
    if (isPosted) slackPosts += 1;
  }
  return { emailed, slackPosts };
}

const noPayload = z.object({});
const baseUrlOf = () => process.env.EVIDENT_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;

/** Mondays 08:00 UTC: the prompt (once per team and week, so running it again sends nothing). */
export const updatePromptJob: JobDefinition<typeof noPayload, WorkerDependencies> = {
  queue: "team-practices.update-prompts",
  payload: noPayload,
  retryLimit: 3,
  expireInSeconds: 30 * 60,
  handle: (deps) => sendUpdatePrompts(deps, baseUrlOf()),
};

/** Fridays 15:00 UTC: the digest of the week's updates. */
export const updateDigestJob: JobDefinition<typeof noPayload, WorkerDependencies> = {
  queue: "team-practices.update-digests",
  payload: noPayload,
  retryLimit: 3,
  expireInSeconds: 30 * 60,
  handle: (deps) => sendUpdateDigests(deps, baseUrlOf()),
};
