"""Nonconformities at Sở Tư pháp: the ISO secretary keeps them, staff report and own actions."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.documents.conftest import in_agency_a, people  # noqa: F401


@pytest.fixture
def raise_nc(in_agency_a, people):  # noqa: F811 - the fixtures imported above
    from nonconformities import services

    def build(**extra):
        values = {"actor": people.secretary, "source": "audit", "grade": "minor",
                  "description": "Hồ sơ đăng ký khai sinh trả kết quả trễ hạn 2 ngày, không có phiếu xin lỗi",
                  "clause": "8.5.1", "detected_on": date(2026, 11, 3), **extra}
        return services.raise_nonconformity(**values)

    return build


@pytest.fixture
def planned(raise_nc, people):  # noqa: F811
    """An NC corrected, analysed, with one action owned by a member of staff due in a week."""
    from nonconformities import services

    nc = raise_nc()
    services.record_correction(nc, actor=people.secretary, correction="Gọi điện xin lỗi công dân, trả kết quả ngay",
                               corrected_on=date(2026, 11, 4))
    services.record_root_cause(nc, actor=people.secretary, root_cause="Tại sao trễ? Không theo dõi hạn. Tại sao? "
                               "Sổ theo dõi không có cột hạn trả.")
    action = services.add_action(nc, actor=people.secretary, description="Bổ sung cột hạn trả vào sổ theo dõi",
                                 owner=people.staff, due_on=timezone.localdate() + timedelta(days=7))
    nc.refresh_from_db()
    return nc, action
