"""The manager's and the accountant's pages: clients, orders, tasks, documents, payments, receivables.

The tests run in file order on one demo: the accountant's tests use the order the manager confirmed."""

import random
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from session_tests import sign_in

STATE = {}


def valid_inn():
    """A random company INN with a correct check digit (the service refuses a wrong one)."""
    digits = [random.randint(1, 9)] + [random.randint(0, 9) for _ in range(8)]
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return "".join(map(str, digits)) + str(sum(d * w for d, w in zip(digits, weights)) % 11 % 10)


def banner(browser):
    return browser.text("p.banner")


def number_of(text):
    return int(re.sub(r"[^\d]", "", text.split(",")[0]) or 0)


def test_manager_creates_a_client_and_a_wrong_inn_is_refused_at_its_field(browser):
    sign_in(browser, "anna")
    browser.open("/clients")
    assert browser.path.startswith("/clients"), browser.path
    browser.screenshot("clients")
    name = f"ООО Браузер {random.randint(1000, 9999)}"
    browser.open("/clients/new")
    browser.fill("#name", name)
    inn = valid_inn()
    wrong = inn[:-1] + str((int(inn[-1]) + 1) % 10)
    browser.fill("#inn", wrong)
    browser.submit()
    assert browser.text("#inn-error"), "no error under the INN"
    assert browser.find("#inn").get_attribute("aria-invalid") == "true"
    assert browser.find("#name").get_attribute("value") == name, "the typed name was lost"
    browser.screenshot("client-new-refused")
    browser.open("/clients?scope=all&q=" + name.split()[-1])
    assert name not in browser.text("main"), "a refused client was saved"
    browser.open("/clients/new")
    browser.fill("#name", name)
    browser.fill("#inn", inn)
    browser.fill("#phone", "+7 912 345-67-89")
    browser.submit()
    assert re.match(r"^/clients/\d+\?notice=created", browser.path), browser.path
    assert name in banner(browser)
    STATE["client"] = browser.path.split("?")[0].rsplit("/", 1)[1]
    browser.screenshot("client-card-new")


def test_manager_logs_a_call_on_the_clients_card(browser):
    sign_in(browser, "anna")
    browser.open(f"/clients/{STATE['client']}")
    Select(browser.find("#type")).select_by_value("call")
    browser.fill("#text", "Обсудили поставку дрелей")
    browser.submit(".log-form button[type=submit].primary")
    assert "notice=logged" in browser.path, browser.path
    assert "Обсудили поставку дрелей" in browser.text("ol.timeline")
    browser.screenshot("client-card")


def add_product_by_search(browser, query="Дрель"):
    browser.fill("#q", query)
    browser.submit("button[name=action][value=search]")
    rows = browser.find_all("table.found tbody tr")
    assert rows, "the search found nothing"
    for row in rows:
        cells = row.find_elements(By.TAG_NAME, "td")
        available = number_of(cells[2].text)
        if available > 3:
            sku = cells[0].text
            old = browser.find("html")
            row.find_element(By.CSS_SELECTOR, "button[name=add]").click()
            browser.wait.until(lambda d: old != d.find_element(By.TAG_NAME, "html"))
            browser.find("#sku_0")
            return sku, available
    raise AssertionError("no product found has stock")


def test_manager_creates_an_order_by_search_and_confirms_it(browser):
    sign_in(browser, "anna")
    browser.open(f"/clients/{STATE['client']}")
    browser.find(".heading a.button.primary").click()
    browser.find("#q")
    assert browser.path.startswith("/orders/new?client="), browser.path
    sku, available = add_product_by_search(browser)
    assert browser.find("#sku_0").get_attribute("value") == sku
    browser.fill("#qty_0", "2")
    price = number_of(browser.text("table.lines tbody tr td:nth-child(4)"))
    assert number_of(browser.text("#order-total")) == 2 * price, "the total did not follow the typed quantity"
    browser.screenshot("order-new")
    browser.submit("button[name=action][value=save]")
    assert re.match(r"^/orders/\d+\?notice=created", browser.path), browser.path
    assert "Черновик" in browser.text(".heading .badge")
    browser.submit("form[action$='/confirm'] button")
    assert "notice=confirmed" in browser.path, browser.path
    assert "Подтверждён" in browser.text(".heading .badge")
    assert browser.text("table.lines tbody tr td:nth-child(5)") == "2"
    STATE["order"] = browser.path.split("?")[0]
    STATE["sku"], STATE["available"] = sku, available - 2
    browser.screenshot("order-confirmed")


def test_confirming_more_than_the_stock_shows_each_short_line_and_reserves_nothing(browser):
    sign_in(browser, "anna")
    browser.open(f"/orders/new?client={STATE['client']}")
    browser.fill("#sku_0", STATE["sku"])
    browser.fill("#qty_0", "100000")
    browser.submit("button[name=action][value=save]")
    assert re.match(r"^/orders/\d+\?notice=created", browser.path), browser.path
    order = browser.path.split("?")[0]
    browser.submit("form[action$='/confirm'] button")
    message = browser.text("table.lines .field-error")
    assert message.startswith("Не хватает") and "на складе доступно" in message, message
    assert "Ничего не зарезервировано" in browser.text("p.error")
    browser.screenshot("order-confirm-refused")
    browser.open(order)
    assert "Черновик" in browser.text(".heading .badge")
    assert browser.text("table.lines tbody tr td:nth-child(5)") == "0", "a refused confirmation reserved stock"


