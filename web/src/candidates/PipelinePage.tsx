import { useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { isForbidden, isNotFound } from "../api/client";
import type { ApplicationDetail, ApplicationSummary, PlanStage } from "../api/schema";
import { useCanManagePlans, usePlan } from "../plans/plans";
import { stageTypeLabels } from "../plans/stages";
import { describeWorkModel, useRole } from "../roles/roles";
import { LoadFailed, Loading } from "../ui/QueryState";
import { ApplicationActions } from "./ApplicationActions";
import { type ApplicationAction, useActiveApplicationsOfRole } from "./candidates";
import { daysSince, describeDays, nameOf, rejectionReasonLabels } from "./labels";
import { NoAccess } from "./NoAccess";
import { StageCountChart } from "./StageCountChart";

export function PipelinePage() {
  const { roleId = "" } = useParams();
  const canSee = useCanManagePlans();
  const role = useRole(roleId);
  const plan = usePlan(roleId, canSee);
  const applications = useActiveApplicationsOfRole(roleId, canSee);
  const forbidden = !canSee || isForbidden(plan.error) || isForbidden(applications.error);

  return (
    <article className="page pipeline-page">
      <title>{`Pipeline${role.data ? ` – ${role.data.title}` : ""} – Evident`}</title>
      <p className="breadcrumb">
        <Link to={`/roles/${roleId}`}>{role.data ? role.data.title : "Role"}</Link>
      </p>
      <div className="page-heading">
        <div>
          <h1>Pipeline</h1>
          {role.data && (
            <p className="muted role-subtitle">
              {role.data.title} · {describeWorkModel(role.data.workModel, role.data.onsiteDaysPerWeek)}
            </p>
          )}
        </div>
        {!forbidden && (
          <div className="form-actions">
            <Link to={`/candidates/new?roleId=${encodeURIComponent(roleId)}`} className="button">
              Add candidate
            </Link>
            <Link to="/candidates/import" className="button button-secondary">
              Import CSV
            </Link>
            <Link to={`/roles/${roleId}/plan`} className="button button-secondary">
              Edit hiring plan
            </Link>
          </div>
        )}
      </div>
      {forbidden ? (
        <NoAccess what="the pipeline of a role" />
      ) : (
        <>
          {(plan.isPending || applications.isPending) && <Loading what="the pipeline" />}
          {plan.isError &&
            (isNotFound(plan.error) ? (
              <p className="notice">There is no such role in this organisation.</p>
            ) : (
              <LoadFailed error={plan.error} onRetry={() => void plan.refetch()} />
            ))}
          {applications.isError && !isNotFound(plan.error) && (
            <LoadFailed error={applications.error} onRetry={() => void applications.refetch()} />
          )}
          {plan.data &&
            applications.data &&
            (plan.data.stages.length === 0 ? (
              <div className="empty-state">
                <p>This role has no hiring plan yet, so there is no pipeline.</p>
                <p>
                  <Link to={`/roles/${roleId}/plan`}>Create the hiring plan</Link> from the template for the
                  role's work model.
                </p>
              </div>
            ) : (
              <Board
                roleId={roleId}
                stages={[...plan.data.stages].sort((a, b) => a.position - b.position)}
                applications={applications.data.items}
                complete={applications.data.complete}
              />
            ))}
        </>
      )}
    </article>
  );
}

function describeOutcome(updated: ApplicationDetail, action: ApplicationAction): string {
  const name = nameOf(updated.candidate);
  switch (action.kind) {
    case "move":
      return `${name} moved to ${updated.currentStage?.name ?? "another stage"}.`;
    case "reject":
      return `${name} rejected: ${rejectionReasonLabels[action.reason]}.`;
    case "withdraw":
      return `${name} withdrew.`;
    case "reopen":
      return `${name} reopened.`;
  }
}

function Board({
  roleId,
  stages,
  applications,
  complete,
}: {
  roleId: string;
  stages: PlanStage[];
  applications: ApplicationSummary[];
  complete: boolean;
}) {
  const [announcement, setAnnouncement] = useState("");
  // After a move the card re-renders in another column; focus follows it there.
  const [focusApplicationId, setFocusApplicationId] = useState<string | null>(null);
  const boardRef = useRef<HTMLElement>(null);
  const columns = stages.map((stage) => ({
    stage,
    applications: applications.filter((application) => application.currentStage?.id === stage.id),
  }));
  const stageRefs = stages.map(({ id, name, type }) => ({ id, name, type }));

  function done(updated: ApplicationDetail, action: ApplicationAction) {
    setAnnouncement(describeOutcome(updated, action));
    if (action.kind === "move") setFocusApplicationId(updated.id);
    else boardRef.current?.focus();
  }

  return (
    <>
      <section aria-labelledby="pipeline-chart-heading" className="panel pipeline-chart">
        <h2 id="pipeline-chart-heading" className="panel-heading">
          Where the active candidates are
        </h2>
        <StageCountChart
          columns={columns.map((column) => ({
            id: column.stage.id,
            name: column.stage.name,
            count: column.applications.length,
          }))}
        />
        <p className="muted">
          Rejected, withdrawn and hired applications are not on the board:{" "}
          <Link to={`/candidates?roleId=${encodeURIComponent(roleId)}&status=rejected`}>
            see the rejected ones
          </Link>
          .
        </p>
      </section>
      {!complete && (
        <p className="notice">
          This role has more active applications than the board shows; narrow them down in Candidates.
        </p>
      )}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <h2 id="pipeline-board-heading">Board</h2>
      <section
        className="pipeline-board"
        ref={boardRef}
        tabIndex={-1}
        aria-labelledby="pipeline-board-heading"
      >
        <ol className="pipeline-columns">
          {columns.map((column, index) => (
            <li key={column.stage.id} className="pipeline-column">
              <section aria-labelledby={`column-${column.stage.id}`}>
                <h3 id={`column-${column.stage.id}`} className="pipeline-column-heading">
                  <span className="pipeline-column-name">
                    <span className="visually-hidden">Stage {index + 1}: </span>
                    {column.stage.name}
                  </span>
                  <span className="pipeline-count">
                    {column.applications.length}
                    <span className="visually-hidden"> active</span>
                  </span>
                </h3>
                <p className="pipeline-column-type">{stageTypeLabels[column.stage.type]}</p>
                {column.applications.length === 0 ? (
                  <p className="pipeline-empty">No one in this stage.</p>
                ) : (
                  <ul className="pipeline-cards">
                    {column.applications.map((application) => (
                      <PipelineCard
                        key={application.id}
                        application={application}
                        stages={stageRefs}
                        focusOnMount={focusApplicationId === application.id}
                        onDone={done}
                      />
                    ))}
                  </ul>
                )}
              </section>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function PipelineCard({
  application,
  stages,
  focusOnMount,
  onDone,
}: {
  application: ApplicationSummary;
  stages: { id: string; name: string; type: PlanStage["type"] }[];
  focusOnMount: boolean;
  onDone: (updated: ApplicationDetail, action: ApplicationAction) => void;
}) {
  const linkRef = useRef<HTMLAnchorElement>(null);
  const days = daysSince(application.updatedAt);
  useEffect(() => {
    if (focusOnMount) linkRef.current?.focus();
  }, [focusOnMount]);

  return (
    <li className="pipeline-card">
      <h4 className="pipeline-card-name">
        <Link ref={linkRef} to={`/applications/${application.id}`}>
          {nameOf(application.candidate)}
        </Link>
      </h4>
      <p className="pipeline-card-days">
        {days === 0 ? "Entered this stage today" : `${describeDays(days)} in this stage`}
      </p>
      <ApplicationActions application={application} stages={stages} onDone={onDone} />
    </li>
  );
}
