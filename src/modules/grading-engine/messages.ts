import path from "node:path";
import { builtInChallengesDir } from "./manifest.ts";

/** Longest test message a report carries. */
export const messageMax = 500;

/** Removes host paths and box paths from text shown to people, and truncates it. */
export function sanitizeMessage(text: string, max = messageMax): string {
  let result = text
    .replaceAll(builtInChallengesDir, "<challenges>")
    .replaceAll(path.resolve(import.meta.dirname, "../../.."), "<evident>")
    .replace(/file:\/\/\/work\/submission\//g, "")
    .replace(/\/work\/submission\//g, "")
    .replace(/(?:file:\/\/)?\/(?:tmp|home|root|usr|opt|work|var)\/[^\s:)'"]*/g, "<path>");
  result = result.replace(/\s+$/g, "");
  return result.length > max ? `${result.slice(0, max)}…` : result;
}
