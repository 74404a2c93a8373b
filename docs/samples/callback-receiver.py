#!/usr/bin/env python3
"""A minimal receiver of the platform's callbacks, for trying them out: it checks each callback's signature the
way an HR system must (docs/services/notification.md, "Callbacks to HR systems") and prints what it got.

    python3 docs/samples/callback-receiver.py 8099 'DEVELOPMENT-ONLY-callback-secret-0123456789'

Not for production: a real receiver also remembers the X-Sscard-Delivery ids it has handled, since a callback may
come more than once.
"""
import hashlib
import hmac
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT, SECRET = int(sys.argv[1]), sys.argv[2].encode()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        ts = self.headers.get("X-Sscard-Timestamp", "0")
        expected = "v1=" + hmac.new(SECRET, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        fresh = ts.isdigit() and abs(time.time() - int(ts)) < 300
        if not fresh or not hmac.compare_digest(expected, self.headers.get("X-Sscard-Signature", "")):
            print("REFUSED (bad signature or stale timestamp)", flush=True)
            self.send_response(401)
        else:
            print(self.headers.get("X-Sscard-Event"), body.decode(), flush=True)
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", PORT), Receiver).serve_forever()
