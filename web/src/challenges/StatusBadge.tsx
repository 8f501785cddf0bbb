import type { ChallengeStatus } from "../api/schema";
import { challengeStatusLabels } from "./challenges";

/** The status in words; the colour only repeats it. */
export function StatusBadge({ status }: { status: ChallengeStatus }) {
  return (
    <span className={`challenge-status challenge-status-${status}`}>{challengeStatusLabels[status]}</span>
  );
}
