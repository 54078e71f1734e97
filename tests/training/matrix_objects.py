"""Training's part of the isolation matrix: a held session with an attendee and a material."""

from __future__ import annotations

from datetime import date

WEB_PK_MODELS = [("training/materials/", "training.Material"), ("training/people/", "accounts.User"),
                 ("training/", "training.TrainingSession")]


def build(*, secretary, approver, reader, marker) -> dict[str, list[int]]:
    from tests.documents.conftest import pdf_bytes, upload
    from training import services

    session = services.plan_session(
        actor=secretary, topic=f"Nhận thức ISO 9001 {marker}", kind="iso_awareness", date=date(2026, 3, 10),
        hours="8", trainer=f"Giảng viên {marker}", attendees=[reader, approver])
    services.mark_held(session, actor=secretary)
    attendance = session.attendances.get(user_id=reader.pk)
    services.record_result(attendance, actor=secretary, attended=True, result=f"Đạt {marker}")
    material = services.add_material(session, actor=secretary,
                                     uploaded_file=upload("bai-giang.pdf", pdf_bytes(), "application/pdf"))
    return {"training.TrainingSession": [session.pk], "training.Material": [material.pk]}
