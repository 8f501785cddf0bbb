/** Every table of the product, for drizzle's relational queries and drizzle-kit. */

export * from "../../modules/analytics/analytics-table.ts";
export * from "../../modules/candidates/candidates-table.ts";
export * from "../../modules/challenges/grading-table.ts";
export * from "../../modules/decisions/decisions-table.ts";
export * from "../../modules/exercises/exercises-table.ts";
export * from "../../modules/files/files-table.ts";
export * from "../../modules/interviews/interviews-table.ts";
export * from "../../modules/kits/kits-table.ts";
export * from "../../modules/mail/mail-table.ts";
export * from "../../modules/outcomes/connectors/integrations-table.ts";
export * from "../../modules/outcomes/outcomes-table.ts";
export * from "../../modules/outcomes/uptime/uptime-table.ts";
export * from "../../modules/pads/pads-table.ts";
export * from "../../modules/plans/plans-table.ts";
export * from "../../modules/portal/portal-table.ts";
export * from "../../modules/roles/roles-table.ts";
export * from "../../modules/team-practices/team-practices-table.ts";
export * from "../../modules/trial-days/trial-days-table.ts";
export * from "../../modules/work-queue/work-queue-table.ts";
export * from "./schema.ts";
