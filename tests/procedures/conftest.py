"""A TTHC procedure is a controlled document: the documents fixtures (people, published editions) serve here,
plus a commune's birth registration procedure as the services would save it."""

import pytest

from tests.documents.conftest import (  # noqa: F401
    approve,
    in_agency_a,
    make_document,
    people,
    publish_new,
    unchanged,
)

STEPS = [
    {"action": "Tiếp nhận, kiểm tra hồ sơ", "responsible": "Công chức Bộ phận Một cửa", "time_allowed": "1",
     "time_unit": "working_hours", "output": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"},
    {"action": "Thẩm định, trình ký", "responsible": "Công chức Tư pháp - Hộ tịch", "time_allowed": "5",
     "time_unit": "working_hours", "output": "Dự thảo Giấy khai sinh"},
    {"action": "Ký Giấy khai sinh", "responsible": "Chủ tịch UBND xã", "time_allowed": "1",
     "time_unit": "working_hours", "output": "Giấy khai sinh"},
    {"action": "Trả kết quả", "responsible": "Công chức Bộ phận Một cửa", "time_allowed": "1",
     "time_unit": "working_hours", "output": ""},
]  # 8 hours = the 1 working day of the time limit: equal is allowed


def spec_fields(**changes) -> dict:
    fields = {"tthc_codes": ["1.001193"], "time_limit": "1", "time_unit": "working_days",
              "legal_basis": "Luật Hộ tịch năm 2014\nNghị định số 123/2015/NĐ-CP",
              "dossier_components": "Tờ khai đăng ký khai sinh\nGiấy chứng sinh",
              "fees": "Miễn lệ phí", "where_filed": "Bộ phận Một cửa UBND xã",
              "where_returned": "Bộ phận Một cửa UBND xã", "steps": [dict(s) for s in STEPS]}
    fields.update(changes)
    return fields


@pytest.fixture
def tthc_document(in_agency_a, make_document):  # noqa: F811 - the imported fixtures
    return make_document("QT-TTHC-01", kind="tthc_procedure", title="Quy trình đăng ký khai sinh")


@pytest.fixture
def with_procedure(tthc_document, people):  # noqa: F811 - the imported fixture
    """The document's first edition (a draft) with its spec and steps saved."""
    from procedures import services

    revision = tthc_document.revisions.get()
    services.save_procedure(revision, actor=people.secretary, **spec_fields())
    return revision
