"""The public page /cong-khai/: no log-in, only what is published (no drafts, no staff names beyond the
signer), nothing of another agency, cached per agency and dropped on change; the QR code and A4 sheet."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django_tenants.utils import tenant_context

from core.public_page import cache_key

from .conftest import confirm_and_announce, docx_bytes, upload

pytestmark = pytest.mark.django_db


def _draft_with_file(make_document, people, code="QT-NB-09", title="Quy trình nội bộ đang soạn thảo"):
    from documents import services

    draft = make_document(code, kind="tthc_procedure", title=title)
    attachment = services.add_attachment(draft.revisions.get(), actor=people.secretary,
                                         uploaded_file=upload("du-thao.docx", docx_bytes("Dự thảo")))
    return draft, attachment


def test_the_public_page_shows_only_what_is_published(applied, people, agency_a, tenant_client, make_document):
    from documents import services
    from documents.models import Attachment

    confirm_and_announce(people)
    _draft, draft_file = _draft_with_file(make_document, people)
    services.start_revision(applied.procedure, actor=people.secretary, change_summary="Sửa đổi lần 2 chưa ban hành")
    response = tenant_client(agency_a).get("/cong-khai/")  # nobody logged in
    assert response.status_code == 200
    html = response.content.decode()
    assert "15/QĐ-STP" in html and "Cấp Phiếu lý lịch tư pháp cho công dân" in html  # the announcement, its scope
    assert "QT-TTHC-01" in html and "QT-HT-01" in html and "Tờ khai yêu cầu cấp Phiếu" in html  # procedures, forms
    assert "huong-dan.docx" in html and "to-khai.docx" in html
    assert "đang soạn thảo" not in html and "du-thao.docx" not in html and "Sửa đổi lần 2" not in html
    assert "Lê Văn Cường" in html  # the signer, and no other person of the agency
    for person in (people.secretary, people.reviewer, people.reviewer2, people.approver2, people.staff,
                   people.admin):
        assert person.full_name not in html
    assert "Nguyễn Thị Lan" not in html  # a committee member: the committee is not on the public page
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]

    client = tenant_client(agency_a)
    published = Attachment.objects.get(original_name="to-khai.docx")
    download = client.get(f"/cong-khai/files/{published.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"
    assert client.get(f"/cong-khai/files/{draft_file.pk}/").status_code == 404


def test_nothing_of_another_agency(applied, people, agency_a, agency_b, user_factory, tenant_client):
    from accounts.roles import Role
    from documents import services

    confirm_and_announce(people)
    with tenant_context(agency_b):
        secretary = user_factory(agency_b, Role.ISO_SECRETARY, full_name="Đoàn Văn Phúc")
        approver = user_factory(agency_b, Role.APPROVER, full_name="Mai Thị Quế")
        document = services.create_document(actor=secretary, code="QT-LD-07", kind="tthc_procedure",
                                            title="Quy trình của xã Long Đức")
        revision = document.revisions.get()
        theirs = services.add_attachment(revision, actor=secretary,
                                         uploaded_file=upload("long-duc.docx", docx_bytes("Long Đức")))
        services.submit_for_review(revision, actor=secretary, reviewers=[], approvers=[approver])
        services.publish(services.decide(revision, actor=approver, decision="agreed"), actor=secretary)
    html = tenant_client(agency_a).get("/cong-khai/").content.decode()
    assert "Long Đức" not in html and "QT-LD-07" not in html and "long-duc.docx" not in html
    assert tenant_client(agency_a).get(f"/cong-khai/files/{theirs.pk}/").status_code == 404
    theirs_page = tenant_client(agency_b).get("/cong-khai/").content.decode()
    assert "QT-LD-07" in theirs_page and "15/QĐ-STP" not in theirs_page and "QT-TTHC-01" not in theirs_page
    assert tenant_client(agency_b).get(f"/cong-khai/files/{theirs.pk}/").status_code == 200


def test_the_cached_page_is_dropped_on_change(applied, people, agency_a, tenant_client,
                                              django_capture_on_commit_callbacks):
    key = cache_key(agency_a.schema_name)
    client = tenant_client(agency_a)
    assert "15/QĐ-STP" not in client.get("/cong-khai/").content.decode()
    assert cache.get(key)  # kept for the next visitor
    with tenant_context(agency_a), django_capture_on_commit_callbacks(execute=True):
        confirm_and_announce(people)
    assert cache.get(key) is None
    assert "15/QĐ-STP" in client.get("/cong-khai/").content.decode()


def test_a_newly_effective_edition_drops_the_cached_page(applied, people, agency_a, tenant_client, publish_new,
                                                          django_capture_on_commit_callbacks):
    key = cache_key(agency_a.schema_name)
    tenant_client(agency_a).get("/cong-khai/")
    assert cache.get(key)
    with tenant_context(agency_a), django_capture_on_commit_callbacks(execute=True):
        publish_new("QT-HT-02", kind="system_procedure", title="Quy trình kiểm soát hồ sơ")
    assert cache.get(key) is None
    assert "QT-HT-02" in tenant_client(agency_a).get("/cong-khai/").content.decode()


def test_the_dost_has_no_public_page(supervisor, tenant_client):
    client = tenant_client(supervisor)
    assert client.get("/cong-khai/").status_code == 404
    assert client.get("/cong-khai/qr.svg").status_code == 404


def test_qr_code_and_the_a4_sheet(agency_a, tenant_client):
    client = tenant_client(agency_a)
    svg = client.get("/cong-khai/qr.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = client.get("/cong-khai/qr.png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    sheet = client.get("/cong-khai/a4/").content.decode()
    assert "<svg" in sheet and "size:A4" in sheet and f"http://{agency_a.slug}." in sheet
    assert "Sở Tư pháp" in sheet


def test_an_empty_agency_shows_an_empty_page(agency_a, tenant_client):
    response = tenant_client(agency_a).get("/cong-khai/")
    assert response.status_code == 200 and 'data-testid="public-empty"' in response.content.decode()
