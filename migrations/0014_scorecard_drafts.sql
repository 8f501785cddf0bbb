CREATE TABLE "scorecard_drafts" (
	"organization_id" uuid NOT NULL,
	"interview_id" uuid NOT NULL,
	"interviewer_id" uuid NOT NULL,
	"body" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "scorecard_drafts_interview_id_interviewer_id_pk" PRIMARY KEY("interview_id","interviewer_id")
);
--> statement-breakpoint
ALTER TABLE "scorecard_drafts" ADD CONSTRAINT "scorecard_drafts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_drafts" ADD CONSTRAINT "scorecard_drafts_interview_id_interviews_id_fk" FOREIGN KEY ("interview_id") REFERENCES "public"."interviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_drafts" ADD CONSTRAINT "scorecard_drafts_interviewer_id_users_id_fk" FOREIGN KEY ("interviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;