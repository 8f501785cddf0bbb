CREATE TABLE "outcome_integrations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"sealed_webhook_secret" text NOT NULL,
	"sealed_api_token" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"secret_rotated_at" timestamp with time zone,
	CONSTRAINT "outcome_integrations_kind_check" CHECK ("outcome_integrations"."kind" in ('github', 'pagerduty', 'jira'))
);
--> statement-breakpoint
CREATE TABLE "uptime_checks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"source" text NOT NULL,
	"checked_at" timestamp (3) with time zone NOT NULL,
	"is_good" boolean NOT NULL,
	"status_code" integer,
	"latency_ms" integer,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "uptime_maintenance_windows" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "uptime_maintenance_order_check" CHECK ("uptime_maintenance_windows"."ends_at" > "uptime_maintenance_windows"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "uptime_probes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"url" text NOT NULL,
	"interval_seconds" integer NOT NULL,
	"timeout_ms" integer NOT NULL,
	"expected_status" integer NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uptime_probes_interval_check" CHECK ("uptime_probes"."interval_seconds" >= 30)
);
--> statement-breakpoint
CREATE TABLE "uptime_slos" (
	"service_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"target_ppm" integer NOT NULL,
	"window_days" integer NOT NULL,
	CONSTRAINT "uptime_slos_target_check" CHECK ("uptime_slos"."target_ppm" > 0 and "uptime_slos"."target_ppm" < 1000000)
);
--> statement-breakpoint
ALTER TABLE "outcome_integrations" ADD CONSTRAINT "outcome_integrations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uptime_checks" ADD CONSTRAINT "uptime_checks_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uptime_checks" ADD CONSTRAINT "uptime_checks_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uptime_maintenance_windows" ADD CONSTRAINT "uptime_maintenance_windows_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uptime_maintenance_windows" ADD CONSTRAINT "uptime_maintenance_windows_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uptime_probes" ADD CONSTRAINT "uptime_probes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uptime_probes" ADD CONSTRAINT "uptime_probes_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uptime_slos" ADD CONSTRAINT "uptime_slos_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uptime_slos" ADD CONSTRAINT "uptime_slos_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outcome_integrations_org_idx" ON "outcome_integrations" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uptime_checks_identity_key" ON "uptime_checks" USING btree ("service_id","source","checked_at");--> statement-breakpoint
CREATE INDEX "uptime_checks_org_service_time_idx" ON "uptime_checks" USING btree ("organization_id","service_id","checked_at");--> statement-breakpoint
CREATE INDEX "uptime_maintenance_service_idx" ON "uptime_maintenance_windows" USING btree ("service_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "uptime_probes_service_key" ON "uptime_probes" USING btree ("service_id");