import {
  applicationEvents,
  applications,
  candidates,
} from "../../src/modules/candidates/candidates-table.ts";
import { hiringDecisions } from "../../src/modules/decisions/decisions-table.ts";
import { storedFiles } from "../../src/modules/files/files-table.ts";
import {
  interviewParticipants,
  interviews,
  type ScorecardRating,
  scorecards,
} from "../../src/modules/interviews/interviews-table.ts";
import { planStages, type StageType } from "../../src/modules/plans/plans-table.ts";
import { roles, type WorkModel } from "../../src/modules/roles/roles-table.ts";
import type { Db } from "../../src/platform/db/client.ts";
import { newId } from "../../src/platform/ids.ts";

/**
 * Test-only seeding for the portal and privacy tests: direct inserts, so these tests do not
 * depend on the candidates, plans and interviews services (written and tested elsewhere).
 */

export interface SeededRole {
  roleId: string;
  title: string;
  stages: { id: string; name: string; type: StageType }[];
}

export async function seedRoleWithStages(
  db: Db,
  organizationId: string,
  options: { title?: string; workModel?: WorkModel } = {},
): Promise<SeededRole> {
  const roleId = newId();
  const title = options.title ?? `Backend Engineer ${roleId.slice(0, 6)}`;
  const workModel = options.workModel ?? "remote";
  await db.insert(roles).values({
    id: roleId,
    organizationId,
    title,
    team: "Platform",
    seniority: "senior",
    timezoneFromUtcOffset: -1,
    timezoneToUtcOffset: 3,
    headcount: 1,
    status: "open",
    workModel,
    onsiteDaysPerWeek: workModel === "hybrid" ? 2 : null,
  });
  const definitions: { name: string; type: StageType }[] = [
    { name: "Application review", type: "application_review" },
    { name: "System design", type: "system_design" },
    { name: "Pair programming", type: "pair_programming" },
  ];
  const stages = definitions.map((stage) => ({ id: newId(), ...stage }));
  await db.insert(planStages).values(
    stages.map((stage, position) => ({
      id: stage.id,
      organizationId,
      roleId,
      position,
      name: stage.name,
      type: stage.type,
      requiredRaters: 1,
      weight: stage.type === "application_review" ? 0 : 0.5,
    })),
  );
  return { roleId, title, stages };
}

export interface Person {
  fullName: string;
  email: string;
  phone?: string;
  location?: string;
  links?: string[];
  source?: string;
}

export async function seedCandidate(db: Db, organizationId: string, person: Person): Promise<string> {
  const id = newId();
  await db.insert(candidates).values({
    id,
    organizationId,
    fullName: person.fullName,
    email: person.email,
    phone: person.phone ?? null,
    location: person.location ?? null,
    links: person.links ?? [],
    source: person.source ?? null,
  });
  return id;
}

export interface SeededEvent {
  kind: (typeof applicationEvents.$inferInsert)["kind"];
  toStageId?: string | null;
  fromStageId?: string | null;
  reason?: string | null;
  note?: string | null;
  at: Date;
}

/** An application with its history; the last event's time becomes the application's updated_at. */
export async function seedApplication(
  db: Db,
  input: {
    organizationId: string;
    candidateId: string;
    roleId: string;
    currentStageId: string | null;
    status?: "active" | "rejected" | "withdrawn" | "hired";
    events: SeededEvent[];
  },
): Promise<string> {
  const id = newId();
  const first = input.events[0]?.at ?? new Date();
  const last = input.events.at(-1)?.at ?? first;
  await db.insert(applications).values({
    id,
    organizationId: input.organizationId,
    candidateId: input.candidateId,
    roleId: input.roleId,
    currentStageId: input.currentStageId,
    status: input.status ?? "active",
    rejectionReason: input.status === "rejected" ? "skills_gap" : null,
    createdAt: first,
    updatedAt: last,
  });
  for (const event of input.events) {
    await db.insert(applicationEvents).values({
      organizationId: input.organizationId,
      applicationId: id,
      kind: event.kind,
      fromStageId: event.fromStageId ?? null,
      toStageId: event.toStageId ?? null,
      reason: event.reason ?? null,
      note: event.note ?? null,
      createdAt: event.at,
    });
  }
  return id;
}

