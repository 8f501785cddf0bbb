import { useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/client";
import type { DecisionRecord, DecisionSummary, Interview } from "../api/schema";
import { DraftEmailPanel } from "../emails/DraftEmailPanel";
import { useApplicationEmails } from "../emails/emails";
import { candidateLabel, useApplicationInterviews } from "../interviews/interviews";
import { Breadcrumb } from "../ui/Breadcrumb";
import { DecisionHistory } from "../ui/Decisions";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { numeric, TableHead } from "../ui/TableHead";
import { DecisionChart } from "./DecisionChart";
import { useDecisionEvidence } from "./decision-evidence";
import { formatScore, formatWeight, outcomeLabels, useCanDecide, useDecisionSummary } from "./decisions";
import { EvidenceGrids } from "./EvidenceGrids";
import { IntegrityFlags } from "./IntegrityFlags";
import { RecordDecisionForm } from "./RecordDecisionForm";

const applicationStatusLabels: Record<DecisionSummary["applicationStatus"], string> = {
  active: "Active",
  hired: "Hired",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
};

export function DecisionPage() {
  const { applicationId = "" } = useParams();
  const summary = useDecisionSummary(applicationId);
  const interviews = useApplicationInterviews(applicationId);
  const first = interviews.data?.items[0];

  return (
    <article className="page decision-page">
      <title>
        {first ? `Hiring decision – ${candidateLabel(first)} – Evident` : "Hiring decision – Evident"}
      </title>
      <Breadcrumb to="/interviews">Interviews</Breadcrumb>
      <h1>Hiring decision</h1>
      {first && (
        <p className="muted role-subtitle">
          {candidateLabel(first)}
          {first.candidate.isRedacted && <span className="blind-badge">Blind review</span>} ·{" "}
          {first.role.title}
        </p>
      )}
      {summary.isPending && <Loading what="the decision summary" />}
      {summary.isError &&
        (summary.error instanceof ApiError && [400, 403, 404].includes(summary.error.status) ? (
          <div className="notice" role="alert">
            <p>{summary.error.detail}</p>
          </div>
        ) : (
          <LoadFailed error={summary.error} onRetry={() => void summary.refetch()} />
        ))}
      {summary.data && <DecisionEvidenceSection applicationId={applicationId} />}
      {summary.data && <DecisionDetails summary={summary.data} applicationId={applicationId} />}
      {summary.data && interviews.data && interviews.data.items.length > 0 && (
        <ApplicationInterviews interviews={interviews.data.items} />
      )}
    </article>
  );
}

/** The evidence above the formula: every scorecard per attribute, and the integrity flags. */
function DecisionEvidenceSection({ applicationId }: { applicationId: string }) {
  const evidence = useDecisionEvidence(applicationId);
  if (evidence.isPending)
    return <Loading what="the scorecards, observation forms, reviews and integrity flags" />;
  if (evidence.isError) return <LoadFailed error={evidence.error} onRetry={() => void evidence.refetch()} />;
  return (
    <>
      <IntegrityFlags flags={evidence.data.integrityFlags} />
      <EvidenceGrids grids={evidence.data.grids} />
    </>
  );
}

function DecisionDetails({ summary, applicationId }: { summary: DecisionSummary; applicationId: string }) {
  const canDecide = useCanDecide();
  const [recorded, setRecorded] = useState("");
  const scoredWeight = summary.components.reduce(
    (total, component) => total + (component.score === null ? 0 : component.weight),
    0,
  );

  return (
    <>
      <p className="lead">
        Scores are combined by a fixed weighted formula, not a debrief vote: each stage's score is the mean of
        its raters' latest scorecards (for a trial day its observers' filed forms, for an async exercise its
        reviewers' filed reviews), and the formula score is the weighted mean of the stages with scores. A
        decision that departs from it needs a recorded reason.
      </p>
      <p>
        Application status: <strong>{applicationStatusLabels[summary.applicationStatus]}</strong>
      </p>

      <FormulaVerdict summary={summary} />

      <div className="decision-grid">
        <div className="table-scroll">
          <table className="components-table">
            <caption>Components of the formula</caption>
            <TableHead
              columns={[
                "Stage",
                numeric("Weight used"),
                numeric("Score (1–4)"),
                numeric("Raters"),
                numeric("Contribution"),
              ]}
            />
            <tbody>
              {summary.components.map((component) => {
                const short = component.raters < component.requiredRaters;
                return (
                  <tr key={component.stageId}>
                    <th scope="row">{component.stageName}</th>
                    <td className="numeric">
                      {/* The formula rescales the plan's weights over the stages that have a score. */}
                      {component.score === null || scoredWeight === 0
                        ? "Not counted yet"
                        : formatWeight(component.weight / scoredWeight)}
                      {component.score !== null && scoredWeight > 0 && scoredWeight !== 1 && (
                        <span className="muted plan-weight"> (plan {formatWeight(component.weight)})</span>
                      )}
                      {(component.score === null || scoredWeight === 0) && (
                        <span className="muted plan-weight"> (plan {formatWeight(component.weight)})</span>
                      )}
                    </td>
                    <td className="numeric">
                      {component.score === null ? "None yet" : formatScore(component.score)}
                    </td>
                    <td className={short ? "numeric raters-short" : "numeric"}>
                      {component.raters} of {component.requiredRaters} required
                      {short && <span className="visually-hidden"> (too few)</span>}
                    </td>
                    <td className="numeric">
                      {component.score === null || scoredWeight === 0
                        ? "—"
                        : formatScore((component.weight * component.score) / scoredWeight)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Formula score</th>
                <td />
                <td className="numeric">
                  {summary.formulaScore === null ? "None yet" : formatScore(summary.formulaScore)}
                </td>
                <td />
                <td className="numeric">threshold {formatScore(summary.threshold)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        {summary.components.length > 0 && (
          <DecisionChart
            components={summary.components}
            formulaScore={summary.formulaScore}
            threshold={summary.threshold}
            formulaOutcome={summary.formulaOutcome}
            caption="Each bar is a stage's weighted contribution; together they make the formula score, shown against the hire threshold. Stages without a score are left out and the other weights rescaled."
          />
        )}
      </div>

      {canDecide && summary.applicationStatus === "active" && (
        <RecordDecisionForm applicationId={applicationId} summary={summary} onRecorded={setRecorded} />
      )}
      <p role="status" className="form-success decision-recorded">
        {recorded}
      </p>
      {canDecide && summary.applicationStatus !== "active" && (
        <p className="notice">
          The application is {applicationStatusLabels[summary.applicationStatus].toLowerCase()}; a decision is
          recorded once, on an active application.
        </p>
      )}
      <DecisionEmail applicationId={applicationId} canSend={canDecide} />
      <HiringDecisionHistory decisions={summary.decisions} />
    </>
  );
}

/** The candidate's email about the latest decision: drafted when it was recorded, sent by a person. */
function DecisionEmail({ applicationId, canSend }: { applicationId: string; canSend: boolean }) {
  const emails = useApplicationEmails(applicationId);
  if (emails.isPending) return <Loading what="the email to the candidate" />;
  if (emails.isError) return <LoadFailed error={emails.error} onRetry={() => void emails.refetch()} />;
  const latest = emails.data.items.find((email) => email.purpose === "decision");
  if (!latest) return null;
  return <DraftEmailPanel key={latest.id} draft={latest} heading="Email to the candidate" canAct={canSend} />;
}

function FormulaVerdict({ summary }: { summary: DecisionSummary }) {
  const { formulaOutcome, formulaScore, threshold } = summary;
  let explanation: string;
  if (formulaOutcome === "incomplete") {
    explanation =
      summary.components.length === 0
        ? "The role's plan has no weighted stage, so the formula has nothing to combine."
        : "A weighted stage has fewer raters than it requires, so the evidence is not complete yet.";
  } else if (formulaOutcome === "hire") {
    explanation = `The formula score ${formatScore(formulaScore ?? 0)} is at or above the threshold of ${formatScore(threshold)}.`;
  } else {
    explanation = `The formula score ${formatScore(formulaScore ?? 0)} is below the threshold of ${formatScore(threshold)}.`;
  }
  return (
    <section
      aria-labelledby="formula-outcome-heading"
      className={`formula-verdict formula-verdict-${formulaOutcome}`}
    >
      <h2 id="formula-outcome-heading">The formula says</h2>
      <p className="formula-outcome">{outcomeLabels[formulaOutcome]}</p>
      <p>{explanation}</p>
    </section>
  );
}

function HiringDecisionHistory({ decisions }: { decisions: DecisionRecord[] }) {
  return (
    <DecisionHistory
      headingId="hiring-decision-history-heading"
      emptyText="No decision has been recorded for this application yet."
      badges={{ departed: "Departed from the formula", followed: "Followed the formula" }}
      decisions={decisions.map((decision) => ({
        id: decision.id,
        decided: outcomeLabels[decision.outcome],
        departed: decision.isOverride,
        details: (
          <>
            Decided by {decision.decidedBy.name} ({decision.decidedBy.email}) on{" "}
            <time dateTime={decision.decidedAt}>{formatDateTime(decision.decidedAt)}</time>. The formula said{" "}
            {outcomeLabels[decision.formulaOutcome].toLowerCase()}
            {decision.formulaScore === null
              ? ""
              : ` (${formatScore(decision.formulaScore)} against a threshold of ${formatScore(decision.threshold)})`}
            .
          </>
        ),
        overrideReason: decision.overrideReason,
      }))}
    />
  );
}

function ApplicationInterviews({ interviews }: { interviews: Interview[] }) {
  return (
    <section aria-labelledby="application-interviews-heading">
      <h2 id="application-interviews-heading">Interviews</h2>
      <ul className="plain-list">
        {interviews.map((interview) => {
          const filed = interview.interviewers.filter((interviewer) => interviewer.hasSubmitted).length;
          return (
            <li key={interview.id}>
              <Link to={`/interviews/${interview.id}`}>{interview.stage.name}</Link>{" "}
              <span className="muted">
                · <time dateTime={interview.scheduledAt}>{formatDateTime(interview.scheduledAt)}</time> ·{" "}
                {interview.status === "cancelled"
                  ? "cancelled"
                  : `${filed} of ${interview.interviewers.length} scorecards filed`}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
