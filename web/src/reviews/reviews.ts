import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { components } from "../api/generated";
import type { MemberRole, RequestBody } from "../api/schema";
import { useSession } from "../auth/session";

export type HireReviewStatus = components["schemas"]["HireReviewStatus"];
export type PostHireReview = components["schemas"]["PostHireReview"];
/** The generated type is a loose string record; the API answers every dimension with 4 levels. */
export type ReviewAnchors = Record<ReviewDimension, string[]>;
export type ReviewInput = RequestBody<"/api/v1/applications/{applicationId}/post-hire-reviews", "post">;
export type ReviewPeriod = PostHireReview["period"];
export type ReviewDimension = PostHireReview["ratings"][number]["dimension"];
export type LeavingReason = NonNullable<PostHireReview["leavingReason"]>;
export type ReviewState = HireReviewStatus["reviews"][number];

export const reviewPeriodLabels: Record<ReviewPeriod, string> = {
  "90d": "90-day review",
  "6m": "6-month review",
  "12m": "12-month review",
};

/** In the order the form and the filed review show them (the API's order). */
export const reviewDimensionLabels: Record<ReviewDimension, string> = {
  problem_solving: "Problem-solving quality",
  operational_ownership: "Operational ownership",
  delivery: "Delivery",
  collaboration: "Collaboration",
  written_communication: "Written communication",
};
export const reviewDimensions = Object.keys(reviewDimensionLabels) as ReviewDimension[];

export const leavingReasonLabels: Record<LeavingReason, string> = {
  performance: "Performance",
  role_fit: "Role fit",
  work_model: "Work model (onsite, remote or hybrid)",
  compensation: "Compensation",
  career_move: "Career move",
  relocation: "Relocation",
  personal: "Personal reasons",
  layoff: "Layoff",
  other: "Other",
};

const reviewers: readonly MemberRole[] = ["admin", "hiring_manager"];

/** Admins and hiring managers file post-hire reviews; the API refuses everyone else. */
export function useCanReview(): boolean {
  const role = useSession().activeOrganization?.role;
  return role !== undefined && reviewers.includes(role);
}

function useOrganizationKey() {
  return useSession().activeOrganization?.id ?? null;
}

export function useHireReviews(enabled = true) {
  const organizationId = useOrganizationKey();
  return useQuery({
    queryKey: ["post-hire-reviews", organizationId],
    queryFn: ({ signal }) => apiFetch<{ items: HireReviewStatus[] }>("/api/v1/post-hire-reviews", { signal }),
    enabled,
  });
}

export function useReviewAnchors(enabled = true) {
  return useQuery({
    queryKey: ["post-hire-review-anchors"],
    queryFn: ({ signal }) => apiFetch<ReviewAnchors>("/api/v1/post-hire-reviews/anchors", { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    enabled,
  });
}

function reviewsPath(applicationId: string) {
  return `/api/v1/applications/${encodeURIComponent(applicationId)}/post-hire-reviews`;
}

export function useReviewsOfHire(applicationId: string, enabled = true) {
  const organizationId = useOrganizationKey();
  return useQuery({
    queryKey: ["post-hire-reviews", organizationId, applicationId],
    queryFn: ({ signal }) => apiFetch<{ items: PostHireReview[] }>(reviewsPath(applicationId), { signal }),
    enabled,
  });
}

export function useFileReview(applicationId: string) {
  const queryClient = useQueryClient();
  const organizationId = useOrganizationKey();
  return useMutation({
    mutationFn: (input: ReviewInput) =>
      apiFetch<PostHireReview>(reviewsPath(applicationId), { method: "POST", body: input }),
    onSuccess: () =>
      // The hire's reviews and the list (whose state for this period is now "filed") both change.
      queryClient.invalidateQueries({ queryKey: ["post-hire-reviews", organizationId] }),
  });
}

/** The review to file next: the earliest due one; none when every due review is filed. */
export function nextDueReview(hire: HireReviewStatus): ReviewState | undefined {
  return hire.reviews.find((review) => review.status === "due");
}

const DAY = 86_400_000;

/** Days a due review is past its due date (0 on the day). */
export function daysOverdue(review: ReviewState, now: number): number {
  return Math.max(0, Math.floor((now - new Date(review.dueAt).getTime()) / DAY));
}
