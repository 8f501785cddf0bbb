import type { ValidationReport } from "../api/schema";
import { numeric, TableHead } from "../ui/TableHead";
import { languageLabel } from "./challenges";

/** Each solution in each language: did it behave as the package says it should? */
export function ValidationReportTable({ report, title }: { report: ValidationReport; title: string }) {
  return (
    <div className="table-scroll">
      <table className="validation-report">
        <caption>Validation report of {title}</caption>
        <TableHead columns={["Solution", "Language", "Result", numeric("Score"), "Problems"]} />
        <tbody>
          {report.entries.map((entry) => (
            <tr key={`${entry.solution}:${entry.language}`}>
              <th scope="row">{entry.solution}</th>
              <td>{languageLabel(entry.language)}</td>
              <td>
                <span className={entry.ok ? "result-ok" : "result-fail"}>{entry.ok ? "ok" : "FAIL"}</span>
              </td>
              <td className="numeric">
                {entry.score} / {entry.maxScore}
              </td>
              <td>
                {entry.problems.length === 0 ? (
                  <span className="muted">None</span>
                ) : (
                  <ul className="plain-list">
                    {entry.problems.map((problem) => (
                      <li key={problem}>{problem}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
