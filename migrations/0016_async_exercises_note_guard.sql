CREATE TABLE "exercise_activity" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exercise_definitions" (
	"stage_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"kit_version_id" uuid NOT NULL,
	"late_policy" text NOT NULL,
	"steps" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exercise_drafts" (
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"content" jsonb NOT NULL,
	"saved_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exercise_questions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"question" text NOT NULL,
	"asked_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"release_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "exercise_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"ratings" jsonb NOT NULL,
	"flagged_terms" text[] DEFAULT '{}'::text[] NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exercise_reviews_ratings_check" CHECK (jsonb_array_length("exercise_reviews"."ratings") > 0)
);
--> statement-breakpoint
CREATE TABLE "exercise_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"candidate_time_zone" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"steps" jsonb NOT NULL,
	"late_policy" text NOT NULL,
	"kit_version_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exercise_submissions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"is_late" boolean NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scorecards" ADD COLUMN "flagged_terms" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "exercise_activity" ADD CONSTRAINT "exercise_activity_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_activity" ADD CONSTRAINT "exercise_activity_run_id_exercise_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."exercise_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_definitions" ADD CONSTRAINT "exercise_definitions_stage_id_plan_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."plan_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_definitions" ADD CONSTRAINT "exercise_definitions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_definitions" ADD CONSTRAINT "exercise_definitions_kit_version_id_kit_versions_id_fk" FOREIGN KEY ("kit_version_id") REFERENCES "public"."kit_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_drafts" ADD CONSTRAINT "exercise_drafts_run_id_exercise_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."exercise_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_drafts" ADD CONSTRAINT "exercise_drafts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_questions" ADD CONSTRAINT "exercise_questions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_questions" ADD CONSTRAINT "exercise_questions_run_id_exercise_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."exercise_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_questions" ADD CONSTRAINT "exercise_questions_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_reviews" ADD CONSTRAINT "exercise_reviews_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_reviews" ADD CONSTRAINT "exercise_reviews_run_id_exercise_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."exercise_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_reviews" ADD CONSTRAINT "exercise_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_runs" ADD CONSTRAINT "exercise_runs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_runs" ADD CONSTRAINT "exercise_runs_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_runs" ADD CONSTRAINT "exercise_runs_stage_id_plan_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."plan_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_runs" ADD CONSTRAINT "exercise_runs_kit_version_id_kit_versions_id_fk" FOREIGN KEY ("kit_version_id") REFERENCES "public"."kit_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_submissions" ADD CONSTRAINT "exercise_submissions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_submissions" ADD CONSTRAINT "exercise_submissions_run_id_exercise_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."exercise_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exercise_activity_run_idx" ON "exercise_activity" USING btree ("run_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "exercise_drafts_key" ON "exercise_drafts" USING btree ("run_id","step_id");--> statement-breakpoint
CREATE INDEX "exercise_questions_run_idx" ON "exercise_questions" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exercise_reviews_key" ON "exercise_reviews" USING btree ("run_id","step_id","reviewer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exercise_runs_application_stage_key" ON "exercise_runs" USING btree ("application_id","stage_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exercise_submissions_version_key" ON "exercise_submissions" USING btree ("run_id","step_id","version");