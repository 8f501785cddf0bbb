import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations, users } from "../../platform/db/schema.ts";
import { applications } from "../candidates/candidates-table.ts";
import { kitVersions } from "../kits/kits-table.ts";
import { planStages } from "../plans/plans-table.ts";

export const trialDaySessionKinds = [
  "pairing",
  "design_discussion",
  "team_meeting",
  "lunch",
  "other",
] as const;
export type TrialDaySessionKind = (typeof trialDaySessionKinds)[number];

/** draft: only the hiring team sees it; sent: the candidate and the team have the invitation; cancelled: withdrawn. */
export const trialDayStatuses = ["draft", "sent", "cancelled"] as const;
export type TrialDayStatus = (typeof trialDayStatuses)[number];

/** One session of the agenda, as the planner saved it (stored in the day's jsonb). */
export interface TrialDaySession {
  /** Stable across edits, so observation forms stay tied to their session. */
  id: string;
  kind: TrialDaySessionKind;
  title: string;
  /** "HH:MM" on the day's date, in the candidate's time zone. */
  startTime: string;
  endTime: string;
  room: string | null;
  hostIds: string[];
  observerIds: string[];
  /** The kit's rubric attributes observed in this session (the forms rate these). Empty for lunch. */
  behaviourIds: string[];
}

/** The trial day of an application in a trial_day stage: its date, place, agenda and invitation state. */
export const trialDays = pgTable(
  "trial_days",
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
    kitVersionId: uuid("kit_version_id")
      .notNull()
      .references(() => kitVersions.id),
    /** "YYYY-MM-DD", the calendar date in the candidate's zone. */
    date: text("date").notNull(),
    /** IANA name: the agenda's clock times are read in it. */
    candidateTimeZone: text("candidate_time_zone").notNull(),
    /** "HH:MM": the day's frame; every session lies inside it. */
    dayStart: text("day_start").notNull(),
    dayEnd: text("day_end").notNull(),
    location: text("location").notNull(),
    sessions: jsonb("sessions").$type<TrialDaySession[]>().notNull(),
    status: text("status", { enum: trialDayStatuses }).notNull(),
    /** The SEQUENCE of the last invitation sent (calendar clients keep the highest one per UID). */
    calendarSequence: integer("calendar_sequence").notNull().default(0),
    /** When the first invitation went out; null while the day has never been sent. */
    firstSentAt: timestamp("first_sent_at", { withTimezone: true }),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex("trial_days_application_stage_key").on(table.applicationId, table.stageId),
    index("trial_days_org_idx").on(table.organizationId),
  ],
);

export interface TrialDayRating {
  behaviourId: string;
  level: 1 | 2 | 3 | 4;
  evidence: string;
}

/** One observer's form for one scored session; final once filed. */
export const trialDayObservations = pgTable(
  "trial_day_observations",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    trialDayId: uuid("trial_day_id")
      .notNull()
      .references(() => trialDays.id),
    sessionId: text("session_id").notNull(),
    observerId: uuid("observer_id")
      .notNull()
      .references(() => users.id),
    ratings: jsonb("ratings").$type<TrialDayRating[]>().notNull(),
    /** Note-guard phrases found in the evidence notes when filed, as scorecards store them. */
    flaggedTerms: text("flagged_terms").array().notNull().default(sql`'{}'::text[]`),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex("trial_day_observations_key").on(table.trialDayId, table.sessionId, table.observerId),
    check("trial_day_observations_ratings_check", sql`jsonb_array_length(${table.ratings}) > 0`),
  ],
);

export const trialDayPaymentStatuses = ["planned", "paid"] as const;

/** Whether and how much the candidate is paid for the day; recruiters and admins only. */
export const trialDayPayments = pgTable(
  "trial_day_payments",
  {
    trialDayId: uuid("trial_day_id")
      .primaryKey()
      .references(() => trialDays.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    isPaid: boolean("is_paid").notNull(),
    amount: numeric("amount", { precision: 12, scale: 2 }),
    /** ISO 4217 code. */
    currency: text("currency"),
    status: text("status", { enum: trialDayPaymentStatuses }),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    updatedBy: uuid("updated_by")
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    check(
      "trial_day_payments_paid_check",
      sql`(not ${table.isPaid}) or (${table.amount} > 0 and ${table.currency} is not null and ${table.status} is not null)`,
    ),
    check(
      "trial_day_payments_paid_at_check",
      sql`(${table.status} = 'paid') = (${table.paidAt} is not null)`,
    ),
  ],
);
