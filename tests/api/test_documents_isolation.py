"""No agency sees another's documents or files, whatever id or URL is tried; supervisors read, never write."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.roles import Role
from documents import services
from documents.models import Attachment, Document
from records import services as record_services
from tests.documents.conftest import docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


API = "/api/v1"


@pytest.fixture
def commune_document(agency_b, user_factory):
    """UBND xã Long Đức's own effective procedure, with an attached file and a filed record."""
    secretary = user_factory(agency_b, Role.ISO_SECRETARY, full_name="Thư ký xã")
    chairman = user_factory(agency_b, Role.APPROVER, full_name="Chủ tịch UBND xã", job_title="Chủ tịch")
    with tenant_context(agency_b):
        document = services.create_document(actor=secretary, code="QT-XA-01", kind="tthc_procedure",
                                            title="Quy trình đăng ký khai tử", content="<p>Nội dung của xã</p>")
        revision = document.revisions.get()
        attachment = services.add_attachment(revision, actor=secretary,
                                             uploaded_file=upload("khai-tu.docx", docx_bytes("Bí mật của xã")))
        services.submit_for_review(revision, actor=secretary, reviewers=[], approvers=[chairman])
        services.publish(services.decide(revision, actor=chairman, decision="agreed"), actor=secretary)
        record = record_services.file_record(actor=secretary, document=document, year=2025, title="Sổ khai tử 2025",
                                      uploaded_file=upload("so-khai-tu.pdf", pdf_bytes()))
        signoff = revision.signoffs.get(step="approval")
    return {"document": document, "revision": revision, "attachment": attachment, "record": record,
            "signoff": signoff, "secretary": secretary}


def _token(user, agency) -> str:
    from accounts.models import ApiToken

    return ApiToken.objects.create(user, agency=agency)[1]


def test_a_token_of_agency_a_opens_nothing_of_agency_b(api_client, agency_a, agency_b, people, commune_document):
    b = commune_document
    token = _token(people.secretary, agency_a)
    on_b = api_client(agency_b, token=token)
    for url in (f"{API}/documents/", f"{API}/documents/{b['document'].pk}/", f"{API}/revisions/",
                f"{API}/revisions/{b['revision'].pk}/", f"{API}/attachments/{b['attachment'].pk}/download/",
                f"{API}/records/", f"{API}/records/{b['record'].pk}/download/",
                f"{API}/revisions/{b['revision'].pk}/signoffs/{b['signoff'].pk}/snapshot/",
                f"{API}/documents/{b['document'].pk}/history/"):
        assert on_b.get(url).status_code == 403, url  # A's token is no token on B's site
    assert on_b.patch(f"{API}/documents/{b['document'].pk}/", {"title": "Đã sửa"}, format="json").status_code == 403
    assert on_b.post(f"{API}/documents/{b['document'].pk}/withdraw/", {"reason": "x"},
                     format="json").status_code == 403
    assert on_b.post(f"{API}/revisions/", {"document": b["document"].pk}, format="json").status_code == 403
    assert on_b.get(f"{API}/documents/").json()["detail"] in ("Invalid token.", "Mã xác thực không hợp lệ.")
    with tenant_context(agency_b):
        document = Document.objects.get(pk=b["document"].pk)
        assert document.title == "Quy trình đăng ký khai tử" and not document.withdrawn


def test_guessing_ids_of_agency_b_on_agency_a_finds_nothing(api_client, agency_a, people, commune_document):
    """Same ids, own subdomain: the ids are looked up in agency A's schema, where B's rows do not exist."""
    b = commune_document
    with tenant_context(agency_a):
        assert not Document.objects.exists() and not Attachment.objects.exists()
    on_a = api_client(agency_a, token=_token(people.secretary, agency_a))
    for url in (f"{API}/documents/{b['document'].pk}/", f"{API}/revisions/{b['revision'].pk}/",
                f"{API}/attachments/{b['attachment'].pk}/", f"{API}/attachments/{b['attachment'].pk}/download/",
                f"{API}/records/{b['record'].pk}/", f"{API}/records/{b['record'].pk}/download/",
                f"{API}/revisions/{b['revision'].pk}/signoffs/{b['signoff'].pk}/snapshot/"):
        assert on_a.get(url).status_code == 404, url
    assert on_a.get(f"{API}/documents/").json()["results"] == []
    assert on_a.get(f"{API}/records/").json()["results"] == []
    assert on_a.patch(f"{API}/documents/{b['document'].pk}/", {"title": "x"}, format="json").status_code == 404
    assert on_a.post(f"{API}/revisions/", {"document": b["document"].pk}, format="json").status_code == 404


