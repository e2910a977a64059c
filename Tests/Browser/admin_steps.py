"""Helpers of the admin scenario: reading QR codes (zxing-cpp), TOTP codes (RFC 6238), and
the API set-up that gives the admin's notifications page something real to show."""

import base64
import hashlib
import hmac
import io
import json
import struct
import subprocess
import sys
import time
import uuid

from browser import click

# Pinned like scripts/test pins schemathesis: a QR decoder and an image library from PyPI.
DECODER_PACKAGES = ["zxing-cpp==3.1.1", "pillow==13.0.0"]


def ensure_decoder():
    """Imports zxing-cpp and Pillow, installing them first when scripts/test has not."""
    try:
        import zxingcpp  # noqa: F401
        import PIL  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", *DECODER_PACKAGES],
                       check=True)


def decode_qr_png(png):
    """The one QR code in a PNG screenshot: (text, extra) where extra has Version, ECLevel, DataMask."""
    import zxingcpp
    from PIL import Image
    image = Image.open(io.BytesIO(png)).convert("L")
    results = [result for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(results) == 1, f"expected one QR code in the screenshot, found {len(results)}"
    return results[0].text, results[0].extra


def decode_qr_matrix(rows, scale=4, quiet=4):
    """Draws a module matrix (strings of 0/1) in black on white and decodes it."""
    import zxingcpp
    from PIL import Image
    size = len(rows)
    extent = (size + 2 * quiet) * scale
    image = Image.new("L", (extent, extent), 255)
    pixels = image.load()
    for y, row in enumerate(rows):
        for x, module in enumerate(row):
            if module != "1":
                continue
            for dy in range(scale):
                for dx in range(scale):
                    pixels[(x + quiet) * scale + dx, (y + quiet) * scale + dy] = 0
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1, f"expected one QR code, found {len(results)}"
    return results[0].text, results[0].extra


def totp(secret, at=None, step_offset=0):
    """RFC 6238: HMAC-SHA-1 over the 30-second step, dynamic truncation, six digits."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    step = int((time.time() if at is None else at) // 30) + step_offset
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{number:06d}"


# The steps were written with this name for a click.
press = click


def current_step():
    return int(time.time() // 30)


def wrong_code(secret):
    """A six-digit code that none of the server's accepted steps (now ±1) would take."""
    accepted = {totp(secret, step_offset=offset) for offset in (-2, -1, 0, 1, 2)}
    candidate = 123456
    while f"{candidate:06d}" in accepted:
        candidate += 1
    return f"{candidate:06d}"


def unique_tag():
    return uuid.uuid4().hex[:6]


def api_ok(context, method, path, body=None, token=None, expect=(200, 201, 204)):
    status, answer = context.api(method, path, body, token=token)
    assert status in expect, f"{method} {path}: {status} {json.dumps(answer)[:400]}"
    return answer


def invite_and_join(context, admin_token, name, email, role="therapist", password=None):
    """Creates a therapist through the API, accepts the manual invitation, returns (id, token)."""
    from browser import PASSWORD
    member = api_ok(context, "POST", "/therapists", {"name": name, "email": email, "role": role}, token=admin_token)
    token = member["invitation"]["link"].split("#token=", 1)[1]
    api_ok(context, "POST", "/auth/invitations/accept", {"token": token, "password": password or PASSWORD})
    return member["id"], context.api_login(email, password or PASSWORD)


def create_client(context, token, name, gender, birth_date, email):
    client = api_ok(context, "POST", "/clients",
                    {"name": name, "gender": gender, "birth_date": birth_date, "email": email}, token=token)
    return client["id"]


def offer(context, token, client_id, to_therapist):
    return api_ok(context, "POST", f"/clients/{client_id}/handover", {"therapist_id": to_therapist}, token=token)


# Records what the page sends and the enroll answer it receives, so the scenario can check
# that settings send only what changed, and compare the QR code drawn in the page with the
# otpauth URI the API gave (the page itself never shows the URI).
RECORD_TRAFFIC = """
const original = window.fetch;
window.__mdmeRequests = [];
window.__mdmeEnroll = null;
window.fetch = async (...args) => {
  const [url, options] = args;
  window.__mdmeRequests.push({ method: options?.method ?? 'GET', url: String(url), body: options?.body ?? null });
  const response = await original(...args);
  if (String(url).includes('/auth/mfa/enroll') && response.ok) window.__mdmeEnroll = await response.clone().json();
  return response;
};
"""


def sent_bodies(driver, method, path):
    """The JSON bodies the page sent with `method` to a URL ending in `path`, oldest first."""
    requests = driver.execute_script("return window.__mdmeRequests || []")
    return [json.loads(r["body"]) for r in requests
            if r["method"] == method and r["url"].split("?")[0].endswith(path) and r["body"]]


# Encodes the given texts with the page's own qrcode.js (optionally forcing a mask) and returns
# the matrices as strings of 0/1, for decoding in Python.
ENCODE_WITH_PAGE_MODULE = """
const [cases, done] = [arguments[0], arguments[arguments.length - 1]];
const source = document.querySelector('script[type=module][src*="/terapeut/app.js"]').src.replace('app.js', 'qrcode.js');
import(source).then(({ encodeQr }) => done(cases.map(({ text, mask }) => {
  const code = encodeQr(text, mask === null ? {} : { mask });
  return { version: code.version, mask: code.mask, rows: code.modules.map((row) => row.map((dark) => (dark ? '1' : '0')).join('')) };
}))).catch((error) => done({ error: String(error) }));
"""

# Bytes each version holds in byte mode at level M (ISO/IEC 18004, table 7).
BYTE_CAPACITY_M = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
                   711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989,
                   2099, 2213, 2331]


def check_qr_encoder(driver):
    """The page's encoder against zxing-cpp: every version 1–40 at its exact capacity (and one
    byte more moves up a version), all eight masks forced, UTF-8 text; each decodes to its text
    at level M with the version and mask the encoder says, and without a single corrected
    codeword."""
    cases = []
    for version, capacity in enumerate(BYTE_CAPACITY_M, start=1):
        cases.append({"text": ("otpauth://totp/MDME:" + "å" + "abcdefghij" * 240)[:capacity - 1], "mask": None, "version": version})
        if version < 40:
            cases.append({"text": "x" * (capacity + 1), "mask": None, "version": version + 1})
    for version in (1, 2, 7, 10):
        for mask in range(8):
            cases.append({"text": "m" * BYTE_CAPACITY_M[version - 1], "mask": mask, "version": version})
    encoded = driver.execute_async_script(ENCODE_WITH_PAGE_MODULE, [{"text": c["text"], "mask": c["mask"]} for c in cases])
    assert isinstance(encoded, list), f"encoding in the page failed: {encoded}"
    for case, code in zip(cases, encoded):
        assert code["version"] == case["version"], (len(case["text"].encode()), code["version"], case["version"])
        assert len(code["rows"]) == 17 + 4 * case["version"]
        text, extra = decode_qr_matrix(code["rows"], scale=3 if case["version"] > 20 else 4)
        assert text == case["text"], f"version {case['version']} mask {code['mask']}: decoded {text[:40]!r}"
        assert extra.get("ECLevel") == "M", extra
        assert str(extra.get("Version")) == str(case["version"]), extra
        assert int(extra.get("DataMask")) == code["mask"], extra
        # All error correction left unused: every codeword, the Reed–Solomon ones too, was right.
        assert float(extra.get("UEC")) == 1.0, extra
        if case["mask"] is not None:
            assert code["mask"] == case["mask"]
    return len(cases)
