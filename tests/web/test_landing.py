"""The landing page lists agencies by province, a page at a time, with a search: never the whole country."""

import re
from datetime import date

import pytest
from django.test import Client

from tenants.models import Agency, Province
from tenants.provisioning import AgencySpec, create_agency
from web import views


def _landing(**params):
    response = Client(HTTP_HOST="localhost").get("/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def second_province(db):
    can_tho = Province.objects.create(code="92", name="Thành phố Cần Thơ", slug="can-tho")
    create_agency(AgencySpec(name="UBND phường Ninh Kiều", level="commune", province=can_tho,
                             slug="phuong-ninh-kieu", code="31117", valid_from=date(2025, 7, 1)))
    create_agency(AgencySpec(name="UBND phường Long Đức Cũ", level="commune", province=can_tho,
                             slug="phuong-cu", code="31999", valid_from=date(2000, 1, 1),
                             valid_to=date(2025, 6, 30)))
    return can_tho


@pytest.mark.django_db
def test_with_several_provinces_the_page_lists_provinces_with_their_counts_not_agencies(province, second_province):
    body = _landing()
    assert "Tỉnh Vĩnh Long" in body and "Thành phố Cần Thơ" in body
    current = Agency.objects.agencies().current().in_province(province).count()
    assert f"({current})" in body and "(1)" in body  # the ended ward is not counted
    assert 'data-testid="agency-list"' not in body and "Sở Tư pháp" not in body


@pytest.mark.django_db
def test_choosing_a_province_lists_only_its_current_agencies(province, second_province):
    body = _landing(province="92")
    assert "UBND phường Ninh Kiều" in body and "http://phuong-ninh-kieu.localhost" in body
    assert "Sở Tư pháp" not in body and "Long Đức Cũ" not in body


@pytest.mark.django_db
def test_search_finds_agencies_across_provinces_by_name_or_code(province, second_province):
    body = _landing(q="long đức")
    assert "UBND xã Long Đức" in body and "Tỉnh Vĩnh Long" in body
    assert "Long Đức Cũ" not in body  # history is not on the public page
    assert "UBND phường Ninh Kiều" in _landing(q="31117")
    assert "Không có cơ quan nào phù hợp" in _landing(q="không có đâu", province="92")


@pytest.mark.django_db
def test_a_province_is_shown_a_page_at_a_time_departments_first(province, monkeypatch):
    monkeypatch.setattr(views, "LANDING_PAGE_SIZE", 2)
    first = _landing()  # one province: the page opens on it
    assert "Sở Khoa học và Công nghệ" in first and "Sở Tư pháp" in first  # the DOST, then departments
    assert "UBND xã Long Đức" not in first and re.search(r"Trang 1 ?/ ?2", first)
    second = _landing(page=2)
    assert "UBND xã Long Đức" in second and "Sở Tư pháp" not in second
