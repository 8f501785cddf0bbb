import type { ReactNode } from "react";
import { Navigate, NavLink, Route, Routes, useLocation } from "react-router";
import { useIsAdmin } from "../auth/session";
import "./analytics.css";
import { labelledOptions } from "../ui/Field";
import { FilterSelect } from "../ui/FilterSelect";
import { AdverseImpactPage } from "./AdverseImpactPage";
import { sourceLabels, sources, useCanSeeAnalytics, useCanSeeFunnel, useSource } from "./analytics";
import { CalibrationPage } from "./CalibrationPage";
import { FunnelPage } from "./FunnelPage";
import { HistoryImportPage } from "./HistoryImportPage";
import { ValidityPage } from "./ValidityPage";
import { WorkModelsPage } from "./WorkModelsPage";

const sections = [
  { to: "validity", label: "Stage validity" },
  { to: "adverse-impact", label: "Adverse impact" },
  { to: "calibration", label: "Calibration" },
  { to: "work-models", label: "Work models" },
  { to: "funnel", label: "Funnel" },
] as const;

/** The Analytics area: what the organisation's own hiring data says, with its uncertainty. */
export function AnalyticsArea() {
  const canSee = useCanSeeAnalytics();
  const canSeeFunnel = useCanSeeFunnel();
  const isAdmin = useIsAdmin();
  const { search } = useLocation();

  // Recruiters follow the funnel; the analyses of ratings and outcomes are not theirs to read.
  if (!canSee && canSeeFunnel) {
    return (
      <div className="page analytics">
        <h1>Analytics</h1>
        <p className="lead">How candidates move through your hiring stages, and where they leave.</p>
        <Routes>
          <Route path="funnel" element={<FunnelPage />} />
          <Route path="*" element={<Navigate to={`funnel${search}`} replace />} />
        </Routes>
      </div>
    );
  }

  if (!canSee) {
    return (
      <article className="page">
        <title>Analytics – Evident</title>
        <h1>Analytics</h1>
        <p className="notice" role="status">
          Only admins and hiring managers can see analytics, and recruiters the hiring funnel. Interviewers
          rate candidates without seeing how their ratings compare, so that each rating stays independent.
        </p>
      </article>
    );
  }

  return (
    <div className="page analytics">
      <h1>Analytics</h1>
      <p className="lead">
        What your own hiring data says: which stages predict later performance, whether a stage screens a
        group out, whether interviewers agree, and how onsite, remote and hybrid hires compare, each with its
        uncertainty.
      </p>
      <nav aria-label="Analytics" className="sub-nav">
        <ul>
          {sections.map((section) => (
            <li key={section.to}>
              <NavLink to={`/analytics/${section.to}${search}`}>{section.label}</NavLink>
            </li>
          ))}
          <li>
            <a href="/api/v1/analytics/report.pdf">Bias-audit report (PDF)</a>
          </li>
          {isAdmin && (
            <li>
              <NavLink to="/analytics/import">Import history</NavLink>
            </li>
          )}
        </ul>
      </nav>
      <Routes>
        <Route index element={<Navigate to={`validity${search}`} replace />} />
        <Route path="validity" element={<ValidityPage />} />
        <Route path="adverse-impact" element={<AdverseImpactPage />} />
        <Route path="calibration" element={<CalibrationPage />} />
        <Route path="work-models" element={<WorkModelsPage />} />
        <Route path="funnel" element={<FunnelPage />} />
        <Route path="import" element={<HistoryImportPage />} />
        <Route path="*" element={<Navigate to="validity" replace />} />
      </Routes>
    </div>
  );
}

/** The data source of a page: imported history, Evident's own data, or both. */
export function SourcePicker({ children }: { children?: ReactNode }) {
  const [source, setSource] = useSource();
  return (
    <div className="analytics-filters">
      <FilterSelect
        id="analytics-source"
        label="Data"
        options={labelledOptions(sources, sourceLabels)}
        value={source}
        onChange={(value) => setSource(value as typeof source)}
      />
      {children}
    </div>
  );
}

/** Every figure says how many cases it rests on, the minimum it needs, and what it does and does not mean. */
export function StatNote({ n, rule, meaning }: { n: ReactNode; rule: ReactNode; meaning: ReactNode }) {
  return (
    <dl className="stat-note">
      <div>
        <dt>Based on</dt>
        <dd>{n}</dd>
      </div>
      <div>
        <dt>Minimum</dt>
        <dd>{rule}</dd>
      </div>
      <div>
        <dt>What it means</dt>
        <dd>{meaning}</dd>
      </div>
    </dl>
  );
}
