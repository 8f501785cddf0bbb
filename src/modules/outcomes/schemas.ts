import { z } from "zod";
import { listResponse, problemSchema, textSchema, uuidParam } from "../../server/schemas.ts";
import { workModels } from "../roles/roles-table.ts";
import { importKinds } from "./csv-import.ts";
import { cohortDimensions } from "./metrics.ts";
import { deliveryStatuses, outcomeSources } from "./outcomes-table.ts";

const isoDay = z.iso.date({ error: "must be a date written YYYY-MM-DD" });
const name = textSchema.trim().min(1, "must not be empty").max(200);

export const teamParams = z.object({ teamId: uuidParam });
export const serviceParams = z.object({ serviceId: uuidParam });
export const hireParams = z.object({ hireId: uuidParam });

const teamRef = z.object({ id: z.uuid(), name: z.string() });

export const teamSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    workModel: z.enum(workModels),
    location: z.string().nullable().describe("Office or time-zone band"),
    services: z.array(z.object({ id: z.uuid(), name: z.string() })),
    createdAt: z.string(),
  })
  .meta({ id: "Team" });

export const teamInputSchema = z.object({
  name,
  workModel: z.enum(workModels),
  location: textSchema.trim().max(200).nullable().optional().describe("Office or time-zone band"),
});

export const serviceSchema = z
  .object({ id: z.uuid(), name: z.string(), team: teamRef.nullable(), createdAt: z.string() })
  .meta({ id: "OutcomeService" });

export const serviceInputSchema = z.object({ name, teamId: z.uuid().nullable().optional() });

export const hireSchema = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    candidateId: z.uuid(),
    team: teamRef.nullable(),
    workModel: z.enum(workModels).nullable(),
    level: z.string().nullable(),
    startDate: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Hire" });

export const hireUpdateSchema = z.object({
  startDate: isoDay.nullable().optional(),
  teamId: z.uuid().nullable().optional(),
  level: textSchema.trim().min(1).max(100).nullable().optional(),
});

export const settingsSchema = z
  .object({
    autoCreateServices: z.boolean().describe("Events naming an unknown service create it (in no team)"),
  })
  .meta({ id: "OutcomeSettings" });

const report = z
  .union([z.literal("2021"), z.literal("2023")], { error: "must be 2021 or 2023" })
  .optional()
  .transform((year) =>
    year === undefined ? undefined : year === "2021" ? (2021 as const) : (2023 as const),
  );

/** service=NAME or team=ID (neither: every service of the organisation), and the window. */
export const scopeQuery = {
  service: textSchema.trim().min(1).max(200).optional().describe("A service's name"),
  team: uuidParam.optional().describe("A team's id: its services' events pooled"),
  from: isoDay.optional().describe("First day (UTC), inclusive; default: 364 days before `to`"),
  to: isoDay.optional().describe("Last day (UTC), inclusive; default: today"),
  report: report.describe("DORA report year of the bands: 2021 or 2023 (default)"),
};

export const doraQuery = z.object(scopeQuery);

