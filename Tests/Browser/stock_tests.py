"""The storekeeper's day: stock, receipt by scanning, transfer, write-off, documents, refusals."""

import re

from session_tests import sign_in

MAIN, SHOP = "1", "2"
DRILL_BARCODE, DRILL_SKU, SECOND_SKU = "4608022571919", "PT-0001", "PT-0002"


def on_hand(browser, sku, warehouse):
    """The on-hand quantity of `sku` in `warehouse`, read from the stock page (0 when no row)."""
    browser.open(f"/stock?q={sku}&warehouse={warehouse}")
    for row in browser.find_all("table tbody tr"):
        cells = row.find_elements("css selector", "td")
        if cells and cells[0].text == sku:
            return int(re.sub(r"\D", "", cells[3].text.split(",")[0]))
    return 0


def scan(browser, code):
    browser.fill("#scan", code)
    browser.press_enter("#scan")


def select(browser, css, value):
    browser.find(f"{css} option[value='{value}']").click()


def start_write_off(browser, code):
    """Signs the storekeeper in and fills a damage write-off of `code` from the main warehouse;
    returns what was on hand before."""
    sign_in(browser, "kirill")
    before = on_hand(browser, DRILL_SKU, MAIN)
    browser.open("/stock/write-offs/new")
    scan(browser, code)
    select(browser, "#warehouse", MAIN)
    select(browser, "#reason", "damaged")
    return before


def test_storekeeper_sees_stock_levels_and_a_stock_card(browser):
    sign_in(browser, "kirill")
    browser.open("/stock")
    assert len(browser.find_all("table tbody tr")) > 0
    assert "Итого" in browser.text("table tfoot")
    browser.screenshot("stock")
    browser.open(f"/stock?q={DRILL_SKU}")
    rows = browser.find_all("table tbody tr")
    assert rows and all(DRILL_SKU in row.text for row in rows)
    browser.find("table tbody tr a").click()
    browser.find("h1")
    assert browser.path.startswith("/stock/products/")
    assert "Движения" in browser.text("main")
    browser.screenshot("stock-card")


def test_storekeeper_receives_by_scanning(browser):
    sign_in(browser, "kirill")
    before = on_hand(browser, DRILL_SKU, MAIN)
    browser.open("/stock/receipts/new")
    assert browser.driver.switch_to.active_element.get_attribute("id") == "scan"
    scan(browser, DRILL_BARCODE)
    scan(browser, DRILL_BARCODE)
    scan(browser, SECOND_SKU)
    assert browser.find("#qty_0").get_attribute("value") == "2"
    assert browser.find("#qty_1").get_attribute("value") == "1"
    scan(browser, "0000000000000")
    assert "не найден" in browser.text("#scan-error")
    assert len(browser.find_all("table.lines tbody tr")) == 2
    select(browser, "#warehouse", MAIN)
    browser.fill("#cost_0", "1500,50")
    browser.fill("#cost_1", "2100")
    browser.fill("#country_1", "CN")
    browser.fill("#declaration_1", "10702070/011226/0012345")
    browser.fill("#supplier_ref", "ТН-4417")
    browser.screenshot("receipt-form")
    browser.submit("button[value=post]")
    assert browser.path.startswith("/stock/documents/"), browser.path
    assert re.search(r"RCP-\d{4}-\d{6}", browser.text(".banner")), browser.text(".banner")
    assert "Проведён" in browser.text("h1")
    browser.screenshot("receipt")
    assert on_hand(browser, DRILL_SKU, MAIN) == before + 2


def test_a_quantity_of_minus_one_shows_the_field_error_and_posts_nothing(browser):
    before = start_write_off(browser, DRILL_SKU)
    browser.fill("#qty_0", "-1")
    browser.submit("button[value=post]")
    assert "больше нуля" in browser.text("#qty_0-error")
    assert browser.find("#qty_0").get_attribute("value") == "-1"
    browser.screenshot("write-off-refused")
    assert on_hand(browser, DRILL_SKU, MAIN) == before


def test_writing_off_more_than_on_hand_is_refused_and_changes_nothing(browser):
    before = start_write_off(browser, DRILL_SKU)
    browser.fill("#qty_0", str(before + 5))
    browser.submit("button[value=post]")
    assert "Не хватает" in browser.text("#qty_0-error"), browser.text("main")
    assert on_hand(browser, DRILL_SKU, MAIN) == before


