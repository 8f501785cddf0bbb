import { Link, useParams } from "react-router";
import type { ChallengeAttempt, ChallengeReview, ReviewSubmission } from "../api/schema";
import { Breadcrumb } from "../ui/Breadcrumb";
import { FormError } from "../ui/FormError";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { numeric, TableHead } from "../ui/TableHead";
import { CodeFiles } from "./CodeFiles";
import {
  formatDuration,
  languageLabel,
  useChallengeReview,
  useIsAdmin,
  useRegradeSubmission,
} from "./challenges";
import { ScoreChart } from "./ScoreChart";
import { SimilarityPanel } from "./SimilarityPanel";

export function ChallengeResultsPage() {
  const { applicationId = "" } = useParams();
  const review = useChallengeReview(applicationId);

  return (
    <article className="page challenge-results-page">
      <Breadcrumb to={`/applications/${applicationId}`}>Application</Breadcrumb>
      {review.isPending && <Loading what="the challenge results" />}
      {review.isError && (
        <>
          <title>Challenge results – Evident</title>
          <h1>Challenge results</h1>
          <LoadFailed error={review.error} onRetry={() => void review.refetch()} />
        </>
      )}
      {review.data && <ReviewView review={review.data} />}
    </article>
  );
}

function ReviewView({ review }: { review: ChallengeReview }) {
  const { candidate } = review;
  // Blind review: the API has already left out the name; show the pseudonym it gives instead.
  const shownName = candidate.isRedacted ? candidate.pseudonym : (candidate.name ?? candidate.pseudonym);

  return (
    <>
      <title>{`Challenge results of ${shownName} – Evident`}</title>
      <h1>
        Challenge results of {shownName}
        {candidate.isRedacted && <span className="blind-badge">Blind review</span>}
      </h1>
      {candidate.isRedacted && (
        <p className="notice">
          Blind review: the candidate's name and details are hidden so the code is judged on its own.{" "}
          {candidate.pseudonym} is the pseudonym this candidate has in every review.
        </p>
      )}
      {review.attempts.length === 0 ? (
        <p className="empty-state">The candidate has not opened a challenge yet.</p>
      ) : (
        review.attempts.map((attempt) => (
          <AttemptView key={attempt.id} applicationId={review.applicationId} attempt={attempt} />
        ))
      )}
    </>
  );
}

function AttemptView({ applicationId, attempt }: { applicationId: string; attempt: ChallengeAttempt }) {
  const headingId = `attempt-${attempt.id}`;
  const { final } = attempt;

  return (
    <section aria-labelledby={headingId} className="challenge-attempt">
      <h2 id={headingId}>
        {attempt.challenge.title}
        {attempt.stage.isBlind && <span className="blind-badge">Blind stage</span>}
      </h2>
      <dl className="role-details">
        <div>
          <dt>Stage</dt>
          <dd>{attempt.stage.name}</dd>
        </div>
        <div>
          <dt>Challenge</dt>
          <dd>
            <Link to={`/challenges/${encodeURIComponent(attempt.challenge.id)}`}>{attempt.challenge.id}</Link>{" "}
            ({attempt.challenge.kind})
          </dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>
            <time dateTime={attempt.openedAt}>{formatDateTime(attempt.openedAt)}</time>
          </dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd>
            {attempt.dueAt ? (
              <time dateTime={attempt.dueAt}>{formatDateTime(attempt.dueAt)}</time>
            ) : (
              "No deadline"
            )}
          </dd>
        </div>
        <div>
          <dt>Time spent</dt>
          <dd>{attempt.timeSpentMs === null ? "Not known yet" : formatDuration(attempt.timeSpentMs)}</dd>
        </div>
        <div>
          <dt>Runs</dt>
          <dd>{attempt.runs}</dd>
        </div>
        <div>
          <dt>Submits</dt>
          <dd>{attempt.submits}</dd>
        </div>
      </dl>

      <SubmissionHistory attempt={attempt} />

      {final === null ? (
        <p className="notice">No submission has been graded yet, so there is no final result.</p>
      ) : (
        <>
          <section aria-labelledby={`${headingId}-final`} className="panel">
            <h3 id={`${headingId}-final`} className="panel-heading">
              Final submission: {final.report.score} of {final.report.maxScore} points
            </h3>
            <p className="muted">
              {languageLabel(final.report.language)} · verdict {final.report.verdict} · submitted{" "}
              <time dateTime={final.submission.createdAt}>{formatDateTime(final.submission.createdAt)}</time>{" "}
              · {final.report.resources.wallMs} ms wall time,{" "}
              {Math.round(final.report.resources.maxRssKb / 1024)} MB peak memory
            </p>
            <ScoreChart report={final.report} />
            <TestTable attempt={attempt} />
          </section>
          <section aria-labelledby={`${headingId}-code`} className="panel">
            <h3 id={`${headingId}-code`} className="panel-heading">
              Submitted code
            </h3>
            <CodeFiles files={final.files} label="Submitted code" />
          </section>
          <SimilarityPanel applicationId={applicationId} attemptId={attempt.id} />
        </>
      )}
    </section>
  );
}

