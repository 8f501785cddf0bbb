import { Link } from "react-router";
import type { KitSummary } from "../api/schema";
import { Breadcrumb } from "../ui/Breadcrumb";
import { LoadFailed, Loading } from "../ui/QueryState";
import { kitKindLabels, kitKinds, kitSourceLabels, useCanEditKits, useKits } from "./kits";

export function KitsPage() {
  const kits = useKits();
  const canEdit = useCanEditKits();

  return (
    <article className="page">
      <title>Interview kits – Interviews – Evident</title>
      <Breadcrumb to="/interviews">Interviews</Breadcrumb>
      <h1>Interview kits</h1>
      <p className="lead">
        Every kit is a fixed set of questions with pre-written probes and a rubric whose levels each describe
        observable behaviour. A kit version is frozen once an interview uses it, so every candidate of a role
        is asked the same questions.
      </p>
      {canEdit && (
        <p className="muted">
          To change a kit, open it and save a new version; to make a kit of your own, save a version of any
          kit under a new slug.
        </p>
      )}
      {kits.isPending && <Loading what="interview kits" />}
      {kits.isError && <LoadFailed error={kits.error} onRetry={() => void kits.refetch()} />}
      {kits.data &&
        kitKinds.map((kind) => {
          const ofKind = kits.data.items.filter((kit) => kit.kind === kind);
          if (ofKind.length === 0) return null;
          return (
            <section key={kind} aria-labelledby={`kits-${kind}`}>
              <h2 id={`kits-${kind}`}>{kitKindLabels[kind]}</h2>
              <ul className="kit-list">
                {ofKind.map((kit) => (
                  <KitListItem key={kit.slug} kit={kit} />
                ))}
              </ul>
            </section>
          );
        })}
    </article>
  );
}

function KitListItem({ kit }: { kit: KitSummary }) {
  return (
    <li className="kit-card">
      <Link to={`/interviews/kits/${encodeURIComponent(kit.slug)}`} className="kit-card-title">
        {kit.title}
      </Link>
      <p className="kit-card-meta">
        <span className={`source-badge source-badge-${kit.source}`}>{kitSourceLabels[kit.source]}</span>
        {kit.latestVersion === null ? (
          <span className="muted">Not used yet</span>
        ) : (
          <span>Version {kit.latestVersion}</span>
        )}
        {kit.frozen && <span className="frozen-badge">Frozen</span>}
      </p>
    </li>
  );
}
