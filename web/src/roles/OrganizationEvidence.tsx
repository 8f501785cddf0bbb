import { useCallback } from "react";
import { formatNumber, formatP, formatPercent } from "../analytics/analytics";
import type { WorkModel, WorkModelAdvice } from "../api/schema";
import { PlotFigure } from "../ui/PlotFigure";
import { TableHead } from "../ui/TableHead";
import { workModelLabels, workModels } from "./roles";

type Evidence = NonNullable<WorkModelAdvice["organizationEvidence"]>;
type Comparison = Evidence["outcome6m"];
type Group = Comparison["groups"][number];
type Pair = Comparison["pairs"][number];

/** The advisor's default minimum (DEFAULT_WORK_MODEL_MIN_GROUP_SIZE), for the empty state. */
const DEFAULT_MIN_GROUP_SIZE = 5;

const signed = (value: number, format: (value: number) => string) =>
  value > 0 ? `+${format(value)}` : format(value);
const rating = (value: number) => formatNumber(value, 2);
/** A difference of two rates, in percentage points. */
const points = (value: number) => `${value < 0 ? "−" : ""}${(Math.abs(value) * 100).toFixed(1)}`;
const pairLabel = (pair: Pair) => `${workModelLabels[pair.a]} − ${workModelLabels[pair.b]}`;

function groupOf(comparison: Comparison, model: WorkModel): Group | undefined {
  return comparison.groups.find((group) => group.workModel === model);
}

function pairOf(comparison: Comparison, pair: Pair): Pair | undefined {
  return comparison.pairs.find((other) => other.a === pair.a && other.b === pair.b);
}

function isCompared(group: Group | undefined): group is Group {
  return group !== undefined && group.reason === null;
}

/**
 * What the organisation's own hires show for each work model, beside the research-based
 * recommendation: the 6-month rating and 12-month retention per work model with n, and the
 * differences between models with their intervals. It never changes the recommendation.
 */
export function OrganizationEvidence({ advice }: { advice: WorkModelAdvice }) {
  const evidence = advice.organizationEvidence ?? null;
  return (
    <section aria-labelledby="organization-evidence-heading" className="organization-evidence">
      <h3 id="organization-evidence-heading">What your own hires show</h3>
      {evidence === null ? (
        <p className="notice organization-evidence-empty">
          No evidence from your own hires yet. A work model is compared once at least {DEFAULT_MIN_GROUP_SIZE}{" "}
          of its hires have a 6-month review or a known 12-month retention, from post-hire reviews or an
          imported history (Analytics → Import history). Until then the recommendation rests on the published
          research alone.
        </p>
      ) : (
        <EvidenceView evidence={evidence} recommendation={advice.recommendation} />
      )}
    </section>
  );
}

