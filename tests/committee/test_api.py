"""The committee over the API: decisions and members, appoint, change a role, remove."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from committee.models import CommitteeMember

pytestmark = pytest.mark.django_db


def test_the_api_keeps_the_committee(api_client, agency_a, people, established):
    decision, head, secretary, member = established
    client = api_client(agency_a, people.secretary)
    listed = client.get("/api/v1/committee/members/?current=true").json()
    assert {row["name"] for row in listed["results"]} == {"Lê Văn Cường", "Trần Thị Bình", "Nguyễn Thị Lan"}
    created = client.post("/api/v1/committee/decisions/", {
        "number": "210/QĐ-STP", "signed_on": "2026-01-05", "signer": "Lê Văn Cường",
        "title": "Kiện toàn Ban chỉ đạo ISO", "kind": "changes"}, format="json")
    assert created.status_code == 201, created.content
    change = created.json()["id"]
    refused = client.post("/api/v1/committee/members/", {"decision": change, "role": "head", "name": "Phạm Văn Tư"},
                          format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "committee_has_head"
    appointed = client.post("/api/v1/committee/members/", {"decision": change, "role": "member",
                                                           "name": "Phạm Văn Tư"}, format="json")
    assert appointed.status_code == 201 and appointed.json()["role_label"]
    promoted = client.patch(f"/api/v1/committee/members/{secretary.pk}/", {"decision": change, "role": "deputy"},
                            format="json")
    assert promoted.status_code == 200 and promoted.json()["role"] == "deputy" and promoted.json()["current"]
    removed = client.post(f"/api/v1/committee/members/{member.pk}/remove/", {"decision": change}, format="json")
    assert removed.status_code == 200 and removed.json()["left_on"] == "2026-01-05"
    with tenant_context(agency_a):
        assert CommitteeMember.objects.count() == 5 and CommitteeMember.objects.filter(left_on=None).count() == 3


def test_staff_read_but_may_not_appoint(api_client, agency_a, people, established):
    client = api_client(agency_a, people.staff)
    assert client.get("/api/v1/committee/decisions/").json()["count"] == 1
    response = client.post("/api/v1/committee/members/", {"decision": established[0].pk, "role": "member",
                                                          "name": "Ai đó"}, format="json")
    assert response.status_code == 403


def test_a_member_history_says_who_appointed_and_removed(api_client, agency_a, people, established):
    decision, _head, _secretary, member = established
    client = api_client(agency_a, people.secretary)
    assert client.post(f"/api/v1/committee/members/{member.pk}/remove/", {"decision": decision.pk},
                       format="json").status_code == 200
    events = client.get(f"/api/v1/committee/members/{member.pk}/history/").json()
    assert [(e["event"], e["action"]) for e in events] == [("insert", "committee.appoint_member"),
                                                          ("update", "committee.remove_member")]
    assert api_client(agency_a, people.staff).get(f"/api/v1/committee/members/{member.pk}/history/").status_code == 403


def test_the_signed_decision_is_kept_downloaded_and_printed(agency_a, api_client, people):
    """Upload the scan of the signed decision, download it back, print the decision's form as PDF and DOCX."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tenants.utils import tenant_context

    from committee import services
    from tests.documents.conftest import pdf_bytes

    secretary = people.secretary
    with tenant_context(agency_a):
        decision = services.record_decision(actor=secretary, number="125/QĐ-STP", signed_on="2025-07-15",
                                            signer="Lê Văn Cường", title="Thành lập Ban chỉ đạo ISO",
                                            kind="establishes")
        services.appoint_member(actor=secretary, decision=decision, role="head", user=people.approver)
    client = api_client(agency_a, secretary)
    base = f"/api/v1/committee/decisions/{decision.pk}"
    assert client.get(f"{base}/signed-file/").status_code == 404  # nothing kept yet
    scan = SimpleUploadedFile("QD 125.pdf", pdf_bytes(), content_type="application/pdf")
    answer = client.post(f"{base}/attach-signed-file/", {"file": scan}, format="multipart")
    assert answer.status_code == 200, answer.content
    assert answer.json()["has_signed_file"] is True and answer.json()["signed_file_name"] == "QD 125.pdf"
    download = client.get(f"{base}/signed-file/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")

    fake = SimpleUploadedFile("QD 125.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post(f"{base}/attach-signed-file/", {"file": fake}, format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "file_type_not_allowed"

    staff = api_client(agency_a, people.staff)
    assert staff.post(f"{base}/attach-signed-file/", {"file": scan}, format="multipart").status_code == 403
    pdf = staff.get(f"{base}/paper/?fmt=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "125/QĐ-STP" in text and "Ban chỉ đạo ISO" in text and "Lê Văn Cường" in text
    docx = staff.get(f"{base}/paper/?fmt=docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert staff.get(f"{base}/paper/?fmt=odt").status_code == 404
