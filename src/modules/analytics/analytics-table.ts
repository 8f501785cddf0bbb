import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations } from "../../platform/db/schema.ts";

/**
 * An organisation's hiring history imported from another system (applications.csv). Rows are
 * numbered 1…n per import (`application_number`): stages and ratings point at that number, an
 * integer join instead of the file's text refs, and an import replaces the whole history, so
 * the numbers never need to survive one. `application_ref` is the other system's pseudonymous
 * id, kept only to name rows in reports; nothing links it to an Evident candidate.
 */
export const importedApplications = pgTable(
  "analytics_imported_applications",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    applicationNumber: integer("application_number").notNull(),
    applicationRef: text("application_ref").notNull(),
    role: text("role").notNull(),
    workModel: text("work_model"),
    /** null: not decided. */
    hired: boolean("hired"),
    hireWorkModel: text("hire_work_model"),
    /** Self-identified group, trimmed; "not_disclosed" when the file left it empty. */
    gender: text("gender").notNull(),
    raceEthnicity: text("race_ethnicity").notNull(),
    outcome6m: smallint("outcome_6m"),
    retained12m: boolean("retained_12m"),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.applicationNumber] }),
    check("analytics_imported_outcome_check", sql`${table.outcome6m} between 1 and 4`),
  ],
);

/** One stage an imported application reached (stages.csv). */
export const importedStages = pgTable(
  "analytics_imported_stages",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    applicationNumber: integer("application_number").notNull(),
    stage: text("stage").notNull(),
    stageOrder: integer("stage_order").notNull(),
    passed: boolean("passed").notNull(),
    enteredAt: date("entered_at", { mode: "string" }),
    /**
     * Derived at import so the analytics need not aggregate a million ratings per request: the
     * application's ratings at this stage (count, sum, sum of squared deviations from their mean)
     * and its days in the stage (to the entered_at of the next stage it reached; null when
     * unknown), as statistics/funnel.ts defines them.
     */
    ratingCount: integer("rating_count").notNull().default(0),
    ratingSum: doublePrecision("rating_sum").notNull().default(0),
    ratingSquares: doublePrecision("rating_squares").notNull().default(0),
    daysInStage: doublePrecision("days_in_stage"),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.stage, table.applicationNumber] })],
);

/** One interviewer's overall 1–4 rating of one imported application at one stage (ratings.csv). */
export const importedRatings = pgTable(
  "analytics_imported_ratings",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    applicationNumber: integer("application_number").notNull(),
    stage: text("stage").notNull(),
    /** The other system's pseudonymous interviewer id. */
    interviewerRef: text("interviewer_ref").notNull(),
    rating: smallint("rating").notNull(),
  },
  (table) => [
    // Every analytics query reads one organisation's ratings stage by stage, application by application.
    index("analytics_imported_ratings_stage_idx").on(
      table.organizationId,
      table.stage,
      table.applicationNumber,
    ),
    check("analytics_imported_rating_check", sql`${table.rating} between 1 and 4`),
  ],
);

export const reviewPeriods = ["90d", "6m", "12m"] as const;
export type ReviewPeriod = (typeof reviewPeriods)[number];

/** The five dimensions every post-hire review rates (docs/analytics.md gives the anchors). */
export const reviewDimensions = [
  "problem_solving",
  "operational_ownership",
  "delivery",
  "collaboration",
  "written_communication",
] as const;
export type ReviewDimension = (typeof reviewDimensions)[number];

export const leavingReasons = [
  "performance",
  "role_fit",
  "work_model",
  "compensation",
  "career_move",
  "relocation",
  "personal",
  "layoff",
  "other",
] as const;

export interface PostHireRating {
  dimension: ReviewDimension;
  level: 1 | 2 | 3 | 4;
  evidence: string;
}

/**
 * A structured review of a hire by their manager at 90 days, 6 months or 12 months: anchored
 * 1–4 ratings on the five dimensions, each with an evidence note, an overall 1–4, and at 12
 * months whether they are still employed (and if not, why, as a category). One per hire and
 * period. The 6-month overall is the live `outcome_6m`; the 12-month `still_employed` the live
 * `retained_12m`.
 */
export const postHireReviews = pgTable(
  "post_hire_reviews",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    applicationId: uuid("application_id").notNull(),
    period: text("period", { enum: reviewPeriods }).notNull(),
    reviewerUserId: uuid("reviewer_user_id").notNull(),
    ratings: jsonb("ratings").$type<PostHireRating[]>().notNull(),
    overall: smallint("overall").notNull(),
    stillEmployed: boolean("still_employed"),
    leavingReason: text("leaving_reason", { enum: leavingReasons }),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex("post_hire_reviews_period_key").on(table.applicationId, table.period),
    index("post_hire_reviews_org_idx").on(table.organizationId, table.period),
    check("post_hire_reviews_overall_check", sql`${table.overall} between 1 and 4`),
  ],
);

/** Reminders already sent, one per hire and period, so the daily job never repeats one. */
export const postHireReviewReminders = pgTable(
  "post_hire_review_reminders",
  {
    applicationId: uuid("application_id").notNull(),
    period: text("period", { enum: reviewPeriods }).notNull(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.applicationId, table.period] })],
);
