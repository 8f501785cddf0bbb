import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import type {
  CandidateChallenge,
  ChallengeCode,
  ChallengeFiles,
  ChallengeLanguage,
  ChallengeSubmission,
} from "../../api/schema";
import { CodeEditor } from "../../ui/CodeEditor";
import { type ConfirmAnswers, ConfirmButtons } from "../../ui/ConfirmDialog";
import { FieldLabel } from "../../ui/Field";
import { FormError } from "../../ui/FormError";
import { ChallengeConsole } from "./ChallengeConsole";
import { isPending, useChallengeEvents, useSaveDraft, useSendCode, useSubmission } from "./challenge";
import { languageNames } from "./languages";
import { SubmissionHistory } from "./SubmissionHistory";
import { SubmissionResult } from "./SubmissionResult";
import { isMacLike, useRunShortcuts } from "./shortcuts";

/** Typing pauses this long before the draft is saved: often enough to lose little, rarely enough to stay quiet. */
const AUTOSAVE_DELAY_MS = 1000;

const fieldLabels: Record<string, string> = { language: "Language", files: "Files" };
const labelForField = (path: string) => fieldLabels[path] ?? path;

function starterFor(challenge: CandidateChallenge, language: ChallengeLanguage): ChallengeFiles {
  const starter = challenge.starters[language] ?? {};
  const entry = challenge.entryFiles[language];
  // A language without starter files still needs its entry file to type into.
  return entry && !(entry in starter) ? { [entry]: "", ...starter } : starter;
}

/** The saved draft when there is one in an offered language, else the first language's starter. */
function startingCode(challenge: CandidateChallenge): ChallengeCode {
  const { draft } = challenge;
  const offered = challenge.challenge.languages;
  const draftLanguage = offered.find((language) => language === draft?.language);
  if (draft && draftLanguage) return { language: draftLanguage, files: draft.files };
  const language = offered[0] ?? "javascript";
  return { language, files: starterFor(challenge, language) };
}

/** The entry file first (it is what the grader runs), then the others by name. */
function orderedFileNames(files: ChallengeFiles, entry: string | undefined): string[] {
  return Object.keys(files).sort((a, b) => (a === entry ? -1 : b === entry ? 1 : a.localeCompare(b)));
}

const sameFiles = (a: ChallengeFiles, b: ChallengeFiles) => JSON.stringify(a) === JSON.stringify(b);

