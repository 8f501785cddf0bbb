import { NumberCell } from "../ui/NumberCell";
import { QueryAnswer } from "../ui/QueryState";
import { numeric, TableHead } from "../ui/TableHead";
import { SourcePicker, StatNote } from "./AnalyticsArea";
import { formatNumber, formatPercent, useFunnel, useSource } from "./analytics";
import { FunnelChart } from "./FunnelChart";
import type { FunnelStage } from "./types";

/** How many applications reach and pass each stage, and how long they spend there. */
export function FunnelPage() {
  const [source] = useSource();
  const funnel = useFunnel(source);
  return (
    <section aria-labelledby="funnel-heading">
      <title>Funnel – Analytics – Evident</title>
      <h2 id="funnel-heading">Hiring funnel</h2>
      <SourcePicker />
      <QueryAnswer query={funnel} what="the funnel">
        {(answer) => <FunnelView stages={answer.stages} />}
      </QueryAnswer>
    </section>
  );
}

function FunnelView({ stages }: { stages: FunnelStage[] }) {
  if (stages.length === 0) return <p className="empty-state">No application has reached a stage yet.</p>;
  return (
    <>
      <StatNote
        n={`${stages[0]?.reached ?? 0} applications reached the first stage`}
        rule="None: counts are shown whatever their size; the median time needs entry dates."
        meaning="A pass rate says how selective a stage is, not whether it selects the right people: that is what stage validity measures."
      />
      <FunnelChart stages={stages} />
      <div className="table-scroll">
        <table className="analytics-table stack-table">
          <caption>The funnel in figures</caption>
          <TableHead
            columns={[
              "Stage",
              numeric("Reached"),
              numeric("Passed"),
              numeric("Pass rate"),
              numeric("Median days in stage"),
            ]}
          />
          <tbody>
            {stages.map((stage) => (
              <tr key={stage.stage}>
                <th scope="row">{stage.stage}</th>
                <NumberCell label="Reached">{stage.reached}</NumberCell>
                <NumberCell label="Passed">{stage.passed}</NumberCell>
                <NumberCell label="Pass rate">{formatPercent(stage.passRate)}</NumberCell>
                <NumberCell label="Median days">
                  {stage.medianDaysInStage === null
                    ? "–"
                    : `${formatNumber(stage.medianDaysInStage, 1)} (n = ${stage.daysN})`}
                </NumberCell>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
