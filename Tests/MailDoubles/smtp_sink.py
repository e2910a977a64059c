#!/usr/bin/env python3
"""An SMTP server for the end-to-end tests (aiosmtpd): stores each message it accepts as JSON
in a folder, with the parsed parts, so tests can read the mail a relay would have delivered.

Usage: smtp_sink.py PORT FOLDER [USER PASSWORD [starttls|tls CERT KEY]]
With USER and PASSWORD it requires AUTH LOGIN/PLAIN (over plain TCP too, unless TLS is on).
`starttls` offers and requires STARTTLS before anything else; `tls` speaks TLS from the first
byte (smtps).
"""
import email
import email.policy
import json
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

PORT, FOLDER = int(sys.argv[1]), sys.argv[2]
CREDENTIALS = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else None
TLS_MODE, CERT, KEY = (sys.argv[5], sys.argv[6], sys.argv[7]) if len(sys.argv) > 7 else (None, None, None)


class Sink:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        parts = {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}
        Sink.count += 1
        record = {
            "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "authenticated": session.authenticated,
            "tls": session.ssl is not None or TLS_MODE == "tls",
            "subject": str(message["subject"]), "to": str(message["to"]), "message_id": str(message["message-id"]),
            "date": str(message["date"]), "content_type": message.get_content_type(),
            "text": parts.get("text/plain"), "html": parts.get("text/html"),
            "raw": envelope.original_content.decode("utf-8", "replace"),
        }
        path = os.path.join(FOLDER, "%04d.json" % Sink.count)
        with open(path + ".tmp", "w") as out:
            json.dump(record, out)
        os.rename(path + ".tmp", path)
        return "250 OK"


def authenticate(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and CREDENTIALS and \
            (auth_data.login.decode(), auth_data.password.decode()) == CREDENTIALS:
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)


options = {}
if CREDENTIALS:
    options = {"authenticator": authenticate, "auth_required": True, "auth_require_tls": TLS_MODE == "starttls"}
if TLS_MODE:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(CERT, KEY)
    if TLS_MODE == "starttls":
        options.update(tls_context=context, require_starttls=True)
    else:
        options.update(ssl_context=context)
controller = Controller(Sink(), hostname="127.0.0.1", port=PORT, **options)
controller.start()
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
stop.wait()
controller.stop()
