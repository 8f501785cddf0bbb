import type { HistoryFiles } from "../../src/modules/analytics/history-import.ts";
import type { TestServer } from "./server.ts";

/** Uploads history files as the multipart form POST /api/v1/analytics/history takes. */
export async function uploadHistory(server: TestServer, token: string, files: Partial<HistoryFiles>) {
  const form = new FormData();
  for (const [name, text] of Object.entries(files)) {
    form.append(name, new Blob([text], { type: "text/csv" }), `${name}.csv`);
  }
  const response = await fetch(`${server.url}/api/v1/analytics/history`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
