import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { Health } from "../api/schema";
import { useSession } from "../auth/session";

/**
 * Tells admins when this server cannot grade challenge code (bubblewrap missing or unusable):
 * candidates' submissions then wait as infrastructure failures and are graded once it works.
 * Others see nothing: they cannot fix it.
 */
export function GradingUnavailableBanner() {
  const session = useSession();
  const isAdmin = session.activeOrganization?.role === "admin";
  const health = useQuery({
    queryKey: ["health"],
    queryFn: ({ signal }) => apiFetch<Health>("/api/health", { signal }),
    enabled: isAdmin,
    // The server re-probes the sandbox at most every 30 s.
    refetchInterval: 60_000,
  });
  if (!isAdmin || health.data?.sandbox !== "unavailable") return null;
  return (
    <p className="notice grading-unavailable-notice" role="status">
      Challenge grading is unavailable on this server: code cannot run in the sandbox. Submissions wait and
      are graded automatically once it works. Run <code>npx evident doctor</code> on the server to see what is
      missing and how to fix it.
    </p>
  );
}
