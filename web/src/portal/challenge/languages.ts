import type { ChallengeLanguage } from "../../api/schema";

export const languageNames: Record<ChallengeLanguage, string> = {
  typescript: "TypeScript",
  javascript: "JavaScript",
  python: "Python",
  sql: "SQL",
};

/** A submission's language as the API sends it (a plain string), in words. */
export function nameOfLanguage(language: string): string {
  return language in languageNames ? languageNames[language as ChallengeLanguage] : language;
}
