"""The accountant's bank page: a statement of the demo's month (its open invoices paid, two payers
nobody knows, the bank's fee) uploaded as a file, previewed, imported; one unknown payer resolved by
choosing the client, the other dismissed; a manager has no bank page."""

import http.client
import json
import os
import random
import tempfile
import urllib.parse

from selenium.webdriver.support.ui import Select

from session_tests import PASSWORD, sign_in

ACCOUNT = "40702810938000012345"


def api(browser, method, path, body=None, token=None):
    """One JSON call to the API; returns (status, decoded body)."""
    parsed = urllib.parse.urlparse(browser.base)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    data = json.loads(response.read().decode("utf-8") or "null")
    connection.close()
    return response.status, data


def month_statement(browser):
    """The demo's statement as its bank would export it (windows-1251, CRLF): a line paying each
    open invoice of a client with an INN (up to ten), two payers without a client, the bank's fee."""
    status, login = api(browser, "POST", "/api/v1/auth/login", {"login": "elena", "password": PASSWORD})
    assert status == 200, login
    status, page = api(browser, "GET", "/api/v1/documents?type=invoice&status=issued&limit=500", token=login["token"])
    assert status == 200, page
    open_invoices = [d for d in page["items"] if float(d.get("outstanding") or 0) > 0 and d["content"]["buyer"].get("inn")][:10]
    assert open_invoices, "the demo leaves invoices open"
    day = "30.11.2026"
    lines = ["1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "Отправитель=Бухгалтерия",
             f"ДатаНачала=01.11.2026", f"ДатаКонца={day}", f"РасчСчет={ACCOUNT}"]
    base = random.randint(10000, 80000)

    def document(number, amount, payer_inn, payer, purpose, incoming=True, payee_inn=""):
        side = [f"ПолучательСчет={ACCOUNT}", f"ДатаПоступило={day}"] if incoming else [f"ПлательщикСчет={ACCOUNT}", f"ДатаСписано={day}"]
        return ["СекцияДокумент=Платежное поручение", f"Номер={number}", f"Дата={day}", f"Сумма={amount}",
                f"ПлательщикИНН={payer_inn}", f"Плательщик1={payer}", f"ПолучательИНН={payee_inn}"] + side + \
               [f"НазначениеПлатежа={purpose}", "КонецДокумента"]

    for index, invoice in enumerate(open_invoices):
        buyer = invoice["content"]["buyer"]
        lines += document(base + index, invoice["outstanding"], buyer["inn"], buyer["name"],
                          f"Оплата по сч. № {invoice['number']} от {day}, в т.ч. НДС")
    lines += document(base + 50, "12500.00", "500100732259", "ИП Сидоров Пётр Ильич", "Оплата за инструмент по договору 7")
    lines += document(base + 51, "3000.00", "7736207543", "ООО «Наш второй счёт»", "Перевод собственных средств")
    lines += document(base + 52, "490.00", "", "ПАО Сбербанк", "Комиссия за ведение счёта", incoming=False)
    lines.append("КонецФайла")
    path = os.path.join(tempfile.mkdtemp(), "kl_to_1c.txt")
    with open(path, "wb") as file:
        file.write(("\r\n".join(lines) + "\r\n").encode("cp1251"))
    return path, len(open_invoices)


def test_accountant_uploads_the_months_statement_previews_and_imports_it(browser):
    path, paid = month_statement(browser)
    sign_in(browser, "elena")
    browser.open("/bank")
    assert browser.find("h1").text == "Банк"
    browser.screenshot("bank")
    browser.find("#file").send_keys(path)
    browser.submit()
    assert browser.path == "/bank/preview", browser.path
    table = browser.text("main table")
    assert paid and "Оплата" in table and "В очередь" in table and "Списание банка" in table, table
    assert "Ещё ничего не записано" in browser.text("main")
    browser.screenshot("bank-preview")
    browser.submit()
    assert "notice=imported" in browser.path, browser.path
    assert "Загружена выписка, строк:" in browser.text("p.banner")
    queued = browser.find_all("article.statement-line")
    assert len(queued) >= 2, "the two unknown payers wait in the queue"
    browser.screenshot("bank-queue-open")


def test_accountant_resolves_one_queued_line_and_dismisses_another(browser):
    sign_in(browser, "elena")
    browser.open("/bank")
    first = browser.find("article.statement-line")
    line = first.get_attribute("id").split("-")[1]
    client = Select(browser.find(f"#client-{line}"))
    client.select_by_index(1)
    browser.submit(f"#line-{line} form[action$=resolve] button.primary")
    assert "notice=resolved" in browser.path, browser.path
    assert not browser.find_all(f"#line-{line}"), "the resolved line left the queue"
    other = browser.find("article.statement-line").get_attribute("id").split("-")[1]
    Select(browser.find(f"#reason-{other}")).select_by_value("own_transfer")
    browser.fill(f"#comment-{other}", "С нашего второго счёта")
    browser.submit(f"#line-{other} form[action$=dismiss] button")
    assert "notice=dismissed" in browser.path, browser.path
    assert "С нашего второго счёта" in browser.text("main"), "the dismissed line is listed with its comment"
    browser.screenshot("bank-queue")


def test_a_manager_has_no_bank_page(browser):
    sign_in(browser, "anna")
    browser.open("/")
    assert not browser.find_all("a[href='/bank']"), "the manager's menu shows the bank"
    browser.open("/bank")
    assert "Банк" != browser.find("h1").text
    status, _, _ = browser.request("GET", "/bank", cookies={"erp_session": browser.cookie("erp_session")})
    assert status == 403, status
