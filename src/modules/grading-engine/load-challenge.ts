/** Loads a challenge package: its manifest, then its tests as its kind reads them. */
import { existsSync } from "node:fs";
import path from "node:path";
import { AppError } from "../../platform/errors.ts";
import { challengeKind } from "./kinds.ts";
import { type LoadedChallenge, parseManifest } from "./manifest.ts";
import { readJson } from "./package-files.ts";

export function loadChallenge(dir: string): LoadedChallenge {
  const manifestFile = path.join(dir, "challenge.json");
  if (!existsSync(manifestFile)) throw new AppError("not_found", "challenge.json was not found.");
  const manifest = parseManifest(readJson(manifestFile, "challenge.json"));
  if (manifest.id !== path.basename(dir)) {
    const fieldErrors = [{ path: "id", message: `must match the folder name ${path.basename(dir)}` }];
    throw new AppError("unprocessable", `challenge.json is invalid: id: ${fieldErrors[0]?.message}`, {
      fieldErrors,
    });
  }
  const suites = challengeKind(manifest.kind).loadSuites(dir);
  const names = new Set<string>();
  for (const suite of suites) {
    for (const test of suite.tests) {
      if (names.has(test.name)) {
        throw new AppError("unprocessable", `${suite.file} is invalid: duplicate test name ${test.name}`);
      }
      names.add(test.name);
    }
  }
  for (const [wrongName, wrong] of Object.entries(manifest.wrong)) {
    for (const name of wrong.mustFail) {
      if (!names.has(name)) {
        throw new AppError(
          "unprocessable",
          `challenge.json is invalid: wrong.${wrongName}.mustFail: unknown test ${JSON.stringify(name)}`,
          { fieldErrors: [{ path: `wrong.${wrongName}.mustFail`, message: `unknown test ${name}` }] },
        );
      }
    }
  }
  return { dir, manifest, suites };
}
