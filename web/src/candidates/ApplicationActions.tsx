import { type FormEvent, useId, useState } from "react";
import type { ApplicationDetail, ApplicationSummary, StageRef } from "../api/schema";
import { FormError } from "../ui/FormError";
import { ApplicationNoteField } from "./ApplicationNoteField";
import { type ApplicationAction, useApplicationAction } from "./candidates";
import { applicationStatusLabels, nameOf } from "./labels";
import { RejectApplicationDialog } from "./RejectApplicationDialog";

type Panel = "none" | "reject" | "withdraw";

/** The stage after the current one, which is where a candidate usually goes next. */
function nextStageId(stages: readonly StageRef[], currentId: string | undefined): string {
  const index = stages.findIndex((stage) => stage.id === currentId);
  const next = stages[index + 1] ?? stages.find((stage) => stage.id !== currentId);
  return next?.id ?? "";
}

/**
 * Move, reject (in RejectApplicationDialog, with the candidate's email), withdraw and reopen, all with ordinary selects and buttons so the board works
 * from the keyboard. `withNotes` adds a note to moves (the detail page has the room for it).
 */
export function ApplicationActions({
  application,
  stages,
  withNotes = false,
  onDone,
}: {
  application: ApplicationSummary;
  stages: readonly StageRef[];
  withNotes?: boolean;
  onDone?: (application: ApplicationDetail, action: ApplicationAction) => void;
}) {
  const act = useApplicationAction(application.id);
  const [panel, setPanel] = useState<Panel>("none");
  const [stageId, setStageId] = useState(() => nextStageId(stages, application.currentStage?.id));
  const [moveNote, setMoveNote] = useState("");
  const [note, setNote] = useState("");
  const id = useId();
  const name = nameOf(application.candidate);
  const targets = stages.filter((stage) => stage.id !== application.currentStage?.id);
  const chosenStageId = targets.some((stage) => stage.id === stageId)
    ? stageId
    : nextStageId(stages, application.currentStage?.id);

  function perform(action: ApplicationAction) {
    act.mutate(action, {
      onSuccess: (updated) => {
        setPanel("none");
        setNote("");
        setMoveNote("");
        onDone?.(updated, action);
      },
    });
  }

  function move(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!chosenStageId) return;
    perform({ kind: "move", stageId: chosenStageId, ...(moveNote.trim() ? { note: moveNote.trim() } : {}) });
  }

  function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = note.trim();
    if (panel === "withdraw") perform({ kind: "withdraw", ...(trimmed ? { note: trimmed } : {}) });
  }

  if (application.status === "hired") {
    return <p className="muted">Hired: a hire is final.</p>;
  }

  if (application.status !== "active") {
    return (
      <div className="application-actions">
        <p className="muted">
          {applicationStatusLabels[application.status]}. Reopening puts the application back in{" "}
          {application.currentStage ? `“${application.currentStage.name}”` : "its stage"}.
        </p>
        <FormError error={act.error} />
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={act.isPending}
          onClick={() => perform({ kind: "reopen" })}
        >
          Reopen <span className="visually-hidden">the application of {name}</span>
        </button>
      </div>
    );
  }

  return (
    <div className="application-actions">
      {targets.length > 0 && (
        <form className="move-form" onSubmit={move}>
          <div className="field">
            <label htmlFor={`${id}-stage`}>
              Move <span className="visually-hidden">{name} </span>to
            </label>
            <div className="move-controls">
              <select
                id={`${id}-stage`}
                value={chosenStageId}
                onChange={(event) => setStageId(event.target.value)}
              >
                {targets.map((stage) => (
                  <option key={stage.id} value={stage.id}>
                    {stage.name}
                  </option>
                ))}
              </select>
              {!withNotes && (
                <button type="submit" className="button button-small" disabled={act.isPending}>
                  Move <span className="visually-hidden">{name}</span>
                </button>
              )}
            </div>
          </div>
          {withNotes && (
            <>
              <ApplicationNoteField
                id={`${id}-move-note`}
                label="Note on the move"
                value={moveNote}
                onChange={setMoveNote}
              />
              <button type="submit" className="button" disabled={act.isPending}>
                Move <span className="visually-hidden">{name}</span>
              </button>
            </>
          )}
        </form>
      )}
      <RejectApplicationDialog
        application={application}
        open={panel === "reject"}
        onClose={() => setPanel("none")}
        onDone={onDone}
      />
      {panel !== "withdraw" ? (
        <div className="status-buttons">
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => setPanel("reject")}
          >
            Reject <span className="visually-hidden">{name}</span>
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => setPanel("withdraw")}
          >
            Withdraw <span className="visually-hidden">{name}</span>
          </button>
        </div>
      ) : (
        <form className="status-form" onSubmit={confirm} aria-label={`Withdraw ${name}`}>
          <p className="hint">
            Record that {name} withdrew from this role. Interviews still to come are cancelled; {name} and the
            interviewers are told.
          </p>
          <ApplicationNoteField id={`${id}-note`} label="Note" value={note} onChange={setNote} />
          <div className="form-actions">
            <button type="submit" className="button button-small" disabled={act.isPending}>
              Confirm withdrawal
            </button>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => {
                setPanel("none");
                act.reset();
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
      <FormError error={act.error} />
    </div>
  );
}
