/**
 * The challenges an organisation can use: the built-in library (challenges/) plus its own
 * uploaded packages. Packages live in the database; to grade one, its files are written once
 * into a private temporary folder on the host (they are the organisation's trusted files, checked
 * at upload; candidates' code never goes there) and loaded like a built-in.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { apiEntryFile } from "../grading-engine/api-kind.ts";
import { listChallenges } from "../grading-engine/engine.ts";
import { loadChallenge } from "../grading-engine/load-challenge.ts";
import {
  builtInChallengesDir,
  type ChallengeLanguage,
  type LoadedChallenge,
  readSolutionDir,
  solutionFile,
} from "../grading-engine/manifest.ts";
import { challengePackages, type PackageStatus } from "./grading-table.ts";

export interface CatalogChallenge {
  id: string;
  title: string;
  kind: string;
  languages: ChallengeLanguage[];
  tests: number;
  maxScore: number;
  source: "built-in" | "organization";
  /** For organisation packages: whether it may be attached to a stage (only when valid). */
  status: PackageStatus;
  packageId: string | null;
}

let builtInCache: CatalogChallenge[] | undefined;

/** The built-in library, read once per process (the files ship with the release). */
export function builtInCatalog(): CatalogChallenge[] {
  builtInCache ??= listChallenges(builtInChallengesDir).map((challenge) => ({
    ...challenge,
    source: "built-in" as const,
    status: "valid" as const,
    packageId: null,
  }));
  return builtInCache;
}

export function isBuiltInChallenge(challengeId: string): boolean {
  return builtInCatalog().some((challenge) => challenge.id === challengeId);
}

export async function listCatalog(db: Db, organizationId: string): Promise<CatalogChallenge[]> {
  const packages = await db
    .select()
    .from(challengePackages)
    .where(eq(challengePackages.organizationId, organizationId))
    .orderBy(challengePackages.challengeId);
  return [
    ...builtInCatalog(),
    ...packages.map((row) => {
      const summary = packageSummary(row.files);
      return {
        id: row.challengeId,
        title: row.title,
        kind: row.kind,
        languages: row.languages as ChallengeLanguage[],
        tests: summary.tests,
        maxScore: summary.maxScore,
        source: "organization" as const,
        status: row.status,
        packageId: row.id,
      };
    }),
  ];
}

function packageSummary(files: Record<string, string>): { tests: number; maxScore: number } {
  let tests = 0;
  let maxScore = 0;
  for (const [name, content] of Object.entries(files)) {
    if (!/^tests\/[^/]+\.json$/.test(name)) continue;
    try {
      const parsed = JSON.parse(content) as { tests?: { points?: number }[] };
      for (const test of parsed.tests ?? []) {
        tests += 1;
        maxScore += typeof test.points === "number" ? test.points : 0;
      }
    } catch {
      // A stored package was validated at upload; an unreadable file just counts nothing here.
    }
  }
  return { tests, maxScore };
}

const packagesRoot = path.join(tmpdir(), `evident-packages-${process.pid}`);

/**
 * Writes a package's files under a folder named by their digest, so a changed package gets a
 * fresh folder and an unchanged one is written once per process. The folder is completed under
 * a temporary name and renamed, so a reader never sees half of it.
 */
export function materialisePackage(challengeId: string, files: Record<string, string>): string {
  const digest = createHash("sha256")
    .update(JSON.stringify(Object.entries(files).sort()))
    .digest("hex");
  const dir = path.join(packagesRoot, digest.slice(0, 24), challengeId);
  if (existsSync(path.join(dir, "challenge.json"))) return dir;
  const staging = `${dir}.staging-${process.hrtime.bigint()}`;
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(staging, name);
    if (!target.startsWith(`${staging}${path.sep}`)) {
      throw new AppError("unprocessable", `The package path ${JSON.stringify(name)} leaves the package.`);
    }
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    writeFileSync(target, content, { mode: 0o600 });
  }
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Another grader finished the same folder first; keep theirs.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(path.join(dir, "challenge.json"))) throw error;
  }
  return dir;
}

/** The challenge folder for an id the organisation can use: built-in, or its valid package. */
export async function challengeDirFor(
  db: Db,
  organizationId: string,
  challengeId: string,
  options: { allowUnvalidated?: boolean } = {},
): Promise<string> {
  if (isBuiltInChallenge(challengeId)) return path.join(builtInChallengesDir, challengeId);
  const [row] = await db
    .select({ files: challengePackages.files, status: challengePackages.status })
    .from(challengePackages)
    .where(
      and(
        eq(challengePackages.organizationId, organizationId),
        eq(challengePackages.challengeId, challengeId),
      ),
    );
  if (!row) throw new AppError("not_found", "That challenge is not in this organisation's catalog.");
  if (row.status !== "valid" && !options.allowUnvalidated) {
    throw new AppError(
      "unprocessable",
      `The challenge package ${challengeId} is ${row.status}; only a valid package can be used.`,
    );
  }
  return materialisePackage(challengeId, row.files);
}

export async function loadOrganizationChallenge(
  db: Db,
  organizationId: string,
  challengeId: string,
): Promise<LoadedChallenge> {
  if (isBuiltInChallenge(challengeId)) return loadedBuiltInChallenge(challengeId);
  return loadChallenge(await challengeDirFor(db, organizationId, challengeId));
}

const loadedBuiltIns = new Map<string, LoadedChallenge>();

/**
 * A built-in challenge, read and checked once per process like the catalog (every grading needs
 * it, and reading and validating its test files was a millisecond of each Run). Frozen, since
 * every grading shares it.
 */
function loadedBuiltInChallenge(challengeId: string): LoadedChallenge {
  let loaded = loadedBuiltIns.get(challengeId);
  if (!loaded) {
    loaded = deepFreeze(loadChallenge(path.join(builtInChallengesDir, challengeId)));
    loadedBuiltIns.set(challengeId, loaded);
  }
  return loaded;
}

function deepFreeze<Value>(value: Value): Value {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const each of Object.values(value)) deepFreeze(each);
  }
  return value;
}

/** The file a language's submission must contain: the solution module, or the server for api kinds. */
export function entryFileFor(kind: string, language: ChallengeLanguage): string {
  return (kind === "api" || kind === "scale") && language !== "sql"
    ? apiEntryFile[language]
    : solutionFile[language];
}

/** What a candidate is shown before they start: the prompt and each language's starter files. */
export function readChallengeBrief(challenge: LoadedChallenge): {
  prompt: string;
  starters: Partial<Record<ChallengeLanguage, Record<string, string>>>;
} {
  const prompt = readFileSync(path.join(challenge.dir, "prompt.md"), "utf8");
  const starters: Partial<Record<ChallengeLanguage, Record<string, string>>> = {};
  for (const language of challenge.manifest.languages) {
    const folder = path.join(challenge.dir, "starter", language);
    starters[language] = existsSync(folder) ? readSolutionDir(folder) : {};
  }
  return { prompt, starters };
}
