"""Nonconformities for the isolation matrix: one NC with a corrective action, made through the services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

WEB_PK_MODELS = [("nonconformities/actions/", "nonconformities.CorrectiveAction"),
                 ("nonconformities/", "nonconformities.Nonconformity")]


def build(*, secretary, approver, reader, marker) -> dict[str, list[int]]:
    from nonconformities import services

    nc = services.raise_nonconformity(actor=secretary, source="audit", description=f"Hồ sơ trễ hạn {marker}",
                                      clause="8.5.1", process=f"Bộ phận Một cửa {marker}",
                                      source_ref=f"audit-finding:{marker or 'a'}")
    services.record_correction(nc, actor=secretary, correction=f"Xin lỗi công dân {marker}")
    services.record_root_cause(nc, actor=secretary, root_cause=f"Không theo dõi hạn trả {marker}")
    action = services.add_action(nc, actor=secretary, description=f"Bổ sung sổ theo dõi {marker}", owner=reader,
                                 due_on=timezone.localdate() + timedelta(days=10))
    return {"nonconformities.Nonconformity": [nc.pk], "nonconformities.CorrectiveAction": [action.pk]}
