import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "../api/client";

interface DemoStatus {
  state: "absent" | "preparing" | "ready" | "failed";
  percent: number;
}

/**
 * On a first start the server answers before its demo organisation exists; until it does, the
 * demo logins printed in the terminal do not work yet. This says so, with how far it has got.
 */
export function DemoStatusNotice() {
  const status = useQuery({
    queryKey: ["demo-status"],
    queryFn: () => apiFetch<DemoStatus>("/api/demo/status"),
    refetchInterval: (query) => (query.state.data?.state === "preparing" ? 1000 : false),
  });
  if (status.data?.state === "preparing") {
    return (
      <p className="notice" role="status">
        The demo organisation is being prepared… ({status.data.percent}%). Its logins work once it is ready.
      </p>
    );
  }
  if (status.data?.state === "failed") {
    return (
      <p className="notice" role="status">
        Preparing the demo organisation failed; the server's log says why.
      </p>
    );
  }
  return null;
}
