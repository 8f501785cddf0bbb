import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Implement the product service described in the prompt (GET and PUT /products/{id} in front of
# the upstream at os.environ["UPSTREAM_URL"], with a cache). Standard library only;
# urllib.request can call the upstream.
UPSTREAM_URL = os.environ.get("UPSTREAM_URL", "")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body are separate writes: without TCP_NODELAY a kept-alive connection waits
    # for the client's delayed ACK (about 40 ms) on every response. Keep this line.
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

    def do_GET(self):
        self.send(404, {"error": "not found"})

    def do_PUT(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send(404, {"error": "not found"})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


Server(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
