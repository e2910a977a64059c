"""The tenant admin's pages and the therapist's security page, as the admin through the UI:
tenant settings (name, mail mode there and back, a bad time zone and a bad relay host shown
in Danish at their fields), inviting a therapist (the manual link), notifications (handover
offers accepted and declined from the page, marking read), two-factor login set up by
scanning the page's own QR code (decoded from a screenshot) and a TOTP computed here, a new
login that needs the code, and resetting a colleague's two-factor login."""

import os
import time

from selenium.webdriver.common.by import By

from admin_steps import (RECORD_TRAFFIC, api_ok, check_qr_encoder, create_client, current_step, decode_qr_png,
                         ensure_decoder, invite_and_join, offer, press, sent_bodies, totp, unique_tag, wrong_code)
from browser import (DESKTOP, NARROW_PHONE, PASSWORD, PHONE, assert_clean_console, check_labels, console_errors, fill,
                     log_in, resize, screenshot, wait, wait_for, wait_for_text)


def run(context):
    ensure_decoder()
    admin_token = context.api_login(context.admin_email, context.admin_password)
    admin = api_ok(context, "GET", "/me", token=admin_token)
    driver = context.browser()
    log_in(driver, context.base_url, context.admin_email, context.admin_password)

    tenant_settings(context, driver, admin_token)
    mette_id = therapists(context, driver, admin_token)
    jonas_email = notifications(context, driver, admin_token, admin["id"])
    secret = security(context, driver)
    log_in_with_code(context, driver, secret)
    reset_colleague_mfa(context, driver, admin_token, mette_id)
    require_mfa(context, driver, admin_token, jonas_email)


def go(driver, context, route, ready):
    driver.get(f"{context.base_url}/terapeut/#{route}")
    return wait_for(driver, ready)


def save_settings(driver):
    press(driver, ".settings-form button[type=submit]")


def tenant_settings(context, driver, admin_token):
    go(driver, context, "/indstillinger", ".settings-form")
    check_labels(driver, "tenant settings")
    assert not driver.find_element(By.CSS_SELECTOR, "fieldset.smtp").is_displayed(), "relay fields shown in mail mode none"
    screenshot(context, driver, "admin-settings")
    driver.execute_script(RECORD_TRAFFIC)

    fill(driver, "input[name=name]", "Aarhus Kommune – Hjerneskadeteamet")
    save_settings(driver)
    wait_for_text(driver, "Gemt kl.", css=".settings-form")
    assert sent_bodies(driver, "PATCH", "/tenant")[-1] == {"name": "Aarhus Kommune – Hjerneskadeteamet"}
    assert api_ok(context, "GET", "/tenant", token=admin_token)["name"] == "Aarhus Kommune – Hjerneskadeteamet"

    # The tenant's own relay: a host that is no host name is refused at its field, in Danish.
    press(driver, "input[name=mail_mode][value=smtp]")
    wait_for(driver, "fieldset.smtp input[name='smtp.host']")
    fill(driver, "input[name='smtp.host']", "smtp aarhus dk")
    fill(driver, "input[name='smtp.port']", "587")
    fill(driver, "input[name='smtp.username']", "mdme-relay")
    fill(driver, "input[name='smtp.password']", "relæ-kode 2026")
    save_settings(driver)
    wait_for_text(driver, "Skal være et værtsnavn eller en IP-adresse.", css="fieldset.smtp")
    assert driver.find_element(By.CSS_SELECTOR, "input[name='smtp.host']").get_attribute("aria-invalid") == "true"
    check_labels(driver, "tenant settings, relay")
    screenshot(context, driver, "admin-settings-smtp-error")
    fill(driver, "input[name='smtp.host']", "smtp.aarhus.dk")
    save_settings(driver)
    wait_for_text(driver, "Gemt kl.", css=".settings-form")
    tenant = api_ok(context, "GET", "/tenant", token=admin_token)
    assert tenant["mail_mode"] == "smtp" and tenant["smtp"]["host"] == "smtp.aarhus.dk", tenant
    assert tenant["smtp"]["password_set"] is True and tenant["smtp"]["username"] == "mdme-relay", tenant
    assert sent_bodies(driver, "PATCH", "/tenant")[-1] == {"mail_mode": "smtp", "smtp": {
        "host": "smtp.aarhus.dk", "port": 587, "tls": "starttls_required", "username": "mdme-relay", "password": "relæ-kode 2026"}}
    wait_for_text(driver, "Der er gemt en adgangskode", css="fieldset.smtp")
    screenshot(context, driver, "admin-settings-smtp")

    # Back to no mail (the rest of the scenario wants manual links); only the mode is sent.
    press(driver, "input[name=mail_mode][value=none]")
    save_settings(driver)
    wait_for_text(driver, "Gemt kl.", css=".settings-form")
    tenant = api_ok(context, "GET", "/tenant", token=admin_token)
    assert tenant["mail_mode"] == "none" and tenant["smtp"]["host"] == "smtp.aarhus.dk", tenant
    assert sent_bodies(driver, "PATCH", "/tenant")[-1] == {"mail_mode": "none"}

    fill(driver, "input[name=time_zone]", "Europe/Aarhus")
    save_settings(driver)
    wait_for_text(driver, "Skal være en tidszone som Europe/Copenhagen.", css=".settings-form")
    zone = driver.find_element(By.CSS_SELECTOR, "input[name=time_zone]")
    assert zone.get_attribute("aria-invalid") == "true"
    assert "Skal være en tidszone" in zone.find_element(By.XPATH, "./ancestor::div[contains(@class,'field')]").text
    screenshot(context, driver, "admin-settings-error")
    screenshot(context, driver, "admin-settings-error-320", sizes=(NARROW_PHONE,))
    assert api_ok(context, "GET", "/tenant", token=admin_token)["time_zone"] == "Europe/Copenhagen"
    assert_clean_console(driver, "tenant settings")


