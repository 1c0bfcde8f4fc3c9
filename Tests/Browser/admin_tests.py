"""The owner's administration: a user added who then signs in, their role changed, disabled and
enabled; an API token issued (shown once) and revoked (the API then answers 401); a wrong INN shown
at its field with nothing saved; a warehouse added and renamed; a manager kept out of /admin.

Runs after the owner's tests; acts as the second owner `olga` (scripts/test.sh adds her). Last, the
order form's product type-ahead, driven by the keyboard."""

import http.client
import json
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from owner_tests import OWNER, download
from session_tests import sign_in

NEW_LOGIN = "lida"
NEW_PASSWORD = "lida-password-1"


def api(browser, path, token):
    """GET an API path with a bearer token; returns (status, parsed JSON body)."""
    parsed = urllib.parse.urlparse(browser.base)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, json.loads(body or b"null")


def open_user(browser, login):
    browser.open("/admin/users")
    browser.find(f"#users a[href^='/admin/users/']")
    link = next(a for a in browser.find_all("#users a") if a.text == login)
    link.click()
    browser.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "form[action$='/password']"))


def test_owner_adds_a_user_who_then_signs_in(browser):
    sign_in(browser, OWNER)
    browser.open("/admin/users")
    assert browser.text("h1") == "Пользователи"
    assert "Администрирование" not in browser.text("h1")
    browser.screenshot("admin-users")
    browser.open("/admin/users/new")
    browser.screenshot("admin-user-new")
    browser.fill("#login", NEW_LOGIN)
    browser.fill("#name", "Лидия Орлова")
    Select(browser.find("#role")).select_by_value("manager")
    browser.find("#all_clients").click()
    browser.fill("#password", NEW_PASSWORD)
    browser.submit()
    assert "notice=user_added" in browser.path, browser.path
    assert "Пользователь добавлен" in browser.text(".banner")
    assert browser.find("#all_clients").is_selected()
    browser.screenshot("admin-user")
    browser.driver.delete_all_cookies()
    sign_in(browser, NEW_LOGIN, NEW_PASSWORD)
    assert not browser.path.startswith("/login"), browser.path
    assert "Менеджер" in browser.text("header.top")


def test_a_taken_login_is_refused_at_its_field_and_nothing_is_added(browser):
    sign_in(browser, OWNER)
    browser.open("/admin/users")
    before = len(browser.find_all("#users tbody tr"))
    browser.open("/admin/users/new")
    browser.fill("#login", NEW_LOGIN.upper())
    browser.submit()
    assert "уже занят" in browser.text("#login-error")
    browser.open("/admin/users")
    assert len(browser.find_all("#users tbody tr")) == before


def test_owner_changes_the_role_disables_and_enables_the_user(browser):
    sign_in(browser, OWNER)
    open_user(browser, NEW_LOGIN)
    Select(browser.find("#role")).select_by_value("storekeeper")
    assert not browser.find("#all_clients").is_displayed(), "a storekeeper has no \"all clients\""
    browser.find("fieldset.scope input[type=checkbox]").click()
    browser.submit()
    assert "notice=user_changed" in browser.path, browser.path
    assert Select(browser.find("#role")).first_selected_option.get_attribute("value") == "storekeeper"
    browser.submit("form[action$='/block'] button")
    assert "Заблокирован" in browser.text(".heading .badge")
    browser.driver.delete_all_cookies()
    sign_in(browser, NEW_LOGIN, NEW_PASSWORD)
    assert browser.path.startswith("/login"), "a disabled user signed in"
    browser.driver.delete_all_cookies()
    sign_in(browser, OWNER)
    open_user(browser, NEW_LOGIN)
    browser.submit("form[action$='/unblock'] button")
    assert "Активен" in browser.text(".heading .badge")


def test_the_owner_cannot_disable_themselves(browser):
    sign_in(browser, OWNER)
    open_user(browser, OWNER)
    browser.submit("form[action$='/block'] button")
    assert "Себя заблокировать" in browser.text("p.error")
    assert "Активен" in browser.text(".heading .badge")


