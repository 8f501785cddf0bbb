import { type FormEvent, useState } from "react";
import { useParams } from "react-router";
import { Breadcrumb } from "../ui/Breadcrumb";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import { LoadFailed, Loading } from "../ui/QueryState";
import { retroPromptLabels, retroPrompts, useLiveRetroBoard } from "./team-practices";
import type { RetroBoard, RetroPrompt } from "./types";

type BoardChange = ReturnType<typeof useLiveRetroBoard>["change"];

/** One retro board, live: items, votes and actions from everyone appear without reloading. */
export function RetroBoardPage() {
  const boardId = useParams().boardId ?? "";
  const { board, stream, error, retry, change } = useLiveRetroBoard(boardId);

  if (error && !board) return <LoadFailed error={error} onRetry={retry} />;
  if (!board) return <Loading what="the board" />;
  return (
    <section aria-labelledby="board-heading" className="retro-board">
      <title>{`${board.sprint} retro – ${board.team.name} – Evident`}</title>
      <Breadcrumb to=".." relative="path">
        All retros
      </Breadcrumb>
      <h2 id="board-heading">{board.sprint} retro</h2>
      <p className="muted live-state" role="status">
        {stream === "live"
          ? "Live: changes by others appear here as they happen."
          : "Connecting for live changes…"}
      </p>
      {!board.canTakePart && (
        <p className="notice">You can read this board; only the team's members add items and vote.</p>
      )}
      <div className="retro-columns">
        {retroPrompts.map((prompt) => (
          <RetroColumn key={prompt} board={board} prompt={prompt} change={change} />
        ))}
      </div>
      <FormError error={change.error} />
      <ActionItems board={board} change={change} />
    </section>
  );
}

function RetroColumn({
  board,
  prompt,
  change,
}: {
  board: RetroBoard;
  prompt: RetroPrompt;
  change: BoardChange;
}) {
  const items = board.items.filter((item) => item.prompt === prompt);
  const [text, setText] = useState("");
  const id = `retro-new-${prompt}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate(
      { path: "/items", method: "POST", body: { prompt, text } },
      { onSuccess: () => setText("") },
    );
  }

  return (
    <section className={`retro-column retro-${prompt}`} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{retroPromptLabels[prompt]}</h3>
      {items.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ul className="retro-items" aria-label={retroPromptLabels[prompt]}>
          {items.map((item) => (
            <li key={item.id} className="retro-item">
              <p>{item.text}</p>
              <button
                type="button"
                className={item.hasMyVote ? "button vote-button" : "button button-secondary vote-button"}
                aria-pressed={item.hasMyVote}
                disabled={!board.canTakePart || change.isPending}
                onClick={() =>
                  change.mutate({ path: `/items/${item.id}/vote`, method: item.hasMyVote ? "DELETE" : "PUT" })
                }
              >
                <span aria-hidden="true">▲ </span>
                {item.votes}
                <span className="visually-hidden">
                  {item.votes === 1 ? " vote" : " votes"}
                  {item.hasMyVote ? ", yours included: withdraw your vote" : ": vote for this item"}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {board.canTakePart && (
        <form onSubmit={submit} className="retro-add">
          <label htmlFor={id} className="visually-hidden">
            Add to {retroPromptLabels[prompt]} (anonymous)
          </label>
          <textarea
            id={id}
            rows={2}
            maxLength={1000}
            placeholder="Add an anonymous item…"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <button
            type="submit"
            className="button button-secondary"
            disabled={change.isPending || text.trim() === ""}
          >
            Add
          </button>
        </form>
      )}
    </section>
  );
}

function ActionItems({ board, change }: { board: RetroBoard; change: BoardChange }) {
  const [text, setText] = useState("");
  const [ownerId, setOwnerId] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate(
      { path: "/actions", method: "POST", body: { text, ownerId } },
      {
        onSuccess: () => {
          setText("");
          setOwnerId("");
        },
      },
    );
  }

  return (
    <section aria-labelledby="actions-heading" className="panel retro-actions">
      <h3 id="actions-heading">Action items</h3>
      {board.actions.length === 0 ? (
        <p className="muted">No action items yet; open ones from earlier retros show here until closed.</p>
      ) : (
        <ul className="bare-list" aria-label="Action items">
          {board.actions.map((action) => (
            <li
              key={action.id}
              className={
                action.isClosed ? "retro-action checkbox-field is-closed" : "retro-action checkbox-field"
              }
            >
              <input
                id={`action-${action.id}`}
                type="checkbox"
                checked={action.isClosed}
                disabled={!board.canTakePart || change.isPending}
                onChange={(event) =>
                  change.mutate({
                    path: `/actions/${action.id}`,
                    method: "PATCH",
                    body: { isClosed: event.target.checked },
                  })
                }
              />
              <div>
                <label htmlFor={`action-${action.id}`}>{action.text}</label>
                <p className="muted retro-action-meta">
                  Owner: {action.owner.name}
                  {action.isCarriedOver ? `, carried over from ${action.raisedOn}` : ""}
                  {action.isClosed ? ", done" : ""}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      {board.canTakePart && (
        <form className="form action-form" onSubmit={submit} aria-label="Add an action item">
          <Field id="action-text" label="Action" error={fieldMessage(change.error, "text")}>
            {(control) => (
              <input
                {...control}
                type="text"
                maxLength={500}
                required
                value={text}
                onChange={(event) => setText(event.target.value)}
              />
            )}
          </Field>
          <Field id="action-owner" label="Owner" error={fieldMessage(change.error, "ownerId")}>
            {(control) => (
              <select
                {...control}
                required
                value={ownerId}
                onChange={(event) => setOwnerId(event.target.value)}
              >
                <option value="">Choose a member…</option>
                {board.members.map((member) => (
                  <option key={member.id} value={member.id}>
                    {member.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button" disabled={change.isPending}>
              Add action
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