def therapists(context, driver, admin_token):
    go(driver, context, "/terapeuter", ".staff-list")
    check_labels(driver, "therapists")
    email = f"mette.andersen.{unique_tag()}@example.org"
    fill(driver, ".invite-form input[name=name]", "Mette Kjær Andersen")
    fill(driver, ".invite-form input[name=email]", email)
    press(driver, ".invite-form button[type=submit]")
    link = wait_for(driver, ".invitation input.manual-link").get_attribute("value")
    assert "/invitation#token=" in link, link
    press(driver, ".invitation .manual-link-box button")
    wait_for_text(driver, "Linket er", css="#status")  # copied, or selected where the clipboard is closed
    wait_for_text(driver, "Mette Kjær Andersen", css=".staff-list")
    wait_for_text(driver, "Terapeut", css=".staff-list")
    wait_for_text(driver, "Administrator", css=".staff-list")
    check_labels(driver, "therapists after an invitation")
    screenshot(context, driver, "admin-therapists")
    assert_clean_console(driver, "therapists")

    # Mette joins with the link the page showed, and MFA that the admin will reset later.
    token = link.split("#token=", 1)[1]
    api_ok(context, "POST", "/auth/invitations/accept", {"token": token, "password": PASSWORD})
    staff = api_ok(context, "GET", "/therapists", token=admin_token)
    return next(member["id"] for member in staff if member["email"] == email)


