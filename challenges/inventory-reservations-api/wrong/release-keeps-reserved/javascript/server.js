import { randomUUID } from "node:crypto";
import http from "node:http";

/** sku -> { sku, stock, reserved } */
const products = new Map();
/** id -> { id, sku, quantity, status: "pending" | "confirmed" | "released" } */
const reservations = new Map();
const skuPattern = /^[A-Z0-9-]{1,32}$/;

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The parsed JSON object of the request, or the 400 message for it. */
async function readObject(req) {
  const text = await readBody(req);
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: "body must be valid JSON" };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { error: "body must be a JSON object" };
  }
  return { value };
}

function showProduct(product) {
  const { sku, stock, reserved } = product;
  return { sku, stock, reserved, available: stock - reserved };
}

async function createProduct(req, res) {
  const { value, error } = await readObject(req);
  if (error) return send(res, 400, { error });
  const { sku, stock } = value;
  if (typeof sku !== "string" || !skuPattern.test(sku)) {
    return send(res, 400, { error: "sku must be 1-32 characters from A-Z, 0-9 and -" });
  }
  if (!Number.isInteger(stock) || stock < 0) {
    return send(res, 400, { error: "stock must be an integer >= 0" });
  }
  if (products.has(sku)) return send(res, 409, { error: "a product with this sku exists" });
  const product = { sku, stock, reserved: 0 };
  products.set(sku, product);
  return send(res, 201, showProduct(product));
}

async function reserve(req, res) {
  const { value, error } = await readObject(req);
  if (error) return send(res, 400, { error });
  const { sku, quantity } = value;
  if (typeof sku !== "string" || sku.length === 0) return send(res, 400, { error: "sku must be a string" });
  if (!Number.isInteger(quantity) || quantity < 1) {
    return send(res, 400, { error: "quantity must be an integer >= 1" });
  }
  const product = products.get(sku);
  if (!product) return send(res, 404, { error: "product not found" });
  // No await between this check and the write below: Node runs them in one turn, so concurrent
  // requests see each other's reservations and can never oversell.
  if (product.stock - product.reserved < quantity) {
    return send(res, 409, { error: "not enough stock available" });
  }
  product.reserved += quantity;
  const reservation = { id: randomUUID(), sku, quantity, status: "pending" };
  reservations.set(reservation.id, reservation);
  return send(res, 201, reservation);
}

/** Confirms (the units leave stock) or releases (they become available again) a pending reservation. */
function settle(res, id, outcome) {
  const reservation = reservations.get(id);
  if (!reservation) return send(res, 404, { error: "reservation not found" });
  if (reservation.status !== "pending") {
    return send(res, 409, { error: `reservation is already ${reservation.status}` });
  }
  const product = products.get(reservation.sku);
  if (outcome === "confirmed") {
    product.reserved -= reservation.quantity;
    product.stock -= reservation.quantity;
  }
  reservation.status = outcome;
  return send(res, 200, reservation);
}

async function handle(req, res) {
  const { pathname } = new URL(req.url ?? "/", "http://localhost");
  const method = req.method;
  if (pathname === "/products" && method === "POST") return createProduct(req, res);
  if (pathname === "/reservations" && method === "POST") return reserve(req, res);
  const product = /^\/products\/([^/]+)$/.exec(pathname);
  if (product && method === "GET") {
    const found = products.get(decodeURIComponent(product[1] ?? ""));
    return found ? send(res, 200, showProduct(found)) : send(res, 404, { error: "product not found" });
  }
  const reservation = /^\/reservations\/([^/]+)$/.exec(pathname);
  const id = decodeURIComponent(reservation?.[1] ?? "");
  if (reservation && method === "GET") {
    const found = reservations.get(id);
    return found ? send(res, 200, found) : send(res, 404, { error: "reservation not found" });
  }
  if (reservation && method === "DELETE") return settle(res, id, "released");
  const confirm = /^\/reservations\/([^/]+)\/confirm$/.exec(pathname);
  if (confirm && method === "POST") return settle(res, decodeURIComponent(confirm[1] ?? ""), "confirmed");
  return send(res, 404, { error: "not found" });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch(() => send(res, 500, { error: "internal error" }));
});
server.listen(Number(process.env.PORT), "127.0.0.1");
