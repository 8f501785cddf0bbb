import ical, { type VEvent } from "node-ical";
import { readOutboxFiles } from "./eml.ts";

/** The text/calendar part of a stored .eml (nested multiparts included), decoded. */
export function calendarPartOf(raw: string): string | null {
  const start = raw.search(/Content-Type: text\/calendar/i);
  if (start < 0) return null;
  const segment = raw.slice(start);
  const split = segment.indexOf("\r\n\r\n");
  const headers = segment.slice(0, split);
  const body = segment.slice(split + 4, segment.indexOf("\r\n--", split));
  if (/Content-Transfer-Encoding: base64/i.test(headers)) {
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    return body
      .replace(/=\r\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
  return body;
}

/** The one VEVENT of an invitation and its calendar's METHOD, parsed by node-ical. */
export function eventOf(ics: string): { event: VEvent; method: string | undefined } {
  const parsed = ical.sync.parseICS(ics);
  const event = Object.values(parsed).find((component) => component?.type === "VEVENT") as VEvent | undefined;
  if (!event) throw new Error("no VEVENT in the invitation");
  const calendar = parsed.vcalendar as unknown as { method?: string } | undefined;
  return { event, method: calendar?.method };
}

export function attendeeEmails(event: VEvent): string[] {
  const attendees =
    event.attendee === undefined ? [] : Array.isArray(event.attendee) ? event.attendee : [event.attendee];
  return attendees
    .map((attendee) => (typeof attendee === "string" ? attendee : attendee.val))
    .map((value) => value.replace(/^mailto:/i, "").toLowerCase())
    .sort();
}

/** Every invitation in an outbox with the given UID, in the order the files were written. */
export async function invitationsWithUid(outboxDir: string, uid: string) {
  const files = (await readOutboxFiles(outboxDir)).sort((a, b) => a.fileName.localeCompare(b.fileName));
  return files.flatMap((file) => {
    const ics = calendarPartOf(file.raw);
    if (!ics) return [];
    const { event, method } = eventOf(ics);
    if (event.uid !== uid) return [];
    return [
      {
        to: file.email.headers.get("to") ?? "",
        subject: file.email.headers.get("subject") ?? "",
        email: file.email,
        event,
        method,
      },
    ];
  });
}