export async function seedInterview(
  db: Db,
  input: {
    organizationId: string;
    applicationId: string;
    stageId: string;
    scheduledAt: Date;
    durationMinutes?: number;
    mode?: "onsite" | "remote";
    room?: string;
    videoLink?: string;
    status?: "scheduled" | "completed" | "cancelled";
    participantIds?: string[];
  },
): Promise<string> {
  const id = newId();
  const mode = input.mode ?? "remote";
  await db.insert(interviews).values({
    id,
    organizationId: input.organizationId,
    applicationId: input.applicationId,
    stageId: input.stageId,
    scheduledAt: input.scheduledAt,
    durationMinutes: input.durationMinutes ?? 60,
    mode,
    room: mode === "onsite" ? (input.room ?? "Room 4.01") : null,
    videoLink: mode === "remote" ? (input.videoLink ?? "https://meet.example.test/interview") : null,
    status: input.status ?? "scheduled",
  });
  for (const userId of input.participantIds ?? []) {
    await db
      .insert(interviewParticipants)
      .values({ interviewId: id, userId, organizationId: input.organizationId });
  }
  return id;
}

export async function seedScorecard(
  db: Db,
  input: {
    organizationId: string;
    interviewId: string;
    applicationId: string;
    stageId: string;
    interviewerId: string;
    ratings: ScorecardRating[];
    recommendation: "strong_no" | "no" | "yes" | "strong_yes";
    amendsId?: string;
    version?: number;
    amendmentReason?: string;
  },
): Promise<string> {
  const id = newId();
  const score = input.ratings.reduce((sum, rating) => sum + rating.level, 0) / input.ratings.length;
  await db.insert(scorecards).values({
    id,
    organizationId: input.organizationId,
    interviewId: input.interviewId,
    applicationId: input.applicationId,
    stageId: input.stageId,
    interviewerId: input.interviewerId,
    version: input.version ?? 1,
    ratings: input.ratings,
    score,
    recommendation: input.recommendation,
    amendsId: input.amendsId ?? null,
    amendmentReason: input.amendmentReason ?? null,
  });
  return id;
}

export async function seedDecision(
  db: Db,
  input: {
    organizationId: string;
    applicationId: string;
    stageId: string;
    decidedBy: string;
    outcome: "hire" | "no_hire";
    overrideReason?: string;
  },
): Promise<string> {
  const id = newId();
  await db.insert(hiringDecisions).values({
    id,
    organizationId: input.organizationId,
    applicationId: input.applicationId,
    components: [
      {
        stageId: input.stageId,
        stageName: "System design",
        weight: 1,
        score: 3.5,
        raters: 1,
        requiredRaters: 1,
      },
    ],
    formulaScore: 3.5,
    threshold: 3,
    formulaOutcome: "hire",
    outcome: input.outcome,
    overrideReason: input.overrideReason ?? null,
    decidedBy: input.decidedBy,
  });
  return id;
}

export async function seedResume(
  db: Db,
  input: { organizationId: string; candidateId: string; filename: string; content: string },
): Promise<string> {
  const id = newId();
  const content = Buffer.from(input.content, "utf8");
  await db.insert(storedFiles).values({
    id,
    organizationId: input.organizationId,
    ownerType: "candidate",
    ownerId: input.candidateId,
    purpose: "resume",
    filename: input.filename,
    contentType: "text/plain",
    sizeBytes: content.length,
    content,
  });
  return id;
}

export const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
export const hoursFrom = (now: Date, hours: number) => new Date(now.getTime() + hours * 60 * 60 * 1000);
