"""The agency home page: what waits for the person who just logged in."""

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role


@pytest.mark.django_db
def test_a_reviewer_sees_the_pending_sign_off_on_the_home_page(agency_a, user_factory, tenant_client):
    from documents import services

    secretary = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình")
    reviewer = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Phạm Minh Dũng")
    approver = user_factory(agency_a, Role.APPROVER, full_name="Lê Văn Cường")
    with tenant_context(agency_a):
        document = services.create_document(actor=secretary, code="QT-HT-09", title="Quy trình tiếp công dân",
                                            kind="system_procedure", content="<p>Nội dung</p>")
        services.submit_for_review(document.revisions.get(), actor=secretary, reviewers=[reviewer],
                                   approvers=[approver])

    page = tenant_client(agency_a, reviewer).get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="my-tasks"' in html and "QT-HT-09" in html
    assert [s.revision.document.code for s in page.context["tasks"]["pending"]] == ["QT-HT-09"]

    # The approver's turn has not come yet: the home page says nothing waits for them.
    page = tenant_client(agency_a, approver).get("/")
    assert page.context["tasks"]["pending"] == [] and "QT-HT-09" not in page.content.decode()


@pytest.fixture
def effective_procedure(agency_a, user_factory):
    """A published system procedure whose periodic review date the test sets."""
    from documents import services

    secretary = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình")
    approver = user_factory(agency_a, Role.APPROVER, full_name="Lê Văn Cường")
    with tenant_context(agency_a):
        document = services.create_document(actor=secretary, code="QT-HT-03", title="Quy trình xem xét của lãnh đạo",
                                            kind="system_procedure", content="<p>Nội dung</p>")
        services.submit_for_review(document.revisions.get(), actor=secretary, reviewers=[], approvers=[approver])
        services.publish(services.decide(document.revisions.get(), actor=approver, decision="agreed"),
                         actor=secretary)
    return document, secretary


@pytest.mark.django_db
def test_the_dashboard_lists_what_is_overdue_and_what_falls_due_this_month(agency_a, effective_procedure,
                                                                            tenant_client):
    from datetime import timedelta

    from django.utils import timezone

    from documents.models import Document

    document, secretary = effective_procedure
    today = timezone.localdate()
    with tenant_context(agency_a):
        Document.objects.filter(pk=document.pk).update(review_due=today - timedelta(days=3))
    page = tenant_client(agency_a, secretary).get("/")
    assert [due.item.title for due in page.context["overdue"]] == ["QT-HT-03 Quy trình xem xét của lãnh đạo"]
    assert page.context["due_this_month"] == []

    with tenant_context(agency_a):
        Document.objects.filter(pk=document.pk).update(review_due=today)  # due today: not late yet
    page = tenant_client(agency_a, secretary).get("/")
    assert page.context["overdue"] == []
    assert [due.item.due_on for due in page.context["due_this_month"]] == [today]
    html = page.content.decode()
    assert 'data-testid="agenda-month"' in html and "QT-HT-03" in html

    with tenant_context(agency_a):  # next month's reviews are not this month's business
        Document.objects.filter(pk=document.pk).update(review_due=today + timedelta(days=40))
    page = tenant_client(agency_a, secretary).get("/")
    assert page.context["overdue"] == [] and page.context["due_this_month"] == []


@pytest.mark.django_db
def test_yearly_obligations_count_only_when_done_this_year(agency_a, user_factory, tenant_client):
    from datetime import date

    from django.utils import timezone

    from core import milestones

    this_year = timezone.localdate().year
    done = {"audit": date(this_year - 1, 11, 20), "committee": date(this_year - 1, 7, 15)}
    milestones.register(milestones.Milestone("test_audit", "Đánh giá nội bộ", lambda: done["audit"], yearly=True))
    milestones.register(milestones.Milestone("test_committee", "Ban chỉ đạo ISO", lambda: done["committee"]))
    try:
        staff = user_factory(agency_a, Role.STAFF)
        shown = {o.progress.milestone.key: o for o in tenant_client(agency_a, staff).get("/").context["obligations"]}
        assert shown["test_committee"].done  # once is enough
        assert not shown["test_audit"].done and shown["test_audit"].status == "overdue"  # last year's audit
        done["audit"] = date(this_year, 3, 2)
        page = tenant_client(agency_a, staff).get("/")
        shown = {o.progress.milestone.key: o for o in page.context["obligations"]}
        assert shown["test_audit"].done and 'data-milestone="test_audit"' in page.content.decode()
    finally:
        milestones.milestones.unregister("test_audit")
        milestones.milestones.unregister("test_committee")


@pytest.mark.django_db
def test_charts_are_drawn_from_the_agencys_data_with_their_figures_beneath(agency_a, user_factory, tenant_client):
    """The on-time chart appears once the agency has resolved dossiers, with the month's rate in its table."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dossiers import services as dossier_services

    secretary = user_factory(agency_a, Role.ISO_SECRETARY)
    page = tenant_client(agency_a, secretary).get("/")
    assert "dossiers.on_time_by_month" not in [item["chart"].key for item in page.context["charts"]]

    text = ("tthc_code,tthc_name,dossier_id,received,due,resolved\n"
            "1.001193,Đăng ký khai sinh,HS-01,03/08/2026 08:00,04/08/2026 17:00,04/08/2026 09:00\n"
            "1.001193,Đăng ký khai sinh,HS-02,03/08/2026 08:00,04/08/2026 17:00,06/08/2026 09:00\n")
    with tenant_context(agency_a):
        job = dossier_services.start_import(actor=secretary, queue=False,
                                            upload=SimpleUploadedFile("ho-so.csv", text.encode()))
        assert dossier_services.run_import(job.pk).status == "done"
    page = tenant_client(agency_a, secretary).get("/")
    chart = next(item for item in page.context["charts"] if item["chart"].key == "dossiers.on_time_by_month")
    assert chart["rows"] == [("08/2026", [50.0])]  # one of two resolved on time
    html = page.content.decode()
    assert f'data-chart="{chart["id"]}"' in html and f'id="{chart["id"]}"' in html
    assert "vendor/chart.js/chart.umd.min.js" in html  # served by us, no CDN
