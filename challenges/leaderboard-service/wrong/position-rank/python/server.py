import bisect
import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

# Players sorted by (-score, name): reads are binary searches and a new best score moves one
# entry (an O(n) memmove, far cheaper than sorting on every read).
ranked = []  # (-score, player), ascending
best = {}  # player -> best score
lock = threading.Lock()
PLAYER = re.compile(r"[A-Za-z0-9_-]{1,32}")
RANK_PATH = re.compile(r"/players/([^/]+)/rank")


def rank_of(score, player):
    """The player's place on the board."""
    return bisect.bisect_left(ranked, (-score, player)) + 1


def record_score(player, score):
    with lock:
        previous = best.get(player)
        if previous is not None and previous >= score:
            return previous, rank_of(previous, player)
        if previous is not None:
            del ranked[bisect.bisect_left(ranked, (-previous, player))]
        bisect.insort(ranked, (-score, player))
        best[player] = score
        return score, rank_of(score, player)


def seed_players(count):
    for i in range(1, count + 1):
        best[f"seed-{i}"] = (i * 7919) % 100003
    ranked.extend((-score, player) for player, score in best.items())
    ranked.sort()


try:
    seed_count = int(os.environ.get("SEED_PLAYERS", "0"))
except ValueError:
    seed_count = 0
if seed_count > 0:
    seed_players(min(seed_count, 200_000))


def validate_score(value):
    if not isinstance(value, dict):
        return "body must be a JSON object"
    player = value.get("player")
    if not isinstance(player, str) or not PLAYER.fullmatch(player):
        return "player must be 1 to 32 letters, digits, _ or -"
    score = value.get("score")
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 1_000_000_000:
        return "score must be an integer from 0 to 1000000000"
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body are separate writes: without TCP_NODELAY a kept-alive connection waits
    # for the client's delayed ACK (about 40 ms) on every response.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass

    def send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        if urlsplit(self.path).path != "/scores":
            return self.send(404, {"error": "not found"})
        try:
            value = json.loads(raw)
        except ValueError:
            return self.send(400, {"error": "body must be valid JSON"})
        problem = validate_score(value)
        if problem:
            return self.send(400, {"error": problem})
        score, rank = record_score(value["player"], value["score"])
        self.send(200, {"player": value["player"], "score": score, "rank": rank})

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/leaderboard":
            values = parse_qs(url.query, keep_blank_values=True).get("limit")
            text = values[0] if values else "10"
            limit = int(text) if re.fullmatch(r"[0-9]{1,3}", text) else 0
            if not 1 <= limit <= 100:
                return self.send(400, {"error": "limit must be an integer from 1 to 100"})
            with lock:
                items = [
                    {"player": player, "score": -negative, "rank": rank_of(-negative, player)}
                    for negative, player in ranked[:limit]
                ]
            return self.send(200, {"items": items})
        match = RANK_PATH.fullmatch(url.path)
        if match:
            player = unquote(match.group(1))
            with lock:
                score = best.get(player)
                rank = rank_of(score, player) if score is not None else None
            if score is None:
                return self.send(404, {"error": "unknown player"})
            return self.send(200, {"player": player, "score": score, "rank": rank})
        self.send(404, {"error": "not found"})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


Server(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
