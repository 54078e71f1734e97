"""A head of an agency sets up the second factor on first log-in: QR code (inline SVG, within the
Content-Security-Policy), first code, ten backup codes, then the agency's home; next time the code is asked
after the password. Screenshots: test-results/screenshots/second-factor-*.png."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from tests.factories import PASSWORD, otp_code

from .helpers import log_out
from .test_content_security_policy import WATCH

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_head_sets_up_the_app_on_first_log_in_then_is_asked_for_a_code(
        browser_page, live_agency_url, agency_a, user_factory, screenshot):
    page, base = browser_page, live_agency_url(agency_a)
    page.add_init_script(WATCH)
    head = user_factory(agency_a, Role.APPROVER, full_name="Lê Văn Cường", job_title="Phó Giám đốc")
    page.goto(f"{base}/login/")
    page.fill("#id_username", head.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/account/second-factor/" in page.url
    assert page.get_by_test_id("otp-qr").locator("svg").count() == 1
    screenshot(page, "second-factor-01-set-up")
    page.goto(f"{base}/documents/")  # nothing else opens before it is done
    assert "/account/second-factor/" in page.url

    page.fill("#id_code", otp_code(head, TOTPDevice.objects.get(user=head, confirmed=False)))
    page.click("main form button[type=submit].primary")
    page.wait_for_load_state()
    codes = page.get_by_test_id("otp-backup-codes").locator("li")
    assert codes.count() == 10
    screenshot(page, "second-factor-02-backup-codes")
    page.get_by_test_id("otp-backup-codes").locator("a.button").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("current-user").inner_text() == "Lê Văn Cường"
    assert page.evaluate("window.__violations") == []
    log_out(page)

    page.fill("#id_username", head.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/login/code/" in page.url
    page.fill("#id_code", "000000" if otp_code(head) != "000000" else "111111")
    page.click("main form button[type=submit].primary")
    page.wait_for_load_state()
    assert page.get_by_role("alert").inner_text() == "Mã không đúng, đã được dùng, hoặc đã hết hạn."
    screenshot(page, "second-factor-03-wrong-code")
