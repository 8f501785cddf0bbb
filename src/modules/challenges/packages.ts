/**
 * Organisations' own challenge packages, uploaded as a zip of a challenge folder. The upload is
 * checked at once (archive limits, safe paths, text files, the manifest and tests parse, the
 * layout is complete) and refused with a report when it is not usable; a usable package is then
 * validated in the background like a built-in: every reference must score full marks and every
 * wrong solution lose marks on its named tests. Only a valid package can go into a hiring plan.
 */

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import { z } from "zod";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError, type FieldError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { JobDefinition, JobQueue } from "../../platform/queue.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { type ValidationReport, validateChallenge } from "../grading-engine/engine.ts";
import { loadChallenge } from "../grading-engine/load-challenge.ts";
import { planStages } from "../plans/plans-table.ts";
import { withSandboxPriority } from "../sandbox/sandbox.ts";
import { entryFileFor, isBuiltInChallenge, materialisePackage } from "./catalog.ts";
import { challengePackages } from "./grading-table.ts";
import type { PackageView } from "./schemas.ts";

export const MAX_PACKAGE_ZIP_BYTES = 5 * 1024 * 1024;
const MAX_PACKAGE_FILES = 500;
const MAX_UNPACKED_BYTES = 20 * 1024 * 1024;
const safeSegment = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function refuse(detail: string, problems: string[]): never {
  const fieldErrors: FieldError[] = problems.map((message) => ({ path: "package", message }));
  throw new AppError("unprocessable", detail, { fieldErrors });
}

/**
 * The archive's files as text, keyed by their path inside the challenge folder. A zip of the
 * folder itself (one top-level directory holding challenge.json) is accepted as well as a zip
 * of its contents. Sizes are checked from the archive's headers before anything is inflated.
 */
export function unpackPackageZip(zip: Uint8Array): Record<string, string> {
  if (zip.byteLength > MAX_PACKAGE_ZIP_BYTES) {
    throw new AppError("payload_too_large", "A challenge package zip may be at most 5 MiB.");
  }
  const problems: string[] = [];
  let declaredBytes = 0;
  let entries = 0;
  let archive: Record<string, Uint8Array>;
  try {
    archive = unzipSync(zip, {
      filter: (file) => {
        entries += 1;
        declaredBytes += file.originalSize;
        return (
          !file.name.endsWith("/") && entries <= MAX_PACKAGE_FILES && declaredBytes <= MAX_UNPACKED_BYTES
        );
      },
    });
  } catch (error) {
    refuse(`The upload is not a readable zip archive: ${(error as Error).message}.`, ["not a zip archive"]);
  }
  if (entries > MAX_PACKAGE_FILES)
    refuse(`The package has more than ${MAX_PACKAGE_FILES} files.`, ["too many files"]);
  if (declaredBytes > MAX_UNPACKED_BYTES)
    refuse("The package unpacks to more than 20 MiB.", ["too large unpacked"]);

  const names = Object.keys(archive).filter(
    (name) => !name.startsWith("__MACOSX/") && !name.endsWith(".DS_Store"),
  );
  const topLevel = new Set(names.map((name) => name.split("/")[0]));
  const prefix =
    !names.includes("challenge.json") &&
    topLevel.size === 1 &&
    names.some((name) => name.endsWith("/challenge.json"))
      ? `${[...topLevel][0]}/`
      : "";
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const files: Record<string, string> = {};
  for (const name of names) {
    const relative = name.slice(prefix.length);
    const segments = relative.split("/");
    if (!name.startsWith(prefix) || segments.some((segment) => !safeSegment.test(segment))) {
      problems.push(`${name}: unsafe or unusual path (letters, digits, '_', '.', '-' only; no '..')`);
      continue;
    }
    try {
      files[relative] = decoder.decode(archive[name]);
    } catch {
      problems.push(`${name}: not UTF-8 text (packages hold text files only)`);
    }
  }
  if (problems.length > 0) refuse(`The package has ${problems.length} unusable file(s).`, problems);
  if (!("challenge.json" in files))
    refuse("The package has no challenge.json at its top.", ["challenge.json is missing"]);
  return files;
}