def test_a_bad_quantity_is_refused_under_its_line_and_nothing_is_created(browser):
    sign_in(browser, "anna")
    browser.open("/orders")
    before = browser.text("main table tbody tr td")
    browser.open(f"/orders/new?client={STATE['client']}")
    browser.fill("#sku_0", STATE["sku"])
    browser.fill("#qty_0", "-1")
    browser.submit("button[name=action][value=save]")
    assert browser.path == "/orders/new", browser.path
    assert browser.text("#qty_0-error"), "no error under the quantity"
    browser.open("/orders")
    assert browser.text("main table tbody tr td") == before, "a refused order was created"


def test_manager_opening_another_managers_client_gets_404(browser):
    sign_in(browser, "boris")
    browser.open("/clients")
    link = browser.find("main table tbody a").get_attribute("href")
    foreign = link.rsplit("/", 1)[1]
    browser.driver.delete_all_cookies()
    sign_in(browser, "anna")
    status, _, body = browser.request("GET", f"/clients/{foreign}", cookies={"erp_session": browser.cookie("erp_session")})
    assert status == 404, status
    assert "Не найдено" in body
    browser.open(f"/clients/{foreign}")
    browser.screenshot("client-not-found")


def test_manager_completes_a_task(browser):
    sign_in(browser, "anna")
    browser.open("/tasks")
    browser.screenshot("tasks")
    buttons = browser.find_all("main form[action$='/done'] button")
    assert buttons, "the demo manager has no open tasks"
    count = len(buttons)
    browser.submit("main form[action$='/done'] button")
    assert "notice=done" in browser.path, browser.path
    assert "Выполнена задача" in banner(browser)
    assert len(browser.find_all("main form[action$='/done'] button")) == count - 1


def test_accountant_issues_an_invoice_and_opens_its_print_form(browser):
    sign_in(browser, "elena")
    browser.open(STATE["order"])
    browser.submit("form[action$='/documents'] input[value=invoice] ~ button")
    assert re.match(r"^/documents/\d+\?notice=issued", browser.path), browser.path
    assert "Выставлен документ" in banner(browser)
    document = browser.path.split("?")[0]
    browser.screenshot("document")
    status, headers, body = browser.request("GET", document + "/print", cookies={"erp_session": browser.cookie("erp_session")})
    assert status == 200 and "Счёт" in body, status
    browser.open(document + "/print")
    browser.screenshot("document-print")
    browser.open("/documents?type=invoice")
    assert browser.find_all("main table tbody tr"), "the issued invoice is not listed"
    browser.screenshot("documents")


def test_accountant_annuls_a_upd_with_a_reason_and_issues_it_again(browser):
    sign_in(browser, "elena")
    browser.open("/documents?type=upd&status=issued")
    links = [a.get_attribute("href") for a in browser.find_all("main table tbody a")]
    for link in links[:10]:
        browser.driver.get(link)
        browser.fill("#reason", "Ошибка в адресе грузополучателя")
        browser.submit("form.annul button")
        if "notice=annulled" not in browser.path:
            continue
        assert "Аннулирован" in browser.text(".heading .badge")
        assert "Ошибка в адресе грузополучателя" in browser.text("main")
        browser.screenshot("upd-annulled")
        order = browser.find("dl.facts a[href^='/orders/']").get_attribute("href")
        browser.driver.get(order)
        browser.submit("form[action$='/documents'] input[value=upd] ~ button")
        assert re.match(r"^/documents/\d+\?notice=issued", browser.path), browser.path
        assert "УПД" in browser.text("h1")
        browser.screenshot("upd")
        return
    raise AssertionError("no issued UPD could be annulled")


def test_accountant_records_a_payment_and_sees_it_allocated(browser):
    sign_in(browser, "elena")
    browser.open(f"/payments/new?client={STATE['client']}")
    browser.fill("#amount", "100,00")
    browser.screenshot("payment-new")
    browser.submit()
    assert re.match(r"^/payments/\d+\?notice=recorded", browser.path), browser.path
    assert browser.find_all("#allocations tbody tr"), "the payment was not allocated"
    browser.screenshot("payment")
    browser.open("/payments")
    browser.screenshot("payments")


def test_a_payment_without_an_amount_is_refused_at_its_field(browser):
    sign_in(browser, "elena")
    browser.open("/payments")
    before = browser.text("main table tbody tr td")
    browser.open(f"/payments/new?client={STATE['client']}")
    browser.fill("#amount", "сто")
    browser.submit()
    assert browser.text("#amount-error"), "no error under the amount"
    browser.open("/payments")
    assert browser.text("main table tbody tr td") == before, "a refused payment was recorded"


def test_accountant_sees_receivables_and_opens_a_client(browser):
    sign_in(browser, "elena")
    browser.open("/receivables")
    assert browser.find_all("main table tbody tr"), "no receivables"
    browser.screenshot("receivables")
    browser.find("main table tbody a").click()
    browser.find("dl.facts")
    assert re.match(r"^/clients/\d+$", browser.path), browser.path
    browser.open("/orders")
    browser.screenshot("orders")
