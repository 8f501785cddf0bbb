import { type ReactNode, useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import type {
  CandidateExerciseStep,
  CodeReviewComment,
  CodeReviewContent,
  ExerciseStepContent,
  ExerciseSubmission,
  WhiteboardContent,
} from "../../api/schema";
import { FormError } from "../../ui/FormError";
import { PromptMarkdown } from "../../ui/PromptMarkdown";
import { LoadFailed, Loading } from "../../ui/QueryState";
import { type DiffLineRef, SideBySideDiff } from "../../ui/SideBySideDiff";
import { LazyWhiteboard, type WhiteboardElement } from "../../whiteboard";
import { useSignedInCandidate } from "../useSignedInCandidate";
import { stepKindLabels } from "./ExercisePage";
import { countWords, useAskQuestion, useCandidateStep, useSaveStepDraft, useSubmitStep } from "./exercise";

/** Drafts are saved this long after the last keystroke. */
const AUTOSAVE_DELAY_MS = 1500;

/** One released step of the candidate's exercise: its brief, release time, deadline and editor. */
export function ExerciseStepPage() {
  const { applicationId = "", stepId = "" } = useParams();
  const candidate = useSignedInCandidate("this step");
  const step = useCandidateStep(applicationId, stepId);
  const back = (
    <p className="portal-challenge-back">
      <Link to={`/portal/applications/${applicationId}/exercise`}>← All steps</Link>
    </p>
  );

  if (candidate.me === null) return candidate.fallback;
  if (step.isPending) return <Loading what="this step" />;
  if (step.isError) {
    // Not released yet (409) or no such step (404): trying again now will not help.
    if (step.error instanceof ApiError && (step.error.status === 404 || step.error.status === 409)) {
      return (
        <div className="portal-exercise-page">
          <title>Exercise step – Candidate portal – Evident</title>
          {back}
          <h1>Not open yet</h1>
          <p className="notice">{step.error.detail}</p>
        </div>
      );
    }
    return <LoadFailed error={step.error} onRetry={() => void step.refetch()} />;
  }
  const data = step.data;
  return (
    <div className="portal-exercise-page">
      <title>{`${data.title} – Candidate portal – Evident`}</title>
      {back}
      <h1>{data.title}</h1>
      <dl className="exercise-times">
        <dt>Kind</dt>
        <dd>{stepKindLabels[data.kind]}</dd>
        <dt>Opened</dt>
        <dd>{data.releaseLocal}</dd>
        <dt>Due</dt>
        <dd>
          {data.dueLocal}
          {data.isPastDue &&
            (data.latePolicy === "refuse"
              ? " · the deadline has passed"
              : " · late work is accepted and marked late")}
        </dd>
      </dl>
      <section className="panel" aria-labelledby="exercise-brief-heading">
        <h2 id="exercise-brief-heading">Brief</h2>
        <PromptMarkdown markdown={data.brief} title={data.title} />
      </section>
      {data.kind === "design_doc" && <DesignDocEditor applicationId={applicationId} step={data} />}
      {data.kind === "code_review" && <CodeReviewEditor applicationId={applicationId} step={data} />}
      {data.kind === "whiteboard" && <WhiteboardEditor applicationId={applicationId} step={data} />}
      {data.kind === "question_thread" && <QuestionThread applicationId={applicationId} step={data} />}
      {data.kind !== "question_thread" && <SubmittedVersions step={data} />}
    </div>
  );
}

/** Saves the content a moment after it last changed; answers what to show about it. */
function useAutosave(
  applicationId: string,
  stepId: string,
  content: ExerciseStepContent,
  initialSavedAt: string | null,
) {
  const save = useSaveStepDraft(applicationId, stepId);
  const [savedAt, setSavedAt] = useState(initialSavedAt);
  const first = useRef(true);
  const serialized = JSON.stringify(content);
  const { mutateAsync } = save;
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => {
      mutateAsync(JSON.parse(serialized) as ExerciseStepContent)
        .then((saved) => setSavedAt(saved.savedAt))
        .catch(() => {});
    }, AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [serialized, mutateAsync]);
  const status = save.isPending
    ? "Saving draft…"
    : save.isError
      ? `Draft not saved: ${save.error instanceof ApiError ? save.error.detail : "try again"}`
      : savedAt
        ? `Draft saved ${new Date(savedAt).toLocaleTimeString()}`
        : "Drafts save as you type";
  return status;
}

