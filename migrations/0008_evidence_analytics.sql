CREATE TABLE "analytics_imported_applications" (
	"organization_id" uuid NOT NULL,
	"application_number" integer NOT NULL,
	"application_ref" text NOT NULL,
	"role" text NOT NULL,
	"work_model" text,
	"hired" boolean,
	"hire_work_model" text,
	"gender" text NOT NULL,
	"race_ethnicity" text NOT NULL,
	"outcome_6m" smallint,
	"retained_12m" boolean,
	"imported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "analytics_imported_applications_organization_id_application_number_pk" PRIMARY KEY("organization_id","application_number"),
	CONSTRAINT "analytics_imported_outcome_check" CHECK ("analytics_imported_applications"."outcome_6m" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "analytics_imported_ratings" (
	"organization_id" uuid NOT NULL,
	"application_number" integer NOT NULL,
	"stage" text NOT NULL,
	"interviewer_ref" text NOT NULL,
	"rating" smallint NOT NULL,
	CONSTRAINT "analytics_imported_rating_check" CHECK ("analytics_imported_ratings"."rating" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "analytics_imported_stages" (
	"organization_id" uuid NOT NULL,
	"application_number" integer NOT NULL,
	"stage" text NOT NULL,
	"stage_order" integer NOT NULL,
	"passed" boolean NOT NULL,
	"entered_at" date,
	"rating_count" integer DEFAULT 0 NOT NULL,
	"rating_sum" double precision DEFAULT 0 NOT NULL,
	"rating_squares" double precision DEFAULT 0 NOT NULL,
	"days_in_stage" double precision,
	CONSTRAINT "analytics_imported_stages_organization_id_stage_application_number_pk" PRIMARY KEY("organization_id","stage","application_number")
);
--> statement-breakpoint
CREATE TABLE "post_hire_review_reminders" (
	"application_id" uuid NOT NULL,
	"period" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "post_hire_review_reminders_application_id_period_pk" PRIMARY KEY("application_id","period")
);
--> statement-breakpoint
CREATE TABLE "post_hire_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"period" text NOT NULL,
	"reviewer_user_id" uuid NOT NULL,
	"ratings" jsonb NOT NULL,
	"overall" smallint NOT NULL,
	"still_employed" boolean,
	"leaving_reason" text,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "post_hire_reviews_overall_check" CHECK ("post_hire_reviews"."overall" between 1 and 4)
);
--> statement-breakpoint
ALTER TABLE "analytics_imported_applications" ADD CONSTRAINT "analytics_imported_applications_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_imported_ratings" ADD CONSTRAINT "analytics_imported_ratings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_imported_stages" ADD CONSTRAINT "analytics_imported_stages_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_hire_review_reminders" ADD CONSTRAINT "post_hire_review_reminders_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_hire_reviews" ADD CONSTRAINT "post_hire_reviews_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_imported_ratings_stage_idx" ON "analytics_imported_ratings" USING btree ("organization_id","stage","application_number");--> statement-breakpoint
CREATE UNIQUE INDEX "post_hire_reviews_period_key" ON "post_hire_reviews" USING btree ("application_id","period");--> statement-breakpoint
CREATE INDEX "post_hire_reviews_org_idx" ON "post_hire_reviews" USING btree ("organization_id","period");