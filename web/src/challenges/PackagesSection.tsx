import { type FormEvent, useId, useRef, useState } from "react";
import type { ChallengePackage } from "../api/schema";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import {
  languageLabel,
  useDeletePackage,
  useIsAdmin,
  usePackage,
  usePackages,
  useRegradePackage,
  useUploadPackage,
  validationReportOf,
} from "./challenges";
import { StatusBadge } from "./StatusBadge";
import { ValidationReportTable } from "./ValidationReportTable";

/** The organisation's own packages; admins and hiring managers may upload and delete them. */
export function PackagesSection({ canManage }: { canManage: boolean }) {
  const packages = usePackages();

  return (
    <section aria-labelledby="challenge-packages-heading" className="challenge-packages">
      <h2 id="challenge-packages-heading">Your organisation's packages</h2>
      <p className="muted">
        A package is a zip of a challenge folder: challenge.json, prompt.md, tests, starters, a reference
        solution and wrong solutions. After upload every reference must score full marks and every wrong
        solution must fail its named tests; only a valid package can go into a hiring plan.
      </p>
      {canManage && <UploadPackageForm />}
      {packages.isPending && <Loading what="packages" />}
      {packages.isError && <LoadFailed error={packages.error} onRetry={() => void packages.refetch()} />}
      {packages.data &&
        (packages.data.items.length === 0 ? (
          <p className="empty-state">No packages have been uploaded yet.</p>
        ) : (
          <ul className="package-list">
            {packages.data.items.map((listed) => (
              <PackageItem key={listed.id} listed={listed} canManage={canManage} />
            ))}
          </ul>
        ))}
    </section>
  );
}

function UploadPackageForm() {
  const upload = useUploadPackage();
  const fileId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [announcement, setAnnouncement] = useState("");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return;
    setAnnouncement("");
    upload.mutate(file, {
      onSuccess: (accepted) => {
        setAnnouncement(`${accepted.title} was uploaded and is being validated.`);
        setFile(null);
        formRef.current?.reset();
      },
    });
  }

  return (
    <form
      ref={formRef}
      className="panel package-upload"
      onSubmit={submit}
      aria-labelledby={`${fileId}-heading`}
    >
      <h3 id={`${fileId}-heading`} className="panel-heading">
        Upload a package
      </h3>
      <Field
        id={fileId}
        label="Package zip"
        required
        hint="At most 5 MiB. Uploading a package with the id of one you already have replaces it, as long as no candidate has opened it."
      >
        {(control) => (
          <input
            {...control}
            type="file"
            accept=".zip,application/zip"
            required
            onChange={(event) => {
              upload.reset();
              setFile(event.target.files?.[0] ?? null);
            }}
          />
        )}
      </Field>
      <FormError error={upload.error} labelFor={(path) => (path === "package" ? "Problem" : path)} />
      <p role="status" className={announcement ? "form-success" : undefined}>
        {announcement}
      </p>
      <div className="form-actions">
        <button type="submit" className="button" disabled={upload.isPending || file === null}>
          {upload.isPending ? "Uploading…" : "Upload package"}
        </button>
      </div>
    </form>
  );
}

function PackageItem({ listed, canManage }: { listed: ChallengePackage; canManage: boolean }) {
  const current = usePackage(listed);
  const removal = useDeletePackage();
  const [confirming, setConfirming] = useState(false);
  const item = current.data;
  const report = validationReportOf(item.report);
  const headingId = `package-${item.id}`;

  return (
    <li className="package-item" aria-labelledby={headingId}>
      <div className="package-item-header">
        <h3 id={headingId}>
          {item.title} <span className="cell-secondary">{item.challengeId}</span>
        </h3>
        <div aria-live="polite">
          <StatusBadge status={item.status} />
        </div>
      </div>
      <p className="muted">
        {item.kind} · {item.languages.map(languageLabel).join(", ")} · uploaded{" "}
        <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
        {item.validatedAt && (
          <>
            {" "}
            · validated <time dateTime={item.validatedAt}>{formatDateTime(item.validatedAt)}</time>
          </>
        )}
      </p>
      {item.status === "validating" && (
        <p className="muted">The reference and wrong solutions are being graded in the sandbox…</p>
      )}
      {current.isError && <FormError error={current.error} />}
      {report && (
        <>
          <ValidationReportTable report={report} title={item.title} />
          <p className="hint">
            The reference is ok when it scores full marks; a wrong solution is ok when it fails the tests it
            is meant to fail.
          </p>
        </>
      )}
      {canManage &&
        (confirming ? (
          <div className="confirm">
            <span>Delete {item.title}?</span>
            <button
              type="button"
              className="button button-danger"
              disabled={removal.isPending}
              onClick={() => removal.mutate(item.id, { onSettled: () => setConfirming(false) })}
            >
              Confirm delete
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={removal.isPending}
            onClick={() => {
              removal.reset();
              setConfirming(true);
            }}
          >
            Delete {item.title}
          </button>
        ))}
      <FormError error={removal.error} />
      {item.status === "valid" && <RegradePackageSubmissions item={item} />}
    </li>
  );
}

/**
 * Admins only: after replacing a package, its candidates' Submits can be graded again with it.
 * Earlier grades stay readable on each candidate's challenge results; the new ones count.
 */
function RegradePackageSubmissions({ item }: { item: ChallengePackage }) {
  const isAdmin = useIsAdmin();
  const regrade = useRegradePackage();
  if (!isAdmin) return null;
  return (
    <div className="package-regrade">
      <p className="hint">
        Replaced this package? Grade every finished Submit of {item.challengeId} again with it. Earlier grades
        stay readable on each candidate's results; the new grades count.
      </p>
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={regrade.isPending}
        onClick={() => regrade.mutate(item.id)}
      >
        {regrade.isPending ? "Queuing regrades…" : `Regrade submissions of ${item.title}`}
      </button>
      <p aria-live="polite" className="muted">
        {regrade.data &&
          (regrade.data.requeued === 0
            ? "No finished Submits to regrade."
            : `${regrade.data.requeued} Submit${regrade.data.requeued === 1 ? "" : "s"} queued for regrading.`)}
      </p>
      <FormError error={regrade.error} />
    </div>
  );
}
