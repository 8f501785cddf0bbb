import json
import os
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

payments = {}  # id -> payment; dicts keep insertion order
keys = {}  # Idempotency-Key -> (fingerprint, status, body)
lock = threading.Lock()
CURRENCY = re.compile(r"[A-Z]{3}")


def validate(value):
    if not isinstance(value, dict):
        return "body must be a JSON object"
    amount = value.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        return "amount must be a positive integer"
    currency = value.get("currency")
    if not isinstance(currency, str) or not CURRENCY.fullmatch(currency):
        return "currency must be three uppercase letters"
    reference = value.get("reference")
    if not isinstance(reference, str) or not 1 <= len(reference) <= 64:
        return "reference must be a non-empty string of at most 64 characters"
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def send(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def do_POST(self):
        raw = self.read_body()
        if urlsplit(self.path).path != "/payments":
            return self.send(404, {"error": "not found"})
        key = self.headers.get("Idempotency-Key")
        if key is None or not 1 <= len(key) <= 64:
            return self.send(400, {"error": "Idempotency-Key header must be 1-64 characters"})
        try:
            value = json.loads(raw)
        except ValueError:
            return self.send(400, {"error": "body must be valid JSON"})
        problem = validate(value)
        if problem:
            return self.send(400, {"error": problem})
        fingerprint = json.dumps([value["amount"], value["currency"], value["reference"]])
        if True:  # no lock
            existing = keys.get(key)
            time.sleep(0.05)  # simulates a slow storage write between the check and the insert
            if existing is None:
                payment = {
                    "id": str(uuid.uuid4()),
                    "amount": value["amount"],
                    "currency": value["currency"],
                    "reference": value["reference"],
                    "status": "captured",
                }
                payments[payment["id"]] = payment
                keys[key] = (fingerprint, 201, payment)
        if existing is None:
            return self.send(201, payment)
        if existing[0] != fingerprint:
            return self.send(422, {"error": "Idempotency-Key was already used with a different body"})
        return self.send(existing[1], existing[2], {"Idempotent-Replayed": "true"})

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/payments":
            values = parse_qs(url.query, keep_blank_values=True).get("limit")
            limit = 20
            if values is not None:
                text = values[0]
                limit = int(text) if text.isdigit() and text.isascii() else 0
            if not 1 <= limit <= 100:
                return self.send(400, {"error": "limit must be an integer from 1 to 100"})
            with lock:
                items = list(payments.values())[::-1][:limit]
            return self.send(200, {"items": items})
        match = re.fullmatch(r"/payments/([^/]+)", url.path)
        if match:
            payment = payments.get(unquote(match.group(1)))
            if payment is None:
                return self.send(404, {"error": "payment not found"})
            return self.send(200, payment)
        return self.send(404, {"error": "not found"})

    def not_found(self):
        self.read_body()
        self.send(404, {"error": "not found"})

    do_PUT = do_PATCH = do_DELETE = not_found


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
