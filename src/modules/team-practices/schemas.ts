import { z } from "zod";
import { textSchema, uuidParam } from "../../server/schemas.ts";
import { workModels } from "../roles/roles-table.ts";
import { retroPrompts } from "./team-practices-table.ts";

const person = z.object({ id: z.string(), name: z.string() });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date (YYYY-MM-DD)" });

export const teamParams = z.object({ teamId: uuidParam });
export const boardParams = z.object({ boardId: uuidParam });
export const boardItemParams = z.object({ boardId: uuidParam, itemId: uuidParam });
export const boardActionParams = z.object({ boardId: uuidParam, actionId: uuidParam });

export const practiceTeamSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    workModel: z.enum(workModels),
    location: z.string().nullable(),
    memberCount: z.number().int(),
    isMember: z.boolean(),
  })
  .meta({ id: "PracticeTeamSummary" });

export const teamSettingsView = z
  .object({
    timeZone: z.string(),
    workdayStartHour: z.number().int(),
    workdayEndHour: z.number().int(),
    hasSlackWebhook: z
      .boolean()
      .describe("Whether a Slack webhook is stored; the URL itself is never returned"),
  })
  .meta({ id: "TeamPracticeSettings" });

export const practiceTeamDetail = z
  .object({
    id: z.string(),
    name: z.string(),
    workModel: z.enum(workModels),
    isMember: z.boolean(),
    canManage: z.boolean().describe("Admins and hiring managers arrange members and settings"),
    hasAsyncUpdates: z.boolean().describe("Remote and hybrid teams write weekly updates"),
    hasFocusTime: z.boolean().describe("Onsite and hybrid teams see their focus time"),
    members: z.array(person),
    organizationMembers: z.array(person).describe("For managers: who can be added; empty otherwise"),
    settings: teamSettingsView,
  })
  .meta({ id: "PracticeTeam" });

export const teamMembersBody = z.object({
  userIds: z.array(uuidParam).max(200).describe("The team's members, replacing the current list"),
});

export const teamSettingsBody = z.object({
  timeZone: textSchema.min(1).max(100).optional().describe("IANA time zone the working hours are in"),
  workdayStartHour: z.number().int().min(0).max(23).optional(),
  workdayEndHour: z.number().int().min(1).max(24).optional(),
});

export const teamSlackBody = z.object({
  url: textSchema
    .max(2000)
    .describe("A Slack incoming webhook URL (https://hooks.slack.com/...); stored sealed"),
});
export const slackTestResponse = z.object({ sent: z.boolean() });

const updateText = (label: string) =>
  textSchema.trim().max(4000, { error: `must be at most 4000 characters` }).describe(label);

export const teamUpdateBody = z.object({
  moved: updateText("What moved this week").min(1, { error: "must say what moved" }),
  blocked: updateText("What is blocked (may be empty)"),
  next: updateText("What is next").min(1, { error: "must say what is next" }),
});

export const teamUpdatesQuery = z.object({
  week: isoDate.optional().describe("Any day of the week to read; the current week by default"),
});

export const teamUpdatesWeek = z
  .object({
    weekStart: z.string(),
    isCurrentWeek: z.boolean(),
    memberCount: z.number().int(),
    postedCount: z.number().int(),
    updates: z.array(
      z.object({
        id: z.string(),
        authorName: z.string(),
        moved: z.string(),
        blocked: z.string(),
        next: z.string(),
        updatedAt: z.string(),
      }),
    ),
    mine: z.object({ moved: z.string(), blocked: z.string(), next: z.string() }).nullable(),
  })
  .meta({ id: "TeamUpdatesWeek" });

export const weeksQuery = z.object({
  weeks: z.coerce.number().int().min(1).max(52).default(8).describe("How many weeks back, this one included"),
});

export const updateParticipation = z
  .object({
    memberCount: z.number().int(),
    weeks: z.array(
      z.object({
        weekStart: z.string(),
        postedCount: z.number().int(),
        share: z
          .number()
          .nullable()
          .describe("Share of current members who posted; null for a team without members"),
      }),
    ),
  })
  .meta({ id: "UpdateParticipation" });

