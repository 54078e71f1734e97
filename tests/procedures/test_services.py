"""The rules of a TTHC procedure's data: the steps fit in the time limit, a frozen edition refuses, and
the data is signed, copied and printed with its edition."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from core.errors import DomainError

from .conftest import STEPS, spec_fields

pytestmark = pytest.mark.django_db


def _state():
    from procedures.models import ProcedureStep, TthcProcedureSpec

    return (list(TthcProcedureSpec.objects.order_by("pk").values()), list(ProcedureStep.objects.order_by("pk").values()))


def test_saving_numbers_the_steps_and_equal_time_is_allowed(in_agency_a, with_procedure):
    from procedures.selectors import spec_of, steps_of

    spec = spec_of(with_procedure)
    assert spec.tthc_codes == ["1.001193"] and spec.time_limit == Decimal("1")
    assert [(s.number, s.time_allowed) for s in steps_of(with_procedure)] == [(1, 1), (2, 5), (3, 1), (4, 1)]
    assert spec.dossier_lines == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]


@pytest.mark.parametrize(("limit", "unit", "steps", "over"), [
    ("1", "working_days", [{**STEPS[0], "time_allowed": "9"}], "vượt 1 giờ làm việc"),  # by hours
    ("2", "working_days", [{**STEPS[0], "time_allowed": "3", "time_unit": "working_days"}], "vượt 1 ngày làm việc"),
    ("6", "working_hours", [{**STEPS[0], "time_allowed": "1", "time_unit": "working_days"}], "vượt 2 giờ làm việc"),
])
def test_steps_may_not_exceed_the_time_limit_and_nothing_is_saved(in_agency_a, with_procedure, people, limit,
                                                                  unit, steps, over):
    from procedures import services

    before = _state()
    with pytest.raises(DomainError) as refused:
        services.save_procedure(with_procedure, actor=people.secretary,
                                **spec_fields(time_limit=limit, time_unit=unit, steps=steps, fees="Changed"))
    assert refused.value.code == "steps_exceed_time_limit"
    assert over in refused.value.message  # says by how much (in Vietnamese, the default)
    assert _state() == before


@pytest.mark.parametrize(("changes", "code"), [
    ({"steps": []}, "steps_required"),
    ({"steps": [{**STEPS[0], "time_allowed": "0"}]}, "invalid_time"),
    ({"steps": [{**STEPS[0], "time_allowed": "-1"}]}, "invalid_time"),
    ({"time_limit": "abc"}, "invalid_time"),
    ({"steps": [{**STEPS[0], "responsible": " "}]}, "step_incomplete"),
    ({"tthc_codes": []}, "tthc_codes_required"),
    ({"tthc_codes": ["1.001 193"]}, "invalid_tthc_code"),
    ({"tthc_codes": ["1.001193", ""]}, "invalid_tthc_code"),
])
def test_malformed_input_is_refused(in_agency_a, tthc_document, people, unchanged, changes, code):
    from procedures import services

    with unchanged(), pytest.raises(DomainError) as refused:
        services.save_procedure(tthc_document.revisions.get(), actor=people.secretary, **spec_fields(**changes))
    assert refused.value.code == code


def test_codes_may_be_several_and_decimal_commas_are_read(in_agency_a, tthc_document, people):
    from procedures import services

    spec = services.save_procedure(tthc_document.revisions.get(), actor=people.secretary, **spec_fields(
        tthc_codes="1.001193, 2.000206\n1.001193", time_limit="0,5",
        steps=[{**STEPS[0], "time_allowed": "4"}]))
    assert spec.tthc_codes == ["1.001193", "2.000206"] and spec.time_limit == Decimal("0.5")


def test_only_a_tthc_procedure_and_only_editors(in_agency_a, make_document, tthc_document, people):
    from django.core.exceptions import PermissionDenied

    from procedures import services

    other = make_document("QT-HT-09").revisions.get()
    with pytest.raises(DomainError) as refused:
        services.save_procedure(other, actor=people.secretary, **spec_fields())
    assert refused.value.code == "not_a_tthc_procedure"
    with pytest.raises(PermissionDenied):
        services.save_procedure(tthc_document.revisions.get(), actor=people.staff, **spec_fields())


def test_a_frozen_edition_refuses(in_agency_a, with_procedure, approve, people):
    from procedures import services

    approved = approve(with_procedure)
    before = _state()
    with pytest.raises(DomainError) as refused:
        services.save_procedure(approved, actor=people.secretary, **spec_fields(fees="50.000 đồng"))
    assert refused.value.code == "revision_frozen"
    assert _state() == before


def test_the_signed_hash_covers_the_procedure_and_publication_checks_it(in_agency_a, tthc_document,
                                                                        make_document, approve, people):
    from documents import services as document_services
    from documents import snapshots
    from procedures import services
    from procedures.models import ProcedureStep

    other = make_document("QT-HT-08").revisions.get()
    other_hash = snapshots.content_hash(other)
    revision = tthc_document.revisions.get()
    bare = snapshots.content_hash(revision)
    services.save_procedure(revision, actor=people.secretary, **spec_fields())
    assert snapshots.content_hash(other) == other_hash  # an edition without a spec keeps its hash
    signed = snapshots.content_hash(revision)
    assert signed != bare
    approved = approve(revision)
    assert approved.content_hash == signed
    # The service refuses a frozen edition, so change a step behind its back: the hash sees it.
    step = ProcedureStep.objects.get(revision=revision, number=2)
    ProcedureStep.objects.filter(pk=step.pk).update(time_allowed=Decimal("4"))
    assert snapshots.content_hash(revision) != signed
    with pytest.raises(DomainError) as refused:
        document_services.publish(approved, actor=people.secretary)
    assert refused.value.code == "content_changed"
    ProcedureStep.objects.filter(pk=step.pk).update(time_allowed=Decimal("5.00"))
    document_services.publish(approved, actor=people.secretary)


def test_the_next_edition_starts_from_the_procedure(in_agency_a, with_procedure, approve, people):
    from documents import services as document_services
    from procedures import services
    from procedures.edition_parts import signed

    document_services.publish(approve(with_procedure), actor=people.secretary)
    second = document_services.start_revision(with_procedure.document, actor=people.secretary,
                                              change_summary="Rút ngắn thời gian")
    assert signed(second) == signed(with_procedure)
    services.save_procedure(second, actor=people.secretary, **spec_fields(steps=STEPS[:2]))
    assert len(signed(second)["steps"]) == 2 and len(signed(with_procedure)["steps"]) == 4


def test_printed_pdf_and_docx_carry_the_step_table_and_the_pdf_the_flow(in_agency_a, with_procedure):
    import docx
    from pypdf import PdfReader

    from documents.exports import revision_docx, revision_html, revision_pdf

    html = revision_html(with_procedure)
    assert "<svg" in html and "procedure-flow" in html and "Thẩm định, trình ký" in html
    assert "Nội dung công việc" in html and "Biểu mẫu/Kết quả" in html
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(
        io.BytesIO(revision_pdf(with_procedure))).pages)
    for expected in ("Bước", "Trách nhiệm", "Công chức Tư pháp - Hộ tịch", "1.001193", "1 ngày làm việc"):
        assert expected in text
    doc = docx.Document(io.BytesIO(revision_docx(with_procedure)))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "Nội dung công việc" in cells and "Ký Giấy khai sinh" in cells and "5 giờ làm việc" in cells
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    assert "Giấy chứng sinh" in paragraphs and "Bước 1 ·" not in paragraphs  # no SVG text spilled into Word


def test_flow_diagram_escapes_text():
    from procedures.flow import FlowBox, flow_svg

    svg = flow_svg([FlowBox("Bước 1", "<script>alert(1)</script> & co", "A \"B\"", "1 giờ"),
                    FlowBox("Bước 2", "Trả kết quả", "Một cửa", "1 giờ")], label='x" onload="y')
    assert "<script>" not in svg and "&lt;script&gt;" in svg and 'onload="y"' not in svg
    assert svg.count("<rect") == 2 and svg.count("<polygon") == 1
    assert flow_svg([]) == ""


def test_a_long_procedure_prints_as_diagrams_that_fit_a_page(in_agency_a, tthc_document, people):
    from procedures import services
    from procedures.edition_parts import STEPS_PER_DIAGRAM, printed

    revision = tthc_document.revisions.get()
    steps = [{**STEPS[0], "action": f"Bước xử lý {n}", "time_allowed": "1"} for n in range(1, 15)]
    services.save_procedure(revision, actor=people.secretary, **spec_fields(time_limit="2", steps=steps))
    html = printed(revision)[0].html
    assert html.count("<svg") == 3 and html.count("<rect") == 14 and STEPS_PER_DIAGRAM == 6


def test_a_step_table_is_enough_to_submit_an_edition_without_text(in_agency_a, tthc_document, people):
    """The structured procedure is the content: no body text or file is needed to send it for approval."""
    from documents import services as documents
    from procedures import services

    revision = tthc_document.revisions.get()
    documents.update_draft(revision, actor=people.secretary, content="")
    with pytest.raises(DomainError) as refused:
        documents.submit_for_review(revision, actor=people.secretary, reviewers=[], approvers=[people.approver])
    assert refused.value.code == "empty_revision"
    services.save_procedure(revision, actor=people.secretary, **spec_fields())
    submitted = documents.submit_for_review(revision, actor=people.secretary, reviewers=[],
                                            approvers=[people.approver])
    assert submitted.state == "in_review"


def test_the_document_history_shows_who_changed_the_procedure_and_its_steps(in_agency_a, with_procedure, people):
    from documents.history import document_history
    from procedures import services

    services.save_procedure(with_procedure, actor=people.secretary,
                            **spec_fields(fees="Miễn lệ phí đăng ký khai sinh đúng hạn"))
    events = [e for e in document_history(with_procedure.document)
              if e.model in ("procedures.TthcProcedureSpec", "procedures.ProcedureStep")]
    assert {e.model for e in events} == {"procedures.TthcProcedureSpec", "procedures.ProcedureStep"}
    fee_change = [e for e in events if "fees" in e.changes]
    assert fee_change and fee_change[0].user_name == people.secretary.display_name
    assert fee_change[0].action == "procedures.save_procedure"
