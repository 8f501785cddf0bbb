import { useState } from "react";
import type { SimilarityFlag } from "../api/schema";
import { LoadFailed, Loading } from "../ui/QueryState";
import { CodeFiles } from "./CodeFiles";
import { formatPercent, languageLabel, useSimilarity } from "./challenges";

/**
 * Other candidates' final code that shares much with this candidate's. Shared code has innocent
 * causes (the starter, a well-known algorithm, the same tutorial), so this is only ever a prompt
 * for a person to compare the two, and the wording says so.
 */
export function SimilarityPanel({ applicationId, attemptId }: { applicationId: string; attemptId: string }) {
  const similarity = useSimilarity(applicationId, attemptId);
  const [chosen, setChosen] = useState<string | null>(null);
  const headingId = `similarity-${attemptId}`;

  return (
    <section aria-labelledby={headingId} className="panel similarity-panel">
      <h3 id={headingId} className="panel-heading">
        Similarity flags
      </h3>
      <p className="muted">
        A flag means this code shares a lot with another candidate's final submission of the same challenge.
        It is something to look at, never a verdict: starter code, common idioms and the same reference
        material all make code alike. Compare the two before drawing any conclusion.
      </p>
      {similarity.isPending && <Loading what="similarity flags" />}
      {similarity.isError && (
        <LoadFailed error={similarity.error} onRetry={() => void similarity.refetch()} />
      )}
      {similarity.data &&
        (similarity.data.flags.length === 0 ? (
          <p>
            No flags: compared with {similarity.data.compared} other final{" "}
            {similarity.data.compared === 1 ? "submission" : "submissions"}, none reached{" "}
            {formatPercent(similarity.data.threshold)} similarity.
          </p>
        ) : (
          <>
            <p>
              Compared with {similarity.data.compared} other final{" "}
              {similarity.data.compared === 1 ? "submission" : "submissions"}; flagged from{" "}
              {formatPercent(similarity.data.threshold)} similarity.
            </p>
            <ul className="similarity-flags">
              {similarity.data.flags.map((flag) => {
                const isChosen = chosen === flag.other.submissionId;
                return (
                  <li key={flag.other.submissionId}>
                    <span>
                      <strong>{flag.other.pseudonym}</strong> · {formatPercent(flag.similarity)} similar ·{" "}
                      {flag.fragments.length} matching{" "}
                      {flag.fragments.length === 1 ? "fragment" : "fragments"} ·{" "}
                      {languageLabel(flag.other.language)}
                    </span>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-expanded={isChosen}
                      onClick={() => setChosen(isChosen ? null : flag.other.submissionId)}
                    >
                      {isChosen ? "Hide comparison" : `Compare with ${flag.other.pseudonym}`}
                    </button>
                  </li>
                );
              })}
            </ul>
            {similarity.data.flags
              .filter((flag) => flag.other.submissionId === chosen)
              .map((flag) => (
                <SideBySide key={flag.other.submissionId} flag={flag} />
              ))}
          </>
        ))}
    </section>
  );
}

function SideBySide({ flag }: { flag: SimilarityFlag }) {
  const mine = flag.fragments.map((fragment) => fragment.a);
  const theirs = flag.fragments.map((fragment) => fragment.b);

  return (
    <div className="similarity-compare">
      <h4>Matching fragments</h4>
      <ol className="similarity-fragments">
        {flag.fragments.map((fragment) => (
          <li key={`${fragment.a.file}:${fragment.a.startLine}:${fragment.b.file}:${fragment.b.startLine}`}>
            This candidate, {fragment.a.file} lines {fragment.a.startLine}–{fragment.a.endLine} ↔{" "}
            {flag.other.pseudonym}, {fragment.b.file} lines {fragment.b.startLine}–{fragment.b.endLine}
          </li>
        ))}
      </ol>
      <div className="similarity-columns">
        <div>
          <h4>This candidate</h4>
          <CodeFiles
            files={flag.files.mine}
            label="This candidate's code"
            highlights={mine}
            initialFile={mine[0]?.file}
          />
        </div>
        <div>
          <h4>{flag.other.pseudonym}</h4>
          <CodeFiles
            files={flag.files.theirs}
            label={`${flag.other.pseudonym}'s code`}
            highlights={theirs}
            initialFile={theirs[0]?.file}
          />
        </div>
      </div>
    </div>
  );
}
