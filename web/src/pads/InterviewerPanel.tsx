import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { ApiError, apiFetch } from "../api/client";
import { useChallenges } from "../challenges/challenges";
import { usePadConnection } from "./pad-document";
import type { PadKit } from "./types";

/**
 * The interviewer's side of the pad, never sent to the candidate: the kit's questions and
 * probes, a timer over the kit's sections, and private notes per rubric attribute. It lives in
 * a Yjs document of its own that only this interviewer may open, so notes persist across
 * reloads and devices without reaching the candidate or the co-interviewer (scorecards stay
 * independent until filed). The server copies the notes into this interviewer's scorecard
 * draft (src/modules/pads/panel-notes.ts) whenever it stores the panel.
 */
export function InterviewerPanel({
  padId,
  isLocked,
  documentName,
  kit,
}: {
  padId: string;
  isLocked: boolean;
  documentName: string;
  kit: PadKit;
}) {
  const { connection, isSynced } = usePadConnection(documentName);
  const doc = connection?.doc ?? null;
  return (
    <div className="interviewer-panel">
      <h2>Interviewer panel</h2>
      <p className="muted">
        Only you see this panel. Your notes per attribute are copied into your scorecard draft's private
        notes; you still rate and file the scorecard yourself.
      </p>
      {doc && isSynced ? (
        <>
          {!isLocked && <StartFrom padId={padId} kit={kit} />}
          <SectionTimer doc={doc} kit={kit} />
          <Questions kit={kit} />
          <Notes doc={doc} kit={kit} />
        </>
      ) : (
        <p className="muted">Loading your panel…</p>
      )}
    </div>
  );
}

function useMapValue<T>(map: Y.Map<T>, key: string): T | undefined {
  const [value, setValue] = useState(() => map.get(key));
  useEffect(() => {
    const refresh = () => setValue(map.get(key));
    refresh();
    map.observe(refresh);
    return () => map.unobserve(refresh);
  }, [map, key]);
  return value;
}

function SectionTimer({ doc, kit }: { doc: Y.Doc; kit: PadKit }) {
  const timer = doc.getMap<string | null>("timer");
  const startedAt = useMapValue(timer, "startedAt");
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!startedAt) return;
    const interval = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(interval);
  }, [startedAt]);
  const sections = [
    ...kit.questions.map((question, index) => ({
      name: `Question ${index + 1}`,
      minutes: question.suggestedMinutes,
    })),
    { name: "Candidate's questions", minutes: kit.candidateQuestionsMinutes },
  ];
  const elapsedMinutes = startedAt ? (now - new Date(startedAt).getTime()) / 60_000 : 0;
  let boundary = 0;
  const current = sections.find((section) => {
    boundary += section.minutes;
    return elapsedMinutes < boundary;
  });
  const remaining = Math.max(0, boundary - elapsedMinutes);
  return (
    <section className="panel-timer" aria-labelledby="panel-timer-heading">
      <h3 id="panel-timer-heading">Timer</h3>
      {startedAt ? (
        <p role="timer">
          {current ? (
            <>
              <strong>{current.name}</strong>: {formatMinutes(remaining)} left (
              {formatMinutes(elapsedMinutes)} in)
            </>
          ) : (
            <>All sections done ({formatMinutes(elapsedMinutes)} in)</>
          )}
        </p>
      ) : (
        <p className="muted">
          {sections.map((section) => `${section.name} ${section.minutes} min`).join(" · ")}
        </p>
      )}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => timer.set("startedAt", startedAt ? null : new Date().toISOString())}
      >
        {startedAt ? "Reset timer" : "Start timer"}
      </button>
    </section>
  );
}

function formatMinutes(minutes: number): string {
  const whole = Math.floor(minutes);
  const seconds = Math.floor((minutes - whole) * 60);
  return `${whole}:${String(seconds).padStart(2, "0")}`;
}

