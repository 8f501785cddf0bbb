/**
 * The interviewer panel's private notes per rubric attribute flow into that interviewer's
 * scorecard draft, so opening the scorecard shows them under "Private notes". The scorecard
 * stays independent: nothing is rated or filed for the interviewer, the notes stay private
 * (a draft's private notes are never filed), and once the scorecard is filed its draft is
 * gone and the panel writes no new one.
 *
 * The notes go in a block of their own at the end of the draft's private notes, headed by
 * PAD_NOTES_HEADING and rewritten on every save of the panel; whatever the interviewer wrote
 * above it on the scorecard page stays as it is.
 */
import { eq } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import type { Logger } from "../../platform/logger.ts";
import { getInterview } from "../interviews/interviews.ts";
import { getScorecardDraft, saveScorecardDraft } from "../interviews/scorecard-drafts.ts";
import { findMembership } from "../organizations/organizations.ts";
import { pads } from "./pads-table.ts";

export const PAD_NOTES_HEADING = "Notes from the live pad:";
/** The draft's private notes take at most this many characters (scorecardDraftBody). */
const PRIVATE_NOTES_LIMIT = 20_000;

/**
 * The draft's private notes with the pad's block replaced by the current notes (in the rubric's
 * order, empty notes left out); without notes the block goes.
 */
export function mergePadNotes(
  privateNotes: string,
  rubric: readonly { id: string; name: string }[],
  notes: ReadonlyMap<string, string>,
): string {
  const at = privateNotes.indexOf(PAD_NOTES_HEADING);
  const own = (at === -1 ? privateNotes : privateNotes.slice(0, at)).trimEnd();
  const entries = rubric
    .map((attribute) => ({ name: attribute.name, note: (notes.get(attribute.id) ?? "").trim() }))
    .filter((entry) => entry.note.length > 0);
  if (entries.length === 0) return own;
  const block = [PAD_NOTES_HEADING, ...entries.map((entry) => `${entry.name}: ${entry.note}`)].join("\n");
  return (own.length > 0 ? `${own}\n\n${block}` : block).slice(0, PRIVATE_NOTES_LIMIT);
}

/**
 * Writes the panel's notes into its owner's scorecard draft (called when Hocuspocus stores the
 * panel). Does nothing when nothing changed, when the interviewer has filed, or when they no
 * longer take part (membership or interview gone): the panel keeps its notes either way.
 */
export async function copyPanelNotesToDraft(
  deps: { db: Db; clock: Clock; logger?: Logger },
  padId: string,
  userId: string,
  notes: ReadonlyMap<string, string>,
): Promise<void> {
  const [pad] = await deps.db
    .select({ organizationId: pads.organizationId, interviewId: pads.interviewId })
    .from(pads)
    .where(eq(pads.id, padId));
  if (!pad) return;
  const membership = await findMembership(deps.db, pad.organizationId, userId);
  if (!membership) return;
  const viewer = { userId, role: membership.role };
  try {
    const interview = await getInterview(deps.db, pad.organizationId, viewer, pad.interviewId);
    if (!interview.kit) return;
    const draft = await getScorecardDraft(deps.db, pad.organizationId, viewer, pad.interviewId);
    const body = draft.body ?? { ratings: [], recommendation: null, privateNotes: "" };
    const privateNotes = mergePadNotes(body.privateNotes, interview.kit.rubric, notes);
    if (privateNotes === body.privateNotes) return;
    await saveScorecardDraft(deps, pad.organizationId, viewer, pad.interviewId, { ...body, privateNotes });
  } catch (error) {
    // Filed, cancelled, or no longer an interviewer of it: the draft is not theirs to write.
    if (error instanceof AppError) {
      deps.logger?.debug({ err: error, padId }, "panel notes not copied to the scorecard draft");
      return;
    }
    throw error;
  }
}
