// ES module (import/export) or CommonJS (require/module.exports) syntax both work; types are not checked.
import http from "node:http";

// Implement the notes API described in the prompt (POST /notes and GET /notes with cursor
// pagination). Standard library only; keep the notes in memory.
const server = http.createServer((req: http.IncomingMessage, res: http.ServerResponse) => {
  const body = JSON.stringify({ error: "not found" });
  res.writeHead(404, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(Number(process.env.PORT), "127.0.0.1");
