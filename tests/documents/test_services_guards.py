"""Every refusal of documents.services: the right code, a sentence for the user, and nothing changed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Membership
from accounts.roles import Role
from api.errors import DomainError
from documents import services
from documents.models import Document, RevisionState
from records import services as record_services

pytestmark = pytest.mark.django_db


def refused(unchanged, expected, call, *args, **kwargs):
    """Run `call`, expect DomainError `expected`, and prove the database is exactly as before."""
    with unchanged(), pytest.raises(DomainError) as error:
        call(*args, **kwargs)
    assert error.value.code == expected, error.value.message
    assert error.value.message
    return error.value


# ---------------------------------------------------------------------------------- invalid transitions

def test_invalid_transitions_are_refused(in_agency_a, people, make_document, publish_new, approve, unchanged):
    draft = make_document("QT-HT-01").revisions.get()
    refused(unchanged, "invalid_transition", services.decide, draft, actor=people.approver, decision="agreed")
    refused(unchanged, "not_approved", services.publish, draft, actor=people.secretary)

    services.submit_for_review(draft, actor=people.secretary, reviewers=[people.reviewer], approvers=[people.approver])
    refused(unchanged, "invalid_transition", services.submit_for_review, draft, actor=people.secretary,
            reviewers=[], approvers=[people.approver])
    refused(unchanged, "not_approved", services.publish, draft, actor=people.secretary)

    published = publish_new("QT-HT-02").effective_revision
    refused(unchanged, "invalid_transition", services.submit_for_review, published, actor=people.secretary,
            reviewers=[], approvers=[people.approver])
    refused(unchanged, "invalid_transition", services.decide, published, actor=people.approver, decision="agreed")
    refused(unchanged, "not_approved", services.publish, published, actor=people.secretary)


def test_withdrawing_a_document_that_is_not_in_force(in_agency_a, people, make_document, unchanged):
    document = make_document()
    refused(unchanged, "nothing_to_withdraw", services.withdraw, document, actor=people.approver, reason="Bãi bỏ")
    refused(unchanged, "reason_required", services.withdraw, document, actor=people.approver, reason="  ")


def test_empty_revision_cannot_be_submitted(in_agency_a, people, make_document, unchanged):
    revision = make_document(content="").revisions.get()
    refused(unchanged, "empty_revision", services.submit_for_review, revision, actor=people.secretary,
            reviewers=[], approvers=[people.approver])


def test_issue_date_cannot_go_back_before_the_previous_edition(in_agency_a, people, make_document, approve,
                                                              unchanged):
    document = make_document()
    services.publish(approve(document.revisions.get()), actor=people.secretary, issue_date=date(2025, 8, 4))
    second = approve(services.start_revision(document, actor=people.secretary))
    refused(unchanged, "issue_date_before_previous", services.publish, second, actor=people.secretary,
            issue_date=date(2025, 1, 1))


# ---------------------------------------------------------------------------------------- duplicate code

def test_duplicate_code_is_refused_whatever_the_case(in_agency_a, people, make_document, unchanged):
    make_document("QT-HT-01")
    error = refused(unchanged, "duplicate_code", services.create_document, actor=people.secretary,
                    code="QT-HT-01", title="Bản trùng", kind="system_procedure")
    assert "QT-HT-01" in error.message
    refused(unchanged, "duplicate_code", services.create_document, actor=people.secretary, code=" qt-ht-01 ",
            title="Bản trùng", kind="system_procedure")
    other = make_document("QT-HT-02")
    refused(unchanged, "duplicate_code", services.update_document, other, actor=people.secretary, code="QT-HT-01")


def test_duplicate_code_race_is_settled_by_the_unique_constraint(in_agency_a, people, make_document, unchanged,
                                                                 monkeypatch):
    """Two secretaries typing the same code at once both pass the friendly check; the database decides."""
    make_document("QT-HT-01")
    monkeypatch.setattr(services, "_check_code_free", lambda code, exclude=None: None)
    refused(unchanged, "duplicate_code", services.create_document, actor=people.secretary, code="qt-ht-01",
            title="Bản trùng", kind="system_procedure")
    other = make_document("QT-HT-02")
    refused(unchanged, "duplicate_code", services.update_document, other, actor=people.secretary, code="QT-HT-01")


def test_bad_metadata_is_refused(in_agency_a, people, make_document, unchanged):
    for code, values in [("code_required", {"code": " "}), ("title_required", {"title": ""}),
                         ("invalid_kind", {"kind": "memo"}), ("invalid_review_interval", {"review_interval_months": 0}),
                         ("code_too_long", {"code": "Q" * 40}), ("invalid_procedure", {"procedure": 999999})]:
        arguments = {"code": "QT-HT-09", "title": "Quy trình", "kind": "system_procedure", **values}
        refused(unchanged, code, services.create_document, actor=people.secretary, **arguments)
    document = make_document()
    refused(unchanged, "unknown_field", services.update_document, document, actor=people.secretary, withdrawn=True)
    refused(unchanged, "invalid_procedure", services.update_document, document, actor=people.secretary,
            procedure=document)
    refused(unchanged, "legal_reference_number_required", services.set_legal_references, document,
            actor=people.secretary, references=[{"title": "Không có số"}])
    refused(unchanged, "invalid_date", services.set_legal_references, document, actor=people.secretary,
            references=[{"number": "19/2014/QĐ-TTg", "issued_on": "14/3/2014"}])


# ------------------------------------------------------------------------------------ second open draft

def test_a_second_open_revision_is_refused(in_agency_a, people, publish_new, approve, unchanged):
    document = publish_new()
    draft = services.start_revision(document, actor=people.secretary)
    error = refused(unchanged, "open_revision_exists", services.start_revision, document, actor=people.reviewer)
    assert error.message
    approve(draft)  # approved but not yet published: still the one open revision
    refused(unchanged, "open_revision_exists", services.start_revision, document, actor=people.secretary)


def test_the_database_itself_refuses_a_second_open_revision(in_agency_a, people, publish_new):
    from django.db import IntegrityError, transaction

    from documents.models import Revision

    document = publish_new()
    services.start_revision(document, actor=people.secretary)
    with pytest.raises(IntegrityError, match="one_open_revision_per_document"), transaction.atomic():
        Revision.objects.create(document=document, edition=9, created_by=people.secretary)


# -------------------------------------------------------------------------------------- frozen editions

def test_approved_and_published_editions_are_frozen(in_agency_a, people, make_document, approve, files, unchanged):
    document = make_document()
    services.add_attachment(document.revisions.get(), actor=people.secretary, uploaded_file=files.pdf())
    approved = approve(document.revisions.get())
    error = refused(unchanged, "revision_frozen", services.update_draft, approved, actor=people.secretary,
                    content="<p>sửa sau khi duyệt</p>")
    assert "2" not in error.message or "1" in error.message  # names the edition
    refused(unchanged, "revision_frozen", services.add_attachment, approved, actor=people.secretary,
            uploaded_file=files.docx())
    refused(unchanged, "revision_frozen", services.remove_attachment, approved.attachments.get(),
            actor=people.secretary)
    published = services.publish(approved, actor=people.secretary)
    refused(unchanged, "revision_frozen", services.update_draft, published, actor=people.secretary,
            change_summary="sửa")
    # code, title and kind were signed: changing them needs a new revision
    refused(unchanged, "metadata_frozen", services.update_document, document, actor=people.secretary,
            title="Tên khác")
    services.update_document(document, actor=people.secretary, owner_unit="Phòng Hành chính")  # not signed
    services.start_revision(document, actor=people.secretary)
    assert services.update_document(document, actor=people.secretary, title="Tên khác").title == "Tên khác"


def test_a_revision_in_review_cannot_be_edited(in_agency_a, people, make_document, unchanged):
    revision = make_document().revisions.get()
    services.submit_for_review(revision, actor=people.secretary, reviewers=[people.reviewer],
                               approvers=[people.approver])
    refused(unchanged, "revision_frozen", services.update_draft, revision, actor=people.secretary, content="<p>x</p>")


def test_publication_refuses_content_that_changed_after_approval(in_agency_a, people, make_document, approve,
                                                                unchanged):
    document = make_document()
    approved = approve(document.revisions.get())
    # a change that slipped past the services (straight SQL on the title, part of the signed content)
    Document.objects.filter(pk=document.pk).update(title="Tiêu đề bị sửa ngoài quy trình")
    refused(unchanged, "content_changed", services.publish, approved, actor=people.secretary)


def test_the_database_refuses_to_rewrite_approved_evidence(in_agency_a, people, make_document, approve, files):
    from django.db import InternalError, connection, transaction

    from documents.models import Attachment, Revision, Signoff

    document = make_document()
    approved = approve(document.revisions.get())
    with pytest.raises(InternalError, match="Cannot update"), transaction.atomic():
        Revision.objects.filter(pk=approved.pk).update(content="<p>đã sửa</p>")
    with pytest.raises(InternalError, match="Cannot update"), transaction.atomic():
        Signoff.objects.filter(revision=approved, step="approval").update(comment="sửa lời phê")
    with pytest.raises(InternalError, match="Cannot update or delete"), transaction.atomic():
        Signoff.objects.filter(revision=approved).delete()
    with pytest.raises(Exception, match="attachments of an approved revision"), transaction.atomic():
        Attachment.objects.create(revision=approved, file="x.pdf", original_name="x.pdf", content_type="a",
                                  size=1, sha256="0" * 64, uploaded_by=people.secretary)
    with pytest.raises(InternalError, match="Cannot delete"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM documents_revision WHERE id = %s", [approved.pk])
    # moving state forward is still allowed (publication)
    services.publish(approved, actor=people.secretary)


def test_history_rows_are_append_only(in_agency_a, make_document):
    from django.db import InternalError, transaction

    from documents.models import DocumentEvent

    make_document()
    with pytest.raises(InternalError, match="Cannot update or delete"), transaction.atomic():
        DocumentEvent.objects.update(title="xoá dấu vết")
    with pytest.raises(InternalError, match="Cannot update or delete"), transaction.atomic():
        DocumentEvent.objects.all().delete()


# ---------------------------------------------------------------------------------- who may sign what

def test_approver_must_hold_the_approver_role(in_agency_a, people, make_document, unchanged, agency_a):
    revision = make_document().revisions.get()
    error = refused(unchanged, "approver_without_role", services.submit_for_review, revision,
                    actor=people.secretary, reviewers=[], approvers=[people.secretary])
    assert "Trần Thị Bình" in error.message
    error = refused(unchanged, "reviewer_without_role", services.submit_for_review, revision,
                    actor=people.secretary, reviewers=[people.staff], approvers=[people.approver])
    assert "Ngô Văn Em" in error.message  # a member of the agency may be named
    refused(unchanged, "approvers_required", services.submit_for_review, revision, actor=people.secretary,
            reviewers=[people.reviewer], approvers=[])
    refused(unchanged, "invalid_policy", services.submit_for_review, revision, actor=people.secretary,
            reviewers=[], approvers=[people.approver], approval_policy="most")

    # the approver lost the role between submission and decision
    services.submit_for_review(revision, actor=people.secretary, reviewers=[], approvers=[people.approver])
    Membership.objects.filter(user=people.approver, agency=agency_a).update(role=Role.STAFF)
    from accounts.models import User

    demoted = User.objects.get(pk=people.approver.pk)  # roles are cached per user object
    error = refused(unchanged, "not_an_approver", services.decide, revision, actor=demoted, decision="agreed")
    assert error.status_code == 403


def test_only_pending_signers_decide(in_agency_a, people, make_document, unchanged):
    revision = make_document().revisions.get()
    services.submit_for_review(revision, actor=people.secretary, reviewers=[people.reviewer],
                               approvers=[people.approver])
    # the approver's turn has not come; staff were never asked
    refused(unchanged, "not_a_pending_signer", services.decide, revision, actor=people.approver, decision="agreed")
    refused(unchanged, "not_a_pending_signer", services.decide, revision, actor=people.staff, decision="agreed")
    services.decide(revision, actor=people.reviewer, decision="agreed")
    refused(unchanged, "not_a_pending_signer", services.decide, revision, actor=people.reviewer, decision="agreed")
    refused(unchanged, "comment_required", services.decide, revision, actor=people.approver,
            decision="changes_requested", comment=" ")
    refused(unchanged, "invalid_decision", services.decide, revision, actor=people.approver, decision="maybe")


def test_permissions_are_checked_in_the_services(in_agency_a, people, make_document, publish_new, approve,
                                                 user_factory, supervisor, unchanged):
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, full_name="Thanh tra Sở KH&CN")
    for outsider in (people.staff, inspector):
        with unchanged(), pytest.raises(PermissionDenied):
            services.create_document(actor=outsider, code="QT-X", title="X", kind="form")
    approved = approve(make_document().revisions.get())
    with unchanged(), pytest.raises(PermissionDenied):
        services.publish(approved, actor=people.staff)
    effective = publish_new()
    with unchanged(), pytest.raises(PermissionDenied):
        services.start_revision(effective, actor=people.approver)  # approvers approve, they do not draft
    assert approved.state == RevisionState.APPROVED


# ------------------------------------------------------------------------------ acknowledgement, records

def test_acknowledgement_and_distribution_guards(in_agency_a, people, publish_new, approve, user_factory,
                                                 agency_b, supervisor, unchanged):
    document = publish_new()
    first = document.effective_revision
    services.publish(approve(services.start_revision(document, actor=people.secretary)), actor=people.secretary)
    refused(unchanged, "not_effective", services.acknowledge, first, user=people.staff)
    other_agency = user_factory(agency_b, Role.STAFF, full_name="Cán bộ xã Long Đức")
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR)
    error = refused(unchanged, "not_a_member", services.distribute, document, actor=people.secretary,
                    users=[people.staff, other_agency])
    assert "Cán bộ xã Long Đức" not in error.message  # a stranger's name is not this agency's to tell
    assert error.message == "Một trong những người được chọn không phải thành viên của cơ quan này."
    document.refresh_from_db()
    refused(unchanged, "not_a_member", services.acknowledge, document.effective_revision, user=inspector)


def test_record_guards(in_agency_a, people, publish_new, make_document, files, unchanged):
    procedure = publish_new("QT-HT-01")
    other = make_document("QT-HT-02")
    requirement = record_services.add_record_requirement(other, actor=people.secretary, name="Sổ theo dõi",
                                                  retention="5 năm")
    base = {"actor": people.staff, "document": procedure, "year": 2025, "title": "Sổ đăng ký khai sinh"}
    refused(unchanged, "invalid_year", record_services.file_record, **{**base, "year": 1800}, reference="Tủ 1")
    refused(unchanged, "invalid_year", record_services.file_record, **{**base, "year": "năm ngoái"}, reference="Tủ 1")
    refused(unchanged, "title_required", record_services.file_record, **{**base, "title": " "}, reference="Tủ 1")
    refused(unchanged, "record_needs_file_or_reference", record_services.file_record, **base)
    refused(unchanged, "requirement_mismatch", record_services.file_record, **base, reference="Tủ 1",
            requirement=requirement)
    refused(unchanged, "file_type_not_allowed", record_services.file_record, **base, uploaded_file=files.exe())
    refused(unchanged, "name_required", record_services.add_record_requirement, procedure, actor=people.secretary, name="")


def test_submit_never_names_a_person_of_another_agency(in_agency_a, people, make_document, unchanged, agency_b,
                                                       supervisor, user_factory):
    revision = make_document().revisions.get()
    stranger = user_factory(agency_b, Role.APPROVER, full_name="Chủ tịch xã Long Đức")
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, full_name="Thanh tra Sở KH&CN")
    neutral = "Một trong những người được chọn không phải thành viên của cơ quan này."
    for outsider in (stranger, inspector):
        as_reviewer = refused(unchanged, "reviewer_without_role", services.submit_for_review, revision,
                              actor=people.secretary, reviewers=[people.reviewer, outsider],
                              approvers=[people.approver])
        as_approver = refused(unchanged, "approver_without_role", services.submit_for_review, revision,
                              actor=people.secretary, reviewers=[], approvers=[outsider])
        assert as_reviewer.message == as_approver.message == neutral


def test_four_eyes_one_person_with_two_roles_cannot_draft_and_approve(in_agency_a, people, make_document,
                                                                       unchanged, agency_a):
    """The office's head is both ISO secretary and an approver: drafting, then naming oneself to review or to
    approve, is refused — and a decision on one's own draft too."""
    from accounts.models import Membership
    from accounts.roles import Role

    Membership.objects.create(user=people.approver, agency=agency_a, role=Role.ISO_SECRETARY)
    revision = make_document(actor=people.approver).revisions.get()
    refused(unchanged, "drafter_cannot_sign", services.submit_for_review, revision, actor=people.approver,
            reviewers=[], approvers=[people.approver])
    refused(unchanged, "drafter_cannot_sign", services.submit_for_review, revision, actor=people.approver,
            reviewers=[people.approver], approvers=[people.approver2])

    services.submit_for_review(revision, actor=people.approver, reviewers=[], approvers=[people.approver2])
    Signoff = revision.signoffs.model
    Signoff.objects.create(revision=revision, round=revision.round, step="approval", user=people.approver)  # forged
    refused(unchanged, "drafter_cannot_sign", services.decide, revision, actor=people.approver, decision="agreed")
    assert services.decide(revision, actor=people.approver2, decision="agreed").state == "approved"
