CREATE TABLE "challenge_submission_earlier_grades" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"status" text NOT NULL,
	"result" jsonb,
	"score" integer,
	"max_score" integer,
	"verdict" text,
	"error" text,
	"failure_kind" text,
	"graded_at" timestamp with time zone,
	"superseded_at" timestamp with time zone NOT NULL,
	"superseded_by" uuid
);
--> statement-breakpoint
ALTER TABLE "challenge_submission_earlier_grades" ADD CONSTRAINT "challenge_submission_earlier_grades_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_submission_earlier_grades" ADD CONSTRAINT "challenge_submission_earlier_grades_submission_id_challenge_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."challenge_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_submission_earlier_grades" ADD CONSTRAINT "challenge_submission_earlier_grades_superseded_by_users_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "challenge_submission_earlier_grades_submission_idx" ON "challenge_submission_earlier_grades" USING btree ("submission_id");