export const retroBoardSummary = z
  .object({ id: z.string(), sprint: z.string(), createdAt: z.string(), itemCount: z.number().int() })
  .meta({ id: "RetroBoardSummary" });

export const retroBoardBody = z.object({
  sprint: textSchema.trim().min(1, { error: "must name the sprint" }).max(120),
});

export const retroBoardView = z
  .object({
    id: z.string(),
    sprint: z.string(),
    team: person,
    canTakePart: z.boolean(),
    items: z.array(
      z.object({
        id: z.string(),
        prompt: z.enum(retroPrompts),
        text: z.string(),
        votes: z.number().int(),
        hasMyVote: z.boolean(),
        createdAt: z.string(),
      }),
    ),
    actions: z.array(
      z.object({
        id: z.string(),
        text: z.string(),
        owner: person,
        raisedOn: z.string().describe("The sprint of the board it was raised on"),
        isCarriedOver: z.boolean(),
        isClosed: z.boolean(),
        createdAt: z.string(),
      }),
    ),
    members: z.array(person),
  })
  .meta({ id: "RetroBoard" });

export const retroItemBody = z.object({
  prompt: z.enum(retroPrompts),
  text: textSchema.trim().min(1, { error: "must not be empty" }).max(1000),
});

export const retroActionBody = z.object({
  text: textSchema.trim().min(1, { error: "must not be empty" }).max(500),
  ownerId: uuidParam,
});

export const retroActionPatch = z.object({ isClosed: z.boolean() });

export const retroBoardEventStream = z
  .string()
  .describe("text/event-stream: `board` events, each the whole board as the listener sees it");

export const calendarFileBody = z.object({
  content: textSchema.max(2 * 1024 * 1024 - 1024).describe("The .ics file's text"),
});
export const calendarUrlBody = z.object({
  url: textSchema
    .max(2000)
    .describe("An http(s) or webcal URL on the public internet; fetched once, never stored"),
});

export const myCalendar = z
  .object({
    isImported: z.boolean(),
    source: z.enum(["file", "url"]).nullable(),
    eventCount: z.number().int(),
    importedAt: z.string().nullable(),
  })
  .meta({ id: "MyCalendar" });

export const teamFocusTime = z
  .object({
    memberCount: z.number().int(),
    importedCount: z.number().int().describe("Members who imported a calendar"),
    minGroupSize: z.number().int(),
    focusBlockHours: z.number(),
    workingHours: z.object({ timeZone: z.string(), startHour: z.number().int(), endHour: z.number().int() }),
    weeks: z.array(
      z.object({
        weekStart: z.string(),
        memberCount: z.number().int(),
        isShown: z.boolean().describe("False when fewer members than minGroupSize: too few to show"),
        medianFocusHours: z.number().nullable(),
        medianBlocks: z.number().nullable(),
        buckets: z
          .array(z.object({ key: z.string(), label: z.string(), memberWeeks: z.number().int() }))
          .nullable(),
      }),
    ),
  })
  .meta({ id: "TeamFocusTime" });

export type PracticeTeamSummary = z.infer<typeof practiceTeamSummary>;
export type PracticeTeamDetail = z.infer<typeof practiceTeamDetail>;
export type TeamSettingsInput = z.infer<typeof teamSettingsBody>;
export type TeamUpdateInput = z.infer<typeof teamUpdateBody>;
export type TeamUpdatesWeek = z.infer<typeof teamUpdatesWeek>;
export type UpdateParticipation = z.infer<typeof updateParticipation>;
export type RetroBoardSummary = z.infer<typeof retroBoardSummary>;
export type RetroBoardView = z.infer<typeof retroBoardView>;
export type RetroItemInput = z.infer<typeof retroItemBody>;
export type RetroActionInput = z.infer<typeof retroActionBody>;
export type MyCalendar = z.infer<typeof myCalendar>;
export type TeamFocusTime = z.infer<typeof teamFocusTime>;
