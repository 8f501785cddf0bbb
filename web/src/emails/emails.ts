import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type {
  CandidateEmailTemplate,
  CustomizableTemplate,
  EmailDraft,
  EmailDraftStatus,
  EmailTemplatePreviewRequest,
  MemberRole,
  Page,
  RejectionEmailPreview,
  RenderedEmail,
} from "../api/schema";
import { useSession } from "../auth/session";
import { toLocalInput } from "../ui/format";

/** Admins and recruiters word the organisation's candidate emails; the API enforces the same. */
const templateEditors: readonly MemberRole[] = ["admin", "recruiter"];

export function useCanEditTemplates(): boolean {
  const role = useSession().activeOrganization?.role;
  return role !== undefined && templateEditors.includes(role);
}

export const draftStatusLabels: Record<EmailDraftStatus, string> = {
  draft: "Draft, not sent",
  scheduled: "Scheduled",
  sending: "Sending",
  sent: "Sent",
  failed: "Sending failed",
  cancelled: "Not sent (cancelled)",
};

function useOrganizationId(): string | null {
  return useSession().activeOrganization?.id ?? null;
}

const templatePath = (template: CustomizableTemplate) =>
  `/api/v1/email-templates/${encodeURIComponent(template)}`;

export function useEmailTemplates() {
  const organizationId = useOrganizationId();
  return useQuery({
    queryKey: ["email-templates", organizationId],
    queryFn: ({ signal }) => apiFetch<Page<CandidateEmailTemplate>>("/api/v1/email-templates", { signal }),
  });
}

/** Saves the organisation's wording, or with `null` goes back to the built-in one. */
export function useSaveEmailTemplate(template: CustomizableTemplate) {
  const queryClient = useQueryClient();
  const organizationId = useOrganizationId();
  return useMutation({
    mutationFn: (wording: { subject: string; body: string } | null) =>
      wording === null
        ? apiFetch<CandidateEmailTemplate>(templatePath(template), { method: "DELETE" })
        : apiFetch<CandidateEmailTemplate>(templatePath(template), { method: "PUT", body: wording }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["email-templates", organizationId] }),
  });
}

/** The preview of wording as it is typed; the server fills it in and refuses what it cannot fill. */
export function useTemplatePreview(template: CustomizableTemplate, wording: EmailTemplatePreviewRequest) {
  const organizationId = useOrganizationId();
  return useQuery({
    queryKey: ["email-template-preview", organizationId, template, wording],
    queryFn: ({ signal }) =>
      apiFetch<RenderedEmail>(`${templatePath(template)}/preview`, { method: "POST", body: wording, signal }),
    placeholderData: (previous) => previous,
    retry: false,
  });
}

const applicationEmailsKey = (organizationId: string | null, applicationId: string) =>
  ["application-emails", organizationId, applicationId] as const;

export function useApplicationEmails(applicationId: string) {
  const organizationId = useOrganizationId();
  return useQuery({
    queryKey: applicationEmailsKey(organizationId, applicationId),
    queryFn: ({ signal }) =>
      apiFetch<Page<EmailDraft>>(`/api/v1/applications/${encodeURIComponent(applicationId)}/emails`, {
        signal,
      }),
  });
}

export type DraftAction =
  | { kind: "edit"; subject: string; bodyText: string }
  | { kind: "send" }
  | { kind: "schedule"; sendAt: string }
  | { kind: "cancel" };

/** Edits, sends, schedules or cancels one drafted email. */
export function useDraftAction(applicationId: string, draftId: string) {
  const queryClient = useQueryClient();
  const organizationId = useOrganizationId();
  const path = `/api/v1/email-drafts/${encodeURIComponent(draftId)}`;
  return useMutation({
    mutationFn: (action: DraftAction) => {
      switch (action.kind) {
        case "edit":
          return apiFetch<EmailDraft>(path, {
            method: "PATCH",
            body: { subject: action.subject, bodyText: action.bodyText },
          });
        case "send":
          return apiFetch<EmailDraft>(`${path}/send`, { method: "POST" });
        case "schedule":
          return apiFetch<EmailDraft>(`${path}/schedule`, {
            method: "POST",
            body: { sendAt: action.sendAt },
          });
        case "cancel":
          return apiFetch<EmailDraft>(`${path}/cancel`, { method: "POST" });
      }
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: applicationEmailsKey(organizationId, applicationId) });
      void queryClient.invalidateQueries({ queryKey: ["outbox", organizationId] });
    },
  });
}

/** The rejection email the reject dialog starts from, in the organisation's wording. */
export function useRejectionEmail(applicationId: string, enabled: boolean) {
  const organizationId = useOrganizationId();
  return useQuery({
    queryKey: ["rejection-email", organizationId, applicationId],
    queryFn: ({ signal }) =>
      apiFetch<RejectionEmailPreview>(
        `/api/v1/applications/${encodeURIComponent(applicationId)}/rejection-email`,
        { signal },
      ),
    enabled,
    retry: false,
  });
}

/** Where the time to send a scheduled email starts: a day from now, as a datetime-local value. */
export function aDayFromNow(): string {
  return toLocalInput(new Date(Date.now() + 24 * 60 * 60 * 1000));
}
