"""The catalogue's pages: the DOST's catalogue, import, decisions; an agency's own TTHC."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from tthc.models import PublicationDecision, TthcEntry

from .conftest import ROWS, csv_upload, entry_values

pytestmark = pytest.mark.django_db

@pytest.fixture
def dost_site(tenant_client, supervisor, keeper):
    return tenant_client(supervisor, keeper)


def test_the_dost_imports_and_sees_the_summary_then_line_errors(dost_site):
    page = dost_site.get("/tthc/import/")
    assert page.status_code == 200 and "danh-muc-tthc-mau.csv" in page.content.decode()
    response = dost_site.post("/tthc/import/", {"file": csv_upload(*ROWS)})
    assert response.status_code == 200
    assert 'data-testid="tthc-import-result"' in response.content.decode()
    assert TthcEntry.objects.count() == 2
    bad = dost_site.post("/tthc/import/", {"file": csv_upload("9.9,Sai,Hộ tịch,xã,0,,,,,,,,"), "replace": "on"})
    text = bad.content.decode()
    assert 'data-testid="tthc-import-errors"' in text and "time_limit" in text
    assert TthcEntry.objects.filter(status="active").count() == 2  # nothing applied, nothing withdrawn
    assert dost_site.get("/tthc/import/sample.csv").status_code == 200


def test_the_dost_catalogue_filters_detail_with_history_edit_and_withdraw(dost_site):
    dost_site.post("/tthc/import/", {"file": csv_upload(*ROWS)})
    listing = dost_site.get("/tthc/?field=Hộ tịch").content.decode()
    assert "1.001193" in listing and "2.000488" not in listing
    entry = TthcEntry.objects.get(code="1.001193")
    detail = dost_site.get(f"/tthc/entries/{entry.pk}/").content.decode()
    assert 'data-testid="history"' in detail and "tthc.import_catalogue" in detail
    form = {**entry_values(), "time_limit": 2, "assigned_levels": ["commune"]}
    response = dost_site.post(f"/tthc/entries/{entry.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry.refresh_from_db()
    assert entry.time_limit == 2
    assert dost_site.post(f"/tthc/entries/{entry.pk}/withdraw/").status_code == 302
    entry.refresh_from_db()
    assert entry.status == "withdrawn"
    response = dost_site.post("/tthc/entries/new/", {**entry_values(code="1.000894"), "time_limit": 0})
    assert response.status_code == 200 and not TthcEntry.objects.filter(code="1.000894").exists()
    response = dost_site.post("/tthc/entries/new/", entry_values(code="1.000894", name="Đăng ký kết hôn"))
    assert response.status_code == 302
    assert TthcEntry.objects.get(code="1.000894").assigned_levels == ["commune"]


def test_decisions_page_shows_deadline_status_and_records_one(dost_site):
    response = dost_site.post("/tthc/decisions/new/", {"number": "77/QĐ-UBND", "signed_on": "2026-03-05",
                                                        "title": "Công bố TTHC"})
    assert response.status_code == 302
    page = dost_site.get("/tthc/decisions/").content.decode()
    assert "77/QĐ-UBND" in page and "12/03/2026" in page and 'data-testid="deadline-overdue"' in page
    assert PublicationDecision.objects.count() == 1


def test_an_agency_lists_its_own_tthc_and_cannot_edit(dost_site, tenant_client, agency_a, agency_b, user_factory):
    dost_site.post("/tthc/import/", {"file": csv_upload(*ROWS)})
    staff_b = user_factory(agency_b, Role.STAFF)
    page = tenant_client(agency_b, staff_b).get("/tthc/").content.decode()
    assert "1.001193" in page and "2.000488" not in page and 'data-testid="nav-tthc"' in page
    admin_a = user_factory(agency_a, Role.AGENCY_ADMIN)
    client_a = tenant_client(agency_a, admin_a)
    assert "2.000488" in client_a.get("/tthc/").content.decode()
    assert client_a.get("/tthc/import/").status_code == 403
    assert client_a.get("/tthc/decisions/").status_code == 403
    commune = TthcEntry.objects.get(code="1.001193")
    assert client_a.get(f"/tthc/entries/{commune.pk}/").status_code == 404


def test_the_side_navigation_of_the_dost_links_the_catalogue(dost_site):
    page = dost_site.get("/tthc/").content.decode()
    assert 'data-testid="nav-tthc-catalogue"' in page and 'data-testid="nav-tthc-decisions"' in page


def test_pages_speak_vietnamese_first(dost_site):
    page = dost_site.get("/tthc/").content.decode()
    assert "Danh mục TTHC của tỉnh" in page and "Thêm TTHC" in page
