import json
import os
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

products = {}  # sku -> {"sku", "stock", "reserved"}
reservations = {}  # id -> {"id", "sku", "quantity", "status": "pending" | "confirmed" | "released"}
# One lock around every read-check-write of stock: ThreadingHTTPServer answers each request on
# its own thread, and without it two threads can both see the last units as available.
lock = threading.Lock()
SKU = re.compile(r"[A-Z0-9-]{1,32}")


def is_count(value, minimum):
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def show_product(product):
    return {**product, "available": product["stock"] - product["reserved"]}


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

    def read_object(self, raw):
        """Returns (object, None) or (None, the 400 message)."""
        try:
            value = json.loads(raw)
        except ValueError:
            return None, "body must be valid JSON"
        if not isinstance(value, dict):
            return None, "body must be a JSON object"
        return value, None

    def do_POST(self):
        raw = self.read_body()
        path = urlsplit(self.path).path
        if path == "/products":
            return self.create_product(raw)
        if path == "/reservations":
            return self.reserve(raw)
        match = re.fullmatch(r"/reservations/([^/]+)/confirm", path)
        if match:
            return self.settle(unquote(match.group(1)), "confirmed")
        return self.send(404, {"error": "not found"})

    def create_product(self, raw):
        value, error = self.read_object(raw)
        if error:
            return self.send(400, {"error": error})
        sku, stock = value.get("sku"), value.get("stock")
        if not isinstance(sku, str) or not SKU.fullmatch(sku):
            return self.send(400, {"error": "sku must be 1-32 characters from A-Z, 0-9 and -"})
        if not is_count(stock, 0):
            return self.send(400, {"error": "stock must be an integer >= 0"})
        with lock:
            if sku in products:
                return self.send(409, {"error": "a product with this sku exists"})
            product = products[sku] = {"sku": sku, "stock": stock, "reserved": 0}
            body = show_product(product)
        return self.send(201, body)

    def reserve(self, raw):
        value, error = self.read_object(raw)
        if error:
            return self.send(400, {"error": error})
        sku, quantity = value.get("sku"), value.get("quantity")
        if not isinstance(sku, str) or not sku:
            return self.send(400, {"error": "sku must be a string"})
        if not is_count(quantity, 1):
            return self.send(400, {"error": "quantity must be an integer >= 1"})
        with lock:
            product = products.get(sku)
            if product is None:
                status, body = 404, {"error": "product not found"}
            elif product["stock"] - product["reserved"] < quantity:
                status, body = 409, {"error": "not enough stock available"}
            else:
                product["reserved"] += quantity
                reservation = {"id": str(uuid.uuid4()), "sku": sku, "quantity": quantity, "status": "pending"}
                reservations[reservation["id"]] = reservation
                status, body = 201, dict(reservation)
        return self.send(status, body)

    def settle(self, reservation_id, outcome):
        """Confirms (the units leave stock) or releases (they become available again) a pending
        reservation."""
        with lock:
            reservation = reservations.get(reservation_id)
            if reservation is None:
                status, body = 404, {"error": "reservation not found"}
            elif reservation["status"] != "pending":
                status, body = 409, {"error": f"reservation is already {reservation['status']}"}
            else:
                product = products[reservation["sku"]]
                if outcome == "confirmed":
                    product["reserved"] -= reservation["quantity"]
                    product["stock"] -= reservation["quantity"]
                reservation["status"] = outcome
                status, body = 200, dict(reservation)
        return self.send(status, body)

    def do_GET(self):
        path = urlsplit(self.path).path
        match = re.fullmatch(r"/products/([^/]+)", path)
        if match:
            with lock:
                product = products.get(unquote(match.group(1)))
                body = show_product(product) if product else None
            return self.send(200, body) if body else self.send(404, {"error": "product not found"})
        match = re.fullmatch(r"/reservations/([^/]+)", path)
        if match:
            with lock:
                reservation = reservations.get(unquote(match.group(1)))
                body = dict(reservation) if reservation else None
            return self.send(200, body) if body else self.send(404, {"error": "reservation not found"})
        return self.send(404, {"error": "not found"})

    def do_DELETE(self):
        self.read_body()
        match = re.fullmatch(r"/reservations/([^/]+)", urlsplit(self.path).path)
        if match:
            return self.settle(unquote(match.group(1)), "released")
        return self.send(404, {"error": "not found"})

    def not_found(self):
        self.read_body()
        self.send(404, {"error": "not found"})

    do_PUT = do_PATCH = not_found


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 64  # the default backlog of 5 delays a burst of connections by ~1 s
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
