import { challengeStatusLabels } from "./challenges";
import type { ChallengeStatus } from "./types";

/** The status in words; the colour only repeats it. */
export function StatusBadge({ status }: { status: ChallengeStatus }) {
  return (
    <span className={`challenge-status challenge-status-${status}`}>{challengeStatusLabels[status]}</span>
  );
}
