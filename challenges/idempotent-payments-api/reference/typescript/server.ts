import { randomUUID } from "node:crypto";
import http from "node:http";

interface Payment {
  id: string;
  amount: number;
  currency: string;
  reference: string;
  status: "captured";
}

/** id -> payment, in creation order (a Map keeps insertion order). */
const payments = new Map<string, Payment>();
/** Idempotency-Key -> { fingerprint, status, body } of the first response. */
const keys = new Map<string, { fingerprint: string; status: number; body: Payment }>();

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function validatePayment(value: any): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "body must be a JSON object";
  const { amount, currency, reference } = value;
  if (!Number.isInteger(amount) || amount <= 0) return "amount must be a positive integer";
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) return "currency must be three uppercase letters";
  if (typeof reference !== "string" || reference.length === 0 || reference.length > 64) {
    return "reference must be a non-empty string of at most 64 characters";
  }
  return undefined;
}

async function createPayment(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const key = req.headers["idempotency-key"];
  const text = await readBody(req);
  if (typeof key !== "string" || key.length < 1 || key.length > 64) {
    return send(res, 400, { error: "Idempotency-Key header must be 1-64 characters" });
  }
  let value: any;
  try {
    value = JSON.parse(text);
  } catch {
    return send(res, 400, { error: "body must be valid JSON" });
  }
  const problem = validatePayment(value);
  if (problem) return send(res, 400, { error: problem });
  const { amount, currency, reference } = value;
  const fingerprint = JSON.stringify([amount, currency, reference]);
  const existing = keys.get(key);
  if (existing) {
    if (existing.fingerprint !== fingerprint) {
      return send(res, 422, { error: "Idempotency-Key was already used with a different body" });
    }
    return send(res, existing.status, existing.body, { "Idempotent-Replayed": "true" });
  }
  // Check and insert happen in the same synchronous turn, so concurrent requests cannot race.
  const payment: Payment = { id: randomUUID(), amount, currency, reference, status: "captured" };
  payments.set(payment.id, payment);
  keys.set(key, { fingerprint, status: 201, body: payment });
  return send(res, 201, payment);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === "/payments" && req.method === "POST") return createPayment(req, res);
  if (url.pathname === "/payments" && req.method === "GET") {
    const raw = url.searchParams.get("limit");
    const limit = raw === null ? 20 : /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return send(res, 400, { error: "limit must be an integer from 1 to 100" });
    }
    return send(res, 200, { items: [...payments.values()].reverse().slice(0, limit) });
  }
  const match = /^\/payments\/([^/]+)$/.exec(url.pathname);
  if (match && req.method === "GET") {
    const payment = payments.get(decodeURIComponent(match[1] ?? ""));
    return payment ? send(res, 200, payment) : send(res, 404, { error: "payment not found" });
  }
  return send(res, 404, { error: "not found" });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch(() => send(res, 500, { error: "internal error" }));
});
server.listen(Number(process.env.PORT), "127.0.0.1");
