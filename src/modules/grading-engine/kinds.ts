/** The registry of challenge kinds: the one place that knows them all. */
import { apiKind } from "./api-kind.ts";
import { functionKind } from "./function-kind.ts";
import type { ChallengeKind, ChallengeKindName } from "./kind.ts";
import type { ChallengeLanguage, LoadedChallenge } from "./manifest.ts";
import type { GradeReport } from "./report.ts";
import { scaleKind } from "./scale-kind.ts";
import { sqlKind } from "./sql/sql-kind.ts";
import { gradeWithKind } from "./suite-run.ts";
import type { TestSuite } from "./test-files.ts";

/** A kind as the engine and the loader use it, its own test and submission types hidden. */
export interface RegisteredKind {
  readonly name: ChallengeKindName;
  readonly languages: readonly ChallengeLanguage[];
  entryFile(language: ChallengeLanguage): string;
  loadSuites(dir: string): TestSuite[];
  grade(challenge: LoadedChallenge, language: string, files: Record<string, string>): Promise<GradeReport>;
}

function register<Test, Prepared>(kind: ChallengeKind<Test, Prepared>): RegisteredKind {
  return {
    name: kind.name,
    languages: kind.languages,
    entryFile: (language) => kind.entryFile(language),
    loadSuites: (dir) => kind.loadSuites(dir),
    grade: (challenge, language, files) => gradeWithKind(kind, challenge, language, files),
  };
}

const kinds: Record<ChallengeKindName, RegisteredKind> = {
  function: register(functionKind),
  api: register(apiKind),
  sql: register(sqlKind),
  scale: register(scaleKind),
};

export function challengeKind(name: ChallengeKindName): RegisteredKind {
  return kinds[name];
}
