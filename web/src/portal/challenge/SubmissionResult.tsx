import { useEffect, useState } from "react";
import type { ChallengeSubmission } from "../../api/schema";
import { isPending } from "./challenge";
import { nameOfLanguage } from "./languages";

const verdictWords: Record<string, string> = {
  passed: "Passed",
  failed: "Some tests failed",
  time_limit: "Time limit exceeded",
  memory_limit: "Memory limit exceeded",
  output_limit: "Output limit exceeded",
  error: "Error: the code could not be run to the end",
};

/** The grader's verdict in words; a verdict this page does not know yet is shown as sent. */
export function describeVerdict(submission: ChallengeSubmission): string {
  if (submission.status === "queued") return "Waiting for a grader";
  if (submission.status === "grading") return "Being graded";
  if (submission.status === "failed") return "Not graded: grading failed on our side";
  return submission.verdict ? (verdictWords[submission.verdict] ?? submission.verdict) : "Graded";
}

export const modeLabel = (submission: ChallengeSubmission) => (submission.mode === "run" ? "Run" : "Submit");

/**
 * Progress while a Run or Submit waits, then its results. The progress line sits in a polite
 * live region so a screen reader hears "Queued…" and then the outcome without moving focus.
 */
export function SubmissionResult({ submission }: { submission: ChallengeSubmission }) {
  const headingId = `submission-${submission.id}`;
  return (
    <section className="portal-challenge-result" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {modeLabel(submission)} results
        <span className="muted"> · {nameOfLanguage(submission.language)}</span>
      </h3>
      <div aria-live="polite" role="status" className="portal-challenge-progress">
        {isPending(submission) ? (
          <PendingProgress submission={submission} />
        ) : (
          <p
            className={`portal-challenge-verdict portal-challenge-verdict-${isPass(submission) ? "passed" : "failed"}`}
          >
            <span aria-hidden="true">{isPass(submission) ? "✓ " : "✗ "}</span>
            {describeVerdict(submission)}
            {submission.hiddenTests && `: ${hiddenSummary(submission.hiddenTests)}`}
          </p>
        )}
      </div>
      {submission.status === "failed" && (
        <p>Nothing is wrong with your code as far as we know. Please run or submit it again.</p>
      )}
      {submission.status === "graded" && (
        <>
          <TestList submission={submission} />
          {submission.hiddenTests && <HiddenTests hidden={submission.hiddenTests} submission={submission} />}
        </>
      )}
    </section>
  );
}

const isPass = (submission: ChallengeSubmission) =>
  submission.status === "graded" && submission.verdict === "passed";

const hiddenSummary = (hidden: { passed: number; total: number }) =>
  `${hidden.passed} of ${hidden.total} hidden tests passed`;

/** Waiting in line, then being graded, with the elapsed time so the candidate sees it is still going. */
function PendingProgress({ submission }: { submission: ChallengeSubmission }) {
  const startedAt = Date.parse(submission.createdAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - startedAt) / 1000));
  return (
    <p className="portal-challenge-waiting">
      <span className="portal-challenge-spinner" aria-hidden="true" />
      {submission.status === "grading" ? "Grading…" : "Queued for grading…"}{" "}
      <span className="muted">{seconds} s</span>
    </p>
  );
}

