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
