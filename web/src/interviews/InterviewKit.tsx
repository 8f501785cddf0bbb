import type { KitContent } from "../api/schema";
import { QuestionGuide } from "../kits/KitContentView";
import { questionTypeLabels } from "../kits/kits";

/**
 * The kit as the interviewer runs it, beside the scorecard: every part is a disclosure
 * (<details>), so an interviewer folds away the guidance and the questions already asked and
 * keeps the current one in view. Questions start open: nothing is hidden until they choose.
 */
export function InterviewKit({ kit }: { kit: KitContent }) {
  const competencyNames = new Map(kit.competencies.map((competency) => [competency.id, competency.name]));
  const questionMinutes = kit.questions.reduce((total, question) => total + question.suggestedMinutes, 0);

  return (
    <section aria-labelledby="kit-heading" className="interview-kit">
      <h2 id="kit-heading">Interview kit</h2>
      <p>{kit.summary}</p>
      <details className="kit-section">
        <summary>How to run this interview</summary>
        <ul>
          {kit.interviewerGuidance.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ul>
      </details>
      <p className="muted">
        Ask every question, in this order ({kit.questions.length} questions, about {questionMinutes} minutes).
        Follow up only with the probes written under each question.
      </p>
      <section aria-label="Questions">
        {kit.questions.map((question, index) => (
          <details key={question.id} className="kit-section" open>
            <summary>
              Question {index + 1}{" "}
              <span className="muted">
                · {questionTypeLabels[question.type]} · about {question.suggestedMinutes} min
              </span>
            </summary>
            <QuestionGuide question={question} competencyNames={competencyNames} />
          </details>
        ))}
      </section>
      <details className="kit-section">
        <summary>
          Candidate's questions <span className="unscored-badge">Not scored</span>
        </summary>
        <p className="muted">{kit.candidateQuestionsSegment.minutes} minutes, after the scored questions.</p>
        <p>{kit.candidateQuestionsSegment.guidance}</p>
      </details>
    </section>
  );
}
