import { useState } from "react";
import { FilterSelect } from "../ui/FilterSelect";
import { LoadFailed, Loading } from "../ui/QueryState";
import { SourcePicker, StatNote } from "./AnalyticsArea";
import {
  defaultMinimums,
  describeMissingEstimate,
  formatCoefficient,
  formatNumber,
  reasonLabels,
  useCalibration,
  useFunnel,
  useSource,
  useValidity,
} from "./analytics";
import { IntervalChart, type IntervalRow } from "./IntervalChart";
import type { CalibrationAnswer, Estimate } from "./types";

/** Do interviewers of a stage agree, and who rates above or below their co-raters? */
export function CalibrationPage() {
  const [source] = useSource();
  const funnel = useFunnel(source);
  const [chosenStage, setChosenStage] = useState("");
  // Start on a stage with ratings: the most-rated stage of the validity answer, else the first.
  const validity = useValidity(source);
  const rated = [...(validity.data?.stages ?? [])].sort((a, b) => b.n - a.n)[0];
  const stage = chosenStage || (rated && rated.n > 0 ? rated.stage : funnel.data?.stages[0]?.stage) || "";
  const calibration = useCalibration(source, stage || undefined);

  return (
    <section aria-labelledby="calibration-heading">
      <title>Calibration – Analytics – Evident</title>
      <h2 id="calibration-heading">Interviewer calibration</h2>
      <SourcePicker>
        <FilterSelect
          id="calibration-stage"
          label="Stage"
          options={(funnel.data?.stages ?? []).map((option) => ({
            value: option.stage,
            label: option.stage,
          }))}
          value={stage}
          onChange={setChosenStage}
        />
      </SourcePicker>
      {funnel.isPending && <Loading what="stages" />}
      {funnel.isError && <LoadFailed error={funnel.error} onRetry={() => void funnel.refetch()} />}
      {funnel.data && funnel.data.stages.length === 0 && (
        <p className="empty-state">There are no stages with ratings yet.</p>
      )}
      {calibration.isPending && stage !== "" && <Loading what="calibration" />}
      {calibration.isError && (
        <LoadFailed error={calibration.error} onRetry={() => void calibration.refetch()} />
      )}
      {calibration.data && <CalibrationView answer={calibration.data} stage={stage} />}
    </section>
  );
}

function describeEstimate(estimate: Estimate): string {
  if (estimate === null) return "–";
  return `${formatCoefficient(estimate.value)} (95 % interval ${formatCoefficient(estimate.ciLow)} to ${formatCoefficient(estimate.ciHigh)})`;
}

function CalibrationView({ answer, stage }: { answer: CalibrationAnswer; stage: string }) {
  const { interviewers, reliability } = answer;
  const rows: IntervalRow[] = interviewers.map((interviewer) => ({
    key: interviewer.interviewer,
    label: interviewer.interviewer,
    estimate: interviewer.leniency,
    low: interviewer.ciLow,
    high: interviewer.ciHigh,
    missingText: describeMissingEstimate(interviewer),
  }));
  const spread = Math.max(
    1,
    ...interviewers.flatMap((interviewer) => [
      Math.abs(interviewer.ciLow ?? 0),
      Math.abs(interviewer.ciHigh ?? 0),
    ]),
  );
  const domain: [number, number] = [-Math.ceil(spread * 2) / 2, Math.ceil(spread * 2) / 2];

  return (
    <>
      <StatNote
        n={`${reliability.ratings} ratings of ${reliability.applications} applications at ${stage} with two or more raters`}
        rule={`${defaultMinimums.calibrationMinN} ratings per interviewer; ${defaultMinimums.reliabilityMinApplications} applications for the reliability.`}
        meaning="Leniency is how far an interviewer's ratings sit above (+) or below (−) their co-raters' on the same candidates: it is relative to the people they rated with, not to a true score, and says nothing about who is right."
      />
      <section aria-labelledby="reliability-heading" className="panel reliability">
        <h3 id="reliability-heading">Agreement between interviewers</h3>
        {reliability.reason !== null || reliability.icc1 === null ? (
          <p className="too-few">
            {reliability.reason ? reasonLabels[reliability.reason] : "No estimate"}:{" "}
            {reliability.applications} {reliability.applications === 1 ? "application" : "applications"} with
            two or more raters.
          </p>
        ) : (
          <dl className="facts reliability-facts">
            <div>
              <dt>One rater (ICC 1)</dt>
              <dd>{describeEstimate(reliability.icc1)}</dd>
            </div>
            <div>
              <dt>Mean of {formatNumber(reliability.k0, 1)} raters</dt>
              <dd>{describeEstimate(reliability.iccMean)}</dd>
            </div>
          </dl>
        )}
        <p className="hint">
          The intraclass correlation is the share of rating variance that comes from real differences between
          candidates rather than from who rated them: 1 is perfect agreement, 0 none.
        </p>
      </section>
      {interviewers.length === 0 ? (
        <p className="empty-state">No interviewer rated an application together with another interviewer.</p>
      ) : (
        <IntervalChart
          className="leniency-figure"
          rows={rows}
          domain={domain}
          reference={0}
          xLabel="Leniency: rating minus co-raters' mean (points, 95 % interval)"
          narrowXLabel="Leniency (points)"
          format={(value) => formatNumber(value, 2)}
          title={`Leniency of each interviewer at ${stage}`}
          description={interviewers
            .map((interviewer) =>
              interviewer.leniency === null
                ? `${interviewer.interviewer}: ${describeMissingEstimate(interviewer)}.`
                : `${interviewer.interviewer}: ${formatNumber(interviewer.leniency)} points, 95 % interval ${formatNumber(interviewer.ciLow)} to ${formatNumber(interviewer.ciHigh)}, n = ${interviewer.n}.`,
            )
            .join(" ")}
          caption="Right of the dashed line: rates higher than co-raters; left: lower."
          table={{
            columns: ["Interviewer", "n", "Leniency", "95 % interval"],
            rows: interviewers.map((interviewer) => ({
              key: interviewer.interviewer,
              cells:
                interviewer.leniency === null
                  ? [interviewer.interviewer, interviewer.n, "Too few to compare", "–"]
                  : [
                      interviewer.interviewer,
                      interviewer.n,
                      formatNumber(interviewer.leniency),
                      `${formatNumber(interviewer.ciLow)} to ${formatNumber(interviewer.ciHigh)}`,
                    ],
            })),
          }}
        />
      )}
    </>
  );
}
