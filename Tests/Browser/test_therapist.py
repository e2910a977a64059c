"""The therapist's part: log in, create a client (the invitation link to hand over is shown),
build the client's record through each section — a five-level colour scale (a bad colour code
is explained in Danish at the field), goals, a COPM assessment, a reflection sheet, MFS and
MFI-20 — then, with the client's registrations and answers in place, see the charts and the
scores, and download a report as a PDF. Every view is screenshotted at phone and desktop width."""

from datetime import datetime, timedelta, timezone, date
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By

from browser import (NARROW_PHONE, DESKTOP, PASSWORD, assert_clean_console, check_labels, fill, log_in, resize,
                     screenshot, wait, wait_for, wait_for_text)
from therapist_steps import (assign_questionnaire, click, create_client, download_report, open_registrations, open_section,
                             questionnaire_scores_text, select, set_colour_scale, set_value)

SCALE = [
    {"color": "#2E7D32", "label": "Giver energi",
     "statements": ["Jeg føler mig udhvilet", "Jeg har lyst til at lave noget"],
     "symptoms": ["Rolig vejrtrækning", "Klart hoved"]},
    {"color": "#9CCC65", "label": "Neutral",
     "statements": ["Jeg kan godt klare lidt mere"],
     "symptoms": ["Normal koncentration"]},
    {"color": "#FDD835", "label": "Begynder at dræne",
     "statements": ["Jeg skal snart holde pause"],
     "symptoms": ["Let hovedpine", "Sværere at finde ord"]},
    {"color": "#FB8C00", "label": "Dræner",
     "statements": ["Jeg burde have stoppet for lidt siden"],
     "symptoms": ["Lydfølsom", "Irritabel"]},
    {"color": "#C62828", "label": "Helt drænet",
     "statements": ["Jeg kan ikke mere i dag"],
     "symptoms": ["Svimmel", "Kvalme", "Kan ikke tænke klart"]},
]

# (activity, level, minutes, days ago, hour) — a believable week with brain fatigue.
ACTIVITIES = [
    ("Gåtur i skoven", 0, 40, 6, 9), ("Indkøb i Netto", 3, 45, 6, 11), ("Middagslur", 0, 60, 6, 14),
    ("Læste avis", 1, 30, 5, 8), ("Familiefødselsdag", 4, 180, 5, 15),
    ("Hvilede på sofaen", 0, 90, 4, 10), ("Rengøring af køkken", 2, 50, 4, 13),
    ("Møde på jobcentret", 3, 60, 3, 10), ("Kørte bil til byen", 2, 35, 3, 12), ("Yoga", 0, 45, 3, 17),
    ("Madlavning", 2, 60, 2, 17), ("Telefonsamtale med søster", 1, 25, 2, 19),
    ("Arbejdsprøvning", 4, 150, 1, 9), ("Hvil med lukkede øjne", 0, 30, 1, 13), ("Vasketøj", 1, 40, 0, 8),
]

MFS_ANSWERS = [2, 1.5, 2, 1.5, 1.5, 1, 1, 2, 1, 0.5, 1, 1.5, 1, 0.5, 2]  # items 1–14 sum to 18: moderate
MFI20_ANSWERS = [2, 4, 2, 3, 4, 2, 2, 3, 4, 4, 2, 2, 4, 4, 3, 4, 4, 4, 4, 2]

# Injected before the pages' own scripts: GET /clients and /clients/{id} answer as if the
# client's first deletion warning came ten days ago and deletion is twenty days away.
WARNING_DUE = """(() => {
  const day = 86400000;
  const due = (client) => ({ ...client, warning_at: new Date(Date.now() - 10 * day).toISOString(),
                             deletion_due_at: new Date(Date.now() + 20 * day).toISOString() });
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    const url = new URL(String(input.url ?? input), location.href);
    if ((init?.method ?? 'GET') !== 'GET' || !response.ok || !/^\\/api\\/v1\\/clients(\\/[^/]+)?$/.test(url.pathname)) return response;
    const data = await response.json();
    return new Response(JSON.stringify(Array.isArray(data) ? data.map(due) : due(data)),
                        { status: response.status, headers: response.headers });
  };
})();"""


