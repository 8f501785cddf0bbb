import type { KitContent, KitQuestion, RubricAttribute } from "../api/schema";
import { PromptMarkdown } from "../ui/PromptMarkdown";
import { TableHead } from "../ui/TableHead";
import { questionTypeLabels } from "./kits";

/**
 * What an interviewer works from: the questions in order with their pre-written probes, and the
 * candidate-questions segment, kept apart because it is never scored. `headingLevel` lets the
 * view sit under a page's h1 or inside a section's h2.
 */
export function KitQuestions({ kit, headingLevel = 2 }: { kit: KitContent; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const SubHeading = headingLevel === 2 ? "h3" : "h4";
  const competencyNames = new Map(kit.competencies.map((competency) => [competency.id, competency.name]));
  const questionMinutes = kit.questions.reduce((total, question) => total + question.suggestedMinutes, 0);

  return (
    <>
      <section aria-labelledby="kit-guidance-heading" className="kit-guidance">
        <Heading id="kit-guidance-heading">How to run this interview</Heading>
        <ul>
          {kit.interviewerGuidance.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="kit-questions-heading">
        <Heading id="kit-questions-heading">Questions</Heading>
        <p className="muted">
          Ask every question, in this order, to every candidate ({kit.questions.length} questions, about{" "}
          {questionMinutes} minutes). Follow up only with the probes written under each question.
        </p>
        <ol className="kit-questions">
          {kit.questions.map((question, index) => (
            <QuestionItem
              key={question.id}
              question={question}
              number={index + 1}
              competencyNames={competencyNames}
              SubHeading={SubHeading}
            />
          ))}
        </ol>
      </section>

      <section aria-labelledby="kit-candidate-questions-heading" className="kit-candidate-segment">
        <Heading id="kit-candidate-questions-heading">
          Candidate's questions <span className="unscored-badge">Not scored</span>
        </Heading>
        <p className="muted">{kit.candidateQuestionsSegment.minutes} minutes, after the scored questions.</p>
        <p>{kit.candidateQuestionsSegment.guidance}</p>
      </section>
    </>
  );
}

function QuestionItem({
  question,
  number,
  competencyNames,
  SubHeading,
}: {
  question: KitQuestion;
  number: number;
  competencyNames: Map<string, string>;
  SubHeading: "h3" | "h4";
}) {
  return (
    <li className="kit-question">
      <div className="kit-question-heading">
        <SubHeading>Question {number}</SubHeading>
        <span className={`question-type question-type-${question.type}`}>
          {questionTypeLabels[question.type]}
        </span>
        <span className="muted">about {question.suggestedMinutes} min</span>
      </div>
      <QuestionGuide question={question} competencyNames={competencyNames} />
    </li>
  );
}

/**
 * What an interviewer asks and listens for in a question: its prompt, the only probes to follow up
 * with, and the competencies it is evidence for. The kit library and the interview page show it alike.
 */
export function QuestionGuide({
  question,
  competencyNames,
}: {
  question: KitQuestion;
  competencyNames: Map<string, string>;
}) {
  const probesId = `probes-${question.id}`;
  return (
    <>
      {/* Prompts are Markdown (lists, code, emphasis), written in the kit editor. */}
      <div className="kit-prompt">
        <PromptMarkdown markdown={question.prompt} title="" />
      </div>
      <p id={probesId} className="kit-probes-label">
        Pre-written probes
      </p>
      <ul className="kit-probes" aria-labelledby={probesId}>
        {question.probes.map((probe) => (
          <li key={probe}>{probe}</li>
        ))}
      </ul>
      <p className="hint">
        Evidence for: {question.competencyIds.map((id) => competencyNames.get(id) ?? id).join(", ")}
      </p>
    </>
  );
}

/** The behaviourally anchored rubric, read-only, for the kit library. */
export function KitRubric({ rubric }: { rubric: RubricAttribute[] }) {
  return (
    <section aria-labelledby="kit-rubric-heading">
      <h2 id="kit-rubric-heading">Rubric</h2>
      <p className="muted">Each attribute is rated 1 to 4; every level has a written behavioural example.</p>
      {rubric.map((attribute) => (
        <div key={attribute.id} className="table-scroll">
          <table className="rubric-table">
            <caption>
              {attribute.name}
              <span className="rubric-description">{attribute.description}</span>
            </caption>
            <TableHead columns={["Level", "Behavioural anchor"]} />
            <tbody>
              {attribute.levels.map((level) => (
                <tr key={level.level}>
                  <th scope="row">
                    {level.level} · {level.label}
                  </th>
                  <td>{level.anchor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
