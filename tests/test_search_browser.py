"""The search page in a real headless Chromium, on a phone, in English and in Arabic."""

import pytest

from tests.test_browser import browser, real_server  # noqa: F401 - module fixtures shared with the browser tests

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_search_from_the_home_page_on_a_phone(phone, real_server):  # noqa: F811
    phone.goto(real_server + "/")
    phone.fill("input[name=q]", "شينبوم")
    phone.keyboard.press("Enter")
    phone.wait_for_selector(".search-results li")
    assert "/tracker/search?q=" in phone.url
    results = phone.locator(".search-results li")
    assert results.count() == 20
    first_href = results.first.locator(".search-title a").get_attribute("href")
    assert first_href.startswith("/tracker/")
    assert phone.locator(".search-snippet mark").first.is_visible()
    assert "1–20 of" in phone.locator(".search-count").inner_text()
    # Nothing wider than the phone: no sideways scrolling.
    assert phone.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    # The next page follows, with the next rows.
    phone.locator("a[rel=next]").click()
    phone.wait_for_selector(".search-results li")
    assert "21–40 of" in phone.locator(".search-count").inner_text()
    assert first_href not in {a.get_attribute("href") for a in phone.locator(".search-title a").all()}


def test_arabic_search_page_reads_right_to_left(phone, real_server):  # noqa: F811
    phone.goto(real_server + "/ar/tracker/search?q=" + "الضربات")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("h1").inner_text() == "بحث"
    snippet = phone.locator(".search-snippet").first
    assert snippet.locator("mark").first.is_visible()
    assert phone.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    # A result leads to the Arabic page of its row.
    href = phone.locator(".search-title a").first.get_attribute("href")
    assert href.startswith("/ar/tracker/")


def test_hostile_query_shows_an_ordinary_page(phone, real_server):  # noqa: F811
    dialogs = []
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    phone.goto(real_server + '/tracker/search?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E%20NEAR(%20*')
    assert phone.locator("h1").inner_text() == "Search"
    assert phone.locator("input[name=q]").input_value() == '"><script>alert(1)</script> NEAR( *'
    assert dialogs == []
