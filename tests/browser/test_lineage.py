"""A merger on the web: the DOST's administrator merges Phường 5 and xã Thanh Đức into a new phường Thanh Đức;
the new ward's ISO secretary finds its predecessors and reads Phường 5's QMS history on Phường 5's site,
where writing is refused; Phường 5's own secretary is refused too (an ended agency is read-only for
everyone). Screenshots at 1366 and 360 px: test-results/screenshots/lineage-*.png."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from tests.browser.helpers import log_in, log_out, shoot_widths
from tests.lineage.conftest import BASIS, commune, pair  # noqa: F401 - the lineage tests' communes
from tests.lineage.test_access import _document

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def shoot(page, screenshot, name: str) -> None:
    shoot_widths(page, screenshot, f"lineage-{name}")


def test_a_merger_recorded_on_the_web_and_the_history_read_only(browser_page, live_agency_url, supervisor, pair,  # noqa: F811
                                                                 user_factory, screenshot):
    from tenants.models import Agency, LineageEvent

    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    ward5 = pair[0]
    old_secretary = user_factory(ward5, Role.ISO_SECRETARY, full_name="Trần Thị Mai")
    _document(ward5, old_secretary, user_factory(ward5, Role.APPROVER, full_name="Lâm Văn Phúc"))
    admin = user_factory(supervisor, Role.SUPERVISOR_ADMIN, full_name="Dương Thanh Huy")
    dost = live_agency_url(supervisor)
    log_in(page, dost, admin)
    page.goto(f"{dost}/lineage/record/")
    form = page.get_by_test_id("lineage-form")
    form.locator("select[name=kind]").select_option("merge")
    form.locator("input[name=effective_date]").fill(f"{timezone.localdate() - timedelta(days=30):%Y-%m-%d}")
    form.locator("input[name=legal_basis]").fill(BASIS)
    form.locator("select[name=predecessors]").select_option(label=["UBND Phường 5", "UBND xã Thanh Đức"])
    form.locator("input[name=new_name]").fill("UBND phường Thanh Đức")
    form.locator("input[name=new_slug]").fill("phuong-thanh-duc")
    form.locator("select[name=new_level]").select_option("commune")
    form.locator("input[name=new_code]").fill("29590")
    form.locator("textarea[name=note]").fill("Thành lập phường Thanh Đức trên cơ sở nhập Phường 5 và xã Thanh Đức.")
    shoot(page, screenshot, "01-dost-records-the-merger")
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/lineage/events/" in url)
    event = LineageEvent.objects.get(kind="merge")
    successor = event.successors.get()
    assert successor.slug == "phuong-thanh-duc" and successor.valid_from == event.effective_date
    shown = page.get_by_test_id("lineage-event").inner_text()
    assert "UBND Phường 5" in shown and "UBND xã Thanh Đức" in shown and "UBND phường Thanh Đức" in shown
    shoot(page, screenshot, "02-dost-event")
    log_out(page)

    secretary = user_factory(successor, Role.ISO_SECRETARY, full_name="Nguyễn Thị Thu")
    site = live_agency_url(successor)
    log_in(page, site, secretary)
    page.goto(f"{site}/lineage/predecessors/")
    listed = page.get_by_test_id("predecessors").inner_text()
    assert "UBND Phường 5" in listed and "UBND xã Thanh Đức" in listed
    shoot(page, screenshot, "03-successor-predecessors")

    ended = Agency.objects.get(pk=ward5.pk)
    assert ended.status == Agency.Status.HISTORICAL
    before = live_agency_url(ended)
    log_in(page, before, secretary)  # the successor's people read it with their own account
    page.goto(f"{before}/documents/")
    assert "QT-P5-01" in page.locator("main").inner_text()
    assert page.get_by_test_id("new-document").count() == 0  # nothing to write with
    shoot(page, screenshot, "04-predecessor-history-read-only")
    refused = page.goto(f"{before}/documents/new/")
    assert refused.status == 403  # the page says why, in the house's layout
    assert "đã chấm dứt hoạt động" in page.get_by_test_id("refused-ended").inner_text()
    shoot(page, screenshot, "05-write-refused")
    page.goto(f"{before}/documents/")
    log_out(page)

    log_in(page, before, old_secretary)  # its own people too: an ended agency is read-only for everyone
    page.goto(f"{before}/documents/")
    assert "QT-P5-01" in page.locator("main").inner_text()
    assert page.goto(f"{before}/documents/new/").status == 403
