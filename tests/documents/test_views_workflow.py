"""The revision workflow through the pages: bad input gives a clear error and keeps what was typed;
good input moves the revision along through documents.services."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from documents.models import Document, RevisionState
from tests.documents.conftest import PROCEDURE_CONTENT

pytestmark = pytest.mark.django_db

NEW_DOCUMENT = {
    "code": "QT-HT-03", "title": "Quy trình xem xét của lãnh đạo", "kind": "system_procedure",
    "owner_unit": "Văn phòng Sở", "review_interval_months": "12", "content": PROCEDURE_CONTENT,
    "refs-TOTAL_FORMS": "1", "refs-INITIAL_FORMS": "0", "refs-MIN_NUM_FORMS": "0", "refs-MAX_NUM_FORMS": "1000",
    "refs-0-number": "19/2014/QĐ-TTg", "refs-0-title": "Quyết định áp dụng TCVN ISO 9001:2008",
    "refs-0-issuer": "Thủ tướng Chính phủ", "refs-0-effective_on": "2014-05-18",
}


def test_secretary_creates_a_document_with_its_draft_and_legal_reference(tenant_client, agency_a, people):
    response = tenant_client(agency_a, people.secretary).post("/documents/new/", NEW_DOCUMENT)
    assert response.status_code == 302
    with tenant_context(agency_a):
        document = Document.objects.get(code="QT-HT-03")
        revision = document.revisions.get()
        assert revision.state == RevisionState.DRAFT and revision.edition == 1
        assert "Mục đích" in revision.content
        from documents.legal_basis import citations

        assert [c.number for c in citations(document)] == ["19/2014/QĐ-TTg"]
    assert response["Location"] == f"/documents/{document.pk}/"


def test_missing_title_is_shown_and_the_typed_values_stay(tenant_client, agency_a, people):
    data = {**NEW_DOCUMENT, "title": ""}
    response = tenant_client(agency_a, people.secretary).post("/documents/new/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trường này là bắt buộc" in body  # Django's "This field is required." in Vietnamese
    assert 'value="QT-HT-03"' in body and 'value="Văn phòng Sở"' in body
    assert 'value="19/2014/QĐ-TTg"' in body
    assert "Mục đích" in body  # the content is not lost
    with tenant_context(agency_a):
        assert not Document.objects.filter(code="QT-HT-03").exists()


def test_duplicate_code_gives_the_services_error_and_keeps_the_input(tenant_client, agency_a, people,
                                                                     in_agency_a, make_document):
    make_document("QT-HT-03")
    data = {**NEW_DOCUMENT, "code": "qt-ht-03", "title": "Một tài liệu khác"}
    response = tenant_client(agency_a, people.secretary).post("/documents/new/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cơ quan đã có tài liệu mang mã hiệu qt-ht-03." in body
    assert 'value="Một tài liệu khác"' in body
    with tenant_context(agency_a):
        assert Document.objects.filter(code__iexact="qt-ht-03").count() == 1


def test_duplicate_code_error_in_english(tenant_client, agency_a, people, in_agency_a, make_document):
    make_document("QT-HT-03")
    client = tenant_client(agency_a, people.secretary)
    client.cookies["django_language"] = "en"
    response = client.post("/documents/new/", NEW_DOCUMENT)
    assert "A document with code QT-HT-03 already exists in this agency." in response.content.decode()


def _edit_data(document, **overrides):
    data = {"code": document.code, "title": document.title, "kind": document.kind, "owner_unit": "Văn phòng",
            "review_interval_months": "24", "refs-TOTAL_FORMS": "0", "refs-INITIAL_FORMS": "0",
            "refs-MIN_NUM_FORMS": "0", "refs-MAX_NUM_FORMS": "1000",
            "draft-content": "<h2>1. Mục đích</h2><p>Nội dung đã sửa.</p>", "draft-change_summary": "Sửa mục 1",
            "draft-change_reason": "Theo góp ý"}
    data.update(overrides)
    return data


def test_editing_the_draft_saves_metadata_and_content_together(tenant_client, agency_a, people, in_agency_a,
                                                               make_document):
    document = make_document("QT-HT-04")
    response = tenant_client(agency_a, people.secretary).post(f"/documents/{document.pk}/edit/",
                                                              _edit_data(document))
    assert response.status_code == 302
    with tenant_context(agency_a):
        document.refresh_from_db()
        revision = document.revisions.get()
        assert document.review_interval_months == 24 and document.owner_unit == "Văn phòng"
        assert "Nội dung đã sửa." in revision.content and revision.change_summary == "Sửa mục 1"


def test_a_refused_edit_changes_nothing_and_keeps_the_typed_content(tenant_client, agency_a, people, in_agency_a,
                                                                    make_document):
    make_document("QT-HT-01")
    document = make_document("QT-HT-04")
    data = _edit_data(document, code="QT-HT-01")  # taken: the service refuses, the draft must not be saved
    response = tenant_client(agency_a, people.secretary).post(f"/documents/{document.pk}/edit/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cơ quan đã có tài liệu mang mã hiệu QT-HT-01." in body
    assert "Nội dung đã sửa." in body
    with tenant_context(agency_a):
        document.refresh_from_db()
        assert document.code == "QT-HT-04" and document.owner_unit == ""
        assert "Nội dung đã sửa." not in document.revisions.get().content


def test_whole_workflow_through_the_pages(tenant_client, agency_a, people, in_agency_a, make_document):
    document = make_document("QT-HT-06", title="Quy trình giải quyết khiếu nại")
    url = f"/documents/{document.pk}/"
    secretary = tenant_client(agency_a, people.secretary)

    # Submit with a reviewer and an approver.
    form = secretary.get(f"{url}submit/").content.decode()
    assert people.reviewer.display_name in form and people.approver.display_name in form
    response = secretary.post(f"{url}submit/", {"reviewers": [people.reviewer.pk], "approvers": [people.approver.pk],
                                                "review_policy": "all", "approval_policy": "any"})
    assert response.status_code == 302
    revision = document.revisions.get()
    revision.refresh_from_db()
    assert revision.state == RevisionState.IN_REVIEW

    # The approver cannot decide yet: the review comes first.
    approver = tenant_client(agency_a, people.approver)
    early = approver.post(f"/documents/revisions/{revision.pk}/decide/", {"decision": "agreed"}, HTTP_HX_REQUEST="true")
    assert early.status_code == 200
    assert "decision-form" in early.content.decode()  # the form comes back with the service's error
    assert "form-errors" in early.content.decode()

    # The reviewer agrees inline (htmx): the page is told to refresh.
    reviewer = tenant_client(agency_a, people.reviewer)
    assert 'data-testid="decision-form"' in reviewer.get(url).content.decode()
    agreed = reviewer.post(f"/documents/revisions/{revision.pk}/decide/",
                           {"decision": "agreed", "comment": "Đồng ý"}, HTTP_HX_REQUEST="true")
    assert agreed.status_code == 200 and agreed["HX-Refresh"] == "true"

    # The approver approves; the secretary publishes.
    assert approver.post(f"/documents/revisions/{revision.pk}/decide/",
                         {"decision": "agreed", "comment": "Duyệt"}).status_code == 302
    revision.refresh_from_db()
    assert revision.state == RevisionState.APPROVED
    assert 'data-testid="publish"' in secretary.get(url).content.decode()
    assert secretary.post(f"/documents/revisions/{revision.pk}/publish/",
                          {"issue_date": "2026-01-15"}).status_code == 302
    document.refresh_from_db()
    assert document.effective_revision_id == revision.pk
    assert str(document.review_due) == "2027-01-15"

    # Staff now see it, with its sign-offs.
    body = tenant_client(agency_a, people.staff).get(url).content.decode()
    assert "15/01/2026" in body and people.reviewer.display_name in body and "Duyệt" in body


def test_request_changes_needs_a_comment_and_keeps_the_form(tenant_client, agency_a, people, in_agency_a,
                                                            make_document):
    from documents import services

    document = make_document("QT-HT-02")
    revision = document.revisions.get()
    services.submit_for_review(revision, actor=people.secretary, reviewers=[people.reviewer],
                               approvers=[people.approver])
    reviewer = tenant_client(agency_a, people.reviewer)
    response = reviewer.post(f"/documents/revisions/{revision.pk}/decide/", {"decision": "changes_requested"},
                             HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Nêu rõ nội dung cần sửa đổi." in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == RevisionState.IN_REVIEW

    response = reviewer.post(f"/documents/revisions/{revision.pk}/decide/",
                             {"decision": "changes_requested", "comment": "Bổ sung mục 7 Hồ sơ cần lưu"})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.state == RevisionState.CHANGES_REQUESTED
    body = tenant_client(agency_a, people.secretary).get(f"/documents/{document.pk}/").content.decode()
    assert "Bổ sung mục 7 Hồ sơ cần lưu" in body
    assert "Việc của tôi" in body or "Dự thảo của tôi bị yêu cầu sửa đổi" in body


def test_submit_without_approver_is_refused_with_the_choice_kept(tenant_client, agency_a, people, in_agency_a,
                                                                 make_document):
    document = make_document("QT-HT-02")
    response = tenant_client(agency_a, people.secretary).post(
        f"/documents/{document.pk}/submit/", {"reviewers": [people.reviewer.pk], "review_policy": "all",
                                              "approval_policy": "any"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chọn ít nhất một người phê duyệt." in body
    assert f'value="{people.reviewer.pk}"' in body and "checked" in body
    assert document.revisions.get().state == RevisionState.DRAFT


def test_publishing_before_approval_is_refused(tenant_client, agency_a, people, in_agency_a, make_document):
    document = make_document("QT-HT-02")
    revision = document.revisions.get()
    response = tenant_client(agency_a, people.secretary).post(f"/documents/revisions/{revision.pk}/publish/",
                                                              {"issue_date": "2026-02-01"})
    assert response.status_code == 200
    assert "Chỉ phiên bản đã được phê duyệt mới được ban hành" in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == RevisionState.DRAFT


def test_a_second_revision_while_one_is_open_is_refused(tenant_client, agency_a, people, in_agency_a, publish_new):
    document = publish_new("QT-HT-01")
    client = tenant_client(agency_a, people.secretary)
    first = client.post(f"/documents/{document.pk}/revise/", {"change_summary": "Cập nhật theo Nghị định mới"})
    assert first.status_code == 302 and first["Location"] == f"/documents/{document.pk}/edit/"
    second = client.post(f"/documents/{document.pk}/revise/", {"change_summary": "Lần thứ hai"})
    assert second.status_code == 200
    assert "Tài liệu này đang có một phiên bản được soạn thảo hoặc phê duyệt." in second.content.decode()
    assert document.revisions.count() == 2


def test_withdraw_needs_a_reason(tenant_client, agency_a, people, in_agency_a, publish_new):
    document = publish_new("QT-HT-01")
    client = tenant_client(agency_a, people.secretary)
    assert "Trường này là bắt buộc" in client.post(f"/documents/{document.pk}/withdraw/", {"reason": ""}
                                                   ).content.decode()
    document.refresh_from_db()
    assert not document.withdrawn
    assert client.post(f"/documents/{document.pk}/withdraw/", {"reason": "Thay bằng QT-HT-07"}).status_code == 302
    document.refresh_from_db()
    assert document.withdrawn
    assert "QT-HT-01" not in tenant_client(agency_a, people.staff).get("/documents/").content.decode()


def test_staff_acknowledge_with_htmx_and_disappear_from_the_unread_list(tenant_client, agency_a, people,
                                                                        in_agency_a, publish_new):
    document = publish_new("QT-HT-01")
    secretary = tenant_client(agency_a, people.secretary)
    response = secretary.post(f"/documents/{document.pk}/distribution/",
                              {"users": [people.staff.pk, people.staff2.pk]})
    assert response.status_code == 302
    page = secretary.get(f"/documents/{document.pk}/distribution/").content.decode()
    assert people.staff.display_name in page and people.staff2.display_name in page

    staff = tenant_client(agency_a, people.staff)
    assert "Tôi đã đọc" in staff.get(f"/documents/{document.pk}/").content.decode()
    fragment = staff.post(f"/documents/{document.pk}/acknowledge/", HTTP_HX_REQUEST="true").content.decode()
    assert "Bạn đã đọc lần ban hành này" in fragment and "<html" not in fragment
    assert "Bạn đã đọc lần ban hành này" in staff.get(f"/documents/{document.pk}/").content.decode()

    from documents import selectors

    assert list(selectors.unread_users(document)) == [people.staff2]


def test_attachment_upload_accepts_a_docx_and_refuses_a_disguised_program(tenant_client, agency_a, people,
                                                                          in_agency_a, make_document, files):
    document = make_document("QT-HT-02")
    revision = document.revisions.get()
    client = tenant_client(agency_a, people.secretary)
    ok = client.post(f"/documents/revisions/{revision.pk}/attachments/", {"file": files.docx()},
                     HTTP_HX_REQUEST="true")
    assert ok.status_code == 200 and "quy-trinh.docx" in ok.content.decode()
    refused = client.post(f"/documents/revisions/{revision.pk}/attachments/", {"file": files.exe()},
                          HTTP_HX_REQUEST="true")
    body = refused.content.decode()
    assert refused.status_code == 200 and 'role="alert"' in body
    assert "Không được tải lên loại tệp này" in body or "nội dung thực là tệp" in body
    assert list(revision.attachments.values_list("original_name", flat=True)) == ["quy-trinh.docx"]

    attachment = revision.attachments.get()
    download = client.get(f"/documents/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"PK")
    # Staff cannot download a draft's file.
    assert tenant_client(agency_a, people.staff).get(f"/documents/attachments/{attachment.pk}/").status_code == 404


def test_starter_pack_button_imports_drafts_once(tenant_client, agency_a, people):
    client = tenant_client(agency_a, people.secretary)
    first = client.post("/documents/starter-pack/")
    assert first.status_code == 200
    body = first.content.decode()
    assert "QT-HT-01" in body and "QT-HT-06" in body and 'data-testid="starter-result"' in body
    with tenant_context(agency_a):
        created = Document.objects.count()
    assert created >= 6
    again = client.post("/documents/starter-pack/").content.decode()
    assert "0 tài liệu" in again
    with tenant_context(agency_a):
        assert Document.objects.count() == created
