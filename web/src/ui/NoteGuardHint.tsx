import { findFlaggedWording } from "../../../src/modules/note-guard/note-guard";

/**
 * A gentle prompt under an evidence note: wording that is not job-related or invites bias
 * ("culture fit", age, family, accent …), found by the same matcher the server uses to flag a
 * filed note. It never blocks: it asks for the behaviour seen, against the rubric.
 */
export function NoteGuardHint({ note, rubricHref }: { note: string; rubricHref: string }) {
  const matches = findFlaggedWording(note);
  if (matches.length === 0) return null;
  const phrases = [...new Map(matches.map((match) => [match.text.toLowerCase(), match])).values()];
  return (
    <p className="note-guard" role="status">
      <span aria-hidden="true">⚑ </span>
      {phrases.map((match, index) => (
        <span key={match.text.toLowerCase()}>
          {index > 0 && ", "}“{match.text}”{" "}
          <a href={match.sourceUrl} target="_blank" rel="noopener noreferrer" title={match.sourceTitle}>
            ({match.category})
          </a>
        </span>
      ))}{" "}
      may not be job-related. Describe what the candidate did, against the{" "}
      <a href={rubricHref}>rubric's anchors</a>; notes with such words are counted in calibration and the bias
      audit.
    </p>
  );
}
