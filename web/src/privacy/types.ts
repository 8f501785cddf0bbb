export interface PrivacySettings {
  shareFeedbackWithCandidates: boolean;
  /** Null keeps rejected and withdrawn candidates until someone erases them. */
  candidateRetentionDays: number | null;
}

export const retentionDaysRange = { min: 30, max: 3650 } as const;

export interface CandidateSummary {
  id: string;
  fullName: string | null;
  email: string | null;
  createdAt: string;
  erasedAt: string | null;
}

export interface CandidateSearchPage {
  items: CandidateSummary[];
  nextCursor: string | null;
}

export interface ErasureSummary {
  candidateId: string;
  erasedAt: string;
  removed: {
    files: number;
    emails: number;
    magicLinks: number;
    portalSessions: number;
    demographics: number;
  };
  redacted: {
    applicationEventNotes: number;
    applicationEventReasons: number;
    scorecardEvidence: number;
    scorecardAmendmentReasons: number;
    decisionOverrideReasons: number;
    interviewPlaces: number;
  };
  outboxFilesNotDeleted: number;
}

export interface PortalInvitation {
  candidateId: string;
  expiresAt: string;
  email: { id: string; status: "sent" | "failed"; error: string | null };
}
