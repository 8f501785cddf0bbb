import { sql } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { type Db, queryRows } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { escapeHtml } from "../mail/templates.ts";
import { adverseImpact, calibration, type DemographicCategory, funnel, stageValidity } from "./analytics.ts";
import type { NoteGuardCount } from "./note-guard-counts.ts";
import type { SourceScope } from "./sources.ts";
import type { AdverseImpact } from "./statistics/adverse-impact.ts";
import type { InterviewerLeniency, Reliability } from "./statistics/calibration.ts";
import type { StageValidity } from "./statistics/correlation.ts";
import { DEFAULT_ADVERSE_IMPACT_MIN_GROUP_SIZE, DEFAULT_VALIDITY_MIN_N } from "./statistics/reasons.ts";

/**
 * The bias-audit report: adverse impact by category at the hire decision and at every stage (the
 * shape NYC Local Law 144 audits publish: selection rates and impact ratios per group), stage
 * validity and interviewer calibration, with the data's date range and source. One HTML page,
 * printed to PDF by Chromium.
 */
export interface AuditReport {
  organizationName: string;
  generatedAt: string;
  source: SourceScope["source"];
  role: string | null;
  dateRange: { from: string | null; to: string | null };
  minGroupSize: number;
  minN: number;
  impact: { category: DemographicCategory; stage: string | null; result: AdverseImpact }[];
  validity: StageValidity[];
  calibration: {
    stage: string;
    interviewers: InterviewerLeniency[];
    reliability: Reliability;
    noteGuard: NoteGuardCount;
  }[];
}

export async function buildAuditReport(
  db: Db,
  scope: SourceScope,
  options: { organizationName: string; now: Date; minGroupSize?: number; minN?: number },
): Promise<AuditReport> {
  const minGroupSize = options.minGroupSize ?? DEFAULT_ADVERSE_IMPACT_MIN_GROUP_SIZE;
  const minN = options.minN ?? DEFAULT_VALIDITY_MIN_N;
  const stages = (await funnel(db, scope)).stages.map((stage) => stage.stage);
  const impact: AuditReport["impact"] = [];
  for (const category of ["gender", "race_ethnicity"] as const) {
    impact.push({
      category,
      stage: null,
      result: await adverseImpact(db, scope, { category, minGroupSize }),
    });
    for (const stage of stages) {
      impact.push({
        category,
        stage,
        result: await adverseImpact(db, scope, { category, stage, minGroupSize }),
      });
    }
  }
  const validity = (await stageValidity(db, scope, { minN })).stages;
  const calibrations: AuditReport["calibration"] = [];
  for (const stage of stages)
    calibrations.push({ stage, ...(await calibration(db, scope, { stage, minN })) });
  return {
    organizationName: options.organizationName,
    generatedAt: options.now.toISOString(),
    source: scope.source,
    role: scope.role ?? null,
    dateRange: await dateRangeOf(db, scope),
    minGroupSize,
    minN,
    impact,
    validity,
    calibration: calibrations,
  };
}

/** The first and last day the data covers: imported entered_at dates, live applications' creation. */
async function dateRangeOf(db: Db, scope: SourceScope): Promise<AuditReport["dateRange"]> {
  const parts: ReturnType<typeof sql>[] = [];
  if (scope.source !== "live") {
    parts.push(sql`select min(entered_at)::text as first, max(entered_at)::text as last
      from analytics_imported_stages where organization_id = ${scope.organizationId}`);
  }
  if (scope.source !== "history") {
    parts.push(sql`select min(created_at)::date::text as first, max(created_at)::date::text as last
      from applications where organization_id = ${scope.organizationId}`);
  }
  const [row] = await queryRows<{ first: string | null; last: string | null }>(
    db,
    sql`select min(p.first) as first, max(p.last) as last from (${sql.join(parts, sql` union all `)}) p`,
  );
  return { from: row?.first ?? null, to: row?.last ?? null };
}

const GROUP_LABELS: Record<string, string> = { not_disclosed: "Not disclosed" };
const label = (group: string) => GROUP_LABELS[group] ?? group.replaceAll("_", " ");
/** A number to `digits` decimals; a value that rounds to zero prints as 0, never as −0. */
const fixed = (value: number | null, digits: number) =>
  value === null ? "—" : (Math.abs(value) < 0.5 * 10 ** -digits ? 0 : value).toFixed(digits);
