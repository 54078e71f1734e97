"""What the existing areas say to a management review (their review_inputs.py), through the gathering."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from reviews import services

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def _lines(since, until, item, source):
    row = next(row for row in services.gathered_inputs(since, until) if row["item"] == item)
    found = [s["lines"] for s in row["sources"] if s["source"] == source]
    return found[0] if found else None


def _dossier(number, code, received, due, resolved=None):
    from dossiers.models import Dossier

    at = lambda d: datetime(d.year, d.month, d.day, 9, 0, tzinfo=ZONE)  # noqa: E731
    return Dossier.objects.create(external_id=number, tthc_code=code, tthc_name=f"Thủ tục {code}",
                                  received_at=at(received), due_at=at(due), resolved_at=resolved and at(resolved),
                                  content_hash=number)


def test_dossiers_report_the_on_time_rate_and_the_worst_tthc(in_agency_a):
    _dossier("HS-1", "1.000894", date(2026, 3, 1), date(2026, 3, 10), date(2026, 3, 5))
    _dossier("HS-2", "1.000894", date(2026, 4, 1), date(2026, 4, 10), date(2026, 4, 9))
    _dossier("HS-3", "2.000635", date(2026, 5, 1), date(2026, 5, 10), date(2026, 5, 20))
    _dossier("HS-4", "2.000635", date(2026, 11, 1), date(2026, 11, 10))
    _dossier("HS-5", "2.000635", date(2025, 3, 1), date(2025, 3, 10), date(2025, 3, 20))  # before the period
    lines = _lines(date(2026, 1, 1), date(2026, 11, 30), "c3", "dossiers")
    assert "giải quyết trong kỳ: 3, đúng hạn 2, trễ hạn 1 (tỷ lệ đúng hạn 66,7 %)" in lines[0]
    assert "Còn đang giải quyết cuối kỳ: 1, trong đó 1 đã quá hạn" in lines[1]
    assert lines[2].startswith("Tỷ lệ đúng hạn thấp: 2.000635") and len(lines) == 3
    assert _lines(date(2024, 1, 1), date(2024, 12, 31), "c3", "dossiers") is None


def test_documents_report_editions_of_the_period_and_overdue_reviews(in_agency_a, publish_new):
    from django.utils import timezone

    from documents.models import Document

    document = publish_new("QT-01", title="Quy trình kiểm soát tài liệu")
    today = timezone.localdate()
    lines = _lines(today - timedelta(days=1), today, "c5", "documents")
    assert lines[0] == "Số lần ban hành tài liệu trong kỳ: 1." and "QT-01 lần ban hành 1" in lines[1]
    Document.objects.filter(pk=document.pk).update(review_due=date(2026, 1, 15))
    lines = _lines(date(2026, 1, 1), date(2026, 2, 1), "c5", "documents")
    assert "Tài liệu quá hạn xem xét định kỳ: 1." in lines and any("hạn xem xét 15/01/2026" in li for li in lines)


def test_legal_updates_report_open_and_overdue_tasks(in_agency_a):
    from legal_updates.models import UpdateTask

    UpdateTask.objects.create(legal_document_id=987654, tthc_code="1.001", effective_on=date(2026, 3, 1),
                              opened_on=date(2026, 3, 1), due_on=date(2026, 6, 1))
    lines = _lines(date(2026, 1, 1), date(2026, 11, 30), "b", "legal_updates")
    assert lines == ["Nhiệm vụ cập nhật văn bản pháp luật đang mở: 1, trong đó 1 quá hạn."]
