"""Management reviews of Sở Tư pháp: kept by its ISO secretary, chaired by its director."""

from datetime import date

import pytest

from tests.documents.conftest import approve, in_agency_a, make_document, people, publish_new  # noqa: F401


@pytest.fixture
def planned(in_agency_a, people):  # noqa: F811 - the fixtures imported above
    from reviews import services

    return services.plan_review(actor=people.secretary, planned_on=date(2026, 11, 25), chair=people.approver,
                                secretary=people.secretary, place="Phòng họp số 1",
                                attendee_users=[people.staff], other_attendees="Nguyễn Thị Lan, Trưởng phòng")


@pytest.fixture
def held(planned, people):  # noqa: F811
    from reviews import services

    services.prepare_inputs(planned, actor=people.secretary)
    return services.record_minutes(planned, actor=people.secretary, held_on=date(2026, 11, 25),
                                   improvements="Số hóa hồ sơ một cửa", decisions="Giao Văn phòng rà soát quy trình")