export function ChallengeWorkspace({
  applicationId,
  challenge,
  isClosed,
}: {
  applicationId: string;
  challenge: CandidateChallenge;
  isClosed: boolean;
}) {
  const [code, setCode] = useState(() => startingCode(challenge));
  const [activeFile, setActiveFile] = useState(
    () => orderedFileNames(code.files, challenge.entryFiles[code.language])[0] ?? "",
  );
  const [pendingLanguage, setPendingLanguage] = useState<ChallengeLanguage | null>(null);
  const [isConfirmingSubmit, setConfirmingSubmit] = useState(false);
  const [isConfirmingReset, setConfirmingReset] = useState(false);
  const [shown, setShown] = useState<ChallengeSubmission | null>(challenge.submissions[0] ?? null);
  const draftStatus = useAutosave(applicationId, code, !isClosed);
  const run = useSendCode(applicationId, "run");
  const submit = useSendCode(applicationId, "submit");
  const stream = useChallengeEvents(applicationId);
  const shownSubmission = useSubmission(applicationId, shown, stream);
  const current = shownSubmission.data ?? null;

  const fileNames = orderedFileNames(code.files, challenge.entryFiles[code.language]);
  const isWaiting = run.isPending || submit.isPending || (current !== null && isPending(current));
  const sendError = submit.error ?? run.error;
  const { used: submitsUsed, max: submitsMax } = challenge.submits;
  const hasSubmitsLeft = submitsUsed < submitsMax;
  const nextSubmit = `Submit ${submitsUsed + 1} of ${submitsMax}`;
  const canAct = !isClosed && !isWaiting;

  useRunShortcuts({
    isEnabled: canAct,
    onRun: () => send("run"),
    onSubmit: () => {
      if (hasSubmitsLeft) setConfirmingSubmit(true);
    },
  });

  function switchLanguage(language: ChallengeLanguage) {
    const files = starterFor(challenge, language);
    setCode({ language, files });
    setActiveFile(orderedFileNames(files, challenge.entryFiles[language])[0] ?? "");
    setPendingLanguage(null);
  }

  function chooseLanguage(language: ChallengeLanguage) {
    if (language === code.language) return;
    // Untouched starter code is nothing to lose; edited code is asked about first.
    if (sameFiles(code.files, starterFor(challenge, code.language))) switchLanguage(language);
    else setPendingLanguage(language);
  }

  function send(mode: "run" | "submit", testName?: string) {
    run.reset();
    submit.reset();
    setConfirmingSubmit(false);
    const body = testName === undefined ? code : { ...code, testName };
    (mode === "run" ? run : submit).mutate(body, { onSuccess: setShown });
  }

  function resetToStarter() {
    const files = starterFor(challenge, code.language);
    setCode({ language: code.language, files });
    setActiveFile(orderedFileNames(files, challenge.entryFiles[code.language])[0] ?? "");
    setConfirmingReset(false);
  }

  const modifier = isMacLike() ? "⌘" : "Ctrl";

  return (
    <section aria-labelledby="portal-challenge-code-heading" className="panel portal-challenge-workspace">
      <div className="portal-challenge-toolbar">
        <h2 id="portal-challenge-code-heading">Your code</h2>
        <div className="portal-challenge-language">
          <FieldLabel htmlFor="portal-challenge-language">Language</FieldLabel>
          <select
            id="portal-challenge-language"
            value={pendingLanguage ?? code.language}
            disabled={isClosed || pendingLanguage !== null}
            onChange={(event) => chooseLanguage(event.target.value as ChallengeLanguage)}
          >
            {challenge.challenge.languages.map((language) => (
              <option key={language} value={language}>
                {languageNames[language]}
              </option>
            ))}
          </select>
        </div>
        {!isClosed && (
          <button
            type="button"
            className="button button-secondary"
            disabled={isConfirmingReset || sameFiles(code.files, starterFor(challenge, code.language))}
            onClick={() => setConfirmingReset(true)}
          >
            Reset to starter…
          </button>
        )}
        <DraftStatus status={draftStatus} />
      </div>

      {isConfirmingReset && (
        <ConfirmStep
          question={`Replace your ${languageNames[code.language]} code with the starter? Your edits cannot be brought back.`}
          confirmLabel="Reset and discard my code"
          danger
          onConfirm={resetToStarter}
          cancelLabel="Keep my code"
          onCancel={() => setConfirmingReset(false)}
        />
      )}

      {pendingLanguage && (
        <ConfirmStep
          question={`Switch to ${languageNames[pendingLanguage]}? Your ${languageNames[code.language]} code will be replaced by the ${languageNames[pendingLanguage]} starter and cannot be brought back.`}
          confirmLabel="Switch and discard my code"
          danger
          onConfirm={() => switchLanguage(pendingLanguage)}
          cancelLabel="Keep my code"
          onCancel={() => setPendingLanguage(null)}
        />
      )}

      <FileEditor
        fileNames={fileNames}
        activeFile={activeFile}
        onSelectFile={setActiveFile}
        code={code}
        isClosed={isClosed}
        onEdit={(file, content) =>
          setCode((previous) => ({ ...previous, files: { ...previous.files, [file]: content } }))
        }
      />

      {!isClosed && (
        <div className="portal-challenge-actions">
          {isConfirmingSubmit ? (
            <ConfirmStep
              question={`${nextSubmit}: submit this code? It is graded against every test, including hidden tests you cannot see. ${
                submitsUsed + 1 < submitsMax
                  ? `You may submit ${submitsMax - submitsUsed - 1} more ${submitsMax - submitsUsed - 1 === 1 ? "time" : "times"}; your latest Submit is the one that counts.`
                  : "This is your last Submit; it is the one that counts."
              }`}
              confirmLabel="Confirm submit"
              onConfirm={() => send("submit")}
              confirmDisabled={isWaiting}
              cancelLabel="Keep editing"
              onCancel={() => setConfirmingSubmit(false)}
            />
          ) : (
            <>
              <button
                type="button"
                className="button button-secondary"
                disabled={isWaiting}
                aria-keyshortcuts={isMacLike() ? "Meta+Enter" : "Control+Enter"}
                onClick={() => send("run")}
              >
                Run visible tests <kbd className="portal-challenge-kbd">{modifier}+Enter</kbd>
              </button>
              <button
                type="button"
                className="button"
                disabled={isWaiting || !hasSubmitsLeft}
                aria-keyshortcuts={isMacLike() ? "Meta+Shift+Enter" : "Control+Shift+Enter"}
                onClick={() => setConfirmingSubmit(true)}
              >
                {hasSubmitsLeft ? `${nextSubmit}…` : "No Submits left"}{" "}
                <kbd className="portal-challenge-kbd">{modifier}+Shift+Enter</kbd>
              </button>
              <span className="hint">
                {hasSubmitsLeft
                  ? `Run checks your code against the visible tests only. Submit grades it against every test; you have ${submitsMax - submitsUsed} of ${submitsMax} Submits left and the latest counts.`
                  : `You have used all ${submitsMax} Submits; your latest Submit is the one that counts. You can still run the visible tests.`}
              </span>
            </>
          )}
        </div>
      )}
      <FormError error={sendError} labelFor={labelForField} />

      {(run.isPending || submit.isPending) && (
        <p role="status" className="muted">
          Sending your code…
        </p>
      )}
      {challenge.visibleTestNames.length > 0 && (
        <VisibleTests
          names={challenge.visibleTestNames}
          isDisabled={!canAct}
          onRun={(testName) => send("run", testName)}
        />
      )}
      {current && <ChallengeConsole submission={current} />}
      {current && <SubmissionResult submission={current} />}
      <FormError error={shownSubmission.error} />

      <SubmissionHistory
        submissions={challenge.submissions}
        shownId={current?.id ?? null}
        onShow={setShown}
      />
    </section>
  );
}

