import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations, users } from "../../platform/db/schema.ts";
import { teams } from "../outcomes/outcomes-table.ts";

/**
 * Team practices after the hire (issue 13, item 4): who is in which team, weekly async updates,
 * retrospectives and the busy times of imported calendars. Teams themselves are the outcomes
 * engine's; these tables hang off them.
 */

/** An organisation member assigned to a team. Members see and take part in its practices. */
export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.teamId, table.userId] }),
    index("team_members_user_idx").on(table.userId),
  ],
);

/**
 * A team's practice settings: the time zone and working hours focus time is measured in, and its
 * Slack incoming webhook. The URL is a credential, so it is sealed (connectors' secret box, bound
 * to the team) and no route ever returns it.
 */
export const teamPracticeSettings = pgTable(
  "team_practice_settings",
  {
    teamId: uuid("team_id")
      .primaryKey()
      .references(() => teams.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    timeZone: text("time_zone").notNull().default("UTC"),
    workdayStartHour: integer("workday_start_hour").notNull().default(9),
    workdayEndHour: integer("workday_end_hour").notNull().default(17),
    sealedSlackUrl: text("sealed_slack_url"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    check(
      "team_practice_settings_hours_check",
      sql`${table.workdayStartHour} >= 0 and ${table.workdayEndHour} <= 24 and ${table.workdayStartHour} < ${table.workdayEndHour}`,
    ),
  ],
);

/** A member's written update for one week (the Monday it starts on). Never scored. */
export const teamUpdates = pgTable(
  "team_updates",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    weekStart: date("week_start", { mode: "string" }).notNull(),
    moved: text("moved").notNull(),
    blocked: text("blocked").notNull(),
    next: text("next").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex("team_updates_member_week_key").on(table.teamId, table.userId, table.weekStart)],
);

/**
 * One email prompt or digest per team, kind and week: the row is claimed before sending, and its
 * primary key keeps a retried or doubled job from sending twice.
 */
export const teamPracticeMailings = pgTable(
  "team_practice_mailings",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
    kind: text("kind", { enum: ["update_prompt", "update_digest"] }).notNull(),
    weekStart: date("week_start", { mode: "string" }).notNull(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.teamId, table.kind, table.weekStart] })],
);

export const retroPrompts = ["went_well", "to_improve", "ideas"] as const;
export type RetroPrompt = (typeof retroPrompts)[number];

/** A retrospective board: one per team and sprint. */
export const retroBoards = pgTable(
  "retro_boards",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
    sprint: text("sprint").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex("retro_boards_team_sprint_key").on(table.teamId, table.sprint)],
);

/**
 * An item on a board. Its author is deliberately not stored: an anonymous retro only stays
 * anonymous if no admin, export or database reader can find out who wrote what.
 */
export const retroItems = pgTable(
  "retro_items",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    boardId: uuid("board_id")
      .notNull()
      .references(() => retroBoards.id),
    prompt: text("prompt", { enum: retroPrompts }).notNull(),
    text: text("text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("retro_items_board_idx").on(table.boardId)],
);

/** One vote per person per item (the key); who voted is never shown, only the count. */
export const retroVotes = pgTable(
  "retro_votes",
  {
    itemId: uuid("item_id")
      .notNull()
      .references(() => retroItems.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.itemId, table.userId] })],
);

/** An action item with an owner; it carries over to the team's later boards until closed. */
export const retroActions = pgTable(
  "retro_actions",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
    boardId: uuid("board_id")
      .notNull()
      .references(() => retroBoards.id),
    text: text("text").notNull(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (table) => [index("retro_actions_team_idx").on(table.teamId)],
);

/**
 * A member's imported calendar, reduced to busy intervals: no titles, attendees or places are
 * kept, only when the member was in a meeting, which is all focus time needs. All-day events
 * are stored as `isAllDay` (the member was away, so the day counts neither way).
 */
export const calendarBusyTimes = pgTable(
  "calendar_busy_times",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    isAllDay: boolean("is_all_day").notNull(),
  },
  (table) => [index("calendar_busy_times_user_idx").on(table.organizationId, table.userId, table.startsAt)],
);

/** When a member last imported their calendar, and from what kind of source (never the URL). */
export const calendarImports = pgTable(
  "calendar_imports",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    source: text("source", { enum: ["file", "url"] }).notNull(),
    eventCount: integer("event_count").notNull(),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.userId] })],
);
