CREATE TABLE "scorecard_nudges" (
	"interview_id" uuid NOT NULL,
	"interviewer_id" uuid NOT NULL,
	"nudged_on" date NOT NULL,
	"organization_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "scorecard_nudges_interview_id_interviewer_id_nudged_on_pk" PRIMARY KEY("interview_id","interviewer_id","nudged_on")
);
--> statement-breakpoint
CREATE TABLE "slack_webhooks" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"sealed_url" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "interviews" ADD COLUMN "calendar_sequence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_stages" ADD COLUMN "target_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "scorecard_nudges" ADD CONSTRAINT "scorecard_nudges_interview_id_interviews_id_fk" FOREIGN KEY ("interview_id") REFERENCES "public"."interviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_nudges" ADD CONSTRAINT "scorecard_nudges_interviewer_id_users_id_fk" FOREIGN KEY ("interviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_nudges" ADD CONSTRAINT "scorecard_nudges_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_webhooks" ADD CONSTRAINT "slack_webhooks_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_stages" ADD CONSTRAINT "plan_stages_target_days_check" CHECK ("plan_stages"."target_days" between 1 and 365);