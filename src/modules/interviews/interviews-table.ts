import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations, users } from "../../platform/db/schema.ts";
import { applications } from "../candidates/candidates-table.ts";
import { kitVersions } from "../kits/kits-table.ts";
import { planStages } from "../plans/plans-table.ts";

export const interviewModes = ["onsite", "remote"] as const;
export const interviewStatuses = ["scheduled", "completed", "cancelled"] as const;

/** A scheduled interview of one application in one stage, with its frozen kit version. */
export const interviews = pgTable(
  "interviews",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    stageId: uuid("stage_id")
      .notNull()
      .references(() => planStages.id),
    kitVersionId: uuid("kit_version_id").references(() => kitVersions.id),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }).notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    mode: text("mode", { enum: interviewModes }).notNull(),
    room: text("room"),
    videoLink: text("video_link"),
    status: text("status", { enum: interviewStatuses }).notNull().default("scheduled"),
    /** The calendar invitation's SEQUENCE (RFC 5545): raised on each reschedule and on cancellation. */
    calendarSequence: integer("calendar_sequence").notNull().default(0),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("interviews_application_idx").on(table.applicationId),
    index("interviews_org_time_idx").on(table.organizationId, table.scheduledAt),
    check("interviews_duration_check", sql`${table.durationMinutes} between 5 and 600`),
    check(
      "interviews_place_check",
      sql`(${table.mode} = 'onsite' and ${table.room} is not null) or (${table.mode} = 'remote' and ${table.videoLink} is not null)`,
    ),
  ],
);

/** Who interviews: each files their own independent scorecard. */
export const interviewParticipants = pgTable(
  "interview_participants",
  {
    interviewId: uuid("interview_id")
      .notNull()
      .references(() => interviews.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
  },
  (table) => [
    primaryKey({ columns: [table.interviewId, table.userId] }),
    index("interview_participants_user_idx").on(table.userId),
  ],
);

export const recommendations = ["strong_no", "no", "yes", "strong_yes"] as const;

export interface ScorecardRating {
  attributeId: string;
  level: 1 | 2 | 3 | 4;
  evidence: string;
}

/**
 * An interviewer's ratings for one interview. Submitted scorecards are never changed: an
 * amendment is a new version that points at the one it supersedes.
 */
export const scorecards = pgTable(
  "scorecards",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    interviewId: uuid("interview_id")
      .notNull()
      .references(() => interviews.id),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    stageId: uuid("stage_id")
      .notNull()
      .references(() => planStages.id),
    interviewerId: uuid("interviewer_id")
      .notNull()
      .references(() => users.id),
    version: integer("version").notNull(),
    ratings: jsonb("ratings").$type<ScorecardRating[]>().notNull(),
    /** Mean of the ratings (1–4), stored so the decision formula reads one number per scorecard. */
    score: numeric("score", { precision: 4, scale: 3, mode: "number" }).notNull(),
    recommendation: text("recommendation", { enum: recommendations }).notNull(),
    amendsId: uuid("amends_id"),
    amendmentReason: text("amendment_reason"),
    /** Note-guard phrases found in the evidence notes when filed (note-guard/); calibration and the bias audit count them. */
    flaggedTerms: text("flagged_terms").array().notNull().default(sql`'{}'::text[]`),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("scorecards_version_key").on(table.interviewId, table.interviewerId, table.version),
    index("scorecards_application_idx").on(table.applicationId),
    check("scorecards_amendment_check", sql`(${table.version} = 1) = (${table.amendsId} is null)`),
  ],
);

/**
 * An interviewer's unfiled scorecard for one interview, saved while they type so it survives a
 * reload and follows them to another device. One row per interviewer and interview; it is
 * deleted when they file the scorecard. The body is free-form JSON (scorecards.ts
 * `scorecardDraftBody` documents its fields): a draft may be incomplete in every way a filed
 * scorecard may not.
 */
export const scorecardDrafts = pgTable(
  "scorecard_drafts",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    interviewId: uuid("interview_id")
      .notNull()
      .references(() => interviews.id),
    interviewerId: uuid("interviewer_id")
      .notNull()
      .references(() => users.id),
    body: jsonb("body").$type<ScorecardDraftBody>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.interviewId, table.interviewerId] })],
);

/** What a draft holds; every part is optional until the scorecard is filed. */
export interface ScorecardDraftBody {
  ratings: { attributeId: string; level: number | null; evidence: string }[];
  recommendation: (typeof recommendations)[number] | null;
  /** Private notes beside the ratings (live pads write here too); never filed with the scorecard. */
  privateNotes: string;
}
