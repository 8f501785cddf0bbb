import { createEvent } from "ics";

/**
 * Calendar invitations (RFC 5545 / iTIP, RFC 5546) attached to emails, so an interview lands in
 * the calendars of the candidate and every interviewer, and later updates replace it there.
 * Calendar clients match updates by UID and keep the one with the highest SEQUENCE, so every
 * event must keep one UID for its whole life and raise SEQUENCE on each change.
 */
export type CalendarMethod = "REQUEST" | "CANCEL";

export interface CalendarPerson {
  name: string | null;
  email: string;
}

export interface CalendarInvite {
  /** Stable for the life of the event (see calendarUid). */
  uid: string;
  /** 0 for the first invitation; raised on every reschedule and on cancellation. */
  sequence: number;
  /** REQUEST creates or updates the event; CANCEL removes it. */
  method: CalendarMethod;
  start: Date;
  durationMinutes: number;
  title: string;
  /** Plain text; put links here. (No URL property: the ics package refuses URLs such as http://host:0.) */
  description: string;
  location: string | null;
  organizer: CalendarPerson;
  attendees: CalendarPerson[];
}

/** The UID of an object's event: one per object, whatever happens to it later. */
export function calendarUid(kind: string, id: string): string {
  return `${kind}-${id}@evident`;
}

/** Builds the ICS text of one event; throws when the ics package refuses the input. */
export function buildCalendarInvite(invite: CalendarInvite): string {
  const isCancel = invite.method === "CANCEL";
  const { error, value } = createEvent({
    productId: "evident/calendar-invites",
    method: invite.method,
    uid: invite.uid,
    sequence: invite.sequence,
    start: invite.start.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: invite.durationMinutes },
    title: invite.title,
    description: invite.description,
    ...(invite.location ? { location: invite.location } : {}),
    status: isCancel ? "CANCELLED" : "CONFIRMED",
    organizer: personOf(invite.organizer),
    attendees: invite.attendees.map((attendee) => ({
      ...personOf(attendee),
      role: "REQ-PARTICIPANT",
      partstat: "NEEDS-ACTION",
      rsvp: !isCancel,
    })),
  });
  if (error || !value) throw error ?? new Error("The calendar invitation could not be built.");
  return value;
}

function personOf(person: CalendarPerson): { name?: string; email: string } {
  return person.name ? { name: person.name, email: person.email } : { email: person.email };
}
