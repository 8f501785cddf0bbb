import { and, eq } from "drizzle-orm";
import { type Clock, fixedClock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { type MemberRole, memberships } from "../../platform/db/schema.ts";
import { createInProcessEventBus } from "../../platform/events.ts";
import { systemActor } from "../audit/audit-log.ts";
import type { MemberContext } from "../auth/access.ts";
import { findUserByEmail } from "../members/members.ts";
import { teams } from "../outcomes/outcomes-table.ts";
import { importCalendar } from "../team-practices/calendars.ts";
import {
  addRetroAction,
  addRetroItem,
  createRetroBoard,
  voteForRetroItem,
} from "../team-practices/retros.ts";
import { setTeamMembers } from "../team-practices/team-access.ts";
import { saveMyUpdate } from "../team-practices/updates.ts";
import { demoTeams } from "./seed-outcomes-demo.ts";

/**
 * The demo teams' practices, written through the same service functions members use: who is in
 * each team, six weeks of written updates (remote and hybrid teams; not everyone posts every
 * week), one retro per team with items, votes and an action item, and an imported calendar per
 * member of the onsite and hybrid teams, generated around today. Fast: a few hundred small writes.
 */

const WEEK_MS = 7 * 86_400_000;

/** Members by email; the demo interviewer (Ivo) is in every team, so signing in as them shows it all. */
const demoMembers: Record<string, string[]> = {
  "Payments Security": [
    "interviewer@example.com",
    "priya.interviewer@example.com",
    "tomas.interviewer@example.com",
    "amara.interviewer@example.com",
  ],
  Observability: [
    "interviewer@example.com",
    "jonas.interviewer@example.com",
    "amara.interviewer@example.com",
    "priya.interviewer@example.com",
  ],
  Catalogue: [
    "interviewer@example.com",
    "tomas.interviewer@example.com",
    "jonas.interviewer@example.com",
    "priya.interviewer@example.com",
  ],
};

const updateLines = [
  ["Finished the retry policy for webhook deliveries", "", "Load test the new queue"],
  [
    "Paired on the search ranking fix; it is in review",
    "Waiting for the staging index rebuild",
    "Ship the ranking fix",
  ],
  ["Wrote the runbook for the alert storm of last week", "", "Move two alerts to the new thresholds"],
  [
    "Migrated the catalogue importer to the new schema",
    "Need a decision on the legacy SKUs",
    "Backfill the old rows",
  ],
  ["Reviewed four pull requests and closed the flaky test", "", "Start the dashboard for p95 latency"],
  ["Spiked the new tracing library", "Licence review is pending", "Write up the spike for the team"],
] as const;

/** A member's calendar around today: stand-ups, a weekly planning, 1:1s, sometimes a day off. */
function demoCalendar(now: Date, seed: number): string {
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7) - 7 * 9);
  const stamp = (date: Date) =>
    date
      .toISOString()
      .replaceAll(/[-:]/g, "")
      .replace(/\.\d{3}/, "");
  const at = (day: number, hour: number) => new Date(monday.getTime() + day * 86_400_000 + hour * 3_600_000);
  const dateOnly = (day: number) => stamp(at(day, 0)).slice(0, 8);
  const event = (uid: string, start: Date, end: Date, extra: string[] = []) => [
    "BEGIN:VEVENT",
    `UID:${uid}-${seed}@demo.evident`,
    "DTSTAMP:20260101T000000Z",
    `DTSTART:${stamp(start)}`,
    `DTEND:${stamp(end)}`,
    ...extra,
    "SUMMARY:Busy",
    "END:VEVENT",
  ];
  const oneOnOneHour = 10 + (seed % 5);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Evident demo//EN",
    ...event("standup", at(0, 9.5), at(0, 9.75), ["RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=65"]),
    ...event("planning", at(1, 13), at(1, 14.5), ["RRULE:FREQ=WEEKLY;COUNT=13"]),
    ...event("one-on-one", at(3, oneOnOneHour), at(3, oneOnOneHour + 1), [
      "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=7",
    ]),
  ];
  // Meetings that creep in over the weeks: more in recent weeks, so the trend has a shape.
  for (let week = 0; week < 13; week += 1) {
    for (let index = 0; index < Math.floor(week / 3) + (seed % 2); index += 1) {
      const day = week * 7 + ((seed + index * 2 + week) % 5);
      const hour = 11 + ((seed + index + week) % 5);
      lines.push(...event(`extra-${week}-${index}`, at(day, hour), at(day, hour + 1)));
    }
  }
  const dayOff = 7 * ((seed % 6) + 2) + 4;
  lines.push(
    "BEGIN:VEVENT",
    `UID:away-${seed}@demo.evident`,
    "DTSTAMP:20260101T000000Z",
    `DTSTART;VALUE=DATE:${dateOnly(dayOff)}`,
    `DTEND;VALUE=DATE:${dateOnly(dayOff + 1)}`,
    "SUMMARY:Day off",
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  );
  return lines.join("\r\n");
}

