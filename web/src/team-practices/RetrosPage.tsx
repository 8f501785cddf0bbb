import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { TextField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import { LoadFailed, Loading } from "../ui/QueryState";
import { useCreateRetroBoard, useRetroBoards } from "./team-practices";
import type { PracticeTeam } from "./types";

/** The team's retro boards, newest first, and a form to open the next sprint's board. */
export function RetrosPage({ team }: { team: PracticeTeam }) {
  const boards = useRetroBoards(team.id);
  return (
    <section aria-labelledby="retros-heading">
      <title>{`Retros – ${team.name} – Evident`}</title>
      <h2 id="retros-heading">Retros</h2>
      <p className="hint">
        One board per sprint. Items are anonymous: Evident does not store who wrote them, so nobody can find
        out, admins included. Action items stay on the next boards until someone closes them.
      </p>
      {team.isMember && <NewBoardForm teamId={team.id} />}
      {boards.isPending && <Loading what="retro boards" />}
      {boards.isError && <LoadFailed error={boards.error} onRetry={() => void boards.refetch()} />}
      {boards.data &&
        (boards.data.items.length === 0 ? (
          <p className="empty-state">
            No retros yet.{team.isMember ? " Open one for your current sprint." : ""}
          </p>
        ) : (
          <ul className="bare-list retro-board-list" aria-label="Retro boards">
            {boards.data.items.map((board) => (
              <li key={board.id}>
                <Link to={`/team-practices/${team.id}/retros/${board.id}`}>{board.sprint}</Link>{" "}
                <span className="muted">
                  {board.itemCount} {board.itemCount === 1 ? "item" : "items"}, opened{" "}
                  {new Date(board.createdAt).toLocaleDateString("en-GB", {
                    day: "numeric",
                    month: "short",
                    year: "numeric",
                  })}
                </span>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

function NewBoardForm({ teamId }: { teamId: string }) {
  const create = useCreateRetroBoard(teamId);
  const navigate = useNavigate();
  const [sprint, setSprint] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(sprint, {
      onSuccess: (board) => void navigate(`/team-practices/${teamId}/retros/${board.id}`),
    });
  }

  return (
    <form className="form inline-form" onSubmit={submit} aria-label="Open a retro">
      <TextField
        id="retro-sprint"
        label="Sprint"
        required
        maxLength={120}
        hint="For example “Sprint 14” or “Week 10”."
        error={fieldMessage(create.error, "sprint")}
        value={sprint}
        onChange={setSprint}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={create.isPending}>
          Open retro
        </button>
      </div>
      <FormError error={create.error} fieldLabels={{ sprint: "Sprint" }} />
    </form>
  );
}
