CREATE TABLE "hires" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"team_id" uuid,
	"work_model" text,
	"level" text,
	"start_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integration_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"source" text NOT NULL,
	"delivery_id" text NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"event_count" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcome_changes" (
	"organization_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"author" text NOT NULL,
	"first_commit_at" timestamp (3) with time zone,
	"opened_at" timestamp (3) with time zone NOT NULL,
	"first_review_at" timestamp (3) with time zone,
	"merged_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "outcome_deployments" (
	"organization_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"environment" text NOT NULL,
	"result" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone NOT NULL,
	"change_external_ids" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcome_incidents" (
	"organization_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"resolved_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "outcome_settings" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"auto_create_services" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"work_model" text NOT NULL,
	"location" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_work_model_check" CHECK ("teams"."work_model" in ('onsite', 'remote', 'hybrid'))
);
--> statement-breakpoint
ALTER TABLE "hires" ADD CONSTRAINT "hires_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hires" ADD CONSTRAINT "hires_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hires" ADD CONSTRAINT "hires_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hires" ADD CONSTRAINT "hires_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_deliveries" ADD CONSTRAINT "integration_deliveries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_changes" ADD CONSTRAINT "outcome_changes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_changes" ADD CONSTRAINT "outcome_changes_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_deployments" ADD CONSTRAINT "outcome_deployments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_deployments" ADD CONSTRAINT "outcome_deployments_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_incidents" ADD CONSTRAINT "outcome_incidents_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_incidents" ADD CONSTRAINT "outcome_incidents_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_settings" ADD CONSTRAINT "outcome_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hires_application_key" ON "hires" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "hires_org_team_idx" ON "hires" USING btree ("organization_id","team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "integration_deliveries_key" ON "integration_deliveries" USING btree ("organization_id","source","delivery_id");--> statement-breakpoint
CREATE INDEX "integration_deliveries_org_received_idx" ON "integration_deliveries" USING btree ("organization_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_changes_identity_key" ON "outcome_changes" USING btree ("organization_id","service_id","source","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_deployments_identity_key" ON "outcome_deployments" USING btree ("organization_id","service_id","source","external_id");--> statement-breakpoint
CREATE INDEX "outcome_deployments_service_finished_idx" ON "outcome_deployments" USING btree ("service_id","finished_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_incidents_identity_key" ON "outcome_incidents" USING btree ("organization_id","service_id","source","external_id");--> statement-breakpoint
CREATE INDEX "outcome_incidents_org_created_idx" ON "outcome_incidents" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "services_org_name_key" ON "services" USING btree ("organization_id","name");--> statement-breakpoint
CREATE INDEX "services_team_idx" ON "services" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_org_name_key" ON "teams" USING btree ("organization_id","name");