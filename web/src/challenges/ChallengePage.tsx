import { useState } from "react";
import { useParams } from "react-router";
import { isNotFound } from "../api/client";
import type { ChallengeDetail } from "../api/schema";
import { Breadcrumb } from "../ui/Breadcrumb";
import { PromptMarkdown } from "../ui/PromptMarkdown";
import { LoadFailed, Loading } from "../ui/QueryState";
import { numeric, TableHead } from "../ui/TableHead";
import { CodeFiles } from "./CodeFiles";
import { languageLabel, useChallenge } from "./challenges";

export function ChallengePage() {
  const { challengeId = "" } = useParams();
  const challenge = useChallenge(challengeId);

  return (
    <article className="page challenge-page">
      <Breadcrumb to="/challenges">Challenges</Breadcrumb>
      {challenge.isPending && <Loading what="the challenge" />}
      {challenge.isError &&
        (isNotFound(challenge.error) ? (
          <>
            <title>Challenge not found – Evident</title>
            <h1>Challenge not found</h1>
            <p>There is no such challenge in this organisation's library.</p>
          </>
        ) : (
          <LoadFailed error={challenge.error} onRetry={() => void challenge.refetch()} />
        ))}
      {challenge.data && <ChallengeView challenge={challenge.data} />}
    </article>
  );
}

/** Limits arrive as raw numbers keyed by name; these say what the common ones mean. */
const limitLabels: Record<string, string> = {
  cpuMs: "CPU time per run (ms)",
  wallMs: "Wall time per run (ms)",
  memoryMb: "Memory (MB)",
  outputBytes: "Output (bytes)",
};

function ChallengeView({ challenge }: { challenge: ChallengeDetail }) {
  const starterLanguages = Object.keys(challenge.starters);
  const [language, setLanguage] = useState(starterLanguages[0] ?? "");
  const visibleTests = challenge.tests.filter((test) => test.visibility === "visible");
  const visiblePoints = visibleTests.reduce((sum, test) => sum + test.points, 0);
  const totalPoints = challenge.tests.reduce((sum, test) => sum + test.points, 0);

  return (
    <>
      <title>{`${challenge.title} – Challenges – Evident`}</title>
      <h1>{challenge.title}</h1>
      <p className="muted role-subtitle">
        {challenge.id} · {challenge.kind} · {challenge.languages.map(languageLabel).join(", ")}
      </p>

      <section aria-labelledby="challenge-prompt-heading" className="panel">
        <h2 id="challenge-prompt-heading" className="panel-heading">
          Prompt
        </h2>
        <p className="hint">As the candidate reads it.</p>
        <PromptMarkdown markdown={challenge.prompt} title={challenge.title} />
      </section>

      <section aria-labelledby="challenge-starters-heading" className="panel">
        <h2 id="challenge-starters-heading" className="panel-heading">
          Starter code
        </h2>
        {starterLanguages.length === 0 ? (
          <p className="muted">This challenge has no starter code.</p>
        ) : (
          <>
            <div className="field field-medium">
              <label htmlFor="starter-language">Language</label>
              <select
                id="starter-language"
                value={language}
                onChange={(event) => setLanguage(event.target.value)}
              >
                {starterLanguages.map((option) => (
                  <option key={option} value={option}>
                    {languageLabel(option)}
                  </option>
                ))}
              </select>
            </div>
            <CodeFiles
              key={language}
              files={challenge.starters[language] ?? {}}
              label={`${languageLabel(language)} starter`}
            />
          </>
        )}
      </section>

      <section aria-labelledby="challenge-tests-heading" className="panel">
        <h2 id="challenge-tests-heading" className="panel-heading">
          Tests
        </h2>
        <p className="muted">
          {plural(challenge.tests.length, "test")} worth {plural(totalPoints, "point")};{" "}
          {plural(visibleTests.length, "test")} ({plural(visiblePoints, "point")}) are visible to the
          candidate when they run their code. Hidden tests are only graded on submission, and the candidate
          sees them only as a count.
        </p>
        <div className="table-scroll">
          <table>
            <TableHead columns={["Test", "Visibility", numeric("Points")]} />
            <tbody>
              {challenge.tests.map((test) => (
                <tr key={test.name}>
                  <th scope="row">{test.name}</th>
                  <td>{test.visibility === "visible" ? "Visible" : "Hidden"}</td>
                  <td className="numeric">{test.points}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="challenge-limits-heading" className="panel">
        <h2 id="challenge-limits-heading" className="panel-heading">
          Limits
        </h2>
        {Object.keys(challenge.limits).length === 0 ? (
          <p className="muted">The sandbox's default limits apply.</p>
        ) : (
          <dl className="role-details">
            {Object.entries(challenge.limits).map(([name, value]) => (
              <div key={name}>
                <dt>{limitLabels[name] ?? name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
    </>
  );
}

/** "1 test", "12 points". */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
