import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import type { CandidateExerciseStepSummary } from "../../api/schema";
import { LoadFailed, Loading } from "../../ui/QueryState";
import { useSignedInCandidate } from "../useSignedInCandidate";
import { useCandidateExercise } from "./exercise";

export const stepKindLabels: Record<CandidateExerciseStepSummary["kind"], string> = {
  design_doc: "Design document",
  code_review: "Code review",
  whiteboard: "Whiteboard",
  question_thread: "Questions to the team",
};

function stepStatus(step: CandidateExerciseStepSummary): string {
  if (!step.isReleased) return `Opens ${step.releaseLocal}`;
  if (step.kind !== "question_thread" && step.submittedVersions > 0) {
    return `Submitted (${step.submittedVersions} version${step.submittedVersions === 1 ? "" : "s"})`;
  }
  return step.isPastDue ? "Deadline passed" : "Open";
}

/** The candidate's multi-day exercise: every step with its release time and deadline in their zone. */
export function ExercisePage() {
  const { applicationId = "" } = useParams();
  const candidate = useSignedInCandidate("your exercise");
  const exercise = useCandidateExercise(applicationId);

  if (candidate.me === null) return candidate.fallback;
  if (exercise.isPending) return <Loading what="your exercise" />;
  if (exercise.isError) {
    if (exercise.error instanceof ApiError && exercise.error.status === 404) {
      return (
        <div className="portal-exercise-page">
          <title>Exercise – Candidate portal – Evident</title>
          <h1>Exercise</h1>
          <p className="notice">{exercise.error.detail}</p>
          <p>
            <Link to="/portal/home">Back to your applications</Link>
          </p>
        </div>
      );
    }
    return <LoadFailed error={exercise.error} onRetry={() => void exercise.refetch()} />;
  }
  const data = exercise.data;
  const done = data.steps.filter((step) => step.submittedVersions > 0).length;
  return (
    <div className="portal-exercise-page">
      <title>{`${data.stageName} – Candidate portal – Evident`}</title>
      <p className="portal-challenge-back">
        <Link to="/portal/home">← Your applications</Link>
      </p>
      <h1>{data.stageName}</h1>
      <p>
        Steps open on a schedule over several days. Every time below is in your time zone,{" "}
        <strong>{data.candidateTimeZone}</strong>, and no deadline falls in your night.{" "}
        {data.latePolicy === "refuse"
          ? "Work handed in after a deadline is not accepted."
          : "Work handed in after a deadline is accepted and marked late."}
      </p>
      <p className="muted">
        <progress max={data.steps.length} value={done} aria-label="Steps handed in" /> {done} of{" "}
        {data.steps.length} steps handed in
      </p>
      <ol className="exercise-steps">
        {data.steps.map((step) => (
          <li key={step.id} className="panel exercise-step-card">
            <h2>
              {step.isReleased ? (
                <Link to={`/portal/applications/${applicationId}/exercise/steps/${step.id}`}>
                  {step.title}
                </Link>
              ) : (
                step.title
              )}
            </h2>
            <p className="muted">{stepKindLabels[step.kind]}</p>
            <dl className="exercise-times">
              <dt>Opens</dt>
              <dd>{step.releaseLocal}</dd>
              <dt>Due</dt>
              <dd>{step.dueLocal}</dd>
              <dt>Status</dt>
              <dd>{stepStatus(step)}</dd>
            </dl>
          </li>
        ))}
      </ol>
    </div>
  );
}
