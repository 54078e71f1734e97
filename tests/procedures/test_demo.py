"""The demo's TTHC procedures go through the services, keep their steps within the time limit, and are
made once."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["xa-cang-long", "phuong-thanh-duc", "so-tu-phap"])
def test_each_demo_procedure_fits_its_time_limit(slug):
    from decimal import Decimal

    from demo.qms import TTHC_PROCEDURES
    from procedures.durations import in_hours

    planned = TTHC_PROCEDURES[slug]
    steps = sum((in_hours(Decimal(time), unit) for _a, _w, time, unit, _o in planned["steps"]), Decimal(0))
    assert steps == in_hours(Decimal(planned["time_limit"]), planned["time_unit"])  # full, not over


def test_the_department_gets_its_procedure_issued_and_a_new_edition_drafted(agency_a, people):
    from django_tenants.utils import tenant_context

    from demo.qms import fill_tthc_procedure
    from documents.models import Document
    from procedures.selectors import spec_of, steps_of

    assert agency_a.slug == "so-tu-phap"
    assert fill_tthc_procedure(agency_a, people.secretary, people.approver)
    assert not fill_tthc_procedure(agency_a, people.secretary, people.approver)  # once
    with tenant_context(agency_a):
        document = Document.objects.get(code="QT-TTHC-01")
        effective, draft = document.effective_revision, document.revisions.get(edition=2)
        assert spec_of(effective).tthc_codes == ["2.000488", "2.000505"] and steps_of(effective).count() == 6
        assert steps_of(draft).count() == 6 and draft.is_editable
