/** Reading a challenge package's JSON files, with errors that name the file and the field. */
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { AppError, type FieldError } from "../../platform/errors.ts";

export function readJson(file: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new AppError("unprocessable", `${label} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Parses value with schema; an invalid value is an AppError("unprocessable") naming label and fields. */
export function parseFile<T>(schema: z.ZodType<T>, value: unknown, label: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fieldErrors: FieldError[] = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
  const summary = fieldErrors
    .slice(0, 5)
    .map((error) => `${error.path}: ${error.message}`)
    .join("; ");
  throw new AppError("unprocessable", `${label} is invalid: ${summary}`, { fieldErrors });
}
