"""On-time dossiers: the ISO secretary imports the one-stop export, follows the job, reads the rates.
Screenshots: test-results/screenshots/dossiers-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
SAMPLE = Path(__file__).resolve().parents[2] / "platform" / "dossiers" / "samples" / "ho-so-mau.csv"


def test_secretary_imports_the_export_and_reads_the_rates(browser_page, live_agency_url, agency_a, user_factory,
                                                          screenshot):
    from dossiers.models import DossierImport
    from dossiers.tasks import run_dossier_import

    page, base = browser_page, live_agency_url(agency_a)
    secretary = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình")
    log_in(page, base, secretary)
    page.get_by_test_id("nav-dossiers").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("dossiers-empty").is_visible()
    page.get_by_test_id("dossiers-import").click()
    page.set_input_files("#id_file", str(SAMPLE))
    page.get_by_test_id("dossiers-import-submit").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("dossier-import-status").is_visible()
    with tenant_context(agency_a):  # what the worker does
        run_dossier_import(DossierImport.objects.get().pk)
    page.reload()
    result = page.get_by_test_id("dossier-import-result").inner_text()
    assert str(len(SAMPLE.read_text(encoding="utf-8").strip().splitlines()) - 1) in result
    screenshot(page, "dossiers-01-import-done")
    page.goto(f"{base}/dossiers/?year=2026")
    assert "1.001193" in page.get_by_test_id("dossier-tthc").inner_text()
    assert page.get_by_test_id("dossier-months").locator("svg").count() >= 2  # Sep., Oct. (and Nov.)
    screenshot(page, "dossiers-02-rates")
    page.get_by_test_id("dossier-tthc").get_by_role("link", name="2.000815").click()
    page.wait_for_load_state()
    assert "Tiếp nhận hồ sơ" in page.get_by_test_id("dossier-steps").inner_text()
    screenshot(page, "dossiers-03-tthc-steps")
