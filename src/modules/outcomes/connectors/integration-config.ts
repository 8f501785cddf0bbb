import { z } from "zod";
import { textSchema } from "../../../server/schemas.ts";
import { refusalOfUrl } from "../uptime/probe-guard.ts";

/**
 * What each kind of integration needs to map a vendor's payloads onto Evident's events
 * (docs/outcomes.md "Connectors"). Configuration is not secret; secrets live apart, sealed.
 */

const name = (max: number) => textSchema.trim().min(1, "must not be empty").max(max);

export const githubConfigSchema = z.strictObject({
  /** Repository (owner/name) → service. A repository not listed maps to a service of its own full name. */
  repositories: z
    .array(z.strictObject({ repository: name(200), service: name(200) }))
    .max(500)
    .default([]),
  /** GitHub environment names that count as production (compared case-insensitively). */
  productionEnvironments: z.array(name(100)).max(50).default(["production"]),
  /** Workflows whose completed runs are production deployments: the file path or the workflow's name. */
  productionWorkflows: z.array(name(300)).max(50).default([]),
  /** GitHub Enterprise Server's API root (https://HOST/api/v3); github.com's when left out. */
  apiUrl: z
    .url({ error: "must be an absolute URL such as https://github.example.com/api/v3" })
    .refine((url) => refusalOfUrl(url) === null, {
      error: "must be an http(s) URL outside link-local and metadata addresses",
    })
    .optional(),
});

export const pagerDutyConfigSchema = z.strictObject({
  /** PagerDuty service id → service. Unlisted PagerDuty services map to their own name. */
  services: z
    .array(z.strictObject({ pagerDutyServiceId: name(50), service: name(200) }))
    .max(500)
    .default([]),
});

export const jiraIncidentRuleSchema = z.strictObject({
  /** The issue type's name, e.g. "Incident" or "Bug" (compared case-insensitively). */
  issueType: name(100),
  /** When given, only issues with one of these priority names (e.g. ["P1", "P2"] or ["Highest", "High"]). */
  priorities: z.array(name(100)).max(20).optional(),
});

export const jiraConfigSchema = z.strictObject({
  /** Which issues are incidents; an issue matching none is ignored. */
  incidentRules: z.array(jiraIncidentRuleSchema).min(1, "must name at least one issue type").max(20),
  /** Jira project key → service. Unlisted projects map to a service named by the key. */
  projects: z
    .array(z.strictObject({ projectKey: name(50), service: name(200) }))
    .max(500)
    .default([]),
});

export type GitHubConfig = z.output<typeof githubConfigSchema>;
export type PagerDutyConfig = z.output<typeof pagerDutyConfigSchema>;
export type JiraConfig = z.output<typeof jiraConfigSchema>;
