"""Training at Sở Tư pháp, kept by its ISO secretary: the documents area's people serve here."""

from __future__ import annotations

from datetime import date

import pytest

from tests.documents.conftest import in_agency_a, people  # noqa: F401


@pytest.fixture
def awareness(in_agency_a, people):  # noqa: F811 - the fixtures imported above
    """The ISO awareness course of 20 August 2025, planned for three people (not held yet)."""
    from training import services

    return services.plan_session(
        actor=people.secretary, topic="Nhận thức chung về TCVN ISO 9001:2015", kind="iso_awareness",
        date=date(2025, 8, 20), hours="8", trainer="ThS. Nguyễn Văn Hùng",
        trainer_organisation="Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
        attendees=[people.staff, people.staff2, people.approver])