def test_owner_issues_a_token_shown_once_and_revokes_it(browser):
    sign_in(browser, OWNER)
    browser.open("/admin/tokens")
    Select(browser.find("#user")).select_by_visible_text(f"{NEW_LOGIN} — Лидия Орлова")
    browser.submit()
    token = browser.find("#issued-token").get_attribute("value")
    assert token.startswith("erp_"), token
    assert "один раз" in browser.text("section.secret")
    browser.screenshot("admin-token-issued")
    status, me = api(browser, "/api/v1/users/me", token)
    assert status == 200 and me["login"] == NEW_LOGIN, (status, me)
    browser.open("/admin/tokens")
    assert token not in browser.driver.page_source, "the secret is shown again"
    browser.screenshot("admin-tokens")
    prefix = token[4:12]
    browser.submit(f"form[action='/admin/tokens/{prefix}/revoke'] button")
    assert "Токен отозван" in browser.text(".banner")
    status, _ = api(browser, "/api/v1/users/me", token)
    assert status == 401, status


def test_a_wrong_inn_is_shown_at_its_field_and_nothing_is_saved(browser):
    sign_in(browser, OWNER)
    browser.open("/admin/company")
    stored = browser.find("#inn").get_attribute("value")
    browser.screenshot("admin-company")
    browser.fill("#inn", "7707083894")  # Sberbank's INN with the last digit changed
    browser.fill("#name", "ООО «Переименованная»")
    assert "контрольная цифра" in browser.text("#inn-live"), "the INN was not checked as typed"
    browser.submit()
    assert "контрольная цифра" in browser.text("#inn-error"), browser.text("#inn-error")
    assert browser.find("#inn").get_attribute("aria-invalid") == "true"
    browser.screenshot("admin-company-wrong-inn")
    browser.open("/admin/company")
    assert browser.find("#inn").get_attribute("value") == stored
    assert browser.find("#name").get_attribute("value") != "ООО «Переименованная»"
    zones = [o.get_attribute("value") for o in Select(browser.find("#time_zone")).options]
    assert "Europe/Moscow" in zones and "Asia/Vladivostok" in zones


def test_owner_adds_and_renames_a_warehouse(browser):
    sign_in(browser, OWNER)
    browser.open("/admin/warehouses")
    browser.screenshot("admin-warehouses")
    browser.fill("#code", "TEST-W")
    browser.fill("#name", "Склад на Лесной")
    browser.submit()
    assert "Склад добавлен" in browser.text(".banner")
    next(a for a in browser.find_all("#warehouses a") if a.text == "TEST-W").click()
    browser.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "input[name=version]"))
    browser.screenshot("admin-warehouse")
    browser.fill("#name", "Склад на Лесной, 5")
    browser.fill("#address", "Екатеринбург, ул. Лесная, 5")
    browser.submit()
    assert "Склад на Лесной, 5" in browser.text("#warehouses")


def test_a_manager_typing_admin_addresses_is_refused(browser):
    sign_in(browser, "anna")
    for path in ("/admin/users", "/admin/users/new", "/admin/tokens", "/admin/company", "/admin/warehouses", "/admin/users/1"):
        status, _, _ = download(browser, path)
        assert status == 403, (path, status)
    assert not browser.driver.find_elements(By.CSS_SELECTOR, "nav.menu a[href^='/admin']")


def test_type_ahead_picks_a_product_with_the_keyboard(browser):
    sign_in(browser, "anna")
    browser.open("/orders/new")
    field = browser.fill("#sku_0", "Дрель")
    browser.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#sku_0-suggest li"))
    options = browser.find_all("#sku_0-suggest li")
    sku = options[1].find_element(By.CSS_SELECTOR, ".sku").text if len(options) > 1 else options[0].find_element(By.CSS_SELECTOR, ".sku").text
    assert options[0].find_element(By.CSS_SELECTOR, ".available").text, "no available quantity shown"
    browser.screenshot("order-type-ahead")
    field.send_keys(Keys.ARROW_DOWN)
    if len(options) > 1:
        field.send_keys(Keys.ARROW_DOWN)
    field.send_keys(Keys.ENTER)
    assert browser.path == "/orders/new", "Enter on a suggestion submitted the form"
    assert browser.find("#sku_0").get_attribute("value") == sku
    assert browser.driver.switch_to.active_element.get_attribute("id") == "qty_0"
    assert browser.text("table.lines tbody tr td:nth-child(2)"), "the line shows no name"
    assert not browser.find("#sku_0-suggest").is_displayed()
    # Esc closes the list and keeps what was typed.
    field = browser.fill("#sku_1", "Дрель")
    browser.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#sku_1-suggest").is_displayed())
    field.send_keys(Keys.ESCAPE)
    assert not browser.find("#sku_1-suggest").is_displayed() and field.get_attribute("value") == "Дрель"
