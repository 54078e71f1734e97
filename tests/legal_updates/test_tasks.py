"""Update tasks: three months after a legal document takes effect, in every agency it affects; a document
effective later opens nothing until then; opening twice opens nothing new; publishing closes."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from core.errors import DomainError
from legal import services as register_services
from legal_updates import selectors, services
from legal_updates.models import UpdateTask

pytestmark = pytest.mark.django_db

ISSUED = date(2026, 11, 2)  # the procedures' first editions
EFFECTIVE = date(2026, 11, 30)  # after them: they must be revised by 28/02/2027 (end of a shorter month)
DUE = date(2027, 2, 28)


def _tasks(agency) -> list[tuple]:
    with tenant_context(agency):
        return sorted((t.document.code if t.document else None, t.tthc_code, t.effective_on, t.due_on,
                       t.closed_on) for t in UpdateTask.objects.select_related("document"))


@pytest.fixture
def three_agencies(agencies, shared_tthc, publish_procedure):
    """Two agencies with a procedure for the shared TTHC (issued before the law), one without any."""
    with tenant_context(agencies.so_tu_phap):
        tu_phap = publish_procedure("so_tu_phap", "QT-CT-01", [shared_tthc.code, "1.001193"], ISSUED)
    with tenant_context(agencies.so_y_te):
        y_te = publish_procedure("so_y_te", "QT-YT-07", [shared_tthc.code], ISSUED)
    return tu_phap, y_te


def _decree(keeper, shared_tthc, effective_on=EFFECTIVE, number="07/2026/NĐ-CP"):
    return register_services.create_legal_document(
        actor=keeper, number=number, kind="decree", title="Nghị định sửa đổi về chứng thực",
        issuer="Chính phủ", signed_on=min(date(2026, 10, 1), effective_on), effective_on=effective_on,
        affects=[shared_tthc])


def test_one_entry_affecting_three_agencies_gives_each_a_task_due_three_months_on(
        agencies, keeper, shared_tthc, three_agencies):
    with tenant_context(agencies.so_khcn):
        entry = _decree(keeper, shared_tthc)
    opened = services.open_in_province(agencies.so_khcn.province_id, on=EFFECTIVE)
    assert opened == 3
    assert _tasks(agencies.so_tu_phap) == [("QT-CT-01", "1.000894", EFFECTIVE, DUE, None)]
    assert _tasks(agencies.so_y_te) == [("QT-YT-07", "1.000894", EFFECTIVE, DUE, None)]
    # no procedure yet for the TTHC: the task says so, with the same deadline
    assert _tasks(agencies.xa_long_duc) == [(None, "1.000894", EFFECTIVE, DUE, None)]
    assert _tasks(agencies.so_khcn) == []  # the DOST handles none of it
    with tenant_context(agencies.so_y_te):
        (task,) = UpdateTask.objects.all()
        assert task.legal_document_id == entry.pk
        assert selectors.state_of(task, today=DUE) == "due"
        assert selectors.state_of(task, today=date(2027, 3, 1)) == "overdue"
        assert selectors.overdue_count(today=date(2027, 3, 1)) == 1 and selectors.overdue_count(today=DUE) == 0


def test_an_entry_effective_in_the_future_opens_its_tasks_only_then(agencies, keeper, shared_tthc, three_agencies):
    with tenant_context(agencies.so_khcn):
        _decree(keeper, shared_tthc)
    assert services.open_in_province(agencies.so_khcn.province_id, on=date(2026, 11, 29)) == 0
    assert _tasks(agencies.so_tu_phap) == [] and _tasks(agencies.xa_long_duc) == []
    assert services.open_in_province(agencies.so_khcn.province_id, on=EFFECTIVE) == 3
    with tenant_context(agencies.so_tu_phap):
        (task,) = UpdateTask.objects.all()
        assert (task.opened_on, task.due_on) == (EFFECTIVE, DUE)


def test_opening_again_opens_nothing_new_and_follows_a_changed_rule(agencies, keeper, shared_tthc, three_agencies):
    with tenant_context(agencies.so_khcn):
        entry = _decree(keeper, shared_tthc)
    services.open_in_province(agencies.so_khcn.province_id, on=EFFECTIVE)
    assert services.open_in_province(agencies.so_khcn.province_id, on=date(2026, 12, 15)) == 0
    with tenant_context(agencies.so_khcn):
        register_services.set_update_months(actor=keeper, months=6)
        register_services.update_legal_document(entry, actor=keeper, effective_on=date(2026, 12, 1))
    assert services.open_in_province(agencies.so_khcn.province_id, on=date(2026, 12, 15)) == 0
    assert _tasks(agencies.so_y_te) == [("QT-YT-07", "1.000894", date(2026, 12, 1), date(2027, 6, 1), None)]


def test_a_procedure_issued_after_the_change_needs_no_task(agencies, keeper, shared_tthc, publish_procedure):
    with tenant_context(agencies.so_y_te):
        publish_procedure("so_y_te", "QT-YT-07", [shared_tthc.code], date(2026, 12, 10))
    with tenant_context(agencies.so_khcn):
        _decree(keeper, shared_tthc)
    with tenant_context(agencies.so_y_te):
        assert services.open_due_tasks(on=date(2026, 12, 15)) == []


def test_publishing_a_revised_edition_on_or_after_the_effective_date_closes_the_task(
        agencies, keeper, shared_tthc, three_agencies, republish, publish_procedure):
    tu_phap, y_te = three_agencies
    with tenant_context(agencies.so_khcn):
        _decree(keeper, shared_tthc)
    services.open_in_province(agencies.so_khcn.province_id, on=EFFECTIVE)
    with tenant_context(agencies.so_y_te):
        early = republish("so_y_te", y_te, date(2026, 11, 20))  # before the law took effect: still open
        assert UpdateTask.objects.get().closed_on is None
        revised = republish("so_y_te", y_te, date(2027, 1, 5))
        task = UpdateTask.objects.get()
        assert (task.closed_on, task.closed_by_id) == (date(2027, 1, 5), revised.pk) and early.pk != revised.pk
        assert selectors.state_of(task) == "closed" and selectors.overdue_count(today=date(2027, 6, 1)) == 0
    with tenant_context(agencies.xa_long_duc):  # its first procedure for the TTHC answers the task
        document = publish_procedure("xa_long_duc", "QT-XA-02", [shared_tthc.code], date(2027, 3, 2))
        task = UpdateTask.objects.get()
        assert task.closed_on == date(2027, 3, 2) and task.closed_by == document.effective_revision
    assert _tasks(agencies.so_tu_phap)[0][4] is None  # another agency's task stays open


def test_a_link_opens_the_task_of_an_entry_in_force_at_once(agencies, keeper, secretaries, publish_procedure,
                                                           other_province):
    from legal_updates.models import LegalLink

    with tenant_context(agencies.so_khcn):
        entry = register_services.create_legal_document(actor=keeper, number="19/2014/QĐ-TTg", kind="decision",
                                                        effective_on=date(2026, 11, 15))
    with tenant_context(other_province.dost):
        foreign = register_services.create_legal_document(actor=other_province.admin, number="01/2026/QĐ-UBND")
    with tenant_context(agencies.so_tu_phap):
        document = publish_procedure("so_tu_phap", "QT-CT-05", ["1.001193"], ISSUED)
        link = services.link_document(document, actor=secretaries.so_tu_phap, legal_document=entry.pk,
                                      articles="Điều 4")
        (task,) = UpdateTask.objects.all()
        assert (task.document, task.due_on) == (document, date(2027, 2, 15))
        for bad, code in ((foreign.pk, "legal_link_unknown"), (entry.pk, "legal_link_exists")):
            with pytest.raises(DomainError) as refused:
                services.link_document(document, actor=secretaries.so_tu_phap, legal_document=bad)
            assert refused.value.code == code
        assert LegalLink.objects.count() == 1
        services.unlink(link, actor=secretaries.so_tu_phap)
        assert not UpdateTask.objects.exists() and not LegalLink.objects.exists()


def test_the_task_is_told_to_the_owner_or_the_secretaries_once(agencies, keeper, shared_tthc, three_agencies,
                                                               secretaries):
    from notifications.models import Notification

    with tenant_context(agencies.so_khcn):
        _decree(keeper, shared_tthc)
    services.open_in_province(agencies.so_khcn.province_id, on=EFFECTIVE)
    services.open_in_province(agencies.so_khcn.province_id, on=EFFECTIVE)
    with tenant_context(agencies.xa_long_duc):
        (note,) = Notification.objects.filter(verb="legal_update")
        assert note.recipient == secretaries.xa_long_duc
        assert "07/2026/NĐ-CP" in note.message and "1.000894" in note.message and "28/02/2027" in note.message


def test_the_daily_task_opens_what_took_effect(agencies, keeper, shared_tthc, three_agencies):
    from legal_updates.tasks import open_due_tasks_here

    with tenant_context(agencies.so_khcn):
        _decree(keeper, shared_tthc)
    with tenant_context(agencies.so_tu_phap):
        assert open_due_tasks_here.run(on="2026-11-29") == 0
        assert open_due_tasks_here.run(on="2026-11-30") == 1
        assert open_due_tasks_here.run(on="2026-12-01") == 0


def test_the_indicator_and_the_worklist_count_overdue_tasks(agencies, keeper, shared_tthc, three_agencies,
                                                            secretaries, rf):
    from core.indicators import compute_all
    from legal_updates.worklist import collect

    with tenant_context(agencies.so_khcn):
        _decree(keeper, shared_tthc, effective_on=date(2025, 11, 3), number="05/2025/NĐ-CP")
    services.open_in_province(agencies.so_khcn.province_id)
    with tenant_context(agencies.xa_long_duc):
        assert compute_all()["legal.overdue_updates"] == 1
        request = rf.get("/")
        request.user, request.tenant = secretaries.xa_long_duc, agencies.xa_long_duc
        panel = collect(request)
        assert panel["overdue"] == 1 and panel["rows"][0].entry.number == "05/2025/NĐ-CP"
