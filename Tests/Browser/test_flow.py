"""The whole story of issue 11 in two browsers: a therapist logs in, creates a client, sets a
colour scale and assigns the MFS; the client accepts the invitation on a phone, registers three
activities and answers the MFS one item at a time; the therapist then sees the registrations
drawn as charts and the MFS score, and downloads the report as a PDF."""

import uuid

from browser import (DESKTOP, PASSWORD, PHONE, assert_clean_console, check_labels, click, fill, log_in, screenshot,
                     wait_for, wait_for_text)
from client_steps import answer_questionnaire, open_today, open_week, register_activity
from therapist_steps import (assign_questionnaire, create_client, download_report, open_registrations,
                             questionnaire_scores_text, set_colour_scale)

SCALE = [
    {"color": "#1B5E20", "label": "Lader op", "statements": ["Jeg får energi"], "symptoms": ["Rolig"]},
    {"color": "#AED581", "label": "I balance", "statements": ["Det går fint"], "symptoms": ["Klart hoved"]},
    {"color": "#FFD54F", "label": "Pas på", "statements": ["Jeg skal snart holde pause"], "symptoms": ["Let hovedpine"]},
    {"color": "#D84315", "label": "Drænet", "statements": ["Jeg kan ikke mere"], "symptoms": ["Tung i hovedet", "Lydfølsom"]},
]
# One option index per MFS item (15 items, options 0–3 in half steps): items 1–14 add up to 14.5.
MFS_ANSWERS = [2, 3, 2, 2, 3, 1, 2, 3, 0, 1, 4, 2, 2, 2, 4]


def run(context):
    therapist = context.browser(DESKTOP)
    log_in(therapist, context.base_url, context.admin_email, context.admin_password)
    email = f"kirsten.lund.{uuid.uuid4().hex[:8]}@example.dk"
    link = create_client(therapist, "Kirsten Lund", email, birth_date="1971-11-02")
    click(therapist, "a.button.primary[href^='#/klienter/']")
    wait_for_text(therapist, "Kirsten Lund", css="main h1")
    set_colour_scale(therapist, SCALE)
    assign_questionnaire(therapist, "mfs")
    assert_clean_console(therapist, "the therapist's set-up")

    client = context.browser(PHONE)
    client.get(link)
    fill(client, "#password", PASSWORD)
    fill(client, "#password_repeat", PASSWORD)
    click(client, "#accept button[type=submit]")
    wait_for_text(client, "Din adgangskode er gemt")
    log_in(client, context.base_url, email, PASSWORD)
    assert "/klient/" in client.current_url
    register_activity(client, "Morgenmad og avis", 1, 30, statements=["Det går fint"], started_minutes_ago=240)
    register_activity(client, "Indkøb i supermarkedet", 3, 45, symptoms=["Lydfølsom"], note="Mange mennesker",
                      started_minutes_ago=150)
    register_activity(client, "Hvil på sofaen", 0, 60, started_minutes_ago=75)
    # Each registration was seen on its day's timeline (register_activity waits for it).
    open_today(client)
    check_labels(client, "the client's day")
    screenshot(context, client, "flow-client-today")
    open_week(client)
    screenshot(context, client, "flow-client-week")
    answer_questionnaire(client, MFS_ANSWERS)
    assert_clean_console(client, "the client's registrations and answers")

    open_registrations(therapist)
    for activity in ("Morgenmad og avis", "Indkøb i supermarkedet", "Hvil på sofaen"):
        wait_for_text(therapist, activity, css="main")
    bars = therapist.find_elements("css selector", "#energy-chart svg rect")
    assert bars, "the energy chart has no bars"
    screenshot(context, therapist, "flow-therapist-registrations")
    scores = questionnaire_scores_text(therapist)
    assert "14,5 af 42" in scores, scores
    screenshot(context, therapist, "flow-therapist-scores")
    for kind in ("registrations", "mfs"):
        path = download_report(therapist, kind, context.downloads)
        with open(path, "rb") as pdf:
            assert pdf.read(5) == b"%PDF-", f"the {kind} report is not a PDF"
    screenshot(context, therapist, "flow-therapist-reports")
    assert_clean_console(therapist, "the therapist's follow-up")
