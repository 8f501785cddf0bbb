export type EmailTemplate = "invitation" | "magic_link" | "interview_scheduled" | "decision";

export interface OutboxEmail {
  id: string;
  template: EmailTemplate;
  to: string;
  subject: string;
  candidateId: string | null;
  transport: "smtp" | "file";
  status: "sent" | "failed";
  error: string | null;
  createdAt: string;
}

export interface OutboxEmailDetail extends OutboxEmail {
  /** As sent, except that sign-in tokens are redacted. */
  bodyText: string;
  /** The .eml file in the data directory's outbox (file transport). */
  fileName: string | null;
}

export interface OutboxPage {
  items: OutboxEmail[];
  nextCursor: string | null;
}

export const templateLabels: Record<EmailTemplate, string> = {
  invitation: "Portal invitation",
  magic_link: "Sign-in link",
  interview_scheduled: "Interview scheduled",
  decision: "Decision",
};