def test_storekeeper_writes_off_with_a_reason(browser):
    before = start_write_off(browser, DRILL_BARCODE)
    browser.fill("#note", "Разбит корпус")
    browser.screenshot("write-off-form")
    browser.submit("button[value=post]")
    assert re.search(r"WO-\d{4}-\d{6}", browser.text(".banner"))
    assert "Порча" in browser.text("dl.facts")
    assert on_hand(browser, DRILL_SKU, MAIN) == before - 1


def test_storekeeper_transfers_between_warehouses(browser):
    sign_in(browser, "kirill")
    main_before, shop_before = on_hand(browser, DRILL_SKU, MAIN), on_hand(browser, DRILL_SKU, SHOP)
    browser.open("/stock/transfers/new")
    scan(browser, DRILL_BARCODE)
    select(browser, "#warehouse", MAIN)
    select(browser, "#to_warehouse", SHOP)
    browser.screenshot("transfer-form")
    browser.submit("button[value=post]")
    assert re.search(r"TRF-\d{4}-\d{6}", browser.text(".banner"))
    browser.screenshot("transfer")
    assert on_hand(browser, DRILL_SKU, MAIN) == main_before - 1
    assert on_hand(browser, DRILL_SKU, SHOP) == shop_before + 1


def test_a_double_submit_posts_once(browser):
    sign_in(browser, "kirill")
    before = on_hand(browser, DRILL_SKU, MAIN)
    browser.open("/stock/receipts/new")
    scan(browser, DRILL_SKU)
    form = {field.get_attribute("name"): field.get_attribute("value")
            for field in browser.find_all("form.document input[type=hidden]")}
    form.update({"warehouse": MAIN, "line_qty": "1", "line_cost": "10", "action": "post"})
    cookies = {"erp_session": browser.cookie("erp_session")}
    first = browser.request("POST", "/stock/receipts/new", form=form, cookies=cookies)
    second = browser.request("POST", "/stock/receipts/new", form=form, cookies=cookies)
    assert first[0] == 303 and second[0] == 303, (first[0], second[0])
    assert first[1]["Location"] == second[1]["Location"]
    assert on_hand(browser, DRILL_SKU, MAIN) == before + 1


def test_stock_documents_list_and_printable_form(browser):
    sign_in(browser, "kirill")
    browser.open("/stock/documents")
    assert len(browser.find_all("table tbody tr")) > 0
    browser.screenshot("stock-documents")
    browser.find("table tbody tr a").click()
    browser.find("a.button.primary").click()
    browser.find("h1")
    assert browser.path.endswith("/print")
    assert not browser.find_all("nav.menu")
    browser.screenshot("stock-document-print")


def test_accountant_may_not_open_the_receipt_form(browser):
    sign_in(browser, "elena")
    assert not [a for a in browser.find_all("nav.menu.wide a") if "Приёмка" in a.text]
    status, _, _ = browser.request("GET", "/stock/receipts/new", cookies={"erp_session": browser.cookie("erp_session")})
    assert status == 403, status


def test_storekeeper_counts_by_scanning_and_posts_the_difference(browser):
    sign_in(browser, "kirill")
    before = on_hand(browser, DRILL_SKU, MAIN)
    browser.open("/stock/counts/new")
    select(browser, "#warehouse", MAIN)
    browser.submit()
    assert re.match(r"^/stock/counts/\d+$", browser.path), browser.path
    scan(browser, DRILL_BARCODE)
    scan(browser, DRILL_BARCODE)
    field = browser.find_all("input[name^=counted_]")
    counted = [f for f in field if f.get_attribute("value") == "2"]
    assert len(counted) == 1, [f.get_attribute("value") for f in field]
    name = counted[0].get_attribute("name")
    scan(browser, "no-such-code")
    assert "не найден" in browser.text("#scan-error")
    browser.screenshot("stock-count")
    browser.fill(f"input[name={name}]", str(before - 1))
    browser.submit("button[value=post]")
    assert re.search(r"CNT-\d{4}-\d{6}", browser.text(".banner")), browser.text("main")
    browser.screenshot("stock-count-posted")
    assert on_hand(browser, DRILL_SKU, MAIN) == before - 1
