import { Link } from "react-router";
import type { IntegrityFlag } from "../api/schema";

const kindLabels: Record<IntegrityFlag["kind"], string> = {
  similarity: "Similar code",
  late_scorecard: "Late scorecard",
  large_paste: "Large paste",
};

/**
 * The application's integrity flags (similar challenge code, late scorecards, and large pastes
 * once live pads report them: decisions/decision-evidence.ts `integrityFlagSources`). A flag is
 * a reason to look, never a verdict, and the page says so.
 */
export function IntegrityFlags({ flags }: { flags: IntegrityFlag[] }) {
  return (
    <section aria-labelledby="integrity-flags-heading" className="integrity-flags">
      <h2 id="integrity-flags-heading">Integrity flags</h2>
      {flags.length === 0 ? (
        <p className="empty-state">No integrity flags for this application.</p>
      ) : (
        <>
          <p className="muted">Each flag is a reason to look closer before deciding, not a finding.</p>
          <ul className="plain-list">
            {flags.map((flag) => (
              <li key={`${flag.kind}:${flag.title}:${flag.href ?? ""}`} className="integrity-flag">
                <span className="flag-kind">{kindLabels[flag.kind]}</span> <strong>{flag.title}</strong>
                <p>{flag.detail}</p>
                {flag.href && <Link to={flag.href}>Look into it</Link>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
