"""The document page shows a TTHC procedure's data and flow diagram; the edit page saves it or, refused,
keeps what was typed."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from .conftest import STEPS

pytestmark = pytest.mark.django_db


def _post(steps, **spec) -> dict:
    data = {"tthc_codes": "1.001193", "time_limit": "1", "time_unit": "working_days",
            "legal_basis": "Luật Hộ tịch năm 2014", "dossier_components": "Tờ khai\nGiấy chứng sinh",
            "fees": "", "where_filed": "Bộ phận Một cửa", "where_returned": "Bộ phận Một cửa",
            "steps-TOTAL_FORMS": str(len(steps) + 1), "steps-INITIAL_FORMS": "0", "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000", **spec}
    for i, step in enumerate(steps):
        data.update({f"steps-{i}-{name}": value for name, value in step.items()})
    return data


def test_the_document_page_shows_the_procedure_and_its_diagram(tenant_client, agency_a, people, with_procedure):
    page = tenant_client(agency_a, people.secretary).get(f"/documents/{with_procedure.document_id}/").content.decode()
    assert 'data-testid="procedure-panel"' in page and "Thẩm định, trình ký" in page
    assert "<svg" in page and 'data-testid="procedure-flow"' in page
    assert f"/documents/{with_procedure.document_id}/procedure/" in page  # the draft can be edited


def test_staff_see_the_effective_procedure_without_the_edit_link(tenant_client, agency_a, people, with_procedure,
                                                                 approve):
    from documents import services

    with tenant_context(agency_a):
        services.publish(approve(with_procedure), actor=people.secretary)
    page = tenant_client(agency_a, people.staff).get(f"/documents/{with_procedure.document_id}/").content.decode()
    assert "Ký Giấy khai sinh" in page and "<svg" in page
    assert "/procedure/" not in page


def test_other_documents_have_no_procedure_panel(tenant_client, agency_a, people, in_agency_a, make_document):
    document = make_document("QT-HT-05")
    page = tenant_client(agency_a, people.secretary).get(f"/documents/{document.pk}/").content.decode()
    assert 'data-testid="procedure-panel"' not in page


def test_the_edit_page_saves_the_procedure(tenant_client, agency_a, people, in_agency_a, tthc_document):
    from procedures.selectors import spec_of, steps_of

    client = tenant_client(agency_a, people.secretary)
    url = f"/documents/{tthc_document.pk}/procedure/"
    assert client.get(url).status_code == 200
    response = client.post(url, _post(STEPS))
    assert response.status_code == 302, response.content.decode()[:3000]
    revision = tthc_document.revisions.get()
    assert spec_of(revision).where_filed == "Bộ phận Một cửa"
    assert [s.responsible for s in steps_of(revision)] == [s["responsible"] for s in STEPS]


def test_the_edit_page_says_by_how_much_and_keeps_the_input(tenant_client, agency_a, people, in_agency_a,
                                                            tthc_document):
    from procedures.models import TthcProcedureSpec

    client = tenant_client(agency_a, people.secretary)
    steps = [{**STEPS[0], "time_allowed": "6"}, {**STEPS[1], "action": "Thẩm định kỹ lưỡng", "time_allowed": "3"}]
    page = client.post(f"/documents/{tthc_document.pk}/procedure/", _post(steps)).content.decode()
    assert 'data-testid="form-errors"' in page
    assert "1 working hour" in page or "1 giờ làm việc" in page  # 9 hours against 1 working day
    assert "Thẩm định kỹ lưỡng" in page and 'value="6"' in page  # what was typed is still there
    assert not TthcProcedureSpec.objects.exists()


def test_a_frozen_edition_sends_the_editor_back(tenant_client, agency_a, people, with_procedure, approve):
    with tenant_context(agency_a):
        approve(with_procedure)
    response = tenant_client(agency_a, people.secretary).get(f"/documents/{with_procedure.document_id}/procedure/")
    assert response.status_code == 302 and response["Location"].endswith(f"/documents/{with_procedure.document_id}/")
