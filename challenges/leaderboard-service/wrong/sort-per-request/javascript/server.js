import http from "node:http";

const best = new Map(); // player -> best score

/** Every player, best first (score descending, then name). */
function standings() {
  return [...best.entries()]
    .map(([player, score]) => ({ player, score }))
    .sort((a, b) => b.score - a.score || (a.player < b.player ? -1 : a.player > b.player ? 1 : 0));
}

/** 1 + the number of players with a strictly higher score. */
function rankOf(score) {
  const all = standings();
  const index = all.findIndex((entry) => entry.score === score);
  return index + 1;
}

function recordScore(player, score) {
  const previous = best.get(player);
  if (previous !== undefined && previous >= score) return previous;
  best.set(player, score);
  return score;
}

const seedCount = Number(process.env.SEED_PLAYERS ?? 0);
if (Number.isInteger(seedCount) && seedCount > 0) {
  for (let i = 1; i <= Math.min(seedCount, 200_000); i++) best.set(`seed-${i}`, (i * 7919) % 100003);
}

const playerPattern = /^[A-Za-z0-9_-]{1,32}$/;

function validateScore(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "body must be a JSON object";
  if (typeof value.player !== "string" || !playerPattern.test(value.player)) {
    return "player must be 1 to 32 letters, digits, _ or -";
  }
  if (!Number.isInteger(value.score) || value.score < 0 || value.score > 1_000_000_000) {
    return "score must be an integer from 0 to 1000000000";
  }
  return undefined;
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function handle(method, url, raw) {
  const [path, query = ""] = url.split("?");
  if (method === "POST" && path === "/scores") {
    let value;
    try {
      value = JSON.parse(raw);
    } catch {
      return [400, { error: "body must be valid JSON" }];
    }
    const problem = validateScore(value);
    if (problem) return [400, { error: problem }];
    const score = recordScore(value.player, value.score);
    return [200, { player: value.player, score, rank: rankOf(score) }];
  }
  if (method === "GET" && path === "/leaderboard") {
    const limitText = new URLSearchParams(query).get("limit");
    const limit = limitText === null ? 10 : /^[0-9]{1,3}$/.test(limitText) ? Number(limitText) : 0;
    if (limit < 1 || limit > 100) return [400, { error: "limit must be an integer from 1 to 100" }];
    const all = standings();
    const items = all.slice(0, limit).map(({ player, score }) => ({
      player,
      score,
      rank: all.findIndex((entry) => entry.score === score) + 1,
    }));
    return [200, { items }];
  }
  const match = /^\/players\/([^/]+)\/rank$/.exec(path);
  if (method === "GET" && match) {
    let player;
    try {
      player = decodeURIComponent(match[1]);
    } catch {
      return [404, { error: "unknown player" }];
    }
    const score = best.get(player);
    if (score === undefined) return [404, { error: "unknown player" }];
    return [200, { player, score, rank: rankOf(score) }];
  }
  return [404, { error: "not found" }];
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const [status, body] = handle(req.method ?? "GET", req.url ?? "/", Buffer.concat(chunks).toString("utf8"));
    send(res, status, body);
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1");
