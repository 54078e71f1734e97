"""Steps every browser test takes: logging in on an agency's site and out again."""

from __future__ import annotations

import re

from tests.factories import PASSWORD, app_device, otp_code


def log_in(page, base: str, user) -> None:
    """The password, then (for heads, supervisors, operators) a code from an authenticator app set up
    beforehand; tests/browser/test_second_factor.py walks the first set-up itself."""
    from accounts import second_factor

    if second_factor.required(user):
        app_device(user)
    page.goto(f"{base}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    # Wait for the navigation itself: wait_for_load_state alone may return on the log-in page still loaded,
    # and the code page (no side navigation) would then pass for the home page.
    page.wait_for_url(lambda url: "/login/" not in url or "/login/code/" in url)
    pass_second_step(page, user)
    assert page.get_by_test_id("current-user").inner_text() == user.display_name


def log_out(page) -> None:
    page.locator("form[action$='/logout/'] button").click()
    page.wait_for_url(re.compile(r".*/login/"))


def pass_second_step(page, user) -> None:
    """After the password, the code from the person's authenticator app when their roles need one."""
    from accounts import second_factor

    if second_factor.required(user):  # the code page comes by a redirect: wait for it, not for the old page
        page.wait_for_url(lambda url: "/login/" not in url or "/login/code/" in url)
    if "/login/code/" in page.url:
        page.fill("#id_code", otp_code(user))
        page.click("main form button[type=submit].primary")
        page.wait_for_load_state()


# The widths every browser test shoots at: a desk's screen and a phone's.
WIDTHS = ((1366, 900), (360, 780))


def shoot_widths(page, screenshot, name: str, widths=WIDTHS) -> None:
    """Full-page screenshots `<name>-<width>.png` at each width, then back to the first width."""
    for width, height in widths:
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size({"width": widths[0][0], "height": widths[0][1]})
