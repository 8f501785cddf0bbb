import { Link, useParams } from "react-router";
import { errorDetail, isForbidden, isNotFound } from "../api/client";
import type { ApplicationDetail, Interview } from "../api/schema";
import { DraftEmailPanel } from "../emails/DraftEmailPanel";
import { useApplicationEmails } from "../emails/emails";
import { useCanManagePlans } from "../plans/plans";
import { stageModeLabels } from "../plans/stages";
import { describeWorkModel } from "../roles/roles";
import { Breadcrumb } from "../ui/Breadcrumb";
import { formatDate, formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { numeric, TableHead } from "../ui/TableHead";
import { ApplicationActions } from "./ApplicationActions";
import { ApplicationHistory } from "./ApplicationHistory";
import { useApplication } from "./candidates";
import { InviteToPortal } from "./InviteToPortal";
import { recommendationLabels, useApplicationScorecards, useInterviews } from "./interviews";
import { applicationStatusLabels, describeRejectionReason, nameOf } from "./labels";
import { NoAccess } from "./NoAccess";

const interviewStatusLabels: Record<Interview["status"], string> = {
  scheduled: "Scheduled",
  completed: "Completed",
  cancelled: "Cancelled",
};

export function ApplicationPage() {
  const { applicationId = "" } = useParams();
  const canSee = useCanManagePlans();
  const application = useApplication(applicationId, canSee);

  if (!canSee || isForbidden(application.error)) {
    return (
      <article className="page">
        <title>Application – Evident</title>
        <h1>Application</h1>
        <NoAccess what="applications" />
      </article>
    );
  }

  return (
    <article className="page application-page">
      {application.isPending && <Loading what="the application" />}
      {application.isError &&
        (isNotFound(application.error) ? (
          <>
            <title>Application not found – Evident</title>
            <h1>Application not found</h1>
            <p>There is no such application in this organisation.</p>
          </>
        ) : (
          <LoadFailed error={application.error} onRetry={() => void application.refetch()} />
        ))}
      {application.data && <ApplicationView application={application.data} />}
    </article>
  );
}

function ApplicationView({ application }: { application: ApplicationDetail }) {
  const name = nameOf(application.candidate);
  return (
    <>
      <title>{`${name}, ${application.role.title} – Evident`}</title>
      <Breadcrumb to={`/roles/${application.role.id}/pipeline`}>
        Pipeline of {application.role.title}
      </Breadcrumb>
      <div className="page-heading">
        <div>
          <h1>{name}</h1>
          <p className="muted role-subtitle">
            Application to {application.role.title} · {describeWorkModel(application.role.workModel, null)}
          </p>
        </div>
        <div className="form-actions">
          <Link to={`/candidates/${application.candidate.id}`} className="button button-secondary">
            Candidate profile
          </Link>
          <Link to={`/applications/${application.id}/decision`} className="button button-secondary">
            Hiring decision
          </Link>
          <Link to={`/applications/${application.id}/challenge`} className="button button-secondary">
            Challenge results
          </Link>
          <Link to={`/applications/${application.id}/exercise`} className="button button-secondary">
            Async exercise
          </Link>
          {application.currentStage?.type === "trial_day" && (
            <Link to={`/applications/${application.id}/trial-day`} className="button button-secondary">
              Trial day
            </Link>
          )}
        </div>
      </div>
      <dl className="role-details">
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`application-status application-status-${application.status}`}>
              {applicationStatusLabels[application.status]}
            </span>
            {application.rejectionReason && ` (${describeRejectionReason(application.rejectionReason)})`}
          </dd>
        </div>
        <div>
          <dt>Current stage</dt>
          <dd>{application.currentStage?.name ?? "No stage"}</dd>
        </div>
        <div>
          <dt>Applied</dt>
          <dd>
            <time dateTime={application.createdAt}>{formatDate(application.createdAt)}</time>
          </dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd>{application.candidate.email ?? "Erased"}</dd>
        </div>
      </dl>
      {application.candidate.email !== null && (
        <InviteToPortal candidateId={application.candidate.id} candidateName={name} />
      )}

      <section aria-labelledby="application-actions-heading" className="panel">
        <h2 id="application-actions-heading" className="panel-heading">
          Move or change status
        </h2>
        <ApplicationActions application={application} stages={application.stages} withNotes />
      </section>

      <RejectionEmails applicationId={application.id} />

      <section aria-labelledby="application-history-heading">
        <h2 id="application-history-heading">History</h2>
        <ApplicationHistory
          history={application.history}
          caption="Stage moves and status changes, oldest first"
        />
      </section>

      <InterviewsAndScorecards applicationId={application.id} />
    </>
  );
}

