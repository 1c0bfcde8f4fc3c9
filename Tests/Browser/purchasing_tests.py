"""Purchasing: the purchaser's supplier order (refused at a field, saved, placed), the storekeeper's
partial receipt against it of imported goods (their country and declaration on the posted
receipt) and a refused over-receipt, orders from reorder suggestions, a return to the supplier,
the accountant's bill and payment moving the payables, and a manager refused.

The tests run in file order on one demo: later tests use the order the first one placed."""

import re

from session_tests import sign_in
from stock_tests import DRILL_SKU, MAIN, SECOND_SKU, on_hand, select

STATE = {}
DECLARATION = "10702070/071226/0054321"


def kopecks(text):
    """`1 234,50 ₽` → 123450."""
    digits = re.sub(r"[^\d,\-]", "", text)
    whole, _, fraction = digits.partition(",")
    return int(whole or 0) * 100 + int((fraction + "00")[:2])


def remaining(browser, row):
    """The remaining quantity of the order page's line `row` (0-based), whole units."""
    cells = browser.find_all("#order-lines tbody tr")[row].find_elements("css selector", "td")
    return int(re.sub(r"\D", "", cells[4].text.split(",")[0]) or 0)


def payables_total(browser):
    browser.open("/purchasing/payables")
    cells = browser.find_all("main table tfoot td")
    return kopecks(cells[1].text) if cells else 0


def test_purchaser_creates_a_supplier_order_refused_at_a_field_then_saved_and_placed(browser):
    sign_in(browser, "pavel")
    browser.open("/purchasing/orders")
    assert "Заказы поставщикам" in browser.text("h1")
    browser.screenshot("purchase-orders")
    browser.open("/purchasing/orders/new")
    supplier = browser.find("#supplier option").get_attribute("value")
    select(browser, "#supplier", supplier)
    select(browser, "#warehouse", MAIN)
    browser.fill("#expected", "15.12.2026")
    browser.fill("#sku_0", DRILL_SKU)
    browser.fill("#qty_0", "abc")
    browser.fill("#price_0", "1000")
    browser.fill("#sku_1", SECOND_SKU)
    browser.fill("#qty_1", "5")
    browser.fill("#price_1", "250,50")
    before = browser.request("GET", "/purchasing/orders?status=draft", cookies={"erp_session": browser.cookie("erp_session")})[2]
    browser.submit()
    assert browser.text("#qty_0-error"), "no error under the quantity"
    assert browser.find("#sku_1").get_attribute("value") == SECOND_SKU, "a typed line was lost"
    browser.screenshot("purchase-order-refused")
    after = browser.request("GET", "/purchasing/orders?status=draft", cookies={"erp_session": browser.cookie("erp_session")})[2]
    assert after.count("/purchasing/orders/") == before.count("/purchasing/orders/"), "a refused order was created"
    browser.fill("#qty_0", "10")
    browser.submit("button[name=action][value=refresh]")
    assert browser.text("#order-total"), "no total after recalculating"
    browser.screenshot("purchase-order-new")
    browser.submit()
    assert re.match(r"^/purchasing/orders/\d+\?notice=created", browser.path), browser.path
    STATE["order"] = browser.path.split("?")[0]
    STATE["supplier"] = supplier
    assert "Черновик" in browser.text(".heading .badge")
    browser.submit(f"form[action='{STATE['order']}/place'] button")
    assert "notice=placed" in browser.path, browser.path
    assert "Заказан" in browser.text(".heading .badge")
    assert remaining(browser, 0) == 10
    browser.screenshot("purchase-order")


def test_storekeeper_receives_part_and_sees_what_remains(browser):
    sign_in(browser, "kirill")
    STATE["drill_before"] = on_hand(browser, DRILL_SKU, MAIN)
    browser.open(STATE["order"] + "/receive")
    assert browser.find("#qty_0").get_attribute("value") == "10", "the line does not default to what is expected"
    browser.screenshot("purchase-receive")
    browser.fill("#qty_0", "4")
    browser.fill("#country_0", "CN")
    browser.fill("#declaration_0", DECLARATION)
    browser.find("#qty_1").clear()
    browser.submit()
    assert "notice=received" in browser.path, browser.path
    assert "Частично принят" in browser.text(".heading .badge")
    assert remaining(browser, 0) == 6 and remaining(browser, 1) == 5
    assert on_hand(browser, DRILL_SKU, MAIN) == STATE["drill_before"] + 4


