"""The owner's other reports: stock movements filtered by warehouse and downloaded (the CSV's bytes
checked against the page: BOM, `;`, decimal comma, the same totals), the deal pipeline, overdue
tasks, the revenue of one client reached from the dashboard, and the old reservations; a manager
or a storekeeper cannot open any of them."""

import re
import urllib.parse

from selenium.webdriver.support.ui import Select

from owner_tests import OWNER, download
from session_tests import sign_in

NEW_REPORTS = ("/reports/movements", "/reports/pipeline", "/reports/overdue-tasks")


def csv_of(browser):
    """The CSV behind the page's download link: its lines, after checking BOM and name."""
    href = urllib.parse.urlparse(browser.find(".downloads a").get_attribute("href"))
    status, headers, body = download(browser, href.path + "?" + href.query)
    assert status == 200, status
    assert headers["Content-Disposition"].startswith("attachment; filename="), headers
    assert body[:3] == b"\xef\xbb\xbf", "no BOM"
    return body[3:].decode("utf-8").split("\r\n")


def page_number(text):
    """1 234 567,89 ₽ as the CSV writes it: 1234567,89."""
    return re.sub(r"[^\d,-]", "", text)


def test_owner_filters_movements_by_warehouse_and_the_csv_has_the_pages_totals(browser):
    sign_in(browser, OWNER)
    browser.open("/reports/movements")
    Select(browser.find("#preset")).select_by_value("year")
    Select(browser.find("#group_by")).select_by_value("product")
    warehouse = Select(browser.find("#warehouse_id"))
    warehouse.select_by_index(1)
    browser.submit("form.filters button[type=submit]")
    assert "warehouse_id=" in browser.path and "group_by=product" in browser.path, browser.path
    totals = [cell.text for cell in browser.find_all("table.report tfoot td.num")]
    assert totals, "no totals"
    browser.screenshot("report-movements-by-product")
    lines = csv_of(browser)
    assert lines[0] == "key;name;qty;moves;value_in;value_out", lines[0]
    row = next(line for line in lines if line.startswith("Итого;")).split(";")
    # Moves, value in and value out: the page's last three totals, to the kopeck.
    assert row[-2:] == [page_number(t) for t in totals[-2:]], (row, totals)
    assert "," in row[-1] and "." not in row[-1], row[-1]


def test_owner_sees_the_pipeline_and_overdue_tasks(browser):
    sign_in(browser, OWNER)
    browser.open("/reports/pipeline")
    assert browser.text("h1") == "Воронка сделок"
    assert browser.find_all("table.report tbody tr"), "no stages"
    assert "Перешли дальше, %" in browser.text("table.report thead"), "no conversion to the next stage"
    assert "Выиграно из закрытых, %" in browser.text("dl.facts"), "no won vs lost"
    browser.screenshot("report-pipeline")
    browser.open("/reports/overdue-tasks")
    assert browser.text("h1") == "Просроченные задачи"
    browser.screenshot("report-overdue-tasks")
    lines = csv_of(browser)
    assert lines[0] == "assignee;open;overdue;due_today", lines[0]


def test_owner_drills_from_a_top_clients_margin_into_that_clients_revenue(browser):
    sign_in(browser, OWNER)
    links = [a for a in browser.find_all(".panel td.num a") if "client_id=" in (a.get_attribute("href") or "")]
    assert links, "no client's margin links to a filtered report"
    links[0].click()
    browser.wait.until(lambda d: "client_id=" in d.current_url)
    assert browser.find_all("p.chip"), "the client filter is not shown"
    browser.screenshot("report-revenue-of-one-client")
    browser.open("/?reserved_days=3")
    assert "Резервы старше 3 дн." in browser.text("main"), "no old reservations panel"
    browser.screenshot("dashboard-old-reservations")


def test_a_manager_or_storekeeper_cannot_reach_the_new_reports(browser):
    for login in ("anna", "kirill"):
        browser.driver.delete_all_cookies()
        sign_in(browser, login)
        for path in NEW_REPORTS + ("/reports/movements?format=csv", "/reports/revenue?client_id=1"):
            status, _, _ = download(browser, path)
            assert status == 403, (login, path, status)
