"""The model procedure pages: the DOST writes and publishes, an agency browses the library, adopts, sees the
difference side by side and takes the changes."""

from __future__ import annotations

import pytest

from tests.procedures.conftest import STEPS

from .conftest import adopt, new_edition
from .test_services import SECOND_CONTENT, SECOND_STEPS

pytestmark = pytest.mark.django_db


def _steps_post(steps) -> dict:
    data = {"steps-TOTAL_FORMS": str(len(steps)), "steps-INITIAL_FORMS": "0", "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000"}
    for index, step in enumerate(steps):
        data.update({f"steps-{index}-{key}": value for key, value in step.items()})
    return data


def test_the_dost_creates_writes_and_publishes_on_its_pages(world, tenant_client):
    from model_procedures.models import ModelProcedure

    client = tenant_client(world.dost, world.keeper)
    assert client.get("/models/").status_code == 200
    response = client.post("/models/new/", {"code": "QT-MAU-HT-05", "title": "Quy trình chứng thực bản sao",
                                            "level": "commune", "field": "Chứng thực"})
    model = ModelProcedure.objects.get(code="QT-MAU-HT-05")
    assert response.status_code == 302 and response["Location"] == f"/models/{model.pk}/draft/"
    form = {"tthc_codes": "2.000815", "time_limit": "1", "time_unit": "working_days", "content": "<p>Nội dung</p>",
            **_steps_post([{**STEPS[0], "time_allowed": "9"}])}
    refused = client.post(f"/models/{model.pk}/draft/", form)
    assert refused.status_code == 200 and "vượt 1 giờ làm việc" in refused.content.decode()
    saved = client.post(f"/models/{model.pk}/draft/", {**form, **_steps_post(STEPS)})
    assert saved.status_code == 302
    assert client.post(f"/models/{model.pk}/publish/").status_code == 302
    assert model.editions.get().status == "published"
    page = client.get(f"/models/{model.pk}/").content.decode()
    assert 'data-testid="model-adoptions"' in page and 'data-testid="model-start"' in page
    edited = client.post(f"/models/{model.pk}/edit/", {"code": "KHAC", "title": "Quy trình mẫu chứng thực bản sao",
                                                       "level": "commune", "field": "Chứng thực"})
    model.refresh_from_db()
    assert edited.status_code == 302 and (model.code, model.title) == ("QT-MAU-HT-05",
                                                                       "Quy trình mẫu chứng thực bản sao")


def test_the_library_shows_adopted_and_new_edition_states(world, model, tenant_client):
    client = tenant_client(world.commune, world.secretary)
    page = client.get("/models/").content.decode()
    assert "QT-MAU-HT-01" in page and "Chưa áp dụng" in page
    detail = client.get(f"/models/{model.pk}/").content.decode()
    assert 'data-testid="adopt-form"' in detail and "<svg" in detail  # the flow diagram
    response = client.post(f"/models/{model.pk}/adopt/", {"code": "QT-HT-01", "title": "Quy trình khai sinh của xã"})
    adoption = model.adoptions.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/{adoption.document_id}/"
    assert 'data-testid="model-adopted"' in client.get("/models/").content.decode()
    document_page = client.get(f"/documents/{adoption.document_id}/").content.decode()
    assert 'data-testid="model-panel"' in document_page
    new_edition(world, model, steps=SECOND_STEPS, content=SECOND_CONTENT)
    assert 'data-testid="model-behind"' in client.get("/models/").content.decode()
    assert 'data-testid="model-panel-behind"' in client.get(f"/documents/{adoption.document_id}/").content.decode()


def test_the_difference_page_and_taking_the_changes(world, model, tenant_client):
    adoption = adopt(world, model)
    new_edition(world, model, steps=SECOND_STEPS, content=SECOND_CONTENT)
    client = tenant_client(world.commune, world.secretary)
    page = client.get(f"/models/{model.pk}/diff/").content.decode()
    assert 'data-status="changed"' in page and 'data-status="added"' in page
    assert "Cổng dịch vụ công" in page and 'data-testid="take-changes"' in page
    response = client.post(f"/models/{model.pk}/take-changes/")
    assert response.status_code == 302 and response["Location"] == f"/documents/{adoption.document_id}/"
    assert 'data-testid="no-difference"' in client.get(f"/models/{model.pk}/diff/").content.decode()


def test_pages_refuse_who_may_not(world, model, tenant_client):
    staff = tenant_client(world.commune, world.staff)
    assert staff.post(f"/models/{model.pk}/adopt/", {"code": "X", "title": "Y"}).status_code == 403
    assert staff.get("/models/new/").status_code == 403
    assert staff.get(f"/models/{model.pk}/diff/").status_code == 404  # not adopted
    secretary = tenant_client(world.commune, world.secretary)
    assert secretary.get(f"/models/{model.pk}/draft/").status_code == 403  # the DOST's page
