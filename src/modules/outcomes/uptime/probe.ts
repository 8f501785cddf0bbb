import http from "node:http";
import https from "node:https";
import { AppError } from "../../../platform/errors.ts";
import { checkProbeTarget, type ResolveHost, systemResolve } from "./probe-guard.ts";

/** One uptime check as the probe saw it. */
export interface ProbeResult {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  /** Why the check failed (timeout, refused address, connection error); null when it answered. */
  error: string | null;
}

export interface ProbeSettings {
  url: string;
  timeoutMs: number;
  expectedStatus: number;
}

/**
 * One HTTP GET of a probe's URL. Good when the expected status arrives within the timeout;
 * redirects are not followed (a 301 is compared with the expected status like any other), so
 * a redirect cannot lead the probe somewhere the guard did not check. The connection goes to
 * the address the guard checked, never to a second DNS answer.
 */
export async function runProbe(
  settings: ProbeSettings,
  options: { resolve?: ResolveHost; now?: () => number } = {},
): Promise<ProbeResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let target: Awaited<ReturnType<typeof checkProbeTarget>>;
  try {
    target = await checkProbeTarget(settings.url, options.resolve ?? systemResolve);
  } catch (error) {
    const reason = error instanceof AppError ? error.detail : "the probe URL could not be checked";
    return { ok: false, statusCode: null, latencyMs: 0, error: reason };
  }
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise<ProbeResult>((resolve) => {
    const finish = (statusCode: number | null, error: string | null) => {
      resolve({
        ok: error === null && statusCode === settings.expectedStatus,
        statusCode,
        latencyMs: Math.max(0, Math.round(now() - started)),
        error,
      });
    };
    const request = client.request(
      target.url,
      {
        method: "GET",
        headers: { "user-agent": "Evident-Uptime-Probe/1", accept: "*/*" },
        // The checked address, whatever DNS would say now.
        lookup: (_host, lookupOptions, callback) => {
          // Node asks for every address (happy eyeballs) or for one, depending on its settings.
          const answer = callback as (error: null, address: unknown, family?: number) => void;
          if ((lookupOptions as { all?: boolean }).all) {
            answer(null, [{ address: target.address, family: target.family }]);
          } else {
            answer(null, target.address, target.family);
          }
        },
      },
      (response) => {
        // Only the status matters; drain the body without keeping it.
        response.resume();
        response.on("end", () => finish(response.statusCode ?? null, null));
        response.on("error", () => finish(response.statusCode ?? null, null));
      },
    );
    // The whole check, connection to last byte, within the timeout (the socket option would
    // only bound idle time between packets).
    const timer = setTimeout(() => {
      finish(null, `no answer within ${settings.timeoutMs} ms`);
      request.destroy();
    }, settings.timeoutMs);
    request.on("close", () => clearTimeout(timer));
    request.on("error", (error: NodeJS.ErrnoException) => {
      finish(null, error.code ? `connection failed (${error.code})` : "connection failed");
    });
    request.end();
  });
}