def checked(context, driver, name):
    """Screenshot, labels and console for one view."""
    check_labels(driver, name)
    screenshot(context, driver, name)
    assert_clean_console(driver, name)


def run(context):
    driver = context.browser()
    log_in(driver, context.base_url, context.admin_email, context.admin_password)
    wait_for_text(driver, "Klienter", css="main h1")
    checked(context, driver, "therapist-clients-empty")

    # The new-client form explains what is missing in Danish, at the fields.
    click(driver, 'a[href="#/klienter/ny"]')
    wait_for(driver, "#new-client")
    fill(driver, "#new-client [name=email]", "ikke en adresse")
    click(driver, "#new-client button[type=submit]")
    wait_for_text(driver, "Skal udfyldes.", css="#new-client")
    assert driver.find_element(By.CSS_SELECTOR, "#new-client [name=name]").get_attribute("aria-invalid") == "true"
    fill(driver, "#new-client [name=name]", "Mette Kjær Holm")
    set_value(driver, "#new-client [name=birth_date]", "1968-09-23")
    click(driver, "#new-client button[type=submit]")
    wait_for_text(driver, "Skal være en e-mailadresse.", css="#new-client")
    checked(context, driver, "therapist-new-client-errors")

    link = create_client(driver, "Mette Kjær Holm", "mette.holm@example.dk", birth_date="1968-09-23")
    assert link.startswith(context.base_url + "/invitation#token="), link
    checked(context, driver, "therapist-new-client-created")

    # A few more clients (through the API: set-up, not the subject) so the list looks lived in.
    admin_token = context.api_login(context.admin_email, context.admin_password)
    for name, email, birth in (("Jonas Bøgh Nielsen", "jonas.nielsen@example.dk", "1981-02-11"),
                               ("Aisha Rahimi", "aisha.rahimi@example.dk", "1990-06-30")):
        status, body = context.api("POST", "/clients", {"name": name, "gender": "male" if name.startswith("J") else "female",
                                                         "birth_date": birth, "email": email}, token=admin_token)
        assert status == 201, (status, body)

    driver.execute_script("location.hash = '#/klienter'")
    wait_for(driver, "#client-search")
    wait_for_text(driver, "Jonas Bøgh Nielsen")
    fill(driver, "#client-search", "mette")
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".client-table tbody tr")) == 1)
    fill(driver, "#client-search", "")
    driver.find_element(By.CSS_SELECTOR, "#client-search").send_keys(" ")
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".client-table tbody tr")) == 3)
    assert "Dig" in driver.find_element(By.CSS_SELECTOR, ".client-table").text
    checked(context, driver, "therapist-clients")

    click(driver, ".client-table tr:nth-child(3) a")
    wait_for_text(driver, "Mette Kjær Holm", css="main h1")
    wait_for(driver, "#master-data")
    client_id = driver.execute_script("return location.hash.split('/')[2]")
    checked(context, driver, "therapist-client-master-data")
    resize(driver, NARROW_PHONE)
    screenshot(context, driver, "therapist-client-master-data-320", sizes=(NARROW_PHONE,))
    resize(driver, DESKTOP)
    click(driver, "#delete-client")
    wait_for(driver, "#confirm-delete")
    wait_for_text(driver, "Er du sikker?")
    click(driver, ".danger-zone button:not(.danger)")
    wait_for(driver, "#delete-client")

    # Colour scale: a bad colour code is explained in Danish next to its field, then the real one.
    open_section(driver, "farveskala")
    wait_for(driver, "#colour-scale fieldset.level")
    fill(driver, '[data-field="levels[1].color"]', "grøn")
    click(driver, "#colour-scale button[type=submit]")
    wait_for(driver, "#colour-scale .field-error")
    error_at_field = driver.execute_script(
        "const c = document.querySelector('[data-field=\"levels[1].color\"]');"
        "return c.getAttribute('aria-invalid') === 'true' ? c.closest('.field').querySelector('.field-error').textContent : null;")
    assert error_at_field == "Skal være en farve.", error_at_field
    screenshot(context, driver, "therapist-client-colour-scale-error")
    set_colour_scale(driver, SCALE)
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".scale-preview li")) == 5)
    assert "Helt drænet" in driver.find_element(By.CSS_SELECTOR, ".scale-preview").text
    checked(context, driver, "therapist-client-colour-scale")

    # Goals: two added through the form, one marked achieved.
    open_section(driver, "maal")
    wait_for(driver, "#new-goal")
    for kind, text in (("short_term", "Holde tre planlagte pauser hver dag i den kommende uge."),
                       ("long_term", "Kunne arbejde 15 timer om ugen i flexjob inden sommerferien.")):
        select(driver, "#new-goal [name=kind]", kind)
        fill(driver, "#new-goal [name=text]", text)
        click(driver, "#new-goal button[type=submit]")
        wait_for_text(driver, text, css=".goal-list")
    click(driver, ".goal button.link")
    select(driver, ".goal-edit [name=status]", "achieved")
    click(driver, ".goal-edit button[type=submit]")
    wait_for_text(driver, "Nået", css=".goal-list")
    checked(context, driver, "therapist-client-goals")

    # COPM: a first assessment six weeks ago (set-up), then today's through the form.
    first = (date.today() - timedelta(days=42)).isoformat()
    problems = [("Lave aftensmad til familien", 9, 3, 2), ("Handle ind i supermarkedet", 7, 4, 3), ("Deltage i sociale arrangementer", 8, 2, 2)]
    status, body = context.api("POST", f"/clients/{client_id}/copm", {"assessed_on": first, "problems": [
        {"description": d, "importance": i, "performance": p, "satisfaction": s} for d, i, p, s in problems]}, token=admin_token)
    assert status in (201, 202), (status, body)
    open_section(driver, "copm")
    wait_for(driver, "#new-copm")
    click(driver, "#add-problem")
    click(driver, "#add-problem")
    later = [(d, i, p + 3, s + 3) for d, i, p, s in problems]
    for index, (description, importance, performance, satisfaction) in enumerate(later):
        fill(driver, f'[data-field="problems[{index}].description"]', description)
        fill(driver, f'[data-field="problems[{index}].importance"]', str(importance))
        fill(driver, f'[data-field="problems[{index}].performance"]', str(performance))
        fill(driver, f'[data-field="problems[{index}].satisfaction"]', str(satisfaction))
    click(driver, "#new-copm button[type=submit]")
    wait(driver, 20).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "article.copm")) == 2)
    assert "Klinisk betydende" in driver.find_element(By.CSS_SELECTOR, ".copm-list").text
    checked(context, driver, "therapist-client-copm")

    # A reflection sheet.
    open_section(driver, "refleksion")
    click(driver, "#new-sheet")
    fill(driver, "#sheet-form [name=title]", "Uge 1: energi og pauser")
    answers = ["Gåturen om morgenen og middagsluren.", "Indkøb og fødselsdagen – for mange lyde og mennesker.",
               "Handle ind om formiddagen, når der er færre mennesker, og tage høreværn med."]
    for index, answer in enumerate(answers):
        fill(driver, f'[data-field="items[{index}].answer"]', answer)
    click(driver, "#sheet-form button[type=submit]")
    wait_for_text(driver, "Uge 1: energi og pauser", css=".sheet-list")
    checked(context, driver, "therapist-client-reflection")

    assign_questionnaire(driver, "mfs")
    assign_questionnaire(driver, "mfi20")
    wait_for_text(driver, "Afventer besvarelse", css=".questionnaire-list")

    # The client's side (set-up through the API): accept, log in, register a week, answer.
    token = link.split("#token=", 1)[1]
    status, body = context.api("POST", "/auth/invitations/accept", {"token": token, "password": PASSWORD})
    assert status == 204, (status, body)
    client_token = context.api_login("mette.holm@example.dk")
    # Days and hours in Copenhagen, as the page's period ("the last 7 days") counts them.
    now = datetime.now(ZoneInfo("Europe/Copenhagen"))
    for activity, level, minutes, days_ago, hour in ACTIVITIES:
        day = now.date() - timedelta(days=days_ago)
        started = datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Europe/Copenhagen"))
        if started > now - timedelta(minutes=minutes):
            # Later today than now: earlier today instead, or just after midnight if it is early.
            midnight = datetime(now.year, now.month, now.day, tzinfo=ZoneInfo("Europe/Copenhagen"))
            started = max(midnight, now - timedelta(minutes=minutes + 5))
        started = started.astimezone(timezone.utc)
        status, body = context.api("POST", "/me/registrations", {
            "activity": activity, "started_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"), "duration_minutes": minutes,
            "level": level, "statements": SCALE[level]["statements"][:1], "symptoms": SCALE[level]["symptoms"][:1]}, token=client_token)
        assert status in (201, 202), (status, body)
    status, assignments = context.api("GET", "/me/questionnaires", token=client_token)
    assert status == 200, (status, assignments)
    for assignment in assignments:
        answers = MFS_ANSWERS if assignment["instrument"] == "mfs" else MFI20_ANSWERS
        status, body = context.api("POST", f"/me/questionnaires/{assignment['id']}/answers", {"answers": answers}, token=client_token)
        assert status == 202, (status, body)

    scores = questionnaire_scores_text(driver)
    assert "18 af 42" in scores and "Grad af mental træthed: moderat" in scores, scores
    assert "Generel træthed" in scores and "Total" in scores, scores
    checked(context, driver, "therapist-client-questionnaires")

    open_registrations(driver)
    # The table is drawn after the charts; wait for its rows rather than race it.
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".registration-table tbody tr")) == len(ACTIVITIES))
    title = driver.find_element(By.CSS_SELECTOR, "#energy-chart svg title").get_attribute("textContent")
    assert "Energi pr. dag" in title, title
    checked(context, driver, "therapist-client-registrations")

    path = download_report(driver, "mfs", context.downloads)
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-", path
    checked(context, driver, "therapist-client-reports")

    # Five wrong passwords lock the client's account: the list says so in words, the therapist
    # unlocks it on the master data and can hand over a link for a new password.
    for _ in range(5):
        context.api("POST", "/auth/login", {"email": "mette.holm@example.dk", "password": "ikke den rigtige"})
    driver.execute_script("location.hash = '#/klienter'")
    wait_for_text(driver, "Låst", css=".client-table")
    wait_for_text(driver, "kræver opmærksomhed", css="main")
    checked(context, driver, "therapist-clients-attention")
    click(driver, ".client-table tr:nth-child(3) a")
    wait_for(driver, "#unlock")
    checked(context, driver, "therapist-client-locked")
    click(driver, "#unlock")
    wait_for_text(driver, "Kontoen er aktiv.", css="main")
    click(driver, "#password-reset")
    reset_link = wait_for(driver, ".account-result input.manual-link").get_attribute("value")
    assert reset_link.startswith(context.base_url + "/password-reset"), reset_link
    assert_clean_console(driver, "unlock and password reset")

    # When the first deletion warning is due, the list flags the client, the page offers the
    # export up front, and the export comes as a PDF. The server's dates are real (months
    # away), so a second browser sees its clients' answers with the warning ten days past.
    later = context.browser()
    later.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WARNING_DUE})
    log_in(later, context.base_url, context.admin_email, context.admin_password)
    wait_for_text(later, "Slettevarsel", css=".client-table")
    checked(context, later, "therapist-clients-deletion-warning")
    later.execute_script(f"location.hash = '#/klienter/{client_id}'")
    wait_for(later, "#export-before-deletion")
    wait_for_text(later, "Slettevarsel", css=".client-head")
    checked(context, later, "therapist-client-deletion-warning")
    click(later, "#export-before-deletion")
    wait_for(later, 'nav.tabs a[aria-current="page"][href$="/rapporter"]')
    wait_for(later, ".export-card.urgent")
    wait_for(later, 'tr[data-kind="export"]', seconds=30)
    path = download_report(later, "export", context.downloads)
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-", path
    checked(context, later, "therapist-client-reports-deletion-warning")
