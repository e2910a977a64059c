"""The client's part on a phone: a therapist (the tenant's admin) creates a client with a
colour scale, goals, a reflection sheet and two questionnaires; the client accepts the
invitation, registers three activities, sees them in the day and week views in the scale's
colours, answers the MFS one item at a time, meets the "already answered" answer, and reads
goals, reflection sheets and the colour scale. Bad input shows Danish errors at the fields."""

import datetime
import re
import uuid

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser import (NARROW_PHONE, PASSWORD, PHONE, assert_clean_console, check_labels, fill, log_in, resize,
                     screenshot, wait_for, wait_for_text)
from client_steps import (COPENHAGEN, answer_questionnaire, click, fill_registration, open_nav, open_today, open_week,
                          register_activity, tap)

SCALE = [
    {"color": "#2E7D32", "label": "Genopbygning",
     "statements": ["Jeg får ny energi", "Hovedet er roligt"], "symptoms": ["Afslappede skuldre", "Rolig vejrtrækning"]},
    {"color": "#9CCC65", "label": "Godt i gang",
     "statements": ["Jeg kan koncentrere mig", "Det går let"], "symptoms": ["Let i kroppen"]},
    {"color": "#FDD835", "label": "Pas på",
     "statements": ["Jeg skal holde pause snart", "Det kræver mere af mig"], "symptoms": ["Let hovedpine", "Uro i kroppen"]},
    {"color": "#EF6C00", "label": "Træt",
     "statements": ["Jeg har svært ved at følge med", "Lyde generer mig"], "symptoms": ["Tung i hovedet", "Svimmel"]},
    {"color": "#B71C1C", "label": "Overbelastet",
     "statements": ["Jeg kan ikke mere", "Alt er for meget"], "symptoms": ["Kraftig hovedpine", "Kvalme", "Grådlabil"]},
]


def same_colour(css_value, hex_colour):
    """Whether a computed CSS colour (`rgb(…)` or `rgba(…, 1)`) is `#RRGGBB`."""
    channels = [int(part) for part in re.findall(r"[\d.]+", css_value)[:3]]
    return channels == [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]


def check_page(context, driver, name, where):
    check_labels(driver, where)
    assert_clean_console(driver, where)
    screenshot(context, driver, name, sizes=(PHONE, (1366, 900)))
    resize(driver, PHONE)


def set_up_client(context):
    """The therapist's side, through the API: a client and what the client part shows."""
    admin = context.api_login(context.admin_email, context.admin_password)
    email = f"mette.sorensen.{uuid.uuid4().hex[:8]}@example.org"
    status, client = context.api("POST", "/clients", {
        "name": "Mette Sørensen", "gender": "female", "birth_date": "1979-03-14", "email": email, "phone": "+45 20 30 40 50",
    }, token=admin)
    assert status == 201, (status, client)
    assert client["invitation"]["delivery"] == "manual", client["invitation"]
    client_id = client["id"]
    today = datetime.datetime.now(COPENHAGEN).date()
    for goal in (
        {"kind": "short_term", "text": "Gå en tur på 20 minutter hver formiddag", "target_date": str(today + datetime.timedelta(days=28))},
        {"kind": "short_term", "text": "Holde en pause på 15 minutter efter frokost hver dag"},
        {"kind": "long_term", "text": "Arbejde 15 timer om ugen i butikken igen", "target_date": str(today + datetime.timedelta(days=180))},
    ):
        status, body = context.api("POST", f"/clients/{client_id}/goals", goal, token=admin)
        assert status == 201, (status, body)
    status, body = context.api("POST", f"/clients/{client_id}/reflection-sheets", {
        "title": "Min energi i hverdagen",
        "items": [
            {"question": "Hvornår på dagen har du mest energi?", "answer": "Om formiddagen, især hvis jeg har sovet godt."},
            {"question": "Hvad dræner dig mest?", "answer": "Indkøb i store butikker og mange mennesker på én gang."},
            {"question": "Hvad kan du gøre, før du bliver overbelastet?", "answer": "Holde en pause i et stille rum og tage høreværn med."},
        ],
    }, token=admin)
    assert status == 201, (status, body)
    assignments = {}
    for instrument in ("mfs", "mfi20"):
        status, body = context.api("POST", f"/clients/{client_id}/questionnaires", {"instrument": instrument}, token=admin)
        assert status == 201, (status, body)
        assignments[instrument] = body["id"]
    return admin, client_id, email, client["invitation"]["link"], assignments


