import { lazy, type ReactNode, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { AreaPage } from "./areas/AreaPage";
import { emptyAreas } from "./areas/areas";
import { EvidencePage } from "./areas/EvidencePage";
import { HomePage } from "./areas/HomePage";
import { LoginPage } from "./auth/LoginPage";
import { RequireSession } from "./auth/RequireSession";
import { ApplicationPage } from "./candidates/ApplicationPage";
import { CandidatePage } from "./candidates/CandidatePage";
import { CandidatesPage } from "./candidates/CandidatesPage";
import { ImportPage as CandidateImportPage } from "./candidates/ImportPage";
import { NewCandidatePage } from "./candidates/NewCandidatePage";
import { PipelinePage } from "./candidates/PipelinePage";
import { DecisionPage } from "./decisions/DecisionPage";
import { EmailTemplatesPage } from "./emails/EmailTemplatesPage";
import { InterviewPage } from "./interviews/InterviewPage";
import { InterviewsPage } from "./interviews/InterviewsPage";
import { KitPage } from "./kits/KitPage";
import { KitsPage } from "./kits/KitsPage";
import { AppLayout } from "./layout/AppLayout";
import { NotFoundPage } from "./layout/NotFoundPage";
import { OutboxPage } from "./outbox/OutboxPage";
import { PlanEditorPage } from "./plans/PlanEditorPage";
import { HomePage as PortalHomePage } from "./portal/HomePage";
import { PortalLayout } from "./portal/PortalLayout";
import { RequestLinkPage as PortalRequestLinkPage } from "./portal/RequestLinkPage";
import { SignInPage as PortalSignInPage } from "./portal/SignInPage";
import { PrivacyPage } from "./privacy/PrivacyPage";
import { ReviewPage } from "./reviews/ReviewPage";
import { ReviewsPage } from "./reviews/ReviewsPage";
import { NewRolePage } from "./roles/NewRolePage";
import { RolePage } from "./roles/RolePage";
import { RolesPage } from "./roles/RolesPage";
import { AuditPage } from "./settings/AuditPage";
import { MembersPage } from "./settings/MembersPage";
import { NotificationsPage } from "./settings/NotificationsPage";
import { SettingsLayout } from "./settings/SettingsLayout";
import { TokensPage } from "./settings/TokensPage";

// The challenge pages carry the code editor and the Markdown renderer, most of the bundle's
// weight; they load when first opened instead of with every page.
const ChallengePage = lazy(() =>
  import("./challenges/ChallengePage").then((m) => ({ default: m.ChallengePage })),
);
const ChallengeResultsPage = lazy(() =>
  import("./challenges/ChallengeResultsPage").then((m) => ({ default: m.ChallengeResultsPage })),
);
const ChallengesPage = lazy(() =>
  import("./challenges/ChallengesPage").then((m) => ({ default: m.ChallengesPage })),
);
const OutcomesArea = lazy(() => import("./outcomes/OutcomesArea").then((m) => ({ default: m.OutcomesArea })));
const TeamPracticesArea = lazy(() =>
  import("./team-practices/TeamPracticesArea").then((m) => ({ default: m.TeamPracticesArea })),
);
const AnalyticsArea = lazy(() =>
  import("./analytics/AnalyticsArea").then((m) => ({ default: m.AnalyticsArea })),
);
// The pads carry CodeMirror, Yjs and (for system design) Excalidraw: loaded when opened.
const StaffPadPage = lazy(() => import("./pads/StaffPadPage").then((m) => ({ default: m.StaffPadPage })));
const CandidatePadPage = lazy(() =>
  import("./pads/CandidatePadPage").then((m) => ({ default: m.CandidatePadPage })),
);
const PadPlaybackPage = lazy(() => import("./pads/PlaybackPage").then((m) => ({ default: m.PlaybackPage })));
const PortalExercisePage = lazy(() =>
  import("./portal/exercise/ExercisePage").then((m) => ({ default: m.ExercisePage })),
);
const PortalExerciseStepPage = lazy(() =>
  import("./portal/exercise/ExerciseStepPage").then((m) => ({ default: m.ExerciseStepPage })),
);
const PortalTrialDayPage = lazy(() =>
  import("./portal/trial-day/TrialDayAgendaPage").then((m) => ({ default: m.TrialDayAgendaPage })),
);
const TrialDayPage = lazy(() =>
  import("./trial-days/TrialDayPage").then((m) => ({ default: m.TrialDayPage })),
);
const ExerciseReviewPage = lazy(() =>
  import("./exercises/ExerciseReviewPage").then((m) => ({ default: m.ExerciseReviewPage })),
);
const PortalChallengePage = lazy(() =>
  import("./portal/challenge/ChallengePage").then((m) => ({ default: m.ChallengePage })),
);

function Loading({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <p role="status" className="muted">
          Loading…
        </p>
      }
    >
      {children}
    </Suspense>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {/* Candidates: their own layout and cookie, outside the staff RequireSession. */}
      <Route path="/portal" element={<PortalLayout />}>
        <Route index element={<PortalRequestLinkPage />} />
        <Route path="sign-in" element={<PortalSignInPage />} />
        <Route path="home" element={<PortalHomePage />} />
        <Route
          path="applications/:applicationId/challenge"
          element={
            <Loading>
              <PortalChallengePage />
            </Loading>
          }
        />
        <Route
          path="interviews/:interviewId/pad"
          element={
            <Loading>
              <CandidatePadPage />
            </Loading>
          }
        />
        <Route
          path="applications/:applicationId/exercise"
          element={
            <Loading>
              <PortalExercisePage />
            </Loading>
          }
        />
        <Route
          path="applications/:applicationId/exercise/steps/:stepId"
          element={
            <Loading>
              <PortalExerciseStepPage />
            </Loading>
          }
        />
        <Route
          path="applications/:applicationId/trial-day"
          element={
            <Loading>
              <PortalTrialDayPage />
            </Loading>
          }
        />
        <Route path="*" element={<Navigate to="/portal" replace />} />
      </Route>
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<HomePage />} />
        {emptyAreas
          .filter(
            (area) =>
              area.path !== "/roles" &&
              area.path !== "/interviews" &&
              area.path !== "/candidates" &&
              area.path !== "/challenges" &&
              area.path !== "/outcomes",
          )
          .map((area) => (
            <Route key={area.path} path={area.path} element={<AreaPage area={area} />} />
          ))}
        <Route path="/roles" element={<RolesPage />} />
        <Route path="/roles/new" element={<NewRolePage />} />
        <Route path="/roles/:roleId" element={<RolePage />} />
        <Route path="/roles/:roleId/plan" element={<PlanEditorPage />} />
        <Route path="/roles/:roleId/pipeline" element={<PipelinePage />} />
        <Route path="/candidates" element={<CandidatesPage />} />
        <Route path="/candidates/new" element={<NewCandidatePage />} />
        <Route path="/candidates/import" element={<CandidateImportPage />} />
        <Route path="/candidates/:candidateId" element={<CandidatePage />} />
        <Route path="/applications/:applicationId" element={<ApplicationPage />} />
        <Route
          path="/applications/:applicationId/exercise"
          element={
            <Loading>
              <ExerciseReviewPage />
            </Loading>
          }
        />
        <Route
          path="/applications/:applicationId/trial-day"
          element={
            <Loading>
              <TrialDayPage />
            </Loading>
          }
        />
        <Route path="/interviews" element={<InterviewsPage />} />
        <Route path="/interviews/kits" element={<KitsPage />} />
        <Route path="/interviews/kits/:slug" element={<KitPage />} />
        <Route path="/interviews/:interviewId" element={<InterviewPage />} />
        <Route
          path="/interviews/:interviewId/pad"
          element={
            <Loading>
              <StaffPadPage />
            </Loading>
          }
        />
        <Route
          path="/pads/:padId/playback"
          element={
            <Loading>
              <PadPlaybackPage />
            </Loading>
          }
        />
        <Route path="/applications/:applicationId/decision" element={<DecisionPage />} />
        <Route
          path="/challenges"
          element={
            <Loading>
              <ChallengesPage />
            </Loading>
          }
        />
        <Route
          path="/challenges/:challengeId"
          element={
            <Loading>
              <ChallengePage />
            </Loading>
          }
        />
        <Route
          path="/applications/:applicationId/challenge"
          element={
            <Loading>
              <ChallengeResultsPage />
            </Loading>
          }
        />
        <Route path="/analytics/reviews" element={<ReviewsPage />} />
        <Route path="/analytics/reviews/:applicationId" element={<ReviewPage />} />
        <Route
          path="/outcomes/*"
          element={
            <Loading>
              <OutcomesArea />
            </Loading>
          }
        />
        <Route
          path="/team-practices/*"
          element={
            <Loading>
              <TeamPracticesArea />
            </Loading>
          }
        />
        <Route
          path="/analytics/*"
          element={
            <Loading>
              <AnalyticsArea />
            </Loading>
          }
        />
        <Route path="/evidence" element={<EvidencePage />} />
        <Route path="/settings" element={<SettingsLayout />}>
          <Route index element={<Navigate to="members" replace />} />
          <Route path="members" element={<MembersPage />} />
          <Route path="tokens" element={<TokensPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="outbox" element={<OutboxPage />} />
          <Route path="email-templates" element={<EmailTemplatesPage />} />
          <Route path="privacy" element={<PrivacyPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
