"""The browser suite's plumbing: a headless Debian chromium driven by selenium, explicit waits,
screenshots at a desktop (1280x800) and a phone (390x844) viewport, and plain HTTP calls that
reuse (or leave out) the browser's cookies to probe what a browser would not send."""

import http.client
import os
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
# What a storekeeper on a phone would stumble on: a page wider than the screen (a wide table must
# scroll in its own box), a visible input without a label, a button cut off at the screen's edge.
PHONE_CHECK = """
const problems = new Set();
// A print form without a viewport (the UPD, the invoice) is a sheet of paper: zoomed on a phone, not reflowed.
if (!document.querySelector("meta[name=viewport]")) return [];
const width = arguments[0];  // the phone's; a page wider than the screen makes chromium widen its layout viewport
const wide = document.documentElement.scrollWidth - width;
if (wide > 0) problems.add(`the page is ${wide} px wider than the screen`);
for (const field of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    if (field.offsetParent && !field.labels.length && !field.getAttribute("aria-label") && !field.getAttribute("aria-labelledby"))
        problems.add(`input ${field.name || field.id} has no label`);
}
const scrolls = (element) => element && (["auto", "scroll"].includes(getComputedStyle(element).overflowX) || scrolls(element.parentElement));
for (const button of document.querySelectorAll("button, a.button")) {
    const box = button.getBoundingClientRect();
    if (button.offsetParent && !scrolls(button.parentElement) && (box.left < 0 || box.right > width))
        problems.add(`button "${button.textContent.trim()}" is cut off`);
}
return [...problems];
"""
WAIT_SECONDS = 10


def gone(element):
    """A wait condition: `element` left the document. Like `EC.staleness_of`, but chromium may also
    answer "Node … does not belong to the document" for a page being replaced."""
    def predicate(_):
        try:
            element.is_enabled()
            return False
        except WebDriverException:  # StaleElementReferenceException is one
            return True
    return predicate


class Browser:
    """One chromium window on the server at `base`."""

    def __init__(self, base, screenshots):
        self.base = base.rstrip("/")
        self.screenshots = screenshots
        os.makedirs(screenshots, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--lang=ru-RU", "--window-size=1280,800"):
            options.add_argument(argument)
        # No password manager or leak check: its bubble can swallow the click after a sign-in.
        options.add_argument("--disable-features=PasswordLeakDetection,PasswordManagerOnboarding")
        options.add_experimental_option("prefs", {
            "intl.accept_languages": "ru-RU,ru", "credentials_enable_service": False,
            "profile.password_manager_enabled": False, "profile.password_manager_leak_detection": False})
        service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(service=service, options=options)
        self.wait = WebDriverWait(self.driver, WAIT_SECONDS)
        self.shots = 0
        self.phone_problems = []  # what a thumb would stumble on, per photographed page (run.py fails on any)

    def quit(self):
        self.driver.quit()

    # Navigation and waits -------------------------------------------------------------------

    def open(self, path):
        self.driver.get(self.base + path)
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    def find(self, css):
        return self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def find_all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text(self, css):
        return self.find(css).text

    def fill(self, css, value):
        field = self.find(css)
        field.clear()
        field.send_keys(value)
        return field

    def submit(self, css="form button[type=submit].primary"):
        """Clicks a submit button and waits for the next page to load."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.find(css).click()
        self.wait.until(gone(old))
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    def press_enter(self, css):
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.find(css).send_keys("\n")
        self.wait.until(gone(old))
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    @property
    def path(self):
        parsed = urllib.parse.urlparse(self.driver.current_url)
        return parsed.path + ("?" + parsed.query if parsed.query else "")

    # Screenshots -------------------------------------------------------------------------------

    def screenshot(self, name):
        """Saves the current page at both viewports: NN-name-desktop.png, NN-name-phone.png."""
        self.shots += 1
        for label, (width, height) in VIEWPORTS.items():
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": label == "phone"})
            self.driver.save_screenshot(os.path.join(self.screenshots, f"{self.shots:02d}-{name}-{label}.png"))
            if label == "phone":
                self.phone_problems += [f"{self.shots:02d}-{name}: {problem}" for problem in self.driver.execute_script(PHONE_CHECK, width)]
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    # Plain HTTP with the browser's cookies -----------------------------------------------------

    def cookie(self, name):
        found = self.driver.get_cookie(name)
        return found["value"] if found else None

    def request(self, method, path, form=None, cookies=None):
        """One HTTP request outside the browser; returns (status, headers, body text)."""
        parsed = urllib.parse.urlparse(self.base)
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=WAIT_SECONDS)
        headers = {}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        connection.close()
        return response.status, dict(response.getheaders()), text