function describeSubmissionScore(submission: ReviewSubmission): string {
  if (submission.error) return submission.error;
  if (submission.score === null || submission.maxScore === null) return "—";
  return `${submission.score} / ${submission.maxScore}`;
}

function SubmissionHistory({ attempt }: { attempt: ChallengeAttempt }) {
  const isAdmin = useIsAdmin();
  const regrade = useRegradeSubmission();
  if (attempt.submissions.length === 0) return <p className="muted">No runs or submissions yet.</p>;
  return (
    <div className="table-scroll">
      <table className="history-table">
        <caption>Runs and submissions</caption>
        <TableHead
          columns={[
            "When",
            "Kind",
            "Language",
            "Status",
            "Verdict",
            numeric("Score"),
            ...(isAdmin ? ["Regrade"] : []),
          ]}
        />
        <tbody>
          {attempt.submissions.map((submission) => (
            <tr
              key={submission.id}
              className={submission.id === attempt.final?.submission.id ? "row-selected" : undefined}
            >
              <th scope="row">
                <time dateTime={submission.createdAt}>{formatDateTime(submission.createdAt)}</time>
                {submission.id === attempt.final?.submission.id && (
                  <span className="cell-secondary">Final</span>
                )}
              </th>
              <td>{submission.mode === "submit" ? "Submit" : "Run (visible tests)"}</td>
              <td>{languageLabel(submission.language)}</td>
              <td>{submission.status}</td>
              <td>{submission.verdict ?? "—"}</td>
              <td className="numeric">
                {describeSubmissionScore(submission)}
                {submission.earlierGrades.map((grade) => (
                  <span key={grade.supersededAt} className="cell-secondary">
                    earlier: {describeEarlierGrade(grade)}
                  </span>
                ))}
              </td>
              {isAdmin && (
                <td>
                  {(submission.status === "graded" || submission.status === "failed") && (
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      disabled={regrade.isPending}
                      onClick={() => regrade.mutate(submission.id)}
                    >
                      Regrade
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <FormError error={regrade.error} />
      {attempt.submissions.some((submission) => submission.earlierGrades.length > 0) && (
        <EarlierReports attempt={attempt} />
      )}
    </div>
  );
}

type EarlierGrade = ReviewSubmission["earlierGrades"][number];

function describeEarlierGrade(grade: EarlierGrade): string {
  if (grade.score === null || grade.maxScore === null) return grade.error ?? grade.status;
  return `${grade.score} / ${grade.maxScore}`;
}

/** Grades an admin's regrade replaced, kept readable: each earlier report's tests in a disclosure. */
function EarlierReports({ attempt }: { attempt: ChallengeAttempt }) {
  return (
    <details className="earlier-grades">
      <summary>Earlier grades replaced by regrades</summary>
      {attempt.submissions.flatMap((submission) =>
        submission.earlierGrades.map((grade) => (
          <section key={`${submission.id}-${grade.supersededAt}`} className="panel">
            <h4>
              {submission.mode === "submit" ? "Submit" : "Run"} of{" "}
              <time dateTime={submission.createdAt}>{formatDateTime(submission.createdAt)}</time>:{" "}
              {describeEarlierGrade(grade)}, replaced{" "}
              <time dateTime={grade.supersededAt}>{formatDateTime(grade.supersededAt)}</time>
            </h4>
            {grade.report ? (
              <ul className="earlier-grade-tests">
                {grade.report.tests.map((test) => (
                  <li key={test.name}>
                    <span className={test.passed ? "result-ok" : "result-fail"}>
                      {test.passed ? "Passed" : "Failed"}
                    </span>{" "}
                    {test.name} ({test.points} / {test.maxPoints}){test.message ? `: ${test.message}` : ""}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{grade.error ?? "No report was kept."}</p>
            )}
          </section>
        )),
      )}
    </details>
  );
}

function TestTable({ attempt }: { attempt: ChallengeAttempt }) {
  const tests = attempt.final?.report.tests ?? [];
  return (
    <div className="table-scroll">
      <table className="challenge-tests-table">
        <caption>Every test of the final submission, hidden ones included</caption>
        <TableHead
          columns={["Test", "Visibility", "Result", numeric("Points"), numeric("Duration"), "Message"]}
        />
        <tbody>
          {tests.map((test) => (
            <tr key={test.name}>
              <th scope="row">{test.name}</th>
              <td>{test.visibility === "visible" ? "Visible" : "Hidden"}</td>
              <td>
                <span className={test.passed ? "result-ok" : "result-fail"}>
                  {test.passed ? "Passed" : "Failed"}
                </span>
              </td>
              <td className="numeric">
                {test.points} / {test.maxPoints}
              </td>
              <td className="numeric">{Math.round(test.durationMs)} ms</td>
              <td className="test-message">{test.message || <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
