export type PortalWorkModel = "onsite" | "remote" | "hybrid";
export type PortalApplicationStatus = "active" | "rejected" | "withdrawn" | "hired";
export type PortalRecommendation = "strong_no" | "no" | "yes" | "strong_yes";

export interface PortalInterview {
  scheduledAt: string;
  durationMinutes: number;
  mode: "onsite" | "remote";
  room: string | null;
  videoLink: string | null;
  stageName: string;
}

/** Present only when the organisation shares feedback with candidates. */
export interface PortalFeedback {
  stages: { stageName: string; score: number; raters: number }[];
  recommendations: Record<PortalRecommendation, number>;
}

export interface PortalApplication {
  id: string;
  roleTitle: string;
  workModel: PortalWorkModel | null;
  status: PortalApplicationStatus;
  currentStage: { name: string; type: string } | null;
  stageHistory: { stageName: string; enteredAt: string }[];
  upcomingInterviews: PortalInterview[];
  feedback: PortalFeedback | null;
}

export interface PortalMe {
  fullName: string | null;
  email: string;
  organization: { name: string; slug: string };
  feedbackShared: boolean;
  applications: PortalApplication[];
  csrfToken: string;
}

export interface DemographicAnswers {
  gender?: "woman" | "man" | "non_binary" | "another_gender" | "prefer_not_to_say";
  raceEthnicity?:
    | "hispanic_or_latino"
    | "white"
    | "black_or_african_american"
    | "asian"
    | "native_hawaiian_or_pacific_islander"
    | "american_indian_or_alaska_native"
    | "two_or_more"
    | "prefer_not_to_say";
  ageBand?: "under_30" | "30_to_39" | "40_to_49" | "50_to_59" | "60_or_over" | "prefer_not_to_say";
  disability?: "yes" | "no" | "prefer_not_to_say";
  veteran?: "yes" | "no" | "prefer_not_to_say";
}

export type DemographicQuestion = keyof DemographicAnswers;
