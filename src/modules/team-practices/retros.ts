import { and, asc, desc, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { defineTopic, type EventBus } from "../../platform/events.ts";
import { newId } from "../../platform/ids.ts";
import type { MemberContext } from "../auth/access.ts";
import { isUniqueViolation } from "../candidates/applications.ts";
import type { RetroActionInput, RetroBoardSummary, RetroBoardView, RetroItemInput } from "./schemas.ts";
import { requireTeamAccess, requireTeamMember, type TeamAccess } from "./team-access.ts";
import { retroActions, retroBoards, retroItems, retroVotes, teamMembers } from "./team-practices-table.ts";

/**
 * Retrospectives: a board per team and sprint with three prompts. Items are anonymous because
 * their author is never stored (team-practices-table.ts), not merely hidden; votes are one per
 * person per item and shown only as counts. Action items carry an owner and appear on every later
 * board of the team until someone closes them.
 *
 * Every change publishes `retroBoardChanged` with the board's id only; the board's event stream
 * re-reads the board for each listener, so what a listener sees is always what the database holds
 * and what that listener may see (its own votes marked).
 */
export const retroBoardChanged = defineTopic(
  "team-practices.retro-board-changed",
  z.object({ boardId: z.string(), teamId: z.string() }),
);

type RetroDeps = { db: Db; clock: Clock; events: EventBus };

const BOARD_NOT_FOUND = "That retro board was not found.";

export async function listRetroBoards(
  db: Db,
  member: MemberContext,
  teamId: string,
): Promise<RetroBoardSummary[]> {
  await requireTeamAccess(db, member, teamId);
  const rows = await db
    .select({
      id: retroBoards.id,
      sprint: retroBoards.sprint,
      createdAt: retroBoards.createdAt,
      itemCount: sql<number>`(select count(*)::int from ${retroItems} ri where ri.board_id = ${retroBoards.id})`,
    })
    .from(retroBoards)
    .where(eq(retroBoards.teamId, teamId))
    .orderBy(desc(retroBoards.createdAt));
  return rows.map((row) => ({
    ...row,
    itemCount: Number(row.itemCount),
    createdAt: row.createdAt.toISOString(),
  }));
}

export async function createRetroBoard(
  deps: RetroDeps,
  member: MemberContext,
  teamId: string,
  sprint: string,
): Promise<RetroBoardSummary> {
  await requireTeamMember(deps.db, member, teamId);
  const id = newId();
  const now = deps.clock.now();
  try {
    await deps.db
      .insert(retroBoards)
      .values({ id, organizationId: member.organizationId, teamId, sprint, createdAt: now });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", `This team already has a retro for "${sprint}".`);
    throw error;
  }
  return { id, sprint, createdAt: now.toISOString(), itemCount: 0 };
}

/** The board if the caller may see its team; another team's or organisation's board is 404. */
export async function requireBoardAccess(
  db: Db,
  member: MemberContext,
  boardId: string,
): Promise<{ board: typeof retroBoards.$inferSelect; access: TeamAccess }> {
  const [board] = await db
    .select()
    .from(retroBoards)
    .where(and(eq(retroBoards.id, boardId), eq(retroBoards.organizationId, member.organizationId)));
  if (!board) throw new AppError("not_found", BOARD_NOT_FOUND);
  const access = await requireTeamAccess(db, member, board.teamId).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "not_found"
      ? new AppError("not_found", BOARD_NOT_FOUND)
      : error;
  });
  return { board, access };
}

async function requireBoardMember(db: Db, member: MemberContext, boardId: string) {
  const found = await requireBoardAccess(db, member, boardId);
  if (!found.access.isMember) {
    throw new AppError(
      "forbidden",
      "Only the team's members take part in its retro; add yourself to the team first.",
    );
  }
  return found;
}

/**
 * The board as the caller sees it: items by prompt with vote counts (most votes first) and
 * whether the caller voted, and the team's action items that belong here: those raised on this
 * board, and those raised on an earlier board still open (carried over), or closed since.
 */
