"""The announcement page and forms, the printed decision, and the API (state, confirmations, announcements)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from announcement.models import Announcement, Confirmation

from .conftest import confirm_and_announce, docx_bytes, upload

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_state_its_reasons_and_the_history(applied, people, agency_a, tenant_client):
    confirm_and_announce(people)
    response = tenant_client(agency_a, people.staff).get("/announcement/")
    html = response.content.decode()
    assert response.status_code == 200 and 'data-state="announced"' in html and "15/QĐ-STP" in html
    assert 'data-testid="confirm-form"' not in html  # staff read; they do not sign
    assert 'data-testid="announcement-change-history"' not in html  # nor read the history
    history = tenant_client(agency_a, people.secretary).get("/announcement/").content.decode()
    assert 'data-testid="announcement-change-history"' in history and "announcement.announce" in history


def test_the_head_confirms_then_announces_on_the_page(applied, people, agency_a, tenant_client):
    client = tenant_client(agency_a, people.approver)
    page = client.get("/announcement/").content.decode()
    assert 'data-state="applied"' in page and 'data-testid="confirm-form"' in page
    today = timezone.localdate().isoformat()
    response = client.post("/announcement/confirm/", {"confirmed_on": today, "head_name": "Lê Văn Cường",
                                                      "head_title": "Giám đốc"})
    assert response.status_code == 302 and Confirmation.objects.count() == 1
    assert 'data-testid="announce-form"' in client.get("/announcement/").content.decode()
    refused = client.post("/announcement/new/", {"number": "", "signed_on": today, "signer_name": "Lê Văn Cường",
                                                 "signer_title": "Giám đốc"})
    assert refused.status_code == 400 and not Announcement.objects.exists()
    response = client.post("/announcement/new/", {
        "number": "15/QĐ-STP", "signed_on": today, "signer_name": "Lê Văn Cường", "signer_title": "Giám đốc",
        "scope_text": "Tiếp nhận và giải quyết TTHC thuộc lĩnh vực lý lịch tư pháp",
        "uploaded_file": upload("quyet-dinh.docx", docx_bytes("Quyết định công bố"))})
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.original_name == "quyet-dinh.docx" and announcement.tthc_codes == ["2.000488"]
    signed = client.get(f"/announcement/{announcement.pk}/file/")
    assert signed.status_code == 200
    pdf = client.get(f"/announcement/{announcement.pk}/print.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    docx = client.get(f"/announcement/{announcement.pk}/print.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_staff_cannot_post_the_head_s_forms(applied, people, agency_a, tenant_client):
    client = tenant_client(agency_a, people.secretary)
    response = client.post("/announcement/confirm/", {"confirmed_on": timezone.localdate().isoformat(),
                                                      "head_name": "Trần Thị Bình"})
    assert response.status_code == 403 and not Confirmation.objects.exists()


def test_the_api_gives_the_state_and_takes_the_head_s_signature(applied, people, agency_a, api_client):
    reader = api_client(agency_a, people.staff)
    state = reader.get("/api/v1/announcement/state/").json()
    assert state["state"] == "applied" and state["announcement"] is None
    assert {m["key"] for m in state["milestones"]} == {"documents_in_force", "committee_established"}
    today = timezone.localdate().isoformat()
    assert reader.post("/api/v1/announcement/confirmations/", {"confirmed_on": today, "head_name": "X"},
                       format="json").status_code == 403
    head = api_client(agency_a, people.approver)
    early = head.post("/api/v1/announcement/announcements/", {
        "number": "15/QĐ-STP", "signed_on": today, "signer_name": "Lê Văn Cường", "signer_title": "Giám đốc"},
        format="json")
    assert early.status_code == 400 and early.json()["code"] == "announcement_not_confirmed"
    confirmed = head.post("/api/v1/announcement/confirmations/", {"confirmed_on": today, "head_name": "Lê Văn Cường"},
                          format="json")
    assert confirmed.status_code == 201
    created = head.post("/api/v1/announcement/announcements/", {
        "number": "15/QĐ-STP", "signed_on": today, "signer_name": "Lê Văn Cường", "signer_title": "Giám đốc"},
        format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["scope_tthc"] == [{"code": "2.000488", "name": "Cấp Phiếu lý lịch tư pháp cho công dân"}]
    assert body["confirmation"] == confirmed.json()["id"] and body["has_file"] is False
    state = reader.get("/api/v1/announcement/state/").json()
    assert state["state"] == "announced" and state["announced_on"] == today
    listed = reader.get("/api/v1/announcement/announcements/").json()
    assert [row["number"] for row in listed["results"]] == ["15/QĐ-STP"]
