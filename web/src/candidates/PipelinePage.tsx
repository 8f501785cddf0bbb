import {
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { isForbidden, isNotFound } from "../api/client";
import type { ApplicationDetail, ApplicationSummary, PipelineSignal, PlanStage } from "../api/schema";
import { useCanManagePlans, usePlan } from "../plans/plans";
import { stageTypeLabels } from "../plans/stages";
import { describeWorkModel, useRole } from "../roles/roles";
import { Breadcrumb } from "../ui/Breadcrumb";
import { FormError } from "../ui/FormError";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { ApplicationActions } from "./ApplicationActions";
import { type ApplicationAction, useActiveApplicationsOfRole } from "./candidates";
import { daysSince, describeDays, nameOf, rejectionReasonLabels } from "./labels";
import { NoAccess } from "./NoAccess";
import { columnKeyboardCoordinates, useBoardMove, usePipelineSignals } from "./pipeline-board";
import { StageCountChart } from "./StageCountChart";

export function PipelinePage() {
  const { roleId = "" } = useParams();
  const canSee = useCanManagePlans();
  const role = useRole(roleId);
  const plan = usePlan(roleId, canSee);
  const applications = useActiveApplicationsOfRole(roleId, canSee);
  const signals = usePipelineSignals(roleId, canSee);
  const forbidden = !canSee || isForbidden(plan.error) || isForbidden(applications.error);

  return (
    <article className="page pipeline-page">
      <title>{`Pipeline${role.data ? ` – ${role.data.title}` : ""} – Evident`}</title>
      <Breadcrumb to={`/roles/${roleId}`}>{role.data ? role.data.title : "Role"}</Breadcrumb>
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
            ) : applications.data.items.length === 0 ? (
              <EmptyRole roleId={roleId} />
            ) : (
              <Board
                signals={signals.data?.items ?? []}
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

function EmptyRole({ roleId }: { roleId: string }) {
  return (
    <section className="empty-state pipeline-empty-role" aria-labelledby="empty-role-heading">
      <h2 id="empty-role-heading">No one is in this pipeline yet</h2>
      <p>
        Add candidates one by one or import a CSV file; each application starts in the first stage of the
        hiring plan, and you move it on from here.
      </p>
      <p className="form-actions">
        <Link to={`/candidates/new?roleId=${encodeURIComponent(roleId)}`} className="button">
          Add the first candidate
        </Link>
        <Link to="/candidates/import" className="button button-secondary">
          Import CSV
        </Link>
      </p>
      <p className="muted">
        Closed applications are not on the board:{" "}
        <Link to={`/candidates?roleId=${encodeURIComponent(roleId)}&status=rejected`}>
          see the rejected ones
        </Link>
        .
      </p>
    </section>
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

/** The last move made on the board, which Undo takes back. */
interface LastMove {
  applicationId: string;
  name: string;
  fromStage: { id: string; name: string };
  toStageName: string;
}

function Board({
  roleId,
  stages,
  applications,
  complete,
  signals,
}: {
  roleId: string;
  stages: PlanStage[];
  applications: ApplicationSummary[];
  complete: boolean;
  signals: PipelineSignal[];
}) {
  const [announcement, setAnnouncement] = useState("");
  const [lastMove, setLastMove] = useState<LastMove | null>(null);
  // After a move the card re-renders in another column; focus follows it there.
  const [focusApplicationId, setFocusApplicationId] = useState<string | null>(null);
  const boardRef = useRef<HTMLElement>(null);
  const boardMove = useBoardMove();
  const sensors = useSensors(
    // A few pixels of travel before a drag starts, so a click on the card's links still clicks.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeyboardCoordinates }),
  );
  const columns = stages.map((stage) => ({
    stage,
    applications: applications.filter((application) => application.currentStage?.id === stage.id),
  }));
  const stageRefs = stages.map(({ id, name, type }) => ({ id, name, type }));
  const signalOf = new Map(signals.map((signal) => [signal.applicationId, signal]));

  function moved(before: ApplicationSummary, updated: ApplicationDetail) {
    const from = before.currentStage;
    setAnnouncement("");
    if (from) {
      setLastMove({
        applicationId: updated.id,
        name: nameOf(updated.candidate),
        fromStage: { id: from.id, name: from.name },
        toStageName: updated.currentStage?.name ?? "another stage",
      });
    }
    setFocusApplicationId(updated.id);
  }

  function done(before: ApplicationSummary, updated: ApplicationDetail, action: ApplicationAction) {
    if (action.kind === "move") {
      moved(before, updated);
      return;
    }
    setLastMove(null);
    setAnnouncement(describeOutcome(updated, action));
    boardRef.current?.focus();
  }

  function dragEnd(event: DragEndEvent) {
    const application = applications.find((candidate) => candidate.id === event.active.id);
    const stageId = event.over ? String(event.over.id) : null;
    if (!application || !stageId || stageId === application.currentStage?.id) return;
    boardMove.mutate(
      { applicationId: application.id, stageId },
      { onSuccess: (updated) => moved(application, updated) },
    );
  }

  function undo(move: LastMove) {
    boardMove.mutate(
      { applicationId: move.applicationId, stageId: move.fromStage.id, undo: true },
      {
        onSuccess: (updated) => {
          setLastMove(null);
          setAnnouncement(`Move undone: ${move.name} is back in ${move.fromStage.name}.`);
          setFocusApplicationId(updated.id);
        },
      },
    );
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
      <div className="pipeline-feedback" role="status">
        {lastMove ? (
          <p className="move-confirmation">
            <span>
              {lastMove.name} moved to {lastMove.toStageName}.
            </span>{" "}
            <span className="muted">From {lastMove.fromStage.name}.</span>{" "}
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={boardMove.isPending}
              onClick={() => undo(lastMove)}
            >
              Undo <span className="visually-hidden">the move of {lastMove.name}</span>
            </button>
          </p>
        ) : (
          announcement && <p className="move-confirmation">{announcement}</p>
        )}
      </div>
      <FormError error={boardMove.error} />
      <h2 id="pipeline-board-heading">Board</h2>
      <p className="muted pipeline-hint">
        Drag a card by its handle to another stage, or focus the handle and press Space, an arrow key and
        Space again; the Move controls on each card do the same.
      </p>
      <DndContext
        sensors={sensors}
        collisionDetection={columnUnderPointer}
        onDragEnd={dragEnd}
        accessibility={{
          announcements: {
            onDragStart: ({ active }) => `Picked up ${labelOf(applications, active.id)}.`,
            // dnd-kit announces the column under the card right after the pick-up, which replaces
            // "Picked up"; naming the card's own stage as such keeps the start of the drag audible.
            onDragOver: ({ active, over }) => {
              if (!over) return `${labelOf(applications, active.id)} is over no stage.`;
              const ownStage = applications.find((application) => application.id === active.id)?.currentStage
                ?.id;
              return over.id === ownStage
                ? `${labelOf(applications, active.id)} is over ${stageName(stages, over.id)}, its current stage.`
                : `${labelOf(applications, active.id)} is over ${stageName(stages, over.id)}.`;
            },
            onDragEnd: ({ active, over }) =>
              over
                ? `${labelOf(applications, active.id)} dropped in ${stageName(stages, over.id)}.`
                : `${labelOf(applications, active.id)} was put back.`,
            onDragCancel: ({ active }) => `Moving ${labelOf(applications, active.id)} was cancelled.`,
          },
          screenReaderInstructions: {
            draggable:
              "To move this candidate, press Space, then the arrow keys to choose a stage, and Space again to drop, or Escape to cancel.",
          },
        }}
      >
        <section
          className="pipeline-board"
          ref={boardRef}
          tabIndex={-1}
          aria-labelledby="pipeline-board-heading"
        >
          <ol className="pipeline-columns">
            {columns.map((column, index) => (
              <StageColumn
                key={column.stage.id}
                stage={column.stage}
                position={index + 1}
                count={column.applications.length}
              >
                {column.applications.length === 0 ? (
                  <p className="pipeline-empty">No one in this stage.</p>
                ) : (
                  <ul className="pipeline-cards">
                    {column.applications.map((application) => (
                      <PipelineCard
                        key={application.id}
                        application={application}
                        signal={signalOf.get(application.id)}
                        stages={stageRefs}
                        focusOnMount={focusApplicationId === application.id}
                        onDone={(updated, action) => done(application, updated, action)}
                      />
                    ))}
                  </ul>
                )}
              </StageColumn>
            ))}
          </ol>
        </section>
      </DndContext>
    </>
  );
}

/**
 * With a pointer, the column under the pointer is where the card goes, however the card overlaps
 * its neighbours; the keyboard sensor has no pointer and centres the card in a column instead.
 */
const columnUnderPointer: CollisionDetection = (args) => {
  const underPointer = pointerWithin(args);
  return underPointer.length > 0 ? underPointer : rectIntersection(args);
};

function labelOf(applications: ApplicationSummary[], id: string | number): string {
  const application = applications.find((candidate) => candidate.id === id);
  return application ? nameOf(application.candidate) : "The candidate";
}

function stageName(stages: PlanStage[], id: string | number): string {
  return stages.find((stage) => stage.id === id)?.name ?? "a stage";
}

/** A stage's column, where a dragged card can be dropped. */
function StageColumn({
  stage,
  position,
  count,
  children,
}: {
  stage: PlanStage;
  position: number;
  count: number;
  children: ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: stage.id });
  return (
    <li ref={setNodeRef} className={isOver ? "pipeline-column pipeline-column-over" : "pipeline-column"}>
      <section aria-labelledby={`column-${stage.id}`}>
        <h3 id={`column-${stage.id}`} className="pipeline-column-heading">
          <span className="pipeline-column-name">
            <span className="visually-hidden">Stage {position}: </span>
            {stage.name}
          </span>
          <span className="pipeline-count">
            {count}
            <span className="visually-hidden"> active</span>
          </span>
        </h3>
        <p className="pipeline-column-type">{stageTypeLabels[stage.type]}</p>
        {children}
      </section>
    </li>
  );
}

function describeChallenge(challenge: NonNullable<PipelineSignal["challenge"]>): string {
  if (challenge.status === "queued" || challenge.status === "grading") return "Challenge: being graded";
  if (challenge.status === "failed") return "Challenge: grading failed";
  if (challenge.score === null || challenge.maxScore === null) return "Challenge: graded";
  return `Challenge: ${challenge.score} of ${challenge.maxScore} points`;
}

function CardSignals({ signal }: { signal: PipelineSignal | undefined }) {
  if (!signal) return null;
  const lines: string[] = [];
  if (signal.latestStageScore) {
    const { stageName: name, score, raters } = signal.latestStageScore;
    lines.push(`${name}: ${score.toFixed(1)} of 4 (${raters} ${raters === 1 ? "rater" : "raters"})`);
  } else if (signal.scoreHidden) {
    lines.push("Scores hidden until you file your scorecard");
  }
  if (signal.challenge) lines.push(describeChallenge(signal.challenge));
  if (lines.length === 0 && !signal.nextInterview) return null;
  // Paragraphs, not a list: a card is already a list item of its column.
  return (
    <div className="pipeline-card-signals">
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {signal.nextInterview && (
        <p>
          Next: <Link to={`/interviews/${signal.nextInterview.id}`}>{signal.nextInterview.stageName}</Link>,{" "}
          <time dateTime={signal.nextInterview.scheduledAt}>
            {formatDateTime(signal.nextInterview.scheduledAt)}
          </time>
        </p>
      )}
    </div>
  );
}

function PipelineCard({
  application,
  signal,
  stages,
  focusOnMount,
  onDone,
}: {
  application: ApplicationSummary;
  signal: PipelineSignal | undefined;
  stages: { id: string; name: string; type: PlanStage["type"] }[];
  focusOnMount: boolean;
  onDone: (updated: ApplicationDetail, action: ApplicationAction) => void;
}) {
  const linkRef = useRef<HTMLAnchorElement>(null);
  const days = daysSince(application.updatedAt);
  const name = nameOf(application.candidate);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, isDragging } = useDraggable({
    id: application.id,
  });
  useEffect(() => {
    if (focusOnMount) linkRef.current?.focus();
  }, [focusOnMount]);

  return (
    <li
      ref={setNodeRef}
      className={isDragging ? "pipeline-card pipeline-card-dragging" : "pipeline-card"}
      style={transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined}
    >
      <div className="pipeline-card-top">
        <h4 className="pipeline-card-name">
          <Link ref={linkRef} to={`/applications/${application.id}`}>
            {name}
          </Link>
        </h4>
        <button
          type="button"
          ref={setActivatorNodeRef}
          className="drag-handle"
          {...attributes}
          {...listeners}
          aria-label={`Drag ${name} to another stage`}
        >
          <span aria-hidden="true">⠿</span>
        </button>
      </div>
      <p className="pipeline-card-days">
        {days === 0 ? "Entered this stage today" : `${describeDays(days)} in this stage`}
      </p>
      <CardSignals signal={signal} />
      <ApplicationActions application={application} stages={stages} onDone={onDone} />
    </li>
  );
}
