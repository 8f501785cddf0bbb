import type { ChallengeSubmission } from "../../api/schema";
import { formatDateTime } from "../../ui/format";
import { nameOfLanguage } from "./languages";
import { describeVerdict, modeLabel } from "./SubmissionResult";

/** Earlier Runs and Submits, newest first, as the server lists them; each can be shown again. */
export function SubmissionHistory({
  submissions,
  shownId,
  onShow,
}: {
  submissions: ChallengeSubmission[];
  shownId: string | null;
  onShow: (submission: ChallengeSubmission) => void;
}) {
  return (
    <section aria-labelledby="portal-challenge-history-heading" className="portal-challenge-history">
      <h3 id="portal-challenge-history-heading">Your Runs and Submits</h3>
      {submissions.length === 0 ? (
        <p className="muted">Nothing run or submitted yet.</p>
      ) : (
        <ol className="portal-challenge-history-list">
          {submissions.map((submission) => {
            const isShown = submission.id === shownId;
            return (
              <li key={submission.id} aria-current={isShown ? "true" : undefined}>
                <span className="portal-challenge-history-mode">{modeLabel(submission)}</span>
                <time dateTime={submission.createdAt}>{formatDateTime(submission.createdAt)}</time>
                <span className="muted">{nameOfLanguage(submission.language)}</span>
                <span>
                  {describeVerdict(submission)}
                  {submission.hiddenTests &&
                    ` · ${submission.hiddenTests.passed} of ${submission.hiddenTests.total} hidden tests passed`}
                </span>
                {isShown ? (
                  <span className="muted">Shown above</span>
                ) : (
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    onClick={() => onShow(submission)}
                  >
                    Show results<span className="visually-hidden"> of this {modeLabel(submission)}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
