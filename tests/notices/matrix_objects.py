"""Notices for the isolation matrix (tests/api/test_isolation_matrix.py): a notice of the agency's province
sent to the agency alone (its receipt) and a draft. The rows are written directly: the services would send
the notice from the DOST's site, which the matrix does not stand on; the matrix tests who may read and write
them, not the rules of sending."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from core.agency import current_agency
from notices.models import Notice, Receipt

WEB_PK_MODELS = [("notices/", "notices.Notice")]


def build(*, secretary, approver, reader, marker) -> dict[str, list[int]]:
    agency = current_agency()
    notice = Notice.objects.create(province_id=agency.province_id, kind=Notice.Kind.INSPECTION_PLAN,
                                   title=f"Kế hoạch kiểm tra {marker}", body=f"Nội dung {marker}",
                                   audience=Notice.Audience.SELECTION, audience_values=[str(agency.pk)],
                                   reply_by=date(2026, 12, 31), status=Notice.Status.SENT, created_by=secretary,
                                   sent_by=secretary, sent_at=timezone.now())
    receipt = Receipt.objects.create(notice=notice, agency=agency, told_at=timezone.now())
    Notice.objects.create(province_id=agency.province_id, title=f"Dự thảo {marker}", created_by=secretary)
    return {"notices.Notice": [notice.pk], "notices.Receipt": [receipt.pk]}
