"""The documents pages render for the right people, in Vietnamese first, and refuse everyone else."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from records import services as record_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents_a(in_agency_a, publish_new, make_document, people):
    """An effective procedure with a form and a required record, and a procedure still in draft."""

    effective = publish_new("QT-HT-01")
    record_services.add_record_requirement(effective, actor=people.secretary, name="Sổ theo dõi tài liệu",
                                    kept_by="Văn phòng", retention="5 năm")
    draft = make_document("QT-HT-02", title="Quy trình đánh giá nội bộ")
    form = make_document("BM-HT-01-01", title="Danh mục tài liệu nội bộ", kind="form", procedure=effective)
    return effective, draft, form


def page(tenant_client, agency, user, url, **extra):
    return tenant_client(agency, user).get(url, **extra)


def test_staff_list_shows_only_effective_documents(tenant_client, agency_a, people, documents_a):
    effective, draft, form = documents_a
    body = page(tenant_client, agency_a, people.staff, "/documents/").content.decode()
    assert effective.code in body
    assert draft.code not in body and form.code not in body


def test_secretary_list_shows_drafts_in_vietnamese(tenant_client, agency_a, people, documents_a):
    effective, draft, form = documents_a
    body = page(tenant_client, agency_a, people.secretary, "/documents/").content.decode()
    assert effective.code in body and draft.code in body and form.code in body
    assert "Tài liệu" in body and "Lần ban hành" in body and "Nhập bộ tài liệu mẫu" in body
    assert 'data-testid="nav-records"' in body and "Việc của tôi" in body  # sidebar links


def test_language_switch_gives_english(tenant_client, agency_a, people, documents_a):
    client = tenant_client(agency_a, people.secretary)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/documents/"})
    assert response.status_code == 302
    body = client.get("/documents/").content.decode()
    assert "Import the starter document set" in body and "Review due" in body
    assert "Nhập bộ tài liệu mẫu" not in body


def test_detail_shows_the_effective_edition_with_header_signoffs_and_records(tenant_client, agency_a, people,
                                                                             documents_a):
    effective, _draft, form = documents_a
    body = page(tenant_client, agency_a, people.staff, f"/documents/{effective.pk}/").content.decode()
    assert "Lần ban hành" in body and "Ngày ban hành" in body and "Mã hiệu" in body
    assert "Trần Thị Bình" in body and "Phạm Minh Dũng" in body and "Lê Văn Cường" in body
    assert "Soạn thảo" in body and "Xem xét" in body and "Phê duyệt" in body
    assert "Sổ theo dõi tài liệu" in body and "5 năm" in body
    assert "Mục đích" in body
    assert form.code not in body  # the form is still a draft: staff do not see it listed
    # Staff get no editing or publishing buttons.
    assert "/edit/" not in body and "/distribution/" not in body and "/history/" not in body


def test_secretary_sees_the_form_of_the_procedure_and_her_buttons(tenant_client, agency_a, people, documents_a):
    effective, _draft, form = documents_a
    body = page(tenant_client, agency_a, people.secretary, f"/documents/{effective.pk}/").content.decode()
    assert form.code in body
    assert f"/documents/{effective.pk}/edit/" in body
    assert f"/documents/{effective.pk}/distribution/" in body
    assert f"/documents/{effective.pk}/history/" in body
    assert f"/documents/{effective.pk}/revise/" in body  # start a new revision


def test_staff_cannot_open_a_document_that_was_never_issued(tenant_client, agency_a, people, documents_a):
    _effective, draft, _form = documents_a
    assert page(tenant_client, agency_a, people.staff, f"/documents/{draft.pk}/").status_code == 404
    assert page(tenant_client, agency_a, people.staff, f"/documents/{draft.pk}/editions/1/").status_code == 404
    assert page(tenant_client, agency_a, people.staff, f"/documents/{draft.pk}/print.pdf").status_code == 404


@pytest.mark.parametrize("path", ["/documents/new/", "/documents/starter-pack/", "/documents/{effective}/edit/",
                                  "/documents/{draft}/submit/", "/documents/{effective}/distribution/",
                                  "/documents/{effective}/history/", "/documents/{effective}/unread.xlsx"])
def test_staff_get_403_on_pages_for_secretaries(tenant_client, agency_a, people, documents_a, path):
    effective, draft, _form = documents_a
    url = path.format(effective=effective.pk, draft=draft.pk)
    assert page(tenant_client, agency_a, people.staff, url).status_code == 403


@pytest.mark.parametrize("path", ["/documents/{effective}/revise/", "/documents/{effective}/withdraw/",
                                  "/documents/{effective}/requirements/"])
def test_staff_get_403_on_changes(tenant_client, agency_a, people, documents_a, path):
    effective, _draft, _form = documents_a
    url = path.format(effective=effective.pk)
    response = tenant_client(agency_a, people.staff).post(url, {"reason": "x", "change_summary": "x", "name": "x"})
    assert response.status_code == 403


def test_agency_admin_sees_history_but_cannot_publish(tenant_client, agency_a, people, documents_a):
    effective, _draft, _form = documents_a
    client = tenant_client(agency_a, people.admin)
    history = client.get(f"/documents/{effective.pk}/history/")
    assert history.status_code == 200
    body = history.content.decode()
    assert "Trần Thị Bình" in body and "Ban hành" in body  # who published it
    assert client.get(f"/documents/{effective.pk}/distribution/").status_code == 403


@pytest.mark.parametrize("path", ["/documents/", "/documents/new/", "/documents/records/", "/documents/tasks/",
                                  "/documents/records/export.xlsx", "/documents/export.csv",
                                  "/documents/{effective}/", "/documents/{effective}/print.pdf"])
def test_members_of_another_agency_get_403(tenant_client, agency_a, agency_b, user_factory, documents_a, path):
    effective, _draft, _form = documents_a
    outsider = user_factory(agency_b, Role.ISO_SECRETARY)
    url = path.format(effective=effective.pk)
    assert page(tenant_client, agency_a, outsider, url).status_code == 403


def test_another_agency_site_does_not_show_this_agencys_document(tenant_client, agency_a, agency_b, user_factory,
                                                                 documents_a):
    effective, _draft, _form = documents_a
    member_b = user_factory(agency_b, Role.ISO_SECRETARY)
    client = tenant_client(agency_b, member_b)
    assert effective.code not in client.get("/documents/").content.decode()
    assert client.get(f"/documents/{effective.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(tenant_client, agency_a, documents_a):
    response = tenant_client(agency_a).get("/documents/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_supervisor_of_the_province_reads_but_cannot_write(tenant_client, agency_a, supervisor, user_factory,
                                                           documents_a):
    effective, _draft, _form = documents_a
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR)
    client = tenant_client(agency_a, inspector)
    assert client.get("/documents/").status_code == 200
    assert client.get(f"/documents/{effective.pk}/").status_code == 200
    assert client.get("/documents/new/").status_code == 403


def test_every_page_renders_for_the_secretary(tenant_client, agency_a, people, documents_a):
    effective, draft, _form = documents_a
    client = tenant_client(agency_a, people.secretary)
    for path in ["/documents/", "/documents/new/", f"/documents/{effective.pk}/", f"/documents/{draft.pk}/",
                 f"/documents/{draft.pk}/edit/", f"/documents/{draft.pk}/submit/",
                 f"/documents/{effective.pk}/edit/", f"/documents/{effective.pk}/distribution/",
                 f"/documents/{effective.pk}/history/", f"/documents/{effective.pk}/editions/1/",
                 "/documents/records/", "/documents/records/new/", "/documents/tasks/", "/documents/starter-pack/"]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)


def test_content_is_sanitised_on_display(tenant_client, agency_a, people, in_agency_a, make_document):
    document = make_document("QT-XSS-01", content='<p onclick="steal()">Mục đích</p><script>alert(1)</script>')
    body = page(tenant_client, agency_a, people.secretary, f"/documents/{document.pk}/").content.decode()
    assert "Mục đích" in body
    assert "<script>alert(1)" not in body and "steal()" not in body


def test_search_as_you_type_returns_only_the_results_fragment(tenant_client, agency_a, people, documents_a):
    _effective, draft, _form = documents_a
    response = page(tenant_client, agency_a, people.secretary, "/documents/?q=danh+gia+noi+bo",
                    HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body  # a fragment for htmx
    assert draft.code in body and "QT-HT-01" not in body


def test_my_tasks_lists_what_waits_for_the_reviewer(tenant_client, agency_a, people, in_agency_a, make_document):
    from documents import services

    document = make_document("QT-HT-05", title="Quy trình quản lý rủi ro và cơ hội")
    services.submit_for_review(document.revisions.get(), actor=people.secretary, reviewers=[people.reviewer],
                               approvers=[people.approver])
    reviewer_tasks = page(tenant_client, agency_a, people.reviewer, "/documents/tasks/").content.decode()
    assert "QT-HT-05" in reviewer_tasks
    # The approver's turn comes after the review: not yet in his tasks.
    approver_tasks = page(tenant_client, agency_a, people.approver, "/documents/tasks/").content.decode()
    assert "QT-HT-05" not in approver_tasks