/** Rejection emails written in the reject dialog: a scheduled one can be cancelled or sent early here. */
function RejectionEmails({ applicationId }: { applicationId: string }) {
  const emails = useApplicationEmails(applicationId);
  const rejections = emails.data?.items.filter((email) => email.purpose === "rejection") ?? [];
  if (emails.isError) return <LoadFailed error={emails.error} onRetry={() => void emails.refetch()} />;
  return (
    <>
      {rejections.map((email) => (
        <DraftEmailPanel key={email.id} draft={email} heading="Rejection email to the candidate" canAct />
      ))}
    </>
  );
}

function InterviewsAndScorecards({ applicationId }: { applicationId: string }) {
  const interviews = useInterviews(applicationId);
  const scorecards = useApplicationScorecards(applicationId);
  return (
    <section aria-labelledby="interviews-scorecards-heading">
      <h2 id="interviews-scorecards-heading">Interviews and scorecards</h2>
      {interviews.isPending && <Loading what="interviews" />}
      {interviews.isError && (
        <LoadFailed error={interviews.error} onRetry={() => void interviews.refetch()} />
      )}
      {interviews.data &&
        (interviews.data.items.length === 0 ? (
          <p className="muted">No interviews have been scheduled for this application.</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption>Interviews</caption>
              <TableHead columns={["Stage", "When", "Mode", "Interviewers", "Status"]} />
              <tbody>
                {interviews.data.items.map((interview) => (
                  <tr key={interview.id}>
                    <th scope="row">
                      <Link to={`/interviews/${interview.id}`}>{interview.stage.name}</Link>
                      {interview.stage.isBlind && <span className="cell-secondary">Blind review</span>}
                    </th>
                    <td>
                      <time dateTime={interview.scheduledAt}>{formatDateTime(interview.scheduledAt)}</time>
                      <span className="cell-secondary">{interview.durationMinutes} minutes</span>
                    </td>
                    <td>{stageModeLabels[interview.mode]}</td>
                    <td>
                      <ul className="bare-list">
                        {interview.interviewers.map((interviewer) => (
                          <li key={interviewer.id}>
                            {interviewer.name}{" "}
                            <span className="muted">
                              {interviewer.hasSubmitted ? "scorecard filed" : "no scorecard yet"}
                            </span>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>{interviewStatusLabels[interview.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {scorecards.isError &&
        (isForbidden(scorecards.error) ? (
          <p className="notice">{errorDetail(scorecards.error)}</p>
        ) : (
          <LoadFailed error={scorecards.error} onRetry={() => void scorecards.refetch()} />
        ))}
      {scorecards.data && scorecards.data.items.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption>Scorecards</caption>
            <TableHead
              columns={["Stage", "Interviewer", numeric("Score (1–4)"), "Recommendation", "Filed"]}
            />
            <tbody>
              {scorecards.data.items.map((scorecard) => (
                <tr key={scorecard.id}>
                  <th scope="row">{scorecard.stage.name}</th>
                  <td>{scorecard.interviewer.name}</td>
                  <td className="numeric">{scorecard.score.toFixed(2)}</td>
                  <td>{recommendationLabels[scorecard.recommendation]}</td>
                  <td>
                    <time dateTime={scorecard.submittedAt}>{formatDateTime(scorecard.submittedAt)}</time>
                    {scorecard.version > 1 && (
                      <span className="cell-secondary">
                        Amended (version {scorecard.version})
                        {scorecard.amendmentReason ? `: ${scorecard.amendmentReason}` : ""}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {scorecards.data &&
        scorecards.data.items.length === 0 &&
        interviews.data &&
        interviews.data.items.length > 0 && <p className="muted">No scorecards have been filed yet.</p>}
    </section>
  );
}
