from datetime import date

import pytest
from django.conf import settings

from tenants.models import Agency
from tenants.naming import slug_from_name
from tenants.provisioning import AgencySpec, ProvisioningError, create_agency
from tests.tenants.helpers import NOTHING, WHOLE, applied_migrations, footprint


@pytest.mark.parametrize(("name", "slug"), [
    ("UBND xã Long Đức", "xa-long-duc"),
    ("Sở Tư pháp", "so-tu-phap"),
    ("Ủy ban nhân dân phường Phước Hậu", "phuong-phuoc-hau"),
    ("Uỷ ban nhân dân Đặc khu Phú Quốc", "dac-khu-phu-quoc"),
    ("UBND thị trấn Cái Nhum", "thi-tran-cai-nhum"),
    ("Trung tâm Phục vụ hành chính công", "trung-tam-phuc-vu-hanh-chinh-cong"),
    ("Sở Tài nguyên và Môi trường tỉnh Vĩnh Long (tên rất dài để cắt)", "so-tai-nguyen-va-moi-truong-tinh-vinh-long-ten-rat"),
])
def test_slug_is_made_from_the_vietnamese_name(name, slug):
    assert slug_from_name(name) == slug
    assert len(slug) <= 50


@pytest.mark.django_db
def test_created_agency_has_schema_domain_migrations_and_answers_on_its_subdomain(province, client):
    agency = create_agency(AgencySpec(name="UBND xã Tân Hạnh", level=Agency.Level.COMMUNE, province=province,
                                      slug="xa-tan-hanh", code="000.30.40.H62", valid_from=date(2025, 7, 1)))
    assert footprint("xa-tan-hanh") == WHOLE
    assert agency.schema_name == "xa_tan_hanh"
    assert agency.domains.get().is_primary
    template = applied_migrations(settings.EISO_TEMPLATE_SCHEMA)
    assert template and applied_migrations("xa_tan_hanh") == template
    # the tenant apps' tables are there, empty
    from django_tenants.utils import schema_context

    from documents.models import Document
    with schema_context("xa_tan_hanh"):
        assert Document.objects.count() == 0
    page = client.get("/login/", HTTP_HOST="xa-tan-hanh.localhost")
    assert page.status_code == 200
    assert "UBND xã Tân Hạnh" in page.content.decode()


@pytest.mark.django_db
def test_a_slug_whose_schema_exists_creates_nothing(province):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "xa_bo_sot"')
    with pytest.raises(ProvisioningError):
        create_agency(AgencySpec(name="UBND xã Bỏ Sót", level="commune", province=province, slug="xa-bo-sot"))
    assert not Agency.objects.filter(slug="xa-bo-sot").exists()
    assert footprint("xa-bo-sot") == {**NOTHING, "schema": True}  # only the schema that was there before
