// ES module (import/export) or CommonJS (require/module.exports) syntax both work; types are not checked.
import http from "node:http";

// Implement the product service described in the prompt (GET and PUT /products/{id} in front of
// the upstream at process.env.UPSTREAM_URL, with a cache). Standard library only; the global
// fetch() is available for calling the upstream, e.g. fetch(`${process.env.UPSTREAM_URL}/items/7`).

const server = http.createServer((req: http.IncomingMessage, res: http.ServerResponse) => {
  const body = JSON.stringify({ error: "not found" });
  res.writeHead(404, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(Number(process.env.PORT), "127.0.0.1");
