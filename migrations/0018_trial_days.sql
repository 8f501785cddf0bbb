CREATE TABLE "trial_day_observations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"trial_day_id" uuid NOT NULL,
	"session_id" text NOT NULL,
	"observer_id" uuid NOT NULL,
	"ratings" jsonb NOT NULL,
	"flagged_terms" text[] DEFAULT '{}'::text[] NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "trial_day_observations_ratings_check" CHECK (jsonb_array_length("trial_day_observations"."ratings") > 0)
);
--> statement-breakpoint
CREATE TABLE "trial_day_payments" (
	"trial_day_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"is_paid" boolean NOT NULL,
	"amount" numeric(12, 2),
	"currency" text,
	"status" text,
	"paid_at" timestamp with time zone,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "trial_day_payments_paid_check" CHECK ((not "trial_day_payments"."is_paid") or ("trial_day_payments"."amount" > 0 and "trial_day_payments"."currency" is not null and "trial_day_payments"."status" is not null)),
	CONSTRAINT "trial_day_payments_paid_at_check" CHECK (("trial_day_payments"."status" = 'paid') = ("trial_day_payments"."paid_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "trial_days" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"kit_version_id" uuid NOT NULL,
	"date" text NOT NULL,
	"candidate_time_zone" text NOT NULL,
	"day_start" text NOT NULL,
	"day_end" text NOT NULL,
	"location" text NOT NULL,
	"sessions" jsonb NOT NULL,
	"status" text NOT NULL,
	"calendar_sequence" integer DEFAULT 0 NOT NULL,
	"first_sent_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "trial_day_observations" ADD CONSTRAINT "trial_day_observations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_day_observations" ADD CONSTRAINT "trial_day_observations_trial_day_id_trial_days_id_fk" FOREIGN KEY ("trial_day_id") REFERENCES "public"."trial_days"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_day_observations" ADD CONSTRAINT "trial_day_observations_observer_id_users_id_fk" FOREIGN KEY ("observer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_day_payments" ADD CONSTRAINT "trial_day_payments_trial_day_id_trial_days_id_fk" FOREIGN KEY ("trial_day_id") REFERENCES "public"."trial_days"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_day_payments" ADD CONSTRAINT "trial_day_payments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_day_payments" ADD CONSTRAINT "trial_day_payments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_days" ADD CONSTRAINT "trial_days_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_days" ADD CONSTRAINT "trial_days_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_days" ADD CONSTRAINT "trial_days_stage_id_plan_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."plan_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_days" ADD CONSTRAINT "trial_days_kit_version_id_kit_versions_id_fk" FOREIGN KEY ("kit_version_id") REFERENCES "public"."kit_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_days" ADD CONSTRAINT "trial_days_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "trial_day_observations_key" ON "trial_day_observations" USING btree ("trial_day_id","session_id","observer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "trial_days_application_stage_key" ON "trial_days" USING btree ("application_id","stage_id");--> statement-breakpoint
CREATE INDEX "trial_days_org_idx" ON "trial_days" USING btree ("organization_id");