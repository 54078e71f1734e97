"""The agency's public page on a phone (360 px wide), no log-in: the announcement, the effective procedures
and their forms to download, the QR code. Screenshots: test-results/screenshots/public-page-*.png."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django_tenants.utils import tenant_context

from core.public_page import cache_key
from tests.announcement.conftest import (  # noqa: F401 - fixtures
    _no_cached_public_page,
    applied,
    approve,
    assign,
    confirm_and_announce,
    core_documents,
    established,
    in_agency_a,
    keeper,
    make_document,
    only_our_milestones,
    people,
    publish_new,
    tthc_procedure,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_the_public_page_at_360_px(browser_page, live_agency_url, applied, people, agency_a,  # noqa: F811
                                   screenshot):
    with tenant_context(agency_a):
        confirm_and_announce(people)
    cache.delete(cache_key(agency_a.schema_name))
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_agency_url(agency_a)}/cong-khai/")
    page.wait_for_load_state()
    assert page.get_by_test_id("public-agency").inner_text() == agency_a.name
    assert "15/QĐ-STP" in page.get_by_test_id("public-announcement").inner_text()
    procedures = page.get_by_test_id("public-procedures")
    assert "QT-TTHC-01" in procedures.inner_text()
    assert procedures.get_by_role("link", name="⬇ to-khai.docx").count() == 1
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("[data-testid=public-qr] img").evaluate("img => img.naturalWidth") > 0
    screenshot(page, "public-page-01-phone-360")

    page.get_by_role("link", name="In tờ A4 để đặt tại bộ phận tiếp nhận").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("poster").locator("svg").count() == 1
    screenshot(page, "public-page-02-a4-sheet")
