"""The storekeeper's pages: stock."""

from session_tests import sign_in


def test_storekeeper_sees_stock_levels_of_a_warehouse(browser):
    sign_in(browser, "kirill")
    browser.open("/stock")
    assert len(browser.find_all("table tbody tr")) > 0
    browser.screenshot("stock")
