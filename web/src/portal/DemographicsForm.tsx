import { type FormEvent, useState } from "react";
import type { DemographicAnswers, DemographicQuestions } from "../api/schema";
import { FormError } from "../ui/FormError";
import { LoadFailed, Loading } from "../ui/QueryState";
import { useDemographicQuestions, useDemographics, useSaveDemographics } from "./portal";

export function DemographicsSection() {
  const demographics = useDemographics();
  // The organisation chooses which questions fit the country it hires in (a preset).
  const questions = useDemographicQuestions();

  return (
    <section aria-labelledby="demographics-heading" className="panel portal-demographics">
      <h2 id="demographics-heading">Voluntary self-identification</h2>
      <p id="demographics-explanation">
        Answering is entirely optional and has no effect on your application. Leave any question unanswered or
        choose "Prefer not to say". Your answers are stored apart from your evaluation, are never shown to
        your interviewers or to the people deciding on your application, and are only ever counted in
        anonymous totals that check the hiring process treats every group fairly. You can change or withdraw
        them at any time.
      </p>
      {(demographics.isPending || questions.isPending) && <Loading what="your answers" />}
      {demographics.isError && (
        <LoadFailed error={demographics.error} onRetry={() => void demographics.refetch()} />
      )}
      {questions.isError && <LoadFailed error={questions.error} onRetry={() => void questions.refetch()} />}
      {demographics.data && questions.data && (
        <DemographicsForm saved={demographics.data.answers} questions={questions.data.questions} />
      )}
    </section>
  );
}

function DemographicsForm({
  saved,
  questions,
}: {
  saved: DemographicAnswers;
  questions: DemographicQuestions["questions"];
}) {
  const save = useSaveDemographics();
  const [answers, setAnswers] = useState<Record<string, string>>({ ...saved });
  const [status, setStatus] = useState("");
  const hasSavedAnswers = Object.keys(saved).length > 0;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus("");
    // Only the questions asked now: an answer to a question the organisation no longer asks stays
    // as it was stored until withdrawn, and is not sent again.
    const asked = new Set<string>(questions.map((question) => question.key));
    const given = Object.fromEntries(
      Object.entries(answers).filter(([key, value]) => value !== "" && asked.has(key)),
    );
    save.mutate(given as DemographicAnswers, {
      onSuccess: (result) =>
        setStatus(
          Object.keys(result.answers).length > 0
            ? "Thank you. Your answers are saved."
            : "No answers are stored for you.",
        ),
    });
  }

  function withdraw() {
    setStatus("");
    save.mutate(
      {},
      {
        onSuccess: () => {
          setAnswers({});
          setStatus("Your answers are withdrawn and deleted.");
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="form" aria-describedby="demographics-explanation">
      <div className="field-row">
        {questions.map((question) => {
          const id = `demographics-${question.key}`;
          return (
            <div className="field" key={question.key}>
              <label htmlFor={id}>{question.label}</label>
              <select
                id={id}
                value={answers[question.key] ?? ""}
                onChange={(event) => setAnswers({ ...answers, [question.key]: event.target.value })}
              >
                <option value="">Not answered</option>
                {question.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
      <FormError error={save.error} />
      <p role="status" className="form-success">
        {status}
      </p>
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          Save my answers
        </button>
        {hasSavedAnswers && (
          <button
            type="button"
            className="button button-secondary"
            disabled={save.isPending}
            onClick={withdraw}
          >
            Withdraw my answers
          </button>
        )}
      </div>
    </form>
  );
}
