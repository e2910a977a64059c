#!/usr/bin/env python3
"""A stand-in for a Mailchimp Transactional (Mandrill) compatible API, for the end-to-end tests.

Speaks the wire protocol of ../../../shared/MAIL_PROVIDER.md (and the published API):
  POST /api/1.0/messages/send[.json]    key in the body; per-recipient status; error bodies
  POST /api/1.0/messages/search[.json]  query "u_mdme_id:<id>" finds a message by metadata
Control endpoints for the tests (not part of the provider's API):
  GET  /_records                every body that reached messages/send, in order, as received
  POST /_mode   {"mode": ok|error500|hangup, "reject": [addresses]}
  POST /_seed   {"mdme_id": …}   a message the provider "already has" (a crash after sending)
  POST /_webhook {"target", "url", "key", "events", "wrong_signature"}
                posts a signed webhook (form field mandrill_events) to target; returns its status
Usage: provider_double.py PORT KEY
"""
import base64
import hashlib
import hmac
import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, KEY = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
records = []      # every send body, parsed
messages = {}     # _id -> {"_id", "state", "metadata", "email"}
state = {"mode": "ok", "reject": set()}


def signature(key, url, params):
    signed = url + "".join(k + v for k, v in sorted(params.items()))
    return base64.b64encode(hmac.new(key.encode(), signed.encode(), hashlib.sha1).digest()).decode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/_records":
            with lock:
                return self.answer(200, records)
        self.answer(404, {"status": "error", "name": "Unknown_Path"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        path = self.path.removesuffix(".json")
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self.answer(400, {"status": "error", "code": -2, "name": "ValidationError", "message": "bad JSON"})
        if path == "/_mode":
            with lock:
                state["mode"] = body.get("mode", "ok")
                state["reject"] = set(body.get("reject", []))
            return self.answer(200, {})
        if path == "/_seed":
            with lock:
                pid = uuid.uuid4().hex
                messages[pid] = {"_id": pid, "state": "sent", "metadata": {"mdme_id": body["mdme_id"]}, "email": "seeded"}
            return self.answer(200, {"_id": pid})
        if path == "/_webhook":
            return self.webhook(body)
        with lock:
            mode = state["mode"]
        if path.startswith("/api/1.0/") and mode == "hangup":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if path.startswith("/api/1.0/") and mode == "error500":
            return self.answer(500, {"status": "error", "code": -99, "name": "ServiceUnavailable", "message": "down for the test"})
        if body.get("key") != KEY:
            return self.answer(401, {"status": "error", "code": -1, "name": "Invalid_Key", "message": "Invalid API key"})
        if path == "/api/1.0/messages/send":
            return self.send_message(body)
        if path == "/api/1.0/messages/search":
            wanted = body.get("query", "").removeprefix("u_mdme_id:")
            with lock:
                hits = [m for m in messages.values() if m["metadata"].get("mdme_id") == wanted]
            return self.answer(200, hits[: body.get("limit", 100)])
        self.answer(404, {"status": "error", "code": -1, "name": "Unknown_Method", "message": path})

    def send_message(self, body):
        message = body.get("message", {})
        results = []
        with lock:
            records.append(body)
            for recipient in message.get("to", []):
                pid = uuid.uuid4().hex
                email = recipient.get("email")
                if email in state["reject"]:
                    status, reason = "rejected", "hard-bounce"
                else:
                    status, reason = "sent", None
                messages[pid] = {"_id": pid, "state": status, "metadata": message.get("metadata", {}), "email": email}
                results.append({"email": email, "status": status, "_id": pid, "reject_reason": reason, "queued_reason": None})
        self.answer(200, results)

    def webhook(self, body):
        params = {"mandrill_events": json.dumps(body["events"])}
        sig = signature(body["key"], body["url"], params)
        if body.get("wrong_signature"):
            sig = signature(body["key"] + "-wrong", body["url"], params)
        request = urllib.request.Request(body["target"], data=urllib.parse.urlencode(params).encode(), method="POST",
                                         headers={"X-Mandrill-Signature": sig,
                                                  "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        self.answer(200, {"status": status})


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