/** Where an editor starts: the draft, or else the latest submitted version, if it is of this kind. */
function startingContent<Kind extends ExerciseStepContent["kind"]>(
  step: CandidateExerciseStep,
  kind: Kind,
): Extract<ExerciseStepContent, { kind: Kind }> | undefined {
  const content = [step.draft?.content, step.submissions[0]?.content].find((saved) => saved?.kind === kind);
  return content as Extract<ExerciseStepContent, { kind: Kind }> | undefined;
}

/** Whether the deadline has passed for a step that refuses late work: nothing can be changed or sent. */
function isClosed(step: CandidateExerciseStep): boolean {
  return step.isPastDue && step.latePolicy === "refuse";
}

function describeVersion({ version, isLate }: ExerciseSubmission): string {
  return `Version ${version} submitted${isLate ? " (marked late)" : ""}. You can submit again; every version is kept.`;
}

/**
 * The form around a step's editor (`children`): it autosaves `content` as a draft, says so beside
 * `progress` (the words, comments or elements so far) and submits `content` as a new version.
 */
function StepEditorForm({
  applicationId,
  step,
  content,
  headingId,
  heading,
  className = "panel exercise-editor",
  progress,
  submitLabel = "Submit this version",
  describeSubmitted = describeVersion,
  children,
}: {
  applicationId: string;
  step: CandidateExerciseStep;
  content: ExerciseStepContent;
  headingId: string;
  heading: string;
  className?: string;
  progress: string;
  submitLabel?: string;
  describeSubmitted?: (submission: ExerciseSubmission) => string;
  children: ReactNode;
}) {
  const draftStatus = useAutosave(applicationId, step.id, content, step.draft?.savedAt ?? null);
  const submit = useSubmitStep(applicationId, step.id);
  return (
    <form
      className={className}
      onSubmit={(event) => {
        event.preventDefault();
        submit.mutate(content);
      }}
      aria-labelledby={headingId}
    >
      <h2 id={headingId}>{heading}</h2>
      {children}
      <p className="muted exercise-editor-status" aria-live="polite">
        {progress} · {draftStatus}
      </p>
      <FormError error={submit.error} />
      {submit.isSuccess && (
        <p className="notice" role="status">
          {describeSubmitted(submit.data)}
        </p>
      )}
      <button type="submit" className="button" disabled={isClosed(step) || submit.isPending}>
        {submit.isPending ? "Submitting…" : submitLabel}
      </button>
    </form>
  );
}

function DesignDocEditor({ applicationId, step }: { applicationId: string; step: CandidateExerciseStep }) {
  const [markdown, setMarkdown] = useState(startingContent(step, "design_doc")?.markdown ?? "");
  const [tab, setTab] = useState<"write" | "preview">("write");
  const closed = isClosed(step);

  return (
    <StepEditorForm
      applicationId={applicationId}
      step={step}
      content={{ kind: "design_doc", markdown }}
      headingId="design-doc-heading"
      heading="Your design document"
      progress={`${countWords(markdown)} words`}
    >
      <div className="tabs" role="tablist" aria-label="Editor">
        <button type="button" role="tab" aria-selected={tab === "write"} onClick={() => setTab("write")}>
          Write
        </button>
        <button type="button" role="tab" aria-selected={tab === "preview"} onClick={() => setTab("preview")}>
          Preview
        </button>
      </div>
      {tab === "write" ? (
        <label className="field">
          <span className="visually-hidden">Design document (Markdown)</span>
          <textarea
            className="markdown-editor"
            rows={18}
            value={markdown}
            disabled={closed}
            onChange={(event) => setMarkdown(event.target.value)}
          />
        </label>
      ) : (
        <section className="markdown-preview" aria-label="Preview">
          {markdown.trim() ? (
            <PromptMarkdown markdown={markdown} title="Preview" />
          ) : (
            <p className="muted">Nothing written yet.</p>
          )}
        </section>
      )}
    </StepEditorForm>
  );
}

