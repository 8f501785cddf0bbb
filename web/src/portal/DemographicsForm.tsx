import { type FormEvent, useState } from "react";
import type { DemographicAnswers, DemographicQuestion } from "../api/schema";
import { FormError } from "../ui/FormError";
import { LoadFailed, Loading } from "../ui/QueryState";
import { useDemographics, useSaveDemographics } from "./portal";

const preferNotToSay = { value: "prefer_not_to_say", label: "Prefer not to say" };

const questions: { name: DemographicQuestion; label: string; options: { value: string; label: string }[] }[] =
  [
    {
      name: "gender",
      label: "Gender",
      options: [
        { value: "woman", label: "Woman" },
        { value: "man", label: "Man" },
        { value: "non_binary", label: "Non-binary" },
        { value: "another_gender", label: "Another gender" },
        preferNotToSay,
      ],
    },
    {
      name: "raceEthnicity",
      label: "Race or ethnicity",
      options: [
        { value: "hispanic_or_latino", label: "Hispanic or Latino" },
        { value: "white", label: "White" },
        { value: "black_or_african_american", label: "Black or African American" },
        { value: "asian", label: "Asian" },
        { value: "native_hawaiian_or_pacific_islander", label: "Native Hawaiian or Pacific Islander" },
        { value: "american_indian_or_alaska_native", label: "American Indian or Alaska Native" },
        { value: "two_or_more", label: "Two or more races" },
        preferNotToSay,
      ],
    },
    {
      name: "ageBand",
      label: "Age",
      options: [
        { value: "under_30", label: "Under 30" },
        { value: "30_to_39", label: "30 to 39" },
        { value: "40_to_49", label: "40 to 49" },
        { value: "50_to_59", label: "50 to 59" },
        { value: "60_or_over", label: "60 or over" },
        preferNotToSay,
      ],
    },
    {
      name: "disability",
      label: "Do you have a disability?",
      options: [{ value: "yes", label: "Yes" }, { value: "no", label: "No" }, preferNotToSay],
    },
    {
      name: "veteran",
      label: "Are you a veteran?",
      options: [{ value: "yes", label: "Yes" }, { value: "no", label: "No" }, preferNotToSay],
    },
  ];

export function DemographicsSection() {
  const demographics = useDemographics();

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
      {demographics.isPending && <Loading what="your answers" />}
      {demographics.isError && (
        <LoadFailed error={demographics.error} onRetry={() => void demographics.refetch()} />
      )}
      {demographics.data && <DemographicsForm saved={demographics.data.answers} />}
    </section>
  );
}

function DemographicsForm({ saved }: { saved: DemographicAnswers }) {
  const save = useSaveDemographics();
  const [answers, setAnswers] = useState<Record<string, string>>({ ...saved });
  const [status, setStatus] = useState("");
  const hasSavedAnswers = Object.keys(saved).length > 0;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus("");
    const given = Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== ""));
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
          const id = `demographics-${question.name}`;
          return (
            <div className="field" key={question.name}>
              <label htmlFor={id}>{question.label}</label>
              <select
                id={id}
                value={answers[question.name] ?? ""}
                onChange={(event) => setAnswers({ ...answers, [question.name]: event.target.value })}
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