const percent = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(1)} %`);
const pValue = (value: number | null) =>
  value === null ? "—" : value < 0.001 ? "< 0.001" : value.toFixed(3);
const reasonText: Record<string, string> = {
  too_few: "too few",
  zero_variance: "no variance",
  no_selections: "nobody selected",
};
const why = (reason: string | null) => (reason === null ? "" : (reasonText[reason] ?? reason));

function impactTable(entry: AuditReport["impact"][number], minGroupSize: number): string {
  const heading = `${entry.category === "gender" ? "Sex / gender" : "Race / ethnicity"} — ${entry.stage === null ? "hire decision" : `stage “${escapeHtml(entry.stage)}”`}`;
  const rows = entry.result.groups
    .map((group) => {
      const verdict =
        group.flagged === null
          ? why(group.reason)
          : group.flagged && group.significant
            ? "adverse impact"
            : group.flagged
              ? "watch"
              : "";
      return `<tr><td>${escapeHtml(label(group.group))}${group.group === entry.result.reference ? " (reference)" : ""}</td>
        <td class="n">${group.reached}</td><td class="n">${group.selected}</td><td class="n">${percent(group.rate)}</td>
        <td class="n">${fixed(group.impactRatio, 3)}</td><td class="n">${pValue(group.fisherP)}</td><td>${verdict}</td></tr>`;
    })
    .join("");
  const note =
    entry.result.reference === null
      ? `<p class="note">No group has ${minGroupSize} or more applications: no impact ratios.</p>`
      : "";
  return `<section><h3>${heading}</h3>${note}<table><thead><tr><th>Group</th><th>Applicants</th><th>Selected</th>
    <th>Selection rate</th><th>Impact ratio</th><th>Fisher p</th><th></th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function renderAuditReportHtml(report: AuditReport): string {
  const sourceText = {
    history: "imported history",
    live: "Evident's own data",
    all: "imported history and Evident's own data",
  }[report.source];
  const validityRows = report.validity
    .map(
      (
        stage,
      ) => `<tr><td>${escapeHtml(stage.stage)}</td><td class="n">${stage.n}</td><td class="n">${fixed(stage.r, 3)}</td>
        <td class="n">${stage.ciLow === null ? "—" : `${fixed(stage.ciLow, 3)} to ${fixed(stage.ciHigh, 3)}`}</td>
        <td class="n">${pValue(stage.p)}</td><td class="n">${fixed(stage.rho, 3)}</td>
        <td class="n">${fixed(stage.hiresSdX, 2)} / ${fixed(stage.applicantsSdX, 2)}</td><td>${why(stage.reason)}</td></tr>`,
    )
    .join("");
  const calibrationBlocks = report.calibration
    .map(({ stage, interviewers, reliability, noteGuard }) => {
      const icc = reliability.icc1
        ? `ICC(1,1) ${fixed(reliability.icc1.value, 3)} (95 % CI ${fixed(reliability.icc1.ciLow, 3)} to ${fixed(reliability.icc1.ciHigh, 3)}); reliability of the mean of k0 = ${fixed(reliability.k0, 2)} raters ${fixed(reliability.iccMean?.value ?? null, 3)}`
        : `Reliability: ${why(reliability.reason)}`;
      const rows = interviewers
        .map(
          (
            row,
          ) => `<tr><td>${escapeHtml(row.interviewer)}</td><td class="n">${row.n}</td><td class="n">${fixed(row.leniency, 2)}</td>
            <td class="n">${row.ciLow === null ? "—" : `${fixed(row.ciLow, 2)} to ${fixed(row.ciHigh, 2)}`}</td><td>${why(row.reason)}</td></tr>`,
        )
        .join("");
      const guard =
        noteGuard.notes === 0
          ? ""
          : `<p class="note">Note guard: ${noteGuard.flagged} of ${noteGuard.notes} filed notes used wording that may not be job-related${noteGuard.terms.length > 0 ? ` (${noteGuard.terms.map((term) => `${escapeHtml(term.phrase)} ×${term.count}`).join(", ")})` : ""}.</p>`;
      return `<section><h3>${escapeHtml(stage)}</h3><p>${icc} — ${reliability.applications} applications, ${reliability.ratings} ratings.</p>${guard}
        <table><thead><tr><th>Interviewer</th><th>n</th><th>Leniency</th><th>95 % CI</th><th></th></tr></thead><tbody>${rows}</tbody></table></section>`;
    })
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bias audit — ${escapeHtml(report.organizationName)}</title>
<style>
  body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111; margin: 2em; }
  h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin-top: 1.6em; border-bottom: 1px solid #999; }
  h3 { font-size: 10.5pt; margin: 1.2em 0 .3em; }
  table { border-collapse: collapse; width: 100%; margin-bottom: .6em; page-break-inside: avoid; }
  th, td { border: 1px solid #bbb; padding: 2px 5px; text-align: left; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
  th { background: #eee; } .note, .meta { color: #444; }
  section { break-inside: avoid; } h2, h3 { break-after: avoid; }
</style></head><body>
<h1>Bias audit of hiring stages</h1>
<p class="meta">${escapeHtml(report.organizationName)} · data source: ${sourceText}${report.role ? ` · role ${escapeHtml(report.role)}` : ""} ·
  data from ${report.dateRange.from ?? "—"} to ${report.dateRange.to ?? "—"} · generated ${report.generatedAt.slice(0, 10)}</p>
<h2>Adverse impact: selection rates and impact ratios by category</h2>
<p>Selection rate = selected ÷ applicants in the group. Impact ratio = the group's rate ÷ the highest rate among groups with at least
  ${report.minGroupSize} applicants (the reference). A ratio below 0.8 is flagged by the four-fifths rule (29 CFR 1607.4(D)); with
  Fisher's exact test p &lt; 0.05 it reads "adverse impact", without it "watch". Groups under ${report.minGroupSize} applicants show
  their counts and rate only. Not disclosed: applicants who gave no answer.</p>
${report.impact.map((entry) => impactTable(entry, report.minGroupSize)).join("\n")}
<section><h2>Stage validity</h2>
<p>Pearson r between a stage's mean rating and the 6-month outcome, among hires (at least ${report.minN}). Only hires have outcomes, so
  r is attenuated by range restriction: the SD of the rating among hires is shown beside the SD among all applicants; no correction is
  applied (Sackett et al. 2022).</p>
<table><thead><tr><th>Stage</th><th>Hires</th><th>r</th><th>95 % CI</th><th>p</th><th>Spearman rho</th><th>SD hires / applicants</th><th></th></tr></thead>
<tbody>${validityRows}</tbody></table></section>
<h2>Interviewer calibration</h2>
<p>Leniency = an interviewer's mean rating minus the mean of their co-raters on the same application; it is relative to co-raters,
  not to a true score. Reliability is the one-way random-effects intraclass correlation.</p>
${calibrationBlocks}
</body></html>`;
}

// One Chromium at a time per process: each render starts a browser (a few hundred MB), and a
// burst of report requests must queue rather than exhaust the machine.
let renderQueue: Promise<unknown> = Promise.resolve();

/** Prints the page to an A4 PDF with the Chromium the browser tests use (CHROMIUM_PATH). */
export function renderPdf(html: string): Promise<Buffer> {
  const rendered = renderQueue.then(() => renderPdfNow(html));
  renderQueue = rendered.catch(() => undefined);
  return rendered;
}

async function renderPdfNow(html: string): Promise<Buffer> {
  // Loaded on the first report, not at start: importing playwright-core costs the server's start
  // about 0.6 s, which every start would pay for a page few people print.
  const { chromium } = await import("playwright-core");
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
      ],
    });
  } catch (error) {
    throw new AppError(
      "unavailable",
      "The PDF report needs Chromium (set CHROMIUM_PATH, or install the chromium package); the HTML report works without it.",
      { cause: error },
    );
  }
  try {
    const page = await browser.newPage();
    // The page is self-contained: nothing may be fetched while it renders.
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({ format: "A4", printBackground: true, margin: { top: "12mm", bottom: "12mm" } });
  } finally {
    await browser.close();
  }
}
