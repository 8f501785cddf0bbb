import { Link } from "react-router";
import { CardTable } from "../ui/CardTable";
import { LoadFailed, Loading } from "../ui/QueryState";
import { numeric, TableHead } from "../ui/TableHead";
import {
  challengeSourceLabels,
  languageLabel,
  useCanManagePackages,
  useCanReadPackages,
  useChallenges,
} from "./challenges";
import { PackagesSection } from "./PackagesSection";
import { StatusBadge } from "./StatusBadge";

export function ChallengesPage() {
  const challenges = useChallenges();
  const canReadPackages = useCanReadPackages();
  const canManagePackages = useCanManagePackages();

  return (
    <article className="page challenges-page">
      <title>Challenges – Evident</title>
      <h1>Challenges</h1>
      <p className="lead">
        Auto-graded backend challenges. Every submission runs in an isolated sandbox against the same visible
        and hidden tests, so every candidate of a role is graded alike.
      </p>
      {challenges.isPending && <Loading what="challenges" />}
      {challenges.isError && (
        <LoadFailed error={challenges.error} onRetry={() => void challenges.refetch()} />
      )}
      {challenges.data && (
        <section aria-labelledby="challenge-library-heading">
          <h2 id="challenge-library-heading">Library</h2>
          {challenges.data.items.length === 0 ? (
            <p className="empty-state">No challenges are available.</p>
          ) : (
            <CardTable>
              <table className="challenges-table">
                <caption className="visually-hidden">Challenges this organisation can use</caption>
                <TableHead
                  columns={[
                    "Challenge",
                    "Kind",
                    "Languages",
                    numeric("Tests"),
                    numeric("Points"),
                    "Source",
                    "Status",
                  ]}
                />
                <tbody>
                  {challenges.data.items.map((challenge) => (
                    <tr key={challenge.id}>
                      <th scope="row">
                        <Link to={`/challenges/${encodeURIComponent(challenge.id)}`}>{challenge.title}</Link>
                        <span className="cell-secondary">{challenge.id}</span>
                      </th>
                      <td>{challenge.kind}</td>
                      <td>{challenge.languages.map(languageLabel).join(", ")}</td>
                      <td className="numeric">{challenge.tests}</td>
                      <td className="numeric">{challenge.maxScore}</td>
                      <td>
                        <span
                          className={`source-badge${challenge.source === "organization" ? " source-badge-custom" : ""}`}
                        >
                          {challengeSourceLabels[challenge.source]}
                        </span>
                      </td>
                      <td>
                        <StatusBadge status={challenge.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </CardTable>
          )}
        </section>
      )}
      {canReadPackages && <PackagesSection canManage={canManagePackages} />}
    </article>
  );
}
