"""The revision workflow through documents.services: every transition, on real PostgreSQL."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from api.errors import DomainError
from documents import selectors, services, snapshots
from documents.models import Document, Revision, RevisionState, Signoff

pytestmark = pytest.mark.django_db

Step, Decision = Signoff.Step, Signoff.Decision


def test_create_document_makes_a_draft_first_edition_drafted_by_the_actor(in_agency_a, people, make_document):
    document = make_document("QT-HT-01", owner_unit="Văn phòng Sở", legal_references=[
        {"number": "26/2014/TT-BKHCN", "title": "Thông tư quy định chi tiết thi hành Quyết định 19/2014/QĐ-TTg",
         "issuer": "Bộ Khoa học và Công nghệ", "effective_on": "2014-12-01"}])
    revision = document.revisions.get()
    assert (revision.edition, revision.state, revision.created_by) == (1, RevisionState.DRAFT, people.secretary)
    drafted = revision.signoffs.get()
    assert (drafted.step, drafted.user, drafted.decision) == (Step.DRAFTED, people.secretary, Decision.PENDING)
    from documents.legal_basis import citations
    from legal.models import LegalDocument

    (reference,) = citations(document)  # kept in the province's legal register, as the agency's own entry
    assert reference.number == "26/2014/TT-BKHCN" and reference.effective_on == date(2014, 12, 1)
    entry = LegalDocument.objects.get(pk=reference.legal_document_id)
    assert (entry.added_by_agency, entry.kind, entry.issuer) == (in_agency_a, "circular", "Bộ Khoa học và Công nghệ")
    assert document.effective_revision is None
    # searchable at once, with or without diacritics
    from documents.search import search_documents

    assert list(search_documents("kiem soat thong tin")) == [document]


def test_content_is_sanitised_when_saved(in_agency_a, make_document):
    document = make_document(content="<p>Bước 1</p><script>alert('x')</script><p onclick='x()'>Bước 2</p>")
    content = document.revisions.get().content
    assert "<script" not in content and "onclick" not in content and "Bước 2" in content


def test_draft_to_published_with_one_reviewer_and_one_approver(in_agency_a, people, make_document):
    document = make_document("QT-HT-01")
    revision = document.revisions.get()

    revision = services.submit_for_review(revision, actor=people.secretary, reviewers=[people.reviewer],
                                          approvers=[people.approver])
    assert revision.state == RevisionState.IN_REVIEW and revision.submitted_at
    assert selectors.current_step(revision) == Step.REVIEW
    drafted = revision.signoffs.get(step=Step.DRAFTED)
    assert drafted.decision == Decision.AGREED and drafted.signer_name == "Trần Thị Bình"
    assert drafted.snapshot_hash == snapshots.content_hash(revision)

    revision = services.decide(revision, actor=people.reviewer, decision="agreed", comment="Nội dung phù hợp")
    assert revision.state == RevisionState.IN_REVIEW
    assert selectors.current_step(revision) == Step.APPROVAL
    assert [s.user for s in selectors.pending_signers(revision)] == [people.approver]

    revision = services.decide(revision, actor=people.approver, decision="agreed", comment="Đồng ý ban hành")
    assert revision.state == RevisionState.APPROVED and revision.approved_at
    assert revision.content_hash == snapshots.content_hash(revision)
    assert revision.is_frozen

    revision = services.publish(revision, actor=people.secretary, issue_date=date(2025, 8, 4))
    document.refresh_from_db()
    assert revision.state == RevisionState.PUBLISHED and revision.issue_date == date(2025, 8, 4)
    assert document.effective_revision == revision
    assert document.review_due == date(2026, 8, 4)  # issue date + 12 months
    signed = {s.step: (s.signer_name, s.signer_title, s.decision) for s in revision.signoffs.all()}
    assert signed == {Step.DRAFTED: ("Trần Thị Bình", "Chuyên viên Văn phòng", Decision.AGREED),
                      Step.REVIEW: ("Phạm Minh Dũng", "Chánh Văn phòng", Decision.AGREED),
                      Step.APPROVAL: ("Lê Văn Cường", "Giám đốc", Decision.AGREED)}


def test_without_reviewers_the_revision_goes_straight_to_approval(in_agency_a, people, make_document):
    revision = make_document().revisions.get()
    revision = services.submit_for_review(revision, actor=people.secretary, reviewers=[], approvers=[people.approver])
    assert selectors.current_step(revision) == Step.APPROVAL
    revision = services.decide(revision, actor=people.approver, decision="agreed")
    assert revision.state == RevisionState.APPROVED


def test_review_by_all_waits_for_every_reviewer(in_agency_a, people, make_document):
    revision = make_document().revisions.get()
    services.submit_for_review(revision, actor=people.secretary, reviewers=[people.reviewer, people.reviewer2],
                               approvers=[people.approver], review_policy="all")
    revision = services.decide(revision, actor=people.reviewer, decision="agreed")
    assert selectors.current_step(revision) == Step.REVIEW
    assert [s.user for s in selectors.pending_signers(revision)] == [people.reviewer2]
    revision = services.decide(revision, actor=people.reviewer2, decision="agreed")
    assert selectors.current_step(revision) == Step.APPROVAL


def test_review_by_any_moves_on_after_the_first_agreement(in_agency_a, people, make_document):
    revision = make_document().revisions.get()
    services.submit_for_review(revision, actor=people.secretary, reviewers=[people.reviewer, people.reviewer2],
                               approvers=[people.approver], review_policy="any")
    revision = services.decide(revision, actor=people.reviewer2, decision="agreed")
    assert selectors.current_step(revision) == Step.APPROVAL
    # the other reviewer is no longer asked
    assert not revision.signoffs.filter(step=Step.REVIEW, user=people.reviewer).exists()
    with pytest.raises(DomainError) as error:
        services.decide(revision, actor=people.reviewer, decision="agreed")
    assert error.value.code == "not_a_pending_signer"


def test_approval_by_all_needs_every_approver(in_agency_a, people, make_document):
    revision = make_document().revisions.get()
    services.submit_for_review(revision, actor=people.secretary, reviewers=[],
                               approvers=[people.approver, people.approver2], approval_policy="all")
    revision = services.decide(revision, actor=people.approver2, decision="agreed")
    assert revision.state == RevisionState.IN_REVIEW
    revision = services.decide(revision, actor=people.approver, decision="agreed")
    assert revision.state == RevisionState.APPROVED
    assert revision.signoffs.filter(step=Step.APPROVAL, decision=Decision.AGREED).count() == 2


def test_approval_by_any_needs_one_approver(in_agency_a, people, make_document):
    revision = make_document().revisions.get()
    services.submit_for_review(revision, actor=people.secretary, reviewers=[],
                               approvers=[people.approver, people.approver2], approval_policy="any")
    revision = services.decide(revision, actor=people.approver2, decision="agreed")
    assert revision.state == RevisionState.APPROVED
    assert not revision.signoffs.filter(decision=Decision.PENDING).exists()


def test_changes_requested_then_resubmitted_opens_a_new_round(in_agency_a, people, make_document):
    revision = make_document().revisions.get()
    services.submit_for_review(revision, actor=people.secretary, reviewers=[people.reviewer, people.reviewer2],
                               approvers=[people.approver])
    revision = services.decide(revision, actor=people.reviewer, decision="changes_requested",
                               comment="Bổ sung căn cứ pháp lý tại mục 3")
    assert revision.state == RevisionState.CHANGES_REQUESTED
    assert not revision.signoffs.filter(decision=Decision.PENDING).exists()
    asked = revision.signoffs.get(step=Step.REVIEW, user=people.reviewer)
    assert asked.comment == "Bổ sung căn cứ pháp lý tại mục 3" and asked.snapshot_hash

    revision = services.update_draft(revision, actor=people.secretary,
                                     content="<h2>3. Tài liệu viện dẫn</h2><p>Thông tư 26/2014/TT-BKHCN</p>")
    revision = services.submit_for_review(revision, actor=people.secretary, reviewers=[people.reviewer],
                                          approvers=[people.approver])
    assert revision.round == 2 and revision.state == RevisionState.IN_REVIEW
    # the first round stays as evidence, frozen on the content it was given on
    assert revision.signoffs.filter(round=1).count() == 2  # drafted + changes requested
    assert asked.snapshot_hash != snapshots.content_hash(revision)
    services.decide(revision, actor=people.reviewer, decision="agreed")
    revision = services.decide(revision, actor=people.approver, decision="agreed")
    assert revision.state == RevisionState.APPROVED
    assert revision.signoffs.filter(round=2, decision=Decision.AGREED).count() == 3


def test_publishing_a_new_edition_supersedes_the_previous_one(in_agency_a, people, publish_new, approve, files):
    document = publish_new("QT-HT-02")
    first = document.effective_revision
    services.add_attachment(first_draft := services.start_revision(
        document, actor=people.secretary, change_summary="Bổ sung bước rà soát", change_reason="Theo QĐ 101"),
        actor=people.secretary, uploaded_file=files.docx())
    assert first_draft.edition == 2 and first_draft.content == first.content
    second = approve(first_draft)
    second = services.publish(second, actor=people.secretary)
    first.refresh_from_db()
    document.refresh_from_db()
    assert first.state == RevisionState.SUPERSEDED and first.ended_at
    assert document.effective_revision == second and second.state == RevisionState.PUBLISHED
    assert Revision.objects.filter(document=document, state=RevisionState.PUBLISHED).count() == 1

    third = services.start_revision(document, actor=people.secretary)
    # the new draft starts from the effective edition, files included (same stored file, same hash)
    assert [(a.original_name, a.sha256) for a in third.attachments.all()] == \
        [(a.original_name, a.sha256) for a in second.attachments.all()]
    assert third.attachments.get().file.name == second.attachments.get().file.name


def test_withdraw_takes_the_document_out_of_force(in_agency_a, people, publish_new, approve):
    document = publish_new("QT-HT-03")
    effective = document.effective_revision
    document = services.withdraw(document, actor=people.approver, reason="Thủ tục đã bị bãi bỏ")
    effective.refresh_from_db()
    assert effective.state == RevisionState.WITHDRAWN and effective.ended_at
    assert document.withdrawn and document.effective_revision is None
    assert document.withdrawal_reason == "Thủ tục đã bị bãi bỏ"
    assert document not in selectors.visible_documents(people.staff)
    assert document in selectors.visible_documents(people.staff, include_withdrawn=True)
    # a later edition puts it back in force
    revision = approve(services.start_revision(document, actor=people.secretary))
    services.publish(revision, actor=people.secretary)
    document.refresh_from_db()
    assert not document.withdrawn and document.effective_revision == revision


def test_signoff_keeps_name_and_title_as_at_signing(in_agency_a, people, publish_new):
    document = publish_new()
    people.approver.job_title = "Nguyên Giám đốc"
    people.approver.save()
    approval = document.effective_revision.signoffs.get(step=Step.APPROVAL)
    assert approval.signer_title == "Giám đốc"


def test_each_signoff_freezes_a_pdf_snapshot_in_the_agency_folder(in_agency_a, people, publish_new):
    document = publish_new("QT-HT-04")
    approval = document.effective_revision.signoffs.get(step=Step.APPROVAL)
    assert approval.snapshot_pdf.name.startswith("so_tu_phap/signoffs/")
    assert snapshots.verify(approval)
    with approval.snapshot_pdf.open("rb") as stored:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages)
    assert "QT-HT-04" in text and "Lê Văn Cường" in text
    assert approval.snapshot_hash == document.effective_revision.content_hash


def test_publication_queues_the_supervisor_rollup(in_agency_a, people, make_document, approve,
                                                  django_capture_on_commit_callbacks):
    """Once, whatever else a publication sets off after commit (the public page's cache, ...)."""
    from unittest import mock

    from eiso.celery import app

    revision = approve(make_document().revisions.get())
    with mock.patch.object(app, "send_task") as send_task:
        with django_capture_on_commit_callbacks(execute=True):
            services.publish(revision, actor=people.secretary)
    assert [c.args[0] for c in send_task.call_args_list].count("supervision.refresh_agency_status") == 1


def test_metadata_changes_while_drafting(in_agency_a, people, make_document):
    document = make_document("QT-HT-05")
    owner = people.secretary
    document = services.update_document(document, actor=people.secretary, title="Quy trình đánh giá nội bộ",
                                        owner=owner, review_interval_months=24, owner_unit="Văn phòng")
    assert (document.title, document.owner, document.review_interval_months) == (
        "Quy trình đánh giá nội bộ", owner, 24)
    services.set_legal_references(document, actor=people.secretary, references=[
        {"number": "19/2014/QĐ-TTg"}, {"number": "101/QĐ-BKHCN", "issued_on": date(2019, 1, 21)}])
    from documents.legal_basis import citations

    assert sorted(c.number for c in citations(document)) == ["101/QĐ-BKHCN", "19/2014/QĐ-TTg"]


def test_interval_change_moves_the_review_date_of_an_effective_document(in_agency_a, people, publish_new):
    document = publish_new()
    issued = document.effective_revision.issue_date
    document = services.update_document(document, actor=people.secretary, review_interval_months=6)
    assert document.review_due == services.add_months(issued, 6)


def test_staff_see_only_issued_editions(in_agency_a, people, publish_new, make_document):
    effective = publish_new("QT-HT-06")
    services.start_revision(effective, actor=people.secretary)
    draft_only = make_document("QT-HT-07")
    assert set(selectors.visible_documents(people.staff)) == {effective}
    assert {effective, draft_only} <= set(selectors.visible_documents(people.secretary))
    assert [r.edition for r in selectors.visible_revisions(people.staff, effective)] == [1]
    assert [r.edition for r in selectors.visible_revisions(people.secretary, effective)] == [2, 1]


def test_distribution_and_acknowledgement(in_agency_a, people, publish_new, approve):
    document = publish_new("QT-HT-08")
    services.distribute(document, actor=people.secretary, users=[people.staff, people.staff2])
    services.distribute(document, actor=people.secretary, users=[people.staff])  # again: no duplicate
    assert set(selectors.unread_users(document)) == {people.staff, people.staff2}
    first = services.acknowledge(document.effective_revision, user=people.staff)
    assert services.acknowledge(document.effective_revision, user=people.staff) == first  # idempotent
    assert list(selectors.unread_users(document)) == [people.staff2]
    # a new edition must be read again
    services.publish(approve(services.start_revision(document, actor=people.secretary)), actor=people.secretary)
    document.refresh_from_db()
    assert set(selectors.unread_users(document)) == {people.staff, people.staff2}


def test_open_revision_helper(in_agency_a, people, publish_new):
    document = publish_new()
    assert selectors.open_revision(document) is None
    draft = services.start_revision(document, actor=people.secretary)
    assert selectors.open_revision(document) == draft


def test_documents_are_only_in_their_own_agency(in_agency_a, make_document, agency_b):
    from django_tenants.utils import tenant_context

    make_document("QT-HT-09")
    with tenant_context(agency_b):
        assert not Document.objects.filter(code="QT-HT-09").exists()
