import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Implement the inventory API described in the prompt (products, reservations, confirm and
# release). Standard library only; keep everything in memory. Each request runs on its own
# thread.


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def not_found(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > 0:
            self.rfile.read(length)
        data = json.dumps({"error": "not found"}).encode()
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = not_found


ThreadingHTTPServer.request_queue_size = 64  # the tests open up to 20 connections at once
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
