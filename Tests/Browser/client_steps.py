"""Steps in the client's part (/klient/) that scenarios compose: registering an activity,
answering the first waiting questionnaire, and opening today's and the week's view. Each step
starts from any view inside /klient/ and returns when the result is on screen."""

import datetime
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By

from browser import click, fill, wait, wait_for, wait_for_text

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
QUICK_DURATIONS = (15, 30, 60, 90)
QUICK_STARTS = (0, 30, 60, 120)


def scroll_to(driver, element):
    """Brings `element` to the middle of the screen at once. base.css scrolls smoothly, and a
    click during the animation can land on the phone's tab bar instead."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    return element


def tap(driver, element):
    scroll_to(driver, element).click()


def open_nav(driver, href):
    """Follows a link of the part's main navigation (the tab bar on a phone)."""
    click(driver, f'#header nav a[href="{href}"]')


def open_today(driver):
    open_nav(driver, "#/i-dag")
    click(driver, '.view-switch a[href="#/i-dag"]')
    wait_for_text(driver, "I dag", css="main h1")
    wait_for(driver, "main .timeline, main .empty")


def open_week(driver):
    open_nav(driver, "#/i-dag")
    click(driver, '.view-switch a[href="#/i-dag/uge"]')
    wait_for_text(driver, "Denne uge", css="main h1")
    wait_for(driver, "main .week")


def _tick(driver, name, value):
    for box in driver.find_elements(By.CSS_SELECTOR, f"form.register input[name={name}]"):
        if box.get_attribute("value") == value:
            tap(driver, box.find_element(By.XPATH, "./ancestor::label"))
            return
    raise AssertionError(f"no {name} {value!r} to tick for the chosen level")


def fill_registration(driver, activity, level_index, minutes, statements=(), symptoms=(), note="",
                      started_minutes_ago=0):
    """Opens "Registrér" and fills the form without sending it. `level_index` None leaves the
    level unpicked; `minutes` may be a quick choice (15/30/60/90) or typed; `started_minutes_ago`
    0/30/60/120 is a quick choice, any other number is typed as a date and a clock."""
    if driver.current_url.endswith("#/registrer"):
        driver.refresh()  # following the link to the open view would keep what is typed
    else:
        open_nav(driver, "#/registrer")
    wait_for(driver, "form.register")
    fill(driver, "form.register input[name=activity]", activity)
    if level_index is not None:
        click(driver, f"form.register .swatch:nth-child({level_index + 1})")
        for statement in statements:
            _tick(driver, "statements", statement)
        for symptom in symptoms:
            _tick(driver, "symptoms", symptom)
    if started_minutes_ago in QUICK_STARTS:
        click(driver, f'form.register label.chip:has(input[name=when][value="{started_minutes_ago}"])')
    else:
        click(driver, 'form.register label.chip:has(input[name=when][value="other"])')
        start = datetime.datetime.now(COPENHAGEN) - datetime.timedelta(minutes=started_minutes_ago)
        for name, value in (("started_date", start.strftime("%Y-%m-%d")), ("started_time", start.strftime("%H:%M"))):
            driver.execute_script("arguments[0].value = arguments[1]",
                                  wait_for(driver, f"form.register input[name={name}]"), value)
    if minutes in QUICK_DURATIONS:
        click(driver, f'form.register label.chip:has(input[name=duration_choice][value="{minutes}"])')
    else:
        fill(driver, "form.register input[name=duration_minutes]", str(minutes))
    if note:
        fill(driver, "form.register textarea[name=note]", note)


def register_activity(driver, activity, level_index, minutes, statements=(), symptoms=(), note="",
                      started_minutes_ago=0):
    """Registers an activity through the form and waits until the view of its day (today's,
    or an earlier one's just after midnight) shows it."""
    fill_registration(driver, activity, level_index, minutes, statements, symptoms, note, started_minutes_ago)
    click(driver, "form.register button[type=submit]")
    now = datetime.datetime.now(COPENHAGEN)
    day = (now - datetime.timedelta(minutes=started_minutes_ago)).date()
    view = "#/i-dag" if day == now.date() else f"#/i-dag/{day.isoformat()}"
    wait(driver, 20).until(lambda d: d.current_url.endswith(view))
    wait_for_text(driver, activity, css="main .timeline")


def answer_questionnaire(driver, answers):
    """Answers the first waiting questionnaire one item at a time: `answers` holds, per item,
    the index of the option to pick (None leaves the item unanswered). Returns once it is sent."""
    open_nav(driver, "#/spoergeskemaer")
    wait_for(driver, "main section")
    click(driver, 'main a.button.primary[href^="#/spoergeskemaer/"]')
    wait_for(driver, "form.question")
    # A questionnaire left half-way opens at its first unanswered item: start from item 1.
    while driver.find_element(By.ID, "previous").is_enabled():
        click(driver, "#previous")
    count = None
    for number, answer in enumerate(answers, start=1):
        wait_for_text(driver, f"Spørgsmål {number} af", css=".progress-label")
        if count is None:
            count = int(driver.find_element(By.CSS_SELECTOR, "main progress").get_attribute("max"))
            assert count == len(answers), f"the questionnaire has {count} items, {len(answers)} answers given"
        if answer is not None:
            options = driver.find_elements(By.CSS_SELECTOR, "form.question input[name=answer]")
            tap(driver, options[answer].find_element(By.XPATH, "./ancestor::label"))
            assert options[answer].is_selected()
        click(driver, "#next")
    wait_for(driver, "form.review")
    click(driver, "#send")
    wait(driver, 20).until(lambda d: d.current_url.endswith("#/spoergeskemaer"))
    wait_for_text(driver, "Besvarede", css="main")
