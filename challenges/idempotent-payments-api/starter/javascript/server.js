// ES module (import/export) or CommonJS (require/module.exports): this file runs as `node server.js` would run it.
import http from "node:http";

// Implement the payments API described in the prompt. Standard library only.
const server = http.createServer((req, res) => {
  const body = JSON.stringify({ error: "not found" });
  res.writeHead(404, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(Number(process.env.PORT), "127.0.0.1");