export async function getRetroBoard(db: Db, member: MemberContext, boardId: string): Promise<RetroBoardView> {
  const { board, access } = await requireBoardAccess(db, member, boardId);
  const items = await db
    .select({
      id: retroItems.id,
      prompt: retroItems.prompt,
      text: retroItems.text,
      createdAt: retroItems.createdAt,
      votes: sql<number>`(select count(*)::int from ${retroVotes} v where v.item_id = ${retroItems.id})`,
      hasMyVote: sql<boolean>`exists (select 1 from ${retroVotes} v where v.item_id = ${retroItems.id} and v.user_id = ${member.userId})`,
    })
    .from(retroItems)
    .where(eq(retroItems.boardId, boardId))
    .orderBy(asc(retroItems.createdAt));
  const actions = await db
    .select({
      id: retroActions.id,
      text: retroActions.text,
      ownerId: retroActions.ownerId,
      ownerName: users.name,
      boardId: retroActions.boardId,
      raisedOn: retroBoards.sprint,
      createdAt: retroActions.createdAt,
      closedAt: retroActions.closedAt,
    })
    .from(retroActions)
    .innerJoin(users, eq(users.id, retroActions.ownerId))
    .innerJoin(retroBoards, eq(retroBoards.id, retroActions.boardId))
    .where(
      and(
        eq(retroActions.teamId, board.teamId),
        or(
          eq(retroActions.boardId, boardId),
          and(
            lte(retroBoards.createdAt, board.createdAt),
            or(isNull(retroActions.closedAt), gte(retroActions.closedAt, board.createdAt)),
          ),
        ),
      ),
    )
    .orderBy(asc(retroActions.createdAt));
  const members = await db
    .select({ id: users.id, name: users.name })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, board.teamId))
    .orderBy(asc(users.name));
  return {
    id: board.id,
    sprint: board.sprint,
    team: { id: access.team.id, name: access.team.name },
    canTakePart: access.isMember,
    items: items
      .map((item) => ({
        ...item,
        votes: Number(item.votes),
        hasMyVote: Boolean(item.hasMyVote),
        createdAt: item.createdAt.toISOString(),
      }))
      .sort((a, b) => b.votes - a.votes),
    actions: actions.map((action) => ({
      id: action.id,
      text: action.text,
      owner: { id: action.ownerId, name: action.ownerName },
      raisedOn: action.raisedOn,
      isCarriedOver: action.boardId !== boardId,
      isClosed: action.closedAt !== null,
      createdAt: action.createdAt.toISOString(),
    })),
    members,
  };
}

async function announce(deps: RetroDeps, boardId: string, teamId: string) {
  await deps.events.publish(retroBoardChanged, { boardId, teamId });
}

/** Adds an anonymous item: the author is checked (a member) and then forgotten. */
export async function addRetroItem(
  deps: RetroDeps,
  member: MemberContext,
  boardId: string,
  input: RetroItemInput,
) {
  const { board } = await requireBoardMember(deps.db, member, boardId);
  const id = newId();
  await deps.db.insert(retroItems).values({
    id,
    organizationId: member.organizationId,
    boardId,
    prompt: input.prompt,
    text: input.text,
    createdAt: deps.clock.now(),
  });
  await announce(deps, boardId, board.teamId);
  return getRetroBoard(deps.db, member, boardId);
}

async function requireItemOnBoard(db: Db, boardId: string, itemId: string) {
  const [item] = await db
    .select({ id: retroItems.id })
    .from(retroItems)
    .where(and(eq(retroItems.id, itemId), eq(retroItems.boardId, boardId)));
  if (!item) throw new AppError("not_found", "That item is not on this board.");
}

/** One vote per person per item: a second vote changes nothing (the primary key). */
export async function voteForRetroItem(
  deps: RetroDeps,
  member: MemberContext,
  boardId: string,
  itemId: string,
) {
  const { board } = await requireBoardMember(deps.db, member, boardId);
  await requireItemOnBoard(deps.db, boardId, itemId);
  await deps.db
    .insert(retroVotes)
    .values({ itemId, userId: member.userId, createdAt: deps.clock.now() })
    .onConflictDoNothing();
  await announce(deps, boardId, board.teamId);
  return getRetroBoard(deps.db, member, boardId);
}

export async function withdrawRetroVote(
  deps: RetroDeps,
  member: MemberContext,
  boardId: string,
  itemId: string,
) {
  const { board } = await requireBoardMember(deps.db, member, boardId);
  await requireItemOnBoard(deps.db, boardId, itemId);
  await deps.db
    .delete(retroVotes)
    .where(and(eq(retroVotes.itemId, itemId), eq(retroVotes.userId, member.userId)));
  await announce(deps, boardId, board.teamId);
  return getRetroBoard(deps.db, member, boardId);
}

/** An action item with an owner from the team. */
export async function addRetroAction(
  deps: RetroDeps,
  member: MemberContext,
  boardId: string,
  input: RetroActionInput,
) {
  const { board } = await requireBoardMember(deps.db, member, boardId);
  const [owner] = await deps.db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, board.teamId), eq(teamMembers.userId, input.ownerId)));
  if (!owner) {
    throw new AppError("bad_request", "An action item's owner must be a member of the team.", {
      fieldErrors: [{ path: "ownerId", message: "is not a member of this team" }],
    });
  }
  await deps.db.insert(retroActions).values({
    id: newId(),
    organizationId: member.organizationId,
    teamId: board.teamId,
    boardId,
    text: input.text,
    ownerId: input.ownerId,
    createdAt: deps.clock.now(),
  });
  await announce(deps, boardId, board.teamId);
  return getRetroBoard(deps.db, member, boardId);
}

/** Closes or reopens an action item; seen from a board it belongs to (its own or a later one). */
export async function setRetroActionClosed(
  deps: RetroDeps,
  member: MemberContext,
  boardId: string,
  actionId: string,
  isClosed: boolean,
) {
  const { board } = await requireBoardMember(deps.db, member, boardId);
  const updated = await deps.db
    .update(retroActions)
    .set({ closedAt: isClosed ? deps.clock.now() : null })
    .where(and(eq(retroActions.id, actionId), eq(retroActions.teamId, board.teamId)))
    .returning({ id: retroActions.id });
  if (updated.length === 0) throw new AppError("not_found", "That action item is not this team's.");
  await announce(deps, boardId, board.teamId);
  return getRetroBoard(deps.db, member, boardId);
}
