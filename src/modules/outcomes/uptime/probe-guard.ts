import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AppError } from "../../../platform/errors.ts";

/**
 * Which URLs an uptime probe may fetch. A probe is a request the server makes on an admin's
 * behalf, so it must never reach the cloud metadata service or link-local addresses (SSRF):
 * only http(s), and no address in 169.254.0.0/16 (IPv4 link-local, where 169.254.169.254 is
 * the metadata service of AWS, GCP and Azure), fe80::/10 (IPv6 link-local) or fd00::/8 (where
 * AWS serves IPv6 metadata, fd00:ec2::254), nor their IPv4-mapped IPv6 forms. The rule is
 * checked when the probe is configured and again on every probe, on the addresses DNS returns
 * then; the probe connects to the address that was checked, so a DNS answer that changes
 * between check and connection (rebinding) cannot slip through.
 */

const refused = new BlockList();
refused.addSubnet("169.254.0.0", 16, "ipv4");
refused.addSubnet("0.0.0.0", 8, "ipv4");
refused.addSubnet("fe80::", 10, "ipv6");
refused.addSubnet("fd00::", 8, "ipv6");

/** Names that resolve to a metadata service inside the clouds that define them. */
const metadataHostNames = new Set(["metadata.google.internal", "metadata.goog", "metadata", "instance-data"]);

/** Why an address may not be probed, or null when it may. */
export function refusalOfAddress(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return "is not an IP address";
  const mapped = family === 6 ? ipv4MappedOf(address) : null;
  if (mapped !== null) return refusalOfAddress(mapped);
  if (refused.check(address, family === 4 ? "ipv4" : "ipv6")) {
    return `resolves to ${address}, a link-local or metadata address that probes may not reach`;
  }
  return null;
}

/** ::ffff:169.254.169.254 and ::ffff:a9fe:a9fe are IPv4 addresses in IPv6 clothing. */
function ipv4MappedOf(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted =
    /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower) ??
    /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

/** The URL's own refusals (scheme, credentials, metadata names, literal addresses); no DNS. */
export function refusalOfUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not an absolute URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `uses ${url.protocol.replace(/:$/, "")}; only http and https URLs may be probed`;
  }
  if (url.username || url.password) return "must not carry a user name or password";
  const host = url.hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (metadataHostNames.has(host)) return `names ${host}, a cloud metadata service that probes may not reach`;
  if (isIP(host) !== 0) return refusalOfAddress(host);
  return null;
}

export type ResolveHost = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolve: ResolveHost = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Every address the URL's host resolves to must be allowed; the answer is the one the probe
 * connects to. Throws a 400 AppError naming the refusal (configure time and probe time alike).
 */
export async function checkProbeTarget(
  raw: string,
  resolve: ResolveHost = systemResolve,
): Promise<{ url: URL; address: string; family: number }> {
  const refusal = refusalOfUrl(raw);
  if (refusal) throw probeRefusal(refusal);
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses =
    isIP(host) !== 0
      ? [{ address: host, family: isIP(host) }]
      : await resolve(host).catch(() => {
          throw probeRefusal(`names ${host}, which does not resolve`);
        });
  if (addresses.length === 0) throw probeRefusal(`names ${host}, which does not resolve`);
  for (const { address } of addresses) {
    const addressRefusal = refusalOfAddress(address);
    if (addressRefusal) throw probeRefusal(`host ${host} ${addressRefusal}`);
  }
  const [first] = addresses;
  return { url, address: first?.address ?? host, family: first?.family ?? 4 };
}

function probeRefusal(reason: string): AppError {
  return new AppError("bad_request", `The probe URL ${reason}.`, {
    fieldErrors: [{ path: "body.url", message: reason }],
  });
}