def accept_invitation(context, driver, link):
    driver.get(context.base_url + "/invitation" + link.split("/invitation", 1)[1])
    fill(driver, "#password", PASSWORD)
    fill(driver, "#password_repeat", PASSWORD)
    click(driver, "#accept button[type=submit]")
    wait_for(driver, "#done")


def minutes_ago(wanted):
    """`wanted` minutes back if that is still today in Copenhagen (so today's view shows it), else now."""
    now = datetime.datetime.now(COPENHAGEN)
    return wanted if now.hour * 60 + now.minute >= wanted + 5 else 0


def run(context):
    admin, client_id, email, link, assignments = set_up_client(context)
    driver = context.browser(PHONE)
    accept_invitation(context, driver, link)
    log_in(driver, context.base_url, email)
    assert "/klient/" in driver.current_url

    # A new client: nothing registered yet, and the standard scale until the therapist makes one.
    wait_for_text(driver, "Du har ikke registreret noget i dag endnu.")
    assert driver.find_element(By.CSS_SELECTOR, '#header nav a[href="#/i-dag"]').get_attribute("aria-current") == "page"
    check_page(context, driver, "client-today-empty", "today, empty")
    open_nav(driver, "#/registrer")
    wait_for_text(driver, "Din terapeut har ikke lavet din farveskala endnu.")
    check_page(context, driver, "client-register-default-scale", "register with the standard scale")

    status, body = context.api("PUT", f"/clients/{client_id}/color-scale", {"levels": SCALE}, token=admin)
    assert status == 200, (status, body)
    driver.refresh()
    wait_for(driver, "form.register")
    assert "har ikke lavet din farveskala" not in driver.find_element(By.TAG_NAME, "main").text
    swatches = driver.find_elements(By.CSS_SELECTOR, "form.register .swatch")
    assert [swatch.text.strip() for swatch in swatches] == [level["label"] for level in SCALE]
    for swatch, level in zip(swatches, SCALE):
        assert same_colour(swatch.value_of_css_property("background-color"), level["color"]), level

    # Bad input: no activity and 0 minutes. The API's problems come back in Danish at each field.
    fill_registration(driver, "", 2, 0, statements=["Det kræver mere af mig"])
    check_page(context, driver, "client-register", "register, filled in")
    click(driver, "form.register button[type=submit]")
    wait_for_text(driver, "Må ikke være tomt.", css="form.register")
    activity_field = driver.find_element(By.CSS_SELECTOR, "form.register input[name=activity]").find_element(By.XPATH, "./ancestor::div[contains(@class, 'field')][1]")
    assert "Må ikke være tomt." in activity_field.text, activity_field.text
    minutes_field = driver.find_element(By.CSS_SELECTOR, "form.register input[name=duration_minutes]").find_element(By.XPATH, "./ancestor::div[contains(@class, 'field')][1]")
    assert "Skal være mellem 1 og 1440 minutter." in minutes_field.text, minutes_field.text
    assert driver.find_element(By.CSS_SELECTOR, "form.register input[name=activity]").get_attribute("aria-invalid") == "true"
    check_page(context, driver, "client-register-errors", "register with errors")
    fill_registration(driver, "Læsning i avisen", None, 15)
    click(driver, "form.register button[type=submit]")
    wait_for_text(driver, "Skal udfyldes.", css="form.register fieldset.levels")
    assert_clean_console(driver, "register without a level")

    # Three activities through the form, at different times of the day.
    activities = [
        ("Gåtur i skoven", 0, 30, ["Jeg får ny energi"], ["Rolig vejrtrækning"], "", minutes_ago(150)),
        ("Indkøb i Netto", 3, 45, ["Lyde generer mig"], ["Tung i hovedet", "Svimmel"], "Meget larm ved kassen.", minutes_ago(95)),
        ("Frokost med min søster", 1, 60, ["Det går let"], [], "", minutes_ago(30)),
    ]
    for activity, level, minutes, statements, symptoms, note, ago in activities:
        register_activity(driver, activity, level, minutes, statements, symptoms, note, started_minutes_ago=ago)
        wait_for_text(driver, "Gemt: " + activity, css="#status")
    assert_clean_console(driver, "registering")
    open_nav(driver, "#/registrer")
    # In the order they happened. Just after midnight minutes_ago() registers the earlier ones
    # now, after lunch; those registered now are in the order of registering.
    chronological = [entry for _, entry in sorted(enumerate(activities), key=lambda item: (-item[1][6], item[0]))]
    # The newest comes first.
    newest = chronological[-1][0]
    wait_for_text(driver, newest, css="form.register .recent")
    click(driver, "form.register .recent button")
    assert driver.find_element(By.CSS_SELECTOR, "form.register input[name=activity]").get_attribute("value") == newest
    check_page(context, driver, "client-register-recent", "register with recent activities")
    resize(driver, NARROW_PHONE)
    screenshot(context, driver, "client-register-320", sizes=(NARROW_PHONE,))
    resize(driver, PHONE)
    click(driver, 'form.register a[href="#/i-dag"]')

    open_today(driver)
    entries = driver.find_elements(By.CSS_SELECTOR, "main .timeline .entry")
    assert len(entries) == 3, [entry.text for entry in entries]
    for activity, level, minutes, statements, symptoms, note, ago in activities:
        entry = next(entry for entry in entries if activity in entry.text)
        block = entry.find_element(By.CSS_SELECTOR, ".entry-block")
        assert same_colour(block.value_of_css_property("background-color"), SCALE[level]["color"]), activity
        assert SCALE[level]["label"] in block.text and all(word in block.text for word in statements + symptoms), block.text
    assert "3 aktiviteter · 2 t 15 min i alt" in driver.find_element(By.CSS_SELECTOR, "main").text
    check_page(context, driver, "client-today", "today")
    resize(driver, NARROW_PHONE)
    screenshot(context, driver, "client-today-320", sizes=(NARROW_PHONE,))

    resize(driver, PHONE)
    click(driver, 'main .pager a[href^="#/i-dag/"]')
    wait_for_text(driver, "Der er ingen registreringer denne dag.", css="main")
    yesterday = str(datetime.datetime.now(COPENHAGEN).date() - datetime.timedelta(days=1))
    assert driver.find_element(By.CSS_SELECTOR, "main a.register-cta").get_attribute("href").endswith(f"#/registrer/{yesterday}")
    assert driver.find_element(By.CSS_SELECTOR, '.view-switch a[href="#/i-dag"]').get_attribute("aria-current") == "true"
    check_page(context, driver, "client-yesterday", "yesterday, empty")
    open_week(driver)
    today_row = wait_for(driver, ".week-day.today")
    dots = today_row.find_elements(By.CSS_SELECTOR, ".compact-entry .dot")
    assert len(dots) == 3
    for dot, (activity, level, *_) in zip(dots, chronological):
        assert same_colour(dot.value_of_css_property("background-color"), SCALE[level]["color"]), activity
    assert len(driver.find_elements(By.CSS_SELECTOR, ".week .week-day")) == 7
    check_page(context, driver, "client-week", "week")
    resize(driver, NARROW_PHONE)
    screenshot(context, driver, "client-week-320", sizes=(NARROW_PHONE,))
    resize(driver, PHONE)

    # Questionnaires: both waiting; the MFS (assigned first) is answered one item at a time.
    open_nav(driver, "#/spoergeskemaer")
    wait_for_text(driver, "MFS (mental træthed)", css="main")
    assert len(driver.find_elements(By.XPATH, "//main//span[contains(@class,'badge')][.='Venter på dine svar']")) == 2
    check_page(context, driver, "client-questionnaires", "questionnaires")
    click(driver, 'main a.button.primary[href^="#/spoergeskemaer/"]')
    wait_for_text(driver, "Spørgsmål 1 af 15", css=".progress-label")
    progress = driver.find_element(By.CSS_SELECTOR, "main progress")
    assert (progress.get_attribute("value"), progress.get_attribute("max")) == ("1", "15")
    # By keyboard: from the question, Tab to its options, arrows to pick, Tab to "Næste", Enter.
    ActionChains(driver).send_keys(Keys.TAB, Keys.ARROW_DOWN, Keys.ARROW_DOWN).perform()
    assert driver.find_elements(By.CSS_SELECTOR, "form.question input[name=answer]")[2].is_selected()
    ActionChains(driver).send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element.get_attribute("id") == "next"
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait_for_text(driver, "Spørgsmål 2 af 15", css=".progress-label")
    check_page(context, driver, "client-questionnaire-item", "a questionnaire item")
    resize(driver, NARROW_PHONE)
    screenshot(context, driver, "client-questionnaire-item-320", sizes=(NARROW_PHONE,))
    resize(driver, PHONE)
    click(driver, "#previous")
    wait_for_text(driver, "Spørgsmål 1 af 15", css=".progress-label")
    assert driver.find_elements(By.CSS_SELECTOR, "form.question input[name=answer]")[2].is_selected(), "the answer was kept"

    answer_questionnaire(driver, [2, 3, 4, 2, 5, 1, 2, 3, 0, 1, 6, 4, 2, 2, 3])
    wait_for_text(driver, "Tak! Dine svar er sendt til din terapeut.", css="#status")
    answered = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=answered-heading]")
    assert "MFS (mental træthed)" in answered.text and ("Indsendt" in answered.text or "Færdig" in answered.text), answered.text
    status, mine = context.api("GET", f"/clients/{client_id}/questionnaires", token=admin)
    mfs = next(one for one in mine if one["id"] == assignments["mfs"])
    assert mfs["status"] in ("submitted", "scored"), mfs
    check_page(context, driver, "client-questionnaires-answered", "questionnaires after answering")

    # Answered already: opened again, and sent from a page that did not know (409).
    driver.get(context.base_url + f"/klient/#/spoergeskemaer/{assignments['mfs']}")
    wait_for_text(driver, "Du har allerede besvaret dette spørgeskema.")
    click(driver, 'main a[href="#/spoergeskemaer"]')
    click(driver, 'main a.button.primary[href^="#/spoergeskemaer/"]')
    wait_for_text(driver, "Spørgsmål 1 af 20", css=".progress-label")
    for _ in range(20):
        click(driver, "#next")
    wait_for(driver, "form.review")
    wait_for_text(driver, "Du har besvaret 0 af 20 spørgsmål.", css="form.review")
    check_page(context, driver, "client-questionnaire-review", "questionnaire review")
    client_token = context.api_login(email)
    status, body = context.api("POST", f"/me/questionnaires/{assignments['mfi20']}/answers", {"answers": [3] * 20}, token=client_token)
    assert status == 202, (status, body)
    click(driver, "#send")
    wait_for_text(driver, "Du har allerede besvaret dette spørgeskema.")
    check_page(context, driver, "client-questionnaire-already", "questionnaire already answered")

    # What the therapist and client agreed on.
    open_nav(driver, "#/forloeb")
    wait_for_text(driver, "Gå en tur på 20 minutter hver formiddag", css="main")
    assert "Arbejde 15 timer om ugen i butikken igen" in driver.find_element(By.TAG_NAME, "main").text
    assert driver.find_element(By.CSS_SELECTOR, '.tabs a[href="#/forloeb/maal"]').get_attribute("aria-current") == "page"
    check_page(context, driver, "client-goals", "goals")
    click(driver, '.tabs a[href="#/forloeb/refleksion"]')
    wait_for_text(driver, "Min energi i hverdagen", css="main")
    assert "Holde en pause i et stille rum" in driver.find_element(By.TAG_NAME, "main").text
    check_page(context, driver, "client-reflection", "reflection sheets")
    click(driver, '.tabs a[href="#/forloeb/farveskala"]')
    wait_for_text(driver, "Overbelastet", css="main")
    levels = driver.find_elements(By.CSS_SELECTOR, ".scale-level")
    assert len(levels) == 5
    for element, level in zip(levels, SCALE):
        swatch = element.find_element(By.CSS_SELECTOR, ".scale-swatch")
        assert swatch.text == level["label"]
        assert all(word in element.text for word in level["statements"] + level["symptoms"])
    check_page(context, driver, "client-color-scale", "colour scale")
    resize(driver, NARROW_PHONE)
    screenshot(context, driver, "client-color-scale-320", sizes=(NARROW_PHONE,))
    resize(driver, PHONE)
    assert_clean_console(driver, "the client part")
