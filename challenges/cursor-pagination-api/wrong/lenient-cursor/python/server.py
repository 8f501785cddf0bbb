import base64
import json
import os
import re
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

notes = []  # in creation order; a note is {"id", "text", "tag", "createdAt"}
lock = threading.Lock()
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
TAG = re.compile(r"[a-z0-9-]{1,32}")


def is_timestamp(value):
    if not isinstance(value, str) or not TIMESTAMP.fullmatch(value):
        return False
    try:
        datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:  # e.g. 2026-02-30
        return False
    return True


def sort_key(note):
    # Sorted in reverse: newest first, and within the same second the highest id first.
    return (note["createdAt"], note["id"])


def encode_cursor(position):
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def decode_cursor(cursor):
    """Returns the (createdAt, id) a cursor this server issued stands for, else None."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        value = json.loads(text)
    except ValueError:  # binascii.Error, UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    if not isinstance(value, list) or len(value) != 2:
        return None
    created_at, note_id = value
    if not is_timestamp(created_at) or not isinstance(note_id, int) or isinstance(note_id, bool):
        return None
    if note_id < 1:
        return None
    if encode_cursor([created_at, note_id]) != cursor:
        return None
    return (created_at, note_id)


def validate(value):
    if not isinstance(value, dict):
        return "body must be a JSON object"
    text = value.get("text")
    if not isinstance(text, str) or not 1 <= len(text) <= 280:
        return "text must be a string of 1-280 characters"
    tag = value.get("tag")
    if tag is not None and (not isinstance(tag, str) or not TAG.fullmatch(tag)):
        return "tag must be 1-32 characters from a-z, 0-9 and -"
    if "createdAt" in value and not is_timestamp(value["createdAt"]):
        return "createdAt must be a UTC timestamp like 2026-01-05T10:00:00Z"
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def do_POST(self):
        raw = self.read_body()
        if urlsplit(self.path).path != "/notes":
            return self.send(404, {"error": "not found"})
        try:
            value = json.loads(raw)
        except ValueError:
            return self.send(400, {"error": "body must be valid JSON"})
        problem = validate(value)
        if problem:
            return self.send(400, {"error": problem})
        created_at = value.get("createdAt") or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        with lock:
            note = {
                "id": len(notes) + 1,
                "text": value["text"],
                "tag": value.get("tag"),
                "createdAt": created_at,
            }
            notes.append(note)
        return self.send(201, note)

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path != "/notes":
            return self.send(404, {"error": "not found"})
        query = parse_qs(url.query, keep_blank_values=True)
        limit = 20
        if "limit" in query:
            text = query["limit"][0]
            limit = int(text) if text.isdigit() and text.isascii() else 0
        if not 1 <= limit <= 100:
            return self.send(400, {"error": "limit must be an integer from 1 to 100"})
        tag = query["tag"][0] if "tag" in query else None
        if tag is not None and not TAG.fullmatch(tag):
            return self.send(400, {"error": "tag must be 1-32 characters from a-z, 0-9 and -"})
        after = None
        if "cursor" in query:
            after = decode_cursor(query["cursor"][0])  # None (the first page) if it does not decode
        # Keyset pagination: the next page starts strictly after the last note already returned,
        # so notes created between requests shift nothing that was read or is still to come.
        with lock:
            matching = [
                note
                for note in notes
                if (tag is None or note["tag"] == tag) and (after is None or sort_key(note) < after)
            ]
        matching.sort(key=sort_key, reverse=True)
        items = matching[:limit]
        next_cursor = None
        if len(matching) > limit:
            next_cursor = encode_cursor([items[-1]["createdAt"], items[-1]["id"]])
        return self.send(200, {"items": items, "nextCursor": next_cursor})

    def not_found(self):
        self.read_body()
        self.send(404, {"error": "not found"})

    do_PUT = do_PATCH = do_DELETE = not_found


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
