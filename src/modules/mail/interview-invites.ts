import { and, asc, eq } from "drizzle-orm";
import { organizations, users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import { candidatePseudonym, findBlindApplicationsForUser } from "../interviews/blind.ts";
import { interviewParticipants, interviews } from "../interviews/interviews-table.ts";
import { planStages } from "../plans/plans-table.ts";
import { roles } from "../roles/roles-table.ts";
import {
  buildCalendarInvite,
  type CalendarMethod,
  type CalendarPerson,
  calendarUid,
} from "./calendar-invites.ts";
import { type NotifyDeps, type SentEmail, sendEmail } from "./mail.ts";
import { portalUrl } from "./portal-links.ts";

/**
 * What happened to the interview, which decides the emails: a first invitation or an update
 * (METHOD:REQUEST, SEQUENCE as stored) or a cancellation (METHOD:CANCEL). A cancellation goes to
 * the candidate only when `notifyCandidate` says so: after a rejection the candidate hears from
 * the hiring team's own email instead.
 */
export type InterviewChange =
  | { kind: "scheduled" | "rescheduled" }
  | { kind: "cancelled"; reason: "rejected" | "withdrawn" | "cancelled"; notifyCandidate: boolean };

/** The organiser named in every invitation: replies go to whoever the mail's From is. */
const ORGANIZER_EMAIL = "no-reply@evident.local";

/**
 * Emails the candidate and each interviewer about an interview, each with a calendar invitation
 * (one UID per interview for its whole life, so calendars update the event rather than add one).
 * Interviewers of a blind stage (or of an application they review blind) see the pseudonym, in
 * the email and in the invitation; the candidate's address is then left out of their attendees.
 * Delivery failures are recorded in the outbox by sendEmail and never undo the change.
 */
export async function sendInterviewEmails(
  deps: NotifyDeps,
  organizationId: string,
  interviewId: string,
  change: InterviewChange,
): Promise<SentEmail[]> {
  const [row] = await deps.db
    .select({
      interview: interviews,
      candidateId: candidates.id,
      candidateEmail: candidates.email,
      candidateName: candidates.fullName,
      roleTitle: roles.title,
      stageName: planStages.name,
      stageIsBlind: planStages.isBlind,
      organizationName: organizations.name,
      organizationSlug: organizations.slug,
    })
    .from(interviews)
    .innerJoin(applications, eq(applications.id, interviews.applicationId))
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .innerJoin(planStages, eq(planStages.id, interviews.stageId))
    .innerJoin(organizations, eq(organizations.id, interviews.organizationId))
    .where(and(eq(interviews.id, interviewId), eq(interviews.organizationId, organizationId)));
  if (!row) throw new AppError("not_found", "That interview was not found.");
  const interviewers = await deps.db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(interviewParticipants)
    .innerJoin(users, eq(users.id, interviewParticipants.userId))
    .where(
      and(
        eq(interviewParticipants.organizationId, organizationId),
        eq(interviewParticipants.interviewId, interviewId),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));

  const { interview } = row;
  const method: CalendarMethod = change.kind === "cancelled" ? "CANCEL" : "REQUEST";
  const interviewerPeople: CalendarPerson[] = interviewers.map(({ name, email }) => ({ name, email }));
  const candidatePerson: CalendarPerson | null = row.candidateEmail
    ? { name: row.candidateName, email: row.candidateEmail }
    : null;
  const place =
    interview.mode === "onsite" ? (interview.room ?? "On site") : (interview.videoLink ?? "Remote");
  const invite = (title: string, description: string, attendees: CalendarPerson[]) => ({
    method,
    content: buildCalendarInvite({
      uid: calendarUid("interview", interview.id),
      sequence: interview.calendarSequence,
      method,
      start: interview.scheduledAt,
      durationMinutes: interview.durationMinutes,
      title,
      description,
      location: place,
      organizer: { name: row.organizationName, email: ORGANIZER_EMAIL },
      attendees,
    }),
  });

  const sent: SentEmail[] = [];
  const notifyCandidate = change.kind !== "cancelled" || change.notifyCandidate;
  if (candidatePerson && notifyCandidate) {
    const title = `${row.stageName} interview with ${row.organizationName}`;
    const calendar = invite(
      title,
      `Your ${row.stageName} interview for the role ${row.roleTitle}. Your candidate portal: ${portalUrl(deps.baseUrl, row.organizationSlug)}`,
      [candidatePerson, ...interviewerPeople],
    );
    sent.push(
      change.kind === "cancelled"
        ? await sendEmail(deps, {
            organizationId,
            candidateId: row.candidateId,
            template: "interview_cancelled",
            to: candidatePerson.email,
            variables: {
              recipientName: row.candidateName,
              organizationName: row.organizationName,
              candidateLabel: null,
              roleTitle: row.roleTitle,
              stageName: row.stageName,
              scheduledAt: interview.scheduledAt,
              reason: change.reason,
            },
            calendar,
          })
        : await sendEmail(deps, {
            organizationId,
            candidateId: row.candidateId,
            template: "interview_scheduled",
            to: candidatePerson.email,
            variables: {
              candidateName: row.candidateName,
              organizationName: row.organizationName,
              roleTitle: row.roleTitle,
              stageName: row.stageName,
              scheduledAt: interview.scheduledAt,
              timeZone: "UTC",
              durationMinutes: interview.durationMinutes,
              mode: interview.mode,
              room: interview.room,
              videoLink: interview.videoLink,
              portalUrl: portalUrl(deps.baseUrl, row.organizationSlug),
              isUpdate: change.kind === "rescheduled",
            },
            calendar,
          }),
    );
  }

  for (const interviewer of interviewers) {
    const blind = await findBlindApplicationsForUser(deps.db, organizationId, interviewer.id, [
      interview.applicationId,
    ]);
    const isHidden = row.stageIsBlind || blind.has(interview.applicationId) || !row.candidateName;
    const candidateLabel = isHidden ? candidatePseudonym(interview.applicationId) : (row.candidateName ?? "");
    const attendees =
      isHidden || !candidatePerson ? interviewerPeople : [candidatePerson, ...interviewerPeople];
    const link = new URL(`/interviews/${interview.id}`, deps.baseUrl).toString();
    const calendar = invite(
      `${row.stageName}: ${candidateLabel} (${row.roleTitle})`,
      `Interview kit and scorecard: ${link}`,
      attendees,
    );
    sent.push(
      change.kind === "cancelled"
        ? await sendEmail(deps, {
            organizationId,
            template: "interview_cancelled",
            to: interviewer.email,
            variables: {
              recipientName: interviewer.name,
              organizationName: row.organizationName,
              candidateLabel,
              roleTitle: row.roleTitle,
              stageName: row.stageName,
              scheduledAt: interview.scheduledAt,
              reason: change.reason,
            },
            calendar,
          })
        : await sendEmail(deps, {
            organizationId,
            template: "interview_invitation",
            to: interviewer.email,
            variables: {
              interviewerName: interviewer.name,
              organizationName: row.organizationName,
              candidateLabel,
              roleTitle: row.roleTitle,
              stageName: row.stageName,
              scheduledAt: interview.scheduledAt,
              durationMinutes: interview.durationMinutes,
              mode: interview.mode,
              room: interview.room,
              videoLink: interview.videoLink,
              link,
              isUpdate: change.kind === "rescheduled",
            },
            calendar,
          }),
    );
  }
  return sent;
}