def test_the_posted_receipt_shows_where_the_goods_came_from(browser):
    sign_in(browser, "kirill")
    browser.open("/stock/documents?type=receipt")
    browser.find("main table tbody tr a").click()
    browser.find("h1")
    assert browser.path.startswith("/stock/documents/"), browser.path
    heads = browser.text("main table thead")
    assert "Страна происхождения" in heads and "№ ДТ или РНПТ" in heads, heads
    line = next(row.text for row in browser.find_all("main table tbody tr") if DRILL_SKU in row.text)
    assert "156 Китай" in line and DECLARATION in line, line
    browser.screenshot("purchase-receipt-origin")


def test_an_over_receipt_without_the_box_is_refused_naming_the_line_and_posts_nothing(browser):
    sign_in(browser, "kirill")
    browser.open(STATE["order"] + "/receive")
    browser.fill("#qty_0", "100")
    browser.find("#qty_1").clear()
    browser.submit()
    assert DRILL_SKU in browser.text("#qty_0-error"), "the refused line is not named"
    assert browser.find("#qty_0").get_attribute("value") == "100", "the typed quantity was lost"
    assert not browser.find("#allow_over").is_selected()
    browser.screenshot("purchase-receive-refused")
    assert on_hand(browser, DRILL_SKU, MAIN) == STATE["drill_before"] + 4, "a refused receipt changed the stock"
    browser.open(STATE["order"])
    assert remaining(browser, 0) == 6


def test_storekeeper_returns_goods_of_the_receipt_to_the_supplier(browser):
    sign_in(browser, "kirill")
    browser.open(f"/purchasing/suppliers/{STATE['supplier']}")
    browser.screenshot("supplier-card")
    browser.find("#receipts a[href$='/return']").click()
    browser.find("#return-lines")
    browser.screenshot("supplier-return")
    select(browser, "#reason", "defective")
    browser.fill("#qty_0", "1")
    browser.submit()
    assert "notice=returned" in browser.path, browser.path
    assert on_hand(browser, DRILL_SKU, MAIN) == STATE["drill_before"] + 3


def test_purchaser_turns_suggestions_into_draft_orders(browser):
    sign_in(browser, "pavel")
    browser.open(f"/purchasing/suggestions?warehouse={MAIN}")
    groups = browser.find_all("section.supplier-group")
    assert groups, "the demo suggests nothing"
    browser.screenshot("purchase-suggestions")
    browser.submit()
    assert "notice=ordered" in browser.path, browser.path
    assert "Созданы черновики" in browser.text("p.banner")
    browser.screenshot("purchase-orders-from-suggestions")


def test_accountant_records_a_bill_and_a_payment_and_payables_move(browser):
    sign_in(browser, "elena")
    before = payables_total(browser)
    browser.screenshot("payables")
    browser.open(f"/purchasing/bills/new?supplier={STATE['supplier']}")
    browser.fill("#number", "СЧ-777")
    browser.fill("#amount", "5000,00")
    browser.fill("#vat", "0")
    browser.screenshot("supplier-bill-new")
    browser.submit()
    assert "notice=billed" in browser.path, browser.path
    assert payables_total(browser) == before + 500_000
    browser.open("/purchasing/bills")
    assert "СЧ-777" in browser.text("main table")
    browser.screenshot("supplier-bills")
    browser.open(f"/purchasing/payments/new?supplier={STATE['supplier']}")
    browser.fill("#amount", "5000")
    browser.screenshot("supplier-payment-new")
    browser.submit()
    assert "notice=paid" in browser.path, browser.path
    assert payables_total(browser) == before
    browser.open("/purchasing/payments")
    browser.screenshot("supplier-payments")


def test_manager_typing_a_purchasing_url_is_refused(browser):
    sign_in(browser, "anna")
    assert not browser.find_all("nav a[href^='/purchasing']"), "a manager's menu offers purchasing"
    cookies = {"erp_session": browser.cookie("erp_session")}
    for path in ["/purchasing/orders", STATE["order"], "/purchasing/orders/new", "/purchasing/suggestions",
                 "/purchasing/payables", "/purchasing/bills", f"/purchasing/suppliers/{STATE['supplier']}"]:
        status, _, _ = browser.request("GET", path, cookies=cookies)
        assert status in (403, 404), (path, status)
    browser.open(STATE["order"])
    browser.screenshot("purchase-order-forbidden")
