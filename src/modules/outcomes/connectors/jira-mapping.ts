import type { IncidentEvent } from "../dora/events.ts";
import type { JiraConfig } from "./integration-config.ts";

/**
 * Jira Cloud issue webhooks (`jira:issue_created`, `jira:issue_updated`) → incident events
 * (docs/outcomes.md "Connectors", Jira). Every issue payload carries the issue's whole current
 * state, so the event replaces the stored one: `fields.created` is the creation,
 * `fields.resolutiondate` the resolution (null again when the issue is reopened). A resolution
 * is an issue_updated event that sets the resolution; Jira has no event of its own for it.
 * Only issues matching one of the configured rules (type, optionally priority) are incidents.
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const objectAt = (value: unknown, key: string) =>
  isObject(value) && isObject(value[key]) ? (value[key] as Json) : null;
const text = (value: unknown, key: string) =>
  isObject(value) && typeof value[key] === "string" ? (value[key] as string) : null;

/** Jira writes offsets without a colon (2024-03-01T10:00:00.000+0000); read it, answer UTC ISO. */
function jiraInstant(value: string | null): string | null {
  if (value === null) return null;
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function isIncidentIssue(config: JiraConfig, issueType: string, priority: string | null): boolean {
  return config.incidentRules.some(
    (rule) =>
      sameName(rule.issueType, issueType) &&
      (rule.priorities === undefined ||
        (priority !== null && rule.priorities.some((allowed) => sameName(allowed, priority)))),
  );
}

export function mapJiraDelivery(config: JiraConfig, payload: unknown): IncidentEvent[] {
  const webhookEvent = text(payload, "webhookEvent");
  if (webhookEvent !== "jira:issue_created" && webhookEvent !== "jira:issue_updated") return [];
  const issue = objectAt(payload, "issue");
  const fields = objectAt(issue, "fields");
  const key = text(issue, "key");
  const issueType = text(objectAt(fields, "issuetype"), "name");
  const priority = text(objectAt(fields, "priority"), "name");
  const projectKey = text(objectAt(fields, "project"), "key");
  const createdAt = jiraInstant(text(fields, "created"));
  if (!key || !issueType || !projectKey || !createdAt) return [];
  if (!isIncidentIssue(config, issueType, priority)) return [];
  const service =
    config.projects.find((entry) => sameName(entry.projectKey, projectKey))?.service ?? projectKey;
  return [
    {
      type: "incident",
      service,
      externalId: key,
      createdAt,
      resolvedAt: jiraInstant(text(fields, "resolutiondate")),
    },
  ];
}