function CodeReviewEditor({ applicationId, step }: { applicationId: string; step: CandidateExerciseStep }) {
  const start: CodeReviewContent =
    step.draft?.content.kind === "code_review"
      ? step.draft.content
      : { kind: "code_review", comments: [], verdict: null, summary: "" };
  const [comments, setComments] = useState<CodeReviewComment[]>(start.comments);
  const [verdict, setVerdict] = useState<CodeReviewContent["verdict"]>(start.verdict);
  const [summary, setSummary] = useState(start.summary);
  const [commentingOn, setCommentingOn] = useState<DiffLineRef | null>(null);
  const [commentText, setCommentText] = useState("");
  const closed = isClosed(step);
  const same = (a: DiffLineRef, b: DiffLineRef) =>
    a.file === b.file && a.side === b.side && a.line === b.line;

  const addComment = () => {
    if (!commentingOn || commentText.trim() === "") return;
    setComments([...comments, { ...commentingOn, body: commentText.trim() }]);
    setCommentingOn(null);
    setCommentText("");
  };

  return (
    <StepEditorForm
      applicationId={applicationId}
      step={step}
      content={{ kind: "code_review", comments, verdict, summary }}
      headingId="code-review-heading"
      heading="Your review"
      progress={`${comments.length} comment${comments.length === 1 ? "" : "s"}`}
      submitLabel="Submit the review"
      describeSubmitted={({ version, isLate }) =>
        `Review version ${version} submitted${isLate ? " (marked late)" : ""}.`
      }
    >
      <p className="hint">Choose a changed line number to comment on it.</p>
      <SideBySideDiff
        diff={step.diff ?? ""}
        onLineAction={closed ? undefined : (ref) => setCommentingOn(ref)}
        renderComments={(ref) => {
          const here = comments.filter((comment) => same(comment, ref));
          const editing = commentingOn && same(commentingOn, ref);
          if (here.length === 0 && !editing) return null;
          return (
            <div className="diff-comments">
              {here.map((comment) => (
                <div key={`${comment.body}-${comments.indexOf(comment)}`} className="diff-comment">
                  <p>{comment.body}</p>
                  {!closed && (
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      onClick={() => setComments(comments.filter((other) => other !== comment))}
                    >
                      Remove
                    </button>
                  )}
                </div>
              ))}
              {editing && (
                <div className="diff-comment-form">
                  <label className="field">
                    <span>
                      Comment on {ref.side} line {ref.line}
                    </span>
                    <textarea
                      rows={3}
                      value={commentText}
                      onChange={(event) => setCommentText(event.target.value)}
                    />
                  </label>
                  <button type="button" className="button button-small" onClick={addComment}>
                    Add comment
                  </button>{" "}
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    onClick={() => setCommentingOn(null)}
                  >
                    Cancel
                  </button>
                </div>
              )}
            </div>
          );
        }}
      />
      <fieldset className="fieldset">
        <legend>Verdict</legend>
        {(
          [
            ["approve", "Approve"],
            ["request_changes", "Request changes"],
            ["comment", "Comment only"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="radio-option">
            <input
              type="radio"
              name="verdict"
              value={value}
              checked={verdict === value}
              disabled={closed}
              onChange={() => setVerdict(value)}
            />{" "}
            {label}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>Summary for the author</span>
        <textarea
          rows={5}
          value={summary}
          disabled={closed}
          onChange={(event) => setSummary(event.target.value)}
        />
      </label>
    </StepEditorForm>
  );
}

/**
 * What the server keeps of a drawing (exercises/schemas.ts whiteboardElementTypes): shapes, lines,
 * arrows, freehand and text. Images and embedded pages live outside the elements, so they are
 * left out here rather than refused on every autosave.
 */
const keptElementTypes: ReadonlySet<string> = new Set([
  "rectangle",
  "diamond",
  "ellipse",
  "arrow",
  "line",
  "freedraw",
  "text",
  "frame",
]);

type StoredElements = WhiteboardContent["elements"];

/** The elements worth saving: live ones of the kinds the server keeps. */
function storableElements(elements: readonly WhiteboardElement[]): StoredElements {
  return elements.filter(
    (element) => !element.isDeleted && keptElementTypes.has(element.type),
  ) as unknown as StoredElements;
}

/**
 * The async whiteboard: the candidate draws alone over the step's window (the same Excalidraw
 * board live pads use), autosaved as a draft, and submits versions as with the other steps.
 */
function WhiteboardEditor({ applicationId, step }: { applicationId: string; step: CandidateExerciseStep }) {
  const start = startingContent(step, "whiteboard")?.elements ?? [];
  const [elements, setElements] = useState<StoredElements>(start);
  const [leftOut, setLeftOut] = useState(false);
  const shapes = elements.length;

  return (
    <StepEditorForm
      applicationId={applicationId}
      step={step}
      content={{ kind: "whiteboard", elements }}
      headingId="whiteboard-heading"
      heading="Your whiteboard"
      className="panel exercise-editor exercise-whiteboard"
      progress={`${shapes} element${shapes === 1 ? "" : "s"}`}
    >
      <p className="hint">
        Draw with the toolbar; text, shapes, arrows and freehand strokes are kept. Nobody else edits this
        board.
      </p>
      <LazyWhiteboard
        label="Your whiteboard"
        readOnly={isClosed(step)}
        elements={start as unknown as readonly WhiteboardElement[]}
        onChange={(next) => {
          const kept = storableElements(next);
          setLeftOut(next.some((element) => !element.isDeleted && !keptElementTypes.has(element.type)));
          setElements(kept);
        }}
      />
      {leftOut && (
        <p className="notice" role="status">
          Images and embedded pages are not kept on an exercise whiteboard; describe them in a text box
          instead.
        </p>
      )}
    </StepEditorForm>
  );
}

function QuestionThread({ applicationId, step }: { applicationId: string; step: CandidateExerciseStep }) {
  const [question, setQuestion] = useState("");
  const ask = useAskQuestion(applicationId, step.id);
  const closed = isClosed(step);
  return (
    <section className="panel" aria-labelledby="questions-heading">
      <h2 id="questions-heading">Your questions</h2>
      <p className="hint">
        As in a distributed team, answers arrive after a delay of some working hours. This page checks for
        them every minute.
      </p>
      {step.questions.length === 0 ? (
        <p className="muted">You have not asked anything yet.</p>
      ) : (
        <ol className="question-thread">
          {step.questions.map((entry) => (
            <li key={entry.id} className="question-entry">
              <p className="question-text">
                <strong>You asked:</strong> {entry.question}
              </p>
              {entry.answer === null ? (
                <p className="muted">Waiting for the team's answer.</p>
              ) : (
                <p className="answer-text">
                  <strong>The team answered:</strong> {entry.answer}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          ask.mutate(question, { onSuccess: () => setQuestion("") });
        }}
      >
        <label className="field">
          <span>Ask a question</span>
          <textarea
            rows={3}
            maxLength={4000}
            value={question}
            disabled={closed}
            onChange={(event) => setQuestion(event.target.value)}
          />
        </label>
        <FormError error={ask.error} />
        <button type="submit" className="button" disabled={closed || ask.isPending || question.trim() === ""}>
          {ask.isPending ? "Sending…" : "Send the question"}
        </button>
      </form>
    </section>
  );
}

function SubmittedVersions({ step }: { step: CandidateExerciseStep }) {
  return (
    <section className="panel" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Submitted versions</h2>
      {step.submissions.length === 0 ? (
        <p className="muted">Nothing submitted yet.</p>
      ) : (
        <ul className="exercise-versions">
          {step.submissions.map((submission) => (
            <li key={submission.id}>
              Version {submission.version} · {new Date(submission.submittedAt).toLocaleString()}
              {submission.isLate && <span className="badge"> late</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
