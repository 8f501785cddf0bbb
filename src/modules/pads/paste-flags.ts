/**
 * The pads' source of integrity flags for the decision page (decisions/decision-evidence.ts
 * `integrityFlagSources`): each large paste the candidate made in a pad of the application's
 * interviews (the editor reports pastes of LARGE_PASTE_CHARS or more, web/src/pads/pad-document.ts).
 * A paste is a prompt to ask, never a finding, and the wording says so.
 */
import type { IntegrityFlagSource } from "../decisions/decision-evidence.ts";
import type { IntegrityFlag } from "../decisions/schemas.ts";
import { candidatePseudonym, findBlindApplicationsForUser, isCandidateHidden } from "../interviews/blind.ts";
import { candidatePasteMarkers, pastedChars } from "./pad-log.ts";

/**
 * One flag per large paste by the candidate (staff pastes are not flagged): when, in which pad
 * and how many characters. The candidate is named as the pad's playback names them: by
 * pseudonym in a blind stage or for a viewer who reviews the application blind.
 */
export const largePasteFlags: IntegrityFlagSource = async ({ db, member, applicationId }) => {
  const markers = await candidatePasteMarkers(db, member.organizationId, applicationId);
  if (markers.length === 0) return [];
  const blindForViewer = await findBlindApplicationsForUser(db, member.organizationId, member.userId, [
    applicationId,
  ]);
  return markers.map((marker): IntegrityFlag => {
    const hidden = isCandidateHidden({ applicationId, stageIsBlind: marker.stageIsBlind }, blindForViewer);
    const who = hidden ? candidatePseudonym(applicationId) : (marker.candidateName ?? "The candidate");
    const chars = pastedChars(marker.detail);
    const what = chars === null ? "a large block" : `${chars.toLocaleString("en-GB")} characters`;
    const at = marker.at.toISOString();
    return {
      kind: "large_paste",
      title: `${who} pasted ${what} into the ${marker.stageName} pad, ${momentInInterview(marker)}`,
      detail: `At ${at.slice(11, 19)} UTC on ${at.slice(0, 10)}. A prompt to ask the candidate where it came from (their notes, documentation, an earlier answer, something shared in the interview), not proof of anything; replay the pad to see it in context.`,
      href: `/pads/${marker.padId}/playback`,
    };
  });
};

/** "12 minutes into the interview", or before its start, or after its end. */
function momentInInterview(marker: { at: Date; scheduledAt: Date; durationMinutes: number }): string {
  const sinceStart = marker.at.getTime() - marker.scheduledAt.getTime();
  const minutes = (ms: number) => {
    const whole = Math.max(1, Math.floor(ms / 60_000));
    return `${whole} ${whole === 1 ? "minute" : "minutes"}`;
  };
  if (sinceStart < 0) return `${minutes(-sinceStart)} before the interview started`;
  const afterEnd = sinceStart - marker.durationMinutes * 60_000;
  if (afterEnd > 0) return `${minutes(afterEnd)} after the interview ended`;
  if (sinceStart < 60_000) return "in the interview's first minute";
  return `${minutes(sinceStart)} into the interview`;
}
