ALTER TABLE "outcome_changes" DROP CONSTRAINT "outcome_changes_organization_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "outcome_changes" DROP CONSTRAINT "outcome_changes_service_id_services_id_fk";
--> statement-breakpoint
ALTER TABLE "outcome_deployments" DROP CONSTRAINT "outcome_deployments_organization_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "outcome_deployments" DROP CONSTRAINT "outcome_deployments_service_id_services_id_fk";
--> statement-breakpoint
ALTER TABLE "outcome_incidents" DROP CONSTRAINT "outcome_incidents_organization_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "outcome_incidents" DROP CONSTRAINT "outcome_incidents_service_id_services_id_fk";
