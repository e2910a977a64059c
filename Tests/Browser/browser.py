"""What every browser scenario shares: headless Chromium through Debian's chromedriver, the
page's console watched for errors (a Content-Security-Policy violation is one), screenshots
at phone and desktop width, and small waits.

A scenario is a `test_*.py` file here with `run(context)`; `run_scenario.py` calls it with a
Context made from the arguments BrowserTests passes (base URL, a fresh tenant's admin)."""

import json
import os
import time
import urllib.request
import ssl
from dataclasses import dataclass, field

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

PHONE = (360, 800)
NARROW_PHONE = (320, 640)
DESKTOP = (1366, 900)
PASSWORD = "a good password 1"


@dataclass
class Context:
    base_url: str
    admin_email: str
    admin_password: str
    shots: str
    downloads: str
    browsers: list = field(default_factory=list)

    def browser(self, size=DESKTOP):
        driver = open_browser(size, self.downloads)
        self.browsers.append(driver)
        return driver

    def close(self):
        for driver in self.browsers:
            try:
                driver.quit()
            except Exception:
                pass

    def api(self, method, path, body=None, token=None):
        """Calls the API directly, for set-up a scenario is not about. Returns (status, json)."""
        request = urllib.request.Request(self.base_url + "/api/v1" + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Accept", "application/json")
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=30, context=ssl.create_default_context()) as response:
                text = response.read().decode()
                return response.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, (json.loads(text) if text else None)

    def api_login(self, email, password=PASSWORD):
        status, body = self.api("POST", "/auth/login", {"email": email, "password": password})
        assert status == 200, (status, body)
        return body["token"]


def open_browser(size, downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--lang=da-DK", "--force-device-scale-factor=1", "--hide-scrollbars",
                     "--disable-features=Translate", "--no-first-run", "--password-store=basic"):
        options.add_argument(argument)
    options.add_argument(f"--window-size={size[0]},{size[1]}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {
        "download.default_directory": downloads,
        "download.prompt_for_download": False,
        "intl.accept_languages": "da-DK,da",
    })
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_window_size(*size)
    # Headless window sizes include no browser chrome; the viewport is what a phone shows.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size[0] < 600})
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver


def resize(driver, size):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size[0] < 600})


def console_errors(driver):
    """The console's errors since the last call: CSP violations, failed loads, uncaught
    exceptions. Expected API errors (a 4xx the page handles) are logged by Chromium as failed
    resource loads; those are left out."""
    errors = []
    for entry in driver.get_log("browser"):
        if entry["level"] != "SEVERE":
            continue
        message = entry["message"]
        if "/api/v1/" in message and "Failed to load resource" in message:
            continue
        errors.append(message)
    return errors


def assert_clean_console(driver, where):
    errors = console_errors(driver)
    assert not errors, f"console errors on {where}: {errors}"


def wait(driver, seconds=15):
    return WebDriverWait(driver, seconds)


def wait_for(driver, css, seconds=15, visible=True):
    """The first element matching `css` once it is (visible and) present."""
    condition = EC.visibility_of_element_located if visible else EC.presence_of_element_located
    try:
        return wait(driver, seconds).until(condition((By.CSS_SELECTOR, css)))
    except TimeoutException:
        raise AssertionError(f"no {css} on {driver.current_url} after {seconds} s; page text: {body_text(driver)[:600]!r}")


def wait_for_text(driver, text, seconds=15, css="body"):
    try:
        wait(driver, seconds).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
    except TimeoutException:
        raise AssertionError(f"{text!r} not on {driver.current_url} after {seconds} s; page text: {body_text(driver)[:600]!r}")


def body_text(driver):
    try:
        return driver.find_element(By.TAG_NAME, "body").text
    except Exception:
        return ""


def fill(driver, css, value):
    element = wait_for(driver, css)
    element.clear()
    element.send_keys(value)
    return element


def click(driver, css):
    element = wait(driver, 15).until(EC.element_to_be_clickable((By.CSS_SELECTOR, css)))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()
    return element


