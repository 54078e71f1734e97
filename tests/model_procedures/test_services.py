"""The rules of model procedures: who writes them, one draft at a time, published editions never change, the
same step-time guard as an agency's procedure, adopting (once), and the notices of a new edition."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import tenant_context

from core.errors import DomainError
from tests.procedures.conftest import STEPS

from .conftest import CONTENT, adopt, draft_values, new_edition, publish_model

pytestmark = pytest.mark.django_db

SECOND_STEPS = [STEPS[0], {**STEPS[1], "responsible": "Công chức Tư pháp - Hộ tịch xã", "time_allowed": "4"},
                STEPS[2], STEPS[3], {"action": "Lưu hồ sơ", "responsible": "Công chức Tư pháp - Hộ tịch xã",
                                     "time_allowed": "1", "time_unit": "working_hours"}]
SECOND_CONTENT = CONTENT.replace("tại Bộ phận Một cửa.", "tại Bộ phận Một cửa hoặc qua Cổng dịch vụ công.")


def test_the_dost_creates_writes_and_publishes_a_model(world, model):
    from model_procedures.models import ModelEdition

    edition = model.editions.get()
    assert edition.status == ModelEdition.Status.PUBLISHED and edition.number == 1
    assert edition.published_by == world.keeper and edition.published_on is not None
    assert model.tthc_codes == ["1.001193"] and edition.time_limit == Decimal("1")
    assert [s["number"] for s in edition.steps] == [1, 2, 3, 4] and edition.steps[1]["time_allowed"] == "5"
    assert edition.content.startswith("<h2>1. Mục đích</h2>")


def test_only_the_dost_keeper_writes_models(world, model, other_province):
    from model_procedures import services

    with tenant_context(world.dost), pytest.raises(PermissionDenied):
        services.create_model(actor=world.inspector, code="QT-MAU-X", title="X", level="commune")
    with tenant_context(world.commune), pytest.raises(PermissionDenied):
        services.create_model(actor=world.secretary, code="QT-MAU-X", title="X", level="commune")
    with tenant_context(other_province.dost), pytest.raises(DomainError) as refused:
        services.start_edition(model, actor=other_province.admin)
    assert refused.value.code == "not_model_keeper"


def test_one_draft_at_a_time_and_published_editions_do_not_change(world, model):
    from model_procedures import services

    with tenant_context(world.dost):
        with pytest.raises(DomainError) as refused:
            services.save_draft(model, actor=world.keeper, **draft_values(fees="50.000 đồng"))
        assert refused.value.code == "model_no_draft"
        assert model.editions.get().fees == "Miễn lệ phí"
        draft = services.start_edition(model, actor=world.keeper)
        assert draft.number == 2 and draft.steps == model.editions.get(number=1).steps  # from the published one
        with pytest.raises(DomainError) as refused:
            services.start_edition(model, actor=world.keeper)
        assert refused.value.code == "model_draft_exists"


def test_a_duplicate_code_and_an_empty_draft_are_refused(world, model):
    from model_procedures import services

    with tenant_context(world.dost):
        with pytest.raises(DomainError) as refused:
            services.create_model(actor=world.keeper, code="qt-mau-ht-01", title="Trùng", level="commune")
        assert refused.value.code == "code_taken"
        other = services.create_model(actor=world.keeper, code="QT-MAU-HT-02", title="Kết hôn", level="commune")
        with pytest.raises(DomainError) as refused:
            services.publish_edition(other, actor=world.keeper)
        assert refused.value.code == "model_draft_incomplete"


def test_the_step_sum_guard_is_the_procedures_one(world):
    from model_procedures import services

    with tenant_context(world.dost):
        model = services.create_model(actor=world.keeper, code="QT-MAU-HT-03", title="Chứng thực", level="commune")
        with pytest.raises(DomainError) as refused:
            services.save_draft(model, actor=world.keeper, **draft_values(
                steps=[{**STEPS[0], "time_allowed": "9"}]))
    assert refused.value.code == "steps_exceed_time_limit" and "vượt 1 giờ làm việc" in refused.value.message
    assert model.editions.get().steps == []  # nothing saved


def test_adopting_makes_the_agencys_own_draft_with_the_model_content(world, model):
    from documents.models import DocumentKind, RevisionState
    from procedures.selectors import spec_of, steps_of

    adoption = adopt(world, model)
    assert (adoption.adopted_edition, adoption.taken_edition, adoption.agency) == (1, 1, world.commune)
    with tenant_context(world.commune):
        from documents.models import Document

        document = Document.objects.get(pk=adoption.document_id)
        revision = document.revisions.get()
        assert document.code == "QT-TTHC-HT-01" and document.kind == DocumentKind.TTHC_PROCEDURE
        assert revision.state == RevisionState.DRAFT and revision.content == model.editions.get().content
        spec = spec_of(revision)
        assert spec.tthc_codes == ["1.001193"] and spec.fees == "Miễn lệ phí"
        assert [s.responsible for s in steps_of(revision)] == [s["responsible"] for s in STEPS]


def test_adopting_twice_is_refused_and_only_editors_of_the_province_adopt(world, model, other_province):
    from model_procedures import services

    adopt(world, model)
    with pytest.raises(DomainError) as refused:
        adopt(world, model, code="QT-HT-99")
    assert refused.value.code == "already_adopted" and "QT-MAU-HT-01" in refused.value.message
    with pytest.raises(PermissionDenied):
        adopt(world, model, agency=world.commune, user=world.staff)
    with tenant_context(world.dost), pytest.raises(PermissionDenied):
        services.adopt(model, actor=world.keeper)  # the DOST does not draft agencies' documents
    with tenant_context(other_province.dost):  # an agency of another province (its DOST's site) is refused
        from accounts.roles import Role
        from tests.factories import make_user

        editor = make_user(other_province.dost, Role.ISO_SECRETARY)
        with pytest.raises(DomainError) as refused:
            services.adopt(model, actor=editor)
    assert refused.value.code == "model_not_for_agency"


def test_an_unpublished_model_cannot_be_adopted(world):
    from model_procedures import services

    with tenant_context(world.dost):
        model = services.create_model(actor=world.keeper, code="QT-MAU-HT-04", title="Khai tử", level="commune")
    with pytest.raises(DomainError) as refused:
        adopt(world, model)
    assert refused.value.code == "model_not_published"


def test_a_new_edition_tells_the_adopters_editors_only_once(world, model, django_capture_on_commit_callbacks):
    from unittest import mock

    from model_procedures import services
    from notifications.models import Notification

    adopt(world, model)  # the commune adopts; the department does not
    with mock.patch("eiso.celery.app.send_task") as send_task, django_capture_on_commit_callbacks(execute=True):
        new_edition(world, model, steps=SECOND_STEPS, content=SECOND_CONTENT)
    assert [c.args[0] for c in send_task.call_args_list if c.args[0].startswith("model_procedures")] == [
        "model_procedures.notify_adopters"]
    assert [c.kwargs["args"] for c in send_task.call_args_list if c.args[0].startswith("model_procedures")] == [
        [model.pk]]
    assert services.notify_adopters(model) == 1
    assert services.notify_adopters(model) == 0  # idempotent: already told
    with tenant_context(world.commune):
        notices = list(Notification.objects.filter(verb="model_edition"))
        assert {n.recipient for n in notices} == {world.secretary}  # editors only: not the approver nor staff
        assert notices[0].link == f"/models/{model.pk}/diff/" and "QT-MAU-HT-01" in notices[0].message
    with tenant_context(world.department):
        assert not Notification.objects.filter(verb="model_edition").exists()
    assert model.adoptions.get().notified_edition == 2


def test_the_database_refuses_to_change_a_published_edition(world, model):
    from django.db import InternalError, transaction

    from model_procedures.models import ModelEdition

    with pytest.raises(InternalError), transaction.atomic():
        ModelEdition.objects.filter(model=model, number=1).update(fees="Sửa lén")
    assert model.editions.get().fees == "Miễn lệ phí"


def test_a_taken_document_code_refuses_the_adoption_and_leaves_nothing(world, model):
    from documents.models import Document

    first = adopt(world, model, agency=world.department, user=world.secretary_a)
    with tenant_context(world.department):
        code = Document.objects.get(pk=first.document_id).code
    second = publish_model(world, code="QT-MAU-HT-02", title="Quy trình đăng ký kết hôn")
    with pytest.raises(DomainError):
        adopt(world, second, agency=world.department, user=world.secretary_a, code=code)
    assert not second.adoptions.exists()
    with tenant_context(world.department):
        assert Document.objects.count() == 1


def test_the_celery_task_tells_the_adopters_from_any_schema(world, model):
    from model_procedures import tasks

    adopt(world, model)
    new_edition(world, model, steps=SECOND_STEPS)
    with tenant_context(world.dost):  # tenant-schemas-celery runs it in the schema it was sent from
        assert tasks.notify_adopters(model.pk) == 1
        assert tasks.notify_adopters(model.pk) == 0
    assert tasks.notify_adopters(0) == 0
