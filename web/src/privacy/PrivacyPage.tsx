import { ApiError } from "../api/client";
import { useIsAdmin } from "../auth/session";
import { LoadFailed, Loading } from "../ui/QueryState";
import { CandidateDataTool } from "./CandidateDataTool";
import { PrivacySettingsForm } from "./PrivacySettingsForm";
import { usePrivacySettings } from "./privacy";

export function PrivacyPage() {
  const isAdmin = useIsAdmin();
  return (
    <section aria-labelledby="privacy-heading">
      <title>Privacy – Settings – Evident</title>
      <h2 id="privacy-heading">Privacy</h2>
      {isAdmin ? <PrivacyTools /> : <AdminsOnly />}
    </section>
  );
}

function AdminsOnly() {
  return (
    <p className="notice">
      Privacy settings and candidate data requests are for admins only. Ask an admin of this organisation to
      export or erase a candidate's data.
    </p>
  );
}

function PrivacyTools() {
  const settings = usePrivacySettings();

  if (settings.isPending) return <Loading what="the privacy settings" />;
  if (settings.data === undefined) {
    if (settings.error instanceof ApiError && settings.error.status === 403) return <AdminsOnly />;
    return <LoadFailed error={settings.error} onRetry={() => void settings.refetch()} />;
  }
  return (
    <>
      <PrivacySettingsForm settings={settings.data} />
      <CandidateDataTool />
    </>
  );
}
