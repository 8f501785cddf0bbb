import type { AuditEvent } from "../api/schema";

/** Object types as people call them; an unknown one reads from its identifier. */
const objectTypeLabels: Record<string, string> = {
  api_token: "API token",
  application: "Application",
  candidate: "Candidate",
  challenge_package: "Challenge package",
  email_template: "Email template",
  hire: "Hire",
  interview: "Interview",
  kit: "Interview kit",
  membership: "Member",
  organization: "Organisation",
  outcome_integration: "Integration",
  role: "Role",
  scorecard: "Scorecard",
  service: "Service",
  session: "Sign-in",
  team: "Team",
  user: "User",
};

export function auditObjectTypeLabel(objectType: string): string {
  return objectTypeLabels[objectType] ?? sentence(objectType);
}

/** "member.role_changed" → "Member role changed": the action's words, in order. */
export function auditActionLabel(action: string): string {
  return sentence(action);
}

function sentence(identifier: string): string {
  const words = identifier.replace(/[._]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Where the object can be seen in the app, when it has a page. */
export function auditObjectLink(event: AuditEvent): string | null {
  const id = event.objectId;
  if (id === null) return null;
  switch (event.objectType) {
    case "candidate":
      return `/candidates/${id}`;
    case "application":
      return `/applications/${id}`;
    case "role":
      return `/roles/${id}`;
    case "interview":
      return `/interviews/${id}`;
    case "membership":
    case "user":
      return "/settings/members";
    case "api_token":
      return "/settings/tokens";
    case "kit": {
      const { slug, version } = event.detail as { slug?: unknown; version?: unknown };
      return typeof slug === "string"
        ? `/interviews/kits/${encodeURIComponent(slug)}${typeof version === "number" ? `?version=${version}` : ""}`
        : null;
    }
    default:
      return null;
  }
}
