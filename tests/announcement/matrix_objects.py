"""Confirmation and announcement for the isolation matrix (tests/api/test_isolation_matrix.py).

The rows are written directly: the services refuse them until every registered milestone (steering
committee, documents, training, internal audit, management review...) is reached, which the matrix's
small QMS does not build; the matrix tests who may read and write them, not the rules of announcing.
"""

from __future__ import annotations

from datetime import date

from announcement.models import Announcement, Confirmation

WEB_PK_MODELS = [("announcement/<int:pk>/", "announcement.Announcement")]


def build(*, secretary, approver, reader, marker) -> dict[str, list[int]]:
    confirmation = Confirmation.objects.create(confirmed_on=date(2026, 6, 1), head_name=f"Lãnh đạo {marker}",
                                               head_title="Giám đốc", note=f"Xác nhận {marker}",
                                               recorded_by=approver)
    announcement = Announcement.objects.create(
        number=f"88/QĐ-{marker}"[:64], signed_on=date(2026, 6, 2), signer_name=f"Người ký {marker}",
        signer_title="Giám đốc", confirmation=confirmation, scope_text=f"Phạm vi {marker}",
        scope_tthc=[{"code": "1.001193", "name": f"Đăng ký khai tử {marker}"}], recorded_by=approver)
    return {"announcement.Confirmation": [confirmation.pk], "announcement.Announcement": [announcement.pk]}