/** Parses the package as the engine will; returns the manifest or refuses with every problem found. */
function checkPackageLayout(files: Record<string, string>) {
  const scratch = mkdtempSync(path.join(tmpdir(), "evident-package-check-"));
  try {
    let manifestId: string;
    try {
      manifestId = String((JSON.parse(files["challenge.json"] ?? "") as { id?: unknown }).id ?? "");
    } catch (error) {
      refuse(`challenge.json is not valid JSON: ${(error as Error).message}`, ["challenge.json is not JSON"]);
    }
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(manifestId)) {
      refuse("challenge.json is invalid: id: must be a lowercase slug (a-z, 0-9, -)", ["id is not a slug"]);
    }
    const dir = path.join(scratch, manifestId);
    for (const [name, content] of Object.entries(files)) {
      materialiseInto(dir, name, content);
    }
    let loaded: ReturnType<typeof loadChallenge>;
    try {
      loaded = loadChallenge(dir);
    } catch (error) {
      if (error instanceof AppError) refuse(error.message, [error.message]);
      throw error;
    }
    const problems: string[] = [];
    if (!("prompt.md" in files)) problems.push("prompt.md is missing");
    if (loaded.suites.length === 0) problems.push("tests/ has no test files");
    for (const language of loaded.manifest.languages) {
      const entry = entryFileFor(loaded.manifest.kind, language);
      if (!existsSync(path.join(dir, "starter", language, entry)))
        problems.push(`starter/${language}/${entry} is missing`);
      if (!existsSync(path.join(dir, "reference", language, entry))) {
        problems.push(`reference/${language}/${entry} is missing`);
      }
    }
    if (problems.length > 0) refuse(`The package is incomplete: ${problems.join("; ")}.`, problems);
    return loaded.manifest;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function materialiseInto(dir: string, name: string, content: string) {
  const target = path.join(dir, name);
  if (!target.startsWith(`${dir}${path.sep}`)) refuse(`${name} leaves the package`, [`${name}: unsafe path`]);
  // Written by the host from the organisation's own upload; no candidate code is involved.
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  writeFileSync(target, content, { mode: 0o600 });
}

function toView(row: typeof challengePackages.$inferSelect): PackageView {
  return {
    id: row.id,
    challengeId: row.challengeId,
    title: row.title,
    kind: row.kind,
    languages: row.languages,
    status: row.status,
    report: (row.report as ValidationReport | null) ?? null,
    createdAt: row.createdAt.toISOString(),
    validatedAt: row.validatedAt?.toISOString() ?? null,
  };
}

/**
 * Stores an uploaded package (replacing the organisation's package of the same id) and queues its
 * full validation.
 */
export async function uploadPackage(
  deps: { db: Db; clock: Clock; queue: JobQueue | null },
  actor: Actor,
  organizationId: string,
  zip: Uint8Array,
): Promise<PackageView> {
  if (!deps.queue) throw new AppError("unavailable", "Package validation is not running on this server.");
  const files = unpackPackageZip(zip);
  const manifest = checkPackageLayout(files);
  if (isBuiltInChallenge(manifest.id)) {
    throw new AppError("conflict", `${manifest.id} is the id of a built-in challenge; choose another id.`);
  }
  const view = await deps.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: challengePackages.id })
      .from(challengePackages)
      .where(
        and(
          eq(challengePackages.organizationId, organizationId),
          eq(challengePackages.challengeId, manifest.id),
        ),
      );
    // Replacing a package candidates already took is allowed (a fixed test, a corrected
    // reference); their finished Submits keep their grades until an admin regrades them
    // (POST /api/v1/challenge-packages/:packageId/regrade), which keeps the earlier grades readable.
    if (existing) {
      await tx.delete(challengePackages).where(eq(challengePackages.id, existing.id));
    }
    const [row] = await tx
      .insert(challengePackages)
      .values({
        id: newId(),
        organizationId,
        challengeId: manifest.id,
        title: manifest.title,
        kind: manifest.kind,
        languages: manifest.languages,
        files,
        status: "validating",
        uploadedBy: actor.userId,
        createdAt: deps.clock.now(),
      })
      .returning();
    if (!row) throw new AppError("internal", "The package could not be stored.");
    await recordAudit(tx, actor, {
      organizationId,
      action: existing ? "challenge_package.replaced" : "challenge_package.uploaded",
      objectType: "challenge_package",
      objectId: row.id,
      detail: { challengeId: manifest.id, files: Object.keys(files).length },
    });
    return toView(row);
  });
  await deps.queue.send(validatePackageJob, { packageId: view.id }, { singletonKey: view.id });
  return view;
}

