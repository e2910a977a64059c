"""Steps in the therapist's part that scenarios compose: create a client and get the
invitation link, set a colour scale through the editor, assign a questionnaire, see the
registration charts, read questionnaire scores, fetch a report as PDF. Each works from the
therapist's pages (a client step from that client's page) and waits until its result shows."""

import os
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


from browser import click, fill, wait, wait_for, wait_for_text


def set_value(driver, css, value):
    """Sets a control's value the way typing would end (for date inputs, whose typing order
    depends on the browser's locale), firing input and change."""
    element = wait_for(driver, css)
    driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", element, value)
    return element


def select(driver, css, value):
    Select(wait_for(driver, css)).select_by_value(value)


def open_section(driver, slug):
    """Opens one section of the open client page (`stamdata`, `maal`, `copm`, `farveskala`,
    `refleksion`, `spoergeskemaer`, `registreringer`, `rapporter`)."""
    if driver.find_elements(By.CSS_SELECTOR, f'nav.tabs a[aria-current="page"][href$="/{slug}"]'):
        # Already there: the same link changes no route, so load the page again for fresh data.
        driver.refresh()
    else:
        click(driver, f'nav.tabs a[href$="/{slug}"]')
    wait_for(driver, f'nav.tabs a[aria-current="page"][href$="/{slug}"]')
    wait_for(driver, "#section-heading")


def create_client(driver, name, email, birth_date="1975-03-14", gender="female"):
    """Creates a client through "Ny klient" and returns the invitation link shown for the
    therapist to hand over (mail mode `none`)."""
    driver.execute_script("location.hash = '#/klienter/ny'")
    wait_for(driver, "#new-client")
    fill(driver, "#new-client [name=name]", name)
    select(driver, "#new-client [name=gender]", gender)
    set_value(driver, "#new-client [name=birth_date]", birth_date)
    fill(driver, "#new-client [name=email]", email)
    click(driver, "#new-client button[type=submit]")
    link = wait_for(driver, "input.manual-link", seconds=30)
    wait_for_text(driver, "Giv klienten invitationslinket")
    return link.get_attribute("value")


def level_count(driver):
    return len(driver.find_elements(By.CSS_SELECTOR, "#colour-scale fieldset.level"))


def set_colour_scale(driver, levels):
    """Sets the open client's colour scale through the editor: `levels` are dicts with
    `color` ("#RRGGBB"), `label`, `statements` and `symptoms` (lists), most restoring first."""
    open_section(driver, "farveskala")
    wait_for(driver, "#colour-scale fieldset.level")
    while level_count(driver) < len(levels):
        before = level_count(driver)
        click(driver, "#add-level")
        wait(driver).until(lambda d: level_count(d) == before + 1)
    while level_count(driver) > len(levels):
        before = level_count(driver)
        click(driver, f'[data-remove="{before - 1}"]')
        wait(driver).until(lambda d: level_count(d) == before - 1)
    for index, level in enumerate(levels):
        fill(driver, f'[data-field="levels[{index}].color"]', level["color"])
        fill(driver, f'[data-field="levels[{index}].label"]', level["label"])
        fill(driver, f'[data-field="levels[{index}].statements"]', "\n".join(level.get("statements", [])))
        fill(driver, f'[data-field="levels[{index}].symptoms"]', "\n".join(level.get("symptoms", [])))
    click(driver, "#colour-scale button[type=submit]")
    wait_for_text(driver, "Farveskalaen er gemt.", css="#status")
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#colour-scale .field-error"))


def assign_questionnaire(driver, instrument):
    """Assigns `mfs` or `mfi20` to the open client and waits until it is listed."""
    open_section(driver, "spoergeskemaer")
    before = len(driver.find_elements(By.CSS_SELECTOR, f'.questionnaire[data-instrument="{instrument}"]'))
    select(driver, "#assign-questionnaire [name=instrument]", instrument)
    click(driver, "#assign-questionnaire button[type=submit]")
    wait(driver, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, f'.questionnaire[data-instrument="{instrument}"]')) > before)


def open_registrations(driver):
    """Opens the open client's registrations and returns once both charts are drawn."""
    open_section(driver, "registreringer")
    wait_for(driver, '#energy-chart[data-drawn="true"] svg rect', seconds=30)
    wait_for(driver, '#week-chart[data-drawn="true"] svg rect', seconds=30)


def questionnaire_scores_text(driver, seconds=60):
    """The questionnaire section's text once every answered questionnaire is scored."""
    open_section(driver, "spoergeskemaer")
    wait_for(driver, ".questionnaire", seconds=30)
    wait(driver, seconds).until(lambda d: d.find_elements(By.CSS_SELECTOR, '.questionnaire[data-status="scored"]')
                                and not d.find_elements(By.CSS_SELECTOR, '.questionnaire[data-status="submitted"]'))
    return wait_for(driver, ".questionnaire-list").text


def download_report(driver, kind, downloads_dir, seconds=120):
    """Asks for a report of `kind` for the open client, waits until it is ready, downloads it
    and returns the PDF's path."""
    open_section(driver, "rapporter")
    wait_for(driver, "#report-form")
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".report-list .loading"))
    known = set(driver.execute_script("return [...document.querySelectorAll('tr[data-report]')].map((row) => row.dataset.report)"))
    if kind == "export":
        click(driver, "#export-form button[type=submit]")
    else:
        select(driver, "#report-kind", kind)
        click(driver, "#report-form button[type=submit]")

    # The list is redrawn while reports are being made, so rows are looked up in one script.
    def ready_report(d):
        ids = d.execute_script(
            "return [...document.querySelectorAll(`tr[data-kind='${arguments[0]}'][data-status='ready']`)]"
            ".map((row) => row.dataset.report)", kind)
        return next((report for report in ids if report not in known), None)
    report = wait(driver, seconds).until(ready_report)
    before = set(os.listdir(downloads_dir)) if os.path.isdir(downloads_dir) else set()
    driver.execute_script(
        "const button = document.querySelector(`tr[data-report='${arguments[0]}'] button.download`);"
        "button.scrollIntoView({block: 'center', behavior: 'instant'}); button.click();", report)
    deadline = time.time() + 30
    while time.time() < deadline:
        new = [name for name in set(os.listdir(downloads_dir)) - before if name.endswith(".pdf")]
        if new:
            return os.path.join(downloads_dir, new[0])
        time.sleep(0.25)
    raise AssertionError(f"no PDF appeared in {downloads_dir} after downloading the {kind} report")