/** The visible tests by name, each with a button that runs it alone. */
function VisibleTests({
  names,
  isDisabled,
  onRun,
}: {
  names: string[];
  isDisabled: boolean;
  onRun: (testName: string) => void;
}) {
  return (
    <details className="portal-challenge-visible-tests">
      <summary>Run one visible test ({names.length})</summary>
      <ul>
        {names.map((name) => (
          <li key={name}>
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={isDisabled}
              aria-label={`Run the test “${name}”`}
              onClick={() => onRun(name)}
            >
              Run
            </button>
            <span>{name}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/**
 * A question with its two answers, as the other pages ask before something that cannot be undone.
 * The control that opened it disappears or is disabled, so focus moves to the question's first answer.
 */
function ConfirmStep({ question, ...answers }: ConfirmAnswers & { question: string }) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div className="confirm portal-challenge-confirm">
      <span>{question}</span>
      <ConfirmButtons {...answers} confirmRef={confirmRef} />
    </div>
  );
}

/**
 * File tabs (only for several files) over one editor. The tabs follow the ARIA tabs pattern:
 * one tab stop, arrow keys move between files.
 */
function FileEditor({
  fileNames,
  activeFile,
  onSelectFile,
  code,
  isClosed,
  onEdit,
}: {
  fileNames: string[];
  activeFile: string;
  onSelectFile: (file: string) => void;
  code: ChallengeCode;
  isClosed: boolean;
  onEdit: (file: string, content: string) => void;
}) {
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());
  const hasTabs = fileNames.length > 1;
  const tabId = (file: string) => `portal-challenge-file-tab-${file}`;
  const languageName = languageNames[code.language];
  const editorLanguage = activeFile.endsWith(".sql") ? "sql" : code.language;

  function moveBetweenTabs(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const offsets: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    let next: number | undefined;
    if (event.key in offsets)
      next = (index + (offsets[event.key] ?? 0) + fileNames.length) % fileNames.length;
    if (event.key === "Home") next = 0;
    if (event.key === "End") next = fileNames.length - 1;
    const file = next === undefined ? undefined : fileNames[next];
    if (!file) return;
    event.preventDefault();
    onSelectFile(file);
    tabRefs.current.get(file)?.focus();
  }

  const editor = (
    <CodeEditor
      // A fresh editor per file and language, so undo never crosses from one file into another.
      key={`${code.language}/${activeFile}`}
      value={code.files[activeFile] ?? ""}
      onChange={(content) => onEdit(activeFile, content)}
      language={editorLanguage}
      label={`${activeFile}, ${languageName} code${isClosed ? " (read only)" : ""}`}
      readOnly={isClosed}
      describedBy="portal-challenge-editor-hint"
    />
  );

  return (
    <div className="portal-challenge-editor">
      {hasTabs ? (
        <>
          <div role="tablist" aria-label="Files" className="portal-challenge-file-tabs">
            {fileNames.map((file, index) => (
              <button
                key={file}
                ref={(element) => {
                  if (element) tabRefs.current.set(file, element);
                  else tabRefs.current.delete(file);
                }}
                type="button"
                role="tab"
                id={tabId(file)}
                aria-selected={file === activeFile}
                aria-controls="portal-challenge-file-panel"
                tabIndex={file === activeFile ? 0 : -1}
                className="portal-challenge-file-tab"
                onClick={() => onSelectFile(file)}
                onKeyDown={(event) => moveBetweenTabs(event, index)}
              >
                {file}
              </button>
            ))}
          </div>
          <div role="tabpanel" id="portal-challenge-file-panel" aria-labelledby={tabId(activeFile)}>
            {editor}
          </div>
        </>
      ) : (
        editor
      )}
      <p id="portal-challenge-editor-hint" className="hint">
        {isClosed
          ? "The editor is read only because the challenge is closed."
          : "Tab indents. To leave the editor with the keyboard, press Escape, then Tab."}
      </p>
    </div>
  );
}

type DraftStatusValue =
  | { state: "unchanged" }
  | { state: "editing" }
  | { state: "saving" }
  | { state: "saved" }
  | { state: "failed"; error: unknown };

/**
 * Saves the working copy a moment after typing stops. The code the page started from counts as
 * saved already, so opening the page writes nothing.
 */
function useAutosave(applicationId: string, code: ChallengeCode, isEnabled: boolean): DraftStatusValue {
  const save = useSaveDraft(applicationId);
  const lastSent = useRef(JSON.stringify(code));
  const [hasUnsentEdits, setHasUnsentEdits] = useState(false);
  const { mutate } = save;

  useEffect(() => {
    const serialized = JSON.stringify(code);
    if (!isEnabled || serialized === lastSent.current) {
      setHasUnsentEdits(false);
      return;
    }
    setHasUnsentEdits(true);
    const timer = window.setTimeout(() => {
      lastSent.current = serialized;
      setHasUnsentEdits(false);
      mutate(code, {
        // Not saved: the next edit tries again rather than thinking this copy is on the server.
        onError: () => {
          lastSent.current = "";
        },
      });
    }, AUTOSAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [code, isEnabled, mutate]);

  if (hasUnsentEdits) return { state: "editing" };
  if (save.isPending) return { state: "saving" };
  if (save.isError) return { state: "failed", error: save.error };
  if (save.isSuccess) return { state: "saved" };
  return { state: "unchanged" };
}

function DraftStatus({ status }: { status: DraftStatusValue }) {
  return (
    <div className="portal-challenge-draft-status">
      {/* Polite and terse: "Saved" after each pause in typing must not drown out anything else. */}
      <span role="status" className="muted">
        {status.state === "saving" ? "Saving…" : status.state === "saved" ? "Saved" : ""}
      </span>
      {status.state === "failed" && (
        <FormError error={status.error}>Your latest edits are not saved yet.</FormError>
      )}
    </div>
  );
}