export async function listPackages(db: Db, organizationId: string): Promise<PackageView[]> {
  const rows = await db
    .select()
    .from(challengePackages)
    .where(eq(challengePackages.organizationId, organizationId))
    .orderBy(challengePackages.challengeId);
  return rows.map(toView);
}

export async function readPackage(db: Db, organizationId: string, packageId: string): Promise<PackageView> {
  const [row] = await db
    .select()
    .from(challengePackages)
    .where(and(eq(challengePackages.organizationId, organizationId), eq(challengePackages.id, packageId)));
  if (!row) throw new AppError("not_found", "There is no such challenge package.");
  return toView(row);
}

/** A package no stage uses can be deleted; one in a plan must be taken out of the plan first. */
export async function deletePackage(
  db: Db,
  actor: Actor,
  organizationId: string,
  packageId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const view = await readPackage(tx, organizationId, packageId);
    const [used] = await tx
      .select({ id: planStages.id })
      .from(planStages)
      .where(and(eq(planStages.organizationId, organizationId), eq(planStages.challengeId, view.challengeId)))
      .limit(1);
    if (used) {
      throw new AppError(
        "conflict",
        `A hiring plan stage uses ${view.challengeId}; remove it from the plan first.`,
      );
    }
    await tx.delete(challengePackages).where(eq(challengePackages.id, packageId));
    await recordAudit(tx, actor, {
      organizationId,
      action: "challenge_package.deleted",
      objectType: "challenge_package",
      objectId: packageId,
      detail: { challengeId: view.challengeId },
    });
  });
}

/** Grades every reference and wrong solution of the package in the sandbox and stores the report. */
export async function validateStoredPackage(deps: { db: Db; clock: Clock }, packageId: string) {
  const [row] = await deps.db.select().from(challengePackages).where(eq(challengePackages.id, packageId));
  if (row?.status !== "validating") return { status: row?.status ?? "missing" };
  const dir = materialisePackage(row.challengeId, row.files);
  const report = await validateChallenge(dir);
  const status = report.ok ? ("valid" as const) : ("invalid" as const);
  await deps.db
    .update(challengePackages)
    .set({ status, report, validatedAt: deps.clock.now() })
    .where(and(eq(challengePackages.id, packageId), eq(challengePackages.status, "validating")));
  return { status };
}

export const validatePackageJob: JobDefinition<
  z.ZodObject<{ packageId: z.ZodUUID }>,
  { db: Db; clock: Clock }
> = {
  queue: "validate-challenge-package",
  payload: z.object({ packageId: z.uuid() }),
  retryLimit: 2,
  retryDelaySeconds: 5,
  expireInSeconds: 30 * 60,
  // Nobody waits on a validation: its boxes queue behind candidates' Runs and Submits.
  handle: (deps, payload) =>
    withSandboxPriority("batch", () => validateStoredPackage(deps, payload.packageId)),
};
