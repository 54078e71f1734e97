"""The documents API end to end: a procedure from draft to published, records, history, and errors."""

from __future__ import annotations

import io

import pytest
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from documents.models import Document, RevisionState
from tests.documents.conftest import docx_bytes, exe_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


API = "/api/v1"


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, getattr(response, "data", response.content))
    return response.json() if response.get("Content-Type", "").startswith("application/json") else response


def test_procedure_from_draft_to_published_over_the_api(api_client, agency_a, people):
    secretary, reviewer, approver = (api_client(agency_a, people.secretary), api_client(agency_a, people.reviewer),
                                     api_client(agency_a, people.approver))
    created = ok(secretary.post(f"{API}/documents/", {
        "code": "QT-HT-01", "title": "Quy trình kiểm soát thông tin dạng văn bản", "kind": "system_procedure",
        "owner_unit": "Văn phòng Sở", "content": "<h2>1. Mục đích</h2><p>Kiểm soát tài liệu.</p>",
        "legal_references": [{"number": "26/2014/TT-BKHCN", "issuer": "Bộ KH&CN"}]}, format="json"), 201)
    assert created["open_revision"]["state"] == "draft" and created["effective_revision"] is None
    assert created["legal_references"][0]["number"] == "26/2014/TT-BKHCN"
    revision_id = created["open_revision"]["id"]

    attached = ok(secretary.post(f"{API}/revisions/{revision_id}/attachments/",
                                 {"file": upload("Quy trình 01.docx", docx_bytes("Sổ theo dõi tài liệu"))},
                                 format="multipart"), 201)
    assert attached["original_name"] == "Quy trình 01.docx" and attached["size"] > 0

    submitted = ok(secretary.post(f"{API}/revisions/{revision_id}/submit/", {
        "reviewers": [people.reviewer.pk], "approvers": [people.approver.pk]}, format="json"))
    assert submitted["state"] == "in_review" and submitted["current_step"] == "review"
    ok(reviewer.post(f"{API}/revisions/{revision_id}/decide/", {"decision": "agreed", "comment": "Đạt"},
                     format="json"))
    approved = ok(approver.post(f"{API}/revisions/{revision_id}/decide/", {"decision": "agreed"}, format="json"))
    assert approved["state"] == "approved" and len(approved["content_hash"]) == 64
    published = ok(secretary.post(f"{API}/revisions/{revision_id}/publish/", {"issue_date": "2025-08-04"},
                                  format="json"))
    assert published["state"] == "published" and published["issue_date"] == "2025-08-04"

    # staff find the effective edition with its sign-offs and files
    staff = api_client(agency_a, people.staff)
    listed = ok(staff.get(f"{API}/documents/"))["results"]
    assert [d["code"] for d in listed] == ["QT-HT-01"]
    detail = ok(staff.get(f"{API}/documents/{created['id']}/"))
    assert detail["effective_revision"]["edition"] == 1
    assert detail["review_due"] == "2026-08-04"
    approval = next(s for s in detail["effective_revision"]["signoffs"] if s["step"] == "approval")
    assert approval["signer_name"] == "Lê Văn Cường" and approval["signer_title"] == "Giám đốc"
    snapshot = staff.get(approval["snapshot_url"])
    assert snapshot.status_code == 200 and snapshot["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(b"".join(snapshot.streaming_content))).pages[0].extract_text()
    assert "QT-HT-01" in text
    download = staff.get(detail["effective_revision"]["attachments"][0]["download_url"])
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"] and "Quy%20tr%C3%ACnh%2001.docx" in \
        download["Content-Disposition"]
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_new_edition_edit_and_supersede(api_client, agency_a, people, publish_new, approve):
    with tenant_context(agency_a):
        document = publish_new("QT-HT-02")
    secretary = api_client(agency_a, people.secretary)
    draft = ok(secretary.post(f"{API}/revisions/", {"document": document.pk, "change_summary": "Sửa bước 2",
                                                      "change_reason": "Luật mới"}, format="json"), 201)
    assert draft["edition"] == 2 and draft["state"] == "draft"
    edited = ok(secretary.patch(f"{API}/revisions/{draft['id']}/", {"content": "<p>Bước 2 mới</p>"}, format="json"))
    assert edited["content"] == "<p>Bước 2 mới</p>"
    with tenant_context(agency_a):
        from documents.models import Revision

        approve(Revision.objects.get(pk=draft["id"]))
    ok(secretary.post(f"{API}/revisions/{draft['id']}/publish/", {}, format="json"))
    editions = ok(secretary.get(f"{API}/revisions/", {"document": document.pk}))["results"]
    assert [(r["edition"], r["state"]) for r in editions] == [(2, "published"), (1, "superseded")]
    # staff can open the earlier edition too
    staff_view = ok(api_client(agency_a, people.staff).get(f"{API}/revisions/", {"document": document.pk}))
    assert [r["edition"] for r in staff_view["results"]] == [2, 1]


def test_list_filters(api_client, agency_a, people, publish_new, make_document):
    with tenant_context(agency_a):
        publish_new("QT-HT-01", title="Quy trình đánh giá nội bộ")
        make_document("BM-01", title="Phiếu góp ý", kind="form")
    secretary = api_client(agency_a, people.secretary)
    codes = lambda **query: [d["code"] for d in ok(secretary.get(f"{API}/documents/", query))["results"]]  # noqa: E731
    assert codes(kind="form") == ["BM-01"]
    assert codes(effective="true") == ["QT-HT-01"]
    assert codes(state="draft") == ["BM-01"]
    assert codes(q="danh gia noi bo") == ["QT-HT-01"]
    assert codes(review_overdue="true") == []
    assert codes() == ["BM-01", "QT-HT-01"]
    assert [d["code"] for d in ok(api_client(agency_a, people.staff).get(f"{API}/documents/", {"state": "draft"}))[
        "results"]] == []


def test_metadata_update_and_withdraw(api_client, agency_a, people, publish_new):
    with tenant_context(agency_a):
        document = publish_new("QT-HT-03")
    secretary = api_client(agency_a, people.secretary)
    updated = ok(secretary.patch(f"{API}/documents/{document.pk}/", {
        "owner_unit": "Phòng Hành chính", "review_interval_months": 6,
        "legal_references": [{"number": "19/2014/QĐ-TTg"}]}, format="json"))
    assert updated["owner_unit"] == "Phòng Hành chính" and updated["review_interval_months"] == 6
    assert [r["number"] for r in updated["legal_references"]] == ["19/2014/QĐ-TTg"]
    withdrawn = ok(api_client(agency_a, people.approver).post(f"{API}/documents/{document.pk}/withdraw/",
                                                              {"reason": "Bãi bỏ thủ tục"}, format="json"))
    assert withdrawn["withdrawn"] and withdrawn["effective_revision"] is None
    assert ok(api_client(agency_a, people.staff).get(f"{API}/documents/"))["results"] == []


def test_distribution_acknowledgement_and_unread(api_client, agency_a, people, publish_new):
    with tenant_context(agency_a):
        document = publish_new("QT-HT-04")
    unread = ok(api_client(agency_a, people.secretary).post(
        f"{API}/documents/{document.pk}/distribute/", {"users": [people.staff.pk, people.staff2.pk]}, format="json"))
    assert {u["id"] for u in unread} == {people.staff.pk, people.staff2.pk}
    ok(api_client(agency_a, people.staff).post(f"{API}/documents/{document.pk}/acknowledge/"))
    left = ok(api_client(agency_a, people.secretary).get(f"{API}/documents/{document.pk}/unread/"))
    assert [u["name"] for u in left] == ["Huỳnh Thị Giang"]
    assert api_client(agency_a, people.staff).get(f"{API}/documents/{document.pk}/unread/").status_code == 403


def test_records_and_requirements(api_client, agency_a, people, publish_new):
    with tenant_context(agency_a):
        procedure = publish_new("QT-HT-05", title="Quy trình chứng thực bản sao")
    secretary, staff = api_client(agency_a, people.secretary), api_client(agency_a, people.staff)
    requirement = ok(secretary.post(f"{API}/record-requirements/", {
        "document": procedure.pk, "name": "Sổ chứng thực", "kept_by": "Bộ phận một cửa", "retention": "5 năm"},
        format="json"), 201)
    assert ok(staff.get(f"{API}/record-requirements/", {"document": procedure.pk}))["results"][0]["name"] == \
        "Sổ chứng thực"
    filed = ok(staff.post(f"{API}/records/", {
        "document": procedure.pk, "year": 2025, "title": "Sổ chứng thực quý 3", "field": "Chứng thực",
        "requirement": requirement["id"], "file": upload("so-quy-3.pdf", pdf_bytes())}, format="multipart"), 201)
    ok(staff.post(f"{API}/records/", {"document": procedure.pk, "year": 2024, "title": "Sổ chứng thực 2024",
                                      "field": "Chứng thực", "reference": "Kho lưu trữ, kệ B"}, format="json"), 201)
    titles = lambda **query: [r["title"] for r in ok(staff.get(f"{API}/records/", query))["results"]]  # noqa: E731
    assert titles(procedure=procedure.pk, year=2025) == ["Sổ chứng thực quý 3"]
    assert sorted(titles(field="chứng thực")) == ["Sổ chứng thực 2024", "Sổ chứng thực quý 3"]
    assert titles(q="ke b") == ["Sổ chứng thực 2024"]
    download = staff.get(filed["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    history = ok(secretary.get(f"{API}/records/{filed['id']}/history/"))
    assert history[0]["event"] == "insert" and history[0]["user_name"] == "Ngô Văn Em"


def test_history_is_for_the_agency_admin_and_history_viewers(api_client, agency_a, people, publish_new):
    with tenant_context(agency_a):
        document = publish_new("QT-HT-06")
    events = ok(api_client(agency_a, people.admin).get(f"{API}/documents/{document.pk}/history/"))
    assert {"documents.create_document", "documents.submit_for_review", "documents.decide",
            "documents.publish"} <= {e["action"] for e in events}
    assert api_client(agency_a, people.staff).get(f"{API}/documents/{document.pk}/history/").status_code == 403


# -------------------------------------------------------------------------------------- errors

def test_errors_are_in_vietnamese_by_default_and_english_on_request(api_client, agency_a, people, make_document):
    with tenant_context(agency_a):
        make_document("QT-HT-01")
    body = {"code": "QT-HT-01", "title": "Trùng mã", "kind": "system_procedure"}
    vietnamese = api_client(agency_a, people.secretary).post(f"{API}/documents/", body, format="json")
    assert vietnamese.status_code == 400
    assert vietnamese.json() == {"code": "duplicate_code",
                                 "detail": "Cơ quan đã có tài liệu mang mã hiệu QT-HT-01."}
    english = api_client(agency_a, people.secretary).post(f"{API}/documents/", body, format="json",
                                                          HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"code": "duplicate_code",
                              "detail": "A document with code QT-HT-01 already exists in this agency."}
    with tenant_context(agency_a):
        assert Document.objects.filter(code__iexact="QT-HT-01").count() == 1


def test_workflow_errors_over_the_api(api_client, agency_a, people, make_document):
    with tenant_context(agency_a):
        revision = make_document("QT-HT-01").revisions.get()
    secretary = api_client(agency_a, people.secretary)
    not_approved = secretary.post(f"{API}/revisions/{revision.pk}/publish/", {}, format="json")
    assert not_approved.status_code == 400 and not_approved.json()["code"] == "not_approved"
    assert "phê duyệt" in not_approved.json()["detail"]
    disguised = secretary.post(f"{API}/revisions/{revision.pk}/attachments/",
                               {"file": upload("quy-trinh.pdf", exe_bytes())}, format="multipart")
    assert disguised.status_code == 400 and disguised.json()["code"] == "file_type_not_allowed"
    bad_approver = secretary.post(f"{API}/revisions/{revision.pk}/submit/",
                                  {"approvers": [people.staff.pk]}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert bad_approver.json() == {"code": "approver_without_role",
                                   "detail": "Ngô Văn Em does not hold an approver role in this agency."}
    ok(secretary.post(f"{API}/revisions/{revision.pk}/submit/", {"approvers": [people.approver.pk]}, format="json"))
    not_pending = api_client(agency_a, people.reviewer).post(f"{API}/revisions/{revision.pk}/decide/",
                                                             {"decision": "agreed"}, format="json")
    assert not_pending.status_code == 400 and not_pending.json()["code"] == "not_a_pending_signer"
    frozen = secretary.patch(f"{API}/revisions/{revision.pk}/", {"content": "<p>x</p>"}, format="json")
    assert frozen.status_code == 400 and frozen.json()["code"] == "revision_frozen"
    with tenant_context(agency_a):
        revision.refresh_from_db()
        assert revision.state == RevisionState.IN_REVIEW and "x" not in revision.content


def test_roles_are_enforced_on_every_write(api_client, agency_a, people, publish_new):
    with tenant_context(agency_a):
        document = publish_new("QT-HT-01")
        revision = document.effective_revision
    staff = api_client(agency_a, people.staff)
    assert staff.post(f"{API}/documents/", {"code": "X", "title": "X", "kind": "form"}, format="json").status_code == 403
    assert staff.patch(f"{API}/documents/{document.pk}/", {"title": "X"}, format="json").status_code == 403
    assert staff.post(f"{API}/revisions/", {"document": document.pk}, format="json").status_code == 403
    assert staff.post(f"{API}/revisions/{revision.pk}/publish/", {}, format="json").status_code == 403
    assert staff.post(f"{API}/documents/{document.pk}/withdraw/", {"reason": "x"}, format="json").status_code == 403
    assert api_client(agency_a).get(f"{API}/documents/").status_code in (401, 403)


def test_staff_do_not_see_draft_forms_of_a_procedure(api_client, agency_a, people, publish_new, make_document):
    with tenant_context(agency_a):
        procedure = publish_new("QT-HT-01")
        publish_new("BM-HT-01-01", title="Phiếu đề nghị", kind="form", procedure=procedure)
        make_document("BM-HT-01-02", title="Sổ theo dõi (dự thảo)", kind="form", procedure=procedure)
    staff_view = ok(api_client(agency_a, people.staff).get(f"{API}/documents/{procedure.pk}/"))
    assert [f["code"] for f in staff_view["forms"]] == ["BM-HT-01-01"]
    secretary_view = ok(api_client(agency_a, people.secretary).get(f"{API}/documents/{procedure.pk}/"))
    assert [f["code"] for f in secretary_view["forms"]] == ["BM-HT-01-01", "BM-HT-01-02"]


def test_document_list_queries_do_not_grow_with_the_number_of_documents(api_client, agency_a, people, publish_new,
                                                                         make_document,
                                                                         django_assert_max_num_queries):
    with tenant_context(agency_a):
        for n in range(3):
            publish_new(f"QT-NB-{n:02d}")
    secretary = api_client(agency_a, people.secretary)
    with django_assert_max_num_queries(12) as few:
        assert len(ok(secretary.get(f"{API}/documents/"))["results"]) == 3
    with tenant_context(agency_a):
        for n in range(3, 12):
            make_document(f"QT-NB-{n:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(ok(secretary.get(f"{API}/documents/"))["results"]) == 12
