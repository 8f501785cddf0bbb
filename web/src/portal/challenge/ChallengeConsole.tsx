import type { ChallengeSubmission } from "../../api/schema";
import { isPending } from "./challenge";

/**
 * The candidate's console for one Run or Submit: a crash (the code could not run at all) said
 * once, with the stack at their own file and line, then what their code printed. A Submit's
 * output is not shown (it could reveal hidden tests), only its crash.
 */
export function ChallengeConsole({ submission }: { submission: ChallengeSubmission }) {
  const isDone = !isPending(submission);
  return (
    <section className="portal-challenge-console" aria-labelledby="portal-challenge-console-heading">
      <h3 id="portal-challenge-console-heading">Console</h3>
      {!isDone ? (
        <p className="muted">
          Your code's output appears here when the {submission.mode === "run" ? "Run" : "Submit"} is graded.
        </p>
      ) : (
        <>
          {submission.crash && (
            <div className="portal-challenge-crash">
              <p>
                <strong>Your code could not run:</strong> no test was run.
              </p>
              <pre className="portal-challenge-crash-text">{submission.crash}</pre>
            </div>
          )}
          {submission.mode === "run" ? (
            submission.console ? (
              <pre className="portal-challenge-console-output">{submission.console}</pre>
            ) : (
              <p className="muted">Your code printed nothing.</p>
            )
          ) : (
            <p className="muted">Output is shown for Runs only: a Submit's could reveal the hidden tests.</p>
          )}
        </>
      )}
    </section>
  );
}
