import { numeric, TableHead } from "../ui/TableHead";
import { ValidityChart } from "./ValidityChart";
import { formatValidity, validityEstimates } from "./validity";

export function EvidencePage() {
  return (
    <article className="page evidence-page">
      <title>Evidence – Evident</title>
      <h1>Evidence</h1>
      <p className="lead">
        Evident recommends selection methods by how well they predict job performance. The figures below are
        meta-analytic estimates of operational validity: the correlation between a method's results and later
        job performance, after statistical corrections.
      </p>

      <div className="table-scroll">
        <table>
          <caption>Predictive validity of selection methods</caption>
          <TableHead
            columns={[
              "Selection method",
              numeric("Schmidt & Hunter (1998)"),
              numeric("Sackett et al. (2022)"),
            ]}
          />
          <tbody>
            {validityEstimates.map((estimate) => (
              <tr key={estimate.method}>
                <th scope="row">{estimate.method}</th>
                <td className="numeric">{formatValidity(estimate.schmidtHunter1998)}</td>
                <td className="numeric">{formatValidity(estimate.sackett2022)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <ValidityChart
        estimates={validityEstimates}
        caption="The same estimates as in the table. A longer bar means the method predicts job performance better."
      />

      <section aria-labelledby="evidence-revision-heading">
        <h2 id="evidence-revision-heading">Why the 2022 figures are lower</h2>
        <p>
          Sackett, Zhang, Berry and Lievens (2022) found that earlier meta-analyses, including Schmidt and
          Hunter's, over-corrected for range restriction, which inflated their estimates. Their revised
          figures are lower for every method listed here. Structured interviews now rank highest, and years of
          experience predicts almost nothing.
        </p>
        <p>
          This is why Evident favours structured interviews, job knowledge tests and work samples, and never
          filters candidates on years of experience.
        </p>
      </section>

      <section aria-labelledby="evidence-references-heading">
        <h2 id="evidence-references-heading">References</h2>
        <ul className="references">
          <li>Schmidt, F. L., &amp; Hunter, J. E. (1998). Psychological Bulletin, 124, 262–274.</li>
          <li>
            Sackett, P. R., Zhang, C., Berry, C. M., &amp; Lievens, F. (2022). Journal of Applied Psychology.
          </li>
        </ul>
      </section>
    </article>
  );
}
