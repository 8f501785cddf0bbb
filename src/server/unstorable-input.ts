import type { FastifyRequest } from "fastify";
import { AppError, type FieldError } from "../platform/errors.ts";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "./schemas.ts";

/** Deeper than any request body Evident accepts; deeper input is refused rather than walked. */
const MAX_DEPTH = 32;
/** Enough to fix a request; a body full of NUL characters need not be listed in full. */
const MAX_REPORTED = 10;

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * The route's service reports unstorable text in its body itself, with better detail than a
     * field path: the CSV import names the row and column of each bad cell.
     */
    checksOwnText?: boolean;
  }
}

/**
 * The safety net behind `textSchema`: refuses NUL characters and unpaired surrogates anywhere
 * in the path parameters, query and JSON body, so a route whose schema still says `z.string()`
 * (or a route added later) cannot pass them to PostgreSQL. Runs as a preValidation hook.
 */
export async function refuseUnstorableInput(request: FastifyRequest): Promise<void> {
  const found: FieldError[] = [];
  collectUnstorable(request.params, "params", 0, found);
  collectUnstorable(request.query, "querystring", 0, found);
  if (!request.routeOptions.config.checksOwnText) collectUnstorable(request.body, "body", 0, found);
  if (found.length === 0) return;
  const summary = found.map((field) => `${field.path}: ${field.message}`).join("; ");
  throw new AppError("bad_request", `The request is invalid: ${summary}.`, { fieldErrors: found });
}

function collectUnstorable(value: unknown, path: string, depth: number, found: FieldError[]): void {
  if (found.length >= MAX_REPORTED) return;
  if (typeof value === "string") {
    if (!isStorableText(value)) found.push({ path, message: UNSTORABLE_TEXT_MESSAGE });
    return;
  }
  if (typeof value !== "object" || value === null || Buffer.isBuffer(value)) return;
  if (depth >= MAX_DEPTH) {
    found.push({ path, message: `nests deeper than ${MAX_DEPTH} levels` });
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries())
      collectUnstorable(item, `${path}.${index}`, depth + 1, found);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const itemPath = `${path}.${isStorableText(key) ? key : "(key)"}`;
    // A key is text too: records such as a challenge's files store their keys in jsonb.
    if (!isStorableText(key)) found.push({ path: itemPath, message: UNSTORABLE_TEXT_MESSAGE });
    collectUnstorable(item, itemPath, depth + 1, found);
  }
}
