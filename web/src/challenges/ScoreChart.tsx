import type { GradeReport } from "../api/schema";

const BAR_WIDTH = 200;
const BAR_HEIGHT = 14;

/**
 * One bar per test, as long as the test's points relative to the largest test and filled by the
 * points earned. Each row also says passed or failed in words with a sign, so colour is never
 * the only signal; the bars themselves are decoration for sighted readers.
 */
export function ScoreChart({ report }: { report: GradeReport }) {
  const passed = report.tests.filter((test) => test.passed).length;
  const largest = Math.max(1, ...report.tests.map((test) => test.maxPoints));
  const summary = `${report.score} of ${report.maxScore} points; ${passed} of ${report.tests.length} tests passed.`;

  return (
    <figure className="chart-figure score-chart" aria-label={`Score per test: ${summary}`}>
      <ul className="score-bars">
        {report.tests.map((test) => {
          const track = Math.max(2, (test.maxPoints / largest) * BAR_WIDTH);
          const filled = test.maxPoints === 0 ? 0 : (test.points / test.maxPoints) * track;
          return (
            <li key={test.name} className={test.passed ? "score-row-passed" : "score-row-failed"}>
              <span className="score-name">
                {test.name}
                {test.visibility === "hidden" && <span className="muted"> (hidden)</span>}
              </span>
              <svg
                width={BAR_WIDTH}
                height={BAR_HEIGHT}
                viewBox={`0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`}
                aria-hidden="true"
                className="score-bar"
              >
                <rect x={0.5} y={0.5} width={track - 1} height={BAR_HEIGHT - 1} className="score-track" />
                <rect x={0} y={0} width={filled} height={BAR_HEIGHT} className="score-fill" />
              </svg>
              <span className="score-value">
                {test.passed ? "✓ passed" : "✗ failed"}, {test.points}/{test.maxPoints}
              </span>
            </li>
          );
        })}
      </ul>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
