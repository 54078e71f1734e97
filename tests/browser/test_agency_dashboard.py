"""The agency dashboard read at a glance, on a desk (1366 px) and on a phone (360 px): what is overdue, what
falls due this month, the year's obligations, the charts drawn by the vendored Chart.js. Screenshots:
test-results/screenshots/dashboard-*.png."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.roles import Role

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
SAMPLE = Path(__file__).resolve().parents[2] / "platform" / "dossiers" / "samples" / "ho-so-mau.csv"


@pytest.fixture
def busy_agency(agency_a, user_factory):
    """Sở Tư pháp with a year of one-stop dossiers and a procedure whose periodic review is overdue."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents import services
    from documents.models import Document
    from dossiers import services as dossier_services

    secretary = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình")
    approver = user_factory(agency_a, Role.APPROVER, full_name="Lê Văn Cường")
    with tenant_context(agency_a):
        document = services.create_document(actor=secretary, code="QT-HT-02", kind="system_procedure",
                                            title="Quy trình đánh giá nội bộ", content="<p>Nội dung</p>")
        services.submit_for_review(document.revisions.get(), actor=secretary, reviewers=[], approvers=[approver])
        services.publish(services.decide(document.revisions.get(), actor=approver, decision="agreed"),
                         actor=secretary)
        Document.objects.filter(pk=document.pk).update(review_due=timezone.localdate() - timedelta(days=12))
        job = dossier_services.start_import(actor=secretary, queue=False, upload=SimpleUploadedFile(
            "ho-so-mau.csv", SAMPLE.read_bytes()))
        assert dossier_services.run_import(job.pk).status == "done"
    return secretary


def _charts_drawn(page) -> int:
    return page.evaluate("() => [...document.querySelectorAll('canvas[data-chart]')]"
                         ".filter(c => window.Chart && window.Chart.getChart(c)).length")


def test_the_dashboard_reads_at_a_glance_on_a_desk_and_on_a_phone(browser_page, live_agency_url, agency_a,
                                                                  busy_agency, screenshot):
    page, base = browser_page, live_agency_url(agency_a)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, busy_agency)
    page.goto(f"{base}/")
    overdue = page.get_by_test_id("agenda-overdue").inner_text()
    assert "QT-HT-02 Quy trình đánh giá nội bộ" in overdue and "Quá hạn" in overdue
    assert page.get_by_test_id("dossiers.on_time_by_month").is_visible()
    page.wait_for_function("() => window.Chart !== undefined")
    assert _charts_drawn(page) >= 1  # drawn from static/vendor, not a CDN
    screenshot(page, "dashboard-01-desk-1366")

    page.set_viewport_size({"width": 360, "height": 780})
    page.reload()
    page.wait_for_function("() => window.Chart !== undefined")
    assert _charts_drawn(page) >= 1
    overflow = page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow} px wider than the phone"
    screenshot(page, "dashboard-02-phone-360")
