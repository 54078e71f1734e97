"""The difference between an agency's procedure and its model's new edition, and taking the changes."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from core.errors import DomainError

from .conftest import adopt, new_edition
from .test_services import SECOND_CONTENT, SECOND_STEPS

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind(world, model):
    """The commune adopted edition 1, published it as its own, then the DOST published edition 2."""
    from documents import services as documents

    adoption = adopt(world, model)
    with tenant_context(world.commune):
        from documents.models import Document

        revision = Document.objects.get(pk=adoption.document_id).revisions.get()
        documents.submit_for_review(revision, actor=world.secretary, reviewers=[], approvers=[world.approver])
        documents.publish(documents.decide(revision, actor=world.approver, decision="agreed"), actor=world.secretary)
    new_edition(world, model, steps=SECOND_STEPS, content=SECOND_CONTENT, fees="Miễn lệ phí đăng ký khai sinh",
                change_note="Thêm bước lưu hồ sơ")
    adoption.refresh_from_db()
    return adoption


def _difference(world, adoption):
    from model_procedures import diff, selectors, services

    with tenant_context(world.commune):
        return diff.difference(services.adopted_document(adoption), selectors.latest_published(adoption.model))


def test_the_difference_marks_the_changed_added_and_same_rows(world, behind):
    d = _difference(world, behind)
    assert d.revision.edition == 1 and d.edition.number == 2 and d.has_changes
    spec = {row.label: row for row in d.spec}
    assert spec["Phí, lệ phí"].status == "changed"
    assert (spec["Phí, lệ phí"].ours, spec["Phí, lệ phí"].theirs) == ("Miễn lệ phí", "Miễn lệ phí đăng ký khai sinh")
    assert spec["Mã TTHC"].status == "same"
    steps = {row.number: row for row in d.steps}
    # hand-checked: step 2's responsible and time changed (5 -> 4 hours), step 5 is new in the model
    assert steps[2].status == "changed" and steps[2].changed_fields == ["responsible", "time"]
    assert steps[2].ours["time"] == "5 giờ làm việc" and steps[2].theirs["time"] == "4 giờ làm việc"
    assert [steps[n].status for n in (1, 3, 4, 5)] == ["same", "same", "same", "added"]
    assert steps[5].ours is None and steps[5].theirs["action"] == "Lưu hồ sơ"
    text = [(row.status, row.ours, row.theirs) for row in d.text]
    assert text == [("same", "1. Mục đích", "1. Mục đích"),
                     ("same", "Quy định trình tự đăng ký khai sinh.", "Quy định trình tự đăng ký khai sinh."),
                     ("same", "5. Nội dung", "5. Nội dung"),
                     ("changed", "Công chức tiếp nhận hồ sơ tại Bộ phận Một cửa.",
                      "Công chức tiếp nhận hồ sơ tại Bộ phận Một cửa hoặc qua Cổng dịch vụ công.")]


def test_a_step_only_in_ours_is_removed_and_lines_are_read_from_html():
    from model_procedures.diff import plain_lines, step_rows

    assert plain_lines("<p>A &amp; B</p><ul><li>một</li><li>hai</li></ul><table><tr><td>x</td><td>y</td></tr>"
                       "</table>") == ["A & B", "một", "hai", "x | y"]
    ours = [{"number": 1, "action": "a", "responsible": "r", "time": "1", "output": ""},
            {"number": 2, "action": "b", "responsible": "r", "time": "1", "output": ""}]
    assert [row.status for row in step_rows(ours, ours[:1])] == ["same", "removed"]


def test_taking_the_changes_makes_a_new_draft_equal_to_the_model(world, behind):
    from model_procedures import services
    from procedures.edition_parts import signed

    with tenant_context(world.commune):
        revision = services.take_changes(behind.model, actor=world.secretary)
        assert revision.edition == 2 and revision.state == "draft"
        assert "QT-MAU-HT-01" in revision.change_summary
        assert revision.content == behind.model.editions.get(number=2).content
        data = signed(revision)
    edition = behind.model.editions.get(number=2)
    assert data["fees"] == edition.fees and data["tthc_codes"] == edition.tthc_codes
    assert [(s["number"], s["action"], s["responsible"], s["time_allowed"]) for s in data["steps"]] == [
        (s["number"], s["action"], s["responsible"], s["time_allowed"]) for s in edition.steps]
    behind.refresh_from_db()
    assert behind.taken_edition == 2
    # again: the open draft is reused, not a third edition
    with tenant_context(world.commune):
        assert services.take_changes(behind.model, actor=world.secretary).pk == revision.pk


def test_taking_the_changes_is_refused_while_an_edition_is_under_review(world, behind):
    from documents import services as documents
    from model_procedures import services

    with tenant_context(world.commune):
        from documents.models import Document

        document = Document.objects.get(pk=behind.document_id)
        draft = documents.start_revision(document, actor=world.secretary)
        documents.submit_for_review(draft, actor=world.secretary, reviewers=[], approvers=[world.approver])
        with pytest.raises(DomainError) as refused:
            services.take_changes(behind.model, actor=world.secretary)
        assert refused.value.code == "model_edition_under_review"
        draft.refresh_from_db()
        assert draft.state == "in_review" and draft.content == document.effective_revision.content
    behind.refresh_from_db()
    assert behind.taken_edition == 1


def test_an_agency_that_did_not_adopt_cannot_take_changes(world, model):
    from model_procedures import services

    with tenant_context(world.department), pytest.raises(DomainError) as refused:
        services.take_changes(model, actor=world.secretary_a)
    assert refused.value.code == "model_not_adopted"


def test_the_indicator_counts_procedures_behind_their_model(world, behind):
    from model_procedures import services
    from model_procedures.indicators import behind_model

    with tenant_context(world.commune):
        assert behind_model() == {"procedures_behind_model": 1}
        services.take_changes(behind.model, actor=world.secretary)
        assert behind_model() == {"procedures_behind_model": 0}
    with tenant_context(world.dost):
        assert behind_model() == {"procedures_behind_model": 0}
