"""Steps every browser test takes: logging in on an agency's site and out again."""

from __future__ import annotations

import re

from tests.factories import PASSWORD


def log_in(page, base: str, user) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_test_id("current-user").inner_text() == user.display_name


def log_out(page) -> None:
    page.locator("form[action$='/logout/'] button").click()
    page.wait_for_url(re.compile(r".*/login/"))
