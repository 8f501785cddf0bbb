ALTER TABLE "roles" ADD COLUMN "team_id" uuid;--> statement-breakpoint
CREATE INDEX "roles_team_idx" ON "roles" USING btree ("team_id");--> statement-breakpoint
-- Declared here, not in roles-table.ts: the teams table (outcomes module) imports the roles table.
ALTER TABLE "roles" ADD CONSTRAINT "roles_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Roles whose free-text team names an existing team (ignoring case) are linked to it.
UPDATE "roles" SET "team_id" = "teams"."id" FROM "teams" WHERE "teams"."organization_id" = "roles"."organization_id" AND lower("teams"."name") = lower("roles"."team");
