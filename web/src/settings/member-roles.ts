import type { MemberRole } from "../api/schema";

/** Every member role, in the order forms offer them; `satisfies` keeps it in step with the API. */
export const memberRoles = [
  "admin",
  "recruiter",
  "hiring_manager",
  "interviewer",
] as const satisfies readonly MemberRole[];

export const memberRoleLabels: Record<MemberRole, string> = {
  admin: "Admin",
  recruiter: "Recruiter",
  hiring_manager: "Hiring manager",
  interviewer: "Interviewer",
};
