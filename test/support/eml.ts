import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export interface ParsedEmail {
  /** Header names in lower case, folded lines joined. */
  headers: Map<string, string>;
  /** The leaf parts, decoded: text/plain and text/html for Evident's emails. */
  parts: { contentType: string; body: string }[];
}

function splitHeadersAndBody(raw: string): { headers: Map<string, string>; body: string } {
  const separator = raw.indexOf("\r\n\r\n");
  if (separator < 0) throw new Error("No blank line between headers and body");
  const headers = new Map<string, string>();
  const unfolded = raw.slice(0, separator).replace(/\r\n[ \t]+/g, " ");
  for (const line of unfolded.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Error(`Malformed header line: ${line}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(separator + 4) };
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const joined = text.replace(/=\r\n/g, "");
  for (let index = 0; index < joined.length; index++) {
    const char = joined[index] ?? "";
    const hex = joined.slice(index + 1, index + 3);
    if (char === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(char, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return body;
}

/** A small RFC 5322 / MIME reader, enough to check what Evident writes (CRLF line ends required). */
export function parseEml(raw: string): ParsedEmail {
  const { headers, body } = splitHeadersAndBody(raw);
  const contentType = headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!contentType.toLowerCase().startsWith("multipart/") || !boundary) {
    return { headers, parts: [{ contentType, body: decodeBody(headers, body) }] };
  }
  // A calendar invitation nests the text and HTML parts one level down (multipart/mixed around
  // multipart/alternative), so nested multiparts are read into the same flat list of leaves.
  const parts = body
    .split(`--${boundary}`)
    .slice(1)
    .filter((part) => !part.startsWith("--"))
    .flatMap((part) => {
      const raw = part.replace(/^\r\n/, "");
      const leaf = splitHeadersAndBody(raw);
      const leafType = leaf.headers.get("content-type") ?? "text/plain";
      if (leafType.toLowerCase().startsWith("multipart/")) return parseEml(raw.replace(/\r\n$/, "")).parts;
      return [{ contentType: leafType, body: decodeBody(leaf.headers, leaf.body.replace(/\r\n$/, "")) }];
    });
  return { headers, parts };
}

export function textPart(email: ParsedEmail): string {
  const part = email.parts.find((item) => item.contentType.startsWith("text/plain"));
  if (!part) throw new Error("The email has no text/plain part");
  return part.body;
}

/** Every .eml file of an outbox directory, raw and parsed. */
export async function readOutboxFiles(outboxDir: string) {
  const names = (await readdir(outboxDir).catch(() => [] as string[])).filter((name) =>
    name.endsWith(".eml"),
  );
  return Promise.all(
    names.map(async (fileName) => {
      const raw = await readFile(path.join(outboxDir, fileName), "utf8");
      return { fileName, raw, email: parseEml(raw) };
    }),
  );
}

/** The sign-in token of a portal link in an email's text. */
export function signInTokenOf(text: string): string {
  const match = /\/portal\/sign-in\?token=([\w-]+)/.exec(text);
  if (!match?.[1]) throw new Error("No sign-in link in the email");
  return match[1];
}
