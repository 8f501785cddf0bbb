import { Link } from "react-router";
import type { IntegrityFlag } from "../api/schema";

const kindLabels: Record<IntegrityFlag["kind"], string> = {
  similarity: "Similar code",
  late_scorecard: "Late scorecard",
  large_paste: "Large paste",
};

/**
 * The application's integrity flags (similar challenge code, late scorecards, the candidate's
 * large pastes in live pads: decisions/decision-evidence.ts `integrityFlagSources`). A flag is
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
            {flags.map((flag, index) => (
              // Two pastes in one minute can share a title and a link; the order is the server's.
              // biome-ignore lint/suspicious/noArrayIndexKey: flags have no id and the list is never reordered.
              <li key={`${index}:${flag.kind}:${flag.title}`} className="integrity-flag">
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
