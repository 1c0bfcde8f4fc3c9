"""The owner's day: the dashboard, a figure drilled into, a report filtered and downloaded (the CSV's
bytes checked against the page), an earlier action found in the audit log; others kept out.

Runs after the stock and sales tests, whose actions (a write-off, orders) are in the log."""

import http.client
import re
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from session_tests import sign_in

OWNER = "olga"  # a second owner with the demo password (scripts/test.sh adds her)


def download(browser, path):
    """GET `path` with the browser's session; returns (status, headers, raw bytes)."""
    parsed = urllib.parse.urlparse(browser.base)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    connection.request("GET", path, headers={"Cookie": f"erp_session={browser.cookie('erp_session')}"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


def test_owner_lands_on_the_dashboard_and_drills_into_this_months_revenue(browser):
    sign_in(browser, OWNER)
    assert browser.path == "/", browser.path
    assert browser.text("h1") == "Показатели"
    assert browser.find_all("figure.chart svg[role=img] title"), "no chart with a title"
    assert "₽" in browser.text(".cards")
    browser.screenshot("dashboard")
    link = browser.find(".cards article:nth-of-type(2) .figure a")
    figure = link.text
    link.click()
    browser.wait.until(lambda d: "/reports/revenue" in d.current_url)
    assert "preset=month" in browser.path, browser.path
    assert browser.text("table.report tfoot td.num") == figure, "the dashboard's figure is not the report's total"
    browser.screenshot("report-revenue-month")


def test_owner_filters_a_report_and_its_csv_opens_in_russian_excel_with_the_same_totals(browser):
    sign_in(browser, OWNER)
    browser.open("/reports/revenue")
    Select(browser.find("#preset")).select_by_value("year")
    Select(browser.find("#group_by")).select_by_value("client")
    browser.submit("form.filters button[type=submit]")
    assert "group_by=client" in browser.path and "preset=year" in browser.path, browser.path
    total = browser.text("table.report tfoot td.num")
    browser.screenshot("report-revenue-by-client")
    href = browser.find(".downloads a").get_attribute("href")
    status, headers, body = download(browser, urllib.parse.urlparse(href).path + "?" + urllib.parse.urlparse(href).query)
    assert status == 200, status
    assert headers["Content-Disposition"].startswith('attachment; filename="revenue-'), headers
    assert body[:3] == b"\xef\xbb\xbf", "no BOM"
    lines = body[3:].decode("utf-8").split("\r\n")
    assert lines[0].startswith("key;name;revenue;"), lines[0]
    totals = next(line for line in lines if line.startswith("Итого;")).split(";")
    # The page writes 1 234 567,89 ₽; the file 1234567,89.
    assert totals[2] == re.sub(r"[^\d,-]", "", total), (totals[2], total)


def test_owner_sees_stock_value_and_write_offs(browser):
    sign_in(browser, OWNER)
    browser.open("/reports/stock?group_by=warehouse")
    assert browser.find_all("table.report tbody tr"), "no warehouses"
    browser.screenshot("report-stock")
    browser.open("/reports/write-offs?preset=month&group_by=reason")
    browser.screenshot("report-write-offs")


def test_owner_finds_the_storekeepers_write_off_in_the_audit_log(browser):
    sign_in(browser, OWNER)
    browser.open("/audit")
    Select(browser.find("#user")).select_by_visible_text("kirill")
    Select(browser.find("#channel")).select_by_value("web")
    browser.submit("form.filters button[type=submit]")
    rows = [row.text for row in browser.find_all("table.audit tbody tr")]
    assert any("write_off" in row for row in rows), rows[:5]
    browser.screenshot("audit-log")


def test_a_manager_or_storekeeper_cannot_reach_the_owners_pages(browser):
    for login in ("anna", "kirill"):
        browser.driver.delete_all_cookies()
        sign_in(browser, login)
        assert browser.path != "/", f"{login} landed on the dashboard"
        for path in ("/reports/revenue", "/reports/stock", "/reports/write-offs?format=csv", "/audit"):
            status, _, _ = download(browser, path)
            assert status == 403, (login, path, status)
        assert not browser.driver.find_elements(By.CSS_SELECTOR, "nav.menu a[href='/audit']")
