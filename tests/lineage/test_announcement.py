"""Every successor that takes over other agencies' work has its announcement flagged outdated: after a merger
(the agency merged into), a split (each successor), a dissolution (the agency receiving the tasks). The
lineage service sends the announcement's own check by name to each successor's schema; its ISO secretary and
head are told, its announcement page says why, the DOST's dashboard shows the state. A rename (same agency,
same scope) and an event not yet in effect leave the announcement as it is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from accounts.roles import Role

from .conftest import BASIS, REFORM

pytestmark = pytest.mark.django_db
CHECK, REFRESH = "announcement.check_outdated_here", "supervision.refresh_agency_status"


@pytest.fixture
def announced(monkeypatch, dost_admin):  # noqa: F811 - the conftest's fixture
    """announced(agency): the agency announced its QMS on 2/5/2025 (before the 2025 reform)."""
    from announcement import selectors

    monkeypatch.setattr(selectors, "has_documents_in_force", lambda: True)

    def make(agency):
        from announcement.models import Announcement, Confirmation

        with tenant_context(agency):
            confirmation = Confirmation.objects.create(confirmed_on=date(2025, 5, 1), head_name="Nguyễn Văn Hải",
                                                       head_title="Chủ tịch", note="", recorded_by=dost_admin)
            Announcement.objects.create(number="12/QĐ-UBND", signed_on=date(2025, 5, 2),
                                        signer_name="Nguyễn Văn Hải", signer_title="Chủ tịch",
                                        confirmation=confirmation, scope_text="Toàn bộ", scope_tthc=[],
                                        recorded_by=dost_admin)
        return agency

    return make


@pytest.fixture
def worker(sent_tasks):
    """The worker: the announcement's check and the rollup refresh run at once in the schema sent to."""
    from announcement.services import check_outdated
    from supervision.services import refresh_current_agency_status

    sent_tasks.run[CHECK] = check_outdated
    sent_tasks.run[REFRESH] = refresh_current_agency_status
    return sent_tasks


def _record(as_dost, dost_admin, kind, pair, commune, successor, *, day=REFORM):
    from lineage import services

    common = {"effective_date": day, "legal_basis": BASIS}
    if kind == "merge":
        return as_dost(services.record_merger, dost_admin, predecessors=[a.pk for a in pair],
                       successor=successor.pk, **common)
    if kind == "split":
        return as_dost(services.record_split, dost_admin, predecessor=pair[0].pk, successors=[successor.pk],
                       new_successors=[services.NewAgency(name="UBND phường Tân Ngãi", slug="phuong-tan-ngai",
                                                          level="commune")], **common)
    if kind == "dissolve":
        district = commune("huyen-cang-long", "UBND huyện Càng Long", valid_from=date(1992, 5, 1))
        return as_dost(services.record_dissolution, dost_admin, agency=district.pk, successors=[successor.pk],
                       **common)
    return as_dost(services.record_rename, dost_admin, agency=successor.pk, new_name="UBND xã Long Đức mới",
                   effective_date=timezone.localdate(), legal_basis=BASIS)


WHY = {"merge": "được hình thành do hợp nhất UBND Phường 5, UBND xã Thanh Đức ngày 01/07/2025",
       "split": "đã tiếp nhận một phần công việc của UBND Phường 5, được chia tách ngày 01/07/2025",
       "dissolve": "đã tiếp nhận nhiệm vụ của UBND huyện Càng Long, bị giải thể ngày 01/07/2025"}


@pytest.mark.parametrize("kind", ["merge", "split", "dissolve", "rename"])
def test_each_successor_taking_over_work_is_told_to_announce_again(kind, pair, commune, as_dost, dost_admin,
                                                                  supervisor, agency_b, announced, worker,
                                                                  user_factory, tenant_client,
                                                                  django_capture_on_commit_callbacks):
    from notifications.models import Notification
    from supervision.models import AgencyStatus

    secretary = user_factory(agency_b, Role.ISO_SECRETARY, full_name="Thư ký xã Long Đức")
    head = user_factory(agency_b, Role.APPROVER, full_name="Chủ tịch xã Long Đức")
    announced(agency_b)
    with django_capture_on_commit_callbacks(execute=True):
        event = _record(as_dost, dost_admin, kind, pair, commune, agency_b)

    checked = sorted(schema for task, _args, schema in worker if task == CHECK)
    with tenant_context(agency_b):
        told = set(Notification.objects.filter(verb="announcement").values_list("recipient_id", flat=True))
    with schema_context("public"):
        state = AgencyStatus.objects.get(agency=agency_b).value("publication_state")
    page = tenant_client(agency_b, secretary).get("/announcement/").content.decode()
    if kind == "rename":  # the same agency, the same scope: nothing to announce again
        assert checked == [] and told == set() and state == "announced"
        assert "Công bố đã lỗi thời" not in page
        return
    expected = sorted(a.schema_name for a in event.successors.all())
    assert checked == expected and agency_b.schema_name in checked  # a split's new successor is checked too
    assert told == {secretary.pk, head.pk}
    assert state == "outdated"
    assert WHY[kind] in page, page[page.find("publication-reasons"):][:1500]
    drill_down = tenant_client(supervisor, dost_admin).get(f"/supervision/agencies/{agency_b.pk}/").content.decode()
    assert "Công bố đã lỗi thời: cần công bố lại" in drill_down  # the DOST's dashboard, its publication state


def test_an_event_recorded_ahead_outdates_the_announcement_on_its_day(pair, as_dost, dost_admin, agency_b,
                                                                    announced, worker,
                                                                    django_capture_on_commit_callbacks):
    from announcement import selectors, services

    announced(agency_b)
    ahead = timezone.localdate() + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        _record(as_dost, dost_admin, "merge", pair, None, agency_b, day=ahead)
    assert [schema for task, _args, schema in worker if task == CHECK] == [agency_b.schema_name]
    with tenant_context(agency_b):
        assert selectors.publication_state(agency_b).state == "announced"  # not in effect yet
        assert services.check_outdated() == 0
