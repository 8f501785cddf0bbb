/**
 * Turns a submission (file name → text) into the files a sandbox run gets under submission/:
 * size and entry-file checks, TypeScript transpiled with esbuild's transform API (never
 * type-checked, no code runs), JavaScript parsed only to report syntax errors with a location
 * (V8 reports none for ES modules; the candidate's own text is what runs), and a package.json
 * that makes .js files ES modules. Shared by the api and scale kinds.
 */
import { transform } from "esbuild";
import { AppError } from "../../platform/errors.ts";

const maxSubmissionBytes = 512 * 1024;

/** The submission cannot run (a syntax error); graded as verdict "error", not a host error. */
export class SubmissionLoadError extends Error {}

export interface PreparedSubmission {
  /** Paths inside the box, all under submission/. */
  files: Record<string, string>;
  /** The entry file's name inside submission/ (server.ts becomes server.js). */
  entry: string;
}

export async function prepareSubmission(
  language: "typescript" | "javascript" | "python",
  submitted: Record<string, string>,
  entryName: string,
): Promise<PreparedSubmission> {
  let total = 0;
  for (const [name, content] of Object.entries(submitted)) {
    if (typeof content !== "string")
      throw new AppError("bad_request", `Submission file ${name} must be text.`);
    total += Buffer.byteLength(content);
  }
  if (total > maxSubmissionBytes)
    throw new AppError("payload_too_large", "The submission is larger than 512 KiB.");
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
      throw new SubmissionLoadError(`SyntaxError: ${text}`);
    }
  }
  if (language !== "python") files["submission/package.json"] = '{"type":"module"}\n';
  return { files, entry: entryName.replace(/\.ts$/, ".js") };
}
