"""What a person sees: the province page, logging in to an agency and to the DOST, the English switch.

Screenshots land in test-results/screenshots/ (landing, agency-login, agency-home, agency-home-en,
agency-login-refused, supervisor-dashboard).
"""

import pytest
from playwright.sync_api import expect

from demo import data
from demo.people import DEMO_PASSWORD, people_of

# django_db: pytest-django sets up the test database only for sessions with a test that asks for it; the
# pages read what the `site` fixture committed, each test's own transaction stays empty.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

COMMUNES = 12  # the size of the province the `site` fixture seeds


def _person(slug, suffix):
    agency = next(a for a in data.current_agencies(COMMUNES) if a.slug == slug)
    return next(p for p in people_of(agency) if p.username.endswith(f".{suffix}"))


def _log_in(page, site, slug, username):
    page.goto(site(slug, "/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form button[type=submit].primary").click()


def test_province_page_lists_the_agencies(page, site, screenshot):
    page.goto(site())
    expect(page.locator("h2", has_text="Tỉnh Vĩnh Long")).to_be_visible()
    table = page.get_by_test_id("agency-list").first
    expect(table.get_by_role("link", name="Sở Tư pháp")).to_be_visible()
    screenshot(page, "landing")
    page.get_by_test_id("agency-search").get_by_role("searchbox").fill("Thanh Đức")
    page.get_by_test_id("agency-search").get_by_role("button").click()
    expect(page.get_by_test_id("agency-list").get_by_role("link", name="UBND phường Thanh Đức")).to_be_visible()
    page.get_by_test_id("agency-search").get_by_role("searchbox").fill("Càng Long")
    page.get_by_test_id("agency-search").get_by_role("button").click()
    expect(page.get_by_test_id("agency-list")).not_to_contain_text("UBND huyện Càng Long")  # history is not listed
    page.goto(site())
    table.get_by_role("link", name="Sở Tư pháp").click()  # links carry the port to the agency's subdomain
    expect(page).to_have_url(site("so-tu-phap", "/login/?next=/"))


def test_secretary_logs_in_to_the_agency_and_switches_to_english(page, site, screenshot):
    page.goto(site("so-tu-phap", "/login/"))
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    expect(page.get_by_text("Tên đăng nhập")).to_be_visible()
    screenshot(page, "agency-login")

    secretary = _person("so-tu-phap", "thuky")
    _log_in(page, site, "so-tu-phap", secretary.username)
    expect(page).to_have_url(site("so-tu-phap", "/"))
    expect(page.get_by_test_id("current-user")).to_have_text(secretary.full_name)
    expect(page.locator("main h1")).to_have_text("Sở Tư pháp")
    screenshot(page, "agency-home")

    page.locator("button[data-lang=en]").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot(page, "agency-home-en")


def test_member_of_another_agency_is_refused_with_a_vietnamese_message(page, site, screenshot):
    _log_in(page, site, "so-y-te", _person("so-tu-phap", "thuky").username)
    alert = page.get_by_role("alert")
    # the words of a wrong password: the page does not tell the account exists or where it works
    expect(alert).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản này không được đăng "
                               "nhập tại đây.")
    expect(page).to_have_url(site("so-y-te", "/login/"))
    screenshot(page, "agency-login-refused")


def test_inspector_sees_every_agency_of_the_province(page, site, screenshot):
    inspector = _person("so-khcn", "thanhtra")
    _log_in(page, site, "so-khcn", inspector.username)
    expect(page.locator("main h1")).to_have_text("Tổng quan tỉnh")
    rows = page.get_by_test_id("province-agencies").locator("tbody tr:not(.group)")
    supervised = [a for a in data.current_agencies(COMMUNES) if a.level != "supervisor"]
    expect(rows).to_have_count(len(supervised))
    expect(rows.filter(has_text="UBND xã Càng Long")).to_have_count(1)
    screenshot(page, "supervisor-dashboard")
