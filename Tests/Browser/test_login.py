"""The shared pages: login (wrong password shown in Danish next to the form), the password
reset request, an invitation link without its token, logout."""

from browser import (DESKTOP, NARROW_PHONE, assert_clean_console, check_labels, click, fill, log_in, screenshot,
                     wait_for, wait_for_text, resize)


def run(context):
    driver = context.browser()
    driver.get(context.base_url + "/")
    wait_for(driver, "#login")
    check_labels(driver, "login")
    screenshot(context, driver, "login")
    fill(driver, "#email", context.admin_email)
    fill(driver, "#password", "not the password")
    click(driver, "#login button[type=submit]")
    wait_for_text(driver, "E-mail eller adgangskode er forkert.", css=".form-error")
    assert_clean_console(driver, "login with a wrong password")

    driver.get(context.base_url + "/password-reset")
    check_labels(driver, "password reset")
    screenshot(context, driver, "password-reset")
    fill(driver, "#email", "nobody@example.org")
    click(driver, "#request button[type=submit]")
    wait_for_text(driver, "Tjek din e-mail")

    driver.get(context.base_url + "/invitation")
    wait_for_text(driver, "Linket er ufuldstændigt")
    driver.get(context.base_url + "/invitation#token=not-a-real-token")
    fill(driver, "#password", "a good password 2")
    fill(driver, "#password_repeat", "a different one 2")
    click(driver, "#accept button[type=submit]")
    wait_for_text(driver, "Skal være den samme adgangskode som ovenfor.")
    fill(driver, "#password_repeat", "a good password 2")
    click(driver, "#accept button[type=submit]")
    wait_for_text(driver, "Linket er ugyldigt, allerede brugt eller udløbet.")
    resize(driver, NARROW_PHONE)
    screenshot(context, driver, "invitation-error", sizes=(NARROW_PHONE,))
    resize(driver, DESKTOP)
    assert_clean_console(driver, "invitation")

    log_in(driver, context.base_url, context.admin_email, context.admin_password)
    assert "/terapeut/" in driver.current_url
    click(driver, "#header button.link")
    wait_for(driver, "#login")
    assert_clean_console(driver, "logout")