function TestList({ submission }: { submission: ChallengeSubmission }) {
  const tests = submission.visibleTests;
  if (tests.length === 0) return <p className="muted">No visible test results.</p>;
  const passed = tests.filter((test) => test.passed).length;
  return (
    <>
      <h4>
        Visible tests: {passed} of {tests.length} passed
      </h4>
      <ul className="portal-challenge-tests">
        {tests.map((test) => (
          <li
            key={test.name}
            className={
              test.passed
                ? "portal-challenge-test portal-challenge-test-passed"
                : "portal-challenge-test portal-challenge-test-failed"
            }
          >
            <span className="portal-challenge-test-head">
              <span className="portal-challenge-test-outcome">
                <span aria-hidden="true">{test.passed ? "✓" : "✗"}</span> {test.passed ? "Passed" : "Failed"}
              </span>
              <span className="portal-challenge-test-name">{test.name}</span>
              <span className="muted portal-challenge-test-duration">{formatDuration(test.durationMs)}</span>
            </span>
            {test.message &&
              (submission.crash && !test.passed ? (
                <p className="muted portal-challenge-test-message-note">
                  Not run: see the error in the console.
                </p>
              ) : (
                <pre className="portal-challenge-test-message">{test.message}</pre>
              ))}
          </li>
        ))}
      </ul>
    </>
  );
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const CHART_WIDTH = 320;
const BAR_HEIGHT = 18;
const LABEL_WIDTH = 70;

/**
 * Passed and failed tests as stacked bars, visible and hidden. The bars are decoration for the
 * sentence beside them: the SVG carries the same numbers as its accessible name, and failed
 * tests are hatched so the chart does not depend on colour.
 */
function HiddenTests({
  hidden,
  submission,
}: {
  hidden: { passed: number; total: number };
  submission: ChallengeSubmission;
}) {
  const visible = {
    passed: submission.visibleTests.filter((test) => test.passed).length,
    total: submission.visibleTests.length,
  };
  const rows = [
    { label: "Visible", ...visible },
    { label: "Hidden", ...hidden },
  ];
  const barWidth = CHART_WIDTH - LABEL_WIDTH - 60;
  const description = `Visible tests: ${visible.passed} of ${visible.total} passed. Hidden tests: ${hidden.passed} of ${hidden.total} passed.`;
  return (
    <>
      <h4>Hidden tests</h4>
      <p className="portal-challenge-hidden-summary">{hiddenSummary(hidden)}.</p>
      <p className="hint">
        Hidden tests check cases the visible ones do not; you see only how many passed. Your latest Submit is
        the one that counts.
      </p>
      <svg
        className="portal-challenge-chart"
        role="img"
        aria-label={description}
        viewBox={`0 0 ${CHART_WIDTH} ${rows.length * (BAR_HEIGHT + 10)}`}
        width={CHART_WIDTH}
      >
        <defs>
          <pattern id="portal-challenge-failed-hatch" patternUnits="userSpaceOnUse" width="6" height="6">
            <rect width="6" height="6" className="portal-challenge-chart-failed-bg" />
            <path d="M0 6 L6 0" className="portal-challenge-chart-hatch" />
          </pattern>
        </defs>
        {rows.map((row, index) => {
          const y = index * (BAR_HEIGHT + 10);
          const passedWidth = row.total === 0 ? 0 : (row.passed / row.total) * barWidth;
          return (
            <g key={row.label}>
              <text x={0} y={y + BAR_HEIGHT - 4} className="portal-challenge-chart-label">
                {row.label}
              </text>
              <rect
                x={LABEL_WIDTH}
                y={y}
                width={passedWidth}
                height={BAR_HEIGHT}
                className="portal-challenge-chart-passed"
              />
              <rect
                x={LABEL_WIDTH + passedWidth}
                y={y}
                width={barWidth - passedWidth}
                height={BAR_HEIGHT}
                fill="url(#portal-challenge-failed-hatch)"
              />
              <text
                x={LABEL_WIDTH + barWidth + 6}
                y={y + BAR_HEIGHT - 4}
                className="portal-challenge-chart-label"
              >
                {row.passed}/{row.total}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="portal-challenge-chart-legend muted">
        <span
          className="portal-challenge-legend-swatch portal-challenge-chart-passed-swatch"
          aria-hidden="true"
        />{" "}
        passed{" "}
        <span
          className="portal-challenge-legend-swatch portal-challenge-chart-failed-swatch"
          aria-hidden="true"
        />{" "}
        failed
      </p>
    </>
  );
}
