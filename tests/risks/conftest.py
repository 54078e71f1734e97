"""Context and risks at Sở Tư pháp (agency_a): the ISO secretary keeps the register."""

from datetime import date

import pytest

from tests.documents.conftest import in_agency_a, make_document, people  # noqa: F401


@pytest.fixture
def procedure(in_agency_a, make_document):  # noqa: F811 - the fixtures imported above
    return make_document("QT-TTHC-01", title="Quy trình cấp Phiếu lý lịch tư pháp", kind="tthc_procedure")


@pytest.fixture
def late_dossiers(in_agency_a, people, procedure):  # noqa: F811
    """A high risk (4×4 = 16) linked to the procedure, owned by the head, reviewed by 1 June 2026."""
    from risks import services

    return services.record_risk(actor=people.secretary, kind="risk", title="Hồ sơ trễ hạn do thiếu nhân sự một cửa",
                                process="Tiếp nhận và trả kết quả", documents=[procedure.pk],
                                cause="Bộ phận một cửa thiếu người", consequence="Người dân phàn nàn",
                                likelihood=4, impact=4, treatment="reduce", actions="Bố trí người dự phòng",
                                owner=people.approver, review_on=date(2026, 6, 1), identified_on=date(2026, 2, 1))
