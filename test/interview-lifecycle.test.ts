import ical, { type VEvent } from "node-ical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCalendarInvite, calendarUid } from "../src/modules/mail/calendar-invites.ts";
import { fixedClock } from "../src/platform/clock.ts";
import { testEngines } from "./support/databases.ts";
import { readOutboxFiles } from "./support/eml.ts";
import {
  addTestMember,
  openRole,
  type SeededStage,
  seedApplication,
  seedStages,
} from "./support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

const DESIGN_KIT = "system-design-url-shortener";
const HOUR = 3600_000;

type Member = { id: string; email: string; token: string };

/** The text/calendar part of a stored .eml (nested multiparts included), decoded. */
function calendarPartOf(raw: string): string | null {
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

function eventOf(ics: string): { event: VEvent; method: string | undefined } {
  const parsed = ical.sync.parseICS(ics);
  const event = Object.values(parsed).find((component) => component?.type === "VEVENT") as VEvent | undefined;
  if (!event) throw new Error("no VEVENT in the invitation");
  const calendar = parsed.vcalendar as unknown as { method?: string } | undefined;
  return { event, method: calendar?.method };
}

function attendeeEmails(event: VEvent): string[] {
  const attendees =
    event.attendee === undefined ? [] : Array.isArray(event.attendee) ? event.attendee : [event.attendee];
  return attendees
    .map((attendee) => (typeof attendee === "string" ? attendee : attendee.val))
    .map((value) => value.replace(/^mailto:/i, "").toLowerCase())
    .sort();
}

describe("calendar invitations", () => {
  it("parse back with their UID, SEQUENCE, METHOD, attendees and times", () => {
    const start = new Date("2026-05-04T13:30:00Z");
    const ics = buildCalendarInvite({
      uid: calendarUid("interview", "3f1c"),
      sequence: 3,
      method: "REQUEST",
      start,
      durationMinutes: 90,
      title: "System design: Ada, Backend",
      description: "Kit and scorecard: https://evident.example.test/interviews/3f1c",
      location: "Lisbon, room Tejo",
      organizer: { name: "Acme", email: "no-reply@evident.local" },
      attendees: [
        { name: "Ada Lovelace", email: "ada@example.test" },
        { name: null, email: "ben@example.test" },
      ],
    });
    const { event, method } = eventOf(ics);
    expect(method).toBe("REQUEST");
    expect(event.uid).toBe("interview-3f1c@evident");
    expect(Number(event.sequence)).toBe(3);
    expect(new Date(event.start).toISOString()).toBe(start.toISOString());
    expect(new Date(event.end ?? 0).toISOString()).toBe("2026-05-04T15:00:00.000Z");
    expect(event.location).toBe("Lisbon, room Tejo");
    expect(attendeeEmails(event)).toEqual(["ada@example.test", "ben@example.test"]);
    expect(event.status).toBe("CONFIRMED");

    const cancel = eventOf(buildCalendarInvite({ ...sample(), method: "CANCEL", sequence: 4 }));
    expect(cancel.method).toBe("CANCEL");
    expect(cancel.event.status).toBe("CANCELLED");
  });

  function sample() {
    return {
      uid: "interview-x@evident",
      sequence: 0,
      method: "REQUEST" as const,
      start: new Date("2026-05-04T13:30:00Z"),
      durationMinutes: 60,
      title: "t",
      description: "d",
      location: null,
      organizer: { name: "Acme", email: "no-reply@evident.local" },
      attendees: [{ name: "A", email: "a@example.test" }],
    };
  }
});

/** Scheduling, rescheduling, cancelling, rejecting and withdrawing, as the calendars and inboxes see them. */
describe.each(testEngines)("interview lifecycle on %s", (engine) => {
  const clock = fixedClock(new Date(Math.floor(Date.now() / HOUR) * HOUR));
  let server: TestServer;
  let org: SeededOrganization;
  let ana: Member;
  let ben: Member;
  let roleId: string;
  let otherRoleId: string;
  let design: SeededStage;
  let otherDesign: SeededStage;

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    org = await seedOrganization(server.database, "Lifecycle");
    ana = org.users.interviewer;
    ben = await addTestMember(server.database, org.id, "Ben Panel");
    roleId = await openRole(server, org.users.recruiter.token, { title: "Backend Engineer, Search" });
    otherRoleId = await openRole(server, org.users.recruiter.token, { title: "Data Engineer" });
    [design] = (await seedStages(server.database, org.id, roleId, [
      { name: "System design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2 },
    ])) as [SeededStage];
    [otherDesign] = (await seedStages(server.database, org.id, otherRoleId, [
      { name: "Data design", type: "system_design", kitSlug: DESIGN_KIT, requiredRaters: 2 },
    ])) as [SeededStage];
  });

  afterAll(async () => {
    await server?.close();
  });

  async function schedule(
    applicationId: string,
    at: Date,
    stage = design,
    interviewers: Member[] = [ana, ben],
  ) {
    const response = await call(server, "POST", "/api/v1/interviews", {
      token: org.users.recruiter.token,
      body: {
        applicationId,
        stageId: stage.id,
        scheduledAt: at.toISOString(),
        durationMinutes: 60,
        interviewerIds: interviewers.map((member) => member.id),
        mode: "onsite",
        room: "Room Tejo",
      },
    });
    expect(response.status).toBe(201);
    return String(response.body.id);
  }

  /** The invitations sent for one interview, by recipient, in the order they were written. */
  async function invitationsFor(interviewId: string) {
    const files = (await readOutboxFiles(server.outboxDir)).sort((a, b) =>
      a.fileName.localeCompare(b.fileName),
    );
    return files.flatMap((file) => {
      const ics = calendarPartOf(file.raw);
      if (!ics) return [];
      const { event, method } = eventOf(ics);
      if (event.uid !== calendarUid("interview", interviewId)) return [];
      return [
        {
          to: file.email.headers.get("to") ?? "",
          subject: file.email.headers.get("subject") ?? "",
          event,
          method,
        },
      ];
    });
  }

  it("invites the candidate and each interviewer, updates on reschedule, and cancels on rejection", async () => {
    const ada = await seedApplication(
      server.database,
      org.id,
      roleId,
      {
        fullName: "Ada Calendar",
        email: "ada.calendar@example.test",
      },
      { stageId: design.id },
    );
    const start = new Date(clock.now().getTime() + 48 * HOUR);
    const interviewId = await schedule(ada.applicationId, start);

    const sent = await invitationsFor(interviewId);
    expect(sent.map((email) => email.to).sort()).toEqual(
      [ana.email, ben.email, "ada.calendar@example.test"].sort(),
    );
    for (const email of sent) {
      expect(email.method).toBe("REQUEST");
      expect(Number(email.event.sequence)).toBe(0);
      expect(new Date(email.event.start).toISOString()).toBe(start.toISOString());
      expect(attendeeEmails(email.event)).toEqual(
        [ana.email, ben.email, "ada.calendar@example.test"].map((address) => address.toLowerCase()).sort(),
      );
    }
    expect(sent.find((email) => email.to === ana.email)?.subject).toBe(
      "System design with Ada Calendar (Backend Engineer, Search)",
    );

    const newStart = new Date(start.getTime() + 24 * HOUR);
    const moved = await call(server, "POST", `/api/v1/interviews/${interviewId}/reschedule`, {
      token: org.users.recruiter.token,
      body: { scheduledAt: newStart.toISOString() },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.scheduledAt).toBe(newStart.toISOString());
    const updates = (await invitationsFor(interviewId)).filter((email) => Number(email.event.sequence) === 1);
    expect(updates.map((email) => email.to).sort()).toEqual(
      [ana.email, ben.email, "ada.calendar@example.test"].sort(),
    );
    for (const email of updates) {
      expect(email.method).toBe("REQUEST");
      expect(new Date(email.event.start).toISOString()).toBe(newStart.toISOString());
    }
    expect(updates.find((email) => email.to === "ada.calendar@example.test")?.subject).toMatch(
      /^Rescheduled: /,
    );
    // Interviewers may not move interviews; a bad time is a 400 naming the field.
    expect(
      (
        await call(server, "POST", `/api/v1/interviews/${interviewId}/reschedule`, {
          token: ana.token,
          body: { scheduledAt: newStart.toISOString() },
        })
      ).status,
    ).toBe(403);
    const badTime = await call(server, "POST", `/api/v1/interviews/${interviewId}/reschedule`, {
      token: org.users.recruiter.token,
      body: { scheduledAt: "tomorrow" },
    });
    expect(badTime.status).toBe(400);
    expect(JSON.stringify(badTime.body)).toContain("scheduledAt");

    // An interview already held stays; the one to come is cancelled with the rejection.
    const held = await schedule(ada.applicationId, new Date(clock.now().getTime() - 2 * HOUR));
    const rejected = await call(server, "POST", `/api/v1/applications/${ada.applicationId}/reject`, {
      token: org.users.recruiter.token,
      body: { reason: "skills_gap" },
    });
    expect(rejected.status).toBe(200);
    const cancelled = await call(server, "GET", `/api/v1/interviews/${interviewId}`, {
      token: org.users.recruiter.token,
    });
    expect(cancelled.body.status).toBe("cancelled");
    const kept = await call(server, "GET", `/api/v1/interviews/${held}`, {
      token: org.users.recruiter.token,
    });
    expect(kept.body.status).toBe("scheduled");

    const cancellations = (await invitationsFor(interviewId)).filter((email) => email.method === "CANCEL");
    // Each interviewer hears; the rejected candidate hears from the hiring team's own email instead.
    expect(cancellations.map((email) => email.to).sort()).toEqual([ana.email, ben.email].sort());
    for (const email of cancellations) {
      expect(Number(email.event.sequence)).toBe(2);
      expect(email.event.status).toBe("CANCELLED");
      expect(email.subject).toBe(
        "Cancelled: System design interview with Ada Calendar (Backend Engineer, Search)",
      );
    }
    expect((await invitationsFor(held)).filter((email) => email.method === "CANCEL")).toEqual([]);
  });

  it("cancels for the candidate too when they withdraw, and when the team cancels by hand", async () => {
    const bo = await seedApplication(
      server.database,
      org.id,
      roleId,
      {
        fullName: "Bo Withdraws",
        email: "bo.withdraws@example.test",
      },
      { stageId: design.id },
    );
    const interviewId = await schedule(bo.applicationId, new Date(clock.now().getTime() + 72 * HOUR));
    const withdrawn = await call(server, "POST", `/api/v1/applications/${bo.applicationId}/withdraw`, {
      token: org.users.recruiter.token,
      body: {},
    });
    expect(withdrawn.status).toBe(200);
    const cancellations = (await invitationsFor(interviewId)).filter((email) => email.method === "CANCEL");
    expect(cancellations.map((email) => email.to).sort()).toEqual(
      [ana.email, ben.email, "bo.withdraws@example.test"].sort(),
    );
    const candidateCopy = cancellations.find((email) => email.to === "bo.withdraws@example.test");
    expect(candidateCopy?.subject).toBe("Cancelled: System design interview (Backend Engineer, Search)");

    const cy = await seedApplication(
      server.database,
      org.id,
      roleId,
      {
        fullName: "Cy Cancelled",
        email: "cy.cancelled@example.test",
      },
      { stageId: design.id },
    );
    const byHand = await schedule(cy.applicationId, new Date(clock.now().getTime() + 96 * HOUR));
    expect(
      (
        await call(server, "POST", `/api/v1/interviews/${byHand}/cancel`, {
          token: org.users.recruiter.token,
        })
      ).status,
    ).toBe(200);
    const byHandCancellations = (await invitationsFor(byHand)).filter((email) => email.method === "CANCEL");
    expect(byHandCancellations.map((email) => email.to).sort()).toEqual(
      [ana.email, ben.email, "cy.cancelled@example.test"].sort(),
    );
    expect(byHandCancellations.every((email) => Number(email.event.sequence) === 1)).toBe(true);
  });

  it("filters the team's interviews by role, interviewer, status and dates; interviewers see only their own", async () => {
    const cara = await addTestMember(server.database, org.id, "Cara Data");
    const dan = await seedApplication(
      server.database,
      org.id,
      otherRoleId,
      {
        fullName: "Dan Data",
        email: "dan.data@example.test",
      },
      { stageId: otherDesign.id },
    );
    const dataInterview = await schedule(
      dan.applicationId,
      new Date(clock.now().getTime() + 30 * HOUR),
      otherDesign,
      [ben, cara],
    );
    const recruiter = org.users.recruiter.token;
    const list = async (query: string, token = recruiter) => {
      const response = await call(server, "GET", `/api/v1/interviews${query}`, { token });
      expect(response.status).toBe(200);
      return response.body.items as {
        id: string;
        role: { id: string };
        status: string;
        interviewers: { id: string }[];
      }[];
    };

    const byRole = await list(`?roleId=${otherRoleId}`);
    expect(byRole.map((item) => item.id)).toEqual([dataInterview]);
    const byInterviewer = await list(`?interviewerId=${cara.id}`);
    expect(byInterviewer.map((item) => item.id)).toEqual([dataInterview]);
    const cancelled = await list("?status=cancelled");
    expect(cancelled.length).toBeGreaterThanOrEqual(2);
    expect(cancelled.every((item) => item.status === "cancelled")).toBe(true);
    const from = new Date(clock.now().getTime() + 29 * HOUR).toISOString();
    const to = new Date(clock.now().getTime() + 31 * HOUR).toISOString();
    expect((await list(`?from=${from}&to=${to}`)).map((item) => item.id)).toEqual([dataInterview]);

    // Ana interviews only for the search role: asking for Cara's interviews shows her nothing of theirs.
    expect(await list(`?interviewerId=${cara.id}`, ana.token)).toEqual([]);
    expect(
      (await list("", ana.token)).every((item) => item.interviewers.some((person) => person.id === ana.id)),
    ).toBe(true);
    const bad = await call(server, "GET", "/api/v1/interviews?status=postponed", { token: recruiter });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("status");
  });
});
