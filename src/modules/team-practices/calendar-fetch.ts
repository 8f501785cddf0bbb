import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import { AppError } from "../../platform/errors.ts";
import { type ResolveHost, systemResolve } from "../outcomes/uptime/probe-guard.ts";

/**
 * Fetching a member's calendar from a URL they typed: a request the server makes on their behalf,
 * so it must reach only the public internet (SSRF). Stricter than the uptime probe, which may
 * watch internal services: here loopback, private, shared (CGNAT), link-local, metadata,
 * multicast and reserved addresses are all refused, checked on the addresses DNS returns, and
 * the connection goes to the address that was checked (no second DNS answer, no rebinding).
 * Redirects are not followed; the body is limited in size and the whole fetch in time.
 */

export const CALENDAR_MAX_BYTES = 2 * 1024 * 1024;
export const CALENDAR_TIMEOUT_MS = 10_000;

const refused = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  refused.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const) {
  refused.addSubnet(network, prefix, "ipv6");
}

const metadataHostNames = new Set([
  "metadata.google.internal",
  "metadata.goog",
  "metadata",
  "instance-data",
  "localhost",
]);

/** ::ffff:10.0.0.1 and ::ffff:a00:1 are IPv4 addresses in IPv6 clothing. */
function ipv4MappedOf(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

/** Why a calendar may not be fetched from this address, or null when it may. */
export function refusalOfCalendarAddress(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return "is not an IP address";
  const mapped = family === 6 ? ipv4MappedOf(address) : null;
  if (mapped !== null) return refusalOfCalendarAddress(mapped);
  if (refused.check(address, family === 4 ? "ipv4" : "ipv6")) {
    return `resolves to ${address}, a loopback, private, link-local or reserved address`;
  }
  return null;
}

function refusal(reason: string): AppError {
  return new AppError("bad_request", `The calendar URL ${reason}.`, {
    fieldErrors: [{ path: "url", message: reason }],
  });
}

export interface CalendarFetchOptions {
  resolve?: ResolveHost;
  /** Tests widen the address rule to reach their own local server; production never does. */
  refusalOfAddress?: (address: string) => string | null;
  maxBytes?: number;
  timeoutMs?: number;
}

/** Checks the URL and every address its host resolves to; the answer is the address to connect to. */
export async function checkCalendarUrl(raw: string, options: CalendarFetchOptions = {}) {
  const refusalOfAddress = options.refusalOfAddress ?? refusalOfCalendarAddress;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refusal("is not an absolute URL");
  }
  // webcal:// is how many calendar apps share a feed; it means https.
  if (url.protocol === "webcal:") url = new URL(`https:${url.href.slice("webcal:".length)}`);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw refusal(`uses ${url.protocol.replace(/:$/, "")}; only http and https calendars can be imported`);
  }
  if (url.username || url.password) throw refusal("must not carry a user name or password");
  const host = url.hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (metadataHostNames.has(host) || host.endsWith(".localhost") || host.endsWith(".internal")) {
    throw refusal(`names ${host}, which is not on the public internet`);
  }
  const addresses =
    isIP(host) !== 0
      ? [{ address: host, family: isIP(host) }]
      : await (options.resolve ?? systemResolve)(host).catch(() => {
          throw refusal(`names ${host}, which does not resolve`);
        });
  const [first] = addresses;
  if (!first) throw refusal(`names ${host}, which does not resolve`);
  for (const { address } of addresses) {
    const reason = refusalOfAddress(address);
    if (reason) throw refusal(isIP(host) !== 0 ? reason : `host ${host} ${reason}`);
  }
  return { url, address: first.address, family: first.family };
}

/** GETs the calendar's text from a checked address, within the size and time limits. */
export async function fetchCalendar(raw: string, options: CalendarFetchOptions = {}): Promise<string> {
  const target = await checkCalendarUrl(raw, options);
  const maxBytes = options.maxBytes ?? CALENDAR_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? CALENDAR_TIMEOUT_MS;
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise<string>((resolve, reject) => {
    let isSettled = false;
    const settle = (error: AppError | null, body?: string) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(body ?? "");
    };
    const request = client.request(
      target.url,
      {
        method: "GET",
        headers: { "user-agent": "Evident-Calendar-Import/1", accept: "text/calendar, */*;q=0.5" },
        lookup: (_host, lookupOptions, callback) => {
          const answer = callback as (error: null, address: unknown, family?: number) => void;
          if ((lookupOptions as { all?: boolean }).all)
            answer(null, [{ address: target.address, family: target.family }]);
          else answer(null, target.address, target.family);
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          response.resume();
          settle(refusal("redirects elsewhere; give the calendar's final address"));
          return;
        }
        if (status !== 200) {
          response.resume();
          settle(refusal(`answered ${status}, not a calendar`));
          return;
        }
        const declared = Number(response.headers["content-length"] ?? 0);
        if (declared > maxBytes) {
          response.destroy();
          settle(
            new AppError(
              "payload_too_large",
              `The calendar is larger than ${Math.round(maxBytes / 1024)} KB.`,
            ),
          );
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            response.destroy();
            settle(
              new AppError(
                "payload_too_large",
                `The calendar is larger than ${Math.round(maxBytes / 1024)} KB.`,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => settle(null, Buffer.concat(chunks).toString("utf8")));
        response.on("error", () => settle(refusal("could not be read to the end")));
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      settle(refusal(`did not answer within ${Math.round(timeoutMs / 1000)} seconds`));
    }, timeoutMs);
    request.on("error", () => settle(refusal("could not be reached")));
    request.end();
  });
}
