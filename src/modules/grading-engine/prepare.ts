/**
 * Turns a submission (file name → text) into the files a sandbox run gets under submission/:
 * size and entry-file checks, TypeScript transpiled with esbuild's transform API (never
 * type-checked, no code runs), JavaScript parsed only to report syntax errors with a location
 * (V8 reports none for ES modules; the candidate's own text is what runs). Module semantics are
 * Node's own for `node file.js` without a package.json: no package.json is written, so Node 24's
 * syntax detection runs a .js file as CommonJS unless it uses import/export, and .cjs/.mjs keep
 * their meaning. TypeScript keeps its module syntax too (esbuild without a format), becomes .js
 * (.cts → .cjs, .mts → .mjs) and carries an inline source map, so with --enable-source-maps an
 * error in server.ts line 12 is reported at server.ts:12. Shared by the function, api and scale
 * kinds. A syntax error throws SubmissionCannotRun (verdict "error"); a submission that breaks the
 * rules, an AppError.
 */
import { transform } from "esbuild";
import { AppError } from "../../platform/errors.ts";
import { SubmissionCannotRun } from "./kind.ts";

const maxSubmissionBytes = 512 * 1024;

/** The languages whose submissions run in the sandbox (everything but sql). */
export const sourceLanguages = ["typescript", "javascript", "python"] as const;
export type SourceLanguage = (typeof sourceLanguages)[number];

export function isSourceLanguage(value: string): value is SourceLanguage {
  return (sourceLanguages as readonly string[]).includes(value);
}

export interface PreparedSubmission {
  /** Paths inside the box, all under submission/. */
  files: Record<string, string>;
  /** The entry file's name inside submission/ (server.ts becomes server.js). */
  entry: string;
}

/** Every submitted file must be text, and all of them together at most 512 KiB. */
export function checkSubmittedFiles(submitted: Record<string, string>): void {
  let total = 0;
  for (const [name, content] of Object.entries(submitted)) {
    if (typeof content !== "string")
      throw new AppError("bad_request", `Submission file ${name} must be text.`);
    total += Buffer.byteLength(content);
  }
  if (total > maxSubmissionBytes)
    throw new AppError("payload_too_large", "The submission is larger than 512 KiB.");
}

export async function prepareSubmission(
  language: SourceLanguage,
  submitted: Record<string, string>,
  entryName: string,
): Promise<PreparedSubmission> {
  checkSubmittedFiles(submitted);
  if (!(entryName in submitted)) {
    throw new AppError("bad_request", `A ${language} submission needs the file ${entryName}.`);
  }
  const files: Record<string, string> = {};
  for (const [name, content] of Object.entries(submitted)) {
    const isTypeScript = language === "typescript" && /\.(c|m)?tsx?$/.test(name);
    const isJavaScript = language !== "python" && /\.(c|m)?jsx?$/.test(name);
    if (!isTypeScript && !isJavaScript) {
      files[`submission/${name}`] = content;
      continue;
    }
    try {
      // No `format`: esbuild keeps import/export or require/module.exports as written, so Node
      // decides the module system exactly as it would for the candidate's own file.
      const output = await transform(content, {
        loader: isTypeScript ? (name.endsWith("x") ? "tsx" : "ts") : "js",
        target: "es2024",
        sourcefile: name,
        ...(isTypeScript ? { sourcemap: "inline" as const } : {}),
      });
      if (isTypeScript) files[`submission/${runnableName(name)}`] = output.code;
      else files[`submission/${name}`] = content;
    } catch (error) {
      const errors = (error as { errors?: { text: string; location?: { line: number; column: number } }[] })
        .errors;
      const text = errors?.length
        ? errors
            .slice(0, 3)
            .map((e) => `${name}:${e.location?.line ?? "?"}:${e.location?.column ?? "?"}: ${e.text}`)
            .join("\n")
        : String(error);
      throw new SubmissionCannotRun(`SyntaxError: ${text}`);
    }
  }
  return { files, entry: runnableName(entryName) };
}

/** The JavaScript file a TypeScript file becomes: .ts/.tsx → .js, .cts → .cjs, .mts → .mjs. */
export function runnableName(name: string): string {
  return name.replace(/\.(c|m)?tsx?$/, (_match, system: string | undefined) => `.${system ?? ""}js`);
}
