#!/usr/bin/env python3
"""An SMTP server for the end-to-end tests (aiosmtpd): stores each message it accepts as JSON
in a folder, with the parsed parts, so tests can read the mail a relay would have delivered.

Usage: smtp_sink.py PORT FOLDER [USER PASSWORD]
With USER and PASSWORD it requires AUTH LOGIN/PLAIN (over plain TCP, for the test only).
"""
import email
import email.policy
import json
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

PORT, FOLDER = int(sys.argv[1]), sys.argv[2]
CREDENTIALS = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else None


class Sink:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        parts = {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}
        Sink.count += 1
        record = {
            "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "authenticated": session.authenticated,
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
    options = {"authenticator": authenticate, "auth_required": True, "auth_require_tls": False}
controller = Controller(Sink(), hostname="127.0.0.1", port=PORT, **options)
controller.start()
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
stop.wait()
controller.stop()