export async function seedTeamPracticesDemo(deps: { db: Db; clock: Clock }, organizationId: string) {
  const events = createInProcessEventBus();
  const now = deps.clock.now();
  const contextOf = async (email: string): Promise<MemberContext | null> => {
    const user = await findUserByEmail(deps.db, email);
    if (!user) return null;
    const [membership] = await deps.db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, user.id)));
    if (!membership) return null;
    return {
      organizationId,
      userId: user.id,
      role: membership.role as MemberRole,
      actor: { ...systemActor, type: "user", userId: user.id },
    };
  };
  const admin = await contextOf("admin@example.com");
  const demoInterviewer = await contextOf("interviewer@example.com");
  if (!admin) return;
  const calendarsImported = new Set<string>();
  let seed = 0;
  for (const demoTeam of demoTeams) {
    const [team] = await deps.db
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.organizationId, organizationId), eq(teams.name, demoTeam.name)));
    if (!team) continue;
    const members = (await Promise.all((demoMembers[demoTeam.name] ?? []).map(contextOf))).filter(
      (member): member is MemberContext => member !== null,
    );
    await setTeamMembers(
      deps,
      admin,
      team.id,
      members.map((member) => member.userId),
    );

    if (demoTeam.workModel !== "onsite") {
      for (let weeksAgo = 5; weeksAgo >= 0; weeksAgo -= 1) {
        const thatWeek = { db: deps.db, clock: fixedClock(new Date(now.getTime() - weeksAgo * WEEK_MS)) };
        for (const [index, member] of members.entries()) {
          seed += 1;
          // The demo interviewer leaves this week's update for whoever tries the demo.
          if (weeksAgo === 0 && member.userId === demoInterviewer?.userId) continue;
          // Not everyone posts every week: the share chart has something to show.
          if ((index + weeksAgo) % 4 === 3) continue;
          const [moved, blocked, next] = updateLines[seed % updateLines.length] ?? updateLines[0];
          await saveMyUpdate(thatWeek, member, team.id, { moved, blocked, next });
        }
      }
    }

    const [first, second, third] = members;
    if (first && second && third) {
      const retroDeps = { db: deps.db, clock: fixedClock(new Date(now.getTime() - 3 * 86_400_000)), events };
      const board = await createRetroBoard(retroDeps, first, team.id, "Sprint 23");
      const items = [
        { prompt: "went_well", text: "Pairing on the tricky migration kept us unblocked" },
        { prompt: "went_well", text: "Written updates meant fewer status meetings" },
        { prompt: "to_improve", text: "Pull requests waited more than a day for review" },
        { prompt: "ideas", text: "Two meeting-free afternoons a week" },
      ] as const;
      let view = await addRetroItem(retroDeps, first, board.id, items[0]);
      for (const item of items.slice(1)) view = await addRetroItem(retroDeps, second, board.id, item);
      for (const voter of [first, second, third]) {
        const wanted = view.items.find((item) => item.prompt === "to_improve");
        if (wanted) await voteForRetroItem(retroDeps, voter, board.id, wanted.id);
      }
      const idea = view.items.find((item) => item.prompt === "ideas");
      if (idea) await voteForRetroItem(retroDeps, third, board.id, idea.id);
      await addRetroAction(retroDeps, first, board.id, {
        text: "Agree a review rota",
        ownerId: second.userId,
      });
    }

    if (demoTeam.workModel !== "remote") {
      for (const member of members) {
        if (calendarsImported.has(member.userId)) continue;
        calendarsImported.add(member.userId);
        seed += 1;
        await importCalendar(deps, member, demoCalendar(now, seed), "file");
      }
    }
  }
  await events.close();
}