def log_in(driver, base_url, email, password=PASSWORD):
    """Logs in through the login page and waits for the part of the account's role."""
    driver.get(base_url + "/")
    fill(driver, "#email", email)
    fill(driver, "#password", password)
    click(driver, "#login button[type=submit]")
    wait(driver, 20).until(lambda d: "/klient/" in d.current_url or "/terapeut/" in d.current_url)
    wait_for(driver, "main h1")


def screenshot(context, driver, name, sizes=(PHONE, DESKTOP)):
    """Saves `name-phone.png` and `name-desktop.png` (full page height) under the shots folder,
    and checks that nothing is wider than the viewport (readable without sideways scrolling) and
    that all text has WCAG AA contrast."""
    os.makedirs(context.shots, exist_ok=True)
    check_contrast(driver, name)
    for size in sizes:
        resize(driver, size)
        time.sleep(0.3)
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{name} at {size[0]} px is {overflow} px wider than the screen"
        height = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": size[0], "height": min(max(height, size[1]), 6000), "deviceScaleFactor": 1,
                                "mobile": size[0] < 600})
        time.sleep(0.2)
        label = "phone" if size[0] < 600 else "desktop"
        driver.save_screenshot(os.path.join(context.shots, f"{name}-{label}.png"))
    resize(driver, DESKTOP)


CONTRAST_SCRIPT = """
const parse = (text) => {
  const m = text.match(/rgba?\\(([\\d.]+),\\s*([\\d.]+),\\s*([\\d.]+)(?:,\\s*([\\d.]+))?\\)/);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
};
const luminance = ([r, g, b]) => {
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
};
// The colour behind an element: the first opaque background up the tree (white at the top).
// Elements over an image or a gradient are skipped: their background cannot be read this way.
const background = (element) => {
  for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.backgroundImage !== 'none') return null;
    const colour = parse(style.backgroundColor);
    if (colour && colour[3] >= 0.99) return colour;
  }
  return [255, 255, 255, 1];
};
const problems = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const seen = new Set();
while (walker.nextNode()) {
  const text = walker.currentNode;
  const element = text.parentElement;
  if (!text.textContent.trim() || !element || seen.has(element)) continue;
  seen.add(element);
  if (!element.getClientRects().length || element.closest('[hidden], [aria-hidden=true], svg, .visually-hidden')) continue;
  const style = getComputedStyle(element);
  if (style.visibility === 'hidden' || Number(style.opacity) < 0.99) continue;
  if (element.closest('button:disabled, input:disabled, [aria-disabled=true]')) continue;
  const colour = parse(style.color);
  const behind = background(element);
  if (!colour || !behind || colour[3] < 0.99) continue;
  const [light, dark] = [luminance(colour), luminance(behind)].sort((a, b) => b - a);
  const ratio = (light + 0.05) / (dark + 0.05);
  const size = parseFloat(style.fontSize);
  const bold = Number(style.fontWeight) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  if (ratio < (large ? 3 : 4.5)) {
    problems.push(`${ratio.toFixed(2)}:1 for ${JSON.stringify(text.textContent.trim().slice(0, 40))} (${style.color} on rgb(${behind.slice(0, 3).join(', ')}))`);
  }
}
return problems;
"""


def check_contrast(driver, where):
    """Every visible text has contrast of at least 4.5:1 against the colour behind it (3:1 for
    large text): WCAG 2.1 AA, 1.4.3. Checked on every page a scenario screenshots."""
    problems = driver.execute_script(CONTRAST_SCRIPT)
    assert not problems, f"text below WCAG AA contrast on {where}: {problems[:8]}"


def check_labels(driver, where):
    """Every visible form control has an accessible name (a label, aria-label or
    aria-labelledby): WCAG 1.3.1 / 4.1.2, checked on each page a scenario visits."""
    unlabelled = driver.execute_script("""
        return [...document.querySelectorAll('input, select, textarea, button')]
          .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
          .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                       && !e.getAttribute('aria-labelledby') && !(e.tagName === 'BUTTON' && e.textContent.trim()))
          .map(e => e.outerHTML.slice(0, 120));
    """)
    assert not unlabelled, f"controls without a label on {where}: {unlabelled}"
