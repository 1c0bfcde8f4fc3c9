"""A long report a page of rows at a time: a year of revenue by product shows its pager, its total
row is over all rows (and says so), the next page shows the next rows, and the CSV holds every row
with the same total."""

from report_tests import csv_of, page_number
from owner_tests import OWNER
from session_tests import sign_in

ROWS = 100  # ReportPager.rows


def test_a_long_report_shows_its_pager_and_its_total_is_the_csvs(browser):
    sign_in(browser, OWNER)
    browser.open("/reports/revenue?preset=year&group_by=product")
    pagers = browser.find_all("p.paging")
    assert len(pagers) == 2, "no pager above and below the table"
    assert browser.text("p.paging").startswith(f"Строки 1–{ROWS} из "), browser.text("p.paging")
    count = int(page_number(browser.text("p.paging").split(" из ")[1]))
    assert count > ROWS, count
    assert len(browser.find_all("table.report tbody tr")) == ROWS
    assert browser.text("table.report tfoot td").replace("\u202f", "") == f"Итого по всем {count} строкам"
    total = browser.text("table.report tfoot td.num")
    first = browser.text("table.report tbody tr td")
    browser.screenshot("report-revenue-by-product-paged")

    browser.find("p.paging a").click()
    browser.wait.until(lambda d: "page=2" in d.current_url)
    assert browser.text("p.paging").startswith(f"← Предыдущие · Строки {ROWS + 1}–"), browser.text("p.paging")
    assert browser.text("table.report tbody tr td") != first, "the second page shows the first page's rows"
    assert browser.text("table.report tfoot td.num") == total, "the total changed with the page"
    browser.screenshot("report-revenue-by-product-page-2")

    lines = csv_of(browser)
    assert lines[0].startswith("key;name;revenue;"), lines[0]
    rows = [line for line in lines[1:] if line and not line.startswith("Итого;")]
    assert len(rows) == count, (len(rows), count)
    totals = next(line for line in lines if line.startswith("Итого;")).split(";")
    assert totals[2] == page_number(total), (totals[2], total)
