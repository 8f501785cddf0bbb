ALTER TABLE "challenge_submissions" ADD COLUMN "test_name" text;--> statement-breakpoint
ALTER TABLE "plan_stages" ADD COLUMN "max_submits" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_stages" ADD CONSTRAINT "plan_stages_max_submits_check" CHECK ("plan_stages"."max_submits" between 1 and 20);