import { useEffect, useState } from "react";
import { useBlocker } from "react-router";
import type { InterviewDetail, RubricAttribute, ScorecardRequest } from "../api/schema";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { useSubmitScorecard } from "./interviews";
import { ScorecardForm } from "./ScorecardForm";
import { describeDraftState, useDraftAutosave, useScorecardDraft } from "./scorecard-drafts";

/**
 * The interviewer's first filing, continued from their saved draft. Notes are saved as a draft
 * while they type; leaving with a change not yet saved asks first (in the app and on closing
 * the tab); filing before the interview has started asks too, since ratings made before the
 * interview cannot rest on it.
 */
export function SubmitScorecard({
  interview,
  rubric,
}: {
  interview: InterviewDetail;
  rubric: RubricAttribute[];
}) {
  const draft = useScorecardDraft(interview.id, true);
  if (draft.isPending) return <Loading what="your draft" />;
  if (draft.isError) return <LoadFailed error={draft.error} onRetry={() => void draft.refetch()} />;
  return <DraftedScorecard interview={interview} rubric={rubric} saved={draft.data} />;
}

function DraftedScorecard({
  interview,
  rubric,
  saved,
}: {
  interview: InterviewDetail;
  rubric: RubricAttribute[];
  saved: { body: Parameters<typeof ScorecardForm>[0]["draft"]; updatedAt: string | null };
}) {
  const submit = useSubmitScorecard(interview.id);
  const autosave = useDraftAutosave(interview.id, saved.updatedAt);
  const [early, setEarly] = useState<ScorecardRequest | null>(null);
  const { hasUnsavedChanges } = autosave;

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      hasUnsavedChanges && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!hasUnsavedChanges) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [hasUnsavedChanges]);

  function file(request: ScorecardRequest) {
    submit.mutateAsync(request).then(
      () => autosave.settle(),
      () => {
        // submit.error carries the problem; the form shows it.
      },
    );
  }

  return (
    <>
      <p role="status" className="draft-status muted">
        {describeDraftState(autosave.state)}
      </p>
      <ScorecardForm
        rubric={rubric}
        pending={submit.isPending}
        error={submit.error}
        draft={saved.body}
        onDraftChange={autosave.change}
        onSubmit={(submission) => {
          if (submission.kind !== "submit") return;
          if (Date.now() < new Date(interview.scheduledAt).getTime()) setEarly(submission.request);
          else file(submission.request);
        }}
      />
      <ConfirmDialog
        open={early !== null}
        title="File before the interview has started?"
        confirmLabel="File the scorecard now"
        cancelLabel="Not yet"
        pending={submit.isPending}
        onCancel={() => setEarly(null)}
        onConfirm={() => {
          if (early) file(early);
          setEarly(null);
        }}
      >
        <p>
          The interview starts at{" "}
          <time dateTime={interview.scheduledAt}>{formatDateTime(interview.scheduledAt)}</time>. A filed
          scorecard is locked, and ratings should rest on what the candidate did in the interview.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={blocker.state === "blocked"}
        title="Leave with unsaved notes?"
        confirmLabel="Leave without saving"
        cancelLabel="Stay on this page"
        danger
        onCancel={() => blocker.reset?.()}
        onConfirm={() => blocker.proceed?.()}
      >
        <p>Your latest changes to the scorecard have not been saved to your draft yet.</p>
      </ConfirmDialog>
    </>
  );
}
