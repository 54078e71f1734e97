"""Dossiers of Sở Tư pháp: a hand-checked sample export, the people who import and read it, and helpers."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from accounts.roles import Role

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# "Now" for the hand-checked figures: 2 December 2026, 10:00 in Vĩnh Long.
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=VN)

HEADER = ("tthc_code,dossier_id,received,due,resolved,returned,handler,"
          "step1_name,step1_started,step1_finished,step1_due,step2_name,step2_started,step2_finished,step2_due")
# The sample the rates are checked against by hand (tests/dossiers/test_rates.py says what each row is).
SAMPLE_ROWS = [
    "1.001193,D1,03/08/2026 08:00,04/08/2026 17:00,04/08/2026 10:00,04/08/2026 14:00,Nguyễn Thị Thu Hà,"
    "Tiếp nhận hồ sơ,03/08/2026 08:00,03/08/2026 08:30,03/08/2026 09:00,Thẩm định,03/08/2026 08:30,04/08/2026 09:30,04/08/2026 12:00",
    "1.001193,D2,10/08/2026 08:00,11/08/2026 17:00,11/08/2026 17:00,,Trần Văn Minh,"
    "Tiếp nhận hồ sơ,10/08/2026 08:00,10/08/2026 08:20,,,,,",
    "1.001193,D3,20/08/2026 08:00,21/08/2026 17:00,24/08/2026 09:00,24/08/2026 10:00,Nguyễn Thị Thu Hà,"
    "Tiếp nhận hồ sơ,20/08/2026 08:00,20/08/2026 10:00,20/08/2026 09:00,Thẩm định,20/08/2026 10:00,24/08/2026 08:00,21/08/2026 12:00",
    "1.001193,D4,28/09/2026 09:00,29/09/2026 17:00,01/10/2026 08:30,,Lê Thị Ngọc Ánh,,,,,,,,",
    "1.001193,D5,25/11/2026 08:00,26/11/2026 17:00,,,Lê Thị Ngọc Ánh,"
    "Tiếp nhận hồ sơ,25/11/2026 08:00,25/11/2026 08:45,25/11/2026 09:00,Thẩm định,25/11/2026 08:45,,26/11/2026 12:00",
    "2.000815,D6,31/08/2026 16:00,01/09/2026 11:00,2026-09-01T00:30:00+07:00,,Trần Văn Minh,,,,,,,,",
    "2.000815,D7,15/09/2026 08:00,15/09/2026 12:00,15/09/2026 11:00,15/09/2026 11:30,Trần Văn Minh,,,,,,,,",
    "2.000815,D8,01/12/2026 08:00,03/12/2026 17:00,,,Trần Văn Minh,,,,,,,,",
]


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def upload(text: str, name: str = "ho-so.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def staff(agency_a, user_factory):
    return SimpleNamespace(
        secretary=user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình"),
        admin=user_factory(agency_a, Role.AGENCY_ADMIN, full_name="Bùi Quang Khải"),
        reader=user_factory(agency_a, Role.STAFF, full_name="Ngô Văn Em"),
        approver=user_factory(agency_a, Role.APPROVER, full_name="Lê Văn Cường"))


@pytest.fixture
def in_a(agency_a):
    with tenant_context(agency_a):
        yield agency_a


@pytest.fixture
def run_import(staff):
    """Queue an import as the secretary and run its task in-process; the finished job."""
    from dossiers import services
    from dossiers.tasks import run_dossier_import

    def run(text: str, name: str = "ho-so.csv", actor=None):
        job = services.start_import(actor=actor or staff.secretary, upload=upload(text, name))
        run_dossier_import(job.pk)
        job.refresh_from_db()
        return job

    return run
