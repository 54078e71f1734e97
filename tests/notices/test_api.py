"""The notices over the API: the DOST writes, sends, reads the counts and the receipts, reminds; an agency
lists what it received and acknowledges; nobody reaches another province or another agency."""

from __future__ import annotations

import pytest

from .conftest import send

pytestmark = pytest.mark.django_db


def test_the_dost_writes_sends_and_follows_a_notice(world, api_client):
    client = api_client(world.dost, world.sender)
    created = client.post("/api/v1/notices/", {"kind": "inspection_plan", "title": "Kế hoạch kiểm tra ISO 2026",
                                               "body": "Sở KH&CN kiểm tra các sở bắt buộc áp dụng.",
                                               "audience": "obligation", "audience_values": ["mandatory"],
                                               "reply_by": "2026-12-20"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert client.patch(f"/api/v1/notices/{pk}/", {"title": "Kế hoạch kiểm tra năm 2026"},
                        format="json").json()["title"] == "Kế hoạch kiểm tra năm 2026"
    sent = client.post(f"/api/v1/notices/{pk}/send/")
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    again = client.post(f"/api/v1/notices/{pk}/send/")
    assert again.status_code == 400 and again.json()["code"] == "notice_not_draft"
    listed = client.get("/api/v1/notices/").json()["results"][0]
    assert (listed["acknowledged"], listed["recipients"]) == (0, 2)
    receipts = client.get(f"/api/v1/notices/{pk}/receipts/?state=pending").json()["results"]
    assert {r["agency"] for r in receipts} == {"so-tu-phap", "so-y-te"}
    assert client.post(f"/api/v1/notices/{pk}/remind/").json() == {"reminded": 2}
    assert client.post(f"/api/v1/notices/{pk}/remind/").json() == {"reminded": 0}


def test_bad_input_answers_a_code_and_a_draft_is_withdrawn(world, api_client):
    client = api_client(world.dost, world.sender)
    refused = client.post("/api/v1/notices/", {"title": "Gửi", "audience": "levels"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "notice_invalid_value"
    pk = client.post("/api/v1/notices/", {"title": "Nháp"}, format="json").json()["id"]
    assert client.post(f"/api/v1/notices/{pk}/withdraw/").json()["status"] == "withdrawn"


def test_an_agency_lists_and_acknowledges_its_notices(world, api_client):
    notice = send(world, audience="levels", values=["commune"])
    send(world, title="Chỉ gửi các sở", audience="levels", values=["department"])
    client = api_client(world.commune, world.head)  # the head acknowledges too (SIGN_FOR_AGENCY)
    listed = client.get("/api/v1/notice-receipts/").json()["results"]
    assert [r["notice"]["title"] for r in listed] == ["Quy trình mẫu mới"]
    pk = listed[0]["id"]
    done = client.post(f"/api/v1/notice-receipts/{pk}/acknowledge/", {"reply": "Đã nhận"}, format="json")
    assert done.status_code == 200 and done.json()["acknowledged_by_name"] == "Chủ tịch xã"
    again = client.post(f"/api/v1/notice-receipts/{pk}/acknowledge/", {}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "notice_already_acknowledged"
    staff = api_client(world.commune, world.staff)
    assert staff.get(f"/api/v1/notice-receipts/{pk}/").status_code == 200
    assert staff.post(f"/api/v1/notice-receipts/{pk}/acknowledge/", {}, format="json").status_code == 403
    assert notice.receipts.get().acknowledged_by == world.head


def test_walls_between_agencies_and_provinces(world, other, api_client):
    notice = send(world)
    justice_receipt = notice.receipts.get(agency=world.justice)
    commune = api_client(world.commune, world.secretary)
    assert commune.get(f"/api/v1/notice-receipts/{justice_receipt.pk}/").status_code == 404
    assert commune.post(f"/api/v1/notice-receipts/{justice_receipt.pk}/acknowledge/", {},
                        format="json").status_code == 404
    assert commune.get("/api/v1/notices/").status_code == 403  # the DOST's side
    foreign = api_client(other.dost, other.sender)
    assert foreign.get("/api/v1/notices/").json()["results"] == []
    assert foreign.get(f"/api/v1/notices/{notice.pk}/").status_code == 404
    assert foreign.get(f"/api/v1/notices/{notice.pk}/receipts/").status_code == 404
    assert foreign.post(f"/api/v1/notices/{notice.pk}/remind/").status_code == 404
    assert api_client(world.commune, other.sender).get("/api/v1/notice-receipts/").status_code == 403
    # the DOST reading an agency's site sees its inbox but cannot acknowledge for it
    supervisor = api_client(world.commune, world.keeper)
    pk = supervisor.get("/api/v1/notice-receipts/").json()["results"][0]["id"]
    assert supervisor.post(f"/api/v1/notice-receipts/{pk}/acknowledge/", {}, format="json").status_code == 403


def test_the_attachment_downloads_for_the_dost_and_the_receiving_agency_only(world, api_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tenants.utils import tenant_context

    from notices import services
    from tests.documents.conftest import pdf_bytes

    with tenant_context(world.dost):
        notice = services.create_notice(actor=world.sender, title="Kế hoạch kèm tệp", audience="levels",
                                        audience_values=["commune"],
                                        upload=SimpleUploadedFile("ke-hoach.pdf", pdf_bytes()))
        services.send(notice, actor=world.sender)
    dost = api_client(world.dost, world.sender).get(f"/api/v1/notices/{notice.pk}/attachment/")
    assert dost.status_code == 200 and b"".join(dost.streaming_content).startswith(b"%PDF")
    receipt = notice.receipts.get()
    got = api_client(world.commune, world.staff).get(f"/api/v1/notice-receipts/{receipt.pk}/attachment/")
    assert got.status_code == 200 and 'filename="ke-hoach.pdf"' in got["Content-Disposition"]
    justice = api_client(world.justice, world.justice_secretary)
    assert justice.get(f"/api/v1/notice-receipts/{receipt.pk}/attachment/").status_code == 404