def test_files_live_in_their_agency_folder_and_are_not_served_elsewhere(api_client, agency_a, agency_b, people,
                                                                       commune_document, files):
    b = commune_document
    with tenant_context(agency_a):
        document = services.create_document(actor=people.secretary, code="QT-HT-01", kind="system_procedure",
                                            title="Kiểm soát tài liệu", content="<p>Sở</p>")
        mine = services.add_attachment(document.revisions.get(), actor=people.secretary, uploaded_file=files.docx())
    assert mine.file.name.startswith("so_tu_phap/documents/")
    assert b["attachment"].file.name.startswith("xa_long_duc/documents/")
    assert b["record"].file.name.startswith("xa_long_duc/records/")
    assert b["signoff"].snapshot_pdf.name.startswith("xa_long_duc/signoffs/")
    # A's file through B's subdomain, by a member of B: B's schema has no such attachment
    b_member = api_client(agency_b, b["secretary"])
    response = b_member.get(f"{API}/attachments/{mine.pk}/download/")
    if response.status_code == 200:  # B happens to have an attachment with that id: then it is B's own file
        import hashlib

        served = hashlib.sha256(b"".join(response.streaming_content)).hexdigest()
        assert served != mine.sha256 and served == b["attachment"].sha256
    else:
        assert response.status_code == 404
    # and storage paths are never served as URLs, on either subdomain
    for agency in (agency_a, agency_b):
        response = Client(HTTP_HOST=f"{agency.slug}.localhost").get(f"/media/{mine.file.name}")
        assert response.status_code == 404
    # B's own member downloads B's file through B's API
    own = b_member.get(f"{API}/attachments/{b['attachment'].pk}/download/")
    assert own.status_code == 200 and b"".join(own.streaming_content)[:2] == b"PK"


def test_supervisor_inspector_reads_but_cannot_change(api_client, agency_a, supervisor, user_factory, people,
                                                      publish_new, make_document):
    with tenant_context(agency_a):
        effective = publish_new("QT-HT-01")
        draft = make_document("QT-HT-02")
        revision = draft.revisions.get()
    inspector = api_client(agency_a, token=_token(user_factory(supervisor, Role.SUPERVISOR_INSPECTOR,
                                                                full_name="Thanh tra viên Sở KH&CN"), agency_a))
    codes = [d["code"] for d in inspector.get(f"{API}/documents/").json()["results"]]
    assert codes == ["QT-HT-01", "QT-HT-02"]
    assert inspector.get(f"{API}/documents/{effective.pk}/").status_code == 200
    assert inspector.get(f"{API}/revisions/{revision.pk}/").status_code == 200
    writes = [
        inspector.post(f"{API}/documents/", {"code": "X-01", "title": "X", "kind": "form"}, format="json"),
        inspector.patch(f"{API}/documents/{draft.pk}/", {"title": "Sửa"}, format="json"),
        inspector.patch(f"{API}/revisions/{revision.pk}/", {"content": "<p>Sửa</p>"}, format="json"),
        inspector.post(f"{API}/revisions/{revision.pk}/submit/", {"approvers": [people.approver.pk]}, format="json"),
        inspector.post(f"{API}/revisions/{revision.pk}/attachments/", {"file": upload("a.pdf", pdf_bytes())},
                       format="multipart"),
        inspector.post(f"{API}/revisions/", {"document": effective.pk}, format="json"),
        inspector.post(f"{API}/documents/{effective.pk}/withdraw/", {"reason": "x"}, format="json"),
        inspector.post(f"{API}/documents/{effective.pk}/distribute/", {"users": [people.staff.pk]}, format="json"),
        inspector.post(f"{API}/records/", {"document": effective.pk, "year": 2025, "title": "x", "reference": "y"},
                       format="json"),
        inspector.post(f"{API}/record-requirements/", {"document": effective.pk, "name": "x"}, format="json"),
    ]
    assert [w.status_code for w in writes] == [403] * len(writes)
    with tenant_context(agency_a):
        draft.refresh_from_db()
        assert draft.title == "Quy trình kiểm soát thông tin dạng văn bản"
        assert Document.objects.count() == 2


def test_staff_cannot_reach_drafts_by_id(api_client, agency_a, people, make_document, files):
    with tenant_context(agency_a):
        draft = make_document("QT-HT-01")
        revision = draft.revisions.get()
        attachment = services.add_attachment(revision, actor=people.secretary, uploaded_file=files.pdf())
    staff = api_client(agency_a, people.staff)
    assert staff.get(f"{API}/documents/{draft.pk}/").status_code == 404
    assert staff.get(f"{API}/revisions/{revision.pk}/").status_code == 404
    assert staff.get(f"{API}/attachments/{attachment.pk}/download/").status_code == 404
