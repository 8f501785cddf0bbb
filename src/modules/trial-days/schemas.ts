import { z } from "zod";
import { dateTimeSchema, textSchema, uuidParam } from "../../server/schemas.ts";
import { trialDayPaymentStatuses, trialDaySessionKinds, trialDayStatuses } from "./trial-days-table.ts";

const clockTime = textSchema.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be a time HH:MM, e.g. 09:30");
const behaviourId = textSchema.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a kit attribute id").max(60);

export const trialDaySessionInputSchema = z.object({
  /** Keep a session's id when editing, so its filed observation forms stay with it. */
  id: textSchema
    .regex(/^[A-Za-z0-9-]+$/, "letters, digits and hyphens")
    .min(1)
    .max(60)
    .optional(),
  kind: z.enum(trialDaySessionKinds),
  title: textSchema.trim().min(1).max(120),
  startTime: clockTime,
  endTime: clockTime,
  room: textSchema.trim().max(120).nullable().default(null),
  hostIds: z
    .array(z.uuid({ error: "must be a member's id" }))
    .max(10)
    .default([]),
  observerIds: z
    .array(z.uuid({ error: "must be a member's id" }))
    .max(10)
    .default([]),
  behaviourIds: z.array(behaviourId).max(12).default([]),
});

export const trialDayPlanBody = z.object({
  date: textSchema.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD"),
  candidateTimeZone: textSchema.min(1).max(64).describe("IANA time zone name, e.g. Europe/Lisbon"),
  dayStart: clockTime,
  dayEnd: clockTime,
  location: textSchema.trim().min(1).max(300),
  sessions: z.array(trialDaySessionInputSchema).min(1).max(16),
});

const ratingSchema = z.object({
  behaviourId: z.string(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  evidence: z.string(),
});

export const trialDayObservationSchema = z
  .object({
    id: z.uuid(),
    sessionId: z.string(),
    observerId: z.uuid(),
    observerName: z.string(),
    isMine: z.boolean(),
    ratings: z.array(ratingSchema),
    flaggedTerms: z.array(z.string()).describe("Note-guard phrases found in the evidence notes"),
    submittedAt: z.string(),
  })
  .meta({ id: "TrialDayObservation" });

const behaviourSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  levels: z.array(z.object({ level: z.number().int(), label: z.string(), anchor: z.string() })),
});

const personSchema = z.object({ id: z.uuid(), name: z.string() });

export const paymentSchema = z
  .object({
    isPaid: z.boolean(),
    amount: z.string().nullable().describe("Decimal, e.g. 350.00"),
    currency: z.string().nullable(),
    status: z.enum(trialDayPaymentStatuses).nullable(),
    paidAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: "TrialDayPayment" });

const staffSessionSchema = z.object({
  id: z.string(),
  kind: z.enum(trialDaySessionKinds),
  title: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  room: z.string().nullable(),
  hostIds: z.array(z.uuid()),
  observerIds: z.array(z.uuid()),
  /** The behaviours the forms rate (the planner's choice, or the defaults for the kind). */
  behaviourIds: z.array(z.string()),
  /** The planner's own choice; empty when the defaults apply. */
  chosenBehaviourIds: z.array(z.string()),
  isScored: z.boolean(),
  isOptional: z.boolean(),
  isMyObservation: z.boolean().describe("The caller observes this session and owes a form"),
  hasMyForm: z.boolean(),
  /** The caller's own form always; the others' once the caller has filed theirs (or for the hiring team). */
  observations: z.array(trialDayObservationSchema),
  /** How many forms are filed, including those the caller may not see yet. */
  filedCount: z.number().int(),
});

export const trialDaySchema = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    stageId: z.uuid(),
    stageName: z.string(),
    candidateName: z.string().nullable(),
    roleTitle: z.string(),
    status: z.enum(trialDayStatuses),
    date: z.string(),
    candidateTimeZone: z.string(),
    dayStart: z.string(),
    dayEnd: z.string(),
    location: z.string(),
    calendarSequence: z.number().int(),
    firstSentAt: z.string().nullable(),
    kit: z.object({ id: z.uuid(), slug: z.string(), title: z.string() }),
    behaviours: z.array(behaviourSchema),
    people: z.array(personSchema),
    sessions: z.array(staffSessionSchema),
    canPlan: z.boolean(),
    canSeePayment: z.boolean(),
    /** Recruiters and admins only; null for everyone else and while nothing is recorded. */
    payment: paymentSchema.nullable(),
  })
  .meta({ id: "TrialDay" });

export const trialDayStageSchema = z
  .object({
    applicationId: z.uuid(),
    stageId: z.uuid(),
    stageName: z.string(),
    candidateName: z.string().nullable(),
    roleTitle: z.string(),
    kit: z.object({ id: z.uuid(), slug: z.string(), title: z.string() }),
    behaviours: z.array(behaviourSchema),
    trialDay: trialDaySchema.nullable(),
  })
  .meta({ id: "TrialDayOfApplication" });

export const sessionParams = z.object({
  applicationId: uuidParam,
  sessionId: textSchema.regex(/^[A-Za-z0-9-]+$/, "letters, digits and hyphens").max(60),
});

export const observationBody = z.object({
  ratings: z
    .array(
      z.object({
        behaviourId,
        level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
        evidence: textSchema.trim().min(1).max(4000),
      }),
    )
    .min(1)
    .max(12),
});

export const paymentBody = z.object({
  isPaid: z.boolean(),
  amount: z
    .number()
    .positive()
    .max(1_000_000)
    .refine((value) => Math.round(value * 100) === value * 100, { error: "at most two decimals" })
    .nullable()
    .default(null),
  currency: textSchema
    .regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code, e.g. EUR")
    .nullable()
    .default(null),
  status: z.enum(trialDayPaymentStatuses).nullable().default(null),
  paidAt: dateTimeSchema.nullable().default(null),
});

const candidateSessionSchema = z.object({
  id: z.string(),
  kind: z.enum(trialDaySessionKinds),
  title: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  room: z.string().nullable(),
  hosts: z.array(z.string()).describe("The hosts' names"),
  isOptional: z.boolean(),
  /** Whether observers take notes in this session; the candidate is told in advance. */
  isObserved: z.boolean(),
});

export const candidateTrialDaySchema = z
  .object({
    applicationId: z.uuid(),
    roleTitle: z.string(),
    organizationName: z.string(),
    status: z.enum(["sent", "cancelled"]),
    date: z.string(),
    dateLocal: z.string().describe("The date written out, e.g. Tue, 15 Dec 2026"),
    candidateTimeZone: z.string(),
    dayStart: z.string(),
    dayEnd: z.string(),
    location: z.string(),
    sessions: z.array(candidateSessionSchema),
  })
  .meta({ id: "CandidateTrialDay" });

export type TrialDayPlanInput = z.infer<typeof trialDayPlanBody>;
export type TrialDayView = z.infer<typeof trialDaySchema>;
export type TrialDayStageView = z.infer<typeof trialDayStageSchema>;
export type TrialDayObservationView = z.infer<typeof trialDayObservationSchema>;
export type TrialDayObservationInput = z.infer<typeof observationBody>;
export type TrialDayPaymentInput = z.infer<typeof paymentBody>;
export type TrialDayPaymentView = z.infer<typeof paymentSchema>;
export type CandidateTrialDayView = z.infer<typeof candidateTrialDaySchema>;
