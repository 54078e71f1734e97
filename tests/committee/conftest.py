"""The committee is kept by the ISO secretary of Sở Tư pháp: the documents people serve here."""

from datetime import date

import pytest

from tests.documents.conftest import in_agency_a, people  # noqa: F401


@pytest.fixture
def established(in_agency_a, people):  # noqa: F811 - the fixtures imported above
    """Decision 125/QĐ-STP establishing the committee, with its head and secretary."""
    from committee import services

    decision = services.record_decision(actor=people.secretary, number="125/QĐ-STP", signed_on=date(2025, 3, 10),
                                        signer="Lê Văn Cường", title="Quyết định thành lập Ban chỉ đạo ISO",
                                        kind="establishes")
    head = services.appoint_member(actor=people.secretary, decision=decision, role="head", user=people.approver)
    secretary = services.appoint_member(actor=people.secretary, decision=decision, role="secretary",
                                        user=people.secretary)
    member = services.appoint_member(actor=people.secretary, decision=decision, role="member",
                                     name="Nguyễn Thị Lan", position="Trưởng phòng Hành chính tư pháp")
    return decision, head, secretary, member
