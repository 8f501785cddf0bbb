import {
  bigint,
  customType,
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
import { interviews } from "../interviews/interviews-table.ts";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

export const padKinds = ["code", "design"] as const;
export const padLanguages = ["typescript", "javascript", "python", "sql"] as const;

/**
 * The live pad of one interview (pair programming: code; system design: code and whiteboard).
 * Its content is not stored here but in the update log and snapshots below, so that every
 * change can be replayed.
 */
export const pads = pgTable(
  "pads",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    interviewId: uuid("interview_id")
      .notNull()
      .references(() => interviews.id),
    kind: text("kind", { enum: padKinds }).notNull(),
    language: text("language", { enum: padLanguages }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** Set by erasure: the log and snapshots are gone and the pad stays empty and locked. */
    erasedAt: timestamp("erased_at", { withTimezone: true }),
  },
  (table) => [uniqueIndex("pads_interview_key").on(table.interviewId)],
);

/**
 * Every Yjs update a pad received, in order. Append-only: a trigger refuses UPDATE (migration
 * 0010), and the only DELETE is erasure's. `authorKind` is staff, candidate or system (runs).
 */
export const padUpdates = pgTable(
  "pad_updates",
  {
    padId: uuid("pad_id")
      .notNull()
      .references(() => pads.id),
    sequence: integer("sequence").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    authorKind: text("author_kind", { enum: ["staff", "candidate", "system"] }).notNull(),
    /** The user id (staff) or candidate id; null for the server's own writes. */
    authorId: uuid("author_id"),
    update: bytea("update").notNull(),
  },
  (table) => [primaryKey({ columns: [table.padId, table.sequence] })],
);

/** The whole document as one Yjs update after `sequence` updates; loading starts from the latest. */
export const padSnapshots = pgTable(
  "pad_snapshots",
  {
    padId: uuid("pad_id")
      .notNull()
      .references(() => pads.id),
    sequence: integer("sequence").notNull(),
    takenAt: timestamp("taken_at", { withTimezone: true }).notNull(),
    state: bytea("state").notNull(),
  },
  (table) => [primaryKey({ columns: [table.padId, table.sequence] })],
);

export const padMarkerKinds = ["run", "paste", "tab_hidden", "tab_visible"] as const;

/** Moments a reviewer may want to jump to in playback. Pastes are flagged, never judged. */
export const padMarkers = pgTable(
  "pad_markers",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    padId: uuid("pad_id")
      .notNull()
      .references(() => pads.id),
    at: timestamp("at", { withTimezone: true }).notNull(),
    kind: text("kind", { enum: padMarkerKinds }).notNull(),
    actorKind: text("actor_kind", { enum: ["staff", "candidate"] }).notNull(),
    actorId: uuid("actor_id"),
    /** e.g. the run's status or the paste's length; never the pasted text. */
    detail: text("detail"),
  },
  (table) => [index("pad_markers_pad_idx").on(table.padId, table.at)],
);

/**
 * Each interviewer's private panel document (notes per rubric attribute, timer), kept apart
 * from the pad's: the candidate never receives it, and co-interviewers never see each other's
 * notes, so their scorecards stay independent.
 */
export const padPanelStates = pgTable(
  "pad_panel_states",
  {
    padId: uuid("pad_id")
      .notNull()
      .references(() => pads.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    state: bytea("state").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.padId, table.userId] })],
);
