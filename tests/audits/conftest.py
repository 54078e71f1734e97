"""Internal audit at Sở Tư pháp: the ISO secretary plans, people of other units audit."""

from datetime import date

import pytest

from tests.documents.conftest import in_agency_a, make_document, people  # noqa: F401

UNITS = {"secretary": "Văn phòng", "reviewer": "Văn phòng", "staff": "Phòng Hộ tịch",
         "staff2": "Phòng Hành chính tư pháp", "approver2": "Ban Giám đốc"}


@pytest.fixture
def units(in_agency_a, people):  # noqa: F811 - the fixtures imported above
    from accounts.models import Membership

    for key, unit in UNITS.items():
        Membership.objects.filter(agency=in_agency_a, user=getattr(people, key)).update(unit=unit)
    return UNITS


@pytest.fixture
def programme(in_agency_a, people, units):  # noqa: F811
    from audits import services

    return services.create_programme(actor=people.secretary, year=2026,
                                     objectives="Đánh giá toàn bộ HTQLCL ít nhất một lần trong năm")


@pytest.fixture
def plan_audit(programme, people, make_document):  # noqa: F811
    from audits import services

    procedure = make_document("QT-HT-05", title="Quy trình đăng ký khai sinh", kind="tthc_procedure",
                              owner_unit="Phòng Hộ tịch")

    def build(**extra):
        values = {"actor": people.secretary, "programme": programme, "title": "Đánh giá Phòng Hộ tịch",
                  "starts_on": date(2026, 6, 10), "ends_on": date(2026, 6, 11), "units": ["Phòng Hộ tịch"],
                  "processes": "Giải quyết TTHC lĩnh vực hộ tịch", "clauses": ["7.5", "8.5", "10.2"],
                  "document_ids": [procedure.pk], "lead_auditor": people.staff2, "auditors": [people.secretary],
                  "auditees": "Ngô Văn Em", **extra}
        return services.plan_audit(**values)

    build.procedure = procedure
    return build


@pytest.fixture
def in_progress(plan_audit, people):  # noqa: F811
    from audits import services

    plan = plan_audit()
    plan = services.issue_plan(plan, actor=people.secretary, issued_on=date(2026, 6, 1))
    return services.start_audit(plan, actor=people.secretary, started_on=date(2026, 6, 10))
