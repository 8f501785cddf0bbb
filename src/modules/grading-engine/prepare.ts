/**
 * Turns a submission (file name → text) into the files a sandbox run gets under submission/:
 * size and entry-file checks, TypeScript transpiled with esbuild's transform API (never
 * type-checked, no code runs), JavaScript parsed only to report syntax errors with a location
 * (V8 reports none for ES modules; the candidate's own text is what runs), and a package.json
 * that makes .js files ES modules. Shared by the function, api and scale kinds. A syntax error
 * throws SubmissionCannotRun (verdict "error"); a submission that breaks the rules, an AppError.
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
      const output = await transform(content, {
        loader: isTypeScript ? (name.endsWith("x") ? "tsx" : "ts") : "js",
        format: "esm",
        target: "es2024",
        sourcefile: name,
      });
      if (isTypeScript) files[`submission/${name.replace(/\.(c|m)?tsx?$/, ".js")}`] = output.code;
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
  if (language !== "python") files["submission/package.json"] = '{"type":"module"}\n';
  return { files, entry: entryName.replace(/\.ts$/, ".js") };
}
