"""The province's legal register: the DOST keeping it, agencies adding to it, a second province refused,
and a TTHC assigned to three agencies of the province (Sở Tư pháp, Sở Y tế, UBND xã Long Đức)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from accounts.roles import Role

# the DOST's keeper (supervisor administrator), its site, and a second province whose DOST is refused
from tests.tthc.conftest import at_dost, keeper, other_province  # noqa: F401


@pytest.fixture
def agencies(db):
    from tenants.models import Agency

    return SimpleNamespace(**{slug.replace("-", "_"): Agency.objects.get(slug=slug)
                              for slug in ("so-tu-phap", "so-y-te", "xa-long-duc", "so-khcn")})


@pytest.fixture
def secretaries(agencies, user_factory):
    return SimpleNamespace(
        so_tu_phap=user_factory(agencies.so_tu_phap, Role.ISO_SECRETARY, full_name="Trần Thị Bình"),
        so_y_te=user_factory(agencies.so_y_te, Role.ISO_SECRETARY, full_name="Lê Thị Mai"),
        xa_long_duc=user_factory(agencies.xa_long_duc, Role.ISO_SECRETARY, full_name="Nguyễn Văn Tâm"))


@pytest.fixture
def shared_tthc(province, agencies):
    """A TTHC the province's catalogue assigns to three agencies by name."""
    from tthc.models import EntryAssignment, TthcEntry

    entry = TthcEntry.objects.create(province=province, code="1.000894", name="Cấp bản sao trích lục hộ tịch",
                                     field="Chứng thực", level="commune", time_limit=1, assigned_levels=[])
    for agency in (agencies.so_tu_phap, agencies.so_y_te, agencies.xa_long_duc):
        EntryAssignment.objects.create(entry=entry, agency=agency)
    return entry


def entry_values(**overrides) -> dict:
    values = {"number": "26/2014/TT-BKHCN", "kind": "circular",
              "title": "Thông tư quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg",
              "issuer": "Bộ Khoa học và Công nghệ", "signed_on": date(2014, 10, 8),
              "effective_on": date(2014, 12, 1), "url": "https://vbpl.vn/bokhoahoccongnghe/Pages/vbpq.aspx"}
    values.update(overrides)
    return values