function EvidenceView({ evidence, recommendation }: { evidence: Evidence; recommendation: WorkModel }) {
  const { outcome6m, retained12m, minGroupSize } = evidence;
  const tooFew = workModels.filter(
    (model) => !isCompared(groupOf(outcome6m, model)) || !isCompared(groupOf(retained12m, model)),
  );
  const ratingPairs = outcome6m.pairs.filter((pair) => pair.difference !== null);
  const clearRating = ratingPairs.filter(
    (pair) => pair.ciLow !== null && pair.ciHigh !== null && (pair.ciLow > 0 || pair.ciHigh < 0),
  );
  const clearRetention = retained12m.pairs.filter((pair) => pair.pHolm !== null && pair.pHolm < 0.05);

  return (
    <>
      <p>
        How your organisation's own hires did, grouped by the work model they were hired into (imported
        history and live data), beside the research-based recommendation ({workModelLabels[recommendation]}).
        This is an observational comparison, not an experiment: people chose or were given their work model,
        so a difference may come from who ended up where rather than from the model itself. It does not change
        the recommendation.
      </p>
      {tooFew.length > 0 && (
        <p className="notice organization-evidence-caveat">
          Too few hires to compare for{" "}
          {tooFew.map((model) => workModelLabels[model].toLowerCase()).join(" and ")} on at least one outcome:
          a work model needs {minGroupSize} hires with that outcome. With fewer, an average moves a lot by
          chance, so only the number of hires is shown.
        </p>
      )}
      <div className="table-scroll organization-evidence-table">
        <table>
          <caption>Your hires by work model</caption>
          <TableHead columns={["Work model", "Rating at 6 months (1–4)", "Still employed at 12 months"]} />
          <tbody>
            {workModels.map((model) => (
              <tr key={model}>
                <th scope="row">{workModelLabels[model]}</th>
                <td>
                  <GroupCell group={groupOf(outcome6m, model)} kind="rating" />
                </td>
                <td>
                  <GroupCell group={groupOf(retained12m, model)} kind="retention" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {ratingPairs.length > 0 && <RatingDifferencesChart pairs={outcome6m.pairs} />}
      <div className="table-scroll organization-evidence-table">
        <table>
          <caption>Differences between work models</caption>
          <TableHead
            columns={[
              "Pair",
              "6-month rating: difference (95 % interval)",
              "Retention at 12 months: difference (percentage points)",
            ]}
          />
          <tbody>
            {outcome6m.pairs.map((pair) => {
              const retention = pairOf(retained12m, pair);
              return (
                <tr key={`${pair.a}-${pair.b}`}>
                  <th scope="row">{pairLabel(pair)}</th>
                  <td>
                    {pair.difference === null ? (
                      <span className="too-few">Too few to compare</span>
                    ) : (
                      <>
                        {signed(pair.difference, rating)}
                        {pair.ciLow !== null && pair.ciHigh !== null && (
                          <> ({`${signed(pair.ciLow, rating)} to ${signed(pair.ciHigh, rating)}`})</>
                        )}
                        , Holm p {formatP(pair.pHolm)}
                      </>
                    )}
                  </td>
                  <td>
                    {retention?.difference === null || retention?.difference === undefined ? (
                      <span className="too-few">Too few to compare</span>
                    ) : (
                      <>
                        {signed(retention.difference, points)} points, Holm p {formatP(retention.pHolm)}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {clearRating.length === 0 && clearRetention.length === 0
          ? "No difference between work models is clear in your data: every interval includes zero and no Holm-adjusted p is below .05."
          : `Clear in your data: ${[
              ...clearRating.map((pair) => `${pairLabel(pair)} in the 6-month rating`),
              ...clearRetention.map((pair) => `${pairLabel(pair)} in retention`),
            ].join("; ")}. Observational: look closer before reading it as an effect of the work model.`}{" "}
        Welch's t test for ratings, Fisher's exact test for retention; p adjusted by Holm over the three
        pairs.
      </p>
    </>
  );
}

function GroupCell({ group, kind }: { group: Group | undefined; kind: "rating" | "retention" }) {
  if (group === undefined || group.reason !== null) {
    return <span className="too-few">Too few to compare (n = {group?.n ?? 0})</span>;
  }
  if (kind === "rating") {
    return (
      <>
        {formatNumber(group.mean)} (SD {formatNumber(group.sd)}), n = {group.n}
      </>
    );
  }
  return (
    <>
      {formatPercent(group.rate)}, n = {group.n}
    </>
  );
}

/**
 * Each pair's difference in the mean 6-month rating with its 95 % interval, around a dashed zero
 * line. On a phone the pair's name goes above its interval, so the scale keeps the full width.
 */
function RatingDifferencesChart({ pairs }: { pairs: readonly Pair[] }) {
  const plot = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => {
      const isNarrow = width < 520;
      const domain = symmetricDomain(pairs.filter((pair) => pair.difference !== null));
      const rows = pairs.map((pair) => ({ ...pair, key: `${pair.a}-${pair.b}`, label: pairLabel(pair) }));
      const estimated = rows.filter((row) => row.difference !== null);
      const intervals = estimated.filter((row) => row.ciLow !== null && row.ciHigh !== null);
      const missing = rows.filter((row) => row.difference === null);
      const valueText = (row: (typeof rows)[number]) => signed(row.difference ?? 0, rating);
      return {
        width,
        height: rows.length * (isNarrow ? 56 : 40) + 56,
        marginLeft: isNarrow ? 12 : 130,
        marginRight: 12,
        marginBottom: 40,
        style: { fontSize: "13px", fontFamily: "var(--font)" },
        x: {
          domain,
          grid: true,
          label: isNarrow
            ? "Difference (95 % interval)"
            : "Difference in mean 6-month rating (95 % interval)",
          labelAnchor: "center" as const,
          ticks: isNarrow ? 3 : 5,
          tickFormat: (value: number) => signed(value, rating),
        },
        y: { domain: rows.map((row) => row.key), axis: null, padding: 0.5 },
        marks: [
          Plot.ruleX([0], { stroke: "var(--muted)", strokeDasharray: "4 3" }),
          Plot.ruleY(intervals, {
            y: "key",
            x1: "ciLow",
            x2: "ciHigh",
            stroke: "var(--accent)",
            strokeWidth: 2,
          }),
          Plot.tickX(intervals, { y: "key", x: "ciLow", stroke: "var(--accent)", inset: 8 }),
          Plot.tickX(intervals, { y: "key", x: "ciHigh", stroke: "var(--accent)", inset: 8 }),
          Plot.dot(estimated, { y: "key", x: "difference", fill: "var(--accent)", r: 5 }),
          isNarrow
            ? Plot.text(rows, {
                y: "key",
                frameAnchor: "left",
                dy: -18,
                textAnchor: "start",
                text: (row: (typeof rows)[number]) =>
                  row.difference === null
                    ? `${row.label}: too few to compare`
                    : `${row.label}: ${valueText(row)}`,
                fill: "var(--text)",
              })
            : Plot.text(rows, {
                y: "key",
                frameAnchor: "left",
                dx: -8,
                textAnchor: "end",
                text: "label",
                fill: "var(--text)",
              }),
          ...(isNarrow
            ? []
            : [
                Plot.text(estimated, {
                  y: "key",
                  x: "difference",
                  text: valueText,
                  dy: -12,
                  fill: "var(--text)",
                }),
                Plot.text(missing, {
                  y: "key",
                  frameAnchor: "left",
                  dx: 4,
                  textAnchor: "start",
                  text: () => "too few to compare",
                  fill: "var(--muted)",
                  fontStyle: "italic",
                }),
              ]),
        ],
      };
    },
    [pairs],
  );
  return (
    <PlotFigure
      className="organization-evidence-chart"
      title="Differences in the 6-month rating between your work models"
      description={pairs.map(describeRatingPair).join(" ")}
      caption="The dot is the difference in mean rating, the line its 95 % interval. An interval that crosses the dashed zero line is compatible with no difference."
      plot={plot}
    />
  );
}

function describeRatingPair(pair: Pair): string {
  if (pair.difference === null) return `${pairLabel(pair)}: too few to compare.`;
  const interval =
    pair.ciLow !== null && pair.ciHigh !== null
      ? `, 95 % interval ${signed(pair.ciLow, rating)} to ${signed(pair.ciHigh, rating)}`
      : "";
  return `${pairLabel(pair)}: ${signed(pair.difference, rating)}${interval}.`;
}

/** Wide enough for every interval, rounded up to a quarter point, at most the whole 1–4 scale. */
function symmetricDomain(pairs: readonly Pair[]): [number, number] {
  const widest = Math.max(
    0.25,
    ...pairs.flatMap((pair) =>
      [pair.difference, pair.ciLow, pair.ciHigh].map((value) => Math.abs(value ?? 0)),
    ),
  );
  const limit = Math.min(3, Math.ceil(widest / 0.25) * 0.25);
  return [-limit, limit];
}
