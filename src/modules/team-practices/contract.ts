import type { ModuleContract } from "../module-contract.ts";
import {
  calendarBusyTimes,
  calendarImports,
  retroActions,
  retroBoards,
  retroItems,
  retroVotes,
  teamMembers,
  teamPracticeMailings,
  teamPracticeSettings,
  teamUpdates,
} from "./team-practices-table.ts";
import { updateDigestJob, updatePromptJob } from "./updates.ts";

/** Team practices after the hire: staff data only (candidates never reach these tables). */
export const teamPracticesContract: ModuleContract = {
  name: "team-practices",
  personalData: [
    {
      subject: "staff member",
      table: teamUpdates,
      columns: [teamUpdates.userId, teamUpdates.moved, teamUpdates.blocked, teamUpdates.next],
      handling:
        "A member's weekly written update, read by their team and its managers in the digest; never scored or ranked. Shown only while the author is in the team; kept with the team.",
    },
    {
      subject: "staff member",
      table: retroItems,
      columns: [retroItems.text],
      handling:
        "Anonymous retro items: the author is never stored, so no one (admins included) can tell who wrote one; the text may still mention people and is visible only to the team and its managers.",
    },
    {
      subject: "staff member",
      table: retroActions,
      columns: [retroActions.text, retroActions.ownerId],
      handling:
        "Action items and their owners, shown to the team until closed and on the boards they belong to.",
    },
    {
      subject: "staff member",
      table: calendarImports,
      columns: [calendarImports.userId, calendarImports.source, calendarImports.eventCount],
      handling:
        "When a member last imported their calendar and from a file or a URL (the URL itself is not stored).",
    },
  ],
  freeOfPersonalData: [
    {
      table: calendarBusyTimes,
      reason:
        "Ids and times only, no free text: the member id and the start and end of their busy times (no titles, attendees or places), 12 weeks back and 4 ahead, read only into team distributions of at least 3 members, replaced on each import and deleted by the member at any time.",
    },
    {
      table: teamMembers,
      reason:
        "Which organisation members are in which team (ids only), arranged by admins and hiring managers.",
    },
    {
      table: retroVotes,
      reason:
        "Who voted for which retro item (ids only), kept to allow one vote per person; only counts are ever shown.",
    },
    { table: retroBoards, reason: "A team's retro board: the sprint's name and when it opened." },
    {
      table: teamPracticeSettings,
      reason:
        "A team's time zone, working hours and sealed Slack webhook URL (a credential, nobody's personal data).",
    },
    {
      table: teamPracticeMailings,
      reason: "Which team got which weekly email in which week: ids and dates only.",
    },
  ],
  jobs: [
    { definition: updatePromptJob, schedule: "0 8 * * 1" },
    { definition: updateDigestJob, schedule: "0 15 * * 5" },
  ],
};
