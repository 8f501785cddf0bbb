/**
 * Pads of live interviews: who may open which pad and when, its creation on first open, and
 * the reviewer's playback. The real-time side (Hocuspocus) is in collaboration.ts.
 */
import { and, eq } from "drizzle-orm";
import * as Y from "yjs";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import type { MemberRole } from "../../platform/db/schema.ts";
import { users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import { candidatePseudonym } from "../interviews/blind.ts";
import { getInterview } from "../interviews/interviews.ts";
import { interviews } from "../interviews/interviews-table.ts";
import type { StageType } from "../plans/plans-table.ts";
import { planStages } from "../plans/plans-table.ts";
import { appendUpdates, readPlaybackLog } from "./pad-log.ts";
import { type padLanguages, pads } from "./pads-table.ts";
import { encodePlaybackLog } from "./playback-log.ts";
import type { PadPlayback, PadView } from "./schemas.ts";

/** A candidate may join from 15 minutes before the start to 30 minutes after the end. */
export const CANDIDATE_EARLY_MS = 15 * 60 * 1000;
export const CANDIDATE_LATE_MS = 30 * 60 * 1000;

export const padStageTypes: readonly StageType[] = ["pair_programming", "system_design"];

/** The names of a pad's Yjs documents: the shared one and each interviewer's private panel. */
export const padDocumentName = (padId: string) => `pad:${padId}`;
export const panelDocumentName = (padId: string, userId: string) => `pad:${padId}:panel:${userId}`;

export type ParsedDocumentName =
  | { padId: string; isPanel: false }
  | { padId: string; isPanel: true; userId: string };

export function parseDocumentName(name: string): ParsedDocumentName | null {
  const match = /^pad:([0-9a-f-]{36})(?::panel:([0-9a-f-]{36}))?$/.exec(name);
  if (!match?.[1]) return null;
  return match[2]
    ? { padId: match[1], isPanel: true, userId: match[2] }
    : { padId: match[1], isPanel: false };
}

export type PadLanguage = (typeof padLanguages)[number];

interface PadInterview {
  interviewId: string;
  organizationId: string;
  applicationId: string;
  candidateId: string;
  candidateName: string | null;
  stageType: StageType;
  isBlind: boolean;
  scheduledAt: Date;
  durationMinutes: number;
  status: "scheduled" | "completed" | "cancelled";
}

export const interviewEndsAt = (interview: Pick<PadInterview, "scheduledAt" | "durationMinutes">) =>
  new Date(interview.scheduledAt.getTime() + interview.durationMinutes * 60_000);

/** Locked read-only once the interview has ended (or was completed or cancelled). */
export function isPadLocked(interview: PadInterview, now: Date): boolean {
  return interview.status !== "scheduled" || now.getTime() >= interviewEndsAt(interview).getTime();
}

export function isWithinCandidateWindow(interview: PadInterview, now: Date): boolean {
  const from = interview.scheduledAt.getTime() - CANDIDATE_EARLY_MS;
  const until = interviewEndsAt(interview).getTime() + CANDIDATE_LATE_MS;
  return now.getTime() >= from && now.getTime() <= until;
}

async function loadPadInterview(db: Db, organizationId: string, interviewId: string): Promise<PadInterview> {
  const [row] = await db
    .select({
      interviewId: interviews.id,
      organizationId: interviews.organizationId,
      applicationId: interviews.applicationId,
      candidateId: applications.candidateId,
      candidateName: candidates.fullName,
      stageType: planStages.type,
      isBlind: planStages.isBlind,
      scheduledAt: interviews.scheduledAt,
      durationMinutes: interviews.durationMinutes,
      status: interviews.status,
    })
    .from(interviews)
    .innerJoin(applications, eq(applications.id, interviews.applicationId))
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .innerJoin(planStages, eq(planStages.id, interviews.stageId))
    .where(and(eq(interviews.organizationId, organizationId), eq(interviews.id, interviewId)));
  if (!row) throw new AppError("not_found", "That interview was not found.");
  return row;
}

/** The code a new pad starts with: the kit's first question as a comment, in the pad's language. */
export function starterCode(language: PadLanguage, prompt: string | null): string {
  const lines = (prompt ?? "Write your code here.").split("\n");
  const comment = language === "python" ? "# " : language === "sql" ? "-- " : "// ";
  return `${lines.map((line) => `${comment}${line}`).join("\n")}\n\n`;
}

async function findOrCreatePad(
  deps: { db: Db; clock: Clock },
  interview: PadInterview,
  prompt: string | null,
): Promise<typeof pads.$inferSelect> {
  const [existing] = await deps.db.select().from(pads).where(eq(pads.interviewId, interview.interviewId));
  if (existing) return existing;
  if (!padStageTypes.includes(interview.stageType)) {
    throw new AppError("conflict", "Only pair-programming and system-design interviews have a pad.");
  }
  const now = deps.clock.now();
  const id = newId();
  const language: PadLanguage = "typescript";
  const inserted = await deps.db
    .insert(pads)
    .values({
      id,
      organizationId: interview.organizationId,
      interviewId: interview.interviewId,
      kind: interview.stageType === "system_design" ? "design" : "code",
      language,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  const pad = inserted[0];
  if (!pad) {
    // Someone else opened it first, at the same moment.
    const [other] = await deps.db.select().from(pads).where(eq(pads.interviewId, interview.interviewId));
    if (!other) throw new Error("pad vanished after a conflicting insert");
    return other;
  }
  // The starting content is the log's first update, so playback starts from it too.
  const doc = new Y.Doc();
  doc.getMap("meta").set("language", language);
  doc.getText("code").insert(0, starterCode(language, prompt));
  await appendUpdates(deps.db, pad.id, [
    { receivedAt: now, authorKind: "system", authorId: null, update: Y.encodeStateAsUpdate(doc) },
  ]);
  return pad;
}

function viewOf(
  pad: typeof pads.$inferSelect,
  interview: PadInterview,
  now: Date,
  extra: Pick<PadView, "mode" | "videoLink" | "room" | "candidateName" | "kit">,
  panelOwnerId: string | null,
): PadView {
  return {
    id: pad.id,
    interviewId: pad.interviewId,
    kind: pad.kind,
    language: pad.language,
    documentName: padDocumentName(pad.id),
    panelDocumentName: panelOwnerId ? panelDocumentName(pad.id, panelOwnerId) : null,
    isLocked: pad.erasedAt !== null || isPadLocked(interview, now),
    startsAt: interview.scheduledAt.toISOString(),
    endsAt: interviewEndsAt(interview).toISOString(),
    ...extra,
  };
}

/** The pad of an interview the member of staff may see (participants and the hiring team), created on first open. */
export async function openPadForStaff(
  deps: { db: Db; clock: Clock },
  viewer: { organizationId: string; userId: string; role: MemberRole },
  interviewId: string,
): Promise<PadView> {
  const detail = await getInterview(deps.db, viewer.organizationId, viewer, interviewId);
  const interview = await loadPadInterview(deps.db, viewer.organizationId, interviewId);
  const pad = await findOrCreatePad(deps, interview, detail.kit?.questions[0]?.prompt ?? null);
  return viewOf(
    pad,
    interview,
    deps.clock.now(),
    {
      mode: detail.mode,
      videoLink: detail.videoLink,
      room: detail.room,
      candidateName: detail.candidate.name ?? detail.candidate.pseudonym,
      kit: detail.kit
        ? {
            title: detail.kit.title,
            questions: detail.kit.questions.map((question) => ({
              id: question.id,
              prompt: question.prompt,
              probes: question.probes,
              suggestedMinutes: question.suggestedMinutes,
            })),
            rubric: detail.kit.rubric.map((attribute) => ({ id: attribute.id, name: attribute.name })),
            candidateQuestionsMinutes: detail.kit.candidateQuestionsSegment.minutes,
          }
        : null,
    },
    viewer.userId,
  );
}

/** The candidate's own interview's pad (never the interviewer panel), created on first open. */
export async function openPadForCandidate(
  deps: { db: Db; clock: Clock },
  candidate: { organizationId: string; candidateId: string },
  interviewId: string,
): Promise<PadView> {
  const interview = await loadPadInterview(deps.db, candidate.organizationId, interviewId).catch(() => null);
  if (!interview || interview.candidateId !== candidate.candidateId || interview.status === "cancelled") {
    throw new AppError("not_found", "That interview was not found.");
  }
  const [row] = await deps.db
    .select({ mode: interviews.mode, videoLink: interviews.videoLink, room: interviews.room })
    .from(interviews)
    .where(eq(interviews.id, interviewId));
  const pad = await findOrCreatePad(deps, interview, null);
  return viewOf(
    pad,
    interview,
    deps.clock.now(),
    {
      mode: row?.mode ?? "remote",
      videoLink: row?.videoLink ?? null,
      room: row?.room ?? null,
      candidateName: null,
      kit: null,
    },
    null,
  );
}

/** Who is in a pad's document, as its presence shows them and its log records them. */
export interface PadParticipant {
  kind: "staff" | "candidate";
  id: string;
  name: string;
}

export interface DocumentAccess {
  padId: string;
  organizationId: string;
  isPanel: boolean;
  readOnly: boolean;
  participant: PadParticipant;
  /** For candidates: the moment their access ends (end + 30 min), checked on every message. */
  closesAt: Date | null;
}

export type PadCaller =
  | { kind: "staff"; userId: string; organizationId: string; role: MemberRole }
  | { kind: "candidate"; candidateId: string; organizationId: string };

/**
 * Whether the caller may open this document of a pad, and how. Staff: a participant of the
 * interview or the hiring team of its organisation; the panel is theirs alone. A candidate:
 * only their own interview's pad, only within its time window. Anything else is "not found".
 */
export async function authorizeDocument(
  deps: { db: Db; clock: Clock },
  caller: PadCaller,
  documentName: string,
): Promise<DocumentAccess> {
  const parsed = parseDocumentName(documentName);
  const notFound = new AppError("not_found", "That pad was not found.");
  if (!parsed) throw notFound;
  const [pad] = await deps.db.select().from(pads).where(eq(pads.id, parsed.padId));
  if (!pad || pad.organizationId !== caller.organizationId) throw notFound;
  const interview = await loadPadInterview(deps.db, pad.organizationId, pad.interviewId);
  const now = deps.clock.now();
  const readOnly = pad.erasedAt !== null || isPadLocked(interview, now);
  if (caller.kind === "staff") {
    // Each interviewer's panel is theirs alone.
    if (parsed.isPanel && parsed.userId !== caller.userId) throw notFound;
    // Throws not_found unless the caller takes part in the interview or is on the hiring team.
    await getInterview(deps.db, caller.organizationId, caller, pad.interviewId).catch(() => {
      throw notFound;
    });
    const [user] = await deps.db.select({ name: users.name }).from(users).where(eq(users.id, caller.userId));
    return {
      padId: pad.id,
      organizationId: pad.organizationId,
      isPanel: parsed.isPanel,
      // Notes may be finished after the interview; only the shared pad locks.
      readOnly: parsed.isPanel ? false : readOnly,
      participant: { kind: "staff", id: caller.userId, name: user?.name ?? "Interviewer" },
      closesAt: null,
    };
  }
  if (parsed.isPanel || interview.candidateId !== caller.candidateId) throw notFound;
  if (!isWithinCandidateWindow(interview, now)) {
    throw new AppError(
      "forbidden",
      "The pad opens 15 minutes before the interview and closes 30 minutes after it.",
    );
  }
  const name = interview.isBlind
    ? candidatePseudonym(interview.applicationId)
    : (interview.candidateName ?? "Candidate");
  return {
    padId: pad.id,
    organizationId: pad.organizationId,
    isPanel: false,
    readOnly,
    participant: { kind: "candidate", id: caller.candidateId, name },
    closesAt: new Date(interviewEndsAt(interview).getTime() + CANDIDATE_LATE_MS),
  };
}

/**
 * Everything a reviewer needs to replay a pad: snapshots for scrubbing, every update with its
 * time and author kind, and the markers (runs, flagged pastes, the candidate leaving the tab),
 * candidates named by their pseudonym in blind stages.
 */
export async function readPadPlayback(
  deps: { db: Db; clock: Clock },
  viewer: { organizationId: string; userId: string; role: MemberRole },
  padId: string,
): Promise<PadPlayback> {
  const [pad] = await deps.db
    .select()
    .from(pads)
    .where(and(eq(pads.id, padId), eq(pads.organizationId, viewer.organizationId)));
  if (!pad) throw new AppError("not_found", "That pad was not found.");
  const detail = await getInterview(deps.db, viewer.organizationId, viewer, pad.interviewId);
  const log = await readPlaybackLog(deps.db, pad.id);
  const candidateName = detail.candidate.name ?? detail.candidate.pseudonym;
  const staffNames = new Map(detail.interviewers.map((person) => [person.id, person.name]));
  return {
    padId: pad.id,
    interviewId: pad.interviewId,
    kind: pad.kind,
    snapshots: log.snapshots.map((snapshot) => ({
      sequence: snapshot.sequence,
      at: snapshot.takenAt.toISOString(),
      state: snapshot.state.toString("base64"),
    })),
    updateCount: log.updates.length,
    ...encodePlaybackLog(log.updates),
    markers: log.markers.map((marker) => ({
      at: marker.at.toISOString(),
      kind: marker.kind,
      who:
        marker.actorKind === "candidate"
          ? candidateName
          : ((marker.actorId && staffNames.get(marker.actorId)) ?? "Interviewer"),
      detail: marker.detail,
    })),
  };
}
