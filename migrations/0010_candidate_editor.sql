ALTER TABLE "challenge_submissions" ADD COLUMN "test_name" text;--> statement-breakpoint
ALTER TABLE "plan_stages" ADD COLUMN "max_submits" integer DEFAULT 3 NOT NULL;