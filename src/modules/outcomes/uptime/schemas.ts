import { z } from "zod";
import { dateTimeSchema, listResponse, textSchema, uuidParam } from "../../../server/schemas.ts";

export const probeBodySchema = z.strictObject({
  url: textSchema.max(2000).describe("http(s) only; link-local and metadata addresses are refused"),
  intervalSeconds: z.number().int().min(30, "must be at least 30 seconds").max(86_400),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  expectedStatus: z.number().int().min(100).max(599).default(200),
  isEnabled: z.boolean().optional(),
});

export const probeSchema = z
  .object({
    id: z.uuid(),
    serviceId: z.uuid(),
    url: z.string(),
    intervalSeconds: z.number().int(),
    timeoutMs: z.number().int(),
    expectedStatus: z.number().int(),
    isEnabled: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: "UptimeProbe" });

export const sloBodySchema = z.strictObject({
  targetPercent: z
    .number()
    .min(50, "must be at least 50")
    .max(99.999, "must be at most 99.999 (a 100 % target leaves no error budget)")
    .refine(
      (value) =>
        Number.isInteger(Math.round(value * 10_000)) &&
        Math.abs(value * 10_000 - Math.round(value * 10_000)) < 1e-6,
      {
        error: "must have at most 4 decimals",
      },
    ),
  windowDays: z.number().int().min(1).max(400).default(28),
});

export const sloSchema = z
  .object({ targetPercent: z.number(), windowDays: z.number().int(), isConfigured: z.boolean() })
  .meta({ id: "UptimeSlo" });

export const maintenanceBodySchema = z.strictObject({ startsAt: dateTimeSchema, endsAt: dateTimeSchema });
export const maintenanceWindowSchema = z
  .object({ id: z.uuid(), startsAt: z.string(), endsAt: z.string() })
  .meta({ id: "UptimeMaintenanceWindow" });

export const maxImportedChecks = 5000;
export const importChecksBodySchema = z.strictObject({
  checks: z
    .array(
      z.strictObject({
        checkedAt: dateTimeSchema,
        isGood: z.boolean(),
        statusCode: z.number().int().min(100).max(599).nullable().optional(),
        latencyMs: z.number().int().min(0).max(3_600_000).nullable().optional(),
      }),
    )
    .max(maxImportedChecks, `must hold at most ${maxImportedChecks} checks per request`),
});

const isoDay = z.iso.date({ error: "must be a date written YYYY-MM-DD" });
export const uptimeWindowQuerySchema = z
  .object({ from: isoDay.optional(), to: isoDay.optional() })
  .superRefine((query, context) => {
    if ((query.from === undefined) !== (query.to === undefined)) {
      context.addIssue({
        code: "custom",
        path: [query.from ? "to" : "from"],
        message: "give both from and to, or neither",
      });
      return;
    }
    if (query.from && query.to) {
      const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 + 1;
      if (days < 1)
        context.addIssue({
          code: "custom",
          path: ["to"],
          message: `must not be before from (${query.from})`,
        });
      else if (days > 400)
        context.addIssue({ code: "custom", path: ["to"], message: "makes a window longer than 400 days" });
    }
  });

export const sloSummarySchema = z
  .object({
    validChecks: z.number().int(),
    goodChecks: z.number().int(),
    excludedChecks: z.number().int(),
    availability: z.number().nullable(),
    targetPercent: z.number(),
    allowedBadChecks: z.number(),
    errorBudgetRemaining: z.number().nullable(),
    burnRate: z.number().nullable(),
  })
  .meta({ id: "UptimeSloSummary" });

const windowSchema = z.object({ from: z.string(), to: z.string() });

export const availabilitySchema = z
  .object({ window: windowSchema, slo: sloSchema, summary: sloSummarySchema, probe: probeSchema.nullable() })
  .meta({ id: "UptimeAvailability" });

export const burnDownSchema = z
  .object({
    window: windowSchema,
    slo: sloSchema,
    points: z.array(
      z.object({
        day: z.string(),
        validChecks: z.number().int(),
        goodChecks: z.number().int(),
        availability: z.number().nullable(),
        burnRate: z.number().nullable(),
        errorBudgetRemaining: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: "UptimeBurnDown" });

export const serviceParams = z.object({ serviceId: uuidParam });
export const maintenanceWindowParams = z.object({ serviceId: uuidParam, windowId: uuidParam });
export const maintenanceWindowList = listResponse(maintenanceWindowSchema);
export const importChecksResponse = z.object({ imported: z.number().int(), unchanged: z.number().int() });
