import http from "node:http";

interface Entry {
  player: string;
  score: number;
}
type Answer = [number, unknown];

// Players sorted by score descending, then name ascending: reads are binary searches and a new
// best score moves one entry (an O(n) memmove, far cheaper than sorting on every read).
const ranked: Entry[] = [];
const best = new Map<string, number>(); // player -> best score

const before = (a: Entry, b: Entry) => a.score > b.score || (a.score === b.score && a.player < b.player);

/** Index of the first entry that does not come before `entry`. */
function lowerBound(entry: Entry): number {
  let low = 0;
  let high = ranked.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(ranked[middle] as Entry, entry)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The player's place on the board. */
const rankOf = (score: number, player: string) => lowerBound({ score, player }) + 1;

function recordScore(player: string, score: number): number {
  const previous = best.get(player);
  if (previous !== undefined && previous >= score) return previous;
  if (previous !== undefined) ranked.splice(lowerBound({ player, score: previous }), 1);
  ranked.splice(lowerBound({ player, score }), 0, { player, score });
  best.set(player, score);
  return score;
}

function seedPlayers(count: number): void {
  for (let i = 1; i <= count; i++) {
    const entry = { player: `seed-${i}`, score: (i * 7919) % 100003 };
    ranked.push(entry);
    best.set(entry.player, entry.score);
  }
  ranked.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
}

const seedCount = Number(process.env.SEED_PLAYERS ?? 0);
if (Number.isInteger(seedCount) && seedCount > 0) seedPlayers(Math.min(seedCount, 200_000));

const playerPattern = /^[A-Za-z0-9_-]{1,32}$/;

function validateScore(value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "body must be a JSON object";
  const { player, score } = value as Record<string, unknown>;
  if (typeof player !== "string" || !playerPattern.test(player)) {
    return "player must be 1 to 32 letters, digits, _ or -";
  }
  if (typeof score !== "number" || !Number.isInteger(score) || score < 0 || score > 1_000_000_000) {
    return "score must be an integer from 0 to 1000000000";
  }
  return undefined;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function handle(method: string, url: string, raw: string): Answer {
  const [path = "", query = ""] = url.split("?");
  if (method === "POST" && path === "/scores") {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return [400, { error: "body must be valid JSON" }];
    }
    const problem = validateScore(value);
    if (problem) return [400, { error: problem }];
    const { player, score: submitted } = value as Entry;
    const score = recordScore(player, submitted);
    return [200, { player, score, rank: rankOf(score, player) }];
  }
  if (method === "GET" && path === "/leaderboard") {
    const limitText = new URLSearchParams(query).get("limit");
    const limit = limitText === null ? 10 : /^[0-9]{1,3}$/.test(limitText) ? Number(limitText) : 0;
    if (limit < 1 || limit > 100) return [400, { error: "limit must be an integer from 1 to 100" }];
    const items = ranked.slice(0, limit).map(({ player, score }) => ({ player, score, rank: rankOf(score, player) }));
    return [200, { items }];
  }
  const match = /^\/players\/([^/]+)\/rank$/.exec(path);
  if (method === "GET" && match) {
    let player: string;
    try {
      player = decodeURIComponent(match[1] ?? "");
    } catch {
      return [404, { error: "unknown player" }];
    }
    const score = best.get(player);
    if (score === undefined) return [404, { error: "unknown player" }];
    return [200, { player, score, rank: rankOf(score, player) }];
  }
  return [404, { error: "not found" }];
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const [status, body] = handle(req.method ?? "GET", req.url ?? "/", Buffer.concat(chunks).toString("utf8"));
    send(res, status, body);
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1");
