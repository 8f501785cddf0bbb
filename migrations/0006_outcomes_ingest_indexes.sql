DROP INDEX "outcome_deployments_service_finished_idx";--> statement-breakpoint
DROP INDEX "outcome_incidents_org_created_idx";--> statement-breakpoint
DROP INDEX "outcome_changes_identity_key";--> statement-breakpoint
DROP INDEX "outcome_deployments_identity_key";--> statement-breakpoint
DROP INDEX "outcome_incidents_identity_key";--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_changes_identity_key" ON "outcome_changes" USING btree ("service_id","source","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_deployments_identity_key" ON "outcome_deployments" USING btree ("service_id","source","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_incidents_identity_key" ON "outcome_incidents" USING btree ("service_id","source","external_id");