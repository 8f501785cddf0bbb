import { sql } from "drizzle-orm";
import {
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
import { planStages } from "../plans/plans-table.ts";

export const packageStatuses = ["validating", "valid", "invalid"] as const;
export type PackageStatus = (typeof packageStatuses)[number];

/**
 * An organisation's own challenge package, uploaded as a zip. Every file of a package is text
 * (manifest, prompt, starters, tests, solutions), stored as a path → content map. A package is
 * usable in hiring plans only once its references and wrong solutions graded as declared.
 */
export const challengePackages = pgTable(
  "challenge_packages",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** The manifest's id; stages refer to challenges by it. Never the id of a built-in challenge. */
    challengeId: text("challenge_id").notNull(),
    title: text("title").notNull(),
    kind: text("kind").notNull(),
    languages: text("languages").array().notNull(),
    files: jsonb("files").$type<Record<string, string>>().notNull(),
    status: text("status", { enum: packageStatuses }).notNull(),
    /** The validation report: structural problems, then each solution's score. */
    report: jsonb("report").$type<unknown>(),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    validatedAt: timestamp("validated_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("challenge_packages_org_challenge_key").on(table.organizationId, table.challengeId),
  ],
);

/**
 * A candidate's take of the challenge of one async_challenge stage: opened in the portal,
 * due by the stage's deadline. Attempts are its submissions; time spent runs from opening to
 * the last final submission.
 */
export const challengeAttempts = pgTable(
  "challenge_attempts",
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
    challengeId: text("challenge_id").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }),
    /** The candidate's working copy, saved from the editor so a reload loses nothing. */
    draftLanguage: text("draft_language"),
    draftFiles: jsonb("draft_files").$type<Record<string, string>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("challenge_attempts_application_stage_key").on(table.applicationId, table.stageId)],
);

export const submissionModes = ["run", "submit"] as const;
export type SubmissionMode = (typeof submissionModes)[number];
export const submissionStatuses = ["queued", "grading", "graded", "failed"] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];
/**
 * Why a submission failed: `infrastructure` (the grader could not run code here, e.g. bubblewrap
 * missing; not the candidate's failure, graded again automatically once the sandbox works) or
 * `unusable` (the submission or package cannot be graded as stored: a language no longer offered).
 */
export const submissionFailureKinds = ["infrastructure", "unusable"] as const;
export type SubmissionFailureKind = (typeof submissionFailureKinds)[number];

/**
 * One Run (visible tests only) or Submit (every test) of an attempt: queued → grading (a worker
 * took it) → graded or failed. The grading job writes the result once: a retried job finds it
 * graded and leaves it alone.
 */
export const challengeSubmissions = pgTable(
  "challenge_submissions",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    attemptId: uuid("attempt_id")
      .notNull()
      .references(() => challengeAttempts.id),
    mode: text("mode", { enum: submissionModes }).notNull(),
    language: text("language").notNull(),
    files: jsonb("files").$type<Record<string, string>>().notNull(),
    /** A Run of one visible test only (the editor's per-test Run); null runs every visible test. */
    testName: text("test_name"),
    status: text("status", { enum: submissionStatuses }).notNull().default("queued"),
    /** The grade report (engine.ts GradeReport) for reviewers; candidates get a filtered view. */
    result: jsonb("result").$type<unknown>(),
    score: integer("score"),
    maxScore: integer("max_score"),
    verdict: text("verdict"),
    /** Why grading itself failed (not the candidate's code): shown to staff, retried by the queue. */
    error: text("error"),
    failureKind: text("failure_kind", { enum: submissionFailureKinds }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    gradedAt: timestamp("graded_at", { withTimezone: true }),
  },
  (table) => [
    index("challenge_submissions_attempt_idx").on(table.attemptId, table.createdAt),
    check("challenge_submissions_score_check", sql`${table.score} is null or ${table.score} >= 0`),
  ],
);

/**
 * An earlier grade of a submission that an admin had graded again (a regrade): the report as it
 * stood, kept readable for reviewers. The submission row always holds the latest grade, which is
 * the one that counts; these rows are its history, oldest first by supersededAt.
 */
export const challengeSubmissionEarlierGrades = pgTable(
  "challenge_submission_earlier_grades",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => challengeSubmissions.id),
    status: text("status", { enum: submissionStatuses }).notNull(),
    result: jsonb("result").$type<unknown>(),
    score: integer("score"),
    maxScore: integer("max_score"),
    verdict: text("verdict"),
    error: text("error"),
    failureKind: text("failure_kind", { enum: submissionFailureKinds }),
    gradedAt: timestamp("graded_at", { withTimezone: true }),
    /** When the regrade replaced this grade, and who asked for it. */
    supersededAt: timestamp("superseded_at", { withTimezone: true }).notNull(),
    supersededBy: uuid("superseded_by").references(() => users.id),
  },
  (table) => [index("challenge_submission_earlier_grades_submission_idx").on(table.submissionId)],
);
