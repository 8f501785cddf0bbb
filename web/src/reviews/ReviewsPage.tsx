import { Link } from "react-router";
import { formatDate } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { ReviewsNoAccess } from "./ReviewsNoAccess";
import "./reviews.css";
import { TableHead } from "../ui/TableHead";
import {
  daysOverdue,
  type HireReviewStatus,
  nextDueReview,
  type ReviewState,
  reviewPeriodLabels,
  useCanReview,
  useHireReviews,
} from "./reviews";

export function hireLabel(hire: Pick<HireReviewStatus, "candidateName">): string {
  return hire.candidateName ?? "Erased candidate";
}

export function startLabel(hire: HireReviewStatus): string {
  return hire.startDate ? formatDate(`${hire.startDate}T00:00:00`) : `hired ${formatDate(hire.hiredAt)}`;
}

export function ReviewsPage() {
  const canReview = useCanReview();
  const hires = useHireReviews(canReview);
  if (!canReview) return <ReviewsNoAccess />;

  const now = Date.now();
  const items = hires.data?.items ?? [];
  const due = items
    .flatMap((hire) => {
      const review = nextDueReview(hire);
      return review ? [{ hire, review }] : [];
    })
    // The longest-overdue review first.
    .sort((a, b) => a.review.dueAt.localeCompare(b.review.dueAt));
  const filed = items
    .flatMap((hire) =>
      hire.reviews.filter((review) => review.status === "filed").map((review) => ({ hire, review })),
    )
    .sort((a, b) => b.review.dueAt.localeCompare(a.review.dueAt));

  return (
    <article className="page reviews-page">
      <title>Post-hire reviews – Evident</title>
      <h1>Post-hire reviews</h1>
      <p className="lead">
        At 90 days, 6 months and 12 months after a hire starts, their manager rates the work they see on five
        anchored dimensions, with evidence. These outcomes show which hiring stages predict good hires. Review
        what the person does now; the hiring scorecards are not shown here.
      </p>
      {hires.isPending && <Loading what="the hires' reviews" />}
      {hires.isError && <LoadFailed error={hires.error} onRetry={() => void hires.refetch()} />}
      {hires.data && (
        <>
          <section aria-labelledby="reviews-due-heading">
            <h2 id="reviews-due-heading">Due</h2>
            {due.length === 0 ? (
              <p className="empty-state">
                No reviews are due. Each falls due 90 days, 6 and 12 months after the start.
              </p>
            ) : (
              <ReviewTable caption="Reviews due, longest overdue first" rows={due} now={now} />
            )}
          </section>
          <section aria-labelledby="reviews-filed-heading">
            <h2 id="reviews-filed-heading">Done</h2>
            {filed.length === 0 ? (
              <p className="empty-state">No reviews filed yet.</p>
            ) : (
              <ReviewTable caption="Filed reviews" rows={filed} now={now} />
            )}
          </section>
        </>
      )}
    </article>
  );
}

function ReviewTable({
  caption,
  rows,
  now,
}: {
  caption: string;
  rows: { hire: HireReviewStatus; review: ReviewState }[];
  now: number;
}) {
  return (
    <div className="table-scroll">
      <table className="reviews-table">
        <caption>{caption}</caption>
        <TableHead columns={["Hire", "Role", "Team", "Started", "Review", "Due"]} />
        <tbody>
          {rows.map(({ hire, review }) => {
            const late = daysOverdue(review, now);
            return (
              <tr key={`${hire.applicationId}/${review.period}`}>
                <th scope="row">
                  <Link to={`/analytics/reviews/${hire.applicationId}`}>{hireLabel(hire)}</Link>
                </th>
                <td data-label="Role">{hire.roleTitle}</td>
                <td data-label="Team">{hire.teamName ?? <span className="muted">No team</span>}</td>
                <td data-label="Started">{startLabel(hire)}</td>
                <td data-label="Review">{reviewPeriodLabels[review.period]}</td>
                <td data-label="Due">
                  <time dateTime={review.dueAt}>{formatDate(review.dueAt)}</time>
                  {review.status === "due" && late > 0 && (
                    <span className="overdue-badge">
                      {late === 1 ? "1 day overdue" : `${late} days overdue`}
                    </span>
                  )}
                  {review.status === "filed" && <span className="muted"> · filed</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
