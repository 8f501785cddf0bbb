/**
 * The trial day's emails and calendar invitation. One VEVENT for the whole day (first session's
 * start to last session's end) with the agenda in its description, rather than one per session:
 * an agenda is edited as a whole, and one UID per day lets every edit be a plain update (same
 * UID, higher SEQUENCE) and a cancellation one METHOD:CANCEL, with no session events to add or
 * withdraw one by one. The candidate and every host and observer get the same event.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { memberships, organizations, users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import {
  buildCalendarInvite,
  type CalendarMethod,
  type CalendarPerson,
  calendarUid,
} from "../mail/calendar-invites.ts";
import { type NotifyDeps, type SentEmail, sendEmail } from "../mail/mail.ts";
import { portalUrl } from "../mail/portal-links.ts";
import { roles } from "../roles/roles-table.ts";
import { inAgendaOrder, instantOf, isScoredKind } from "./agenda.ts";
import { namesOf, type TrialDayChange } from "./planning.ts";
import { type TrialDaySession, trialDays } from "./trial-days-table.ts";

const ORGANIZER_EMAIL = "no-reply@evident.local";

const kindLabels: Record<TrialDaySession["kind"], string> = {
  pairing: "Pairing",
  design_discussion: "Design discussion",
  team_meeting: "Team meeting",
  lunch: "Lunch",
  other: "Session",
};

/** "Tue, 15 Dec 2026 (Europe/Lisbon)" */
export function formatDayInZone(date: string, timeZone: string): string {
  const noon = instantOf(date, "12:00", timeZone);
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(noon);
  return `${text} (${timeZone})`;
}

/** One line per session: "09:30–11:30 Pairing: the ticket (Room 2), observed". */
export function agendaLines(sessions: readonly TrialDaySession[], nameOf: (id: string) => string): string[] {
  return inAgendaOrder(sessions).map((session) => {
    const hosts = session.hostIds.map(nameOf);
    const parts = [
      `${session.startTime}–${session.endTime} ${kindLabels[session.kind]}: ${session.title}`,
      session.room ? ` (${session.room})` : "",
      hosts.length > 0 ? `, with ${hosts.join(", ")}` : "",
      isScoredKind(session.kind) ? ", observed" : ", optional, not assessed",
    ];
    return parts.join("");
  });
}

/** Emails the candidate and each host and observer about the day, each with the day's invitation. */
export async function sendTrialDayEmails(
  deps: NotifyDeps,
  organizationId: string,
  trialDayId: string,
  change: TrialDayChange,
): Promise<SentEmail[]> {
  const [row] = await deps.db
    .select({
      day: trialDays,
      candidateId: candidates.id,
      candidateEmail: candidates.email,
      candidateName: candidates.fullName,
      roleTitle: roles.title,
      organizationName: organizations.name,
      organizationSlug: organizations.slug,
    })
    .from(trialDays)
    .innerJoin(applications, eq(applications.id, trialDays.applicationId))
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .innerJoin(organizations, eq(organizations.id, trialDays.organizationId))
    .where(and(eq(trialDays.id, trialDayId), eq(trialDays.organizationId, organizationId)));
  if (!row) throw new AppError("not_found", "That trial day was not found.");
  const { day } = row;
  const teamIds = [
    ...new Set(day.sessions.flatMap((session) => [...session.hostIds, ...session.observerIds])),
  ];
  const names = await namesOf(deps.db, organizationId, teamIds);
  const team = await teamAddresses(deps, organizationId, teamIds);
  const first = inAgendaOrder(day.sessions)[0];
  // "HH:MM" strings order as times do.
  const lastEnd = day.sessions
    .map((session) => session.endTime)
    .sort()
    .at(-1);
  if (!first || !lastEnd) return [];
  const start = instantOf(day.date, first.startTime, day.candidateTimeZone);
  const end = instantOf(day.date, lastEnd, day.candidateTimeZone);
  const agenda = agendaLines(day.sessions, (id) => names.get(id) ?? "a team member");
  const dateLocal = formatDayInZone(day.date, day.candidateTimeZone);
  const method: CalendarMethod = change === "cancelled" ? "CANCEL" : "REQUEST";
  const candidatePerson: CalendarPerson | null = row.candidateEmail
    ? { name: row.candidateName, email: row.candidateEmail }
    : null;
  const teamPeople: CalendarPerson[] = team.map(({ name, email }) => ({ name, email }));
  const calendar = (title: string, description: string) => ({
    method,
    content: buildCalendarInvite({
      uid: calendarUid("trial-day", day.id),
      sequence: day.calendarSequence,
      method,
      start,
      durationMinutes: Math.max(1, Math.round((end.getTime() - start.getTime()) / 60_000)),
      title,
      description,
      location: day.location,
      organizer: { name: row.organizationName, email: ORGANIZER_EMAIL },
      attendees: candidatePerson ? [candidatePerson, ...teamPeople] : teamPeople,
    }),
  });
  const common = {
    organizationName: row.organizationName,
    roleTitle: row.roleTitle,
    change,
    dateLocal,
    location: day.location,
    agenda,
  };
  const sent: SentEmail[] = [];
  if (candidatePerson) {
    const link = portalUrl(deps.baseUrl, row.organizationSlug);
    sent.push(
      await sendEmail(deps, {
        organizationId,
        candidateId: row.candidateId,
        template: "trial_day_agenda",
        to: candidatePerson.email,
        variables: { ...common, recipientName: row.candidateName, candidateLabel: null, link },
        calendar: calendar(
          `Trial day with ${row.organizationName}`,
          `Your trial day for the role ${row.roleTitle}.\n${agenda.join("\n")}\nYour candidate portal: ${link}`,
        ),
      }),
    );
  }
  const candidateLabel = row.candidateName ?? "the candidate";
  const link = new URL(`/applications/${day.applicationId}/trial-day`, deps.baseUrl).toString();
  for (const member of team) {
    sent.push(
      await sendEmail(deps, {
        organizationId,
        template: "trial_day_agenda",
        to: member.email,
        variables: { ...common, recipientName: member.name, candidateLabel, link },
        calendar: calendar(
          `Trial day: ${candidateLabel} (${row.roleTitle})`,
          `${agenda.join("\n")}\nThe day and your observation forms: ${link}`,
        ),
      }),
    );
  }
  return sent;
}

async function teamAddresses(deps: NotifyDeps, organizationId: string, userIds: string[]) {
  if (userIds.length === 0) return [];
  return deps.db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), inArray(users.id, userIds)))
    .orderBy(asc(users.name), asc(users.id));
}