def notifications(context, driver, admin_token, admin_id):
    """Set-up through the API: a colleague offers the admin two clients, and the admin's own
    offers to colleagues are accepted and declined — four notices of three kinds."""
    tag = unique_tag()
    jonas_email = f"jonas.pedersen.{tag}@example.org"
    jonas_id, jonas = invite_and_join(context, admin_token, "Jonas Holm Pedersen", jonas_email)
    birgitte = create_client(context, jonas, "Birgitte Lund", "female", "1968-03-14", f"birgitte.lund.{tag}@example.org")
    karsten = create_client(context, jonas, "Karsten Nørgaard", "male", "1975-11-02", f"karsten.n.{tag}@example.org")
    henrik = create_client(context, admin_token, "Henrik Møller", "male", "1959-06-21", f"henrik.moller.{tag}@example.org")
    sofie = create_client(context, admin_token, "Sofie Brandt", "female", "1990-01-30", f"sofie.brandt.{tag}@example.org")
    for client in (henrik, sofie):
        offer(context, admin_token, client, jonas_id)
    pending = {h["client_id"]: h["id"] for h in api_ok(context, "GET", "/handovers", token=jonas)}
    api_ok(context, "POST", f"/handovers/{pending[henrik]}/accept", token=jonas)
    api_ok(context, "POST", f"/handovers/{pending[sofie]}/decline", token=jonas)
    offer(context, jonas, birgitte, admin_id)
    offer(context, jonas, karsten, admin_id)

    go(driver, context, "/notifikationer", ".notification-list")
    items = driver.find_elements(By.CSS_SELECTOR, ".notification")
    assert len(items) == 4, [item.text for item in items]
    assert len(driver.find_elements(By.CSS_SELECTOR, ".notification.unread .badge.new")) == 4
    kinds = [item.get_attribute("data-kind") for item in items]
    assert kinds[:2] == ["handover.offered", "handover.offered"], kinds  # newest first
    wait_for_text(driver, "4 ulæste af 4.", css=".notifications-summary")
    # Notices name a client by the first digits of the id only, never by name (DOMAIN.md).
    wait_for_text(driver, f"Din kollega har afvist at overtage klient {sofie[:8]}. Du har stadig ansvaret.")
    wait_for_text(driver, f"Din kollega har taget imod klient {henrik[:8]} og har nu ansvaret.")
    assert "Sofie" not in driver.find_element(By.CSS_SELECTOR, ".notification-list").text
    declined = driver.find_element(By.CSS_SELECTOR, ".notification[data-kind='handover.declined'] a")
    assert declined.get_attribute("href").endswith(f"#/klienter/{sofie}")
    check_notice_wording(driver)
    check_labels(driver, "notifications")
    screenshot(context, driver, "admin-notifications")

    # Karsten's offer (the newest) is declined, Birgitte's accepted, from the page.
    karsten_item = f".notification[data-client='{karsten}']"
    assert driver.find_elements(By.CSS_SELECTOR, ".notification")[0].get_attribute("data-client") == karsten
    press(driver, f"{karsten_item} .handover-actions button:not(.primary)")
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".handover-actions")) == 1)
    press(driver, ".handover-actions button.primary")
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".handover-actions"))
    wait_for_text(driver, "Du har taget imod klienten og har nu ansvaret.", css=f".notification[data-client='{birgitte}']")
    wait_for_text(driver, "Du har afvist overdragelsen.", css=karsten_item)
    link = driver.find_element(By.CSS_SELECTOR, f".notification[data-client='{birgitte}'] a")
    assert link.get_attribute("href").endswith(f"#/klienter/{birgitte}")
    screenshot(context, driver, "admin-notifications-answered", sizes=(NARROW_PHONE,))
    assert api_ok(context, "GET", f"/clients/{birgitte}", token=admin_token)["responsible_therapist_id"] == admin_id
    assert api_ok(context, "GET", f"/clients/{karsten}", token=jonas)["responsible_therapist_id"] == jonas_id
    jonas_kinds = [n["kind"] for n in api_ok(context, "GET", "/notifications", token=jonas)]
    assert "handover.accepted" in jonas_kinds and "handover.declined" in jonas_kinds, jonas_kinds
    wait_for_text(driver, "2 ulæste af 4.", css=".notifications-summary")

    press(driver, ".notification.unread .mark-read")
    wait_for_text(driver, "1 ulæste af 4.", css=".notifications-summary")
    fill_all_unread_again(context, jonas, admin_id)
    driver.refresh()
    wait_for_text(driver, "ulæste af 5.", css=".notifications-summary")
    press(driver, ".mark-all")
    wait_for_text(driver, "Alle 5 notifikationer er læst.", css=".notifications-summary")
    assert not driver.find_elements(By.CSS_SELECTOR, ".notification.unread")
    assert all(n["read_at"] for n in api_ok(context, "GET", "/notifications", token=admin_token))
    screenshot(context, driver, "admin-notifications-read")
    assert_clean_console(driver, "notifications")
    return jonas_email


NOTICE_WORDING = """
const [done] = [arguments[arguments.length - 1]];
const source = document.querySelector('script[type=module][src*="/terapeut/app.js"]').src.replace('app.js', 'notifications.js');
const kinds = ['handover.offered', 'handover.accepted', 'handover.declined', 'retention.first_warning',
  'retention.second_warning', 'retention.client_deleted', 'mail.bounced', 'mail.not_sent', 'something.new'];
import(source).then(({ danishNotice }) => done(kinds.map((kind) => ({ kind, ...danishNotice(
  { kind, text: 'Client 3f2a9c1b will be deleted on 2027-01-05 unless they register.' }, 'klient 3f2a9c1b') }))))
  .catch((error) => done([{ error: String(error) }]));
"""


def check_notice_wording(driver):
    """Every kind the API knows (MDMECore's NotificationKind) has its own Danish wording;
    retention warnings give the deletion day from the API's text as a Danish date."""
    wordings = driver.execute_async_script(NOTICE_WORDING)
    assert "error" not in wordings[0], wordings
    texts = {w["kind"]: w["title"] + " " + w["text"] for w in wordings}
    assert len({w["title"] for w in wordings[:-1]}) == 8, wordings
    for kind, text in texts.items():
        assert " client " not in text and " deleted" not in text, (kind, text)
    assert "den 5. januar 2027" in texts["retention.first_warning"], texts["retention.first_warning"]
    assert "den 5. januar 2027" in texts["retention.second_warning"], texts["retention.second_warning"]
    assert "klient 3f2a9c1b" in texts["mail.bounced"]


