import { useState } from "react";
import { Link, useParams } from "react-router";
import { isNotFound } from "../api/client";
import type { ReviewerExercise, ReviewerExerciseStep } from "../api/schema";
import { RatingWithEvidence, useRatingDrafts } from "../ui/AnchoredRating";
import { FormError } from "../ui/FormError";
import { PromptMarkdown } from "../ui/PromptMarkdown";
import { LoadFailed, Loading } from "../ui/QueryState";
import { SideBySideDiff } from "../ui/SideBySideDiff";
import { LazyWhiteboard, type WhiteboardElement } from "../whiteboard";
import { useAnswerQuestion, useFileStepReview, useReviewerExercise, useStartExercise } from "./exercises";

const kindLabels: Record<ReviewerExerciseStep["kind"], string> = {
  design_doc: "Design document",
  code_review: "Code review",
  whiteboard: "Whiteboard",
  question_thread: "Clarifying questions",
};
const verdictLabels = {
  approve: "Approve",
  request_changes: "Request changes",
  comment: "Comment only",
} as const;
const activityLabels = {
  opened: "opened",
  drafted: "drafted",
  submitted: "submitted",
  asked: "asked a question in",
} as const;

/** A candidate's async exercise for reviewers: the work per step, a rubric rating per step, the timeline. */
export function ExerciseReviewPage() {
  const { applicationId = "" } = useParams();
  const exercise = useReviewerExercise(applicationId);
  if (exercise.isPending) return <Loading what="the exercise" />;
  if (exercise.isError && isNotFound(exercise.error)) return <StartExercise applicationId={applicationId} />;
  if (exercise.isError) return <LoadFailed error={exercise.error} onRetry={() => void exercise.refetch()} />;
  const data = exercise.data;
  const who = data.candidate.isRedacted
    ? data.candidate.pseudonym
    : (data.candidate.name ?? data.candidate.pseudonym);
  return (
    <div className="exercise-review-page">
      <title>{`${data.stageName}: ${who} – Evident`}</title>
      <p>
        <Link to={`/applications/${applicationId}`}>← Application</Link>
      </p>
      <h1>
        {data.stageName}: {who}
      </h1>
      {data.isBlind && (
        <p className="notice">
          Blind review: the candidate is shown by pseudonym and their name is removed from their work.
        </p>
      )}
      <p className="muted">
        Times are shown in the candidate's zone, {data.candidateTimeZone}.{" "}
        {data.latePolicy === "refuse" ? "Late work is refused." : "Late work is accepted and marked."}
      </p>
      {data.steps.map((step) => (
        <StepReview key={step.id} exercise={data} step={step} />
      ))}
      <Timeline exercise={data} />
    </div>
  );
}

function StepReview({ exercise, step }: { exercise: ReviewerExercise; step: ReviewerExerciseStep }) {
  const latest = step.submissions[0];
  return (
    <section className="panel exercise-review-step" aria-labelledby={`step-${step.id}`}>
      <h2 id={`step-${step.id}`}>{step.title}</h2>
      <p className="muted">
        {kindLabels[step.kind]} · opened {step.releaseLocal} · due {step.dueLocal}
      </p>
      {step.kind !== "question_thread" &&
        (latest ? (
          <>
            <p>
              Version {latest.version} of {step.submissions.length}, submitted{" "}
              {new Date(latest.submittedAt).toLocaleString()}
              {latest.isLate && <span className="badge"> late</span>}
            </p>
            {latest.content.kind === "design_doc" ? (
              <div className="markdown-preview">
                <PromptMarkdown markdown={latest.content.markdown} title={step.title} />
              </div>
            ) : latest.content.kind === "whiteboard" ? (
              // Read-only: the board as submitted (names scrubbed by the server in blind review).
              <LazyWhiteboard
                key={latest.id}
                label={`Whiteboard, version ${latest.version}`}
                readOnly
                elements={latest.content.elements as unknown as readonly WhiteboardElement[]}
              />
            ) : (
              <CodeReviewSubmission diff={step.diff ?? ""} content={latest.content} />
            )}
          </>
        ) : (
          <p className="muted">Nothing submitted yet.</p>
        ))}
      {step.kind === "question_thread" && (
        <ReviewerQuestions applicationId={exercise.applicationId} step={step} />
      )}
      <RubricReview exercise={exercise} step={step} />
    </section>
  );
}

