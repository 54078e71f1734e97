"""The DOST keeping the catalogue, and a second province whose DOST must be refused."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from accounts.roles import Role

HEADER = ("code,name,field,level,time_limit,time_unit,fees,filed_at,returned_at,legal_basis,decision_number,"
          "decision_date,agencies")


def csv_upload(*lines: str, name="danh-muc.csv", header=HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([header, *lines]) + "\n").encode("utf-8"), content_type="text/csv")


@pytest.fixture
def keeper(supervisor, user_factory):
    """The DOST's supervisor administrator (holds MANAGE_PROVINCE_CATALOGUE)."""
    return user_factory(supervisor, Role.SUPERVISOR_ADMIN, full_name="Phạm Thị Hoa")


@pytest.fixture
def at_dost(supervisor):
    """Run the block as on the DOST's own site."""
    with tenant_context(supervisor):
        yield supervisor


@pytest.fixture
def other_province(user_factory):
    from tenants.models import Province
    from tenants.provisioning import AgencySpec, create_agency

    other = Province.objects.create(code="80", name="Tỉnh Long An", slug="long-an")
    dost = create_agency(AgencySpec(name="Sở Khoa học và Công nghệ tỉnh Long An", level="supervisor",
                                    province=other, slug="so-khcn-long-an", code="000.00.21.H41",
                                    valid_from=date(2025, 7, 1)))
    return SimpleNamespace(province=other, dost=dost, admin=user_factory(dost, Role.SUPERVISOR_ADMIN))


def entry_values(**overrides) -> dict:
    values = {"code": "1.001193", "name": "Đăng ký khai sinh", "field": "Hộ tịch", "level": "commune",
              "time_limit": 1, "time_unit": "working_days", "fees": "Miễn lệ phí",
              "filed_at": "Bộ phận Một cửa UBND xã", "returned_at": "Bộ phận Một cửa UBND xã",
              "legal_basis": "Luật Hộ tịch 2014"}
    values.update(overrides)
    return values


# Two rows of a catalogue file: a commune TTHC under a decision, a department TTHC assigned by name.
ROWS = ["1.001193,Đăng ký khai sinh,Hộ tịch,commune,1,working_days,,,,,345/QĐ-UBND,05/03/2026,",
        "2.000488,Cấp Phiếu lý lịch tư pháp,Lý lịch tư pháp,department,10,working_days,,,,,,,so-tu-phap"]
