"""Sign-in, sign-out, CSRF: the session rules every page stands on."""

PASSWORD = "demo-password"


def sign_in(browser, login, password=PASSWORD):
    browser.open("/login")
    browser.fill("#login", login)
    browser.fill("#password", password)
    browser.submit()


def test_anonymous_visitor_is_sent_to_sign_in_and_comes_back(browser):
    browser.open("/stock")
    assert browser.path.startswith("/login?next="), browser.path
    browser.screenshot("login")
    browser.fill("#login", "kirill")
    browser.fill("#password", PASSWORD)
    browser.submit()
    assert browser.path == "/stock", browser.path
    assert "Кладовщик" in browser.text("header.top")
    assert browser.find("html").get_attribute("lang") == "ru"


def test_wrong_password_is_refused_on_the_form(browser):
    sign_in(browser, "kirill", "not-the-password")
    assert browser.path.startswith("/login"), browser.path
    assert "Неверный логин или пароль" in browser.text("#login-error")
    assert browser.find("#login").get_attribute("value") == "kirill"
    assert browser.cookie("erp_session") is None
    browser.screenshot("login-refused")


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(browser):
    sign_in(browser, "kirill")
    session = browser.cookie("erp_session")
    status, _, body = browser.request("POST", "/logout", form={}, cookies={"erp_session": session})
    assert status == 403, status
    assert "Форма устарела" in body
    status, _, _ = browser.request("POST", "/logout", form={"csrf": "x" * 43}, cookies={"erp_session": session})
    assert status == 403, status
    status, _, _ = browser.request("GET", "/stock", cookies={"erp_session": session})
    assert status == 200, "the refused sign-out ended the session"


def test_sign_out_ends_the_session_for_the_old_cookie_too(browser):
    sign_in(browser, "kirill")
    session = browser.cookie("erp_session")
    browser.submit("form.signout button")
    assert browser.path.startswith("/login"), browser.path
    status, headers, _ = browser.request("GET", "/stock", cookies={"erp_session": session})
    assert status == 303 and headers.get("Location", "").startswith("/login"), (status, headers)


def test_pages_carry_the_strict_content_security_policy(browser):
    sign_in(browser, "kirill")
    status, headers, body = browser.request("GET", "/stock", cookies={"erp_session": browser.cookie("erp_session")})
    assert status == 200
    policy = headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, policy
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") == "same-origin"
    assert "<script>" not in body and "style=" not in body