function CodeReviewSubmission({
  diff,
  content,
}: {
  diff: string;
  content: Extract<ReviewerExerciseStep["submissions"][number]["content"], { kind: "code_review" }>;
}) {
  return (
    <>
      <SideBySideDiff
        diff={diff}
        renderComments={(ref) => {
          const here = content.comments.filter(
            (comment) =>
              comment.file.replace(/^[ab]\//, "") === ref.file &&
              comment.side === ref.side &&
              comment.line === ref.line,
          );
          return here.length === 0 ? null : (
            <div className="diff-comments">
              {here.map((comment) => (
                <p key={comment.body} className="diff-comment">
                  {comment.body}
                </p>
              ))}
            </div>
          );
        }}
      />
      <p>
        <strong>Verdict:</strong> {content.verdict ? verdictLabels[content.verdict] : "none"}
      </p>
      <p>
        <strong>Summary:</strong> {content.summary || "—"}
      </p>
    </>
  );
}

function ReviewerQuestions({ applicationId, step }: { applicationId: string; step: ReviewerExerciseStep }) {
  if (step.questions.length === 0) return <p className="muted">The candidate has asked nothing yet.</p>;
  return (
    <ol className="question-thread">
      {step.questions.map((question) => (
        <li key={question.id} className="question-entry">
          <p>
            <strong>Asked {new Date(question.askedAt).toLocaleString()}:</strong> {question.question}
          </p>
          {question.answer === null ? (
            <AnswerForm applicationId={applicationId} questionId={question.id} />
          ) : (
            <p>
              <strong>Answer</strong>
              {question.releaseAt &&
                ` (${question.isAnswerReleased ? "shown to the candidate since" : "shown to the candidate from"} ${new Date(question.releaseAt).toLocaleString()})`}
              : {question.answer}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

function AnswerForm({ applicationId, questionId }: { applicationId: string; questionId: string }) {
  const [answer, setAnswer] = useState("");
  const send = useAnswerQuestion(applicationId, questionId);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        send.mutate(answer);
      }}
    >
      <label className="field">
        <span>Answer (the candidate sees it after the step's delay in working hours)</span>
        <textarea rows={3} value={answer} onChange={(event) => setAnswer(event.target.value)} />
      </label>
      <FormError error={send.error} />
      <button type="submit" className="button button-small" disabled={send.isPending || answer.trim() === ""}>
        {send.isPending ? "Sending…" : "Send the answer"}
      </button>
    </form>
  );
}

function RubricReview({ exercise, step }: { exercise: ReviewerExercise; step: ReviewerExerciseStep }) {
  const attributes = exercise.rubric.filter((attribute) => step.rubricAttributeIds.includes(attribute.id));
  const ratings = useRatingDrafts();
  const file = useFileStepReview(exercise.applicationId, step.id);
  const hasWork = step.submissions.length > 0 || step.questions.length > 0;
  return (
    <div className="exercise-rubric">
      <h3>Ratings</h3>
      {step.reviews.length > 0 ? (
        <ul className="exercise-reviews">
          {step.reviews.map((review) => (
            <li key={review.id}>
              {review.isMine ? "Your rating" : "Another reviewer's rating"}, filed{" "}
              <time dateTime={review.submittedAt}>{new Date(review.submittedAt).toLocaleString()}</time>:{" "}
              {review.ratings
                .map(
                  (rating) =>
                    `${exercise.rubric.find((attribute) => attribute.id === rating.attributeId)?.name ?? rating.attributeId} ${rating.level}`,
                )
                .join(", ")}
              {review.flaggedTerms.length > 0 && (
                <span className="badge"> note guard: {review.flaggedTerms.join(", ")}</span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No ratings you can see yet; others' ratings show once you file yours.</p>
      )}
      {!step.hasMyReview && hasWork && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            file.mutate({
              ratings: attributes.map((attribute) => ({
                attributeId: attribute.id,
                ...ratings.filed(attribute.id),
              })),
            });
          }}
        >
          {attributes.map((attribute) => (
            <RatingWithEvidence
              key={attribute.id}
              group={`${step.id}-${attribute.id}`}
              name={attribute.name}
              levels={attribute.levels}
              draft={ratings.draftOf(attribute.id)}
              onChange={(change) => ratings.edit(attribute.id, change)}
            />
          ))}
          <FormError error={file.error} />
          <button type="submit" className="button" disabled={file.isPending}>
            {file.isPending ? "Filing…" : "File the rating"}
          </button>
        </form>
      )}
    </div>
  );
}

function Timeline({ exercise }: { exercise: ReviewerExercise }) {
  const titleOf = (stepId: string) => exercise.steps.find((step) => step.id === stepId)?.title ?? stepId;
  return (
    <section className="panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Activity timeline</h2>
      <p className="hint">Context for reading the work: never scored, and never shown to the candidate.</p>
      {exercise.timeline.length === 0 ? (
        <p className="muted">No activity yet.</p>
      ) : (
        <ol className="exercise-timeline">
          {exercise.timeline.map((entry) => (
            <li key={`${entry.stepId}-${entry.kind}-${entry.at}`}>
              <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time> ·{" "}
              {activityLabels[entry.kind]} {titleOf(entry.stepId)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Before a run exists: the hiring team starts it at a time, in the candidate's own zone. */
function StartExercise({ applicationId }: { applicationId: string }) {
  const [startsAt, setStartsAt] = useState("");
  const [timeZone, setTimeZone] = useState("");
  const start = useStartExercise(applicationId);
  return (
    <div className="exercise-review-page">
      <title>Start the async exercise – Evident</title>
      <p>
        <Link to={`/applications/${applicationId}`}>← Application</Link>
      </p>
      <h1>Async exercise</h1>
      <p className="muted">
        This candidate's exercise has not started. Ask them for their time zone: every deadline is shown in
        it, and a schedule that puts a deadline in their night is refused.
      </p>
      <form
        className="panel"
        onSubmit={(event) => {
          event.preventDefault();
          start.mutate({ startsAt: new Date(startsAt).toISOString(), candidateTimeZone: timeZone.trim() });
        }}
      >
        <label className="field">
          <span>Starts at (your local time)</span>
          <input
            type="datetime-local"
            required
            value={startsAt}
            onChange={(event) => setStartsAt(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Candidate's time zone (IANA name, e.g. Europe/Lisbon)</span>
          <input required value={timeZone} onChange={(event) => setTimeZone(event.target.value)} />
        </label>
        <FormError
          error={start.error}
          fieldLabels={{ candidateTimeZone: "Time zone", startsAt: "Starts at" }}
        />
        <button type="submit" className="button" disabled={start.isPending}>
          {start.isPending ? "Starting…" : "Start the exercise"}
        </button>
      </form>
    </div>
  );
}
