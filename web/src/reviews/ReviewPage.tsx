import { useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/client";
import { Field, FieldMessage, NumberField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage, fieldPathOf } from "../ui/field-message";
import { formatDate, formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { ReviewsNoAccess } from "./ReviewsNoAccess";
import "./reviews.css";
import { AnchoredLevelOptions } from "../ui/AnchoredRating";
import { hireLabel, startLabel } from "./ReviewsPage";
import {
  type HireReviewStatus,
  type LeavingReason,
  leavingReasonLabels,
  nextDueReview,
  type PostHireReview,
  type ReviewAnchors,
  type ReviewDimension,
  type ReviewInput,
  type ReviewPeriod,
  reviewDimensionLabels,
  reviewDimensions,
  reviewPeriodLabels,
  useCanReview,
  useFileReview,
  useHireReviews,
  useReviewAnchors,
  useReviewsOfHire,
} from "./reviews";

export function ReviewPage() {
  const { applicationId = "" } = useParams();
  const canReview = useCanReview();
  const hires = useHireReviews(canReview);
  const anchors = useReviewAnchors(canReview);
  const filed = useReviewsOfHire(applicationId, canReview);
  const [justFiled, setJustFiled] = useState<ReviewPeriod | null>(null);
  if (!canReview) return <ReviewsNoAccess />;

  const failed = [filed, hires, anchors].find((query) => query.isError);
  const hire = hires.data?.items.find((item) => item.applicationId === applicationId);
  const due = hire ? nextDueReview(hire) : undefined;

  return (
    <article className="page review-page">
      <title>{`${hire ? hireLabel(hire) : "Post-hire review"} – Evident`}</title>
      <p>
        <Link to="/analytics/reviews">← All post-hire reviews</Link>
      </p>
      {failed ? (
        <>
          <h1>Post-hire review</h1>
          <LoadFailed error={failed.error} onRetry={() => void failed.refetch()} />
        </>
      ) : !hires.data || !anchors.data || !filed.data ? (
        <Loading what="the review" />
      ) : !hire ? (
        <>
          <h1>Post-hire review</h1>
          <p className="notice">No hire you review has this application id.</p>
        </>
      ) : (
        <>
          <HireHeading hire={hire} />
          {justFiled && (
            <p role="status" className="notice review-filed-notice">
              The {reviewPeriodLabels[justFiled].toLowerCase()} is filed; it is shown under{" "}
              <a href="#filed-reviews-heading">Filed reviews</a>.
            </p>
          )}
          {due ? (
            <ReviewForm
              key={due.period}
              applicationId={applicationId}
              period={due.period}
              dueAt={due.dueAt}
              anchors={anchors.data}
              onFiled={setJustFiled}
            />
          ) : (
            <NothingDue hire={hire} />
          )}
          <section aria-labelledby="filed-reviews-heading">
            <h2 id="filed-reviews-heading">Filed reviews</h2>
            {filed.data.items.length === 0 ? (
              <p className="empty-state">No review of this hire is filed yet.</p>
            ) : (
              [...filed.data.items]
                .reverse()
                .map((review) => <FiledReview key={review.id} review={review} anchors={anchors.data} />)
            )}
          </section>
        </>
      )}
    </article>
  );
}

function HireHeading({ hire }: { hire: HireReviewStatus }) {
  return (
    <>
      <h1>{hireLabel(hire)}</h1>
      <dl className="review-hire-facts">
        <div>
          <dt>Role</dt>
          <dd>{hire.roleTitle}</dd>
        </div>
        <div>
          <dt>Team</dt>
          <dd>{hire.teamName ?? "No team recorded"}</dd>
        </div>
        <div>
          <dt>Start date</dt>
          <dd>{startLabel(hire)}</dd>
        </div>
      </dl>
      <ol className="review-schedule" aria-label="Review schedule">
        {hire.reviews.map((review) => (
          <li key={review.period} className={`review-step review-step-${review.status}`}>
            <strong>{reviewPeriodLabels[review.period]}</strong>{" "}
            <span>
              {review.status === "filed" ? "filed" : review.status === "due" ? "due since" : "due on"}{" "}
              <time dateTime={review.dueAt}>{formatDate(review.dueAt)}</time>
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}

function NothingDue({ hire }: { hire: HireReviewStatus }) {
  const upcoming = hire.reviews.find((review) => review.status === "upcoming");
  return (
    <p className="notice">
      {upcoming
        ? `No review is due now. The ${reviewPeriodLabels[upcoming.period].toLowerCase()} falls due on ${formatDate(upcoming.dueAt)}; it can be filed from then.`
        : "Every review of this hire is filed."}
    </p>
  );
}

interface DimensionDraft {
  level: number | null;
  evidence: string;
}

function ReviewForm({
  applicationId,
  period,
  dueAt,
  anchors,
  onFiled,
}: {
  applicationId: string;
  period: ReviewPeriod;
  dueAt: string;
  anchors: ReviewAnchors;
  onFiled: (period: ReviewPeriod) => void;
}) {
  const fileReview = useFileReview(applicationId);
  const [drafts, setDrafts] = useState<Record<ReviewDimension, DimensionDraft>>(
    () =>
      Object.fromEntries(
        reviewDimensions.map((dimension) => [dimension, { level: null, evidence: "" }]),
      ) as Record<ReviewDimension, DimensionDraft>,
  );
  const [overall, setOverall] = useState("");
  const [stillEmployed, setStillEmployed] = useState<"yes" | "no" | "">("");
  const [leavingReason, setLeavingReason] = useState<LeavingReason | "">("");
  const atTwelveMonths = period === "12m";
  const error = fileReview.error;
  const update = (dimension: ReviewDimension, change: Partial<DimensionDraft>) =>
    setDrafts((current) => ({ ...current, [dimension]: { ...current[dimension], ...change } }));

  function submit(event: React.FormEvent) {
    event.preventDefault();
    // Sent as entered: the API checks every field and its messages appear beside each one.
    const input = {
      period,
      ratings: reviewDimensions.map((dimension) => ({
        dimension,
        level: drafts[dimension].level ?? undefined,
        evidence: drafts[dimension].evidence,
      })),
      overall: overall.trim() === "" ? undefined : Number(overall),
      ...(atTwelveMonths && stillEmployed !== "" ? { stillEmployed: stillEmployed === "yes" } : {}),
      ...(atTwelveMonths && stillEmployed === "no" && leavingReason !== "" ? { leavingReason } : {}),
    } as ReviewInput;
    // mutateAsync, not mutate's callback: filing refetches the list, which can replace this form
    // (the next due review) before a per-call callback would run.
    fileReview.mutateAsync(input).then(
      () => onFiled(period),
      () => {
        // Shown by FormError and beside each field from fileReview.error.
      },
    );
  }

  const labels: Record<string, string> = {
    overall: "Overall",
    stillEmployed: "Still employed",
    leavingReason: "Leaving reason",
    ratings: "Ratings",
  };
  const labelFor = (path: string) => {
    const match = /^ratings\.(\d+)\.(level|evidence)$/.exec(path);
    const dimension = match ? reviewDimensions[Number(match[1])] : undefined;
    if (match && dimension) {
      return `${reviewDimensionLabels[dimension]} ${match[2] === "level" ? "level" : "evidence"}`;
    }
    return labels[path] ?? path;
  };

  return (
    <form className="review-form" noValidate onSubmit={submit} aria-labelledby="review-form-heading">
      <h2 id="review-form-heading">
        {reviewPeriodLabels[period]} <span className="muted">· due since {formatDate(dueAt)}</span>
      </h2>
      <p className="hint">
        For each dimension choose the level whose description fits what you have seen, and note the work that
        shows it: a change, an incident, a document, a review.
      </p>
      {reviewDimensions.map((dimension, index) => {
        const name = reviewDimensionLabels[dimension];
        const levelId = `review-${dimension}-level`;
        // The API's message for a missing level is zod's generic one; say what to do instead.
        const levelProblem =
          fieldMessage(error, `ratings.${index}.level`) && "Choose the level whose description fits best.";
        return (
          <fieldset
            key={dimension}
            className="fieldset review-dimension"
            aria-describedby={levelProblem ? `${levelId}-error` : undefined}
          >
            <legend>
              {name}{" "}
              <span className="required-mark" aria-hidden="true">
                *
              </span>
            </legend>
            <AnchoredLevelOptions
              name={levelId}
              levels={anchors[dimension].map((anchor, index) => ({
                level: index + 1,
                heading: `Level ${index + 1}`,
                anchor,
              }))}
              value={drafts[dimension].level}
              onChange={(level) => update(dimension, { level })}
              invalid={Boolean(levelProblem)}
            />
            <FieldMessage id={levelId} message={levelProblem} />
            <Field
              id={`review-${dimension}-evidence`}
              label={`Evidence for ${name.toLowerCase()}`}
              required
              hint="What did they do? Name the work that shows this level."
              error={fieldMessage(error, `ratings.${index}.evidence`)}
            >
              {(control) => (
                <textarea
                  {...control}
                  rows={3}
                  maxLength={2000}
                  value={drafts[dimension].evidence}
                  onChange={(event) => update(dimension, { evidence: event.target.value })}
                />
              )}
            </Field>
          </fieldset>
        );
      })}
      <NumberField
        id="review-overall"
        label="Overall (1–4)"
        required
        min={1}
        max={4}
        hint="Your overall judgement of their work so far: 1 well below, 2 below, 3 meets, 4 beyond what the role needs."
        error={fieldMessage(error, "overall") && "Give a whole number from 1 to 4."}
        value={overall}
        onChange={setOverall}
      />
      {atTwelveMonths && (
        <fieldset
          className="fieldset"
          aria-describedby={fieldMessage(error, "stillEmployed") ? "review-still-employed-error" : undefined}
        >
          <legend>
            Retention at 12 months{" "}
            <span className="required-mark" aria-hidden="true">
              *
            </span>
          </legend>
          <div className="radio-options">
            {(["yes", "no"] as const).map((answer) => (
              <div key={answer} className="radio-option">
                <input
                  id={`review-still-employed-${answer}`}
                  type="radio"
                  name="review-still-employed"
                  value={answer}
                  checked={stillEmployed === answer}
                  onChange={() => setStillEmployed(answer)}
                />
                <label htmlFor={`review-still-employed-${answer}`}>
                  {answer === "yes" ? "Still employed" : "Has left"}
                </label>
              </div>
            ))}
          </div>
          <FieldMessage id="review-still-employed" message={fieldMessage(error, "stillEmployed")} />
          {stillEmployed === "no" && (
            <Field
              id="review-leaving-reason"
              label="Leaving reason"
              required
              error={fieldMessage(error, "leavingReason")}
            >
              {(control) => (
                <select
                  {...control}
                  value={leavingReason}
                  onChange={(event) => setLeavingReason(event.target.value as LeavingReason | "")}
                >
                  <option value="">Choose a category</option>
                  {(Object.keys(leavingReasonLabels) as LeavingReason[]).map((reason) => (
                    <option key={reason} value={reason}>
                      {leavingReasonLabels[reason]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </fieldset>
      )}
      {error instanceof ApiError && error.fieldErrors.length > 0 ? (
        // Each field shows its own message; the summary only says where to look.
        <div role="alert" className="form-error">
          <p>
            The review was not filed:{" "}
            {error.fieldErrors.length === 1 ? "1 answer needs" : `${error.fieldErrors.length} answers need`}{" "}
            attention (
            {error.fieldErrors.map((fieldError) => labelFor(fieldPathOf(fieldError.path))).join(", ")}).
          </p>
        </div>
      ) : (
        <FormError error={error} />
      )}
      <div className="form-actions">
        <button type="submit" className="button" disabled={fileReview.isPending}>
          {fileReview.isPending ? "Filing…" : `File the ${reviewPeriodLabels[period].toLowerCase()}`}
        </button>
      </div>
    </form>
  );
}

function FiledReview({ review, anchors }: { review: PostHireReview; anchors: ReviewAnchors }) {
  return (
    <section className="filed-review" aria-labelledby={`filed-${review.id}`}>
      <h3 id={`filed-${review.id}`}>
        {reviewPeriodLabels[review.period]}{" "}
        <span className="muted">
          · filed <time dateTime={review.submittedAt}>{formatDateTime(review.submittedAt)}</time>
        </span>
      </h3>
      <dl className="filed-review-ratings">
        {review.ratings.map((rating) => (
          <div key={rating.dimension}>
            <dt>
              {reviewDimensionLabels[rating.dimension]}: level {rating.level}
            </dt>
            <dd>
              <p className="level-anchor">{anchors[rating.dimension][rating.level - 1]}</p>
              <p>
                {rating.evidence || <span className="muted">Evidence erased with the candidate's data.</span>}
              </p>
            </dd>
          </div>
        ))}
        <div>
          <dt>Overall</dt>
          <dd>{review.overall} of 4</dd>
        </div>
        {review.stillEmployed !== null && (
          <div>
            <dt>Retention at 12 months</dt>
            <dd>
              {review.stillEmployed
                ? "Still employed"
                : `Has left${review.leavingReason ? `: ${leavingReasonLabels[review.leavingReason]}` : ""}`}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
