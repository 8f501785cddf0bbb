import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import { useSession } from "../auth/session";
import { FormError } from "../ui/FormError";
import { formatDateTime } from "../ui/format";

/** What POST /candidates/{id}/invite answers: who the link went to, until when, and whether it left. */
export interface PortalInvitation {
  candidateId: string;
  to: string;
  expiresAt: string;
  email: { id: string; status: "sent" | "failed"; error: string | null };
}

function useInviteToPortal(candidateId: string) {
  const queryClient = useQueryClient();
  const organizationId = useSession().activeOrganization?.id ?? null;
  return useMutation({
    mutationFn: () =>
      apiFetch<PortalInvitation>(`/api/v1/candidates/${encodeURIComponent(candidateId)}/invite`, {
        method: "POST",
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["outbox", organizationId] }),
  });
}

/**
 * "Invite to portal" for staff on the candidate and application pages: emails the candidate a
 * sign-in link for this organisation and says what was sent, to whom, and until when it works.
 */
export function InviteToPortal({
  candidateId,
  candidateName,
}: {
  candidateId: string;
  candidateName: string;
}) {
  const invite = useInviteToPortal(candidateId);
  const sent = invite.data?.email.status === "sent" ? invite.data : null;
  const failed = invite.data?.email.status === "failed" ? invite.data : null;
  return (
    <div className="invite-to-portal">
      <button
        type="button"
        className="button button-secondary"
        disabled={invite.isPending}
        onClick={() => invite.mutate()}
      >
        {invite.isPending ? "Sending invitation…" : "Invite to portal"}
      </button>
      <FormError error={invite.error} />
      <p role="status" className="form-success">
        {sent &&
          `Portal invitation sent to ${candidateName} at ${sent.to}: a sign-in link that works once, until ${formatDateTime(sent.expiresAt)}.`}
      </p>
      {failed && (
        <div role="alert" className="form-error">
          <p>
            The invitation email to {failed.to} could not be sent: {failed.email.error}. It is listed in the
            email outbox with its error.
          </p>
        </div>
      )}
    </div>
  );
}
