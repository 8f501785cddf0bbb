import { expect } from "vitest";
import { createApiToken } from "../../src/modules/api-tokens/api-tokens.ts";
import { systemActor } from "../../src/modules/audit/audit-log.ts";
import {
  applications,
  candidateDemographics,
  candidates,
} from "../../src/modules/candidates/candidates-table.ts";
import { storedFiles } from "../../src/modules/files/files-table.ts";
import { ensureKitVersion } from "../../src/modules/kits/kits.ts";
import { builtInKits } from "../../src/modules/kits/library/index.ts";
import { addMember } from "../../src/modules/members/members.ts";
import { planStages, type StageType } from "../../src/modules/plans/plans-table.ts";
import { systemClock } from "../../src/platform/clock.ts";
import type { MemberRole } from "../../src/platform/db/schema.ts";
import { newId } from "../../src/platform/ids.ts";
import type { TestDatabase } from "./databases.ts";
import { call, TEST_PASSWORD, type TestServer } from "./server.ts";

/**
 * Test-only seeding of hiring data the interview and decision tests stand on: plan stages,
 * candidates and applications go straight into their tables, so these tests do not depend on
 * the pipeline services; roles go through the API.
 */

const deps = (database: TestDatabase) => ({ db: database.db, clock: systemClock });

export const backendRole = {
  title: "Backend Engineer, Platform",
  team: "Platform",
  seniority: "mid",
  timezone: { fromUtcOffset: -1, toUtcOffset: 3 },
  headcount: 1,
};

/** Opens a role through the API and returns its id. */
export async function openRole(
  server: TestServer,
  token: string,
  changes: Record<string, unknown> = {},
): Promise<string> {
  const created = await call(server, "POST", "/api/v1/roles", {
    token,
    body: { ...backendRole, ...changes },
  });
  expect(created.status).toBe(201);
  return String(created.body.id);
}

/** A member with an API token; interviewers by default. */
export async function addTestMember(
  database: TestDatabase,
  organizationId: string,
  label: string,
  role: MemberRole = "interviewer",
): Promise<{ id: string; email: string; token: string }> {
  const email = `${label.toLowerCase().replace(/\W+/g, ".")}.${newId().slice(0, 8)}@staff.test`;
  const member = await addMember(deps(database), systemActor, organizationId, {
    email,
    name: label,
    role,
    password: TEST_PASSWORD,
  });
  const { secret } = await createApiToken(deps(database), systemActor, {
    organizationId,
    userId: member.userId,
    name: `${label} token`,
  });
  return { id: member.userId, email, token: secret };
}

export interface StageSeed {
  name: string;
  type: StageType;
  /** A built-in kit's slug, adopted as the organisation's kit version; omit for a stage without kit. */
  kitSlug?: string;
  requiredRaters?: number;
  weight?: number;
  isBlind?: boolean;
  interviewerPool?: string[];
}

export interface SeededStage {
  id: string;
  kitVersionId: string | null;
}

/** Inserts the role's plan stages in the given order. */
export async function seedStages(
  database: TestDatabase,
  organizationId: string,
  roleId: string,
  stages: readonly StageSeed[],
): Promise<SeededStage[]> {
  const seeded: SeededStage[] = [];
  for (const [position, stage] of stages.entries()) {
    const kit = stage.kitSlug ? await ensureKitVersion(deps(database), organizationId, stage.kitSlug) : null;
    const id = newId();
    await database.db.insert(planStages).values({
      id,
      organizationId,
      roleId,
      position,
      name: stage.name,
      type: stage.type,
      kitVersionId: kit?.id ?? null,
      interviewerPool: stage.interviewerPool ?? [],
      requiredRaters: stage.requiredRaters ?? 1,
      weight: stage.weight ?? 0,
      isBlind: stage.isBlind ?? false,
    });
    seeded.push({ id, kitVersionId: kit?.id ?? null });
  }
  return seeded;
}

export interface CandidateSeed {
  fullName: string;
  email: string;
  phone?: string;
  location?: string;
  links?: string[];
  source?: string;
}

/** A candidate and their application to the role, active and in the given stage. */
export async function seedApplication(
  database: TestDatabase,
  organizationId: string,
  roleId: string,
  candidate: CandidateSeed,
  options: { stageId?: string; status?: "active" | "rejected" | "withdrawn" | "hired" } = {},
): Promise<{ applicationId: string; candidateId: string }> {
  const candidateId = newId();
  await database.db.insert(candidates).values({
    id: candidateId,
    organizationId,
    fullName: candidate.fullName,
    email: candidate.email,
    phone: candidate.phone ?? null,
    location: candidate.location ?? null,
    links: candidate.links ?? [],
    source: candidate.source ?? null,
  });
  const applicationId = newId();
  await database.db.insert(applications).values({
    id: applicationId,
    organizationId,
    candidateId,
    roleId,
    currentStageId: options.stageId ?? null,
    status: options.status ?? "active",
  });
  return { applicationId, candidateId };
}

/** A resume and voluntary demographic answers for a candidate. */
export async function seedCandidateExtras(
  database: TestDatabase,
  organizationId: string,
  candidateId: string,
  extras: { resumeFilename: string; resumeText: string; demographics: Record<string, string> },
): Promise<{ resumeFileId: string }> {
  const resumeFileId = newId();
  const content = Buffer.from(extras.resumeText, "utf8");
  await database.db.insert(storedFiles).values({
    id: resumeFileId,
    organizationId,
    ownerType: "candidate",
    ownerId: candidateId,
    purpose: "resume",
    filename: extras.resumeFilename,
    contentType: "application/pdf",
    sizeBytes: content.length,
    content,
  });
  await database.db
    .insert(candidateDemographics)
    .values({ candidateId, organizationId, answers: extras.demographics });
  return { resumeFileId };
}

/** Ratings for every attribute of a built-in kit's rubric, at the given levels (the last level repeats). */
export function ratingsFor(kitSlug: string, levels: readonly number[]) {
  const kit = builtInKits.find((candidate) => candidate.slug === kitSlug);
  if (!kit) throw new Error(`no built-in kit ${kitSlug}`);
  return kit.rubric.map((attribute, index) => ({
    attributeId: attribute.id,
    level: levels[Math.min(index, levels.length - 1)] ?? 3,
    evidence: `Observed for ${attribute.name}: walked through the trade-offs with concrete numbers.`,
  }));
}

/** The ids of a built-in kit's rubric attributes. */
export function rubricOf(kitSlug: string): string[] {
  return ratingsFor(kitSlug, [3]).map((rating) => rating.attributeId);
}
