import type { MemberRole } from "../api/schema";

export interface NavigationEntry {
  to: string;
  label: string;
  /**
   * The roles the server lets read the area's main list (the access declaration named beside
   * each); an entry without one is open to every member. test/browser/authoring-nav.test.ts
   * opens every entry as every demo role and fails on a refusal.
   */
  audience?: readonly MemberRole[];
}

const everyoneButInterviewers: readonly MemberRole[] = ["admin", "recruiter", "hiring_manager"];
const adminsAndHiringManagers: readonly MemberRole[] = ["admin", "hiring_manager"];

export const mainNavigation: readonly NavigationEntry[] = [
  { to: "/", label: "Home" },
  { to: "/roles", label: "Roles" },
  // candidates/routes.ts CANDIDATE_MANAGERS: interviewers never reach candidate records.
  { to: "/candidates", label: "Candidates", audience: everyoneButInterviewers },
  { to: "/interviews", label: "Interviews" },
  { to: "/challenges", label: "Challenges" },
  // outcomes/routes.ts OUTCOME_READERS.
  { to: "/outcomes", label: "Teams & outcomes", audience: adminsAndHiringManagers },
  // team-practices/routes.ts: every member; the list holds only the caller's own teams.
  { to: "/team-practices", label: "Team practices" },
  // analytics/routes.ts FUNNEL_READERS: recruiters read the funnel, the rest is ANALYTICS_READERS.
  { to: "/analytics", label: "Analytics", audience: everyoneButInterviewers },
  // Only the people who file post-hire reviews see the entry; the page refuses others in words.
  { to: "/analytics/reviews", label: "Reviews", audience: adminsAndHiringManagers },
  { to: "/evidence", label: "Evidence" },
  { to: "/settings", label: "Settings" },
];

/** The entries a member with this role can open. */
export function navigationFor(role: MemberRole | undefined): NavigationEntry[] {
  return mainNavigation.filter(
    (entry) => entry.audience === undefined || (role !== undefined && entry.audience.includes(role)),
  );
}

/**
 * The navigation entry the page belongs to: the longest entry the path starts with, so that
 * /analytics/reviews marks Reviews and not Analytics as well.
 */
export function currentNavigationEntry(
  entries: readonly NavigationEntry[],
  pathname: string,
): string | undefined {
  return entries
    .map((entry) => entry.to)
    .filter((to) => (to === "/" ? pathname === "/" : pathname === to || pathname.startsWith(`${to}/`)))
    .sort((a, b) => b.length - a.length)[0];
}