function Questions({ kit }: { kit: PadKit }) {
  return (
    <section aria-labelledby="panel-questions-heading">
      <h3 id="panel-questions-heading">{kit.title}</h3>
      <ol className="panel-questions">
        {kit.questions.map((question) => (
          <li key={question.id}>
            <p>{question.prompt}</p>
            <details>
              <summary>Probes ({question.probes.length})</summary>
              <ul>
                {question.probes.map((probe) => (
                  <li key={probe}>{probe}</li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Notes({ doc, kit }: { doc: Y.Doc; kit: PadKit }) {
  const notes = doc.getMap<string>("notes");
  return (
    <section aria-labelledby="panel-notes-heading">
      <h3 id="panel-notes-heading">Your notes per attribute</h3>
      {kit.rubric.map((attribute) => (
        <NoteField key={attribute.id} notes={notes} attributeId={attribute.id} name={attribute.name} />
      ))}
    </section>
  );
}

function NoteField({
  notes,
  attributeId,
  name,
}: {
  notes: Y.Map<string>;
  attributeId: string;
  name: string;
}) {
  const value = useMapValue(notes, attributeId) ?? "";
  const id = `note-${attributeId}`;
  return (
    <div className="field">
      <label htmlFor={id}>{name}</label>
      <textarea
        id={id}
        rows={3}
        value={value}
        onChange={(event) => notes.set(attributeId, event.target.value)}
      />
    </div>
  );
}

type StartChoice =
  | { source: "kit_question"; questionId: string }
  | { source: "challenge"; challengeId: string };

/**
 * Replaces the pad's code, for everyone in it, with a kit question's prompt or a challenge's
 * starter. The server refuses once someone has typed; the interviewer may then confirm.
 */
function StartFrom({ padId, kit }: { padId: string; kit: PadKit }) {
  const challenges = useChallenges();
  const [choice, setChoice] = useState("");
  const [state, setState] = useState<{ kind: "idle" | "working" | "done" | "failed"; message: string }>({
    kind: "idle",
    message: "",
  });
  const parse = (value: string): StartChoice | null => {
    const [source, id] = [value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1)];
    if (source === "question") return { source: "kit_question", questionId: id };
    if (source === "challenge") return { source: "challenge", challengeId: id };
    return null;
  };
  async function start(confirm: boolean) {
    const body = parse(choice);
    if (!body) return;
    setState({ kind: "working", message: "Starting the pad…" });
    try {
      await apiFetch(`/api/v1/pads/${encodeURIComponent(padId)}/start-from`, {
        method: "POST",
        body: { ...body, confirm },
      });
      setState({ kind: "done", message: "The pad starts from your choice now, for everyone in it." });
    } catch (error) {
      if (
        !confirm &&
        error instanceof ApiError &&
        error.status === 409 &&
        /already typed/.test(error.detail)
      ) {
        if (window.confirm(`${error.detail}\n\nReplace the code?`)) return start(true);
        setState({ kind: "idle", message: "" });
        return;
      }
      setState({
        kind: "failed",
        message: error instanceof Error ? error.message : "The pad could not be started.",
      });
    }
  }
  const usable = (challenges.data?.items ?? []).filter((challenge) => challenge.status === "valid");
  return (
    <section aria-labelledby="panel-start-heading">
      <h3 id="panel-start-heading">Start the pad from</h3>
      <div className="field">
        <label htmlFor="pad-start-from">A kit question or a challenge</label>
        <select id="pad-start-from" value={choice} onChange={(event) => setChoice(event.target.value)}>
          <option value="">Choose…</option>
          <optgroup label="Kit questions">
            {kit.questions.map((question, index) => (
              <option key={question.id} value={`question:${question.id}`}>
                {`Question ${index + 1}: ${question.prompt.slice(0, 60)}${question.prompt.length > 60 ? "…" : ""}`}
              </option>
            ))}
          </optgroup>
          <optgroup label={challenges.isPending ? "Challenges (loading…)" : "Challenges (starter files)"}>
            {usable.map((challenge) => (
              <option key={challenge.id} value={`challenge:${challenge.id}`}>
                {challenge.title}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      {challenges.isError && (
        <p className="muted">The challenges could not be loaded; kit questions still work.</p>
      )}
      <button
        type="button"
        className="button button-secondary"
        disabled={choice === "" || state.kind === "working"}
        onClick={() => void start(false)}
      >
        Start from this
      </button>
      <p role="status" className={state.kind === "failed" ? "field-error" : "muted"}>
        {state.message}
      </p>
    </section>
  );
}
