"""Leaks found in review: staff reaching unissued editions through a printout, a list or the records API, and
an editor naming a person of another agency as a document's owner."""

from __future__ import annotations

import csv
import io

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role
from documents import selectors, services
from records import services as record_services
from tests.documents.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db


API = "/api/v1"
DRAFT_SUMMARY = "Bổ sung bước thẩm định chưa ban hành"


@pytest.fixture
def effective_with_draft(agency_a, people, publish_new):
    """QT-HT-01 edition 1 is effective; edition 2 is a draft only its makers should know about."""
    with tenant_context(agency_a):
        document = publish_new("QT-HT-01")
        services.start_revision(document, actor=people.secretary, change_summary=DRAFT_SUMMARY,
                                change_reason="Theo góp ý nội bộ")
    return document


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_revision_log_pdf_shows_staff_only_issued_editions(tenant_client, agency_a, people, effective_with_draft):
    url = f"/documents/{effective_with_draft.pk}/revision-log.pdf"
    staff_text = _pdf_text(tenant_client(agency_a, people.staff).get(url).content)
    assert "QT-HT-01" in staff_text
    assert DRAFT_SUMMARY not in staff_text and "Dự thảo" not in staff_text
    secretary_text = _pdf_text(tenant_client(agency_a, people.secretary).get(url).content)
    assert DRAFT_SUMMARY in secretary_text


def test_document_list_and_export_do_not_reveal_open_editions_to_staff(tenant_client, agency_a, people,
                                                                       effective_with_draft):
    staff = tenant_client(agency_a, people.staff)
    page = staff.get("/documents/").content.decode()
    assert "QT-HT-01" in page and "state-draft" not in page
    assert "QT-HT-01" not in staff.get("/documents/?state=draft").content.decode()
    rows = list(csv.reader(io.StringIO(staff.get("/documents/export.csv").content.decode("utf-8")[1:])))
    assert [row[0] for row in rows[1:]] == ["QT-HT-01"]
    assert "2" not in rows[1][6]  # the state column names no edition being made
    drafts = list(csv.reader(io.StringIO(staff.get("/documents/export.csv?state=draft").content.decode()[1:])))
    assert drafts[1:] == []
    # The secretary still sees the draft next to the effective edition.
    assert "state-draft" in tenant_client(agency_a, people.secretary).get("/documents/").content.decode()


def test_records_api_hides_records_of_unissued_procedures_from_staff(api_client, agency_a, people, make_document,
                                                                     publish_new):
    with tenant_context(agency_a):
        draft = make_document("QT-HT-09", title="Quy trình chưa ban hành")
        hidden = record_services.file_record(actor=people.secretary, document=draft, year=2025, title="Hồ sơ thử nghiệm",
                                      uploaded_file=upload("thu-nghiem.pdf", pdf_bytes()))
        issued = publish_new("QT-HT-10")
        shown = record_services.file_record(actor=people.secretary, document=issued, year=2025, title="Sổ theo dõi",
                                     reference="Tủ hồ sơ số 2")
    staff = api_client(agency_a, people.staff)
    listed = [row["id"] for row in staff.get(f"{API}/records/").json()["results"]]
    assert shown.pk in listed and hidden.pk not in listed
    assert staff.get(f"{API}/records/{hidden.pk}/").status_code == 404
    assert staff.get(f"{API}/records/{hidden.pk}/download/").status_code == 404
    secretary = api_client(agency_a, people.secretary)
    assert hidden.pk in [row["id"] for row in secretary.get(f"{API}/records/").json()["results"]]


def test_owner_must_be_a_member_of_the_agency(api_client, agency_a, agency_b, people, user_factory, publish_new):
    outsider = user_factory(agency_b, Role.STAFF, full_name="Cán bộ xã khác", job_title="Công chức xã")
    secretary = api_client(agency_a, people.secretary)
    created = secretary.post(f"{API}/documents/", {"code": "QT-HT-20", "title": "Quy trình thử",
                                                   "kind": "internal_procedure", "owner": outsider.pk},
                             format="json")
    assert created.status_code == 400, created.content
    assert created.json()["code"] == "owner_not_a_member"
    assert "Cán bộ xã khác" not in created.content.decode("utf-8")
    with tenant_context(agency_a):
        document = publish_new("QT-HT-21")
    changed = secretary.patch(f"{API}/documents/{document.pk}/", {"owner": outsider.pk}, format="json")
    assert changed.status_code == 400 and changed.json()["code"] == "owner_not_a_member"
    member = secretary.patch(f"{API}/documents/{document.pk}/", {"owner": people.staff.pk}, format="json")
    assert member.status_code == 200 and member.json()["owner"]["id"] == people.staff.pk


def test_pickers_never_name_a_person_of_another_agency(api_client, agency_a, agency_b, people, user_factory,
                                                       make_document, publish_new):
    """Reviewers, approvers and distribution lists take members of this agency only; any other id, a
    stranger's or no one's, gets the same neutral answer (so ids do not reveal who exists elsewhere)."""
    stranger = user_factory(agency_b, Role.APPROVER, full_name="Chủ tịch xã khác")
    with tenant_context(agency_a):
        revision = make_document("QT-HT-30").revisions.get()
        issued = publish_new("QT-HT-31")
    secretary = api_client(agency_a, people.secretary)
    neutral = ["One of the chosen people is not a member of this agency."]
    answers = {
        "approver": secretary.post(f"{API}/revisions/{revision.pk}/submit/", {"approvers": [stranger.pk]},
                                   format="json", HTTP_ACCEPT_LANGUAGE="en"),
        "reviewer": secretary.post(f"{API}/revisions/{revision.pk}/submit/",
                                   {"reviewers": [people.reviewer.pk, stranger.pk],
                                    "approvers": [people.approver.pk]}, format="json", HTTP_ACCEPT_LANGUAGE="en"),
        "distribute": secretary.post(f"{API}/documents/{issued.pk}/distribute/",
                                     {"users": [people.staff.pk, stranger.pk]}, format="json",
                                     HTTP_ACCEPT_LANGUAGE="en"),
        "no one": secretary.post(f"{API}/documents/{issued.pk}/distribute/", {"users": [999999]}, format="json",
                                 HTTP_ACCEPT_LANGUAGE="en"),
    }
    for what, response in answers.items():
        assert response.status_code == 400, what
        assert "Chủ tịch xã khác" not in response.content.decode("utf-8"), what
        assert neutral in response.json().values(), (what, response.json())
    with tenant_context(agency_a):
        revision.refresh_from_db()
        assert revision.state == "draft"
        assert not selectors.unread_users(issued).exists()
    vietnamese = secretary.post(f"{API}/revisions/{revision.pk}/submit/", {"approvers": [stranger.pk]},
                                format="json")
    assert vietnamese.json() == {"approvers": ["Một trong những người được chọn không phải thành viên của cơ quan này."]}
