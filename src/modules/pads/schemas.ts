import { z } from "zod";
import { uuidParam } from "../../server/schemas.ts";
import { interviewModes } from "../interviews/interviews-table.ts";
import { padKinds, padLanguages, padMarkerKinds } from "./pads-table.ts";

export const padInterviewParams = z.object({ interviewId: uuidParam });
export const padParams = z.object({ padId: uuidParam });

/** What a pad starts from: a challenge's starter (in one of its languages) or a kit question's prompt. */
export const startPadFromBody = z
  .discriminatedUnion("source", [
    z.object({
      source: z.literal("challenge"),
      challengeId: z
        .string()
        .min(1)
        .max(200)
        .describe("A challenge of the catalogue (GET /api/v1/challenges)"),
      language: z.enum(padLanguages).optional().describe("Default: the challenge's first language"),
      confirm: z.boolean().default(false).describe("Replace the code even though someone has typed"),
    }),
    z.object({
      source: z.literal("kit_question"),
      questionId: z.string().min(1).max(200).describe("A question of the interview's kit"),
      language: z.enum(padLanguages).optional().describe("Default: the pad's language"),
      confirm: z.boolean().default(false).describe("Replace the code even though someone has typed"),
    }),
  ])
  .meta({ id: "StartPadFromBody" });
export type StartPadFromBody = z.infer<typeof startPadFromBody>;

export const startPadFromResponse = z
  .object({ language: z.enum(padLanguages), code: z.string() })
  .meta({ id: "StartPadFromResult" });

/** What the interviewer panel shows: the kit's questions and probes, its timed sections, the rubric. */
const padKitSchema = z.object({
  title: z.string(),
  questions: z.array(
    z.object({
      id: z.string(),
      prompt: z.string(),
      probes: z.array(z.string()),
      suggestedMinutes: z.number().int(),
    }),
  ),
  rubric: z.array(z.object({ id: z.string(), name: z.string() })),
  candidateQuestionsMinutes: z.number().int(),
});

export const padSchema = z
  .object({
    id: z.uuid(),
    interviewId: z.uuid(),
    kind: z.enum(padKinds).describe("code (pair programming) or design (system design: code and whiteboard)"),
    language: z
      .enum(padLanguages)
      .describe("The language the pad started in; the live one is in the document"),
    documentName: z.string().describe("The Yjs document to open on the pad socket (/api/v1/pads/socket)"),
    panelDocumentName: z
      .string()
      .nullable()
      .describe("The interviewers' private panel document; null for the candidate"),
    isLocked: z.boolean().describe("Read-only: the interview has ended"),
    startsAt: z.string(),
    endsAt: z.string(),
    mode: z.enum(interviewModes),
    videoLink: z.string().nullable(),
    room: z.string().nullable(),
    candidateName: z
      .string()
      .nullable()
      .describe("The candidate's name, or pseudonym in blind review; null for the candidate"),
    kit: padKitSchema.nullable().describe("Staff only: the kit for the interviewer panel"),
  })
  .meta({ id: "Pad" });

export const padPlaybackSchema = z
  .object({
    padId: z.uuid(),
    interviewId: z.uuid(),
    kind: z.enum(padKinds),
    snapshots: z.array(
      z.object({
        sequence: z.number().int(),
        at: z.string(),
        state: z.string().describe("The whole document after `sequence` updates, a base64 Yjs update"),
      }),
    ),
    startedAt: z.string().nullable().describe("When the first update was received; null for an empty log"),
    updateCount: z.number().int(),
    log: z
      .string()
      .describe(
        "Every update in order as one base64 binary stream; per update (little-endian): uint32 sequence, float64 ms since startedAt, uint8 author (0 staff, 1 candidate, 2 system), uint32 length, the Yjs update bytes",
      ),
    markers: z.array(
      z.object({
        at: z.string(),
        kind: z.enum(padMarkerKinds),
        who: z.string().describe("A name, or the candidate's pseudonym in blind review"),
        detail: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "PadPlayback" });

/** Messages a client sends on the pad socket as Hocuspocus stateless messages (JSON). */
export const padStatelessMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("run") }),
  z.object({ type: z.literal("paste"), chars: z.number().int().min(0).max(10_000_000) }),
  z.object({ type: z.literal("visibility"), hidden: z.boolean() }),
]);

export type PadView = z.infer<typeof padSchema>;
export type PadPlayback = z.infer<typeof padPlaybackSchema>;
export type PadStatelessMessage = z.infer<typeof padStatelessMessage>;
