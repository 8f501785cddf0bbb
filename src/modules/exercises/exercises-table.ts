import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
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

export const exerciseStepKinds = ["design_doc", "code_review", "whiteboard", "question_thread"] as const;
export type ExerciseStepKind = (typeof exerciseStepKinds)[number];

/** What happens to a submission after the step's deadline: refused, or kept and marked late. */
export const latePolicies = ["refuse", "accept_marked"] as const;
export type LatePolicy = (typeof latePolicies)[number];

/** One step of a multi-day exercise, as the hiring team defines it (stored in the definition's jsonb). */
export interface ExerciseStepDefinition {
  id: string;
  kind: ExerciseStepKind;
  title: string;
  /** Markdown shown to the candidate when the step is released. */
  brief: string;
  /** Hours after the exercise starts when the step is released. */
  releaseAfterHours: number;
  /** Hours the candidate has from the release to respond. */
  responseHours: number;
  /** code_review: the unified diff the candidate reviews. */
  diff: string | null;
  /** question_thread: working hours (Mon–Fri 09:00–17:00 in the candidate's zone) before an answer is shown. */
  answerDelayWorkingHours: number | null;
  /** The kit's rubric attributes reviewers rate for this step. */
  rubricAttributeIds: string[];
}

/** The exercise of one async_exercise stage: its steps, their schedule and the late policy. */
export const exerciseDefinitions = pgTable("exercise_definitions", {
  stageId: uuid("stage_id")
    .primaryKey()
    .references(() => planStages.id),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  kitVersionId: uuid("kit_version_id")
    .notNull()
    .references(() => kitVersions.id),
  latePolicy: text("late_policy", { enum: latePolicies }).notNull(),
  steps: jsonb("steps").$type<ExerciseStepDefinition[]>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One candidate's run of a stage's exercise: when it starts and the candidate's time zone. */
export const exerciseRuns = pgTable(
  "exercise_runs",
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
    /** IANA name; every release and deadline is shown in it and checked against its night. */
    candidateTimeZone: text("candidate_time_zone").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    /** The steps as they were when the run started, so later edits never move a candidate's deadlines. */
    steps: jsonb("steps").$type<ExerciseStepDefinition[]>().notNull(),
    latePolicy: text("late_policy", { enum: latePolicies }).notNull(),
    kitVersionId: uuid("kit_version_id")
      .notNull()
      .references(() => kitVersions.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("exercise_runs_application_stage_key").on(table.applicationId, table.stageId)],
);

/** The candidate's autosaved working copy of a step. */
export const exerciseDrafts = pgTable(
  "exercise_drafts",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => exerciseRuns.id),
    stepId: text("step_id").notNull(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    content: jsonb("content").$type<Record<string, unknown>>().notNull(),
    savedAt: timestamp("saved_at", { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex("exercise_drafts_key").on(table.runId, table.stepId)],
);

/** Every submitted version of a step; never changed. */
export const exerciseSubmissions = pgTable(
  "exercise_submissions",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    runId: uuid("run_id")
      .notNull()
      .references(() => exerciseRuns.id),
    stepId: text("step_id").notNull(),
    version: integer("version").notNull(),
    content: jsonb("content").$type<Record<string, unknown>>().notNull(),
    isLate: boolean("is_late").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex("exercise_submissions_version_key").on(table.runId, table.stepId, table.version)],
);

/** A clarifying question and the hiring team's answer, shown to the candidate from `releaseAt`. */
export const exerciseQuestions = pgTable(
  "exercise_questions",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    runId: uuid("run_id")
      .notNull()
      .references(() => exerciseRuns.id),
    stepId: text("step_id").notNull(),
    question: text("question").notNull(),
    askedAt: timestamp("asked_at", { withTimezone: true }).notNull(),
    answer: text("answer"),
    answeredBy: uuid("answered_by").references(() => users.id),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    releaseAt: timestamp("release_at", { withTimezone: true }),
  },
  (table) => [index("exercise_questions_run_idx").on(table.runId)],
);

export const exerciseActivityKinds = ["opened", "drafted", "submitted", "asked"] as const;

/** The candidate's activity timeline: context for reviewers, never scored, never shown to the candidate. */
export const exerciseActivity = pgTable(
  "exercise_activity",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    runId: uuid("run_id")
      .notNull()
      .references(() => exerciseRuns.id),
    stepId: text("step_id").notNull(),
    kind: text("kind", { enum: exerciseActivityKinds }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (table) => [index("exercise_activity_run_idx").on(table.runId, table.at)],
);

export interface ExerciseRating {
  attributeId: string;
  level: 1 | 2 | 3 | 4;
  evidence: string;
}

/** A reviewer's rating of one step against the kit's anchored rubric; one per reviewer and step. */
export const exerciseReviews = pgTable(
  "exercise_reviews",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    runId: uuid("run_id")
      .notNull()
      .references(() => exerciseRuns.id),
    stepId: text("step_id").notNull(),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => users.id),
    ratings: jsonb("ratings").$type<ExerciseRating[]>().notNull(),
    /** Note-guard terms found in the evidence notes when filed (counted by calibration and the bias audit). */
    flaggedTerms: text("flagged_terms").array().notNull().default(sql`'{}'::text[]`),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex("exercise_reviews_key").on(table.runId, table.stepId, table.reviewerId),
    check("exercise_reviews_ratings_check", sql`jsonb_array_length(${table.ratings}) > 0`),
  ],
);
