import json
import os
import re
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UPSTREAM_URL = os.environ.get("UPSTREAM_URL", "")
try:
    TTL_SECONDS = int(os.environ.get("CACHE_TTL_MS", "5000")) / 1000
except ValueError:
    TTL_SECONDS = 5.0
if TTL_SECONDS <= 0:
    TTL_SECONDS = 5.0

ID = re.compile(r"[1-9][0-9]{0,8}")
PATH = re.compile(r"/products/([^/?]+)")

lock = threading.Lock()
cache = {}  # id -> (item, fetched_at)
# Bumped by every successful update: a read that started before it must not refill the cache.
generations = {}  # id -> int


def call_upstream(method, product_id, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{UPSTREAM_URL}/items/{product_id}",
        data=data,
        method=method,
        headers={} if body is None else {"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        if error.code >= 500:
            return 502, {"error": "upstream failed"}
        return error.code, json.loads(error.read() or b"{}")
    except (urllib.error.URLError, OSError, ValueError):
        return 502, {"error": "upstream unreachable"}


def read_product(product_id):
    with lock:
        cached = cache.get(product_id)
        if cached and time.monotonic() - cached[1] < TTL_SECONDS:
            return 200, cached[0]
        generation = generations.get(product_id, 0)
    result = call_upstream("GET", product_id)
    with lock:
        if result[0] == 200 and generations.get(product_id, 0) == generation:
            cache[product_id] = (result[1], time.monotonic())
    return result


def validate_update(value):
    if not isinstance(value, dict):
        return "body must be a JSON object"
    if not value:
        return "body needs name or priceCents"
    if any(key not in ("name", "priceCents") for key in value):
        return "only name and priceCents can change"
    if "name" in value and (not isinstance(value["name"], str) or not 1 <= len(value["name"]) <= 100):
        return "name must be a string of 1 to 100 characters"
    if "priceCents" in value:
        price = value["priceCents"]
        if not isinstance(price, int) or isinstance(price, bool) or price < 0:
            return "priceCents must be a non-negative integer"
    return None


def update_product(product_id, value):
    status, body = call_upstream("PUT", product_id, value)
    if status == 200:
        with lock:
            generations[product_id] = generations.get(product_id, 0) + 1
            cache.pop(product_id, None)
    return status, body


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

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def product_id(self):
        match = PATH.fullmatch(self.path.split("?")[0])
        if not match:
            self.send(404, {"error": "not found"})
            return None
        if not ID.fullmatch(match.group(1)):
            self.send(400, {"error": "id must be a positive integer"})
            return None
        return int(match.group(1))

    def do_GET(self):
        product_id = self.product_id()
        if product_id is not None:
            self.send(*read_product(product_id))

    def do_PUT(self):
        raw = self.read_body()
        product_id = self.product_id()
        if product_id is None:
            return
        try:
            value = json.loads(raw)
        except ValueError:
            return self.send(400, {"error": "body must be valid JSON"})
        problem = validate_update(value)
        if problem:
            return self.send(400, {"error": problem})
        self.send(*update_product(product_id, value))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


Server(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