export const weeklySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    report: z.union([z.literal(2021), z.literal(2023)]),
    weeks: z.array(
      z.object({
        week: z.string().describe("The Monday the week starts on"),
        from: z.string(),
        to: z.string(),
        deployments: z.int(),
        deploymentDays: z.int(),
        changes: z.int(),
        leadTimeMedianMinutes: z.number().nullable(),
        failedDeployments: z.int(),
        changeFailureRate: z.number().nullable(),
        incidents: z.int(),
        recoveryMedianMinutes: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: "DoraWeekly" });

export const incidentsQuery = z.object({
  ...scopeQuery,
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const incidentSchema = z
  .object({
    externalId: z.string(),
    service: z.string(),
    source: z.string(),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
    minutesToResolve: z.int().nullable(),
  })
  .meta({ id: "OutcomeIncident" });

export const cohortsQuery = z.object({
  by: z.enum(cohortDimensions).default("work_model"),
  from: scopeQuery.from,
  to: scopeQuery.to,
  report: scopeQuery.report,
  minGroupSize: z.coerce
    .number()
    .int()
    .min(5, "must be at least 5: smaller groups are never shown")
    .max(1000)
    .optional(),
});

const cohortMetrics = z.object({
  medianDeploymentDaysPerWeek: z.number().nullable(),
  leadTimeMedianMinutes: z.number().nullable(),
  changeFailureRate: z.number().nullable(),
  recoveryMedianMinutes: z.number().nullable(),
});

export const cohortsSchema = z
  .object({
    by: z.enum(cohortDimensions),
    unit: z.enum(["teams", "hires"]),
    minGroupSize: z.int(),
    report: z.union([z.literal(2021), z.literal(2023)]),
    from: z.string().nullable(),
    to: z.string().nullable(),
    groups: z.array(
      z.discriminatedUnion("status", [
        z.object({ key: z.string(), status: z.literal("ok"), size: z.int(), metrics: cohortMetrics }),
        z.object({
          key: z.string(),
          status: z.literal("too_few").describe("Fewer members than minGroupSize: too few to compare"),
          size: z.null(),
          metrics: z.null(),
        }),
      ]),
    ),
  })
  .meta({ id: "OutcomeCohorts" });

export const ingestResultSchema = z
  .object({
    stored: z.int().describe("Events stored new or replacing different stored fields"),
    unchanged: z.int().describe("Events identical to what was stored (replays)"),
    servicesCreated: z.array(z.string()).describe("Services created by these events, in no team yet"),
  })
  .meta({ id: "OutcomeIngestResult" });

export const eventsBodySchema = z.object({
  events: z
    .array(z.unknown())
    .describe("At most 1000 events: change, deployment or incident (docs/outcomes.md); validated one by one"),
});

export const importQuery = z.object({ kind: z.enum(importKinds) });

export const importBodySchema = z.object({
  csv: z.string().min(1, "is empty"),
  dryRun: z.boolean().default(false),
});

export const outcomeImportReportSchema = z
  .object({
    kind: z.enum(importKinds),
    dryRun: z.boolean(),
    rows: z.int(),
    stored: z.int(),
    unchanged: z.int(),
    servicesCreated: z.array(z.string()),
    ignoredColumns: z.array(z.string()),
    errors: z.array(
      z.object({
        row: z.int().describe("Spreadsheet row number: the header is row 1"),
        column: z.string(),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: "OutcomeImportReport" });

export const outcomeImportRefusedSchema = problemSchema
  .extend({ outcomeImport: outcomeImportReportSchema })
  .meta({ id: "OutcomeImportRefused", description: "Nothing imported: the report names every bad row" });

export const deliverySchema = z
  .object({
    id: z.uuid(),
    source: z.enum(outcomeSources),
    deliveryId: z.string(),
    status: z.enum(deliveryStatuses),
    error: z.string().nullable(),
    eventCount: z.int(),
    receivedAt: z.string(),
  })
  .meta({ id: "IntegrationDelivery" });

export const deliveriesQuery = z.object({
  source: z.enum(outcomeSources).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** POST /api/v1/outcomes/events: an optional sender's id names the delivery in the deliveries list. */
export const eventsDeliveryHeaders = z.object({ "x-delivery-id": z.string().max(200).optional() }).loose();
export const incidentList = listResponse(incidentSchema);
export const teamList = listResponse(teamSchema);

/** A team as a role's form offers it: no services, no outcomes. */
export const teamChoiceSchema = z
  .object({ id: z.uuid(), name: z.string(), workModel: z.enum(workModels) })
  .meta({ id: "TeamChoice" });
export const teamChoiceList = listResponse(teamChoiceSchema);
export const serviceListQuery = z.object({ unassigned: z.enum(["true", "false"]).optional() });
export const serviceList = listResponse(serviceSchema);
export const hireListQuery = z.object({ teamId: z.uuid().optional() });
export const hireList = listResponse(hireSchema);
export const deliveryList = listResponse(deliverySchema);
