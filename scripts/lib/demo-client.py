"""Makes the demo tenant's demo client once, through the API as the front ends would: a client
with a colour scale, goals, an MFS to answer and a few days of registrations, so both web
front ends have something to show. Prints the client's email and password.

python3 scripts/lib/demo-client.py URL CA_FILE ADMIN_EMAIL ADMIN_PASSWORD"""

import datetime
import json
import secrets
import ssl
import sys
import urllib.request

url, ca_file, admin_email, admin_password = sys.argv[1:5]
context = ssl.create_default_context(cafile=ca_file)


def call(method, path, body=None, token=None):
    request = urllib.request.Request(f"{url}/api/v1{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, context=context, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


def login(email, password):
    return call("POST", "/auth/login", {"email": email, "password": password})["token"]


admin = login(admin_email, admin_password)
email = "klient@demo.mdme.local"
client = call("POST", "/clients", {"name": "Mette Sørensen", "gender": "female", "birth_date": "1978-05-21",
                                   "email": email, "phone": "+45 20 30 40 50"}, admin)
token = client["invitation"]["link"].split("#token=")[1]
password = "demo-" + secrets.token_urlsafe(9)
call("POST", "/auth/invitations/accept", {"token": token, "password": password})
client_id = client["id"]
call("PUT", f"/clients/{client_id}/color-scale", {"levels": [
    {"color": "#2E7D32", "label": "Genopbygning", "statements": ["Jeg får ny energi"], "symptoms": ["Rolig vejrtrækning"]},
    {"color": "#9CCC65", "label": "Godt i gang", "statements": ["Det går let"], "symptoms": ["Let i kroppen"]},
    {"color": "#FDD835", "label": "Pas på", "statements": ["Jeg skal holde pause snart"], "symptoms": ["Let hovedpine"]},
    {"color": "#EF6C00", "label": "Træt", "statements": ["Lyde generer mig"], "symptoms": ["Tung i hovedet"]},
    {"color": "#B71C1C", "label": "Overbelastet", "statements": ["Alt er for meget"], "symptoms": ["Kraftig hovedpine"]},
]}, admin)
call("POST", f"/clients/{client_id}/goals", {"kind": "short_term", "text": "Gå en tur hver formiddag"}, admin)
call("POST", f"/clients/{client_id}/goals", {"kind": "long_term", "text": "Arbejde 15 timer om ugen"}, admin)
call("POST", f"/clients/{client_id}/questionnaires", {"instrument": "mfs"}, admin)
me = login(email, password)
activities = [("Morgenmad", 2, 30, 1), ("Gåtur i parken", 8, 45, 0), ("Indkøb", 11, 40, 3), ("Frokost", 12, 30, 1),
              ("Hvil", 13, 60, 0), ("Tøjvask", 15, 30, 2), ("Aftensmad med familien", 18, 60, 3)]
now = datetime.datetime.now(datetime.timezone.utc)
for day in range(4, -1, -1):
    for activity, hour, minutes, level in activities:
        started = (now - datetime.timedelta(days=day)).replace(hour=hour, minute=0, second=0, microsecond=0)
        if started + datetime.timedelta(minutes=minutes) > now:
            continue
        call("POST", "/me/registrations", {"activity": activity, "started_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                           "duration_minutes": minutes, "level": (level + day) % 5}, me)
print(f"email: {email}\npassword: {password}")
