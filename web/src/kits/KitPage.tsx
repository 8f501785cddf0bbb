import { lazy, Suspense, useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { ApiError } from "../api/client";
import type { KitContent, KitDetail, KitVersion } from "../api/schema";
import { Breadcrumb } from "../ui/Breadcrumb";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { KitQuestions, KitRubric } from "./KitContentView";
import { kitKindLabels, kitSourceLabels, useCanEditKits, useKit } from "./kits";

// The editor validates with the server's kit schema (zod): loaded only for those who may edit.
const KitEditor = lazy(() => import("./KitEditor").then((m) => ({ default: m.KitEditor })));

export function KitPage() {
  const { slug = "" } = useParams();
  const kit = useKit(slug);

  return (
    <article className="page kit-page">
      <Breadcrumb to="/interviews/kits">Interview kits</Breadcrumb>
      {kit.isPending && <Loading what="the kit" />}
      {kit.isError &&
        (kit.error instanceof ApiError && (kit.error.status === 404 || kit.error.status === 400) ? (
          <>
            <title>Kit not found – Evident</title>
            <h1>Kit not found</h1>
            <p>There is no interview kit with this name in the library or in this organisation.</p>
          </>
        ) : (
          <LoadFailed error={kit.error} onRetry={() => void kit.refetch()} />
        ))}
      {kit.data && <KitDetails detail={kit.data} />}
    </article>
  );
}

function KitDetails({ detail }: { detail: KitDetail }) {
  const canEdit = useCanEditKits();
  const [savedMessage, setSavedMessage] = useState("");
  // The version shown lives in the address so a link can point at exactly what was asked.
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = Number(searchParams.get("version"));
  const selected: KitVersion | undefined =
    detail.versions.find((version) => version.version === requested) ?? detail.versions[0];
  const content: KitContent | null = selected?.content ?? detail.builtIn;
  if (!content) return null;

  return (
    <>
      <title>{`${content.title} – Interview kits – Evident`}</title>
      <div className="page-heading">
        <div>
          <h1>{content.title}</h1>
          <p className="kit-card-meta">
            <span>{kitKindLabels[content.kind]}</span>
            <span className={`source-badge source-badge-${detail.builtIn ? "built_in" : "custom"}`}>
              {kitSourceLabels[detail.builtIn ? "built_in" : "custom"]}
            </span>
            {selected ? (
              <span>Version {selected.version}</span>
            ) : (
              <span className="muted">Library content, not used in this organisation yet</span>
            )}
            {selected?.frozenAt && <span className="frozen-badge">Frozen</span>}
          </p>
        </div>
      </div>
      <p className="lead">{content.summary}</p>
      <dl className="role-details">
        <div>
          <dt>Minimum duration</dt>
          <dd>{content.minimumDurationMinutes} minutes</dd>
        </div>
        <div>
          <dt>Minimum questions</dt>
          <dd>{content.minimumQuestions}</dd>
        </div>
        <div>
          <dt>Slug</dt>
          <dd>
            <code>{content.slug}</code>
          </dd>
        </div>
        {selected?.frozenAt && (
          <div>
            <dt>Frozen since</dt>
            <dd>
              <time dateTime={selected.frozenAt}>{formatDateTime(selected.frozenAt)}</time>
            </dd>
          </div>
        )}
      </dl>

      {detail.versions.length > 0 && (
        <section aria-labelledby="kit-versions-heading">
          <h2 id="kit-versions-heading">Versions</h2>
          <ol className="kit-versions">
            {detail.versions.map((version) => (
              <li key={version.id}>
                {version.id === selected?.id ? (
                  <strong aria-current="true">Version {version.version}</strong>
                ) : (
                  <button
                    type="button"
                    className="kit-version-button"
                    onClick={() => setSearchParams({ version: String(version.version) }, { replace: true })}
                  >
                    Version {version.version}
                  </button>
                )}{" "}
                <span className="muted">
                  saved <time dateTime={version.createdAt}>{formatDateTime(version.createdAt)}</time>
                </span>
                {version.frozenAt ? (
                  <span className="frozen-badge">Frozen</span>
                ) : (
                  <span className="muted"> · not used by an interview yet</span>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}

      <section aria-labelledby="kit-competencies-heading">
        <h2 id="kit-competencies-heading">Competencies</h2>
        <dl className="kit-competencies">
          {content.competencies.map((competency) => (
            <div key={competency.id}>
              <dt>{competency.name}</dt>
              <dd>{competency.description}</dd>
            </div>
          ))}
        </dl>
      </section>
      <KitQuestions kit={content} />
      <KitRubric rubric={content.rubric} />
      {canEdit && (
        <Suspense fallback={<Loading what="the kit editor" />}>
          <KitEditor
            key={selected?.id ?? "library"}
            content={content}
            saved={savedMessage}
            onSaved={setSavedMessage}
          />
        </Suspense>
      )}
    </>
  );
}
