"""The browser suite: each role's day in a real browser against `erp serve` on a throwaway demo.

Usage: /usr/bin/python3 Tests/Browser/run.py BASE_URL SCREENSHOT_DIR
Runs every test in order (they share the demo, each leaves it consistent), prints one line per
test and a summary, and exits 1 when any failed. scripts/test.sh starts the server and calls this.
"""

import sys
import time
import traceback

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from browser import Browser  # noqa: E402
import stock_tests  # noqa: E402
import session_tests  # noqa: E402
import sales_tests  # noqa: E402
import owner_tests  # noqa: E402
import bank_tests  # noqa: E402
import report_tests  # noqa: E402
import report_pager_tests  # noqa: E402
import purchasing_tests  # noqa: E402
import admin_tests  # noqa: E402

MODULES = [session_tests, stock_tests, sales_tests, owner_tests, bank_tests, report_tests, report_pager_tests, purchasing_tests, admin_tests]


def main():
    base, screenshots = sys.argv[1], sys.argv[2]
    browser = Browser(base, screenshots)
    failures = 0
    count = 0
    started = time.monotonic()
    try:
        for module in MODULES:
            for name in sorted((n for n in dir(module) if n.startswith("test_")),
                               key=lambda n: getattr(module, n).__code__.co_firstlineno):  # file order
                count += 1
                test = getattr(module, name)
                browser.driver.delete_all_cookies()
                t0 = time.monotonic()
                try:
                    test(browser)
                    print(f"ok    {module.__name__}.{name} ({time.monotonic() - t0:.1f} s)", flush=True)
                except Exception:  # noqa: BLE001 - every failure is reported, then the next test runs
                    failures += 1
                    print(f"FAIL  {module.__name__}.{name}", flush=True)
                    traceback.print_exc()
                    browser.screenshot(f"failed-{name}")
    finally:
        browser.quit()
    for problem in browser.phone_problems:
        print(f"PHONE {problem}")
    failures += bool(browser.phone_problems)
    print(f"browser: {count} tests, {failures} failures, {browser.shots} pages photographed "
          f"({time.monotonic() - started:.0f} s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
