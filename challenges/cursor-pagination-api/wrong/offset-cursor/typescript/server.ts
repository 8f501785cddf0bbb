import http from "node:http";

interface Note {
  id: number;
  text: string;
  tag: string | null;
  createdAt: string;
}

/** A note's place in the listing order, compared by compareNotes. */
type Position = [createdAt: string, id: number];

const notes: Note[] = [];
const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const tagPattern = /^[a-z0-9-]{1,32}$/;

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
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

function isTimestamp(value: unknown): value is string {
  if (typeof value !== "string" || !timestampPattern.test(value)) return false;
  // Date.parse rolls 2026-02-30 over to March; a real timestamp survives the round trip.
  const parsed = Date.parse(value);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString() === value.replace("Z", ".000Z");
}

function currentTimestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Newest first; notes created in the same second are ordered by id, highest first. */
function compareNotes(a: Position, b: Position): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? 1 : -1;
  return b[1] - a[1];
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

/** Only a string this server issued decodes: anything else is undefined (answered with 400). */
function decodeCursor(cursor: string): number | undefined {
  try {
    const value: any = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    const offset = value?.offset;
    if (!Number.isInteger(offset) || offset < 0) return undefined;
    return encodeCursor(offset) === cursor ? offset : undefined;
  } catch {
    return undefined;
  }
}

function validateNote(value: any): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return "body must be a JSON object";
  }
  const { text, tag, createdAt } = value;
  if (typeof text !== "string" || text.length < 1 || text.length > 280) {
    return "text must be a string of 1-280 characters";
  }
  if (tag !== undefined && tag !== null && (typeof tag !== "string" || !tagPattern.test(tag))) {
    return "tag must be 1-32 characters from a-z, 0-9 and -";
  }
  if (createdAt !== undefined && !isTimestamp(createdAt)) {
    return "createdAt must be a UTC timestamp like 2026-01-05T10:00:00Z";
  }
  return undefined;
}

async function createNote(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const text = await readBody(req);
  let value: any;
  try {
    value = JSON.parse(text);
  } catch {
    return send(res, 400, { error: "body must be valid JSON" });
  }
  const problem = validateNote(value);
  if (problem) return send(res, 400, { error: problem });
  const note: Note = {
    id: notes.length + 1,
    text: value.text,
    tag: value.tag ?? null,
    createdAt: value.createdAt ?? currentTimestamp(),
  };
  notes.push(note);
  return send(res, 201, note);
}

function listNotes(url: URL, res: http.ServerResponse): void {
  const rawLimit = url.searchParams.get("limit");
  const limit = rawLimit === null ? 20 : /^\d+$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return send(res, 400, { error: "limit must be an integer from 1 to 100" });
  }
  const tag = url.searchParams.get("tag");
  if (tag !== null && !tagPattern.test(tag)) {
    return send(res, 400, { error: "tag must be 1-32 characters from a-z, 0-9 and -" });
  }
  const cursor = url.searchParams.get("cursor");
  const offset = cursor === null ? 0 : decodeCursor(cursor);
  if (offset === undefined) return send(res, 400, { error: "cursor is malformed" });

  // The cursor remembers how many notes the earlier pages returned.
  const matching = notes
    .filter((note) => tag === null || note.tag === tag)
    .sort((a, b) => compareNotes([a.createdAt, a.id], [b.createdAt, b.id]));
  const items = matching.slice(offset, offset + limit);
  const nextCursor = matching.length > offset + limit ? encodeCursor(offset + limit) : null;
  return send(res, 200, { items, nextCursor });
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === "/notes" && req.method === "POST") return createNote(req, res);
  if (url.pathname === "/notes" && req.method === "GET") return listNotes(url, res);
  return send(res, 404, { error: "not found" });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch(() => send(res, 500, { error: "internal error" }));
});
server.listen(Number(process.env.PORT), "127.0.0.1");