def fill_all_unread_again(context, jonas, admin_id):
    """One more offer, so that "mark all" has more than one notice to mark."""
    client = create_client(context, jonas, "Lone Vestergaard", "female", "1982-08-09",
                           f"lone.vestergaard.{unique_tag()}@example.org")
    offer(context, jonas, client, admin_id)


def security(context, driver):
    go(driver, context, "/sikkerhed", ".mfa-card")
    check_labels(driver, "security")
    screenshot(context, driver, "security-start")
    count = check_qr_encoder(driver)
    print(f"qrcode.js: {count} codes decoded by zxing-cpp")

    driver.execute_script(RECORD_TRAFFIC)
    press(driver, ".mfa-card button.primary")
    qr = wait_for(driver, "svg.qr-code")
    enrollment = driver.execute_script("return window.__mdmeEnroll")
    assert enrollment and enrollment["otpauth_uri"].startswith("otpauth://totp/"), enrollment
    text, extra = decode_qr_png(qr.screenshot_as_png)
    assert text == enrollment["otpauth_uri"], (text, enrollment["otpauth_uri"])
    assert extra.get("ECLevel") == "M", extra
    resize(driver, PHONE)  # smaller on a phone: still readable
    text, _ = decode_qr_png(wait_for(driver, "svg.qr-code").screenshot_as_png)
    assert text == enrollment["otpauth_uri"], (text, enrollment["otpauth_uri"])
    resize(driver, DESKTOP)
    secret = enrollment["secret"]
    shown = driver.find_element(By.CSS_SELECTOR, ".secret").text
    assert shown.replace(" ", "") == secret and all(len(group) == 4 for group in shown.split(" ")[:-1]), shown
    check_labels(driver, "security enrollment")
    screenshot(context, driver, "security-enroll")
    screenshot(context, driver, "security-enroll-320", sizes=(NARROW_PHONE,))

    fill(driver, "input[name=totp]", wrong_code(secret))
    press(driver, ".mfa-activate button[type=submit]")
    wait_for_text(driver, "Koden passer ikke.", css=".mfa-activate .field")
    assert driver.find_element(By.CSS_SELECTOR, "input[name=totp]").get_attribute("aria-invalid") == "true"
    screenshot(context, driver, "security-wrong-code")

    fill(driver, "input[name=totp]", totp(secret))
    press(driver, ".mfa-activate button[type=submit]")
    wait_for(driver, ".recovery-codes")
    codes = [element.text for element in driver.find_elements(By.CSS_SELECTOR, ".recovery-codes code")]
    assert len(codes) == 10 and all(codes), codes
    check_labels(driver, "recovery codes")
    screenshot(context, driver, "security-recovery-codes")
    press(driver, ".recovery-download")
    saved = wait(driver, 15).until(lambda d: downloaded_text(context, "mdme-gendannelseskoder.txt"))
    assert all(code in saved for code in codes), saved
    press(driver, ".recovery-confirm button[type=submit]")
    wait_for_text(driver, "Sæt kryds, når du har gemt koderne.", css=".recovery-confirm")
    press(driver, "#recovery-saved")
    press(driver, ".recovery-confirm button[type=submit]")
    wait_for_text(driver, "Totrinslogin er slået til for din konto.", css=".mfa-card")
    assert not driver.find_elements(By.CSS_SELECTOR, ".recovery-codes")
    screenshot(context, driver, "security-active")
    assert_clean_console(driver, "security")
    return secret


def downloaded_text(context, name):
    path = os.path.join(context.downloads, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as file:
        return file.read() or None


def log_in_with_code(context, driver, secret):
    activated_in = current_step()
    press(driver, "#header button.link")
    wait_for(driver, "#login")
    fill(driver, "#email", context.admin_email)
    fill(driver, "#password", context.admin_password)
    press(driver, "#login button[type=submit]")
    wait_for(driver, "#totp")
    # Each time step's code works once, and activation used this one: wait for the next.
    while current_step() <= activated_in:
        time.sleep(1)
    fill(driver, "#totp", totp(secret))
    press(driver, "#login button[type=submit]")
    wait(driver, 20).until(lambda d: "/terapeut/" in d.current_url)
    wait_for(driver, "main h1")
    status, _ = context.api("POST", "/auth/login", {"email": context.admin_email, "password": context.admin_password})
    assert status == 401, "the password alone still logs in after MFA was activated"
    # A new login sees at once that MFA is on (GET /me says so).
    go(driver, context, "/sikkerhed", ".mfa-card .badge.ok")
    wait_for_text(driver, "Totrinslogin er slået til for din konto.", css=".mfa-card")
    assert not driver.find_elements(By.CSS_SELECTOR, ".mfa-card button.primary")
    screenshot(context, driver, "security-already-active")
    assert_clean_console(driver, "login with a code")


def reset_colleague_mfa(context, driver, admin_token, mette_id):
    staff = api_ok(context, "GET", "/therapists", token=admin_token)
    mette = next(member for member in staff if member["id"] == mette_id)
    mette_token = context.api_login(mette["email"])
    enrollment = api_ok(context, "POST", "/auth/mfa/enroll", token=mette_token)
    api_ok(context, "POST", "/auth/mfa/activate", {"totp": totp(enrollment["secret"])}, token=mette_token)
    status, answer = context.api("POST", "/auth/login", {"email": mette["email"], "password": PASSWORD})
    assert status == 401 and answer["error"]["code"] == "mfa_required", (status, answer)

    go(driver, context, "/terapeuter", ".staff-list")
    row = f".staff-row[data-id='{mette_id}']"
    press(driver, f"{row} .reset-mfa")
    wait_for_text(driver, "Nulstil totrinslogin for Mette Kjær Andersen?", css=row)
    check_labels(driver, "therapists, reset confirmation")
    screenshot(context, driver, "admin-therapists-reset")
    screenshot(context, driver, "admin-therapists-reset-320", sizes=(NARROW_PHONE,))
    press(driver, f"{row} .confirm button.danger")
    wait_for_text(driver, "Totrinslogin for Mette Kjær Andersen er nulstillet", css=row)
    status, _ = context.api("GET", "/me", token=mette_token)
    assert status == 401, "the reset should end the colleague's sessions"
    context.api_login(mette["email"])  # the password alone works again: MFA is gone
    assert_clean_console(driver, "therapists, MFA reset")


def require_mfa(context, driver, admin_token, jonas_email):
    """The admin requires two-factor login; Jonas, who has none, logs in to a session that may
    only set it up, does so on the security page (on a phone), and is let in fully."""
    go(driver, context, "/indstillinger", ".settings-form")
    press(driver, "input[name=mfa_required]")
    save_settings(driver)
    wait_for_text(driver, "Gemt kl.", css=".settings-form")
    assert api_ok(context, "GET", "/tenant", token=admin_token)["mfa_required"] is True
    assert_clean_console(driver, "tenant settings, MFA required")

    phone = context.browser(PHONE)
    phone.get(context.base_url + "/")
    fill(phone, "#email", jonas_email)
    fill(phone, "#password", PASSWORD)
    press(phone, "#login button[type=submit]")
    # Such a login goes straight to the security page, and the menu offers nothing else.
    wait(phone, 20).until(lambda d: d.current_url.endswith("/terapeut/#/sikkerhed"))
    wait_for_text(phone, "Din organisation kræver totrinslogin", css="main")
    links = [link.get_attribute("href") for link in phone.find_elements(By.CSS_SELECTOR, "#header nav a")]
    assert len(links) == 1 and links[0].endswith("#/sikkerhed"), links
    token = phone.execute_script("return JSON.parse(sessionStorage.getItem('mdme.session')).token")
    status, _ = context.api("GET", "/clients", token=token)
    assert status == 403, "a session without the required MFA should only be able to set it up"
    screenshot(context, phone, "security-required")
    press(phone, ".mfa-card button.primary")
    wait_for(phone, "svg.qr-code")
    secret = phone.find_element(By.CSS_SELECTOR, ".secret").text.replace(" ", "")
    fill(phone, "input[name=totp]", totp(secret))
    press(phone, ".mfa-activate button[type=submit]")
    wait_for(phone, ".recovery-codes")
    status, _ = context.api("GET", "/clients", token=token)
    assert status == 200, "activation should widen the session"
    # Once the codes are saved, the whole workspace opens in the same session.
    press(phone, "#recovery-saved")
    press(phone, ".recovery-confirm button[type=submit]")
    wait_for(phone, "#header nav a[href='#/klienter']")
    assert_clean_console(phone, "security in a session restricted to MFA set-up")
